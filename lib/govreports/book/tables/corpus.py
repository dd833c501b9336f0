"""The corpus's reader tables: each report's metadata and title, the mandated parts and completeness."""
from __future__ import annotations

import pandas as pd

from ...corpus import Corpus, report_labels
from ..labels import COMPLETENESS_EVIDENCE_LABELS, COMPLETENESS_LABELS, FIELD_LABELS, PART_STATUS_LABELS


def overview(corpus: Corpus, max_rows: int | None = None) -> pd.DataFrame:
    """Metadata of each report for readers: Chinese headers, inferred province/prefecture marked *."""
    t = corpus.table.head(max_rows) if max_rows else corpus.table
    mark = lambda v, inferred: None if v is None else f"{v}*" if inferred else v  # noqa: E731
    out = pd.DataFrame({
        "报告": report_labels(t),
        FIELD_LABELS["level"]: t["level"],
        FIELD_LABELS["province"]: [mark(v, i) for v, i in zip(t["province"], t["province_inferred"])],
        FIELD_LABELS["prefecture"]: [mark(v, i) for v, i in zip(t["prefecture"], t["prefecture_inferred"])],
        FIELD_LABELS["published"]: t["published"],
        "字数": t["chars"],
        "文件": t["report_id"],
    })
    return out.set_index("报告").astype(object).fillna("—")


def titles(corpus: Corpus, max_rows: int | None = None) -> pd.DataFrame:
    """Title and issuer of each report (marked * where the text does not state them)."""
    t = corpus.table.head(max_rows) if max_rows else corpus.table
    out = pd.DataFrame({
        "报告": report_labels(t),
        FIELD_LABELS["title"]: [f"{v}*" if v and i else v for v, i in zip(t["title"], t["title_inferred"])],
        FIELD_LABELS["issuer"]: [f"{v}*" if v and i else v for v, i in zip(t["issuer"], t["issuer_inferred"])],
    })
    return out.set_index("报告").astype(object).fillna("—")


def compliance_summary(corpus: Corpus) -> pd.DataFrame:
    """Mandated part × status: number of reports."""
    c = corpus.compliance
    out = pd.crosstab(c["part"].astype(str) + ". " + c["name"], c["status"])
    return out.reindex(columns=list(PART_STATUS_LABELS), fill_value=0).rename(columns=PART_STATUS_LABELS).rename_axis(
        index="规定的部分", columns=None)


def completeness_summary(corpus: Corpus) -> pd.DataFrame:
    """The reader's table of completeness: status and evidence × number of reports."""
    t = corpus.table
    out = t.groupby(["completeness", "completeness_evidence"]).size().rename("报告数").reset_index()
    out["order"] = out["completeness"].map({s: k for k, s in enumerate(COMPLETENESS_LABELS)})
    out = out.sort_values(["order", "报告数"], ascending=[True, False])
    return pd.DataFrame({"文件": out["completeness"].map(COMPLETENESS_LABELS),
                         "依据": out["completeness_evidence"].map(COMPLETENESS_EVIDENCE_LABELS),
                         "报告数": out["报告数"]}).set_index(["文件", "依据"])
