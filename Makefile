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

.PHONY: run test setup lint typecheck check worker lock clean messages

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
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

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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

clean:
	rm -rf $(VENV) var
