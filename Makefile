# Two commands: `make repro` and `make test`. Both create .venv from the committed lock file
# (hash-checked, no unpinned installs) when it is missing or older than the lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: repro update reextract notebook test test-fast lint install-chromium install-redis bench lock \
	clean-venv

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "siaran needs Python 3.11 or newer; set PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes --no-deps -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	$(PIP) check
	touch $(STAMP)

repro: $(STAMP)
	dvc repro
	@echo
	@echo "Outputs:"
	@echo "  replica archive (synthetic) data/replica/<source>/*.warc.gz, ground truth data/replica/groundtruth.parquet"
	@echo "  crawl WARC, index, ledger   data/raw/<source>/<snapshot>/"
	@echo "  extracted releases          data/extracted/<source>.parquet"
	@echo "  extraction accuracy         metrics/accuracy.json"
	@echo "  corpus package              data/corpus/ (releases.parquet, .csv, .jsonl, datapackage.json, README.md card)"
	@echo "  places, quotes, query hits  data/enriched/"
	@echo "  coverage tables             data/stats/ (volume, attention, source_health, completeness, places, speakers, ...)"
	@echo "  coverage metrics, plots     metrics/coverage.json (dvc metrics show), dvc plots show"
	@echo "  coverage report             reports/coverage.html (one page, opens offline)"

# Live sites (params.yaml crawl.mode: live): a new snapshot of every selected source, only what
# is new since the last one, then everything downstream. Earlier snapshots are kept.
update: $(STAMP)
	dvc repro replica
	dvc repro --force --downstream crawl

# Extract everything again from the stored archive, then corpus and statistics; no crawl.
reextract: $(STAMP)
	dvc repro --force --downstream extract

# The analysis notebooks in JupyterLab, from the project environment; jupytext.toml keeps
# each .ipynb and its py:percent script in sync.
notebook: $(STAMP)
	jupyter lab notebooks/

lint: $(STAMP)
	ruff check .
	ruff format --check .

# Debian's Chromium for the report's browser test, installed when missing (needs root).
install-chromium:
	bash .ci/install-chromium

test: lint install-chromium install-redis
	pytest

# redis-server for the distributed crawl test, from the Debian package when missing; where it
# cannot be installed (no root, no apt-get) it says why, and that test skips saying so too.
install-redis:
	bash .ci/install-redis

# Unit and page-object tests only (no crawl, server, DVC or notebook): under a minute.
test-fast: $(STAMP)
	pytest -m "not slow"

# Measurements, not tests: extraction against trafilatura, crawl politeness, stats at scale.
bench: $(STAMP)
	python -m tests.benchmark --out bench/results.json

# Maintainers only: re-resolve the lock after editing pyproject.toml (needs uv).
lock:
	uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
		--generate-hashes -o requirements.lock

clean-venv:
	rm -rf $(VENV)
