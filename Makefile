# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
# CPU build of PyTorch; override on other machines, e.g. make TORCH_SPEC="torch==2.5.1" test
TORCH_SPEC ?= torch==2.13.0
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: help install browser nginx run build test test-fast check format bench bench-quick clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet "$(TORCH_SPEC)"
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install the project (CPU torch)

browser:  ## install Debian's chromium for the end-to-end tests (needs root and apt)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not installed and no root apt: browser tests will be skipped"; fi; }

nginx:  ## install Debian's nginx for the scale-out rehearsal (needs root and apt)
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else echo "nginx not installed and no root apt: the scale-out rehearsal will be skipped"; fi; }

build: install  ## build or refresh the index
	$(BIN)/recommender build

run: build  ## install, build the index and start the app on http://localhost:$(PORT)
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: install browser nginx  ## install everything and run the whole test suite
	$(BIN)/pytest

test-fast: install  ## tests without the browser
	$(BIN)/pytest -m "not browser"

check: install  ## ruff lint + format check, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install  ## apply ruff formatting and import order
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install browser  ## full benchmarks -> benchmarks/results.json
	$(BIN)/python -m benchmarks.run --out benchmarks/results.json

bench-quick: install  ## seconds-long benchmark smoke run -> benchmarks/results-quick.json
	$(BIN)/python -m benchmarks.run --quick --out benchmarks/results-quick.json

clean:  ## remove the venv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-output
