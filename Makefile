# Two commands for users: `make run` (install, migrate, start) and `make test` (install, run every check).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 3000

.PHONY: run test install system-deps lint typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need: a PostgreSQL server, and Chromium for the playground's browser
# tests, with a colour emoji font (without one the bot's emoji render as empty boxes).
system-deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1 \
	    || ! dpkg -s fonts-noto-color-emoji >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    postgresql chromium fonts-noto-color-emoji >/dev/null; \
	fi

run: $(STAMP)
	$(BIN)/sfbot run --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check bot devkit tests bench
	$(BIN)/ruff format --check bot devkit tests bench

# mypy over bot/ (STYLE.md 14): part of `make test`, so bot/ stays clean.
typecheck: $(STAMP)
	$(BIN)/mypy bot

test: $(STAMP) system-deps lint typecheck
	$(BIN)/python -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) .pytest_cache
