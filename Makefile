# weerbaar: two commands for a newcomer — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
DB ?= weerbaar.db

.PHONY: run test lint bench clean

$(BIN)/weerbaar: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

run: $(BIN)/weerbaar
	$(BIN)/weerbaar init --db $(DB)
	$(BIN)/weerbaar --db $(DB)

test: $(BIN)/weerbaar
	$(BIN)/python -m pytest -q

lint: $(BIN)/weerbaar
	$(BIN)/ruff check .

bench: $(BIN)/weerbaar
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
