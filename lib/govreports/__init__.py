"""govreports: parse and analyse annual reports on rule-of-law government construction (法治政府建设年度报告)."""
from .analysis.segment import cut
from .analysis.words import content_tokens, kwic
from .corpus import Corpus, corpus_path
from .corpus import load_corpus as _load_corpus
from .model import Check, Item, Line, Metric, Paragraph, PartCompliance, Report, Section, Sentence
from .parse.report import parse_bytes, parse_file, parse_text
from .parse.structure import segments
from .read.decode import DecodeError, decode

__all__ = [
    "Check", "Corpus", "DecodeError", "Item", "Line", "Metric", "Paragraph", "PartCompliance", "Report", "Section",
    "Sentence", "content_tokens", "cut", "kwic",
    "corpus_path", "decode", "load_corpus", "parse_bytes", "parse_file", "parse_text", "segments",
]
__version__ = "0.11.0"


def load_corpus(path=None, workers: int | None = None, cache: bool = True) -> Corpus:
    """:func:`govreports.corpus.load_corpus`; when ``$GOVREPORTS_STORE`` names a store folder (``make book`` names
    one in ``_build/``), the corpus reads its per-report tables from that store, brought up to date with the folder
    first (:func:`govreports.store.source.use_store`), instead of building them from its reports; a folder of more
    reports than are held in memory takes which files are reports, and their ids, from the store too
    (:func:`govreports.store.source.load_from_store`)."""
    import os

    from .settings import STORE_VAR

    out = os.environ.get(STORE_VAR, "").strip()
    if not out:
        return _load_corpus(path, workers, cache)
    from .store.source import load_from_store, use_store

    corpus = load_from_store(corpus_path(path), out, workers, cache)
    if corpus is None:
        corpus = _load_corpus(path, workers, cache)
        if corpus.source is None:
            use_store(corpus, out, workers, cache)
    return corpus
