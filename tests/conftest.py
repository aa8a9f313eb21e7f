"""Shared test set-up.

Prefect reads its settings at import, so the environment is fixed here,
before any test module imports it: a project-local PREFECT_HOME (tests never
touch the user's ~/.prefect) and no analytics (offline telemetry logs errors).
"""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

os.environ.setdefault("PREFECT_HOME", str(REPO / ".prefect" / "tests"))
Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)  # Prefect makes only the last level
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
# A loaded CI machine can need more than the default 20 s to start the embedded server.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
# Tests write their inbox files just before the run; the wait for files a
# scraper may still be writing is tested on its own (tests/test_faults.py).
os.environ.setdefault("PARLEY_INBOX_SETTLE_SECONDS", "0")


# --- Real processes for the operations tests (deployment, faults) ----------
import json  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import pytest  # noqa: E402

BIN = Path(sys.executable).parent
PREFECT = str(BIN / "prefect")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_process(cmd: list[str], *, env: dict, log: Path, cwd: Path = REPO) -> subprocess.Popen:
    """Start `cmd` in its own process group, output to `log`."""
    handle = open(log, "ab")
    return subprocess.Popen(cmd, env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def stop_process(proc: subprocess.Popen, *, grace: float = 10.0) -> None:
    """Terminate the process group of `proc` (SIGTERM, then SIGKILL)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    try:  # children the leader left behind (flow run processes of a worker)
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=grace)


def tail(path: Path, lines: int = 80) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {path})"


def api_get(api_url: str, route: str):
    with urllib.request.urlopen(f"{api_url}{route}", timeout=10) as response:
        return json.load(response)


def api_post(api_url: str, route: str, body: dict):
    request = urllib.request.Request(
        f"{api_url}{route}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


@dataclass
class PrefectServer:
    api_url: str
    home: Path
    log: Path
    process: subprocess.Popen
    env: dict = field(default_factory=dict)

    def client_env(self, **extra: str) -> dict:
        """Environment for a `prefect` CLI, worker or flow process using this server."""
        return {**self.env, "PREFECT_API_URL": self.api_url, **extra}


@pytest.fixture(scope="session")
def prefect_server():
    """A real `prefect server start` on a free loopback port, with its own
    PREFECT_HOME; stopped (process group) at the end of the session. The
    scheduler service is off so the `inbox` cron never fires during tests."""
    home = Path(tempfile.mkdtemp(prefix="parley-prefect-"))
    port = free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
        "PREFECT_LOGGING_COLORS": "false",
    }
    env.pop("PREFECT_API_URL", None)
    log = home / "server.log"
    proc = start_process(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)], env=env, log=log
    )
    api_url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"prefect server exited with {proc.returncode}:\n{tail(log)}")
            try:
                api_get(api_url, "/health")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"prefect server not healthy after 120s:\n{tail(log)}")
                time.sleep(0.5)
        yield PrefectServer(api_url=api_url, home=home, log=log, process=proc, env=env)
    finally:
        stop_process(proc)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def prefect_api(prefect_server):
    """Flows called in this test process report to the session's server
    (instead of each starting a temporary one)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from prefect.logging.handlers import APILogHandler

    with temporary_settings({PREFECT_API_URL: prefect_server.api_url}):
        try:
            yield prefect_server
        finally:
            # Send this test's flow logs while the server is still up; left
            # for interpreter exit they would retry against a stopped server.
            APILogHandler().flush()


@pytest.fixture
def parley_settings(monkeypatch):
    """Set PARLEY_* variables for this test: `parley_settings(chunk_size=5)`."""
    from models.settings import get_settings

    def apply(**values):
        for key, value in values.items():
            monkeypatch.setenv(f"PARLEY_{key.upper()}", str(value))
        get_settings.cache_clear()
        return get_settings()

    yield apply
    get_settings.cache_clear()


def pytest_unconfigure(config) -> None:
    """Prefect stops its temporary server at interpreter exit and logs that
    to a console pytest has already closed; quieten its loggers first so
    the run ends on pytest's own summary line."""
    import logging

    for name in ("prefect", "prefect.server", "prefect.client"):
        logging.getLogger(name).setLevel(logging.WARNING)


def deny_reads_as_root(monkeypatch, path) -> None:
    """Root reads mode-000 files; make reading `path` fail as it does for a
    user, by patching the loader's `open`."""
    if os.geteuid() != 0:
        return
    from tasks import load

    real_open = open

    def deny(target, *args, **kwargs):
        if str(target) == str(path):
            raise PermissionError(13, "Permission denied", str(target))
        return real_open(target, *args, **kwargs)

    monkeypatch.setattr(load, "open", deny, raising=False)
