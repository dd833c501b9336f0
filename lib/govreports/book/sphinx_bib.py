"""Sphinx extension: bibliography labels in the author–year form the citations use (方学勇 2021, Monroe et al.
2008), not pybtex's "alpha" labels, which reduce Chinese and institutional authors to digits ([15], [21a]).

Registered as the pybtex formatting style ``authoryear`` (the unsrt style with these labels); _config.yml
selects it with ``bibtex_default_style``.
"""
from __future__ import annotations

from collections import Counter

from pybtex.plugin import register_plugin
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import pages
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import field, join, optional, optional_field, sentence, tag


def _author(entry) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if not people:
        return entry.key
    names = [" ".join(str(part) for part in p.rich_last_names).strip("{} ") or str(p) for p in people]
    names = [n.replace("{", "").replace("}", "") for n in names]
    latin = all(n.isascii() for n in names)
    if len(names) > 2:
        return f"{names[0]} et al." if latin else f"{names[0]}等"
    return " and ".join(names) if latin else "、".join(names)


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [f"{_author(e)} {e.fields.get('year', '')}".strip() for e in entries]
        counts, seen = Counter(labels), Counter()
        for label in labels:  # the same author and year twice: 2021a, 2021b
            if counts[label] > 1:
                seen[label] += 1
                yield f"{label}{'abcdefghij'[seen[label] - 1]}"
            else:
                yield label


class AuthorYearStyle(UnsrtStyle):
    default_label_style = AuthorYearLabels

    def get_article_template(self, e):
        """Chinese journals number their issues within a year and have no volumes: "期刊名, 2021(6): 页码"
        (GB/T 7714), where unsrt would print the issue only after a volume and so drop it."""
        if "volume" in e.fields or "number" not in e.fields:
            return super().get_article_template(e)
        issue = join[field("year"), "(", field("number"), ")", optional[":", pages]]
        return toplevel[self.format_names("author"), self.format_title(e, "title"),
                        sentence[tag("em")[field("journal")], issue], sentence[optional_field("note")],
                        self.format_web_refs(e)]


register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
