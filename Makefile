# Two commands on a fresh machine with Python 3.11: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= data/demo
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: install demo test ui bench bench-run clean expectations chromium screenshots readme reliability-table lint mutate

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Dagster refuses a DAGSTER_HOME that does not exist yet
$(DAGSTER_HOME)/dagster.yaml:
	@mkdir -p $(DAGSTER_HOME) && touch $@

# lint first (seconds), then the suite; pytest exits 5 when it collected no test, which fails too
test: $(STAMP) $(DAGSTER_HOME)/dagster.yaml chromium lint
	$(BIN)/python -m pytest

# The browser tests need headless Chromium (Debian's package) and a CJK font for the pictures.
# Installed when missing and apt-get can (root, as CI runs); otherwise those tests skip, saying why.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "make: installing chromium and fonts-wqy-microhei (Debian packages) for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      chromium fonts-wqy-microhei >/dev/null) || echo "make: could not install chromium: browser tests will skip"; \
	  else echo "make: chromium is missing and apt-get is not usable here: browser tests will skip"; fi; }

demo: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m giar_pipeline.demo $(DEMO_DIR)

# after `make demo`, the UI shows the demo's landing folder and warehouse (GIAR_ENV overrides)
ui: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	GIAR_ENV=$${GIAR_ENV:-$$([ -f data/demo/giar.duckdb ] && echo demo || echo dev)} \
		$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

# README pictures: the demo's report and the asset graph page, in headless Chromium
screenshots: $(STAMP) chromium
	@[ -f $(DEMO_DIR)/giar.duckdb ] || $(MAKE) demo
	$(BIN)/python -m tests.screenshots $(DEMO_DIR) docs

# README's catalogue block, regenerated from the catalogue (tests fail when it is stale)
readme: $(STAMP)
	$(BIN)/giar catalogue --readme README.md

expectations: $(STAMP)
	$(BIN)/giar expectations build --out expectations

# rewrite README's Reliability table from the bad-input corpus (tests/test_reliability.py checks it is current)
reliability-table: $(STAMP)
	GIAR_WRITE_README=1 $(BIN)/python -m pytest -q tests/test_reliability.py -k readme

# The naive stack of bench_extract (opencc-python-reimplemented takes the module name `opencc` from
# the official binding, so it gets its own venv). When it cannot be built the bench says so and goes on.
NAIVE := benchmarks/.naive-venv
$(NAIVE)/.installed:
	@($(PY) -m venv $(NAIVE) && $(NAIVE)/bin/python -m pip install -q beautifulsoup4 lxml \
	  opencc-python-reimplemented && touch $@) || echo "make: could not build $(NAIVE): its row will say so"

bench: $(STAMP) $(NAIVE)/.installed
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_checks.py

# `giar run` end to end on 10k and 100k generated documents (slow: tens of minutes; not in `make bench`)
bench-run: $(STAMP)
	$(BIN)/python benchmarks/bench_run.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Mutation testing (mutmut; slow, so not part of `make test`): the modules [tool.mutmut] names, or
# some of them, e.g. `make mutate MUTANTS='giar_pipeline.relations*'`; results are kept in mutants/
# and re-runs only test what changed. Then the score per module.
MUTANTS ?=
mutate: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m pip install -q -e '.[test,mutate]'
	GIAR_SHARED=$(CURDIR)/../shared $(BIN)/mutmut run $(MUTANTS)
	$(BIN)/python tools/mutation_scores.py

clean:
	rm -rf $(VENV) $(NAIVE) data .dagster_home giar.duckdb
