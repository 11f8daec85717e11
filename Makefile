# corridor: two commands on a fresh machine.
#   make plan   create .venv if needed, install the pinned requirements, render every stack offline
#   make test   lint, type-check and run the whole test suite
VENV := .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: plan check-plans test lint typecheck pytest clean

$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(INSTALLED)

plan: $(INSTALLED)
	$(PYTHON) -m corridor plan

check-plans: $(INSTALLED)
	$(PYTHON) -m corridor plan --check

lint: $(INSTALLED)
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

typecheck: $(INSTALLED)
	$(VENV)/bin/pyright

pytest: $(INSTALLED)
	$(PYTHON) -m pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
