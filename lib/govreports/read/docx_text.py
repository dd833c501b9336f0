"""Stage 1 for Word files (.docx): paragraphs and tables in document order, with Word's automatic numbering.

The headings of a 公文 written in Word often hold no number in their text: 一、 and （一） are list numbering
that Word draws from ``numbering.xml``. python-docx (MIT) reads the paragraphs but drops that numbering
(python-docx#92), so the visible prefixes are rebuilt here: the paragraph's numbering (its own, or its
style's), the level's format (chineseCounting 一 二 十一, decimal, ideographTraditional 甲 乙 …) and its text
pattern (``%1、``, ``（%2）``), counted the way Word counts (lists drawn from one abstract numbering share
their counters; a start override restarts them; a level restarts after any level above it).
Each table row becomes one line, its cells separated by a tab. Headers and footers are not read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO

from .decode import DecodeError, Extracted
from .formats import check_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CN = "零一二三四五六七八九"
TIANGAN = "甲乙丙丁戊己庚辛壬癸"
DIZHI = "子丑寅卯辰巳午未申酉戌亥"
ENDS_CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u303f\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]$")  # radicals too


def chinese_number(n: int) -> str:
    """一 … 十 十一 … 二十 … 九十九 一百 一百零一 (Word's chineseCounting)."""
    if n <= 0:
        return CN[0]
    if n < 10:
        return CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        tail = "" if not rest else ("零" + CN[rest] if rest < 10 else ("一" if rest < 20 else "") + chinese_number(rest))
        return CN[hundreds] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    """a … z, aa … zz (Word repeats the letter)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def format_number(n: int, fmt: str) -> str:
    """One level's number in a Word number format (ST_NumberFormat)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital"):
        return chinese_number(n)
    if fmt == "ideographTraditional":
        return TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return DIZHI[(n - 1) % 12]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        s = _letters(n)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.upper() if fmt == "upperRoman" else s
    if fmt == "none":
        return ""
    return str(n)  # decimal, and formats not drawn here


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False  # isLgl: numbers of the levels above drawn as decimals


def _val(el, tag: str, default=None):
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val", default) if child is not None else default


def _level(el) -> Level:
    lvl = Level()
    lvl.start = int(_val(el, "start", "1") or 1)
    lvl.fmt = _val(el, "numFmt", "decimal") or "decimal"
    lvl.text = _val(el, "lvlText", "") or ""
    lvl.suffix = _val(el, "suff", "tab") or "tab"
    lvl.legal = el.find(W + "isLgl") is not None
    return lvl


@dataclass
class Numbering:
    """The lists of one document and their counters as the paragraphs are read in order."""

    abstract_of: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId → ilvl → Level
    overrides: dict[str, dict[int, Level | int]] = field(default_factory=dict)  # numId → ilvl → Level or start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId → ilvl → last number
    started: set[str] = field(default_factory=set)  # numIds whose start overrides have been applied

    @classmethod
    def from_xml(cls, root) -> Numbering:
        out = cls()
        if root is None:
            return out
        for ab in root.iter(W + "abstractNum"):
            aid = ab.get(W + "abstractNumId")
            out.levels[aid] = {int(lv.get(W + "ilvl", "0")): _level(lv) for lv in ab.findall(W + "lvl")}
        for num in root.iter(W + "num"):
            nid, aid = num.get(W + "numId"), _val(num, "abstractNumId")
            out.abstract_of[nid] = aid
            for ov in num.findall(W + "lvlOverride"):
                ilvl = int(ov.get(W + "ilvl", "0"))
                if (lv := ov.find(W + "lvl")) is not None:
                    out.overrides.setdefault(nid, {})[ilvl] = _level(lv)
                elif (start := _val(ov, "startOverride")) is not None:
                    out.overrides.setdefault(nid, {})[ilvl] = int(start)
        return out

    def _levels(self, nid: str) -> dict[int, Level]:
        levels = dict(self.levels.get(self.abstract_of.get(nid, ""), {}))
        for ilvl, ov in self.overrides.get(nid, {}).items():
            if isinstance(ov, Level):
                levels[ilvl] = ov
            elif ilvl in levels:
                levels[ilvl] = Level(ov, levels[ilvl].fmt, levels[ilvl].text, levels[ilvl].suffix, levels[ilvl].legal)
        return levels

    def prefix(self, nid: str, ilvl: int) -> str:
        """The visible number of the next paragraph of list ``nid`` at level ``ilvl`` ("" for none)."""
        aid = self.abstract_of.get(nid)
        levels = self._levels(nid)
        if aid is None or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, {})
        if nid not in self.started:
            self.started.add(nid)
            for k in self.overrides.get(nid, {}):
                counters.pop(k, None)  # an overridden level restarts at the override's start
        lvl = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            level = levels.get(k, Level())
            value = counters.get(k, level.start)
            return format_number(value, "decimal" if lvl.legal and k < ilvl else level.fmt)

        text = re.sub(r"%([1-9])", number, lvl.text)
        if not text or lvl.fmt == "bullet":
            return ""  # bullets are not numbers a reader cites
        if lvl.suffix == "nothing" or ENDS_CJK.search(text):
            return text
        return text + " "


def _paragraph_text(p) -> str:
    out = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "sym"):
        tag = el.tag[len(W):]
        if tag == "t":
            out.append(el.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag in ("br", "cr"):
            out.append("\n")
        elif tag == "noBreakHyphen":
            out.append("-")
    return "".join(out)


def _style_numbering(styles_root) -> dict[str, tuple[str | None, int | None]]:
    """styleId → the (numId, ilvl) its paragraphs are numbered with, through ``basedOn``."""
    own, based = {}, {}
    if styles_root is None:
        return {}
    for st in styles_root.iter(W + "style"):
        sid = st.get(W + "styleId")
        ppr = st.find(W + "pPr")
        num = ppr.find(W + "numPr") if ppr is not None else None
        if num is not None:
            ilvl = _val(num, "ilvl")
            own[sid] = (_val(num, "numId"), int(ilvl) if ilvl is not None else None)
        if (b := _val(st, "basedOn")) is not None:
            based[sid] = b
    out = {}
    for sid in set(own) | set(based):
        seen, cur = set(), sid
        while cur is not None and cur not in own and cur not in seen:
            seen.add(cur)
            cur = based.get(cur)
        if cur in own:
            out[sid] = own[cur]
    return out


def _numbering_of(p, by_style: dict) -> tuple[str | None, int]:
    ppr = p.find(W + "pPr")
    style = _val(ppr, "pStyle") if ppr is not None else None
    nid, ilvl = by_style.get(style, (None, None)) if style else (None, None)
    num = ppr.find(W + "numPr") if ppr is not None else None
    if num is not None:
        nid = _val(num, "numId", nid)
        if (own := _val(num, "ilvl")) is not None:
            ilvl = int(own)
    return (None if nid in (None, "0") else nid), (ilvl or 0)


def _blocks(body):
    """Paragraphs and tables of the body in order, through content controls (w:sdt)."""
    for el in body:
        if el.tag in (W + "p", W + "tbl"):
            yield el
        elif el.tag == W + "sdt" and (content := el.find(W + "sdtContent")) is not None:
            yield from _blocks(content)


def damage(exc: Exception) -> str:
    """What is wrong with a damaged Word file, in plain words, from the error its reader raised."""
    import zipfile
    import zlib

    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    if isinstance(exc, XMLSyntaxError):
        return "its XML is malformed"
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)):
        return "its zip package is damaged or encrypted"  # zipfile raises RuntimeError for an encrypted part
    if isinstance(exc, (KeyError, PackageNotFoundError)):
        return "a part it needs is missing"
    return "its parts are not those of a Word document"


def docx_to_text(data: bytes) -> Extracted:
    """The text of a .docx file; raises :class:`DecodeError` with a one-line reason when it cannot be read."""
    import docx

    try:
        check_zip(data)  # before python-docx inflates every part it finds
        document = docx.Document(BytesIO(data))
        part = document.part
        try:
            numbering_root = part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering_root = None
        styles_root = document.styles.element
        body = document.element.body
    except DecodeError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds of error on a damaged file
        raise DecodeError(f"damaged Word file, cannot be read ({damage(exc)}); save it again as .docx") from None
    numbering = Numbering.from_xml(numbering_root)
    by_style = _style_numbering(styles_root)
    lines = []
    for el in _blocks(body):
        if el.tag == W + "p":
            nid, ilvl = _numbering_of(el, by_style)
            text = _paragraph_text(el)
            prefix = numbering.prefix(nid, ilvl) if nid else ""  # Word counts an empty numbered paragraph too
            lines.append(prefix + text if text.strip() else text)
        else:
            for row in el.iter(W + "tr"):
                cells = [" ".join(_paragraph_text(p).strip() for p in tc.iter(W + "p")).strip()
                         for tc in row.findall(W + "tc")]
                lines.append("\t".join(cells))
    text = "\n".join(lines)
    if not text.strip():
        raise DecodeError("Word file without text")
    return Extracted(text + "\n", "docx")
