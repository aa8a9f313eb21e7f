# Two commands do everything on a fresh machine with Python 3.11:
#   make run    create .venv, install, run the flow over seeds/, show the counts
#   make test   create .venv, install, run the test suite
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= data/parley.duckdb
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: install run test clean server pool deploy worker deploy-run bench report export report-bench

# Local Prefect deployment cycle (docs/OPERATIONS.md): in separate terminals
#   make server     a Prefect server on 127.0.0.1:$(PREFECT_PORT), state in $(PREFECT_HOME)
#   make pool       create (or update) the process work pool $(POOL)
#   make deploy     prefect deploy --all from prefect.yaml (deployments inbox, backfill)
#   make worker     a process worker on $(POOL) running flows in this .venv
#   make deploy-run NAME=inbox INBOX=/path/to/folder DB=/path/to/file.duckdb
#   make deploy-run NAME=backfill PATHS="/a/folder /b/page.html" DB=/path/to/file.duckdb
PREFECT_PORT    ?= 4200
PREFECT_API_URL ?= http://127.0.0.1:$(PREFECT_PORT)/api
POOL   ?= parley-process
NAME   ?= inbox
INBOX  ?= inbox
PATHS  ?= seeds
WITH_API = PREFECT_API_URL=$(PREFECT_API_URL)

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

server: install
	$(BIN)/prefect server start --host 127.0.0.1 --port $(PREFECT_PORT)

pool: install
	$(WITH_API) $(BIN)/prefect work-pool create $(POOL) --type process --overwrite

deploy: install
	$(WITH_API) $(BIN)/prefect --no-prompt deploy --all

worker: install
	$(WITH_API) $(BIN)/prefect worker start --pool $(POOL) --type process

# Relative INBOX, PATHS and DB are made absolute here, from this directory.
deploy-run: install
	@case "$(NAME)" in \
	  inbox) params="--param inbox=$(abspath $(INBOX))" ;; \
	  backfill) params="--param paths=$$($(BIN)/python -c 'import json,sys; print(json.dumps(sys.argv[1:], separators=(",",":")))' $(abspath $(PATHS)))" ;; \
	  *) echo "NAME must be inbox or backfill" >&2; exit 2 ;; \
	esac; \
	set -x; $(WITH_API) $(BIN)/prefect deployment run 'extract-events/$(NAME)' $$params \
	  --param db=$(abspath $(DB)) --watch --watch-interval 2

# Flow against bare spaCy on real news (docs/PERFORMANCE.md): the 270 feed
# pages and TEXT recombined articles, e.g. make bench TEXT="2000 20000"
TEXT ?= 2000
bench: install
	$(BIN)/python bench/bench.py --text $(TEXT)

# Analyst outputs from $(DB): a self-contained HTML page and a Parquet folder
# (docs/ANALYSIS.md). `make report-bench` times the report on 10,000 events.
REPORT ?= data/report.html
EXPORT ?= data/export
report: install
	$(BIN)/parley report --out $(REPORT) --db $(DB)

export: install
	$(BIN)/parley export --format parquet --out $(EXPORT) --db $(DB)

report-bench: install
	$(BIN)/python bench/report_10k.py
