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
__version__ = "0.10.2"


def load_corpus(path=None, workers: int | None = None, cache: bool = True) -> Corpus:
    """:func:`govreports.corpus.load_corpus`; when ``$GOVREPORTS_STORE`` names a store folder (``make book`` names
    one in ``_build/``), the corpus reads its per-report tables from that store, brought up to date with the folder
    first (:func:`govreports.store.source.use_store`), instead of building them from its reports."""
    import os

    from .settings import STORE_VAR

    corpus = _load_corpus(path, workers, cache)
    out = os.environ.get(STORE_VAR, "").strip()
    if out and corpus.source is None:
        from .store.source import use_store

        use_store(corpus, out, workers, cache)
    return corpus
