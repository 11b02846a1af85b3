# sarkit's front door. `make help` lists the targets.
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: help setup run test test-fast lint bench mutation assets messages clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(VENV)/.installed sarkit/static/.built ## install system packages, Python packages and front-end assets

$(VENV)/.system: scripts/system-deps.sh
	bash scripts/system-deps.sh
	@mkdir -p $(VENV) && touch $@

$(VENV)/.installed: $(VENV)/.system pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

node_modules/.installed: package.json package-lock.json $(VENV)/.system
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

sarkit/static/.built: $(VENV)/.installed node_modules/.installed scripts/build-assets.sh $(wildcard assets/*)
	bash scripts/build-assets.sh
	@touch $@

assets: ## rebuild the CSS, icons and fonts into sarkit/static
	bash scripts/build-assets.sh

run: setup ## set everything up and run the site on http://127.0.0.1:5000
	$(VENV)/bin/sarkit serve --host $(HOST) --port $(PORT)

test: setup lint ## set everything up and run the whole test suite
	$(VENV)/bin/sarkit profiles validate
	$(PY) -m pytest --cov --cov-report=term

test-fast: setup ## run the tests without the browser
	$(PY) -m pytest -m "not browser"

# The domain modules mypy checks strictly, and those it checks without --strict so far (the
# web layer and the profile checker are not typed through yet).
STRICT = sarkit/clock.py sarkit/settings.py sarkit/messages.py sarkit/deadlines.py \
	sarkit/answers.py sarkit/markdown_literal.py sarkit/calendars.py sarkit/letters.py \
	sarkit/replies.py sarkit/packs.py sarkit/reply_reader.py sarkit/reply_files.py
TYPED = sarkit/documents.py sarkit/profiles.py sarkit/cli.py sarkit/contact.py
MYPY = $(VENV)/bin/mypy --follow-imports=silent --ignore-missing-imports

lint: setup ## ruff (lint and format) and mypy on the domain
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MYPY) --strict $(STRICT)
	$(MYPY) $(TYPED)

bench: setup ## the benchmark: ratios measured in one run
	$(PY) bench/run.py

mutation: setup ## mutation testing of the domain modules (slow; not part of make test)
	$(PY) scripts/mutation.py

messages: setup ## extract user-facing strings into translations/messages.pot (for Welsh)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -o translations/messages.pot .

clean: ## remove the virtual environment and built assets
	rm -rf $(VENV) node_modules sarkit/static
