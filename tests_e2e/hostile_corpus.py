"""A generated hostile corpus: reports that parse as real 法治政府建设年度报告 and carry payloads in every field.

Users build the book on reports downloaded from websites they do not control. This module writes a small
corpus (``N_REPORTS`` plain-text reports, two saved web pages, a text set aside as another genre and a file
that cannot be read) in which the title, the issuer of the
signature line, the headings, the opening, the sentences around each figure, the problems and plans and the
file names all carry text that would do something if the book ever wrote it unescaped into a page: HTML and
script, attribute breakouts, MyST roles and directives, Jinja, ``javascript:`` links, Markdown tables, maths,
bidi controls and spreadsheet formulas.

Every executable payload leaves a mark when it runs: ``window.__p = N`` (or ``alert(N)``, or
``document.title = 'PWNED'``), each ``N`` unique in the corpus, so that a browser test names the file, the
field and the payload that ran (:func:`markers`). Every element a payload would create carries
``data-pwn=N``.

The grammars are lists of templates, one list per kind. The corpus takes them in turn (every template of a
kind is used, and with ``len(KINDS)`` reports every kind is in every field) with a little hostile noise
drawn from ``random.Random(seed)``: the same corpus on every run for a given seed. :func:`payloads` gives
the same grammars as Hypothesis strategies for property tests. The corpus itself is not drawn through
Hypothesis: besides its seed, Hypothesis 6.1xx mixes in constants it collects from whatever local modules
are loaded (``hypothesis.internal.conjecture.providers._get_local_constants``), so a corpus drawn from the
command line and the one a test drew under pytest would differ.

Usage: ``python tests_e2e/hostile_corpus.py OUTDIR [--reports N] [--seed S] [--manifest FILE]``
"""
from __future__ import annotations

import argparse
import html
import json
import os
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

N_REPORTS = int(os.environ.get("HOSTILE_REPORTS", "10"))
SEED = int(os.environ.get("HOSTILE_SEED", "2029"))
FIRST_MARKER = 100

# ---------------------------------------------------------------------------------------------------------
# Payload grammars: one-line templates ({N} is replaced by the payload's own marker number).

HTML = [
    "<script>window.__p={N}</script>",
    "<script>alert({N})</script>",
    "<img src=x onerror=window.__p={N} data-pwn={N}>",
    "<img src=x onerror=alert({N}) data-pwn={N}>",
    "<svg onload=window.__p={N} data-pwn={N}>",
    "<svg/onload=alert({N}) data-pwn={N}>",
    "\"><iframe srcdoc=\"<script>parent.__p={N}</script>\" data-pwn={N}>",
    "<input autofocus onfocus=window.__p={N} data-pwn={N}>",
    "<details open ontoggle=alert({N}) data-pwn={N}>",
    "</title></style></textarea></script><script>document.title='PWNED'</script>",
    "<b data-pwn={N}>粗体</b>",
    "<style data-pwn={N}>body{display:none}</style>",
    "<!-- 注释 {N} -->",
    "&lt;b&gt;实体{N}&lt;/b&gt;",
    "<img src=x>",
    "<i>斜</i>",
]
ATTRIBUTE = [
    "\" onmouseover=\"window.__p={N}\" data-pwn=\"{N}",
    "' onfocus='alert({N})' autofocus data-pwn='{N}",
    "\" autofocus onfocus=\"window.__p={N}\" data-pwn=\"{N}",
    "\"><img src=x onerror=window.__p={N} data-pwn={N}>",
    "'><svg onload=alert({N}) data-pwn={N}>",
    "\" style=\"background:url(javascript:alert({N}))\" data-pwn=\"{N}",
    "\" onmouseover=\"alert({N})",
    "\"><svg onload=alert({N})>",
    "'><i>x</i>",
]
MYST = [
    "{eval-rst}`.. raw:: html`",
    "{raw}`<img src=x onerror=window.__p={N} data-pwn={N}>`",
    "{ref}`genindex`",
    "{doc}`/chapters/intro`",
    "{download}`/etc/passwd`",
    "{math}`\\href{javascript:alert({N})}{x}`",
    "{sub-ref}`today`",
    "{cite}`nobody{N}`",
    "{glue:text}`missing{N}`",
    "{abbr}`PW (pwned {N})`",
    "{index}`条目{N}`",
    "[^n{N}]",
    "{{ 7*7 }}",
]
JINJA = [
    "{{7*7}}",
    "{{ 'PW' ~ 'JINJA' }}",
    "{% for i in 'ab' %}JX{% endfor %}",
    "{{ pagetitle }}",
    "{# 注释 #}",
    "{{ config.__class__ }}",
    "{% raw %}",
    "${7*7}",
    "#{7*7}",
]
JSLINK = [
    "[点此](javascript:alert({N}))",
    "[点此](JaVaScRiPt:window.__p={N})",
    "<javascript:alert({N})>",
    "![图](javascript:alert({N}))",
    "<a href=\"javascript:window.__p={N}\" data-pwn={N}>点此</a>",
    "[点此](data:text/html,<script>alert({N})</script>)",
    "[官网](https://evil.example/{N})",
    "<https://evil.example/{N}>",
    "[链接](x.html)",
]
TABLE = [
    "| 项目 | 数量 |",
    "|---|---|",
    "| a | b |",
    "||",
    "| 行政复议 | {N}件 |",
]
MATH = [
    "$$x^2$$",
    "$\\href{javascript:alert({N})}{x}$",
    "$$\\href{javascript:window.__p={N}}{点此}$$",
    "\\(x_{N}\\)",
    "$a$与$b$",
    "$\\unicode{x202E}$",
]
BIDI = [
    "\u202e反转的文字\u202c",
    "\u202a左到右\u202c",
    "\u202b右到左\u202c",
    "\u202d强制左到右\u202c",
    "\u2066隔离\u2069",
    "\u2067右隔离\u2069",
    "\u2068首强隔离\u2069",
    "\u202e",  # unbalanced: everything after it on the line would be reversed
    "\u2067",
]
FORMULA = [
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://evil.example/{N}\",\"点击\")",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "=1+{N}",
]
MARKDOWN = [
    "**粗体**",
    "`代码`",
    "\\*转义\\*",
    "~~删除~~",
    "_斜体_",
    "&#60;script&#62;",
    "&amp;",
    "<br>",
    "\\",
]
KINDS = {"html": HTML, "attribute": ATTRIBUTE, "myst": MYST, "jinja": JINJA, "jslink": JSLINK, "table": TABLE,
         "math": MATH, "bidi": BIDI, "formula": FORMULA, "markdown": MARKDOWN}

# Blocks of several lines, each between two paragraphs of a report's body (a line starting with ``` or :::
# opens a MyST directive, $$ a display equation, | a table).
BLOCKS = [
    "```{raw} html\n<script>window.__p={N}</script>\n```",
    ":::{raw} html\n<img src=x onerror=alert({N}) data-pwn={N}>\n:::",
    "```{eval-rst}\n.. raw:: html\n\n   <svg onload=window.__p={N} data-pwn={N}></svg>\n```",
    "```{include} /etc/passwd\n```",
    "$$\n\\href{javascript:alert({N})}{点此}\n$$",
    "| 项目 | 数量 |\n|---|---|\n| 行政复议 | {N}件 |",
    "<div data-pwn={N}>\n<script>window.__p={N}</script>\n</div>",
    "---\ntitle: \"{{ 7*7 }}\"\n---",
    "% 注释 {N}\n+++\n(label-{N})=",
    "[链接][r{N}]\n\n[r{N}]: javascript:alert({N})",
    "# 标题{N}\n> 引用\n- 列表\n1. 列表",
    "{% for i in 'ab' %}\nJX\n{% endfor %}",
]

# Text of a saved web page that is itself written with entities (the page shows "&lt;script&gt;", literally).
ENTITIES = "&lt;script&gt;window.__p={N}&lt;/script&gt;&amp;amp;"

# File names: no "/" and no NUL, not hidden (a leading "." is skipped by the reader).
FILE_NAMES = [
    "<img src=x onerror=alert({N}) data-pwn={N}>",
    "{{7*7}}",
    "<b data-pwn={N}>粗体<b>",
    "<svg onload=window.__p={N} data-pwn={N}>",
    "[x](javascript:alert({N}))",
    "=HYPERLINK(\"evil.example\",\"点击\")",
    "\u202etxt.exe",
    "\" onmouseover=\"window.__p={N}",
    "{eval-rst}`x`",
    "$$x$$",
    "| a | b |",
    "-2+3",
    "@SUM(1,1)",
    "=cmd|' \\C calc'!A0",
    "\u2066隔离\u2069",
]
# no prose punctuation (, ; ! ?): it would end a sentence, a problem or a plan inside the payload
NOISE = "<>{}[]()`$|*_#&'\"\\%=+-@:~^" + "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
FILE_NOISE = "<>{}[]()`$|*_#&;'\"%=+@!~^" + "\u202e\u2066\u2069"

# Fields of a report that carry one payload each (the file name has its grammar: FILE_NAMES).
FIELDS = ["title", "issuer", "opening", "heading1", "subheading", "figure_before", "figure_after", "heading2",
          "problem", "heading3", "plan"]

# Places: real county-level divisions (so that the issuer and the place are read), one per report.
PLACES = ["方城县", "新蔡县", "临朐县", "桐庐县", "宁乡市", "昌黎县", "丰县", "安吉县", "南陵县", "武功县", "宾川县",
          "德清县", "通许县", "博野县", "泾县", "蒲城县"]
FIGURES = [("办理行政复议案件", "件"), ("办结行政应诉案件", "件"), ("审核行政规范性文件", "件"), ("开展执法培训", "场"),
           ("培训执法人员", "人次"), ("清理证明事项", "项")]


# ---------------------------------------------------------------------------------------------------------
# Hypothesis strategies of the same grammars, for property tests.

def payloads(kind: str | None = None):
    """A Hypothesis strategy of payload texts of one kind (every kind by default): a template, its {N}
    replaced by a marker number, with a little hostile noise on either side."""
    from hypothesis import strategies as st

    if kind is None:
        return st.one_of(*(payloads(k) for k in KINDS))
    templates = FILE_NAMES if kind == "file" else KINDS[kind]
    noise = st.text(alphabet=FILE_NOISE if kind == "file" else NOISE, max_size=2)
    return st.builds(lambda t, n, a, b: a + t.replace("{N}", str(n)) + b,
                     st.sampled_from(templates), st.integers(FIRST_MARKER, 999), noise, noise)


# ---------------------------------------------------------------------------------------------------------
# The corpus.

@dataclass
class Payload:
    n: int  # the marker: window.__p = n, alert(n), data-pwn = n
    kind: str
    field: str
    file: str
    text: str  # as written into the field
    core: str = ""  # the template with its marker, without the noise around it


@dataclass
class HostileReport:
    name: str  # file name
    text: str  # the file's contents
    fields: dict[str, str] = field(default_factory=dict)  # field → the text that carries its payload
    payloads: list[Payload] = field(default_factory=list)
    kind: str = "report"  # or "not_report" (set aside by the genre check), "unreadable" (skipped by the reader)


# What a field may hold and still be read as that field: at most so many characters of payload, none of
# these. A title is the span 关于2023年度法治政府建设…情况的报告 (data/title_grammar.toml: at most 16
# characters between the subject and the head, no prose punctuation, no colon, no quotation marks); a
# signature line has at most 40 characters and no prose punctuation (structure._closing_block).
FIELD_RULES = {"title": (14, "。，,；;！？!?：:《》“”\""), "issuer": (30, "。，,；;！？!?"), "file name": (150, "/\0")}


def fits(field_: str, text: str) -> bool:
    longest, banned = FIELD_RULES.get(field_, (10_000, ""))
    return len(text) <= longest and "\n" not in text and not any(c in banned for c in text)


class _Drawer:
    """Payload texts in turn: for each kind, its templates one after the other (skipping those the field
    cannot hold), each with up to two characters of noise on either side drawn from ``random.Random(seed)``;
    marker numbers from FIRST_MARKER on."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.used = {kind: 0 for kind in [*KINDS, "file"]}
        self.next_n = FIRST_MARKER
        self.payloads: list[Payload] = []

    def noise(self, alphabet: str) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(self.rng.randrange(3)))

    def __call__(self, kind: str, field_: str, file: str = "", template: str | None = None) -> str:
        templates = FILE_NAMES if kind == "file" else KINDS[kind]
        want = self.used[kind]
        self.used[kind] += 1
        n = self.next_n
        self.next_n += 1
        if template is None:
            tries = [templates[(want + k) % len(templates)].replace("{N}", str(n)) for k in range(len(templates))]
            core = next((t for t in tries if fits(field_, t)), None)
            if core is None:
                raise ValueError(f"no {kind} payload fits the {field_}")
        else:
            core = template.replace("{N}", str(n))
        alphabet = FILE_NOISE if kind == "file" else NOISE
        before, after = self.noise(alphabet), self.noise(alphabet)
        if kind == "file" or template is not None:  # a file name opens with its payload (=, +, -, @: a formula)
            before = ""
        text = before + core + after
        if not fits(field_, text):
            text = core
        self.payloads.append(Payload(n, kind, field_, file, text, core))
        return text

    def block(self, index: int, file: str, template: str | None = None, field_: str = "body") -> str:
        n = self.next_n
        self.next_n += 1
        text = (template or BLOCKS[index % len(BLOCKS)]).replace("{N}", str(n))
        self.payloads.append(Payload(n, "block", field_, file, text, text))
        return text


def _file_name(i: int, stem_payload: str, suffix: str) -> str:
    while len(f"{stem_payload}_{i:02d}{suffix}".encode()) > 200:  # well inside NAME_MAX (255 bytes)
        stem_payload = stem_payload[:-1]
    return f"{stem_payload}_{i:02d}{suffix}"


def generate(n: int = N_REPORTS, seed: int = SEED) -> list[HostileReport]:
    """The corpus as a list of reports (file name, text, fields, payloads), the same for the same arguments.

    The j-th field of the first report takes the kind ``KINDS[j]``, and each field takes the next kind in the
    next report that has that field, so that with ``len(KINDS)`` reports every kind is in every field. Some
    reports differ in shape, so that a payload reaches the page title (and the print-only header that repeats
    it): report 1 has no place name at all (its issuer,
    ``<payload>县人民政府``, is its label), report 2 is a department's (a department is labelled by its
    issuer), report 3 has neither issuer nor place (labelled by its file name), and report 4 shares place and
    year with report 0 (two labels that clash get the report's id, its file name). The last two files are
    saved web pages, whose text is escaped in the page and whose markup the reader drops. Two more files are
    not reports: one is set aside (a 政府信息公开 annual report), one cannot be read (a PDF cut after its header);
    chapter 1 lists both by name.
    """
    if n < 5:
        raise ValueError("at least 5 reports: reports 1 to 4 have shapes of their own")
    draw = _Drawer(seed)
    kinds = list(KINDS)
    placed: dict[str, int] = {}  # field → the index of the kind it took last
    reports = []
    total = n + 2
    for i in range(total):
        is_html = i >= n
        place = PLACES[0] if i == 4 else PLACES[i % len(PLACES)]
        year = 2022 if i % 3 == 0 or i == 4 else 2023  # report 4: the place and year of report 0
        name = _file_name(i, draw("file", "file name"), ".html" if is_html else ".txt")
        draw.payloads[-1].file = name

        def p(j: int, field_: str, template: str | None = None, name: str = name) -> str:
            if template is not None:
                return draw("html", field_, name, template)
            k = placed[field_] = placed.get(field_, j - 1) + 1  # this field's next kind
            return draw(kinds[k % len(kinds)], field_, name)

        f: dict[str, str] = {"file name": name}
        who = "本县" if i in (1, 3) else place
        # 关于…的报告 names no place, so the signature names the issuer; X县2023年… names only a place, and the
        # signature still does
        title = (f"{place}{year}年法治政府建设{p(0, 'title')}年度报告" if i % 2 and i not in (1, 3) else
                 f"关于{year}年度法治政府建设{p(0, 'title')}情况的报告")
        if i == 1:  # the issue's own example
            issuer = f"{p(1, 'issuer', template='<img src=x onerror=alert({N})>')}县人民政府"
        elif i == 2:
            issuer = f"{p(1, 'issuer')}{place}司法局"
        elif i == 3:
            issuer = ""
        else:
            issuer = f"{p(1, 'issuer')}{place}人民政府"
        f["title"], f["issuer"] = title, issuer
        f["opening"] = (f"{year}年，{who}坚持以习近平法治思想为指导，{p(2, 'opening')}全面推进依法行政，"
                        f"法治政府建设取得新成效。现将有关情况报告如下：")
        f["heading1"] = f"一、主要举措和成效{p(3, 'heading1')}"
        f["subheading"] = f"（一）依法全面履行政府职能{p(4, 'subheading')}"
        label, unit = FIGURES[i % len(FIGURES)]
        label2, unit2 = FIGURES[(i + 1) % len(FIGURES)]
        f["figure_before"] = f"全年{p(5, 'figure_before')}{label}{12 + i}{unit}，较上年增长{5 + i}%。"
        f["figure_after"] = f"{label2}{30 + i}{unit2}{p(6, 'figure_after')}，行政机关负责人出庭应诉率达100%。"
        f["heading2"] = f"二、存在的问题{p(7, 'heading2')}"
        f["problem"] = f"一是执法力量{p(8, 'problem')}薄弱。二是制度建设不够健全。"
        f["heading3"] = f"三、下一步工作安排{p(9, 'heading3')}"
        f["plan"] = f"一是加强执法培训{p(10, 'plan')}。二是完善制度体系。"
        block = draw.block(2 * i, name)
        block2 = draw.block(2 * i + 1, name)
        date = f"{year + 1}年{1 + i % 3}月{10 + i}日"
        body = [f["heading1"], f["subheading"], f["figure_before"] + f["figure_after"], block,
                "（二）严格规范公正文明执法。全面推行行政执法三项制度，深化综合行政执法体制改革。", block2,
                f["heading2"], f["problem"], f["heading3"], f["plan"], "特此报告。"]
        if is_html:  # text that a web page shows with entities: read once, it is still the text "&lt;script&gt;"
            f["entities"] = f"（三）加强行政执法监督{p(0, 'entities', template=ENTITIES)}。"
            body.insert(6, f["entities"])
        closing = [issuer, date] if issuer else [date]
        if is_html:
            text = _html_page(title, f["opening"], body, closing, draw, name)
        else:
            text = "\n".join([title, f["opening"], *body, *closing]) + "\n"
        f["date"] = date
        reports.append(HostileReport(name, text, f, [q for q in draw.payloads if q.file == name]))
    # Two files that are not analysed but listed in chapter 1 by name (and title): a 政府信息公开 annual report,
    # set aside by the genre check, and a PDF that cannot be read (cut after its header).
    name = _file_name(total, draw("file", "file name"), ".txt")
    draw.payloads[-1].file = name
    title = f"{PLACES[total % len(PLACES)]}人民政府2023年政府信息公开工作{draw('html', 'title', name)}年度报告"
    text = "\n".join([title, "一、总体情况", "2023年，本县认真贯彻落实《中华人民共和国政府信息公开条例》，"
                      "主动公开政府信息1200条。", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                      "四、存在的主要问题及改进情况"]) + "\n"
    reports.append(HostileReport(name, text, {"file name": name, "title": title},
                                 [q for q in draw.payloads if q.file == name], "not_report"))
    name = _file_name(total + 1, draw("file", "file name"), ".pdf")
    draw.payloads[-1].file = name
    reports.append(HostileReport(name, "%PDF-1.7\n%这个PDF只有开头\n", {"file name": name},
                                 [q for q in draw.payloads if q.file == name], "unreadable"))
    return reports


def _html_page(title: str, opening: str, body: list[str], closing: list[str], draw: _Drawer, name: str) -> str:
    """A saved web page: the report's text escaped in paragraphs, hostile markup of the page itself around it
    (dropped by the reader: it never reaches the book)."""
    LINK = '<a href="javascript:alert({N})" data-pwn={N}>点此</a>'

    def markup(template: str) -> str:  # the page's own markup, not text
        return draw.block(0, name, template, "page markup")

    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for block in [opening, *body, *closing]
                           for line in block.split("\n"))
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n{markup('<script>window.__p={N}</script>')}\n</head>\n<body>\n"
            f"<div class=\"content\">\n<h1>{html.escape(title)}</h1>\n{paragraphs}\n</div>\n"
            f"{markup(BLOCKS[6])}\n{markup('<img src=x onerror=alert({N}) data-pwn={N}>')}\n"
            f"{markup(LINK)}\n</body></html>\n")


def write_corpus(folder, n: int = N_REPORTS, seed: int = SEED) -> list[HostileReport]:
    """Write the corpus into ``folder`` (created if need be; other files there are left alone) and return
    its reports."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    reports = generate(n, seed)
    for r in reports:
        (folder / r.name).write_text(r.text, encoding="utf-8")
    return reports


def markers(reports: list[HostileReport]) -> dict[int, Payload]:
    """Marker number → the payload that carries it (to name what ran)."""
    return {q.n: q for r in reports for q in r.payloads}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--reports", type=int, default=N_REPORTS, help=f"plain-text reports (default {N_REPORTS})")
    ap.add_argument("--seed", type=int, default=SEED, help=f"default {SEED}")
    ap.add_argument("--manifest", help="write every payload (marker, kind, field, file, text) as JSON here")
    a = ap.parse_args(argv)
    reports = write_corpus(a.outdir, a.reports, a.seed)
    payloads = [asdict(q) for r in reports for q in r.payloads]
    if a.manifest:
        Path(a.manifest).write_text(json.dumps(payloads, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(reports)} hostile files ({sum(r.kind == 'report' for r in reports)} reports), {len(payloads)} payloads "
          f"written to {a.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
