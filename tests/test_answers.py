"""Each chapter's opening: two to four sentences computed from the corpus, true for corpora of every shape."""
import re
from pathlib import Path

import pytest

import govreports as gr
from govreports.analysis import compare, evaluation, indicators, problems, template, themes, words
from govreports.analysis.evaluation import Gold
from govreports.book import answers, tables
from govreports.book.chapters import share_text

GOLD = Gold.in_folder(Path(__file__).resolve().parents[1], Path(__file__).resolve().parents[1] / "seeds")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
BARE = "某县人民政府关于2023年度法治政府建设情况的报告\n2023年，某县坚持依法行政，推进法治政府建设。\n"


def _corpus(tmp_path, texts):
    for k, text in enumerate(texts):
        (tmp_path / f"r{k}.txt").write_text(text, encoding="utf-8")
    return gr.load_corpus(tmp_path, cache=False)


SHAPES = {
    "seeds": lambda tmp: gr.load_corpus(gr.corpus.seeds_path()),
    "one report": lambda tmp: _corpus(tmp, [SEEDS[0].read_text(encoding="utf-8-sig")]),
    "bare, no figures": lambda tmp: _corpus(tmp, [BARE]),
    "cut short": lambda tmp: _corpus(tmp, [p.read_text(encoding="utf-8-sig")[:900] for p in SEEDS]),
}


def _sentences(text: str) -> int:
    return len([s for s in re.split(r"[。！？]", text) if s.strip()])


@pytest.mark.parametrize("shape", SHAPES)
def test_every_opening_is_a_few_true_sentences(shape, tmp_path):
    corpus = SHAPES[shape](tmp_path)
    w = words.analyse(corpus)
    top = w.top_terms(25)
    items = problems.items_table(corpus)
    lonely, _ = problems.unanswered(items, problems.match_plans(corpus, items))
    pt = themes.paragraph_themes(corpus)
    cov = themes.coverage(corpus)
    flagged = evaluation.uncertain_themes(evaluation.theme_scores(GOLD))
    mean = cov.drop(columns=["未归类", *flagged]).mean().sort_values(ascending=False)
    sim = template.similarity(w.matrix)
    openings = {
        "corpus": answers.corpus_answer(corpus),
        "words": answers.words_answer(corpus, top, w.distinctive(8)),
        "metrics": answers.metrics_answer(corpus, corpus.metrics, indicators.richness(corpus), indicators.checks(corpus)),
        "figures": answers.figures_answer(corpus, corpus.metrics),
        "themes": answers.themes_answer(corpus, mean, themes.short_names(), share_text(
            int((pt["themes"].str.len() == 0).sum()), len(pt)), flagged),
        "problems": answers.problems_answer(corpus, items, lonely),
        "template": answers.template_answer(corpus, template.shared_passages(corpus),
                                            template.most_similar_pair(sim),
                                            template.formula_phrases(w)),
        "panel": tables.compare.panel_sentence(compare.panel_pairs(corpus),
                                        corpus.table.set_index("report_id")["year_covered"]),
    }
    for chapter, text in openings.items():
        assert 1 <= _sentences(text) <= 4, (chapter, text)
        assert not re.search(r"nan|None|NaN|inf|\{|\}", text), (chapter, text)
    n = len(corpus.reports)
    assert openings["corpus"].startswith(f"本章读取了 {n} 份报告")
    if n == 1:
        assert "最密" not in openings["metrics"] and "最相近" not in openings["template"]
    if not corpus.whole().any():  # nothing is said about omissions in files that do not reach their parts
        assert "看不出" in openings["corpus"] and "只能在完整的报告上计算" in openings["corpus"]
    if not corpus.whole().all():  # counts over excerpts say they are
        for chapter in ("words", "metrics", "themes"):
            assert "不完整" in openings[chapter] or "没有" in openings[chapter], (chapter, openings[chapter])
    else:
        assert not any("不完整" in text for text in openings.values())
