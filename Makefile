# Fireside: `make run` serves the app, `make test` runs every test. Both set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails point at the server `make run` starts, unless SITE_URL says otherwise.
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL
STAMP := $(VENV)/.installed
# The installer `make setup` brings the venv to before installing the lock (see below).
PIP_VERSION ?= 26.3

.PHONY: run test setup lint typecheck check worker lock clean messages

PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps

# The pip that ships with Python resolves extras against whatever the index serves newest, so
# a new upstream release could break an install. So: first a pinned, hash-checked pip, then
# exactly the locked files (--no-deps: the lock is complete, nothing is resolved), then a
# check that every requirement is met.
$(STAMP): requirements.lock requirements-pip.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements-pip.txt
	$(PIP) -r requirements.lock
	$(BIN)/python -m pip check --disable-pip-version-check
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Serving Fireside at http://$(HOST):$(PORT)/ (a background worker sends the emails)."
	$(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: setup
	$(BIN)/python manage.py db_worker

# The suite runs in parallel, one process per core, each on its own test database
# (TEST_WORKERS=0 runs it in this process, e.g. for a debugger), and measures the coverage of
# fireside/ (a table of the files not fully covered, then the total; COVERAGE= turns it off).
TEST_WORKERS ?= auto
COVERAGE ?= --cov=fireside --cov-report=term:skip-covered
test: setup
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(COVERAGE) $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

typecheck: setup
	$(BIN)/mypy fireside

check: lint typecheck test

# After changing text: extract it into the French catalog, translate the new entries in
# fireside/locale/fr_CA/LC_MESSAGES/django.po, then run this again to compile it. Needs gettext.
messages: setup
	$(BIN)/python manage.py makemessages -l fr_CA --add-location file --no-obsolete \
		--ignore 'var/*' --ignore 'test-artifacts/*' --ignore 'bench/*' --ignore '*/tests/*' \
		--ignore 'fireside/static/*' --ignore 'fireside/certificates/fonts/*' \
		--ignore conftest.py --ignore manage.py
	$(BIN)/python manage.py compilemessages -l fr_CA

# Recompile the lock file after changing pyproject.toml.
lock: setup
	$(BIN)/uv pip compile pyproject.toml --all-extras --generate-hashes --python-version 3.11 \
		--no-header --no-annotate -o requirements.lock
	echo "pip==$(PIP_VERSION)" | $(BIN)/uv pip compile - --generate-hashes --python-version 3.11 \
		--no-header --no-annotate -o requirements-pip.txt

clean:
	rm -rf $(VENV) var
