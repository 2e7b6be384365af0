# Recadastro: `make run` starts the whole system locally; `make test` runs every suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed
STAMP_NODE := node_modules/.installed

.PHONY: run test install lint unit integration e2e fuzz infra bench synth deploy clean-state openapi

run: install
	$(PY) local/stack.py

test: install lint
	$(PY) -m pytest tests/unit tests/integration tests/e2e tests/infra

unit: install
	$(PY) -m pytest tests/unit

integration: install
	$(PY) -m pytest tests/integration

e2e: install
	$(PY) -m pytest tests/e2e

# Part of e2e: schemathesis against a local stack of its own (tests/e2e/schemathesis.toml).
fuzz: install
	$(PY) -m pytest tests/e2e/test_fuzz.py -s

infra: install
	$(PY) -m pytest tests/infra

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy chalicelib app.py manage.py local bench

bench: install
	$(PY) -m bench.import_registry
	$(PY) -m bench.api_latency
	$(PY) -m bench.load
	$(PY) -m bench.reminders
	$(PY) -m bench.cold_start

# The functions serve chalicelib/openapi.json; people edit chalicelib/openapi.yaml. A unit test
# fails while the two differ.
openapi: install
	$(PY) -m tools.openapi_json

# Deployment (CDK, infra/): the same virtualenv, which has aws-cdk-lib (infra/requirements.txt).
# Needs node; `deploy` needs AWS credentials and a bootstrapped account.
STAGE ?= dev

synth: install
	cd infra && PATH=$(CURDIR)/$(VENV)/bin:$$PATH AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} \
		CDK_CONTEXT_JSON='{"stage": "$(STAGE)"}' python cdk_app.py

deploy: install
	cd infra && PATH=$(CURDIR)/$(VENV)/bin:$$PATH npx --yes aws-cdk@2 deploy -c stage=$(STAGE)

install: $(STAMP_PY) $(STAMP_NODE)

$(STAMP_PY): requirements.txt requirements-sdk.txt requirements-dev.txt infra/requirements.txt
	@command -v java >/dev/null || { echo "Java 17 is needed (DynamoDB Local): apt-get install openjdk-17-jre-headless"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements-dev.txt
	touch $@

$(STAMP_NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean-state:
	rm -rf .local
