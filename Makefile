# Two commands do everything on a fresh machine with python3 (3.11+) and make:
#   make book   - set up .venv, execute every chapter, build _build/html (warnings are errors)
#   make test   - set up .venv, run the unit tests and strict nbval over the chapters
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test refresh clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Execute every chapter on $GOVREPORTS_CORPUS (default: seeds/) and build the HTML book.
# -W turns warnings into errors, -n reports broken references, and a chapter that raises fails
# the build (nb_execution_raise_on_error in _config.yml).
book: $(STAMP)
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going

# Unit tests and strict nbval, always against seeds/ so that committed outputs stay the reference.
test: $(STAMP)
	env -u GOVREPORTS_CORPUS $(BIN)/python -m pytest --nbval --nbval-current-env tests chapters

# Re-execute the chapters in place (on seeds/) to refresh the outputs committed with them.
refresh: $(STAMP)
	env -u GOVREPORTS_CORPUS $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=900 --ExecutePreprocessor.record_timing=False chapters/*.ipynb
	$(BIN)/python tools/strip_timing.py chapters/*.ipynb

clean:
	rm -rf _build
