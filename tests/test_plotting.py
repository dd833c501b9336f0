import unicodedata
import warnings

import matplotlib
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")

import govreports as gr  # noqa: E402
from govreports.book import (
    plotting,  # noqa: E402
    tables,
)


def test_font_is_a_static_simplified_chinese_face():
    path = plotting.font_path()
    assert path.name == plotting.FONT_FILE
    assert plotting.use_chinese_font() == "Noto Sans CJK SC"


def test_charts_render_chinese_without_missing_glyphs(monkeypatch):
    monkeypatch.delenv("GOVREPORTS_CORPUS", raising=False)
    c = gr.load_corpus()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning: fail on it
        for fig in (plotting.role_share_chart(c.fold(c.role_shares())),
                    plotting.compliance_chart(c.compliance, c.table)):
            fig.canvas.draw()
            labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
            assert "方城县（2024）" in labels
            matplotlib.pyplot.close(fig)


def test_empty_data_gives_a_figure_that_says_why():
    import pandas as pd

    from govreports.book import plotting

    for fig in (plotting.heatmap(pd.DataFrame()), plotting.trend_chart("cross-section", pd.DataFrame(columns=["indicator"])),
                plotting.small_multiples(pd.DataFrame(), pd.DataFrame(columns=["report_id", "level"]))):
        texts = [t.get_text() for ax in fig.axes for t in ax.texts]
        assert len(texts) == 1 and "本语料" in texts[0]


def test_share_axes_stop_at_one_hundred_percent():
    import pandas as pd

    wide = pd.DataFrame({"负责人出庭应诉率（%）": [100.0, 92.5], "行政复议受理案件（件）": [135.0, 71.0]}, index=["a", "b"])
    table = pd.DataFrame({"report_id": ["a", "b"], "title": ["甲", "乙"], "place": ["甲县", "乙县"],
                          "year_covered": [2023, 2023], "level": ["县级", "县级"]})
    fig = plotting.small_multiples(wide, table, ncols=2)
    rate, count = fig.axes[:2]
    assert rate.get_xlim() == (0.0, 100.0) and count.get_xlim()[1] > 135
    matplotlib.pyplot.close(fig)


def test_heatmap_scale_starts_at_zero_and_every_number_contrasts_with_its_cell():
    import pandas as pd

    for cmap in ("Blues", "Purples", "Reds"):
        m = pd.DataFrame([[1.0, 0.33, 0.51], [0.33, 1.0, 0.45], [0.51, 0.45, 1.0]], index=list("abc"), columns=list("abc"))
        fig = plotting.heatmap(m, cmap=cmap, fmt="{:.2f}", mask_diagonal=True)
        ax = fig.axes[0]
        im = ax.images[0]
        assert im.norm.vmin == 0 and im.norm.vmax == 0.51  # 0.33 is not drawn as "none"
        for t in ax.texts:
            x, y = t.get_position()
            if x == y:
                continue  # the diagonal, in grey on white
            cell = im.cmap(im.norm(m.iat[int(y), int(x)]))
            assert plotting.contrast(cell, matplotlib.colors.to_rgb(t.get_color())) >= 4, (cmap, t.get_text())
        matplotlib.pyplot.close(fig)


def _texts(fig):
    """Every piece of visible text of a figure: tick labels, titles, annotations, legends, colour bars."""
    return [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]


def _legible_on_a_phone(fig):
    width = fig.get_size_inches()[0]
    assert width <= plotting.MAX_WIDTH + 1e-9, f"{width:.2f} in wide"
    small = [(t.get_text(), t.get_fontsize()) for t in _texts(fig) if t.get_fontsize() < plotting.MIN_FONT]
    assert not small, small


def test_every_chart_is_legible_on_a_phone(monkeypatch):
    """No chart is wider than MAX_WIDTH nor has text under MIN_FONT: on a phone the stylesheet shows charts at
    3/4 size, so this keeps the smallest text at 9 px (tested on the seeds' charts and on wide made-up data)."""
    import numpy as np
    import pandas as pd

    from govreports.analysis import indicators, template, themes, words

    monkeypatch.delenv("GOVREPORTS_CORPUS", raising=False)
    c = gr.load_corpus()
    cov = themes.coverage(c)
    w = words.analyse(c)
    sim = tables.template.similarity_table(c, template.similarity(w.matrix))
    wide = indicators.compared(c)
    mode, trend = indicators.trends(c)
    rich = tables.indicators.richness_table(c, indicators.richness(c), percent=False)
    labels = [f"新晃侗族自治县（{2000 + i}）" for i in range(30)]
    rng = np.random.default_rng(0)
    many = pd.DataFrame(rng.random((30, 30)), index=labels, columns=labels)
    figs = [
        plotting.role_share_chart(c.fold(c.role_shares())), plotting.compliance_chart(c.compliance, c.table),
        plotting.heatmap((c.fold(cov) * 100).round(0), label="占正文的百分比"),  # 13 theme columns
        plotting.heatmap(many.iloc[:6] * 100, label="x"),  # 30 columns: narrow cells
        plotting.similarity_chart(sim), plotting.similarity_chart(many.iloc[:25, :25]),
        plotting.similarity_chart(tables.template.similarity_shown(c, template.similarity(w.matrix), max_rows=3)),  # all pairs' histogram
        plotting.small_multiples(wide, c.table), plotting.trend_chart(mode, trend),
        plotting.labelled_scatter(rich, "每千字指标数", "含数字的小节占比", shares=("y",)),
        plotting.wordcloud_grid({label: {"行政执法": 3.0, "法治": 2.0} for label in labels[:5]}),
        plotting.top_terms_chart(tables.words.top_terms_table(w.top_terms(25))),
        plotting.pipeline_diagram(),
    ]
    for fig in figs:
        _legible_on_a_phone(fig)
        matplotlib.pyplot.close(fig)


def test_a_heatmap_prints_its_numbers_only_where_they_fit():
    import pandas as pd

    small = pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], index=["甲", "乙"], columns=["a", "b"])
    fig = plotting.heatmap(small, fmt="{:.2f}")
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["1.00", "2.00", "3.00", "4.00"]
    many = pd.DataFrame(0.5, index=[f"报告{i}" for i in range(40)], columns=[f"报告{i}" for i in range(40)])
    fig = plotting.heatmap(many, fmt="{:.2f}", label="相似度")
    assert fig.get_size_inches()[0] <= plotting.MAX_WIDTH and not fig.axes[0].texts  # colours only
    matplotlib.pyplot.close("all")


def test_a_scatter_of_many_points_labels_only_the_extremes_and_points_on_one_spot_share_a_label():
    import pandas as pd

    few = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [0.1, 0.2, 0.3]}, index=["甲", "乙", "丙"])
    assert plotting.scatter_labelled(few, "x", "y") == ["甲", "乙", "丙"]
    n = plotting.SCATTER_LABELS + 8
    many = pd.DataFrame({"x": [float(i) for i in range(n)], "y": [float((i * 7) % n) for i in range(n)]},
                        index=[f"报告{i}" for i in range(n)])
    picked = plotting.scatter_labelled(many, "x", "y")
    assert 2 <= len(picked) <= 8 and {"报告0", f"报告{n - 1}"} <= set(picked)
    assert set(picked) <= set(many["x"].nlargest(2).index) | set(many["x"].nsmallest(2).index) | set(
        many["y"].nlargest(2).index) | set(many["y"].nsmallest(2).index)
    same = pd.DataFrame({"x": [0.0, 0.0, 5.0], "y": [0.0, 0.0, 1.0]}, index=["甲县", "乙县", "丙县"])
    fig = plotting.labelled_scatter(same, "x", "y")
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == ["丙县", "甲县、乙县"]
    matplotlib.pyplot.close(fig)


def test_a_message_figure_fits_a_phone_and_breaks_long_chinese_lines():
    fig = plotting.message_figure("本语料中没有哪个规范指标在两个以上的年度都有足够的报告（同一地方的多年报告，\n或每个年度至少 3 份报告），画不出随年度的变化。")
    assert fig.get_size_inches()[0] * plotting.DPI * 0.75 <= 358  # a 390 px phone's text column
    lines = fig.axes[0].texts[0].get_text().split("\n")
    assert len(lines) > 1 and all(len(line) <= plotting.MESSAGE_LINE for line in lines)
    assert "".join(lines) == "本语料中没有哪个规范指标在两个以上的年度都有足够的报告（同一地方的多年报告，或每个年度至少 3 份报告），画不出随年度的变化。"
    matplotlib.pyplot.close(fig)


# Names a downloaded report may carry: markup, bidi overrides, mathematics, characters no font has, any length.
NAME_CHARS = [*"<>$\\{}|=_^县区市人民政府法治abc ", "\u202e", "\u2066", "\x00", "😀", "\U000e0001", "（", "）"]
HOSTILE_NAMES = st.lists(st.sampled_from(NAME_CHARS) | st.just("（2023）"), min_size=1, max_size=120).map("".join)


@settings(max_examples=25, deadline=None)
@given(st.lists(HOSTILE_NAMES, min_size=1, max_size=4, unique=True))
def test_any_report_name_fits_its_chart_without_a_warning(names):
    """A label drawn from the data is shortened to LABEL_COLUMNS, drawn as text (no mathematics, no missing
    glyph), and no name makes the layout fail ("Tight layout not applied" is an error under -W)."""
    import pandas as pd

    labels = [plotting.chart_label(n) for n in names]
    for label in labels:
        assert sum(map(plotting._columns, label.replace("\\$", "$"))) <= plotting.LABEL_COLUMNS
        assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in label)
    df = pd.DataFrame({"x": range(len(names)), "y": range(len(names))}, index=[f"{n}（2023）" for n in names])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for fig in (plotting.labelled_scatter(df, "x", "y"), plotting.heatmap(df), plotting.top_terms_chart(df, "x")):
            fig.canvas.draw()
            matplotlib.pyplot.close(fig)


def test_a_long_label_keeps_its_year_and_a_dollar_sign_is_text():
    label = plotting.chart_label("某某省某某市某某县某某镇人民政府办公室法治建设领导小组（2023）")
    assert label.endswith("…（2023）") and len(label) < 20
    assert plotting.chart_label("a$b$c") == "a\\$b\\$c"
    assert plotting.chart_label("方城县（2024）") == "方城县（2024）"
