"""The local deployment cycle, with real parts, as a user runs it:

a Prefect server (its own PREFECT_HOME, a free loopback port), the process
work pool, `prefect deploy --all` from prefect.yaml, a process worker in this
.venv, `prefect deployment run 'extract-events/<name>' --param ...`, the
flow run watched through the API until it ends, and the rows checked in the
DuckDB file with SQL. Every process started here is stopped in `finally`.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

try:  # tests/ is a package (tests/__init__.py) or a plain folder
    from tests.conftest import PREFECT, REPO, api_get, api_post, start_process, stop_process, tail
except ImportError:  # pragma: no cover
    from conftest import PREFECT, REPO, api_get, api_post, start_process, stop_process, tail

POOL = "parley-process"
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def cli(env: dict, *args: str, timeout: float = 180) -> str:
    result = subprocess.run(
        [PREFECT, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"prefect {' '.join(args)} failed ({result.returncode}):\n{output}"
    return output


def wait_for_flow_run(api_url: str, flow_run_id: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        run = api_get(api_url, f"/flow_runs/{flow_run_id}")
        if run["state"]["type"] in TERMINAL or time.monotonic() > deadline:
            return run
        time.sleep(1)


def run_deployment(env: dict, api_url: str, name: str, *params: str, logs: list[Path]) -> dict:
    args = ["deployment", "run", f"extract-events/{name}"]
    for param in params:
        args += ["--param", param]
    output = cli(env, *args)
    match = re.search(r"UUID:\s*([0-9a-f-]{36})", output)
    assert match, f"no flow run id in:\n{output}"
    run = wait_for_flow_run(api_url, match.group(1), timeout=300)
    if run["state"]["type"] != "COMPLETED":
        details = "\n\n".join(f"--- {log}\n{tail(log, 120)}" for log in logs)
        pytest.fail(f"flow run {run['name']} ended {run['state']['type']}: {run['state'].get('message')}\n{details}")
    return run


@pytest.mark.slow
def test_deploy_and_run_the_inbox_and_backfill_deployments(prefect_server, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    for seed in seeds[:2]:
        shutil.copy(seed, inbox / seed.name)
    (inbox / "empty.txt").write_bytes(b"")
    db = tmp_path / "parley.duckdb"

    env = prefect_server.client_env(PREFECT_WORKER_QUERY_SECONDS="1", PREFECT_WORKER_PREFETCH_SECONDS="5")
    api = prefect_server.api_url
    worker_log = tmp_path / "worker.log"
    logs = [worker_log, prefect_server.log]

    cli(env, "work-pool", "create", POOL, "--type", "process", "--overwrite")
    deployed = cli(env, "--no-prompt", "deploy", "--all")
    assert "extract-events/inbox" in deployed and "extract-events/backfill" in deployed, deployed

    inbox_deployment = api_get(api, "/deployments/name/extract-events/inbox")
    assert [s["schedule"].get("cron") for s in inbox_deployment["schedules"]] == ["*/15 * * * *"]
    assert inbox_deployment["work_pool_name"] == POOL
    assert inbox_deployment["pull_steps"] == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(REPO)}}
    ]
    assert api_get(api, "/deployments/name/extract-events/backfill")["schedules"] == []

    worker = start_process(
        [PREFECT, "worker", "start", "--pool", POOL, "--type", "process", "--name", "parley-test-worker"],
        env=env,
        log=worker_log,
    )
    try:
        first = run_deployment(env, api, "inbox", f"inbox={inbox}", f"db={db}", logs=logs)

        # The backfill deployment over the same pages plus one more: the two
        # already stored are skipped, only the new one is added.
        extra = tmp_path / "extra.txt"
        shutil.copy(seeds[2], extra)
        second = run_deployment(
            env, api, "backfill", f'paths=["{inbox}", "{extra}"]', f"db={db}", logs=logs
        )
    finally:
        stop_process(worker)

    con = duckdb.connect(str(db), read_only=True)
    try:
        sources = {r[0] for r in con.execute("SELECT source FROM articles").fetchall()}
        assert sources == {str(inbox / s.name) for s in seeds[:2]} | {str(extra)}
        assert con.execute("SELECT count(*) - count(DISTINCT article_id) FROM articles").fetchone()[0] == 0
        rejected = con.execute("SELECT source, stage, reason FROM rejected_inputs").fetchall()
        assert rejected == [(str(inbox / "empty.txt"), "load", "file is empty")]
        # The extractor may find events or not; either way the view answers
        # and no event is stored twice.
        events, distinct = con.execute("SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
        assert events == distinct

        runs = con.execute(
            "SELECT flow_run_id, status, inputs_seen, articles_new, articles_skipped, rejected, "
            "rows_added['articles'], ended_at IS NOT NULL FROM runs ORDER BY started_at"
        ).fetchall()
    finally:
        con.close()
    assert runs == [
        (first["id"], "completed", 3, 2, 0, 1, 2, True),
        (second["id"], "completed", 4, 1, 2, 1, 1, True),
    ]

    artifacts = api_post(api, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [first["id"]]}}})
    keys = {a["key"]: a for a in artifacts}
    assert {"parley-run-summary", "parley-rejected-inputs"} <= set(keys)
    assert "empty.txt" in keys["parley-rejected-inputs"]["data"]
    assert first["name"].startswith("inbox-inbox-")
