"""Time `parley report` (and `parley export`) on a database of 10,000 events.

The database is synthetic but written through the project's own write path
(tests/synthetic.py: `write_results`, `record_run`, then the real
cross-article clustering), so it looks like what flow runs leave behind.

    .venv/bin/python bench/report_10k.py [-n 10000] [--repeat 3] [--keep DIR]

Prints one JSON object: the build time, then for the report the best and
median of `--repeat` timings in-process (read + render + write) and one
timing of the `parley report` command as a user runs it (process start,
imports included); the same for a Parquet export.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("PREFECT_HOME", str(REPO / ".prefect" / "bench"))
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10_000, help="event rows (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="in-process timings of each (default 3)")
    parser.add_argument("--keep", type=Path, help="folder to keep the database, report and export in")
    args = parser.parse_args()

    from tasks.export import export_database
    from tasks.report import write_report
    from tests.synthetic import make_database

    folder = args.keep or Path(tempfile.mkdtemp(prefix="parley-report-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"events-{args.n}.duckdb"
    for stale in (db, db.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)

    t0 = time.monotonic()
    figures = make_database(db, args.n)
    build = time.monotonic() - t0

    report = folder / "report.html"
    in_process = []
    for _ in range(args.repeat):
        t0 = time.monotonic()
        result = write_report(db, report)
        in_process.append(time.monotonic() - t0)
    parley = str(Path(sys.executable).parent / "parley")
    t0 = time.monotonic()
    subprocess.run([parley, "report", "--out", str(report), "--db", str(db)], check=True, capture_output=True)
    command = time.monotonic() - t0

    exports = []
    for _ in range(args.repeat):
        t0 = time.monotonic()
        exported = export_database(db, folder / "export", "parquet")
        exports.append(time.monotonic() - t0)

    print(json.dumps({
        "event_rows": figures["event_rows"],
        "articles": figures["articles"],
        "real_world_events": result.events,
        "build_seconds": round(build, 2),
        "report_seconds_in_process": {"best": round(min(in_process), 3), "median": round(statistics.median(in_process), 3)},
        "report_seconds_command": round(command, 3),
        "report_megabytes": round(result.bytes / 1e6, 2),
        "export_parquet_seconds": {"best": round(min(exports), 3), "median": round(statistics.median(exports), 3)},
        "export_rows": sum(exported.rows().values()),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "folder": str(folder),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
