"""Generated page furniture around the real reports: the parser must read the page as it reads the report alone.

Each real report in tests/real/reports/ (the ones the clean parse takes for a report) is wrapped in web-page chrome
built from a small grammar: dates in several formats (with weekday, lunar date, weather), breadcrumbs, share bars,
buttons in 【】 or [], font-size widgets, accessibility and login bars, welcome and mirror/spam banners, bullet lists
of field names, labelled fields, table rows and English UI words. The chrome goes before the first line, glued on the
title's own line (before or after the title, with or without a separator), on lines right after the title line and at
the very end. The report's own characters are kept byte for byte; nothing is taken from govreports/data/chrome.toml.

The chrome holds no real place or organ name and none of 法治政府 / 报告 / 年度 (breadcrumbs excepted: a section
named 法治政府建设 or 工作报告 is still a breadcrumb), and no date next to a publication label (发布日期 …), so no
reader would take it for the title, the issuer, the place or the year. The wrapped page must give the same
is_report, title, issuer, level, province and year_covered as the file alone.

One grammar, two drivers: ``build_page`` draws through a ``pick`` object, which is Hypothesis's ``draw`` in the
property test (so failures shrink to the simplest furniture) and ``random.Random`` in the diagnostic:

    python tests/test_generated_chrome.py [-n 300] [--seed 0] [--examples 8]

prints, per field, how many generated pages are read differently, which single piece of chrome is enough to change
the reading (by shape: placement × kind × separator), and examples.
"""
from __future__ import annotations

import argparse
import datetime
import functools
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
if __name__ == "__main__":  # run as a script from a checkout without the package installed
    sys.path.insert(0, str(HERE.parent / "lib"))

import govreports as gr  # noqa: E402

REPORTS = HERE / "real" / "reports"
FIELDS = ("is_report", "title", "issuer", "level", "province", "year_covered")
EXAMPLES = 300

# ---------------------------------------------------------------------------------------------------------------
# Two drivers for one grammar


class RandomPick:
    """Draws from random.Random (the diagnostic)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def choice(self, seq):
        return self.rng.choice(list(seq))

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def boolean(self) -> bool:
        return self.rng.random() < 0.5

    def subset(self, seq, lo: int, hi: int) -> list:
        seq = list(seq)
        return self.rng.sample(seq, self.rng.randint(lo, min(hi, len(seq))))


class DrawPick:
    """Draws through Hypothesis (the property test): every choice is a strategy, so failures shrink; vocabularies
    list their plainest item first, and counts shrink towards the fewest pieces."""

    def __init__(self, draw):
        self.draw = draw

    def choice(self, seq):
        return self.draw(st.sampled_from(list(seq)))

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))

    def boolean(self) -> bool:
        return self.draw(st.booleans())

    def subset(self, seq, lo: int, hi: int) -> list:
        seq = list(seq)
        return self.draw(st.lists(st.sampled_from(seq), min_size=lo, max_size=min(hi, len(seq)), unique=True))


# ---------------------------------------------------------------------------------------------------------------
# Vocabularies (plainest first) and the parts of the grammar

JOINS = [" ", "  ", "", "\u3000", " | ", "|", "\u3000\u3000", " · ", "\t"]  # between items of one widget
GLUES = [" ", "", "\u3000", "|", " | ", "•", " • ", "·", "\t", " - ", "  ", "／"]  # chrome glued to the title line
LINE_BREAKS = ["\n", "\n\n"]

WEEKDAYS_CN = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
WEEKDAYS_SHORT = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
LUNAR_MONTHS = ["正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊"]
LUNAR_DAYS = (["初" + c for c in "一二三四五六七八九十"] + ["十" + c for c in "一二三四五六七八九"] + ["二十"]
              + ["廿" + c for c in "一二三四五六七八九"] + ["三十"])
GANZHI = ["甲辰", "癸卯", "壬寅", "辛丑", "庚子", "己亥", "戊戌", "乙巳"]
WEATHER = ["晴", "多云", "阴", "小雨", "晴转多云", "多云转阴", "雷阵雨", "小雪", "雾"]
WIND = ["东风", "南风", "西北风", "东南风", "微风"]

HOMES = ["首页", "网站首页", "主页", "Home", "返回首页"]
SECTIONS = ["政务公开", "信息公开", "部门文件", "通知公告", "政府信息公开", "政策文件", "专题专栏", "综合政务", "公示公告",
            "其他文件", "主动公开", "规划计划", "政务动态", "公开目录", "法定主动公开内容"]
TOPICAL_SECTIONS = ["法治政府建设", "工作报告"]  # allowed in breadcrumbs only
CRUMB_LEADS = ["", "当前位置：", "当前位置:", "您所在的位置：", "您现在的位置：", "位置：", "您的位置：", "You are here: "]
CRUMB_SEPS = [">", " > ", ">>", " >> ", "»", " » ", "＞", " ＞ ", "/", " / ", "→", " → ", "›", " › ", "-", " - "]
CRUMB_TAILS = ["", "正文", "详情", "详细信息", "内容"]

SHARE_LABELS = ["分享到：", "分享：", "分享到:", "分享", "转发到：", "Share:", "分享至"]
SHARE_TO = ["微信", "微博", "QQ空间", "QQ好友", "新浪微博", "腾讯微博", "朋友圈", "豆瓣", "复制链接", "抖音"]

BUTTONS = ["打印", "关闭", "收藏", "打印本页", "关闭窗口", "加入收藏", "返回顶部", "返回", "我要纠错", "纠错", "扫一扫",
           "下载", "保存", "打印正文", "Print", "Close", "Top"]
BRACKETS = ["【{}】", "[{}]", "{}", "【 {} 】", "[ {} ]", "〖{}〗", "『{}』", "<{}>", "（{}）"]
QR = ["扫一扫在手机打开当前页", "扫一扫在手机上查看当前页面", "手机扫码阅读", "用手机扫描二维码", "微信扫一扫"]

FONT_LABELS = ["字号：", "字号:", "字体：", "字体大小：", "文字大小：", "字号", "Font size:", "【字体："]
FONT_OPTIONS = ["大 中 小", "【大】【中】【小】", "大|中|小", "A+ A A-", "A+ A-", "默认 大 超大", "T T T",
                "放大 缩小 还原", "[大] [中] [小]", "16 18 20"]

ACCESS = ["无障碍", "长者模式", "关怀版", "简体", "繁體", "繁体", "读屏专用", "无障碍浏览", "适老化", "大字版", "手机版",
          "English", "移动版", "智能问答", "个人中心"]
LOGIN = ["登录", "注册", "搜索", "退出", "高级搜索", "站内搜索", "请输入关键字", "请输入搜索内容", "Login", "Search", "Sign in"]

# 本市, 我县 … are how a report speaks of itself, so they are not page furniture
PLACEHOLDERS = ["某某市", "XX县", "某某县", "××区", "XX市", "某某区"]
SITES = ["本站", "本网站", "本网", "{place}门户网站", "{place}政务服务网", "{place}政务网"]
WELCOME = ["欢迎访问{site}！", "欢迎您访问{site}。", "您好，欢迎来到{site}！", "欢迎光临{site}", "设为首页 | 加入收藏",
           "全网资源每日更新，免费下载。", "本站内容来源于网络，如有侵权请联系删除。", "资料收集整理，仅供学习参考。"]
SPAM_NAMES = ["文档之家", "公文汇", "范文大全", "写作吧", "资料库", "笔杆网", "文库", "材料网"]
SPAM_TAGS = ["全网资源每日更新", "每日更新，免费下载", "海量范文免费下载", "最新资料每日更新", "专业写作平台"]
TLDS = ["com", "cn", "net", "com.cn", "org"]

FIELD_NAMES = ["体裁分类", "服务对象", "主题分类", "文号", "索引号", "关键词", "公开方式", "公开范围", "有效性", "组配分类"]
BULLETS = ["•", "· ", "●", "◆", "■", "▪", "- ", "* ", "○", "☆"]
FIELD_VALUES = {"浏览次数": "{n}", "访问次数": "{n}", "点击数": "{n}", "阅读": "{n}", "阅读量": "{n}次", "来源": "本站",
                "信息来源": "本网", "索引号": "{index}", "主题分类": "综合政务", "体裁分类": "其他", "服务对象": "公众",
                "公开方式": "主动公开", "公开范围": "面向社会", "文号": "", "关键词": "", "作者": "", "编辑": "admin",
                "责任编辑": "网站编辑", "有效性": "有效", "标题": "", "发布机构": ""}
COLONS = ["：", ":", "： ", ": "]
ENGLISH = ["Home", "Share", "Print", "Close", "Login", "English", "Font size", "Top", "Back to top", "Search",
           "Sitemap", "Contact us", "Favorites"]


def _date(p) -> datetime.date:
    return datetime.date(p.integer(2014, 2026), p.integer(1, 12), p.integer(1, 28))


def _clock(p, seconds: bool | None = None) -> str:
    h, m, s = p.integer(0, 23), p.integer(0, 59), p.integer(0, 59)
    if seconds is None:
        seconds = p.boolean()
    return f"{h:02d}:{m:02d}" + (f":{s:02d}" if seconds else "")


def date_text(p) -> str:
    d = _date(p)
    shape = p.choice(["iso", "slash", "cn", "dotted", "iso-time", "slash-time", "cn-week", "ymd-dots", "english"])
    if shape == "iso":
        return d.isoformat()
    if shape == "iso-time":
        return f"{d.isoformat()} {_clock(p)}"
    if shape == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if shape == "slash-time":
        return f"{d.year}/{d.month:02d}/{d.day:02d} {_clock(p, True)}"
    if shape == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if shape == "cn-week":
        week = p.choice([WEEKDAYS_CN, WEEKDAYS_SHORT])[d.weekday()]
        return f"{d.year}年{d.month}月{d.day}日{p.choice([' ', '', '  '])}{week}"
    if shape == "dotted":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if shape == "ymd-dots":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    return f"{WEEKDAYS_EN[d.weekday()]}, {MONTHS_EN[d.month - 1]} {d.day}, {d.year}"


def lunar(p) -> str:
    year = p.choice(["", *[g + "年" for g in GANZHI]])
    return f"农历{year}{p.choice(LUNAR_MONTHS)}月{p.choice(LUNAR_DAYS)}"


def weather(p) -> str:
    lo = p.integer(-15, 25)
    hi = lo + p.integer(1, 12)
    temp = p.choice(["{lo}℃~{hi}℃", "{lo}~{hi}℃", "{lo}-{hi}°C", "{lo}℃/{hi}℃"]).format(lo=lo, hi=hi)
    wind = p.choice(["", f" {p.choice(WIND)}{p.integer(1, 5)}级"])
    return f"{p.choice(WEATHER)} {temp}{wind}"


def today_line(p) -> str:
    d = _date(p)
    text = (p.choice(["今天是：", "今天是:", "", "今天是", "今日：", "当前日期："])
            + f"{d.year}年{d.month}月{d.day}日 {WEEKDAYS_CN[d.weekday()]}")
    if p.boolean():
        text += " " + lunar(p)
    if p.boolean():
        text += p.choice(["  ", " ", "\u3000"]) + weather(p)
    return text


def breadcrumb(p) -> str:
    sections = p.subset(SECTIONS + TOPICAL_SECTIONS, 1, 4)
    if p.boolean():
        sections = [p.choice(HOMES), *sections]
    tail = p.choice(CRUMB_TAILS)
    if tail:
        sections.append(tail)
    sep = p.choice(CRUMB_SEPS)
    return p.choice(CRUMB_LEADS) + sep.join(sections)


def share_bar(p) -> str:
    return p.choice(SHARE_LABELS) + p.choice(["", " "]) + p.choice(JOINS).join(p.subset(SHARE_TO, 1, 5))


def buttons(p) -> str:
    wrap = p.choice(BRACKETS)
    return p.choice(JOINS).join(wrap.format(b) for b in p.subset(BUTTONS, 1, 4))


def qr_line(p) -> str:
    return p.choice(QR)


def font_size(p) -> str:
    label = p.choice(FONT_LABELS)
    text = label + p.choice(["", " "]) + p.choice(FONT_OPTIONS)
    return text + ("】" if label.startswith("【") else "")


def accessibility(p) -> str:
    items = p.subset(ACCESS, 1, 4)
    if p.boolean():
        items.append(p.choice(["简体 | 繁體", "简体|繁体", "简 | 繁", "简体版 繁體版"]))
    return p.choice(JOINS).join(items)


def login_bar(p) -> str:
    return p.choice(JOINS).join(p.subset(LOGIN, 1, 4))


def banner(p) -> str:
    site = p.choice(SITES).format(place=p.choice(PLACEHOLDERS))
    return p.choice(WELCOME).format(site=site)


def spam_banner(p) -> str:
    letters = "".join(p.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(p.integer(4, 8)))
    host = p.choice(["www.", ""]) + letters + "." + p.choice(TLDS)
    name, tag = p.choice(SPAM_NAMES), p.choice(SPAM_TAGS)
    return p.choice(["{n}—{t}{h}", "{n}—{t} {h}", "{n}（{h}）{t}", "{t}：{h}", "{n} {h}", "{n}-{t}-{h}"]).format(
        n=name, t=tag, h=host)


def bullets_inline(p) -> str:
    bullet = p.choice(BULLETS)
    return p.choice([" ", "", "  "]).join(bullet + f for f in p.subset(FIELD_NAMES, 2, 5))


def bullets_block(p) -> str:
    bullet, indent = p.choice(BULLETS), p.choice(["", "  ", "    "])
    return "\n".join(indent + bullet + f for f in p.subset(FIELD_NAMES, 2, 6))


def _field(p, name: str) -> str:
    index = f"{p.integer(10000000, 999999999)}/{p.integer(2014, 2026)}-{p.integer(1, 99999):05d}"
    value = FIELD_VALUES[name].format(n=p.integer(0, 99999), index=index)
    return name + p.choice(COLONS) + value


def fields(p) -> str:
    names = p.subset([n for n in FIELD_VALUES if n not in ("标题", "发布机构")], 1, 4)
    return p.choice(["  ", " ", "\u3000", " | ", "\t"]).join(_field(p, n) for n in names)


def table_row(p) -> str:
    cells = [_field(p, n) if n else "" for n in p.subset([*FIELD_VALUES, ""], 2, 4)]
    return "| " + " | ".join(cells) + " |"


def english(p) -> str:
    return p.choice([" | ", " ", "  ", "|", " / "]).join(p.subset(ENGLISH, 1, 4))


def page_counter(p) -> str:
    n = p.integer(1, 9)
    return p.choice([f"第1页 共{n}页", f"共{n}页", f"1/{n}", "上一页 1 下一页", f"【第1页】【共{n}页】"])


KINDS = {  # kind name → one line of chrome (plainest first)
    "date": date_text, "today": today_line, "breadcrumb": breadcrumb, "share": share_bar, "buttons": buttons,
    "qr": qr_line, "font-size": font_size, "accessibility": accessibility, "login": login_bar, "banner": banner,
    "spam": spam_banner, "bullets": bullets_inline, "fields": fields, "table-row": table_row, "english": english,
    "pager": page_counter,
}
BLOCK_KINDS = {"bullet-list": bullets_block}  # several lines: only on lines of their own


def chrome(p, inline: bool) -> tuple[str, str]:
    """(kind, text) of one piece of chrome: one widget, or two or three widgets on one line (a toolbar)."""
    kinds = list(KINDS) + ([] if inline else list(BLOCK_KINDS))
    if p.integer(0, 3) == 3:  # toolbar: widgets side by side
        parts = [p.choice(list(KINDS)) for _ in range(p.integer(2, 3))]
        return "+".join(parts), p.choice(["  ", " ", "", "\u3000", " | "]).join(KINDS[k](p) for k in parts)
    kind = p.choice(kinds)
    return kind, (KINDS.get(kind) or BLOCK_KINDS[kind])(p)


# ---------------------------------------------------------------------------------------------------------------
# Sources: the real reports, their clean reading and their title line


@dataclass(frozen=True)
class Source:
    name: str
    text: str
    reading: dict
    title_line: int | None  # index of the first line that holds the clean title, if it is printed on one line


def reading(report) -> dict:
    return {f: getattr(report, f) for f in FIELDS}


def _key(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"\s+", "", s)


@functools.cache
def _t2s():
    try:
        import opencc
        return opencc.OpenCC("t2s").convert
    except Exception:  # noqa: BLE001 - only widens the search for the title line
        return lambda s: s


def title_line(text: str, title: str | None, within: int = 25) -> int | None:
    if not title or not _key(title):
        return None
    want = _key(title)
    for i, line in enumerate(text.split("\n")[:within]):
        # a title on a line of its own (chrome around it allowed), not a title quoted inside a paragraph
        if (want in _key(line) or want in _key(_t2s()(line))) and "。" not in line and "如下" not in line:
            return i
    return None


@functools.cache
def sources() -> tuple[Source, ...]:
    out = []
    for path in sorted(REPORTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        clean = reading(gr.parse_text(text, file=path.name))
        if clean["is_report"]:
            out.append(Source(path.name, text, clean, title_line(text, clean["title"])))
    return tuple(out)


@functools.cache
def source(name: str) -> Source:
    return next(s for s in sources() if s.name == name)


# ---------------------------------------------------------------------------------------------------------------
# Pages


PLACEMENTS = ["before/t@1", "before/t>1", "before/no t", "prefix/no sep", "prefix/space", "prefix/punct",
              "suffix/no sep", "suffix/space", "suffix/punct", "after", "end"]


@dataclass(frozen=True)
class Piece:
    where: str  # before | prefix | suffix | after | end
    kind: str
    sep: str  # glue (prefix, suffix) or line break(s)
    text: str

    def placement(self) -> str:
        if self.where in ("prefix", "suffix"):
            glue = "no sep" if self.sep == "" else "space" if not self.sep.strip() else "punct"
            return f"{self.where}/{glue}"
        return self.where

    def widget(self) -> str:
        return "toolbar" if "+" in self.kind else self.kind

    def shape(self) -> str:
        kind = self.kind
        if kind == "breadcrumb" and any(t in self.text for t in TOPICAL_SECTIONS):
            kind += "(topical section)"
        if self.where in ("prefix", "suffix"):
            glue = ("no separator" if self.sep == "" else "space" if not self.sep.strip()
                    else f"separator {self.sep.strip()!r}")
            return f"{self.where} glued to title line, {glue}: {kind}"
        return {"before": "line(s) before the first line", "after": "line(s) right after the title line",
                "end": "line(s) at the very end"}[self.where] + f": {kind}"

    def __str__(self):
        return f"{self.where}[{self.kind}] sep={self.sep!r} {self.text!r}"


@dataclass(frozen=True)
class Page:
    file: str
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return assemble(source(self.file), self.pieces)

    def describe(self) -> str:
        return "; ".join(map(str, self.pieces))


def assemble(src: Source, pieces) -> str:
    lines = src.text.split("\n")
    if src.title_line is not None:
        t = src.title_line
        pre = "".join(pc.text + pc.sep for pc in pieces if pc.where == "prefix")
        post = "".join(pc.sep + pc.text for pc in pieces if pc.where in ("suffix", "after"))
        lines[t] = pre + lines[t] + post
    body = "\n".join(lines)
    head = "".join(pc.text + pc.sep for pc in pieces if pc.where == "before")
    tail = "".join(pc.sep + pc.text for pc in pieces if pc.where == "end")
    return head + body + tail


def build_page(p) -> Page:
    src = p.choice(sources())
    pieces: list[Piece] = []

    def line(where):
        kind, text = chrome(p, inline=False)
        pieces.append(Piece(where, kind, p.choice(LINE_BREAKS), text))

    for _ in range(p.integer(0, 6)):
        line("before")
    if src.title_line is not None:
        for where in ("prefix", "suffix"):
            for _ in range(p.integer(0, 2)):
                kind, text = chrome(p, inline=True)
                pieces.append(Piece(where, kind, p.choice(GLUES), text))
        for _ in range(p.integer(0, 3)):
            line("after")
    for _ in range(p.integer(0, 2)):
        line("end")
    if not pieces:
        line("before")
    return Page(src.name, tuple(pieces))


@st.composite
def pages(draw) -> Page:
    return build_page(DrawPick(draw))


def keeps_report(original: str, page: str) -> bool:
    """Every line of the report is inside the page, in order, unchanged."""
    pos = 0
    for ln in original.split("\n"):
        at = page.find(ln, pos)
        if at < 0:
            return False
        pos = at + len(ln)
    return True


FORBIDDEN = re.compile(r"法治政府|报告|年度|人民政府|政府|委员会|党委|局|厅|司法|发布日期|发布时间|成文日期|更新时间|生成日期")


def pure_chrome(piece: Piece) -> bool:
    text = piece.text
    if "breadcrumb" in piece.kind:  # section names are chrome in a breadcrumb (政府信息公开, 法治政府建设)
        for t in sorted(SECTIONS + TOPICAL_SECTIONS, key=len, reverse=True):
            text = text.replace(t, "")
    return not FORBIDDEN.search(text)


def differences(page: Page) -> dict:
    src = source(page.file)
    got = reading(gr.parse_text(page.text, file=page.file))
    return {f: (src.reading[f], got[f]) for f in FIELDS if got[f] != src.reading[f]}


# ---------------------------------------------------------------------------------------------------------------
# Tests


def test_there_are_reports_to_wrap():
    assert len(sources()) >= 50
    assert sum(s.title_line is not None for s in sources()) >= 20


def test_furniture_is_pure_chrome():
    rng = random.Random(1)
    for _ in range(300):
        page = build_page(RandomPick(rng))
        for pc in page.pieces:
            assert pure_chrome(pc), pc
        assert keeps_report(source(page.file).text, page.text)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, print_blob=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(pages())
def test_generated_chrome_does_not_change_the_reading(page):
    text = page.text
    note(f"file: {page.file}")
    note(f"chrome: {page.describe()}")
    note(f"page (first 400 chars):\n{text[:400]}")
    assert keeps_report(source(page.file).text, text)
    diffs = differences(page)
    assert not diffs, "field: (clean, wrapped) " + repr(diffs)


# ---------------------------------------------------------------------------------------------------------------
# Diagnostic


def placement(file: str, pc: Piece) -> str:
    """Where a piece goes; chrome before the first line is told apart by where the report's title is: on its first
    line (t@1), on a later line (t>1), or on no line of its own (no t: the title is inferred or split)."""
    if pc.where != "before":
        return pc.placement()
    at = source(file).title_line
    return "before/" + ("no t" if at is None else "t@1" if at == 0 else "t>1")


def diagnose(n: int = 300, seed: int = 0, examples: int = 8) -> int:
    rng = random.Random(seed)
    generated = [build_page(RandomPick(rng)) for _ in range(n)]
    failing = {}
    by_field = Counter()
    for page in generated:
        diffs = differences(page)
        if diffs:
            failing[id(page)] = diffs
            by_field.update(diffs.keys())
    print(f"{n} generated pages (seed {seed}) over {len(sources())} reports "
          f"({sum(s.title_line is not None for s in sources())} with the title on a line of its own)")
    print(f"pages read differently: {len(failing)}")
    for f in FIELDS:
        print(f"  {f:13s} {by_field[f]}")

    # every piece of every page alone: which placements and widgets are enough to change the reading
    tried, broke = Counter(), Counter()
    broke_fields = defaultdict(Counter)
    samples = defaultdict(list)
    for page in generated:
        for pc in page.pieces:
            alone = Page(page.file, (pc,))
            diffs = differences(alone)
            cell = (pc.widget(), placement(page.file, pc))
            tried[cell] += 1
            if diffs:
                broke[cell] += 1
                broke_fields[cell[1]].update(diffs.keys())
                samples[cell[1]].append((alone, diffs))
    combos = sum(1 for page in generated if id(page) in failing
                 and not any(differences(Page(page.file, (pc,))) for pc in page.pieces))
    places = [w for w in PLACEMENTS if any(c[1] == w for c in tried)]
    widgets = sorted({c[0] for c in tried}, key=lambda k: (-sum(broke[(k, w)] for w in places), k))
    print(f"\none piece of chrome alone (failed/tried); {combos} failing pages fail only with several pieces")
    for w in places:
        t = sum(v for c, v in tried.items() if c[1] == w)
        b = sum(v for c, v in broke.items() if c[1] == w)
        fields_ = ", ".join(f"{f} {c}" for f, c in broke_fields[w].most_common())
        print(f"  {w:14s} {b:4d}/{t:<4d} [{fields_}]")
    print("  (before/t@1: the title is the report's first line; t>1: a later line; no t: not on a line of its own)")
    print("\nby widget and placement (failed/tried):")
    print("  " + " " * 14 + "".join(f"{w:>14s}" for w in places))
    for k in widgets:
        row = "".join(f"{(f'{broke[(k, w)]}/{tried[(k, w)]}' if tried[(k, w)] else '-'):>14s}" for w in places)
        print(f"  {k:14s}{row}")

    print("\nexamples (one piece of chrome alone, one per placement and widget):")
    shown, seen = 0, set()
    rounds = max((len(v) for v in samples.values()), default=0)
    for i in range(rounds):
        for w in places:
            if shown >= examples or i >= len(samples[w]):
                continue
            alone, diffs = samples[w][i]
            if (w, alone.pieces[0].widget()) in seen:
                continue
            seen.add((w, alone.pieces[0].widget()))
            pc = alone.pieces[0]
            print(f"- {alone.file}: {pc.shape()}\n    chrome {pc.text!r} sep {pc.sep!r}")
            for f, (clean, wrapped) in diffs.items():
                print(f"    {f}: {clean!r} -> {wrapped!r}")
            shown += 1
    return len(failing)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--examples", type=int, default=8)
    args = ap.parse_args()
    diagnose(args.n, args.seed, args.examples)
