"""govreports: parse and analyse annual reports on rule-of-law government construction (法治政府建设年度报告)."""
from .analysis.segment import cut
from .analysis.words import content_tokens, kwic
from .corpus import Corpus, corpus_path, load_corpus
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
