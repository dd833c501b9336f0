"""Remove the execution timestamps that Jupyter stores in cell metadata, so that refreshing the
committed outputs changes a notebook only where an output changed. Usage: strip_timing.py NB..."""
import sys

import nbformat

for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    removed = [c.metadata.pop("execution", None) for c in nb.cells]
    if any(r is not None for r in removed):
        nbformat.write(nb, path)
