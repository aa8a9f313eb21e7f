"""Faults an unattended inbox meets: bad inputs of every kind, two runs
writing one database at once, a run killed with SIGKILL mid-write, a full
disk, runs left `running` by dead processes, queries during a run, and a
page still being written when the inbox run comes.

The fault tables printed by these tests (run with -s) are the ones in
docs/OPERATIONS.md.
"""
from __future__ import annotations

import codecs
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

try:  # tests/ is a package (tests/__init__.py) or a plain folder
    from tests.conftest import BIN, REPO, SHARED, deny_reads_as_root, start_process, tail
except ImportError:  # pragma: no cover
    from conftest import BIN, REPO, SHARED, deny_reads_as_root, start_process, tail
from tasks import load

SEEDS = sorted((REPO / "seeds").glob("*.txt"))
PARLEY = str(BIN / "parley")

ARTICLE = (
    "Foreign ministers meet in Geneva {n}\n"
    "The foreign ministers of France and Germany met in Geneva on Tuesday to discuss "
    "trade and the border, the ministry said in statement number {n}.\n"
    "Officials said the talks were useful and that a second round would follow.\n"
)
HTML = "<html><head><title>Talks {n}</title></head><body><article><h1>Talks {n}</h1><p>{body}</p></article></body></html>"


def article_text(n: int) -> str:
    return ARTICLE.format(n=n)


def bad_inputs(folder: Path) -> dict[str, list[Path]]:
    """Write inputs of each bad kind into `folder`; return them by kind."""
    kinds: dict[str, list[tuple[str, bytes]]] = {}
    n = iter(range(1000, 2000))
    kinds["empty or whitespace only"] = [("empty.txt", b""), ("blank.html", b"  \n\n\t ")]
    kinds["binary"] = [
        ("random.txt", random.Random(1).randbytes(20_000)),
        ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(2000)),
        ("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + random.Random(2).randbytes(3000)),
        ("archive.html", b"\x1f\x8b\x08\x00" + random.Random(3).randbytes(3000)),
        ("controls.txt", bytes(range(1, 9)) * 500),
    ]
    encodings = ["cp1252", "latin-1", "cp1251", "shift_jis", "gb18030", "euc_kr", "utf-16-le", "utf-16-be"]
    kinds["other encodings"] = [
        (f"enc-{codec}.txt", (article_text(next(n)) + extra).encode(codec))
        for codec, extra in zip(encodings, [
            "“Quotes” and a café.\n", "Größe und Grüße.\n", "Министр иностранных дел встретился с коллегой.\n",
            "外務大臣は北京で会談した。\n", "外交部长在北京会见了法国外长。\n", "외교부 장관은 서울에서 회담했다.\n",
            "No BOM here.\n", "Big endian, no BOM.\n",
        ])
    ] + [
        ("bom-utf16.txt", codecs.BOM_UTF16_LE + article_text(next(n)).encode("utf-16-le")),
        ("bom-utf8.txt", codecs.BOM_UTF8 + article_text(next(n)).encode("utf-8")),
        ("meta-1251.html", (
            '<html><head><meta charset="windows-1251"><title>Talks</title></head><body><article><p>'
            + article_text(next(n)).replace("\n", " ") + " Министр встретился с коллегой.</p></article></body></html>"
        ).encode("cp1251")),
    ]
    kinds["mojibake"] = [
        (f"mojibake-{i}.txt", (article_text(next(n)) + "The minister’s café visit.\n").encode("utf-8").decode("cp1252").encode("utf-8"))
        for i in range(2)
    ]
    body = article_text(next(n)).replace("\n", " ")
    kinds["truncated or malformed HTML"] = [
        ("cut-in-tag.html", HTML.format(n=next(n), body=body).encode()[:150]),
        ("cut-mid-char.html", (HTML.format(n=next(n), body=body + " Genève é").encode()[:-40] + "é".encode()[:1])),
        ("unclosed.html", f"<html><body><div><p>{article_text(next(n))}<p><b><i>".encode()),
        ("garbage-markup.html", f"<<html>><</p>{article_text(next(n))}<!-- unterminated <script>x".encode()),
        ("deep-nesting.html", ("<div>" * 5000 + article_text(next(n)) + "</div>" * 10).encode()),
        ("script-only.html", b"<html><head><script>var a = 1;</script></head><body></body></html>"),
    ]
    line = "The foreign minister met her counterpart in Paris on Tuesday to discuss the border, officials said.\n"
    kinds["50 MB file"] = [("huge.txt", "".join(f"Paragraph {i}. {line}" for i in range(480_000)).encode())]
    kinds["deleted during the run"] = [("vanishing.txt", article_text(next(n)).encode())]
    kinds["unreadable permissions"] = [("locked.txt", article_text(next(n)).encode())]
    kinds["raises inside a stage"] = [("poison.txt", article_text(next(n)).encode())]
    kinds["good (control)"] = [(f"good-{i}.txt", article_text(next(n)).encode()) for i in range(3)]

    written: dict[str, list[Path]] = {}
    for kind, items in kinds.items():
        for name, data in items:
            path = folder / name
            path.write_bytes(data)
            written.setdefault(kind, []).append(path)
    return written


@pytest.mark.slow
def test_bad_inputs_fault_table(tmp_path, prefect_api, monkeypatch):
    """Every bad input is processed or rejected with a reason; the run completes."""
    from flows.extract_events import extract_events
    import tasks.extract

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    kinds = bad_inputs(inbox)
    (vanishing,) = kinds["deleted during the run"]
    (locked,) = kinds["unreadable permissions"]
    locked.chmod(0)

    real_discover = load.discover_inputs

    def discover_then_delete(paths, **options):
        found = real_discover(paths, **options)
        vanishing.unlink()  # gone between discovery and reading, as when a cleaner runs
        return found

    monkeypatch.setattr(load, "discover_inputs", discover_then_delete)
    deny_reads_as_root(monkeypatch, locked)

    real_extract = tasks.extract.extract_article_events

    def extract_or_raise(parsed):
        if parsed.article.source.endswith("poison.txt"):
            raise ValueError("extractor bug triggered by this article")
        return real_extract(parsed)

    monkeypatch.setattr(tasks.extract, "extract_article_events", extract_or_raise)

    db = tmp_path / "faults.duckdb"
    started = time.monotonic()
    summary = extract_events(inbox=str(inbox), db=str(db))  # raises if the run fails
    seconds = time.monotonic() - started

    con = duckdb.connect(str(db), read_only=True)
    processed = {r[0] for r in con.execute("SELECT source FROM articles").fetchall()}
    rejected = dict(con.execute("SELECT source, stage || ': ' || reason FROM rejected_inputs").fetchall())
    run_status = con.execute("SELECT status FROM runs").fetchall()
    texts = dict(con.execute("SELECT source, coalesce(title, '') || '\n' || clean_text FROM articles").fetchall())
    con.close()

    rows = []
    for kind, paths in kinds.items():
        sources = [str(p) for p in paths]
        done = sum(s in processed for s in sources)
        refused = sum(s in rejected and s not in processed for s in sources)
        crashed = len(sources) - done - refused
        reasons = sorted({rejected[s] for s in sources if s in rejected})
        rows.append((kind, len(sources), done, refused, crashed, "; ".join(reasons)))

    print(f"\nfault table (one flow run, {seconds:.0f}s)")
    print("| kind of input | tried | processed | rejected with reason | crashed | reasons |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")

    assert run_status == [("completed",)]
    assert all(row[4] == 0 for row in rows), rows
    assert summary.inputs_seen == sum(len(p) for p in kinds.values())
    table = {row[0]: row for row in rows}
    assert table["good (control)"][2] == 3
    assert table["deleted during the run"][3] == 1 and "disappeared" in rejected[str(vanishing)]
    assert rejected[str(locked)] == "load: permission denied"
    assert rejected[str(inbox / "poison.txt")].startswith("extract: extract failed: ValueError")
    assert table["binary"][3] == len(kinds["binary"])
    # Encodings decoded and mojibake repaired: no UTF-8-read-as-cp1252 traces are stored.
    assert not [src for src, text in texts.items() if "Ã" in text or "â€" in text]
    assert "Geneva" in texts[str(inbox / "enc-utf-16-be.txt")]
    assert table["empty or whitespace only"][3] == 2
    assert "huge.txt" in str(rejected.get(str(inbox / "huge.txt"), "")) or str(inbox / "huge.txt") in rejected


def corpus(folder: Path, count: int, first: int = 0) -> list[Path]:
    """`count` distinct news articles (seed texts with a numbered sentence,
    numbers from `first`) and two bad inputs."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(first, first + count):
        lines = SEEDS[n % len(SEEDS)].read_text(encoding="utf-8").splitlines()
        lines.insert(min(3, len(lines)), f"In statement number {n}, the ministry said the talks would go on.")
        path = folder / f"{n:03d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    (folder / "zz-empty.txt").write_bytes(b"")
    (folder / "zz-binary.txt").write_bytes(bytes(range(256)) * 10)
    return paths


def expected_article_ids(paths) -> set[str]:
    """What the database must hold: the same stages run as plain functions."""
    from tasks.strip import strip_documents

    docs, _ = load.load_documents(paths)
    articles, _ = strip_documents(docs)
    return {a.article_id for a in articles}


def check_database(db: Path) -> dict:
    """Integrity figures of the database file."""
    con = duckdb.connect(str(db))  # read-write: replays the WAL a killed run left
    try:
        q = lambda sql: con.execute(sql).fetchone()  # noqa: E731
        return {
            "articles": q("SELECT count(*) FROM articles")[0],
            "duplicate_articles": q("SELECT count(*) - count(DISTINCT article_id) FROM articles")[0],
            "duplicate_events": q("SELECT count(*) - count(DISTINCT event_id) FROM events")[0],
            "orphan_events": q("SELECT count(*) FROM events WHERE article_id NOT IN (SELECT article_id FROM articles)")[0],
            "duplicate_rejected": q("SELECT count(*) - count(DISTINCT (source, stage, reason)) FROM rejected_inputs")[0],
            "ids": {r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()},
            "rejected_sources": {r[0] for r in con.execute("SELECT source FROM rejected_inputs").fetchall()},
            "runs": con.execute(
                "SELECT flow_run_id, status, articles_new, articles_skipped, rows_added['articles'], "
                "started_at, ended_at FROM runs ORDER BY started_at"
            ).fetchall(),
        }
    finally:
        con.close()


def parley_run(env: dict, db: Path, *paths: Path, log: Path) -> subprocess.Popen:
    return start_process([PARLEY, "run", *map(str, paths), "--db", str(db)], env=env, log=log)


@pytest.mark.slow
def test_two_runs_writing_one_database_at_once_lose_nothing(tmp_path, prefect_server):
    # Enough work that each run lasts well beyond the other's start-up, which
    # varies by seconds on a busy machine: the runs must write at once.
    paths = corpus(tmp_path / "in", 72)
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    for p in paths[:48]:  # the two runs overlap on 24 articles
        shutil.copy(p, first / p.name)
    for p in paths[24:]:
        shutil.copy(p, second / p.name)
    shutil.copy(tmp_path / "in" / "zz-empty.txt", first)
    shutil.copy(tmp_path / "in" / "zz-binary.txt", second)
    expected = expected_article_ids(paths)
    db = tmp_path / "shared.duckdb"

    env = prefect_server.client_env(PARLEY_CHUNK_SIZE="2")
    logs = [tmp_path / "run-a.log", tmp_path / "run-b.log"]
    runs = [parley_run(env, db, first, log=logs[0]), parley_run(env, db, second, log=logs[1])]
    codes = [r.wait(timeout=600) for r in runs]
    assert codes == [0, 0], "\n\n".join(tail(log) for log in logs)

    state = check_database(db)
    lost, duplicated = len(expected - state["ids"]), state["duplicate_articles"]
    print(f"\nconcurrent writers: {len(expected)} articles expected, lost {lost}, duplicated {duplicated}")
    assert lost == 0 and duplicated == 0 and state["ids"] == expected
    assert state["duplicate_events"] == 0 and state["orphan_events"] == 0
    assert {str(first / "zz-empty.txt"), str(second / "zz-binary.txt")} <= state["rejected_sources"]
    (a, b) = state["runs"]
    assert a[1] == b[1] == "completed"
    assert max(a[5], b[5]) < min(a[6], b[6]), "the two runs did not overlap in time"
    # Each article was counted new by exactly one of the runs.
    assert a[2] + b[2] == len(expected) and a[4] + b[4] == len(expected)


KILLABLE = """
import sys, time
import tasks.persist as persist
marker, kill_at = sys.argv[1], int(sys.argv[2])
real_insert, calls = persist._insert, [0]

def insert_then_stall(con, table, records):
    added = real_insert(con, table, records)
    if table == "articles" and records:
        calls[0] += 1
        if calls[0] == kill_at:  # inside the chunk's transaction, articles written, nothing committed
            open(marker, "w").write("stalled")
            time.sleep(600)
    return added

persist._insert = insert_then_stall
from flows.cli import main
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.slow
def test_sigkill_mid_write_leaves_a_consistent_database(tmp_path, prefect_server):
    paths = corpus(tmp_path / "in", 16)
    inbox = tmp_path / "in"
    expected = expected_article_ids(paths)
    db = tmp_path / "killed.duckdb"
    env = prefect_server.client_env(PARLEY_CHUNK_SIZE="2")

    # 1. Killed inside the transaction of its third chunk.
    marker = tmp_path / "stalled"
    log = tmp_path / "killed.log"
    proc = start_process(
        [sys.executable, "-c", KILLABLE, str(marker), "3", "run", str(inbox), "--db", str(db)], env=env, log=log
    )
    deadline = time.monotonic() + 300
    while not marker.exists():
        assert proc.poll() is None, f"run ended before the kill:\n{tail(log)}"
        assert time.monotonic() < deadline, f"never reached the third write:\n{tail(log)}"
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    state = check_database(db)
    (killed,) = state["runs"]
    assert killed[1] == "running" and killed[6] is None  # the run's row says it never finished
    # Two whole chunks and nothing of the third: the counters committed with
    # the rows match them.
    assert state["articles"] == killed[4] == killed[2] == 4
    assert state["duplicate_articles"] == 0 and state["orphan_events"] == 0

    # 2. Killed at a random moment.
    proc = start_process([PARLEY, "run", str(inbox), "--db", str(db)], env=env, log=tmp_path / "random.log")
    time.sleep(random.uniform(6, 14))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    state = check_database(db)
    assert state["duplicate_articles"] == 0 and state["orphan_events"] == 0
    assert state["ids"] <= expected

    # 3. The next run completes the work.
    log = tmp_path / "resume.log"
    proc = start_process([PARLEY, "run", str(inbox), "--db", str(db)], env=env, log=log)
    assert proc.wait(timeout=600) == 0, tail(log)
    state = check_database(db)
    lost, duplicated = len(expected - state["ids"]), state["duplicate_articles"]
    print(f"\nSIGKILL: {len(expected)} articles expected, lost {lost}, duplicated {duplicated}")
    assert lost == 0 and duplicated == 0 and state["ids"] == expected
    assert state["duplicate_events"] == 0 and state["orphan_events"] == 0
    assert state["duplicate_rejected"] == 0
    assert {str(inbox / "zz-empty.txt"), str(inbox / "zz-binary.txt")} <= state["rejected_sources"]
    last = state["runs"][-1]
    assert last[1] == "completed" and last[2] + last[3] == len(expected)
    # The killed runs' rows no longer claim to be running (the one killed
    # at a random moment may have finished first).
    assert state["runs"][0][1] == "interrupted" and "running" not in {r[1] for r in state["runs"]}


# --- Issue 13: full disks, dead runs, readers during a run, half-written pages ---

DEV2 = SHARED / "eval" / "dev2"
# (tmpfs size, chunk size). A new database with its schema takes about 0.9 MB
# (DuckDB's blocks), so these disks hold the new file and the run's first
# rows, then fill: with one chunk of everything the first chunk's commit
# fails; with chunks of 5, the disk fills mid-run. (Issue 13's 1.2 MB now
# holds all of dev2 once stripped, so it no longer fills.)
DISK_FULL_CASES = (("1000k", 50), ("1000k", 5), ("1100k", 5))


def print_fault_table(title: str, header: tuple[str, ...], rows: list[tuple]) -> None:
    print(f"\n{title}")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")


def mount_tmpfs(where: Path, size: str) -> None:
    """A real tmpfs of `size` at `where`. Mounting needs root; CI runs as
    root and sets PARLEY_REQUIRE_TMPFS=1, so there a refusal fails the test."""
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        reason = f"cannot mount a {size} tmpfs at {where} (needs root): {done.stderr.strip() or done.returncode}"
        if os.environ.get("PARLEY_REQUIRE_TMPFS"):
            pytest.fail(reason)
        pytest.skip(f"{reason}; with PARLEY_REQUIRE_TMPFS=1 (as .ci/run sets) this fails instead")


def unmount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


def committed_state(db: Path) -> dict:
    """What a full disk left, read without writing (the WAL is replayed in memory)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchone()  # noqa: E731
        return {
            "ids": {r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()},
            "duplicate_articles": q("SELECT count(*) - count(DISTINCT article_id) FROM articles")[0],
            "counted": q("SELECT coalesce(sum(rows_added['articles']), 0) FROM runs")[0],
            "runs": con.execute("SELECT status, error FROM runs ORDER BY started_at").fetchall(),
        }
    finally:
        con.close()


@pytest.mark.slow
def test_disk_full_ends_the_run_cleanly_and_the_next_run_completes(tmp_path, prefect_server):
    """parley run of dev2 into a DuckDB file on a small tmpfs: an orderly
    failure naming the file and the cause, the committed chunks intact, and
    after making room, a run that completes the rest with no duplicate."""
    sources = sorted(DEV2.glob("*.txt"))
    expected = expected_article_ids(sources)
    table = []
    for attempt, (size, chunk) in enumerate(DISK_FULL_CASES, start=1):
        disk = tmp_path / f"disk-{attempt}"
        mount_tmpfs(disk, size)
        try:
            db = disk / "parley.duckdb"
            env = prefect_server.client_env(PARLEY_CHUNK_SIZE=str(chunk))
            full = subprocess.run([PARLEY, "run", str(DEV2), "--db", str(db)], env=env, cwd=REPO,
                                  capture_output=True, text=True, timeout=600)
            output = full.stdout + full.stderr
            aborted = full.returncode < 0 or full.returncode == 134 or "terminate called" in output
            assert not aborted, f"DuckDB aborted the process ({full.returncode}):\n{output[-3000:]}"
            assert full.returncode == 1, output[-3000:]
            message = [line for line in full.stderr.splitlines() if line.startswith("parley run:")]
            assert message and f"cannot write {db}" in message[-1] and "No space left on device" in message[-1], message
            assert "cannot rollback" not in message[-1]
            assert db.exists(), "on these disks the new file fits; only later writes fail"
            before = committed_state(db)
            # The counters committed with the rows match them.
            assert before["counted"] == len(before["ids"]) and before["duplicate_articles"] == 0
            failed_row = before["runs"][-1]
            if failed_row[0] == "failed":  # the row could still be written: it says why
                assert "No space left on device" in failed_row[1]

            subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)  # room again
            resumed = subprocess.run([PARLEY, "run", str(DEV2), "--db", str(db)], env=env, cwd=REPO,
                                     capture_output=True, text=True, timeout=600)
            assert resumed.returncode == 0, (resumed.stdout + resumed.stderr)[-3000:]
            after = check_database(db)
        finally:
            unmount(disk)
        lost = len(expected - after["ids"]) + len(before["ids"] - after["ids"])
        statuses = [r[1] for r in after["runs"]]
        assert lost == 0 and after["ids"] == expected
        assert after["duplicate_articles"] == after["duplicate_events"] == after["orphan_events"] == 0
        # The failed run's row says so (or, if even that could not be
        # written, the next run found its process gone).
        assert statuses[0] in ("failed", "interrupted") and statuses[-1] == "completed", statuses
        assert after["runs"][0][2] + after["runs"][-1][2] == len(expected)  # articles_new
        table.append((f"{size}B tmpfs, chunks of {chunk}", len(before["ids"]), failed_row[0],
                      "0", lost, after["duplicate_articles"], statuses[0]))
    print_fault_table(
        f"disk full: parley run of dev2 ({len(expected)} articles), then the same run with room",
        ("disk", "articles committed before the disk filled", "runs row after the failure", "aborts",
         "rows lost", "duplicated", "failed run's row after the next run"),
        table,
    )


# Tables as files made before this release have them: an `articles` without
# `extra`, and `runs` with a PRIMARY KEY and no process columns.
OLDER_FILE_SQL = """
CREATE TABLE articles (article_id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, format VARCHAR, title VARCHAR,
    published_on DATE, clean_text VARCHAR NOT NULL, added_at TIMESTAMP DEFAULT current_timestamp);
CREATE TABLE runs (flow_run_id VARCHAR PRIMARY KEY, flow_run_name VARCHAR, status VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL, ended_at TIMESTAMP, inputs VARCHAR[], inputs_seen INTEGER NOT NULL DEFAULT 0,
    articles_new INTEGER NOT NULL DEFAULT 0, articles_skipped INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0, rows_added MAP(VARCHAR, BIGINT));
INSERT INTO runs (flow_run_id, status, started_at, rows_added) VALUES ('old-run', 'completed', now(), MAP(['articles'], [3]));
"""
DIE_IN_FIRST_WRITE = """
import os, sys
from tasks.persist import open_database
with open_database(sys.argv[1]):
    os._exit(9)  # killed before anything is closed or checkpointed
"""


def test_a_run_killed_in_its_first_write_leaves_a_file_that_opens(tmp_path):
    """A process that dies right after making a new file, or after adding
    columns to an older one, leaves a file DuckDB opens again: the schema
    never waits in the write-ahead log, whose ALTER TABLE DuckDB 1.5 cannot
    replay. The older file's rows stay, and its runs table loses the key."""
    new, older = tmp_path / "new.duckdb", tmp_path / "older.duckdb"
    con = duckdb.connect(str(older))
    con.execute(OLDER_FILE_SQL)
    con.close()
    for db in (new, older):
        died = subprocess.run([sys.executable, "-c", DIE_IN_FIRST_WRITE, str(db)], cwd=REPO, capture_output=True,
                              text=True, timeout=120)
        assert died.returncode == 9, died.stderr
        con = duckdb.connect(str(db))  # raised "Failure while replaying WAL file" before
        try:
            columns = {r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name IN ('articles', 'runs')"
            ).fetchall()}
            keys = con.execute("SELECT count(*) FROM duckdb_constraints() "
                               "WHERE table_name = 'runs' AND constraint_type = 'PRIMARY KEY'").fetchone()[0]
            runs = con.execute("SELECT flow_run_id, rows_added['articles'] FROM runs").fetchall()
        finally:
            con.close()
        assert {"extra", "host", "pid", "process_started_at", "error", "interrupted_noticed_at"} <= columns
        assert keys == 0
        assert runs == ([("old-run", 3)] if db == older else [])


LEAVE_RUNNING = """
import sys
from datetime import datetime, timezone
from models.run import RunRecord
from tasks.persist import record_run
db, run_id = sys.argv[1], sys.argv[2]
record_run(db, RunRecord(db_path=db, flow_run_id=run_id, flow_run_name=run_id, started_at=datetime.now(timezone.utc)))
print("recorded", flush=True)
sys.stdin.readline()  # a run that is still going, until the test lets it end
"""


def test_runs_left_running_by_dead_processes_are_marked_interrupted(tmp_path):
    """A run writing its first row marks `interrupted` (with the time it
    noticed) the rows of runs on this host whose process is gone; a run
    still going and a run of another host stay `running`."""
    from datetime import datetime, timedelta, timezone

    from models.run import RunRecord
    from tasks.persist import record_run

    db = tmp_path / "runs.duckdb"

    def leave_running(run_id: str) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", LEAVE_RUNNING, str(db), run_id], cwd=REPO,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "recorded"
        return proc

    killed, alive = leave_running("killed-run"), leave_running("still-going")
    killed.kill()
    killed.wait(timeout=30)
    con = duckdb.connect(str(db))
    # A row of another host, and one whose pid now belongs to another
    # process (this one, started later than the row says).
    con.execute("INSERT INTO runs (flow_run_id, status, started_at, host, pid, process_started_at) "
                "VALUES ('other-host', 'running', now(), 'elsewhere.example', 1, now())")
    con.execute("INSERT INTO runs (flow_run_id, status, started_at, host, pid, process_started_at) "
                "SELECT 'pid-reused', 'running', now(), host, ?, process_started_at - INTERVAL 1 DAY "
                "FROM runs WHERE flow_run_id = 'still-going'", [os.getpid()])
    con.close()

    try:
        noticed_from = datetime.now(timezone.utc).replace(tzinfo=None)
        record_run(db, RunRecord(db_path=str(db), flow_run_id="next-run", started_at=datetime.now(timezone.utc)))
        noticed_to = datetime.now(timezone.utc).replace(tzinfo=None)
        rows = dict((r[0], r[1:]) for r in duckdb.connect(str(db), read_only=True).execute(
            "SELECT flow_run_id, status, interrupted_noticed_at, ended_at FROM runs").fetchall())
    finally:
        alive.stdin.close()
        alive.wait(timeout=30)

    assert rows["killed-run"][0] == "interrupted" and rows["pid-reused"][0] == "interrupted"
    assert noticed_from - timedelta(seconds=1) <= rows["killed-run"][1] <= noticed_to + timedelta(seconds=1)
    assert rows["killed-run"][2] is None  # when it really ended is unknown
    assert rows["still-going"][0] == "running" and rows["other-host"][0] == "running"
    assert rows["next-run"][0] == "running"
    print_fault_table("runs left running", ("row left running by", "status after the next run starts"), [
        ("a process killed with SIGKILL", rows["killed-run"][0]),
        ("a pid now used by a later process", rows["pid-reused"][0]),
        ("a process still running", rows["still-going"][0]),
        ("another host", rows["other-host"][0]),
    ])


HOLD_UNTIL_TOLD = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])  # the write lock, as a run holds it while it writes
print("locked", flush=True)
sys.stdin.readline()
con.close()
"""


def test_readers_wait_for_a_writer_and_say_so(tmp_path):
    """`parley sql` and `parley export` started while another process holds
    the write lock wait, say so on stderr, and succeed once it lets go; past
    PARLEY_READ_LOCK_TIMEOUT they fail with a message naming the file."""
    from tasks.persist import write_results

    db = tmp_path / "held.duckdb"
    write_results(db)

    @contextmanager
    def write_lock_held():
        holder = subprocess.Popen([sys.executable, "-c", HOLD_UNTIL_TOLD, str(db)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline().strip() == "locked"
        try:
            yield
        finally:
            holder.stdin.write("\n")  # let go
            holder.stdin.flush()
            holder.wait(timeout=30)

    env = {**os.environ, "PARLEY_READ_LOCK_TIMEOUT": "300"}
    commands = {
        "sql": [PARLEY, "sql", "select count(*) as runs_seen from runs", "--db", str(db)],
        "export": [PARLEY, "export", "--format", "csv", "--out", str(tmp_path / "out"), "--db", str(db)],
    }
    for name, command in commands.items():
        with write_lock_held():
            reader = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
            first = reader.stderr.readline()
            assert f"{db} is locked by another process" in first and "waiting up to 300s" in first, first
        out, err = reader.communicate(timeout=300)
        assert reader.returncode == 0, err
        assert "waited" in err
        if name == "sql":
            assert "runs_seen" in out and "│" in out  # DuckDB's own table

    with write_lock_held():
        gave_up = subprocess.run(commands["sql"], env={**env, "PARLEY_READ_LOCK_TIMEOUT": "1"}, cwd=REPO,
                                 capture_output=True, text=True, timeout=300)
    assert gave_up.returncode == 2
    assert f"{db} stayed locked by another process for 1s" in gave_up.stderr


@pytest.mark.slow
def test_sql_queries_during_a_run_do_not_fail(tmp_path, prefect_server):
    """30 `parley sql` queries, each started while a run (chunks of one
    article, so it writes often) is writing the database: none fails."""
    db = tmp_path / "busy.duckdb"
    env = prefect_server.client_env(PARLEY_CHUNK_SIZE="1")
    wanted, queries, batch = 30, [], 0
    while len(queries) < wanted:  # another run if one ends first
        folder = tmp_path / f"in-{batch}"
        corpus(folder, 24, first=100 * batch)
        run = parley_run(env, db, folder, log=tmp_path / f"run-{batch}.log")
        while not db.exists() and run.poll() is None:
            time.sleep(0.1)
        while run.poll() is None and len(queries) < wanted:
            done = subprocess.run([PARLEY, "sql", "select count(*) from articles", "--db", str(db)], env=env,
                                  cwd=REPO, capture_output=True, text=True, timeout=600)
            queries.append((done.returncode, "waiting up to" in done.stderr, done.stderr))
        assert run.wait(timeout=600) == 0, tail(tmp_path / f"run-{batch}.log")
        batch += 1
    failures = [q[2] for q in queries if q[0] != 0]
    waited = sum(q[1] for q in queries)
    print_fault_table("queries during a run", ("parley sql queries during a run", "failed", "waited for the lock",
                                                 "runs"), [(len(queries), len(failures), waited, batch)])
    assert not failures, failures[:3]


APPENDER = """
import sys, time, pathlib
page, stop = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
with page.open("a", encoding="utf-8") as out:
    n = 0
    while not stop.exists():  # a scraper writing the page in place, slowly
        n += 1
        out.write(f"<p>Paragraph {n}: the delegations went through the draft text line by line.</p>\\n")
        out.flush()
        time.sleep(0.05)
    out.write("<p>The ministers agreed to meet again in Paris in March, the closing statement said.</p>"
              "</article></body></html>\\n")
"""
GROWING_HEAD = (
    "<html><head><title>Ministers meet in Geneva</title></head><body><article><h1>Ministers meet in Geneva</h1>"
    "<p>The foreign ministers of France and Germany met in Geneva on Tuesday to discuss trade and the border, "
    "the ministry said.</p>\n"
)
LAST_SENTENCE = "agreed to meet again in Paris in March"


@pytest.mark.slow
def test_inbox_leaves_a_page_still_being_written_for_the_next_run(tmp_path, prefect_api, parley_settings):
    """A page appended to by another process during an inbox run is left
    for the next run (and logged); the next run, after the writer is done
    and the settle window has passed, stores the whole page."""
    import logging

    from flows.extract_events import extract_events

    parley_settings(inbox_settle_seconds=30)
    inbox = tmp_path / "inbox"
    done_earlier = corpus(inbox, 3)
    an_hour_ago = time.time() - 3600
    for path in inbox.iterdir():  # written well before the run
        os.utime(path, (an_hour_ago, an_hour_ago))
    growing, stop = inbox / "growing.html", tmp_path / "stop-writing"
    growing.write_text(GROWING_HEAD, encoding="utf-8")
    writer = subprocess.Popen([sys.executable, "-c", APPENDER, str(growing), str(stop)])
    size = growing.stat().st_size
    while growing.stat().st_size == size:  # the writer is appending
        assert writer.poll() is None
        time.sleep(0.05)

    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())
    logging.getLogger("prefect").addHandler(handler)
    db = tmp_path / "inbox.duckdb"
    try:
        first = extract_events(inbox=str(inbox), db=str(db))
        still_appending = writer.poll() is None and growing.stat().st_size > size
    finally:
        logging.getLogger("prefect").removeHandler(handler)
        stop.touch()
        writer.wait(timeout=30)
    assert still_appending, "the page must still be growing when the run ends"
    con = duckdb.connect(str(db), read_only=True)
    stored_first = {r[0] for r in con.execute("SELECT source FROM articles").fetchall()}
    rejected_first = {r[0] for r in con.execute("SELECT source FROM rejected_inputs").fetchall()}
    con.close()
    assert str(growing) not in stored_first and str(growing) not in rejected_first
    assert {str(p) for p in done_earlier} <= stored_first
    assert first.inputs_seen == len(done_earlier) + 2  # the three articles and the two bad inputs of corpus()
    assert any("left 1 file(s) modified in the last 30s for the next run" in m and str(growing) in m
               for m in messages), messages

    os.utime(growing, (an_hour_ago, an_hour_ago))  # the settle window has passed
    second = extract_events(inbox=str(inbox), db=str(db))
    con = duckdb.connect(str(db), read_only=True)
    pages = con.execute("SELECT clean_text FROM articles WHERE source = ?", [str(growing)]).fetchall()
    con.close()
    half_written = [text for (text,) in pages if LAST_SENTENCE not in text]
    assert len(pages) == 1 and not half_written and second.articles_new == 1
    print_fault_table("a page written in place during an inbox run", (
        "page appended to during the run", "stored by that run", "stored by the next run", "half-written stored"),
        [(1, 0, len(pages), len(half_written))])




# --- The temporary Prefect server never outlives `parley run` (issue 13) ------
# Without PREFECT_API_URL, `parley run` starts a Prefect server of its own.
# However the run dies, that server must go with it: these runs are killed
# with SIGKILL (the run's process only, as the OOM killer does) and aborted
# (as DuckDB's C++ terminate does), and no server process may be left.

SERVER_MARKERS = (b"flows.api_server", b"prefect.server.api.server")


def server_processes(home: Path) -> list[int]:
    """Live processes running a Prefect server with PREFECT_HOME=`home`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            environ = Path(f"/proc/{entry}/environ").read_bytes().split(b"\0")
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and any(m in cmdline for m in SERVER_MARKERS) and f"PREFECT_HOME={home}".encode() in environ:
            found.append(int(entry))
    return found


def own_server_env(tmp_path: Path, **extra: str) -> tuple[dict, Path]:
    home = tmp_path / "prefect-home"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **extra}
    env.pop("PREFECT_API_URL", None)
    return env, home


def wait_for(condition, seconds: float, what: str, log: Path):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, f"{what} not seen within {seconds:.0f}s:\n{tail(log)}"
        time.sleep(0.2)
    return found


def left_after_death(home: Path, grace: float = 10.0) -> list[int]:
    deadline = time.monotonic() + grace
    while (left := server_processes(home)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


ABORTING = """
import os, sys
import tasks.persist as persist
real, calls = persist.write_results, [0]

def write_then_abort(*args, **kwargs):
    calls[0] += 1
    if calls[0] == 3:  # the run's row and one chunk are written: abort mid-run
        os.abort()
    return real(*args, **kwargs)

persist.write_results = write_then_abort
from flows.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_server_does_not_outlive_a_killed_or_aborted_run(tmp_path):
    inbox = tmp_path / "in"
    corpus(inbox, 12)
    env, home = own_server_env(tmp_path, PARLEY_CHUNK_SIZE="2")
    results = {}

    # 1. SIGKILL of the run's process alone, once its server answers and chunks are being written.
    db, log = tmp_path / "killed.duckdb", tmp_path / "killed.log"
    proc = parley_run(env, db, inbox, log=log)
    try:
        servers = wait_for(lambda: server_processes(home), 120, "the run's Prefect server", log)
        wait_for(lambda: "chunk 1/" in log.read_text(errors="replace"), 300, "the first chunk", log)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        results["SIGKILL"] = left_after_death(home)
    finally:
        stop_group(proc)
    assert servers

    # 2. A C++-style abort (SIGABRT) inside the run, mid-write.
    db, log = tmp_path / "aborted.duckdb", tmp_path / "aborted.log"
    proc = start_process([sys.executable, "-c", ABORTING, "run", str(inbox), "--db", str(db)], env=env, log=log)
    try:
        code = proc.wait(timeout=600)
        results["abort"] = left_after_death(home)
    finally:
        stop_group(proc)
    assert code == -signal.SIGABRT, f"expected an abort, got exit {code}:\n{tail(log)}"

    print(f"\nserver processes left: after SIGKILL {len(results['SIGKILL'])}, after abort {len(results['abort'])}")
    assert results == {"SIGKILL": [], "abort": []}


def stop_group(proc: subprocess.Popen) -> None:
    """Clean up whatever the test's run left (its worker processes)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


@pytest.mark.slow
def test_run_on_a_terminal_shows_a_progress_bar(tmp_path):
    """On a terminal `parley run` draws a bar with files done, rate and time
    left; piped to a file (the other tests) it prints plain logs only."""
    import pty

    env, _ = own_server_env(tmp_path, COLUMNS="120")
    master, slave = pty.openpty()
    proc = subprocess.Popen([PARLEY, "run", str(REPO / "seeds"), "--db", str(tmp_path / "tty.duckdb")],
                            env=env, cwd=REPO, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    screen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the run ended
            break
        if not chunk:
            break
        screen += chunk
    os.close(master)
    assert proc.wait(timeout=60) == 0, screen.decode(errors="replace")[-3000:]
    text = screen.decode(errors="replace")
    assert "files" in text and "5/5" in text and "left" in text, text[-3000:]
    assert "rows added" in text  # the summary still follows
