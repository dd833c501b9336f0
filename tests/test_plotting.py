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
