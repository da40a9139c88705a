# Two entry points, both from a fresh clone with only Python 3.11 installed:
#   make book   set up .venv, build the HTML book into _build/html (executes every notebook)
#   make test   set up .venv, lint, run unit tests, build the book with warnings as errors,
#               make the PDF, run nbval and the tests of the built book (browser, WCAG,
#               offline, PDF)
#   make pdf    build the book and print it to _build/pdf/book.pdf
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Use the kernel installed in .venv, whatever kernels the user has elsewhere.
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter
STAMP  := $(VENV)/.installed
# The build, nbval and the unit tests already run one notebook or worker per core; a BLAS
# that also starts a thread per core oversubscribes the machine (a clean build took 85 s
# with it, 64 s without, on this 2-core machine). Override on the command line if needed.
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1

.PHONY: book test lint unit build nbval bench import-bench clean browser browser-deps \
	widget-bench rtd grading-bench pdf axe

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" > /dev/null
	touch $(STAMP)

book: $(STAMP) build

# -W turns every warning into an error, -n reports broken references, --keep-going
# shows them all before failing.
build: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going

# ruff: lint rules and the formatter's check, both configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# axe-core, the accessibility engine tests/book/test_accessibility.py runs in Chromium:
# Deque's own npm package, pinned, unpacked into .venv by npm (no download at test time).
AXE_VERSION := 4.14.1
AXE := $(VENV)/share/axe-core/axe.min.js
$(AXE):
	@command -v npm > /dev/null || { echo "the accessibility tests need npm (Debian: apt-get install npm) to unpack axe-core $(AXE_VERSION)"; exit 1; }
	mkdir -p $(VENV)/share/axe-core
	cd $(VENV)/share/axe-core && npm pack --silent axe-core@$(AXE_VERSION) > /dev/null && \
	  tar -xzf axe-core-$(AXE_VERSION).tgz --strip-components=1 package/axe.min.js package/LICENSE && \
	  rm axe-core-$(AXE_VERSION).tgz
axe: $(AXE)

# The whole book as one PDF, _build/pdf/book.pdf: the built pages joined in _toc.yml order
# and printed by headless Chromium once MathJax has typeset (print styles:
# _ext/static/ll-print.css). See _ext/ll_pdf.py.
pdf: $(STAMP) build browser-deps
	$(BIN)/python _ext/ll_pdf.py _build/html _build/pdf/book.pdf

# Unit tests of helpers and everything that does not need the built book.
unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 tests --ignore=tests/book

# nbval re-runs the notebooks the build executed and compares every output (one worker
# per notebook: --dist loadfile keeps all cells of a notebook in one kernel);
# tests/book holds the tests that need the built book.
# Chapters, exercises and (unless hide_solutions removed them) solutions are all compared.
NBVAL_DIRS = $$(ls -d _build/jupyter_execute/chapters _build/jupyter_execute/exercises \
	_build/jupyter_execute/solutions 2>/dev/null)
nbval: $(STAMP) $(AXE)
	$(BIN)/python -m pytest -n 2 --dist loadfile -p no:cacheprovider -p tests.nbval_plugin \
	  --nbval --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg $(NBVAL_DIRS) \
	  -o filterwarnings=
	$(BIN)/python -m pytest -n 2 --dist loadfile -p no:cacheprovider tests/book

test: $(STAMP) lint unit build pdf nbval

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf _build

# Headless Chromium for the browser tests and the PDF, and Poppler's pdftotext, which reads
# the PDF back in tests/book/test_pdf.py: Debian's chromium, chromium-driver and
# poppler-utils, installed with apt when missing (needs root, as on CI; nothing is
# downloaded by a tool).
browser-deps:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && command -v pdftotext > /dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver poppler-utils > /dev/null; \
	else echo "browser tests need chromium, chromium-driver and poppler-utils: sudo apt-get install chromium chromium-driver poppler-utils"; exit 1; fi

# The built book in a real browser: pages, motion, offline, WCAG (run after `build`;
# BOOK_HTML may point at another build).
# `make test` runs it too, with the other tests in tests/book.
BOOK_HTML ?= $(CURDIR)/_build/html
browser: $(STAMP) browser-deps $(AXE)
	BOOK_HTML=$(BOOK_HTML) $(BIN)/python -m pytest -p no:cacheprovider tests/book/test_browser.py \
	  tests/book/test_offline.py tests/book/test_accessibility.py

# The Read the Docs route: conf.py from _config.yml (with the local extensions' folder on
# sys.path, docs/sphinx_conf.py), then a plain sphinx-build into _build/rtd. It shares the
# execution cache of `make build`, so after a build it executes nothing.
rtd: $(STAMP)
	$(BIN)/python docs/sphinx_conf.py .
	$(BIN)/sphinx-build -W -n --keep-going -b html . _build/rtd

# How long `import helpers` takes, and each layer on first use (target: under 0.5 s).
import-bench: $(STAMP)
	$(BIN)/python benchmarks/import_time.py

# Median time from a slider change to the redrawn figure, for each explorer.
widget-bench: $(STAMP)
	$(BIN)/python benchmarks/widget_latency.py

# Grading throughput on a generated class (300 students x 8 notebooks by default; slow:
# not part of `make test`). STUDENTS=40 for a quick run.
STUDENTS ?= 300
grading-bench: $(STAMP)
	$(BIN)/python benchmarks/grading.py --students $(STUDENTS)
