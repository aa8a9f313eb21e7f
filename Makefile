# Two commands do everything on a fresh machine with Python 3.11:
#   make run    create .venv, install, run the flow over seeds/, show the counts
#   make test   create .venv, install, run the test suite
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= data/parley.duckdb
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: install run test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/parley run seeds --db $(DB)
	$(BIN)/duckdb $(DB) -c "select type, status, count(*) as events from events group by all order by all"

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .prefect data/*.duckdb
