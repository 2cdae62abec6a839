# Two commands do all set-up on a fresh Debian machine (Python 3.11+, make):
#   make site   — validate the guides and build the whole site into site/
#   make test   — run the test suite
# Both create .venv and install the pinned dependencies when needed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-test.txt pyproject.toml | cksum | cut -d' ' -f1)
ADDR ?= 127.0.0.1:8000
# Material prints a notice about MkDocs 2.0 on every build; the README says what it means for this project.
export NO_MKDOCS_2_WARNING := 1

NODE_STAMP := node_modules/.installed

.PHONY: site test serve validate lint bench clean system-deps site-system-deps

$(STAMP): requirements.txt requirements-test.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# Test-only tools outside PyPI: the Nu HTML Checker (npm) and Java to run it (Debian).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

system-deps:
	@scripts/install-system-deps.sh test

# Pango and fonts for the PDFs (WeasyPrint)
site-system-deps:
	@scripts/install-system-deps.sh site

# `cmg build` is `mkdocs build` with one process per locale at the same time (same output, same
# --strict: any warning in any locale fails the build); then the offline copy of the site.
site: $(STAMP) site-system-deps
	$(BIN)/cmg validate
	$(BIN)/cmg build --strict
	$(BIN)/cmg offline --site-dir site

validate: $(STAMP)
	$(BIN)/cmg validate

test: $(STAMP) $(NODE_STAMP) system-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check scripts tests

# MkDocs 1.6.1 needs --livereload spelled out with recent click releases.
# `make serve LOCALE=ko` previews one locale only and rebuilds only the pages an edit changes
# (--dirty; the cmg plugin also rebuilds the pages that show what changed: titles, cross-references).
serve: $(STAMP)
ifdef LOCALE
	CMG_BUILD_LOCALE=$(LOCALE) $(BIN)/mkdocs serve --livereload --dirty --dev-addr $(ADDR)
else
	$(BIN)/mkdocs serve --livereload --dev-addr $(ADDR)
endif

# Benchmarks (not part of `make test`): prints a table, writes scripts/bench/results.json.
bench: $(STAMP)
	$(BIN)/python scripts/bench/bench.py $(BENCH_ARGS)

clean:
	rm -rf site .pytest_cache
