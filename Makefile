# Thaw: `make preview` sets everything up, builds the sample site and serves it;
# `make test` sets everything up (Python, npm and Debian's chromium) and runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup preview serve build check test browsers clean messages

setup: $(VENV)/.installed node_modules/.installed

# The runtime only (what a practice's build needs); the tests' packages come on top in $(VENV)/.tests-installed.
$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.tests-installed: $(VENV)/.installed requirements-test.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's chromium for the browser tests and nginx for the real-deployment test (Debian puts nginx in /usr/sbin,
# which a normal user's PATH lacks: look there too, so `make test` does not ask for sudo every time).
browsers:
	@{ command -v chromium || test -x /usr/bin/chromium; } >/dev/null 2>&1 && { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium nginx-light >/dev/null; }

preview: setup
	$(BIN)/python build.py preview

serve: setup
	$(BIN)/python build.py serve

build: setup
	$(BIN)/python build.py build

check: setup
	$(BIN)/python build.py check

test: setup $(VENV)/.tests-installed browsers
	$(BIN)/python -m pytest

clean:
	rm -rf _site ._site.thaw-cache .pytest_cache

# After changing the interface's words: extract them (babel.cfg says where) into messages.pot, and bring every
# language's messages.po up to date with it (new words arrive untranslated; `check` lists them).
messages: setup
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --sort-output --project Thaw --copyright-holder Thaw -o site/locales/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i site/locales/messages.pot -d site/locales
