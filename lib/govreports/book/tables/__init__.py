"""The reader's tables and sentences: each analysis's tidy result with Chinese headers and labels (book.labels),
report labels for ids, and the sentences the chapters print. One module per analysis, named as it is."""
from . import (
    common,
    compare,
    concepts,
    corpus,
    evaluation,
    evaluation_structure,
    export,
    indicators,
    place_year,
    problems,
    scale,
    template,
    themes,
    timeliness,
    words,
)

__all__ = ["common", "compare", "concepts", "corpus", "evaluation", "evaluation_structure", "export", "indicators",
           "place_year", "problems", "scale", "template", "themes", "timeliness", "words"]
