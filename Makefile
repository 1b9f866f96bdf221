# Back pain peer mentoring: developer commands. Each is a thin wrapper over dev.py,
# which needs nothing but Python 3.11+ (it makes .venv and installs the lock files).
#
#   make run     the app with demo data on http://127.0.0.1:8000 (web, worker, beat)
#   make test    the whole test suite (PostgreSQL, Redis, Chromium: found or started)
#   make lint    ruff check, ruff format --check, mypy, import-linter contracts,
#                makemigrations --check, compose schema
#   make format  fix what ruff can fix and format the code
#   make typecheck  mypy with django-stubs
#   make lock    re-pin requirements/*.txt from pyproject.toml
#   make frontend  re-vendor GOV.UK Frontend into static/vendor (needs npm)
#   make bench   the page benchmark, gunicorn + wrk against two baselines (bench/README.md)

PYTHON ?= python3
VENV_BIN := .venv/bin

.PHONY: run test lint format typecheck lock bench frontend

run:
	$(PYTHON) dev.py run

test:
	$(PYTHON) dev.py test

lint:
	$(PYTHON) dev.py lint

format:
	$(VENV_BIN)/ruff check --fix .
	$(VENV_BIN)/ruff format .

# Settings refuse to start without a secret key when DEBUG is off: a random one unless set.
typecheck:
	DJANGO_READ_DOT_ENV=false \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	$(VENV_BIN)/mypy .

lock:
	$(VENV_BIN)/uv pip compile pyproject.toml -o requirements/prod.txt --python-version 3.11 -q
	$(VENV_BIN)/uv pip compile pyproject.toml --extra dev -o requirements/dev.txt --python-version 3.11 -q


bench:
	$(PYTHON) dev.py bench

frontend:
	$(PYTHON) scripts/vendor_govuk_frontend.py
