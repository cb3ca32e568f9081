# The commands in README.md. Every target creates the virtual environment in
# .venv and installs the project into it when that is missing or out of date.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kneelib-installed
PYTEST_ARGS ?=

.PHONY: lab lint lrs test test-unit test-notebooks test-browser bench validate schema nav clean help

help:
	@echo "make lab      open the series in JupyterLab (notebooks/00-start-here.ipynb)"
	@echo "make test     run ruff, then every test: unit, content, widget and notebook (nbval) tests"
	@echo "make lint     ruff check and ruff format --check (make test runs it first)"
	@echo "make test-browser  run every notebook in Chromium with Playwright (needs /usr/bin/chromium)"
	@echo "make bench    time each notebook's set-up cell and Run All in a fresh kernel, its memory, and content validation"
	@echo "make validate check every content file in data/, then the items (lint-items prints its warnings)"
	@echo "make student-edition  write the series without instructor cells to build/student-edition"
	@echo "make app      serve the series with Voila (code hidden)"
	@echo "make dashboard  serve the instructor's live workshop dashboard with Voila"
	@echo "make lite     build the JupyterLite static site"
	@echo "make test-delivery  slow delivery checks (JupyterLite build, student edition under nbval)"
	@echo "make schema   regenerate data/schema/*.schema.json"
	@echo "make nav      regenerate navigation, contents and reference cells"
	@echo "make lrs      start a learning record store (Ralph) for a live workshop and print its join code"

$(STAMP): pyproject.toml setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/00-start-here.ipynb

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) lint
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax tests notebooks --ignore=tests/browser $(PYTEST_ARGS)

test-unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 tests --ignore=tests/browser $(PYTEST_ARGS)

BROWSER_STAMP := $(VENV)/.kneelib-browser-installed
$(BROWSER_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,browser]'
	@touch $(BROWSER_STAMP)

# Real-browser tests: JupyterLab in Debian's Chromium, driven by Playwright.
# Screenshots of every notebook are written to build/screenshots/.
test-browser: $(BROWSER_STAMP)
	@test -x "$${KNEELIB_CHROMIUM:-/usr/bin/chromium}" || { echo "Chromium not found: install Debian's chromium package (apt-get install chromium) or set KNEELIB_CHROMIUM" >&2; exit 1; }
	$(BIN)/python -m pytest -p no:xdist tests/browser $(PYTEST_ARGS)

test-notebooks: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax notebooks $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python tools/bench.py

validate: $(STAMP)
	$(BIN)/python -m kneelib validate
	$(BIN)/python -m kneelib lint-items

schema: $(STAMP)
	$(BIN)/python -m kneelib schema

nav: $(STAMP)
	$(BIN)/python tools/make_nav.py

# Live workshops: a Ralph learning record store on this machine (docs/workshop.md)
lrs: $(STAMP)
	$(BIN)/python tools/lrs.py

clean:
	rm -rf $(VENV) build .pytest_cache

# ---- instructors and delivery (Voila app, JupyterLite site, student edition)
DELIVERY_STAMP := $(VENV)/.kneelib-delivery-installed
EDITION ?= build/student-edition
VOILA_ARGS ?=

.PHONY: app dashboard lite student-edition test-delivery

$(DELIVERY_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,delivery]'
	@touch $(DELIVERY_STAMP)

student-edition: $(STAMP)
	$(BIN)/python -m kneelib student-edition $(EDITION)

app: $(DELIVERY_STAMP) student-edition
	@echo "Open http://localhost:8866/voila/render/00-start-here.ipynb (Ctrl+C stops the app)"
	$(BIN)/voila $(EDITION) --no-browser $(VOILA_ARGS)

# The instructor's live dashboard (needs KNEELIB_LRS_URL and KNEELIB_LRS_READ_AUTH; docs/workshop.md)
dashboard: $(DELIVERY_STAMP)
	@echo "Open http://localhost:8866/ (Ctrl+C stops the dashboard)"
	$(BIN)/voila notebooks/instructor/dashboard.ipynb --no-browser $(VOILA_ARGS)

lite: $(DELIVERY_STAMP)
	$(BIN)/python tools/build_lite.py

test-delivery: $(DELIVERY_STAMP)
	$(BIN)/python -m pytest -m delivery tests $(PYTEST_ARGS)
