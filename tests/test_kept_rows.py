"""Rows kept between runs (analysis.kept_rows) equal the analysis computed afresh, whatever happened to the folder
in between: reports changed, added, removed, renamed; and only what changed is computed again."""
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govreports as gr
from govreports.analysis import concepts, indicators, kept_rows, template, themes, words

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
# what an edit appends: theme terms, a concept's terms, a figure, a repeated passage, or nothing of note
ADDED = ["应审尽审，应收尽收，压紧压实责任，全面推行清单管理。本年度深入推进行政执法体制改革，全面推行行政执法公示制度。", "持续优化营商环境，推进数字政府建设。",
         "全年办理行政复议案件125件，纠错率为8.5%。", "压紧压实法治建设第一责任人职责。", "其他。"]

ANALYSES = {
    "unit_themes": themes.unit_themes,
    "paragraph_themes": themes.paragraph_themes,
    "concepts": lambda c: concepts.count(c, concepts.book_dictionary()),
    "repeated_within": template.repeated_within,
    "formula_phrases": lambda c: template.formula_phrases(words.analyse(c), min_share=0),
    "examples": lambda c: themes.examples(c, 3),
    "unmapped": lambda c: indicators.unmapped(c, 1000),
}


def afresh(corpus: gr.Corpus) -> gr.Corpus:
    """The same reports as a corpus that keeps nothing."""
    return gr.Corpus(corpus.path, list(corpus.reports), list(corpus.ids))


def assert_kept_equal_fresh(folder: Path) -> gr.Corpus:
    corpus = gr.load_corpus(folder, workers=1)
    assert kept_rows.keeps(corpus)
    fresh = afresh(corpus)
    for name, analysis in ANALYSES.items():
        got = analysis(corpus)
        pd.testing.assert_frame_equal(got, analysis(fresh), obj=name)
    return corpus


@contextmanager
def scratch():
    """A folder of the seeds and a cache of its own (Hypothesis runs many examples in one test)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for p in SEEDS:
            shutil.copy(p, folder / p.name)
        old = os.environ.get("GOVREPORTS_CACHE")
        os.environ["GOVREPORTS_CACHE"] = str(Path(tmp) / "cache")
        try:
            yield folder
        finally:
            if old is None:
                del os.environ["GOVREPORTS_CACHE"]
            else:
                os.environ["GOVREPORTS_CACHE"] = old


def apply(folder: Path, edit: tuple) -> None:
    files = sorted(folder.glob("*.txt"))
    if not files:
        return
    kind, k, added = edit
    path = files[k % len(files)]
    if kind == "change":
        path.write_text(path.read_text(encoding="utf-8") + "\n" + ADDED[added] + "\n", encoding="utf-8")
    elif kind == "remove":
        path.unlink()
    elif kind == "rename":
        path.rename(path.with_name(f"改名{k}_{path.name}"))
    else:  # a new report: another's text with a sentence of its own (an exact copy is a duplicate, not analysed)
        new = path.with_name(f"新增{k}_{added}_{path.name}")
        new.write_text(path.read_text(encoding="utf-8") + "\n" + ADDED[added] + "\n", encoding="utf-8")


EDITS = st.lists(st.tuples(st.sampled_from(["change", "remove", "rename", "add"]), st.integers(0, 20),
                           st.integers(0, len(ADDED) - 1)), min_size=1, max_size=4)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EDITS)
def test_kept_rows_equal_the_analysis_afresh_after_any_edits(edits):
    with scratch() as folder:
        assert_kept_equal_fresh(folder)  # the first run computes and keeps every report's rows
        for edit in edits:
            apply(folder, edit)
            assert_kept_equal_fresh(folder)


def _pages(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (folder / "direct").glob("*.json")}


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EDITS)
def test_direct_profile_pages_are_written_again_exactly_where_they_changed(edits):
    """After any edits, the direct profile pages equal those written afresh, and only the pages whose content changed
    were written again (:data:`profiles.KEYS`); a damaged or missing list of keys writes every page again."""
    from unittest import mock

    from govreports.book import profiles

    written: list[str] = []
    real = profiles._write_direct

    def write(blocks, path, label):
        written.append(path.name)
        return real(blocks, path, label)

    with scratch() as folder, mock.patch.object(profiles, "_write_direct", write):
        out = folder.parent / "profiles"
        profiles.write_profiles(gr.load_corpus(folder, workers=1), out, direct=True)
        for edit in [*edits, "damage keys", "no keys"]:
            if isinstance(edit, tuple):
                apply(folder, edit)
            elif edit == "damage keys":
                (out / profiles.DIRECT / profiles.KEYS).write_text("[", encoding="utf-8")
            else:
                (out / profiles.DIRECT / profiles.KEYS).unlink()
            before, written[:] = _pages(out), []
            corpus = gr.load_corpus(folder, workers=1)
            profiles.write_profiles(corpus, out, direct=True)
            mine = list(written)
            with tempfile.TemporaryDirectory() as fresh:
                profiles.write_profiles(afresh(corpus), fresh, direct=True)
                assert _pages(out) == _pages(Path(fresh))
            after = _pages(out)
            changed = {name for name, page in after.items() if before.get(name) != page}
            assert sorted(mine) == sorted(after if isinstance(edit, str) else changed)


def test_one_changed_report_is_the_only_one_computed_again(monkeypatch):
    made: list[list[str]] = []
    unit_scores = themes._unit_scores
    monkeypatch.setattr(themes, "_unit_scores", lambda part: made.append(list(part.ids)) or unit_scores(part))
    with scratch() as folder:
        first = gr.load_corpus(folder, workers=1)
        themes.unit_themes(first)
        assert made == [first.ids]
        apply(folder, ("change", 2, 0))
        again = gr.load_corpus(folder, workers=1)
        themes.unit_themes(again)
        assert made[1] == [again.ids[2]]
        themes.unit_themes(gr.load_corpus(folder, workers=1))  # nothing changed: nothing computed
        assert len(made) == 2


@pytest.mark.parametrize("damage", [b"", b"not parquet", None])
def test_a_damaged_or_foreign_kept_file_is_computed_again(damage):
    with scratch() as folder:
        corpus = gr.load_corpus(folder, workers=1)
        themes.unit_themes(corpus)
        (path,) = (Path(os.environ["GOVREPORTS_CACHE"]) / kept_rows.KIND).rglob("*.parquet")
        if damage is None:  # valid Parquet whose rows name reports it says it never computed
            pd.DataFrame({kept_rows.KEY: ["x"], "report_id": ["y"]}).to_parquet(path)
        else:
            path.write_bytes(damage)
        assert_kept_equal_fresh(folder)


def test_a_corpus_loaded_without_the_cache_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    corpus = gr.load_corpus(SEEDS[0].parent, cache=False)
    assert not kept_rows.keeps(corpus)
    themes.unit_themes(corpus)
    assert not (tmp_path / "cache" / kept_rows.KIND).exists()


def test_a_kept_frame_is_made_again_when_an_input_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "labels.json"
    source.write_text("[1]", encoding="utf-8")
    made = []

    def make() -> pd.DataFrame:
        made.append(1)
        return pd.DataFrame({"precision": [0.5, float("nan")], "labels": [3, 0]},
                            index=pd.Index(["执法", "全部"], name="theme"))

    first = kept_rows.kept_frame("fit", [source], make)
    pd.testing.assert_frame_equal(kept_rows.kept_frame("fit", [source], make), first)
    assert len(made) == 1
    source.write_text("[2]", encoding="utf-8")
    kept_rows.kept_frame("fit", [source], make)
    assert len(made) == 2


def test_the_theme_fit_read_back_equals_the_fit(tmp_path, monkeypatch):
    from govreports.analysis import evaluation
    from govreports.book.chapters import gold

    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    labels = gold()
    units = evaluation.theme_units(labels)
    fit = evaluation.agreement(evaluation.cross_validated(units), units.gold)
    evaluation.theme_scores.cache_clear()
    pd.testing.assert_frame_equal(evaluation.theme_scores(labels), fit)  # made and kept
    evaluation.theme_scores.cache_clear()
    pd.testing.assert_frame_equal(evaluation.theme_scores(labels), fit)  # read back
    assert len(list((tmp_path / "cache" / kept_rows.KIND).rglob("frame-*.parquet"))) == 1


def test_without_a_folder_to_keep_them_everything_is_computed_and_nothing_fails(tmp_path, monkeypatch):
    """The cache's folders for kept rows and verbs cannot be made (a file stands where each would be): the analyses
    are computed, none is kept, and the files are left alone."""
    from govreports.analysis import evaluation, segment
    from govreports.book.chapters import gold

    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path))
    for kind in (kept_rows.KIND, "jieba"):
        (tmp_path / kind).write_text("", encoding="utf-8")
    corpus = gr.load_corpus(SEEDS[0].parent, workers=1)
    assert kept_rows.keeps(corpus)
    fresh = afresh(corpus)
    for name, analysis in ANALYSES.items():
        pd.testing.assert_frame_equal(analysis(corpus), analysis(fresh), obj=name)
    segment.two_character_verbs.cache_clear()
    assert "推进" in segment.two_character_verbs()
    evaluation.theme_scores.cache_clear()
    assert len(evaluation.theme_scores(gold()))
    assert all((tmp_path / kind).read_text(encoding="utf-8") == "" for kind in (kept_rows.KIND, "jieba"))


def test_the_verbs_are_kept_and_read_back(tmp_path, monkeypatch):
    from govreports.analysis import segment

    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path))
    segment.two_character_verbs.cache_clear()
    made = segment.two_character_verbs()
    (kept,) = (tmp_path / "jieba").rglob("two_character_verbs.json")
    segment.two_character_verbs.cache_clear()
    assert segment.two_character_verbs() == made and "推进" in made and all(len(v) == 2 for v in made)
    kept.write_text('["不是两字以上的词语"]', encoding="utf-8")  # not two characters: made again
    segment.two_character_verbs.cache_clear()
    assert segment.two_character_verbs() == made


def test_the_domain_frequencies_are_kept_and_the_fast_engine_then_needs_no_jieba(tmp_path, monkeypatch):
    """jieba-rs takes the domain terms at the frequencies jieba gives them; kept, they are read back, and the fast
    engine is built without loading jieba's dictionary (tokenizer() is never made); a damaged file is made again."""
    from govreports.analysis import segment

    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path))
    tok = segment.tokenizer()
    tok.check_initialized()
    want = tuple((t, tok.FREQ[t]) for t in segment.dictionary_terms() if segment.JIEBA_BLOCK.fullmatch(t))
    segment.domain_frequencies.cache_clear()
    assert segment.domain_frequencies() == want and len(want) > 50
    (kept,) = (tmp_path / "jieba").rglob("domain_frequencies.json")
    text = "全面推进依法行政，深化“放管服”改革，推行行政执法三项制度。"
    before = segment.cut(text)
    for damaged in (None, '[["不是", 1]]', "{"):
        if damaged is not None:
            kept.write_text(damaged, encoding="utf-8")
        for cached in (segment.domain_frequencies, segment.fast_engine, segment.tokenizer):
            cached.cache_clear()
        assert segment.fast_engine() is not None
        assert segment.tokenizer.cache_info().currsize == (0 if damaged is None else 1)
        assert segment.domain_frequencies() == want and segment.cut(text) == before


def test_a_readers_words_and_the_dictionarys_repeated_words_are_kept_and_need_no_jieba(tmp_path, monkeypatch):
    """The frequencies jieba-rs gives a reader's concepts, and the dictionary words that look like a repeated-character
    phrase, are what jieba itself says; kept, they are read back without loading jieba's dictionary, and a damaged
    file is made again."""
    from govreports.analysis import segment, template

    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path))
    tok = segment.tokenizer()
    tok.check_initialized()
    words = frozenset({"府院联动", "法治政府建设", "柔性执法清单", "x光"})
    want_freq = tuple((w, max(tok.FREQ.get(w, 0), tok.suggest_freq(w, False))) for w in sorted(words))
    want_words = frozenset(w for w, f in tok.FREQ.items() if f and template.REPEAT.fullmatch(w))
    assert {"法律法规", "政务服务"} <= want_words and "压紧压实" not in want_words
    text = "深化府院联动，推行柔性执法清单，压紧压实法律法规责任。"
    first = None
    for damaged in (None, None, '[["不是", 1]]', "{"):
        for path in (tmp_path / "jieba").rglob("*words*.json") if damaged else ():
            path.write_text(damaged, encoding="utf-8")
        for cached in (segment.word_frequencies, segment.dictionary_words, segment.engine_with, segment.tokenizer):
            cached.cache_clear()
        assert segment.word_frequencies(words) == want_freq
        assert segment.dictionary_words(template.REPEAT.pattern) == want_words
        cut = segment.cut_spans(text, tok=segment.engine_with(words))
        assert segment.tokenizer.cache_info().currsize == (0 if first is not None and damaged is None else 1)
        first = first or cut
        assert cut == first and (2, 6) in cut  # 府院联动 whole


def test_rows_whose_types_differ_from_those_kept_are_all_made_again():
    """A table whose column types depend on its rows (ints for the whole corpus, floats for one report) cannot be
    joined to the rows kept: the whole corpus is computed again, equal to the analysis afresh."""
    made: list[int] = []

    def make(c: gr.Corpus) -> pd.DataFrame:
        made.append(len(c.ids))
        size = pd.Series([len(r.text) for r in c.reports])
        return pd.DataFrame({"report_id": list(c.ids), "size": size if len(c.ids) > 1 else size.astype(float)})

    with scratch() as folder:
        kept_rows.kept(gr.load_corpus(folder, workers=1), "sizes", make)
        apply(folder, ("change", 1, 2))
        corpus = gr.load_corpus(folder, workers=1)
        got = kept_rows.kept(corpus, "sizes", make)
        assert made == [5, 1, 5]
        pd.testing.assert_frame_equal(got, make(afresh(corpus)))
