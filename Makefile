# Two commands on a fresh machine with Python 3.11:
#   make run    set up .venv, install newsfacts with its spaCy model, process corpus/ into outputs/
#   make test   set up .venv with the test extras and run the test suite
PYTHON ?= python3.11
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run test setup setup-test clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -e .

setup-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'

run: setup
	$(BIN)/newsfacts run corpus/ -o outputs/

test: setup-test
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) outputs/*.jsonl outputs/*.csv outputs/*.json outputs/*.parquet
