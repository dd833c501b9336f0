"""The book: what readers see (chapter helpers, sentences, plotting, profile pages, figures, Sphinx extensions).
In: the analyses' tidy tables and the corpus.
Out: sentences, tables with Chinese headers, figures and pages."""
