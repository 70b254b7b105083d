# weerbaar: two commands for a newcomer — `make run` and `make test`.
# Dependencies are installed from requirements.lock (every package pinned); `make lock` refreshes it.
PYTHON ?= python3
VENV := .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
STAMP := $(VENV)/.installed
LOCK := requirements.lock
# The database: the per-user data folder unless DB is given (make run DB=oefen.db).
DB ?=
DB_OPTION := $(if $(DB),--db $(DB))

.PHONY: run test test-tools lint bench lock clean

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --requirement $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	@touch $@

run: $(STAMP)
	$(BIN)/weerbaar init $(DB_OPTION)
	$(BIN)/weerbaar $(DB_OPTION)

test: $(STAMP) test-tools
	$(BIN)/python -m pytest -q

# What pip cannot give the tests: Chromium (the browser tests load and print the HTML reports) and
# poppler-utils (pdftoppm). Installed with apt-get when missing; otherwise one line says how.
test-tools:
	@sh tools/ensure-test-tools.sh chromium poppler-utils

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Every bench/bench_*.py, then each figure beside its anchor measured in the same run, with the ratio
# (the lines the scripts write through bench/ratios.py). Exits 1 when a script missed its target.
bench: $(STAMP)
	@summary=$$(mktemp); status=0; \
	for script in bench/bench_*.py; do echo "== $$script"; \
		BENCH_SUMMARY=$$summary $(BIN)/python $$script || status=1; done; \
	echo "== figures beside their anchors (same run)"; cat $$summary; rm -f $$summary; exit $$status

# Re-resolve every dependency (app, dev tools, the PDF extra) for all platforms and pin the result.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --extra dev --extra pdf \
		--upgrade --output-file $(LOCK)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache
