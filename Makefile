# Cymar: `make run` to start everything, `make test` to check everything.
# Two Python 3.10 environments: .venv/rasa (Rasa 3.6) and .venv/app (everything else).

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.10: pyenv's 3.10.13 if present, else python3.10 on PATH, else PYTHON310=...
PYENV_PY := $(shell command -v pyenv >/dev/null 2>&1 && echo "$$(pyenv root)/versions/3.10.13/bin/python")
PYTHON310 ?= $(or $(wildcard $(PYENV_PY)),$(shell command -v python3.10 2>/dev/null))

RASA_VENV := .venv/rasa
APP_VENV := .venv/app
RASA := $(RASA_VENV)/bin/rasa
APP_PY := $(APP_VENV)/bin/python
MODEL := models/cymar.tar.gz
GENERATED_DOMAIN := domain/responses.generated.yml
TRAINING_DATA := data/nlu data/rules data/stories

export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# TensorFlow's start-up chatter hides our own progress messages.
export TF_CPP_MIN_LOG_LEVEL := 2
export PORT ?= 8080
# honcho overwrites PORT for each process; the web process reads WEB_PORT instead.
export WEB_PORT := $(PORT)
export HOST ?= 0.0.0.0
export RASA_PORT ?= 5005
export ACTIONS_PORT ?= 5055
export NLG_PORT ?= 5056
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

say = @printf '\n\033[1m==> %s\033[0m\n' "$(1)"

.PHONY: help setup run test lint audit fuzz bench train db seed validate lock clean check-python browser admin export-answers import-answers

help:
	@echo "make run    set up, train if needed, migrate, seed, start every service, print the URLs"
	@echo "make test   set up the same way, then run every test"
	@echo "make bench  run the benchmarks (figures in bench/results/)"
	@echo "make lint   ruff and mypy"
	@echo "make audit  known vulnerabilities in both environments (make test runs it)"
	@echo "make fuzz   a longer property-based fuzz of the public API"
	@echo "make admin  create an admin for the staff app at /admin (asks for the password)"
	@echo "make export-answers / import-answers   published answers <-> data/responses_* (git)"

check-python:
	@if [ -z "$(PYTHON310)" ] || ! "$(PYTHON310)" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then \
	  echo "Cymar needs Python 3.10 (Rasa 3.6 does not support 3.11+)."; \
	  echo "Install it with 'pyenv install 3.10.13', or run: make $(MAKECMDGOALS) PYTHON310=/path/to/python3.10"; \
	  exit 1; \
	fi

# --- environments ------------------------------------------------------------------------

$(RASA_VENV)/.installed: requirements/rasa.lock | check-python
	$(call say,Creating the Rasa environment in $(RASA_VENV) (first time: a few minutes))
	@test -x $(RASA_VENV)/bin/python || "$(PYTHON310)" -m venv $(RASA_VENV)
	@$(RASA_VENV)/bin/python -m pip install --quiet --upgrade "pip<24.1" "setuptools<70" wheel
	@$(RASA_VENV)/bin/python -m pip install --quiet --no-deps -r requirements/rasa.lock \
	  || { echo "Installing the Rasa environment failed: check the network to PyPI, then run 'make setup' again."; exit 1; }
	@touch $@

$(APP_VENV)/.installed: requirements/app.lock | check-python
	$(call say,Creating the app environment in $(APP_VENV))
	@test -x $(APP_VENV)/bin/python || "$(PYTHON310)" -m venv $(APP_VENV)
	@$(APP_VENV)/bin/python -m pip install --quiet --upgrade "pip<25" setuptools wheel
	@$(APP_VENV)/bin/python -m pip install --quiet --no-deps -r requirements/app.lock \
	  || { echo "Installing the app environment failed: check the network to PyPI, then run 'make setup' again."; exit 1; }
	@touch $@

setup: $(RASA_VENV)/.installed $(APP_VENV)/.installed

# Regenerate the lock files from the top-level requirements (maintainers only).
lock: check-python
	rm -rf .venv/lock && "$(PYTHON310)" -m venv .venv/lock/rasa && "$(PYTHON310)" -m venv .venv/lock/app
	.venv/lock/rasa/bin/pip install -q "pip<24.1" && .venv/lock/rasa/bin/pip install -q -r requirements/rasa.txt
	.venv/lock/rasa/bin/pip freeze > requirements/rasa.lock
	.venv/lock/app/bin/pip install -q -r requirements/app.txt && .venv/lock/app/bin/pip freeze > requirements/app.lock

# --- model -------------------------------------------------------------------------------

$(GENERATED_DOMAIN): $(wildcard data/responses_en/*.yml data/responses_cy/*.yml) | setup
	@$(APP_PY) -m bot.content.domain_responses $@

# Rasa's own fingerprinting decides whether anything changed; it returns at once if not.
train: setup $(GENERATED_DOMAIN)
	$(call say,Training the Rasa model if the data changed)
	@$(APP_PY) -m bot.content.completeness
	@$(RASA) train --domain domain --data $(TRAINING_DATA) --config config.yml \
	  --out models --fixed-model-name cymar --quiet \
	  || { echo "Training failed: run 'make validate' to see what is wrong with the data."; exit 1; }

validate: setup $(GENERATED_DOMAIN)
	$(call say,Validating the Rasa data)
	@$(RASA) data validate --domain domain --data $(TRAINING_DATA) --config config.yml --fail-on-warnings

# --- database ----------------------------------------------------------------------------

db: setup
	$(call say,Applying database migrations and seeding from data/)
	@mkdir -p var
	@$(APP_VENV)/bin/alembic upgrade head
	@$(APP_PY) -m bot.ops.seed

seed: db

# Answers round-trip through git (bot/ops/answers.py). Import migrates but does not seed
# first: seeding would quietly publish changed files itself, and the report would not show
# them. IMPORT_ARGS=--dry-run (or --force) passes through.
export-answers: setup
	$(call say,Writing the published answers into data/responses_en and data/responses_cy)
	@mkdir -p var
	@$(APP_VENV)/bin/alembic upgrade head
	@$(APP_PY) -m bot.ops.answers export

import-answers: setup
	$(call say,Publishing what data/responses_en and data/responses_cy changed)
	@mkdir -p var
	@$(APP_VENV)/bin/alembic upgrade head
	@$(APP_PY) -m bot.ops.answers import $(IMPORT_ARGS)

# The first admin of the staff app (or another). Asks for the username, name and password;
# for automation give ADMIN_USERNAME=... ADMIN_NAME=... and put the password in the
# ADMIN_PASSWORD environment variable (never on the command line).
admin: db
	$(call say,Creating an admin for the staff app at /admin)
	@$(APP_PY) -m bot.ops.staff create-admin \
	  $(if $(ADMIN_USERNAME),--username "$(ADMIN_USERNAME)") $(if $(ADMIN_NAME),--name "$(ADMIN_NAME)")

# --- run and test ------------------------------------------------------------------------

run: setup train db
	$(call say,Starting Rasa and the action server and the NLG endpoint and the web API)
	@if [ -z "$$TELEGRAM_BOT_TOKEN" ]; then echo "(Telegram is off: set TELEGRAM_BOT_TOKEN to enable it (and TELEGRAM_STAFF_CHAT_ID for peer supporters); see README.md)"; fi
	@$(APP_VENV)/bin/honcho --no-prefix start -f Procfile 2>&1 || true

lint: setup
	$(call say,ruff and mypy)
	@$(APP_VENV)/bin/ruff check bot tests bench migrations
	@$(APP_VENV)/bin/ruff format --check --quiet bot tests bench migrations
	@$(APP_VENV)/bin/mypy bot

# Fails only on a known vulnerability not explained in requirements/audit-exceptions.md; says
# plainly what it could not check when the vulnerability services are out of reach.
audit: setup
	$(call say,Known vulnerabilities in both environments (pip-audit))
	@$(APP_PY) -m bot.ops.audit requirements/app.lock requirements/rasa.lock

# Debian's chromium for the web widget's browser tests. Playwright drives this system browser
# (executable_path), so nothing downloads a browser of its own.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  printf '\n\033[1m==> %s\033[0m\n' "Installing Debian's chromium for the widget's browser tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends chromium; } \
	    || { echo "Could not install chromium. The widget's browser tests need /usr/bin/chromium:"; \
	         echo "install it with 'apt-get install --no-install-recommends chromium' (as root), then run make test again."; exit 1; }; \
	fi

test: setup train validate browser
	$(call say,Lint)
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory audit
	$(call say,Running the tests: unit and Rasa test stories and whole stack)
	@$(APP_PY) -m pytest -q -p no:cacheprovider

# The public API fuzzed against its OpenAPI description with many more examples than make test.
fuzz: setup
	$(call say,Fuzzing the public API against /api/openapi.json (FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),500)))
	@FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),500) $(APP_PY) -m pytest -q -p no:cacheprovider tests/web/test_openapi.py

bench: setup train
	$(call say,Benchmarks: figures go to bench/results/)
	@$(APP_PY) -m bench.run_all

clean:
	rm -rf .venv models var .rasa $(GENERATED_DOMAIN) results
