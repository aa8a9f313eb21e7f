"""Faults an unattended inbox meets: bad inputs of every kind, two runs
writing one database at once, and a run killed with SIGKILL mid-write.

The fault table printed by `test_bad_inputs_fault_table` (run with -s) is
the one in docs/OPERATIONS.md.
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
from pathlib import Path

import duckdb
import pytest

try:  # tests/ is a package (tests/__init__.py) or a plain folder
    from tests.conftest import BIN, REPO, deny_reads_as_root, start_process, tail
except ImportError:  # pragma: no cover
    from conftest import BIN, REPO, deny_reads_as_root, start_process, tail
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

    def discover_then_delete(paths):
        found = real_discover(paths)
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


def corpus(folder: Path, count: int) -> list[Path]:
    """`count` distinct news articles (seed texts with a numbered sentence)
    and two bad inputs."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
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
    paths = corpus(tmp_path / "in", 24)
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    for p in paths[:16]:  # the two runs overlap on 8 articles
        shutil.copy(p, first / p.name)
    for p in paths[8:]:
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
