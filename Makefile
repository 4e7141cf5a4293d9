# Lõim — the two commands of the README (`make run`, `make test`) and their helpers.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SCALE  ?= large
PORT   ?= 8000
RUN_ENV := DEBUG=1 LOIM_DEMO=1
PYTEST_ARGS ?=

.PHONY: install run serve-prod test lint bench messages lock system-packages clean api-conformance

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; sys.exit("Lõim needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import django, loim"
	touch $@

## .env: the development settings (DEBUG=1, a generated development key) that the README's `loim`
## commands read; written once, never overwritten, git-ignored, refused outside DEBUG (settings.py).
.env:
	$(PYTHON) scripts/dev_env.py

install: $(VENV)/.installed .env

## make run: install, migrate, load reference data, the 2024 plan and demo data, then serve on :8000.
run: install
	mkdir -p var
	$(RUN_ENV) $(BIN)/loim setup
	$(RUN_ENV) $(BIN)/loim seed-demo
	@echo "Lõim: http://127.0.0.1:$(PORT)  (a background worker runs beside it for report builds)"
	$(RUN_ENV) $(BIN)/loim db_worker --queue-name '*' --no-reload -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/loim serve 127.0.0.1:$(PORT)

## make serve-prod: production mode on this machine (docs/operations.md): with DATABASE_URL (PostgreSQL),
## SECRET_KEY, ALLOWED_HOSTS and CACHE_URL in the environment, `loim setup` (migrate, reference data), collect the static files
## (WhiteNoise), then run the task worker and gunicorn with WEB_CONCURRENCY workers (default 2 × cores)
## on BIND; DEBUG is off whatever `.env` says. Ctrl+C (or SIGTERM) stops both.
BIND ?= 127.0.0.1:8000
PROD_ENV := DEBUG=0 LOIM_DEMO=0
serve-prod: install
	@test -n "$$DATABASE_URL" || { echo "serve-prod: set DATABASE_URL=postgres://user@host:5432/loim (docs/operations.md)" >&2; exit 2; }
	@test -n "$$SECRET_KEY" || { echo "serve-prod: set SECRET_KEY (docs/operations.md)" >&2; exit 2; }
	$(PROD_ENV) $(BIN)/loim setup
	$(PROD_ENV) $(BIN)/loim collectstatic --noinput -v 0
	$(PROD_ENV) $(BIN)/loim db_worker --queue-name '*' --no-reload -v 1 & worker=$$!; \
	$(PROD_ENV) $(BIN)/gunicorn loim.config.wsgi:application --bind $(BIND) \
	  --workers $${WEB_CONCURRENCY:-$$((2 * $$(nproc)))} --timeout 60 --graceful-timeout 20 \
	  --max-requests 2000 --max-requests-jitter 200 --no-control-socket --error-logfile - & web=$$!; \
	trap 'kill $$worker $$web 2>/dev/null; wait' EXIT; trap 'exit 0' INT TERM; \
	wait $$web

system-packages:
	@scripts/ensure-system-packages

## make test: the whole suite on SQLite; with DATABASE_URL=postgres://... against PostgreSQL.
test: install system-packages
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

## make api-conformance: schemathesis against a live server on its own database (bounded: about 5 min).
api-conformance: install
	$(BIN)/python scripts/api-conformance

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy
	DEBUG=1 $(BIN)/loim check --fail-level WARNING
	DEBUG=1 $(BIN)/loim makemigrations --check --dry-run
	mkdir -p var && DEBUG=1 $(BIN)/loim spectacular --format openapi-json --file var/openapi.json --fail-on-warn

## make bench: national-scale benchmarks as ratios to baselines measured in the same run (var/bench.json).
bench: install
	mkdir -p var
	$(BIN)/python -m bench --scale $(SCALE)

## make messages: refresh the .po catalogues of every app (needs gettext).
messages: install
	$(BIN)/python scripts/messages.py

## make lock: re-pin requirements.lock from pyproject.toml.
lock: install
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) var
