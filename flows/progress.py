"""Progress of a run as files are written, and a bar for it on a terminal.

The flow reports each written chunk with `report_files_done` on the
`parley.progress` logger (a plain logging record, so any caller may listen
and nobody has to). `parley run` on a terminal listens with `ProgressBar`:
a rich bar with files done, files per second and the time left, drawn
below the logs. Prefect's console log handlers print through the bar's
console while it is shown, so log lines scroll above it instead of through it.
"""
from __future__ import annotations

import logging
import sys
from typing import Any

PROGRESS_LOGGER = "parley.progress"
_log = logging.getLogger(PROGRESS_LOGGER)
_log.propagate = False  # for listeners only: not a line of the run's log
_log.setLevel(logging.INFO)


def report_files_done(done: int, total: int) -> None:
    _log.info("%d/%d files", done, total, extra={"files_done": done, "files_total": total})


class ProgressBar(logging.Handler):
    """Shows a bar on stderr while the `with` block runs, when stderr is a
    terminal; does nothing otherwise (logs and CI output stay plain)."""

    def __init__(self, stream: Any = None) -> None:
        super().__init__(logging.INFO)
        self.stream = stream or sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._progress = None
        self._task = None
        self._swapped: list[tuple[Any, Any]] = []

    def __enter__(self) -> "ProgressBar":
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import (
            BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn,
        )

        console = Console(file=self.stream)
        self._progress = Progress(
            TextColumn("[bold]files"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task("files", total=None, rate="")
        self._progress.start()
        self._print_logs_through(console)
        logging.getLogger(PROGRESS_LOGGER).addHandler(self)
        return self

    def emit(self, record: logging.LogRecord) -> None:
        done, total = getattr(record, "files_done", None), getattr(record, "files_total", None)
        if self._progress is None or done is None:
            return
        self._progress.update(self._task, completed=done, total=total)
        speed = self._progress.tasks[0].speed
        self._progress.update(self._task, rate=f"{speed:.1f} files/s" if speed else "")

    def __exit__(self, *exc: object) -> None:
        if self._progress is None:
            return
        logging.getLogger(PROGRESS_LOGGER).removeHandler(self)
        for handler, console in self._swapped:
            handler.console = console
        self._progress.stop()

    def _print_logs_through(self, console: Any) -> None:
        """Prefect's console handlers hold the stderr they were made with;
        point them at the bar's console for as long as the bar is shown."""
        loggers = [logging.getLogger()] + [
            item for item in logging.Logger.manager.loggerDict.values() if isinstance(item, logging.Logger)
        ]
        for logger in loggers:
            for handler in logger.handlers:
                if hasattr(handler, "console") and getattr(handler, "stream", None) in (sys.stderr, sys.__stderr__):
                    self._swapped.append((handler, handler.console))
                    handler.console = console
