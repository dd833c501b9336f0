import warnings

import matplotlib

matplotlib.use("Agg")

import govreports as gr  # noqa: E402
from govreports import plotting  # noqa: E402


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

    from govreports import plotting

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
