"""Analysis: the corpus's tables and every analysis (words, themes, indicators, problems, template, timeliness,
comparison, evaluation, exports). In: a :class:`govreports.corpus.Corpus` of parsed reports.
Out: tidy data frames (ids, English column names, real types) and their reader's tables."""
