# Two commands do all set-up on a fresh Debian machine (Python 3.11+, make):
#   make site   — validate the guides and build the whole site into site/
#   make test   — run the test suite
# Both create .venv and install the pinned dependencies when needed.

PYTHON ?= python3
# The engine: mkdocs (MkDocs 1.6), or properdocs (the MkDocs 1.x fork; `make site ENGINE=properdocs`
# installs requirements-properdocs.lock into .venv-properdocs and builds with it).
ENGINE ?= mkdocs
ifeq ($(ENGINE),properdocs)
VENV ?= .venv-properdocs
LOCK := requirements-properdocs.lock
else
VENV ?= .venv
LOCK := requirements.lock
endif
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat $(LOCK) pyproject.toml | cksum | cut -d' ' -f1)
ADDR ?= 127.0.0.1:8000
# Material prints a notice about MkDocs 2.0 on every build; the README says what it means for this project.
export NO_MKDOCS_2_WARNING := 1

NODE_STAMP := node_modules/.installed
# Our own modules' bytecode, as pip writes it for every installed package: an editable install writes
# none, and where PYTHONDONTWRITEBYTECODE is set (CI images, this project's machine) every cmg process
# (a build starts four) compiled all of cmg again, 0.3-0.8 s of CPU each. Cheap when nothing changed.
BYTECODE = @$(BIN)/python -m compileall -q scripts/cmg

.PHONY: site test test-fast serve validate lint bench clean system-deps site-system-deps lock venv

# Exactly the locked set (every transitive package, by hash): a fresh machine next year installs what
# the tests passed with. requirements*.txt hold the pins; `make lock` resolves them into the locks.
$(STAMP): $(LOCK) pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BYTECODE)
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
# --strict: any warning in any locale fails the build); then the offline copy of the site, a second
# build with file URLs whose PDFs are the first build's (from the PDF cache), their links made relative.
site: $(STAMP) site-system-deps
	$(BYTECODE)
	$(BIN)/cmg validate
	$(BIN)/cmg build --strict
	$(BIN)/cmg offline --site-dir site

validate: $(STAMP)
	$(BYTECODE)
	$(BIN)/cmg validate

# system-deps first: it installs Node.js and npm, which $(NODE_STAMP) runs
test: system-deps $(STAMP) $(NODE_STAMP)
	$(BYTECODE)
	$(BIN)/python -m pytest

# Everything that runs in process: no site build, no preview server, no browser (marked in tests/conftest.py),
# on every core (pytest-xdist): about 85 s of CPU time.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -n auto -m "not build and not browser and not site"

lint: $(STAMP)
	$(BIN)/ruff check scripts tests

# MkDocs 1.6.1 needs --livereload spelled out with recent click releases.
# `make serve` previews every locale and rebuilds only the pages an edit changes (--dirty; the cmg
# plugin also rebuilds the pages that show what changed: titles, cross-references, outdated-clause
# notices and findings in every locale, and keeps every page in each locale's search index).
# `make serve LOCALE=ko` previews one locale only, the same way.
serve: $(STAMP)
	$(BYTECODE)
ifdef LOCALE
	CMG_BUILD_LOCALE=$(LOCALE) $(BIN)/$(ENGINE) serve -f mkdocs.yml --livereload --dirty --dev-addr $(ADDR)
else
	$(BIN)/$(ENGINE) serve -f mkdocs.yml --livereload --dirty --dev-addr $(ADDR)
endif

# The virtual environment alone (`make venv ENGINE=properdocs`: the ProperDocs one).
venv: $(STAMP)

# After a pin in requirements*.txt changes: resolve the locks again (needs PyPI).
lock: $(STAMP)
	$(BIN)/python scripts/lock.py

# Benchmarks (not part of `make test`): prints a table, writes scripts/bench/results.json.
bench: $(STAMP)
	$(BYTECODE)
	$(BIN)/python scripts/bench/bench.py $(BENCH_ARGS)

clean:
	rm -rf site .pytest_cache
