"""Figures published beside the book: the data as CSV, the figure as SVG, a description; nothing outside a book."""
import json
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

import govreports as gr
from govreports.book import figures, plotting

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

plotting.use_chinese_font()  # as the chapters draw


@pytest.fixture
def book(tmp_path, monkeypatch):
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "chapters").mkdir()
    monkeypatch.chdir(tmp_path / "chapters")  # chapters run here
    return tmp_path


def test_publish_writes_the_data_the_svg_and_the_description(book):
    corpus = gr.load_corpus(SEEDS, cache=False)
    fig, ax = plt.subplots()
    ax.bar(["行政复议", "=1+1"], [3, 4])
    data = pd.DataFrame({"词": ["行政复议", "=1+1"], "次数": [3, 4]})
    assert figures.publish("fig-test", fig, data, "条形图：两个词的次数", corpus) is None
    out = book / "_build" / "figures"
    csv = (out / "fig-test.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf") and b"'=1+1" in csv  # Excel's BOM; no formula runs
    svg = (out / "fig-test.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<dc:date>" not in svg  # no build date: re-execution is the same
    about = json.loads((out / "fig-test.json").read_text(encoding="utf-8"))
    assert about == {"alt": "条形图：两个词的次数", "corpus": corpus.path.name, "reports": len(corpus.reports)}
    plt.close(fig)


def test_a_figure_without_a_corpus_and_a_bad_name(book):
    fig, _ = plt.subplots()
    figures.publish("fig-diagram", fig, pd.DataFrame({"步骤": ["解码"]}), "流程图", None)
    about = json.loads((book / "_build" / "figures" / "fig-diagram.json").read_text(encoding="utf-8"))
    assert about["corpus"] is None and about["reports"] is None
    with pytest.raises(ValueError, match="fig-"):
        figures.publish("../../etc/x", fig, pd.DataFrame(), "x", None)
    plt.close(fig)


def test_outside_a_book_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fig, _ = plt.subplots()
    figures.publish("fig-x", fig, pd.DataFrame({"a": [1]}), "x", None)
    assert not any(tmp_path.rglob("*")) and figures.folder() is None
    plt.close(fig)
