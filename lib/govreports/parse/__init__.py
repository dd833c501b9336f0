"""Parsing: text to a report (structure, titles, metadata, genre, roles, metrics, items, places and codes).
In: the text of one file, as the reading stage gives it.
Out: a :class:`govreports.model.Report` with every span an offset into that text (:func:`parse.report.parse_text`)."""
