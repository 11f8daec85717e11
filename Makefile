# corridor: two commands on a fresh machine.
#   make plan   create .venv if needed, install the pinned requirements, render every stack offline
#   make test   lint, type-check, check the committed plans against the policies, run the whole test suite
# More:
#   make plan STACK=aws-ap-southeast-1                      render one stack (or several: STACK="a b")
#   make check-plans [STACK=...]                            fail if a committed plan differs from a fresh render
#   make readme                                             regenerate README's catalog table, review example and cost example
# bin/corridor runs any `python -m corridor` command the same way, from any directory.
VENV := .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# Stack names separated by spaces; each becomes one `--stack` (empty: every stack in stacks/).
STACK ?=
STACK_ARGS := $(foreach name,$(STACK),--stack $(name))

.PHONY: plan check-plans readme test lint typecheck check pytest clean

$(INSTALLED): requirements.txt requirements-dev.txt policy/requirements.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	# The policy pack's one dependency, without its protobuf~=5.29 pin: it runs with the protobuf 6
	# pulumi 3.272 needs (policy/requirements.txt).
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-deps -r policy/requirements.txt
	touch $(INSTALLED)

plan: $(INSTALLED)
	$(PYTHON) -m corridor plan $(STACK_ARGS)

check-plans: $(INSTALLED)
	$(PYTHON) -m corridor plan --check $(STACK_ARGS)

readme: $(INSTALLED)
	$(PYTHON) -m corridor catalog --write-readme
	$(PYTHON) -m corridor.review.readme_example
	$(PYTHON) -m corridor cost --write-readme

lint: $(INSTALLED)
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

typecheck: $(INSTALLED)
	$(VENV)/bin/pyright

pytest: $(INSTALLED)
	$(PYTHON) -m pytest

# corridor's policies over every committed plan: exit 1 on a mandatory violation (README "Policies").
check: $(INSTALLED)
	$(PYTHON) -m corridor check

test: lint typecheck check pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
