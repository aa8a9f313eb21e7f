"""The Prefect API a `parley run` reports to.

With `PREFECT_API_URL` set (in the environment or the active Prefect
profile) the run reports to that server, the user's own: no start-up cost.
Otherwise `parley run` starts a temporary server of its own, as Prefect's
ephemeral mode would, but
- at once and in the background, so the server boots while the CLI imports
  the flow and loads the model, and the run waits for it only when it first
  needs the API;
- tied to the run's life: the server process dies with the process that
  started it, however that one dies (SIGKILL, a C++ abort, the OOM killer).
  On Linux the kernel kills it (PR_SET_PDEATHSIG); everywhere a watchdog
  thread in the server exits when its parent process is gone.

`python -m flows.api_server --port N --parent PID` is the server process.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"


def configured_api_url() -> str | None:
    """The API URL of the environment or of the active Prefect profile."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    home = Path(os.environ.get("PREFECT_HOME", "~/.prefect")).expanduser()
    try:
        profiles = tomllib.loads((home / "profiles.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active", "ephemeral")
    return profiles.get("profiles", {}).get(active, {}).get("PREFECT_API_URL") or None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class TemporaryServer:
    """A Prefect server on a free loopback port for the life of this process."""

    def __init__(self) -> None:
        # Prefect makes PREFECT_HOME only one level deep; its server's SQLite
        # file then fails to open with no word about the folder.
        Path(os.environ.get("PREFECT_HOME", "~/.prefect")).expanduser().mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        self.api_url = f"http://{HOST}:{self.port}/api"
        self._log = tempfile.TemporaryFile()
        # The kernel's parent-death signal follows the thread that started the
        # child: only the main thread lives as long as the process.
        tied = threading.current_thread() is threading.main_thread()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flows.api_server", "--port", str(self.port), "--parent", str(os.getpid())]
            + (["--kernel-tie"] if tied else []),
            env={**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"},
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            start_new_session=True,  # Ctrl-C reaches the run, which then stops the server itself
        )

    def wait_until_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the temporary Prefect server exited with {self.process.returncode}: {self._errors()}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the temporary Prefect server did not answer within {timeout:.0f}s: {self._errors()}")
            time.sleep(0.05)

    def stop(self, grace: float = 5.0) -> None:
        """Send what Prefect still holds for the API (logs, events), then stop
        the server; left for interpreter exit, they would retry for a minute
        against a server that is gone."""
        if "prefect" in sys.modules:
            from prefect.events.worker import EventsWorker
            from prefect.logging.handlers import APILogWorker

            for service in (APILogWorker, EventsWorker):
                service.drain_all(timeout=grace)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def _errors(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-2000:] or "(no output)"


def _die_with(parent: int, kernel_tie: bool) -> None:
    if kernel_tie and sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the tie was made
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A temporary Prefect server that dies with its parent.")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("--kernel-tie", action="store_true")
    args = parser.parse_args(argv)
    _die_with(args.parent, args.kernel_tie)
    import uvicorn

    uvicorn.run(
        "prefect.server.api.server:create_app", factory=True, host=HOST, port=args.port,
        log_level="error", lifespan="on",
    )


if __name__ == "__main__":
    main()

