"""Charts of the book, with a Simplified Chinese font that needs no system package.

The font is Noto Sans CJK SC (SIL Open Font License) from the ``mplfonts`` wheel; only that file
is used. ``GOVREPORTS_FONT`` may name another font file (for example Debian's fonts-noto-cjk).
"""
from __future__ import annotations

import importlib.util
import math
import os
import re
import unicodedata
from functools import cache
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager

from ..corpus import report_labels
from ..limits import PANEL_PLACES, PANELS, REPORTS_SHOWN, SCATTER_LABELS, STRIP_PLOT_FROM, TREND_PANELS
from ..vocabulary import (
    ABSENT,
    ACHIEVEMENTS,
    HIGHLIGHTS,
    LEADERSHIP,
    MENTIONED,
    NOT_REACHED,
    OTHER,
    PLANS,
    PREAMBLE,
    PROBLEMS,
    PROBLEMS_AND_PLANS,
    SECTION,
    UNKNOWN_LEVEL,
)
from .labels import PART_STATUS_LABELS
from .tables.template import LOWER_COLUMN, PAIRS_COLUMN, UPPER_COLUMN

FONT_FILE = "NotoSansCJKsc-Regular.otf"
DPI = 110
# Legible on a phone: no chart is drawn wider than MAX_WIDTH inches (880 px at DPI) and no text is smaller than
# MIN_FONT points. The book's stylesheet shows charts at three quarters of their size on a phone, so the
# smallest text is still 9 px there and a chart at most 660 px wide (it scrolls inside its figure).
MAX_WIDTH = 8.0
MIN_FONT = 8
CLOUD_MIN_FONT = 12  # px: the rarest words of a wordcloud are drawn no smaller (9 px on a phone)
ROLE_COLORS = {
    PREAMBLE: "#bdbdbd", ACHIEVEMENTS: "#4c78a8", HIGHLIGHTS: "#72b7b2", LEADERSHIP: "#b279a2",
    PROBLEMS: "#e45756", PROBLEMS_AND_PLANS: "#f58518", PLANS: "#54a24b", OTHER: "#9d755d",
}
# Every label drawn from the data (a report, a place, a term, a theme) is at most this many columns wide
# (a Chinese character is two): 16 characters of a name fit beside a bar at 9 pt, so no name, however
# long, can push a chart's axes off its figure; the full text is in the table beside the chart.
LABEL_COLUMNS = 32
ELLIPSIS = "…"
_KEPT_SUFFIX = re.compile(r"（[^（）]{1,8}）$")  # a label's year or count, kept when its head is shortened
STATUS_LABEL = PART_STATUS_LABELS
# The colour of each status of a mandated part: a part of its own green, one mentioned in passing orange,
# a missing part grey, and a part the file does not reach (an excerpt, a page cut short) white: not a fact
# about the report.
STATUS_COLORS = {SECTION: "#31a354", MENTIONED: "#fdd49e", ABSENT: "#bdbdbd", NOT_REACHED: "#ffffff"}


def font_path() -> Path:
    """Path of the Chinese font used by every figure."""
    override = os.environ.get("GOVREPORTS_FONT")
    if override:
        path = Path(override)
        if not path.is_file():
            raise FileNotFoundError(f"GOVREPORTS_FONT names no file: {override}")
        return path
    spec = importlib.util.find_spec("mplfonts")
    if spec and spec.submodule_search_locations:
        path = Path(list(spec.submodule_search_locations)[0]) / "fonts" / FONT_FILE
        if path.is_file():
            return path
    raise FileNotFoundError(f"Chinese font {FONT_FILE} not found: pip install mplfonts, or set GOVREPORTS_FONT")


@cache
def use_chinese_font() -> str:
    """Register the Chinese font with matplotlib and make it the default; returns its family name."""
    path = font_path()
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams["font.family"] = [family]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["font.size"] = 11
    matplotlib.rcParams["figure.dpi"] = DPI
    matplotlib.rcParams["savefig.dpi"] = DPI
    return family


@cache
def _font_chars() -> frozenset[int]:
    """Code points the chart font can draw."""
    return frozenset(font_manager.get_font(str(font_path())).get_charmap())


def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def chart_label(text: object, columns: int = LABEL_COLUMNS) -> str:
    """A label from the data as a chart may draw it: control and format characters (bidi overrides) dropped,
    characters the font lacks shown as ?, a dollar sign never read as mathematics, and at most ``columns``
    wide, shortened with … before a closing （year） or （count）, which is kept."""
    flat = " ".join("".join(ch for ch in str(text) if unicodedata.category(ch) not in ("Cc", "Cf")).split())
    drawable = _font_chars()
    flat = "".join(ch if ord(ch) in drawable else "?" for ch in flat)
    if sum(map(_columns, flat)) > columns:
        suffix = m.group() if (m := _KEPT_SUFFIX.search(flat)) else ""
        head, budget = flat[: len(flat) - len(suffix)], columns - sum(map(_columns, suffix)) - 1
        kept = []
        for ch in head:
            budget -= _columns(ch)
            if budget < 0:
                break
            kept.append(ch)
        flat = "".join(kept).rstrip() + ELLIPSIS + suffix
    return flat.replace("$", r"\$")


def chart_labels(values) -> list[str]:
    return [chart_label(v) for v in values]


def role_share_chart(shares: pd.DataFrame):
    """Horizontal stacked bars: share of each row's text (a report, or a level) by section role."""
    use_chinese_font()
    data = shares
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(data) + 1.6))
    left = np.zeros(len(data))
    y = np.arange(len(data))
    for role in data.columns:
        vals = data[role].to_numpy()
        ax.barh(y, vals, left=left, color=ROLE_COLORS.get(role, "#999999"), label=role, edgecolor="white")
        left += vals
    ax.set_yticks(y, chart_labels(data.index))
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel("占正文字数的比例")
    ax.legend(ncol=min(len(data.columns), 4), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def compliance_chart(compliance: pd.DataFrame, table: pd.DataFrame, max_rows: int = REPORTS_SHOWN):
    """Report × mandated part matrix (section of its own, only mentioned, absent, not reached); for a large corpus,
    the share of reports in each state, per part."""
    use_chinese_font()
    parts = compliance.drop_duplicates("part").set_index("part")
    names = {p: n + ("（可选）" if o else "") for p, n, o in zip(parts.index, parts["name"], parts["optional"])}
    if table["report_id"].nunique() > max_rows:
        share = pd.crosstab(compliance["part"], compliance["status"], normalize="index")
        share = share.reindex(columns=list(STATUS_COLORS), fill_value=0.0)
        share = share.loc[:, (share > 0).any()]
        fig, ax = plt.subplots(figsize=(8, 0.5 * len(share) + 1.6))
        left = np.zeros(len(share))
        for status in share.columns:
            ax.barh(range(len(share)), share[status], left=left, color=STATUS_COLORS[status],
                    label=STATUS_LABEL[status], edgecolor="#969696", linewidth=0.5)
            left += share[status].to_numpy()
        ax.set_yticks(range(len(share)), [f"{p}. {names[p]}" for p in share.index])
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        ax.set_xlabel("报告所占比例")
        ax.legend(ncol=len(share.columns), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        return fig
    wide = compliance.pivot(index="report_id", columns="part", values="status")
    wide = wide.reindex(index=table["report_id"])
    order = list(STATUS_COLORS)
    values = wide.map(order.index).astype(float).to_numpy()
    cmap = matplotlib.colors.ListedColormap([STATUS_COLORS[s] for s in order])
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(wide) + 2))
    ax.imshow(values, cmap=cmap, vmin=-0.5, vmax=len(order) - 0.5, aspect="auto")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            status = wide.iat[i, j]
            ax.text(j, i, STATUS_LABEL[status], ha="center", va="center", fontsize=9,
                    color="white" if status == SECTION else "#737373" if status == NOT_REACHED else "#333333")
    ax.set_xticks(range(len(wide.columns)), [f"{p}. {names[p]}" for p in wide.columns], rotation=20, ha="right")
    ax.set_yticks(range(len(wide)), chart_labels(report_labels(table, wide.index)))
    ax.set_xticks(np.arange(-0.5, values.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, values.shape[0]), minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="both", length=0)
    for sp in ax.spines.values():
        sp.set_visible(False)
    fig.tight_layout()
    return fig


def top_terms_chart(top: pd.DataFrame, column: str = "每万字（各报告平均）"):
    """Horizontal bars of the corpus's top terms (rate per 10,000 characters)."""
    use_chinese_font()
    fig, ax = plt.subplots(figsize=(8, 0.28 * len(top) + 1.2))
    ax.barh(range(len(top)), top[column], color="#4c78a8")
    ax.set_yticks(range(len(top)), chart_labels(top.index))
    ax.invert_yaxis()
    ax.set_xlabel("每万字出现次数（各报告平均）")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def wordcloud_grid(frequencies: dict[str, dict[str, float]], ncols: int = 2, max_words: int = 80):
    """One wordcloud per group (label → term frequencies), laid out in a grid of at most ``MAX_WIDTH``
    inches (as many clouds per row as fit); fixed random_state."""
    from wordcloud import WordCloud

    use_chinese_font()
    groups = [(k, v) for k, v in frequencies.items() if v]
    ncols = max(1, min(ncols, len(groups), int(MAX_WIDTH // 4)))
    nrows = math.ceil(len(groups) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4 * ncols, 3.1 * nrows), squeeze=False, dpi=100)
    for ax in axes.flat:
        ax.axis("off")
    for ax, (label, freqs) in zip(axes.flat, groups):
        cloud = WordCloud(font_path=str(font_path()), width=400, height=280, background_color="white",
                          max_words=max_words, random_state=42, prefer_horizontal=0.95, colormap="viridis",
                          margin=4, min_font_size=CLOUD_MIN_FONT).generate_from_frequencies(freqs)
        ax.imshow(cloud.to_array(), interpolation="nearest")
        ax.set_title(chart_label(label), fontsize=13)
    fig.tight_layout()
    return fig


def heatmap(matrix: pd.DataFrame, cmap: str = "Blues", fmt: str = "{:.0f}", label: str = "",
            mask_diagonal: bool = False, empty: str = "本语料中没有可以画出的条目。"):
    """An annotated heatmap; with ``mask_diagonal`` the diagonal is printed in grey and left out of the colours.
    An empty matrix gives a figure that says ``empty``."""
    use_chinese_font()
    if matrix.size == 0:
        return message_figure(empty)
    n_rows, n_cols = matrix.shape
    # Room for the row labels (Chinese characters are about one em wide), then columns of 0.75 in, all within
    # MAX_WIDTH: many columns get narrower cells, and a cell too narrow for its number shows the colour only.
    rows, cols = chart_labels(matrix.index), chart_labels(matrix.columns)
    label_width = min(2.6, 0.08 * max((sum(map(_columns, r)) for r in rows), default=1) + 0.4)
    margins = label_width + (1.2 if label else 0.2)  # row labels, and the colour bar when there is one
    width = min(MAX_WIDTH, 0.75 * n_cols + margins)
    cell = (width - margins) / n_cols
    fig, ax = plt.subplots(figsize=(width, 0.5 * n_rows + 1.6))
    values = matrix.to_numpy(dtype=float)
    shown = values.copy()
    if mask_diagonal:
        np.fill_diagonal(shown, np.nan)
    finite = shown[np.isfinite(shown)]
    low = min(0.0, float(finite.min())) if finite.size else 0.0  # the scale starts at 0: no difference inflated
    high = float(finite.max()) if finite.size and finite.max() > low else low + 1.0
    im = ax.imshow(np.ma.masked_invalid(shown), cmap=cmap, aspect="auto", vmin=low, vmax=high)
    texts = [[fmt.format(v) for v in row] for row in values]
    widest = max((len(t) for row in texts for t in row), default=1)
    fits = cell >= 0.6 * 9 / 72 * widest + 0.06  # digits are about 0.6 em wide at 9 pt
    for i in range(n_rows if fits else 0):
        for j in range(n_cols):
            diag = mask_diagonal and i == j
            ax.text(j, i, texts[i][j], ha="center", va="center", fontsize=9,
                    color="#999999" if diag else text_colour(im.cmap(im.norm(values[i, j]))))
    ax.set_xticks(range(n_cols), cols, rotation=45, ha="right")
    ax.set_yticks(range(n_rows), rows)
    ax.tick_params(length=0)
    if label:
        fig.colorbar(im, ax=ax, shrink=0.8, label=label)
    fig.tight_layout()
    return fig


DARK_TEXT = "#222222"


def luminance(rgb) -> float:
    """Relative luminance of an sRGB colour (components 0–1), as WCAG defines it."""
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour(rgba) -> str:
    """White or near-black, whichever contrasts more with the cell."""
    dark = matplotlib.colors.to_rgb(DARK_TEXT)
    return "white" if contrast(rgba, (1, 1, 1)) > contrast(rgba, dark) else DARK_TEXT


MESSAGE_LINE = 24  # characters per line of a message figure: 4 in wide, it fits a phone's screen


def message_figure(message: str):
    """A small figure that says in words why there is nothing to draw (keeps the figure's number valid),
    narrow enough for a phone, its lines broken every ``MESSAGE_LINE`` characters (Chinese has no spaces to
    wrap at)."""
    use_chinese_font()
    flat = message.replace("\n", "")
    lines = [flat[i:i + MESSAGE_LINE] for i in range(0, len(flat), MESSAGE_LINE)] or [""]
    fig, ax = plt.subplots(figsize=(4.2, 0.3 * len(lines) + 0.4))
    ax.axis("off")
    ax.text(0.5, 0.5, "\n".join(lines), ha="center", va="center", fontsize=11, color="#555555", linespacing=1.5)
    return fig


def small_multiples(wide: pd.DataFrame, table: pd.DataFrame, ncols: int = 2, max_panels: int = PANELS):
    """One panel per column (indicator): bars per report, or a strip of values by level for many reports."""
    use_chinese_font()
    if wide.shape[1] == 0 or len(wide) == 0:
        return message_figure("本语料中没有两份以上报告都给出的规范指标，无从比较。")
    cols = list(wide.columns)[:max_panels]
    ncols = max(1, min(ncols, len(cols), int(MAX_WIDTH // 4)))
    nrows = math.ceil(len(cols) / ncols)
    many = len(wide) > STRIP_PLOT_FROM
    height = 2.6 if many else 0.32 * len(wide) + 1.3
    fig, axes = plt.subplots(nrows, ncols, figsize=(4 * ncols, height * nrows), squeeze=False)
    for ax in axes.flat[len(cols):]:
        ax.axis("off")
    labels = chart_labels(report_labels(table, wide.index))
    levels = table.set_index("report_id")["level"].reindex(wide.index).fillna(UNKNOWN_LEVEL)
    for ax, col in zip(axes.flat, cols):
        vals = wide[col]
        if many:
            groups = sorted(levels.unique())
            for g_i, g in enumerate(groups):
                v = vals[levels == g].dropna()
                ax.scatter(v, np.full(len(v), g_i), alpha=0.6, s=14, color="#4c78a8")
            ax.set_yticks(range(len(groups)), chart_labels(groups))
        else:
            y = np.arange(len(vals))
            ax.barh(y, vals.fillna(0), color=["#4c78a8" if pd.notna(v) else "none" for v in vals])
            for yi, v in zip(y, vals):
                ax.text(v if pd.notna(v) else 0, yi, f" {v:g}" if pd.notna(v) else " 未报告", va="center", fontsize=8,
                        color="#333333" if pd.notna(v) else "#999999")
            ax.set_yticks(y, labels, fontsize=9)
            ax.invert_yaxis()
            ax.set_xlim(0, (vals.max() if vals.notna().any() else 1) * 1.3)
        if col.endswith("（%）") and not (vals > 100).any():
            ax.set_xlim(0, 100)  # a share's axis stops at 100 %
            for t in ax.texts:
                t.set_clip_on(False)
        ax.set_title(chart_label(col), fontsize=11)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    return fig


def trend_chart(mode: str, data: pd.DataFrame, ncols: int = 2, max_panels: int = TREND_PANELS,
                max_places: int = PANEL_PLACES):
    """Panel: one line per place (the ``max_places`` with most years) and indicator. Cross-section:
    indicator means by year, as points, marked as such."""
    use_chinese_font()
    if len(data) == 0:
        return message_figure("本语料中没有哪个规范指标在两个以上的年度都有足够的报告（同一地方的多年报告，\n"
                              "或每个年度至少 3 份报告），画不出随年度的变化。")
    inds = list(dict.fromkeys(data["indicator"]))[:max_panels]
    ncols = max(1, min(ncols, len(inds), int(MAX_WIDTH // 4)))
    nrows = math.ceil(len(inds) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4 * ncols, 2.8 * nrows), squeeze=False)
    for ax in axes.flat[len(inds):]:
        ax.axis("off")
    for ax, ind in zip(axes.flat, inds):
        d = data[data["indicator"] == ind]
        if mode == "panel":
            years = d.groupby("place")["year_covered"].nunique().sort_values(ascending=False, kind="stable")
            shown = list(years.index[:max_places])
            for place in shown:
                g = d[d["place"] == place].sort_values("year_covered")
                ax.plot(g["year_covered"], g["value"], marker="o", label=chart_label(place))
            ax.legend(fontsize=8, frameon=False)
            if len(years) > max_places:
                ax.text(1, 0, f"另有 {len(years) - max_places} 个地方未画出", transform=ax.transAxes, ha="right",
                        va="bottom", fontsize=8, color="#777777")
        else:  # points only: a line would draw a trend that no government has
            ax.scatter(d["year_covered"], d["value"], color="#4c78a8", s=30)
            ax.margins(x=0.15, y=0.15)
        ax.set_title(chart_label(f"{ind}（{d['unit'].iloc[0]}）"), fontsize=11)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.spines[["top", "right"]].set_visible(False)
    if mode != "panel":
        fig.suptitle("横截面：不同地方的报告按所述年度排列，不是同一地方的趋势", fontsize=11)
    fig.tight_layout()
    return fig


def scatter_labelled(df: pd.DataFrame, x: str, y: str, max_labels: int = SCATTER_LABELS) -> list:
    """The rows of a scatter that get their label: all of them up to ``max_labels`` points; beyond that only
    the two highest and two lowest on each axis (labels of many points would lie on top of each other)."""
    if len(df) <= max_labels:
        return list(df.index)
    picked = [*df[x].nlargest(2).index, *df[x].nsmallest(2).index, *df[y].nlargest(2).index, *df[y].nsmallest(2).index]
    return list(dict.fromkeys(picked))


def labelled_scatter(df: pd.DataFrame, x: str, y: str, max_labels: int = SCATTER_LABELS, shares: tuple[str, ...] = ()):
    """Scatter of two columns, points labelled with their row label (all up to ``max_labels`` points, else the
    extremes: :func:`scatter_labelled`; points on one spot share a label). The axes
    named in ``shares`` ("x", "y") hold shares from 0 to 1: drawn as percentages, stopping at 100 %."""
    use_chinese_font()
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.scatter(df[x], df[y], color="#4c78a8", s=36, zorder=3)
    shown = df.loc[scatter_labelled(df, x, y, max_labels)]
    for (px, py), group in shown.groupby([x, y], sort=False):  # points on the same spot share one label
        ax.annotate(chart_label("、".join(map(str, group.index))), (px, py), textcoords="offset points", xytext=(6, 4), fontsize=10)
    if len(df) > max_labels:
        ax.text(1, -0.16, "点较多，只标出两轴上最高和最低的几个", transform=ax.transAxes, ha="right", va="top",
                fontsize=9, color="#777777")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.margins(x=0.25, y=0.15)
    for axis, col in (("x", x), ("y", y)):
        if len(df) and df[col].min() >= 0:  # no negative values: the axis starts at 0
            (ax.set_xlim if axis == "x" else ax.set_ylim)(0, None)
    for axis in shares:
        (ax.set_xlim if axis == "x" else ax.set_ylim)(0, 1)
        getattr(ax, f"{axis}axis").set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    for artist in ax.texts + ax.collections:
        artist.set_clip_on(False)  # a point at 100 % sits on the edge, its label beside it
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def similarity_chart(shown: pd.DataFrame):
    """The similarity figure from what :func:`govreports.book.tables.template.similarity_shown` gives: report × report
    as a heatmap, or for a large corpus the histogram of all pairs (its bins and their pairs)."""
    if PAIRS_COLUMN not in shown.columns:
        return heatmap(shown, cmap="Purples", fmt="{:.2f}", label="余弦相似度", mask_diagonal=True)
    use_chinese_font()
    edges = np.append(shown[LOWER_COLUMN].to_numpy(), shown[UPPER_COLUMN].to_numpy()[-1:])
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.stairs(shown[PAIRS_COLUMN].to_numpy(), edges, fill=True, color="#7b6fb0")
    ax.set_xlabel("两份报告的余弦相似度")
    ax.set_ylabel("报告对数")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


PIPELINE = [
    ("文件", "字节：\nUTF-8、GBK、UTF-16"), ("解码", "decode：\n去 BOM，保留换行"), ("结构", "structure：\n标题、段落、句子"),
    ("作用与合规", "roles：一级标题作用\n五个规定部分"), ("元数据", "metadata：\n地方、层级、年度"),
    ("指标", "metrics：\n数字、单位、重算"), ("问题与计划", "items：\n条目及其位置"),
    ("分词", "words：\n领域词典、停用词"), ("主题", "themes：\n纲要各部分"), ("语料表格", "export：\nCSV 与 Parquet"),
]


def pipeline_table() -> pd.DataFrame:
    """The steps of :func:`pipeline_diagram`, as a table (its data)."""
    return pd.DataFrame([(name, what.replace("\n", " ")) for name, what in PIPELINE], columns=["步骤", "内容"])


def pipeline_diagram():
    """The pipeline from file to table, as boxes and arrows."""
    use_chinese_font()
    fig, ax = plt.subplots(figsize=(MAX_WIDTH, 5.2))
    ax.axis("off")
    cols = 5
    for k, (name, what) in enumerate(PIPELINE):
        row, col = divmod(k, cols)
        col = col if row % 2 == 0 else cols - 1 - col  # snake: left to right, then right to left
        x, y = col * 1.9, -row * 2.4
        ax.add_patch(matplotlib.patches.FancyBboxPatch((x, y), 1.6, 1.5, boxstyle="round,pad=0.05",
                                                       facecolor="#e8eef7", edgecolor="#4c78a8"))
        ax.text(x + 0.8, y + 1.15, name, ha="center", va="center", fontsize=12.5, color="#1f3b63")
        ax.text(x + 0.8, y + 0.5, what, ha="center", va="center", fontsize=8, color="#333333", linespacing=1.5)
        if k + 1 < len(PIPELINE):
            nrow, ncol = divmod(k + 1, cols)
            ncol = ncol if nrow % 2 == 0 else cols - 1 - ncol
            nx, ny = ncol * 1.9, -nrow * 2.4
            if nrow == row:
                start, end = (x + 1.65 if ncol > col else x - 0.05, y + 0.75), (nx - 0.05 if ncol > col else nx + 1.65, ny + 0.75)
            else:
                start, end = (x + 0.8, y - 0.05), (nx + 0.8, ny + 1.55)
            ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "->", "color": "#4c78a8", "lw": 1.5})
    ax.set_xlim(-0.2, cols * 1.9)
    ax.set_ylim(-2.6, 1.8)
    fig.tight_layout()
    return fig
