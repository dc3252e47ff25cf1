# The commands the README gives, and the ones CI runs. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONFIG ?= config.toml

.PHONY: run test lint install

$(BIN)/coi: pyproject.toml web/translations/*/LC_MESSAGES/messages.po
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pybabel compile --statistics -d web/translations
	touch $(BIN)/coi

install: $(BIN)/coi

# Crawl the sources of $(CONFIG), bring the index up to date, and serve on http://127.0.0.1:5000
run: install
	$(BIN)/coi crawl --config $(CONFIG) --progress
	$(BIN)/coi index --config $(CONFIG)
	$(BIN)/coi serve --config $(CONFIG)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest
