"""Quantitative facts: every Arabic-digit quantity of a report with its unit, label and offsets.

Works on the decoded text (not tokens), inside the analysable spans of a report (preamble, headings,
paragraphs): page chrome, the title and the signature hold dates and numbers that are not facts.
A number counts as a metric only when a unit follows it; years, dates, document numbers (〔2022〕6号),
ordinals (第28期), list numbering (1.), and numbers inside quoted names (“1+1+1+2”) or titles (《…》)
are excluded by rule.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from ..model import Check, Metric, Report
from ..resources import load_toml
from ..vocabulary import GOVERNMENT, YEAR
from .qualifiers import period_of, scope_of

FW = str.maketrans("０１２３４５６７８９．，％－～", "0123456789.,%-~")
DIGIT = r"[0-9０-９]"
NUMBER = re.compile(rf"(?<![0-9０-９.．A-Za-z])({DIGIT}{{1,3}}(?:,{DIGIT}{{3}})+(?!{DIGIT})|{DIGIT}+)(?:[.．]({DIGIT}+))?")
RANGE = re.compile(rf"\s*[-－—~～至到]\s*({DIGIT}+(?:[.．]{DIGIT}+)?)")
MULT = {"万": 10_000, "亿": 100_000_000}
APPROX_AFTER = re.compile(r"余|多")
APPROX_UNIT_AFTER = re.compile(r"以上|左右|有余")
APPROX_BEFORE_ADJ = re.compile(r"(近|约|逾|超过)$")
APPROX_BEFORE_CLAUSE = re.compile(r"(至少|不少于|不低于|超过|逾)[^，,。；;：:、]{0,6}$")
UNITS = [
    "个工作日", "个百分点", "工作日", "个月", "小时", "分钟",
    "万人次", "人(次)", "人（次）", "人次", "家次", "场次", "户次", "件次", "元/件", "元/人", "元/月",
    "%", "％", "‰",
    "亿元", "万元", "元",
    "件", "次", "项", "个", "场", "人", "名", "份", "条", "卷", "起", "户", "家", "期", "册", "篇", "节", "所",
    "位", "支", "座", "块", "台", "套", "部", "张", "宗", "例", "处", "间", "辆", "本", "批", "轮", "类", "种",
    "日", "天", "周", "倍",
]
UNIT_RX = re.compile("|".join(re.escape(u) for u in sorted(set(UNITS), key=len, reverse=True)))
DURATION = {"个工作日", "工作日", "个月", "小时", "分钟", "日", "天", "周"}
# Words that stand between a counted noun and its number, dropped from labels.
LABEL_TRIM_END = re.compile(r"(平均|均|都|由|从|和|及|与|已|共|共计|累计|合计|总计|达到|达|为|至|提升至|提高到|提高至|下降|下降了|上升|增长|"
                            r"压缩了|压缩|压减为|压减|减少|增加|超过|近|约|了|的|等|是|在|有|计|分别|分别为|全年|今年|实现)+$")
LABEL_TRIM_START = re.compile(r"^(其中|全年|今年|目前|截至目前|至目前|止目前|共|累计|先后|已|并|还|同时|此外|另外|"
                              r"一是|二是|三是|四是|五是|六是|七是|八是|九是|十是)+")
ACTION_VERB = re.compile(r"(开设|设立|建立|组建|制定|出台|印发|聘任|聘请|配备|收到|受理|办理|发放|组织|召开|举办|开展|完成|"
                         r"评查|抽查|检查|清理|审核|备案|新增|取消|下放|公开|发布|培训|查处|办结)$")
NOT_A_NOUN = re.compile(r"^(的|以|和|及|与|向|对|被|在|于|左右|以上|次|人|后|内|中|来|里|间)")
# The reporting body as the subject of a sentence (新蔡县政府共受理…, 我县…): not part of what is counted.
OWN_BODY = re.compile(r"^([\u4e00-\u9fff]{1,6}?[省市县区旗镇乡](人民)?政府|[我全本][省市县区旗镇乡])")
CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?、（）()“”\"《》\s]")
QUOTED_NOUN = re.compile(r"[“\"]([^“”\"]{1,16})[”\"]")
CONTEXT = 300  # characters of a metric's sentence before it that decide its canonical indicator
SENTENCE_MAX = 1000  # a longer "sentence" (no full stops in a whole page) is cut to CONTEXT around the number
PERCENT_UNITS = {"%", "％", "‰", "个百分点"}
QUOTED_SPAN = re.compile(r"“[^“”\n]{0,40}”|《[^《》\n]{0,80}》|\"[^\"\n]{0,40}\"|〔[^〕]{0,8}〕|\[[^\]]{0,8}\]")
DATE_WORDS = re.compile(r"(19|20)\d\d年(度)?(以来)?|\d{1,2}月(份)?(以来)?|\d{1,2}日")
FROM_VALUE = re.compile(r"[由从][0-9０-９].*$")
EARLIER_NUMBER = re.compile(r"^.*[0-9０-９]+[^0-9０-９\u4e00-\u9fff]?[\u4e00-\u9fff]?(?=[\u4e00-\u9fff])")
NOT_A_COUNT_AFTER = re.compile(r"\s*(年|月|号|时|:|：|点\d|·|G|K|M|T|\+|届|级(?!别))")
LIST_NUMBER_AFTER = re.compile(r"[.．、](?![0-9０-９])")
RANK_UNIT = re.compile("名|位")
CHANGED_TO = re.compile(r"(压减|压缩|减少|降|缩短|提升|提高|增加|增长)(为|至|到)$")


def _num(s: str) -> float | int:
    s = s.translate(FW).replace(",", "")
    d = Decimal(s)
    return int(d) if d == d.to_integral_value() and "." not in s else float(d)


def _kind(unit: str) -> str:
    base = unit.lstrip("万亿")
    if unit in PERCENT_UNITS:
        return "percent"
    if base.startswith("元") or unit in ("万元", "亿元"):
        return "money"
    if unit in DURATION:
        return "duration"
    if unit == "倍":
        return "ratio"
    return "count"


def _inside(spans: list[tuple[int, int]], pos: int, starts: list[int] | None = None) -> bool:
    """Whether ``pos`` lies inside one of the sorted, non-overlapping ``spans`` (binary search)."""
    starts = starts if starts is not None else [s for s, _ in spans]
    k = bisect.bisect_left(starts, pos) - 1
    return k >= 0 and spans[k][0] < pos < spans[k][1]


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted names and titles; numbers inside them are parts of names."""
    spans = [m.span() for m in QUOTED_SPAN.finditer(text)]
    return spans


def _label_before(text: str, lo: int, pos: int) -> str:
    """The words written before the number: the clause fragment back to punctuation, trimmed."""
    i = pos
    while i > lo and not CLAUSE_BREAK.match(text[i - 1]) and pos - i < 24:
        i -= 1
    while i - 1 > lo and text[i - 1] == "、" and text[i - 2] == "率":  # 办结率、满意率均达100%
        i -= 1
        while i > lo and not CLAUSE_BREAK.match(text[i - 1]) and pos - i < 32:
            i -= 1
    frag = DATE_WORDS.sub("", text[i:pos])
    frag = FROM_VALUE.sub("", frag)  # 审批时限由3485个工作日压减为1355日: the label of 1355
    frag = EARLIER_NUMBER.sub("", frag)  # 26个…和8个
    frag = LABEL_TRIM_START.sub("", OWN_BODY.sub("", LABEL_TRIM_START.sub("", frag)))
    return LABEL_TRIM_END.sub("", frag).strip()


def _noun_after(text: str, pos: int, hi: int) -> str:
    """The counted noun written after the unit (13个“一件事”, 7个一窗综合受理窗口), or ""."""
    quoted = QUOTED_NOUN.match(text, pos, min(hi, pos + 20))
    if quoted:
        return quoted.group(1)
    j = pos
    while j < hi and not CLAUSE_BREAK.match(text[j]) and not text[j].isdigit() and j - pos < 16:
        j += 1
    noun = LABEL_TRIM_END.sub("", text[pos:j]).strip()
    return "" if not noun or NOT_A_NOUN.match(noun) else noun


def label_of(text: str, lo: int, hi: int, a: int, k: int) -> str:
    """What a number counts: the noun after the unit when there is one, with a short verb before it;
    otherwise the words before the number."""
    before = _label_before(text, lo, a)
    after = _noun_after(text, k, hi)
    if after and len(after) >= 2 and len(before) <= 4:
        return before + after if ACTION_VERB.search(before) else after
    return before


RANK = re.compile(r"(排名|排位|位列|位居|名列|列|居)[^，,。；;]{0,16}第$")


def _is_rank(text: str, a: int, b: int) -> bool:
    """第10名 after 位列/排名…: a ranking, the one ordinal that is a result."""
    return text[b:b + 1] in ("名", "位") and bool(RANK.search(text[max(0, a - 20):a]))


def _excluded(text: str, a: int, b: int, quoted: list[tuple[int, int]], starts: list[int] | None = None) -> bool:
    before = text[max(0, a - 1):a]
    after = text[b:b + 2]
    if (before == "第" and not _is_rank(text, a, b)) or _inside(quoted, a, starts):
        return True
    if NOT_A_COUNT_AFTER.match(after):
        return True
    if before in ("月", "·") and after[:1] in ("日", "号"):
        return True
    if LIST_NUMBER_AFTER.match(after):  # 1. 2、 list numbering
        return True
    return False


def extract(text: str, start: int = 0, end: int | None = None) -> list[Metric]:
    """Metrics of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    quoted = _quoted_spans(text[start:end])
    quoted = [(s + start, e + start) for s, e in quoted]
    starts = [s for s, _ in quoted]
    out: list[Metric] = []
    pos = start
    while True:
        m = NUMBER.search(text, pos, end)
        if not m:
            break
        a = m.start()
        b = m.end()
        pos = b
        raw = text[a:b]
        if _excluded(text, a, b, quoted, starts):
            continue
        value = _num(raw)
        high = None
        r = RANGE.match(text, b, end)
        if r and UNIT_RX.match(text, r.end(), end) and text[r.end():r.end() + 1] != "年":
            high = _num(r.group(1))
            b = r.end()
        k = b
        approx_marker = None
        mult = ""
        for _ in range(2):  # 20万余人, 600多万元, 2.6万件: a multiplier and an approximate marker, either order
            nxt = text[k:k + 1]
            if nxt in MULT and not mult:
                mult = nxt
                k += 1
            elif not approx_marker and (am := APPROX_AFTER.match(text, k, end)):
                approx_marker = am.group()
                k = am.end()
        u = UNIT_RX.match(text, k, end)
        if not u and text[k:k + 1] in (" ", "\u3000") and not mult:
            u = UNIT_RX.match(text, k + 1, end)  # 103 件: a space of the layout between number and unit
        rank = text[a - 1:a] == "第"
        if rank:
            u = RANK_UNIT.match(text, k, end)
        if not u and mult:
            unit_text = ""
        elif not u:
            continue
        else:
            unit_text = u.group()
            k = u.end()
        if unit_text == "元" and text[k:k + 2] in ("/件", "/人", "/月"):
            unit_text += text[k:k + 2]
            k += 2
        if (au := APPROX_UNIT_AFTER.match(text, k, end)) and not approx_marker:
            approx_marker = au.group()
            k = au.end()
        if not approx_marker:
            adjacent = APPROX_BEFORE_ADJ.search(text[max(start, a - 2):a])
            in_clause = APPROX_BEFORE_CLAUSE.search(text[max(start, a - 10):a])
            approx_marker = adjacent.group() if adjacent else in_clause.group(1) if in_clause else None
        unit = mult + unit_text
        metric = Metric(
            text=text[a:k], value=value, unit=unit, approx=approx_marker is not None,
            kind="rank" if rank else _kind(unit) if unit_text else "count", label=label_of(text, start, end, a, k),
            start=a, end=k, approx_marker=approx_marker, value_high=high,
        )
        if mult:
            metric.value_base = _scaled(value, MULT[mult])
            metric.unit_base = unit_text
        before_ctx = text[max(start, a - 6):a]
        if before_ctx.endswith(("由", "从")):
            metric.change = "before"
        elif CHANGED_TO.search(before_ctx):
            metric.change = "after"
        out.append(metric)
        pos = k
    return out


def _scaled(value, factor: int):
    v = Decimal(str(value)) * factor
    return int(v) if v == v.to_integral_value() else float(v)


@dataclass(frozen=True)
class Indicator:
    """One canonical indicator of ``data/metric_catalogue.toml``: what it counts and what fits it."""

    name: str
    counts: str  # what is counted, in words
    label: re.Pattern
    label_not: re.Pattern | None  # a label that matches this counts something else (a part, another body)
    context: re.Pattern | None
    context_not: re.Pattern | None  # a clause that matches this words something narrower (one named campaign)
    kinds: tuple[str, ...]
    units: tuple[str, ...]  # unit families (see :func:`unit_family`)
    scope: tuple[str, ...]
    period: tuple[str, ...]
    sources: tuple[str, ...] = ()  # what a quantity defined from the reports follows (the older ones: the file's header)


@cache
def catalogue() -> list[Indicator]:
    return [Indicator(ind["name"], ind["counts"], re.compile(ind["label"]),
                      re.compile(ind["label_not"]) if ind.get("label_not") else None,
                      re.compile(ind["context"]) if ind.get("context") else None,
                      re.compile(ind["context_not"]) if ind.get("context_not") else None, tuple(ind["kinds"]),
                      tuple(ind["units"]), tuple(ind.get("scope", [GOVERNMENT])), tuple(ind.get("period", [YEAR])),
                      tuple(ind.get("sources", ())))
            for ind in load_toml("metric_catalogue.toml")["indicator"]]


@lru_cache(maxsize=1 << 16)
def _label_candidates(label: str, kind: str) -> tuple[Indicator, ...]:
    """The indicators, in catalogue order, whose kinds and label pattern fit: labels repeat across reports."""
    return tuple(ind for ind in catalogue() if kind in ind.kinds and ind.label.search(label)
                 and not (ind.label_not and ind.label_not.search(label.rsplit("等", 1)[-1])))


def indicator_of(metric: Metric, before: str) -> str | None:
    """The canonical indicator a metric measures: the first whose label, context (``before``: its clause up
    to the number, and the figure), unit, scope and period all fit (``metric.period`` and ``metric.scope``
    are set first)."""
    unit = unit_family(metric.unit_base or metric.unit)
    context = before + metric.text
    for ind in _label_candidates(metric.label, metric.kind):
        if (ind.context is None or ind.context.search(context)) and unit in ind.units \
                and not (ind.context_not and ind.context_not.search(before)) \
                and metric.scope in ind.scope and metric.period in ind.period:
            return ind.name
    return None


def _decimals(x: float) -> int:
    s = repr(x)
    return len(s.split(".")[1]) if "." in s and not s.endswith(".0") else 0


def _check(rate: Metric, formula: str, computed: float) -> Check:
    tolerance = 10 ** -_decimals(rate.value)  # 93 % stated for 93.5 % computed is rounding, not an error
    return Check(rate.start, float(rate.value), round(computed, 2), formula, abs(computed - rate.value) < tolerance)


def unit_family(unit: str) -> str:
    """Units that measure the same thing: 2.6万件 and 件, 3485个工作日 and 1355日."""
    base = unit.lstrip("万亿")
    return {"个工作日": "日", "工作日": "日", "天": "日", "人(次)": "人次", "人（次）": "人次"}.get(base, base)


def consistency(sentence_metrics: list[Metric]) -> list[Check]:
    """Recompute the rates of one sentence from the counts written before them.

    Two patterns: a before/after pair and its reduction rate (由3485个工作日压减为1355日,压减率61%), and a
    part and its whole (调处矛盾5283件,成功5174件,成功率98.8%) where the rate's name shares a character
    with the part's label.
    """
    checks = []
    prior: list[Metric] = []  # the counts written so far in the sentence (only the last two are used)
    for rate in sentence_metrics:
        if rate.kind != "percent":
            prior = [*prior[-1:], rate]
            continue
        if "率" not in rate.label:
            continue
        if len(prior) < 2 or unit_family(prior[-1].unit) != unit_family(prior[-2].unit) or prior[-2].value == 0:
            continue
        whole, part = prior[-2], prior[-1]
        w = whole.value_base or whole.value
        p = part.value_base or part.value
        if whole.change == "before" and part.change == "after":
            checks.append(_check(rate, f"({w}-{p})/{w}", (w - p) / w * 100))
        elif p <= w and set(rate.label.split("率")[0]) & set(part.label):
            checks.append(_check(rate, f"{p}/{w}", p / w * 100))
    return checks


def _section_finder(report: Report):
    """:meth:`Report.section_span` by bisection over each list of sibling sections (sorted, each ending
    where the next starts): one lookup costs the depth of the tree, not the number of sections, so a file
    holding thousands of sections stays linear. Siblings out of order fall back to the report's own scan."""
    index: dict[int, tuple[list[int], list[int]] | None] = {}

    def sibling_index(secs: list) -> tuple[list[int], list[int]] | None:
        key = id(secs)
        if key not in index:
            ordered = all(s.start <= s.end for s in secs) and all(a.end <= b.start for a, b in zip(secs, secs[1:]))
            index[key] = ([s.start for s in secs], [s.end for s in secs]) if ordered else None
        return index[key]

    def span(pos: int) -> tuple[int, int, str]:
        path, secs = [], report.sections
        lo, hi = 0, len(report.text)
        while True:
            found = sibling_index(secs)
            if found is None:
                return report.section_span(pos)
            starts, ends = found
            k = bisect.bisect_right(starts, pos) - 1
            if k < 0 or pos >= secs[k].end:  # in none of them: the gap between the one before and the one after
                j = bisect.bisect_right(ends, pos) - 1
                return ends[j] if j >= 0 else lo, starts[k + 1] if k + 1 < len(secs) else hi, " › ".join(path)
            sec = secs[k]
            path.append(sec.numbering + sec.heading)
            lo, hi, secs = sec.start, sec.end, sec.children

    return span


def report_metrics(report: Report) -> list[Metric]:
    """All metrics of a report, with section path, sentence, indicator and consistency checks."""
    paragraphs = {p.start: p for p in report.paragraphs()}
    section_span = _section_finder(report)
    out = []
    for s, e in report.analysable_spans():
        para = paragraphs.get(s)
        found = extract(report.text, s, e)
        sentence_starts = [x.start for x in para.sentences] if para is not None else []
        heading = report.text[s:e] if para is None else ""  # one string for every metric of a heading
        by_sentence: dict[int, list[Metric]] = {}
        span = (0, -1, "")  # the innermost section around the last metric, and its path
        for m in found:
            if not span[0] <= m.start < span[1]:
                span = section_span(m.start)
            m.section = span[2]
            if para is not None:
                sent = para.sentences[bisect.bisect_right(sentence_starts, m.start) - 1]
                m.sentence, sentence_start, sentence_end = sent.text, sent.start, sent.end
            else:  # a heading
                m.sentence, sentence_start, sentence_end = heading, s, e
            if len(m.sentence) > SENTENCE_MAX:  # a text without full stops: the words around the number
                m.sentence = report.text[max(sentence_start, m.start - CONTEXT):min(sentence_end, m.end + CONTEXT)]
            # the sentence up to the number, at most CONTEXT characters (a text without full stops is one sentence)
            before = report.text[max(sentence_start, m.start - CONTEXT):m.start]
            m.period, m.scope = period_of(before, report.year_covered, m.kind == "percent"), scope_of(before)
            clause = max(before.rfind("；"), before.rfind(";")) + 1  # the clause the number belongs to
            m.indicator = indicator_of(m, before[clause:])
            by_sentence.setdefault(sentence_start, []).append(m)
        for group in by_sentence.values():
            for c in consistency(group):
                next(m for m in group if m.start == c.start).checks.append(c)
        out.extend(found)
    return out
