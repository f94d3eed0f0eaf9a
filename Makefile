# peerlearn: `make run` serves the demo, `make test` checks everything. Both start from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install run test lint typecheck format bench schema clean messages

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "peerlearn needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# A development token secret, made once per checkout (an exported PEERLEARN_TOKEN_SECRET wins).
SECRET_FILE := .peerlearn-token-secret

$(SECRET_FILE):
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(48))' > $@

run: install $(SECRET_FILE)
	@export PEERLEARN_TOKEN_SECRET="$${PEERLEARN_TOKEN_SECRET:-$$(cat $(SECRET_FILE))}" && \
	$(BIN)/peerlearn db upgrade && \
	$(BIN)/peerlearn demo-data && \
	echo "Demo tokens for GraphiQL (header  Authorization: Bearer <token>), valid 8 hours:" && \
	echo "  coordinator casey.morgan@example.org: $$($(BIN)/peerlearn token --person casey.morgan@example.org)" && \
	echo "  physician   priya.shah@example.org:   $$($(BIN)/peerlearn token --person priya.shah@example.org)" && \
	echo "  admin       alex.rivera@example.org:  $$($(BIN)/peerlearn token --person alex.rivera@example.org)" && \
	echo "  Practising Well staff olivia.chen@example.org: $$($(BIN)/peerlearn token --person olivia.chen@example.org 2>/dev/null || echo "(program not enabled)")" && \
	echo "  Practising Well learner daniel.okafor@example.org: $$($(BIN)/peerlearn token --person daniel.okafor@example.org 2>/dev/null || echo "(program not enabled)")" && \
	echo "  CPSO QI Groups staff nadia.haddad@example.org: $$($(BIN)/peerlearn token --person nadia.haddad@example.org 2>/dev/null || echo "(program not enabled)")" && \
	echo "  CPSO QI Groups lead marie.tremblay@example.org: $$($(BIN)/peerlearn token --person marie.tremblay@example.org 2>/dev/null || echo "(program not enabled)")" && \
	echo "  PSP provincial staff hannah.grewal@example.org: $$($(BIN)/peerlearn token --person hannah.grewal@example.org 2>/dev/null || echo "(program not enabled)")" && \
	echo "  Learning collaborative team lead lc.priya.shah@example.org (faculty: the admin): $$($(BIN)/peerlearn token --person lc.priya.shah@example.org 2>/dev/null || echo "(program not enabled)")" && \
	echo "Documents:" && \
	echo "  Daniel's certificates (query { certificates { nodes { number downloadPath } } } with his token), each a PDF at http://127.0.0.1:8000<downloadPath> with the same header" && \
	echo "  the division's roster as CSV, with the coordinator's token: curl -H \"Authorization: Bearer <token>\" \"http://127.0.0.1:8000/exports/roster.csv?organizationId=T3JnYW5pemF0aW9uOjE=\"" && \
	echo "  Priya's calendar, to subscribe to in any calendar app: http://127.0.0.1:8000$$($(BIN)/peerlearn calendar-feed --person priya.shah@example.org)" && \
	$(BIN)/peerlearn serve --host 127.0.0.1 --port 8000

# The catalogs shipped here; `make messages` after adding or changing a sentence (core.i18n).
CATALOGS := core plugins.psp_sgls plugins.cpso_qi_groups plugins.ocfp_practising_well plugins.learning_collaborative

messages: install
	$(BIN)/python -m core.i18n.catalogs update $(CATALOGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Types of core/ and plugins/ ([tool.mypy] in pyproject.toml); .mypy_cache keeps reruns quick.
typecheck: install
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -n auto --dist loadgroup

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: install
	$(BIN)/peerlearn export-schema > schema.graphql

# Options after BENCH_ARGS, e.g. make bench BENCH_ARGS="--quick --no-postgres"
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) peerlearn.db peerlearn.db-wal peerlearn.db-shm .pytest_cache .ruff_cache .mypy_cache $(SECRET_FILE)
