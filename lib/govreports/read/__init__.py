"""Reading: bytes to text (formats, encodings, HTML, PDF, Word, Unicode clean-up, heading numbers).
In: a file's bytes and name, within the limits on untrusted files.
Out: the decoded text, its format and encoding, and what was set aside (:class:`read.decode.Extracted`)."""
