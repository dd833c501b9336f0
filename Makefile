# Two commands do everything on a fresh machine with python3 (3.11+) and make:
#   make book   - set up .venv, execute every chapter, build _build/html (warnings are errors)
#   make test   - set up .venv, run the unit tests and strict nbval over the chapters
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test test-shapes refresh e2e bench clean lab

# A corpus named by a relative path is resolved once, here: profiles run from this folder, chapters from
# chapters/, and both must read the same folder.
ifneq ($(GOVREPORTS_CORPUS),)
export GOVREPORTS_CORPUS := $(abspath $(GOVREPORTS_CORPUS))
endif

# Under a lock (util-linux flock, part of every Debian): two makes started together install once, in turn.
$(STAMP): requirements.txt pyproject.toml
	flock $(VENV).lock sh -c 'test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) && \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt && touch $@'

# Execute every chapter on $GOVREPORTS_CORPUS (default: seeds/) and build the HTML book (tools/build_book.py):
# profile pages written, chapters executed in parallel, Sphinx reading and writing on every core
# ($GOVREPORTS_WORKERS limits the processes). --all re-reads every page, -W turns warnings into errors, -n
# reports broken references, and a chapter that raises fails the build (nb_execution_raise_on_error).
# The old book is removed first, so pages of another corpus never mix with this one's and a failed build
# leaves no book that looks current; when the corpus, the code and the book's sources are those of the last
# successful build, the book is current and nothing runs.
book: $(STAMP)
	$(BIN)/python tools/build_book.py -- --all -W -n --keep-going

# Lint (ruff: pyflakes, isort, pyupgrade, bugbear), unit tests and strict nbval, always against seeds/ so that
# committed outputs stay the reference.
test: $(STAMP)
	$(BIN)/ruff check .
	env -u GOVREPORTS_CORPUS $(BIN)/python -m pytest -m "not shapes" --nbval --nbval-current-env tests chapters

# Every chapter executed on corpora of several shapes (one report, one year, a panel, the real development
# set, only non-reports, unreadable files): no error and no stderr output in any of them.
test-shapes: $(STAMP)
	env -u GOVREPORTS_CORPUS $(BIN)/python -m pytest -m shapes tests/test_shapes.py

# The built book in headless Chromium (Debian packages chromium and chromium-driver): every page, search,
# navigation, phone layout; and a second book, built as `make book` builds (warnings are errors), on seeds +
# tests_e2e/hostile.txt + a generated hostile corpus (tests_e2e/hostile_corpus.py: HTML, MyST, Jinja,
# javascript: links, Markdown tables, bidi controls and formulas in every field and file name), on which no
# payload may run or render as markup; with a link to /etc/passwd (listed, never read) and a hidden file.
# $HOSTILE_SEED and $HOSTILE_REPORTS vary the generated corpus. Its profile pages are drawn into the book's template
# (--direct-profiles), as those of a corpus of more than limits.SPHINX_PROFILES reports are, so both ways meet the payloads.
E2E_CORPUS := _build/e2e-corpus
_build/html/index.html:
	$(MAKE) book

e2e: $(STAMP) _build/html/index.html
	rm -rf $(E2E_CORPUS) && mkdir -p $(E2E_CORPUS) && cp seeds/*.txt tests_e2e/hostile.txt $(E2E_CORPUS)/
	$(BIN)/python tests_e2e/hostile_corpus.py $(E2E_CORPUS)
	ln -s /etc/passwd $(E2E_CORPUS)/passwd.txt && printf '隐藏' > $(E2E_CORPUS)/..txt
	GOVREPORTS_CORPUS=$(CURDIR)/$(E2E_CORPUS) $(BIN)/python tools/build_book.py --path-output _build/e2e --direct-profiles -- \
		--all -W -n --keep-going
	HOSTILE_BOOK=$(CURDIR)/_build/e2e/_build/html HOSTILE_CORPUS=$(CURDIR)/$(E2E_CORPUS) $(BIN)/python -m pytest tests_e2e

# Explore in JupyterLab: installed into .venv on first use (make book and make test do not need it) and
# opened on the chapters; the chapters read $GOVREPORTS_CORPUS as the book does. LAB_ARGS passes options to
# JupyterLab (e.g. LAB_ARGS=--no-browser on a server).
JUPYTERLAB := jupyterlab==4.6.6
LAB_ARGS ?=
lab: $(STAMP)
	@$(BIN)/python -c "import jupyterlab" 2>/dev/null || $(BIN)/python -m pip install --quiet --disable-pip-version-check "$(JUPYTERLAB)"
	@echo "Corpus: $${GOVREPORTS_CORPUS:-seeds/}"
	cd chapters && ../$(BIN)/jupyter lab $(LAB_ARGS)

# Re-execute the chapters in place (on seeds/) to refresh the outputs committed with them.
refresh: $(STAMP)
	env -u GOVREPORTS_CORPUS $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=900 --ExecutePreprocessor.record_timing=False chapters/*.ipynb
	$(BIN)/python tools/strip_timing.py chapters/*.ipynb

clean:
	rm -rf _build profiles chapters/downloads

# Speed and memory of the book's path on 1,000 synthetic reports (printed figures and one JSON line each):
# load_corpus cold and warm against rjieba and jieba alone, then the whole book clean and unchanged. The Parquet
# store on 1,000, 10,000 and 100,000 (clean, unchanged, one changed; the whole process tree's peak memory) and
# the chapters' queries on it in DuckDB beside a warm load_corpus (about 20 minutes and 2 GB of disk in all).
# Hostile files (a zip bomb in a .docx, a PDF stream bomb, a file over the size limit): time and peak memory
# of `check` on each, refused within seconds and a few hundred MB. One 30 MB report (text and web page) against
# the same bytes as 1,000 reports: parse and profile pages, side by side (the ratio must stay under 3).
bench: $(STAMP)
	$(BIN)/python bench/pipeline.py --reports 1000
	$(BIN)/python bench/book.py --reports 1000 10000 --memory 3G --save bench/results/book.json
	$(BIN)/python bench/store.py --reports 1000 10000 100000 --compare-load --cluster --save bench/results/store.json
	$(BIN)/python bench/bombs.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/large_file.py --mb 30 --files 1000 --profiles
