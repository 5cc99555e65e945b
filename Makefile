# Deep-learning foundations course. `make help` lists the targets.
# Every target creates or reuses .venv from the pinned requirements; a second run is quick.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2
# configurable-http-proxy for JupyterHub, from npm, into the project (hub/proxy/package-lock.json pins it)
PROXY := hub/proxy/node_modules/.bin/configurable-http-proxy
HUB_IP ?= 127.0.0.1
HUB_PORT ?= 8000
HUB_EDITION ?= en
# nbgrader calls tools of its own environment (alembic) by name, as in an activated venv
export PATH := $(abspath $(BIN)):$(PATH)

.DEFAULT_GOAL := help
.PHONY: help lab test check release demo bench lint clean hub hub-stop

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# JupyterLab refuses to start as root (containers, cloud machines) unless told to
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP) ## open JupyterLab on the student notebooks in course/
	$(BIN)/jupyter lab --notebook-dir=course $(LAB_ARGS)

test: lint $(PROXY) ## run every quality gate (pytest) after the linters
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup

check: $(STAMP) ## self-check NB=course/<chapter>/<name>.ipynb with the full tests (no NB: every chapter)
	$(BIN)/python -m autograder check $(if $(NB),$(NB),--all)

release: $(STAMP) ## regenerate course/ from solutions/ (nbgrader generate_assignment), then the 中文 edition course/zh/
	@for dir in solutions/*/; do \
		chapter=$$(basename $$dir); \
		echo "release $$chapter"; \
		$(BIN)/nbgrader generate_assignment $$chapter --log-level=WARN || exit 1; \
	done
	$(BIN)/python -m autograder editions

demo: $(STAMP) ## grade an example class end to end into work/gradebook.db
	$(BIN)/python -m autograder demo

bench: $(STAMP) $(PROXY) ## chapter run times and memory; grading 40 students (stock vs --jobs, Dask); a class on JupyterHub
	$(BIN)/python -m autograder bench
	$(BIN)/python -m autograder bench-grading
	$(BIN)/python -m autograder bench-hub


$(PROXY): hub/proxy/package.json hub/proxy/package-lock.json
	@if command -v npm >/dev/null; then \
		cd hub/proxy && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.bin/configurable-http-proxy; \
	else \
		echo "WARNING: npm is missing (apt-get install nodejs npm): make hub cannot run, its test skips"; \
	fi

hub: $(STAMP) $(PROXY) ## run a class on JupyterHub here (as root; HUB_IP, HUB_PORT, HUB_EDITION=zh); Ctrl+C ends it
	$(BIN)/python -m autograder hub --ip $(HUB_IP) --port $(HUB_PORT) --edition $(HUB_EDITION)

hub-stop: $(STAMP) ## stop the class's hub and every server it started
	$(BIN)/python -m autograder hub-stop

lint: $(STAMP) ## ruff (lint, format) and mypy (types) on the package and tests
	$(BIN)/ruff check autograder tests
	$(BIN)/ruff format --check autograder tests
	$(BIN)/mypy autograder

clean: ## remove the work folder and caches (keeps .venv)
	rm -rf work .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
