"""The README's main job, end to end: `parley run` over real pages into a
real DuckDB file, checked with SQL and with the project's gold scorer.

One run of the installed `parley` command (real Prefect flow with its
own Prefect server, real spaCy model) covers seeds/, the dev pages, the peer
sentences, the dev2 articles from 35 outlets and the feed's 90 pages of
every topic; the scores below are the floors the project has reached and
must not fall under, and the feed's false rows a ceiling (an analyst reads
every one).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, SHARED

EVAL = SHARED / "eval"
PARLEY = Path(sys.executable).with_name("parley")

# Floors per gold file: measured figures minus a small margin for library drift.
FLOORS = {
    "seeds_gold.json": {"f1": 0.95, "strict_f1": 0.95, "dropped": 1.0, "kept": 1.0, "published_on": 1.0},
    "dev_gold.json": {"f1": 0.96, "strict_f1": 0.75, "dropped": 1.0, "kept": 1.0, "published_on": 1.0},
    "peer_gold.json": {"f1": 1.0, "strict_f1": 0.96, "dropped": 1.0, "kept": 1.0, "published_on": 1.0},
    # news of other writers (measured 0.905 / 0.76, 67 of 68 furniture lines
    # dropped, 193 of 193 kept; feed 0.89 / 0.57)
    "dev2_gold.json": {"f1": 0.87, "strict_f1": 0.70, "dropped": 0.97, "kept": 1.0, "published_on": 0.95},
    "feed_gold.json": {"f1": 0.80, "strict_f1": 0.45, "dropped": 1.0, "kept": 1.0, "published_on": 0.95},
}
# False rows per 100 articles, not to be exceeded (measured 1.1 on the feed, 2.7 on dev2).
CEILINGS = {"feed_gold.json": 3.0, "dev2_gold.json": 6.0}
INPUT_SETS = (("seeds", "*.txt"), ("dev", "*.html"), ("peer", "*.txt"), ("dev2", "*.txt"), ("feed", "*.html"))


def input_folder(name: str) -> Path:
    return REPO / "seeds" if name == "seeds" else EVAL / name

pytestmark = pytest.mark.slow


def run_parley(*args: str, env_home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREFECT_HOME": str(env_home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    return subprocess.run([str(PARLEY), *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    if not EVAL.exists():
        pytest.fail(f"the gold sets are expected beside the repo at {EVAL}")
    work = tmp_path_factory.mktemp("e2e")
    db = work / "parley.duckdb"
    # seeds/ as the README's `make run` names it, relative to the repository
    folders = ["seeds"] + [str(input_folder(name)) for name, _ in INPUT_SETS[1:]]
    result = run_parley("run", *folders, "--db", str(db), env_home=work / "prefect")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "rows added" in result.stdout
    return db


def query(db: Path, sql: str):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_input_becomes_an_article(database: Path) -> None:
    inputs = sum(len(list(input_folder(name).glob(pattern))) for name, pattern in INPUT_SETS)
    (articles,) = query(database, "select count(*) from articles")[0]
    (rejected,) = query(database, "select count(*) from rejected_inputs")[0]
    assert articles + rejected == inputs
    assert rejected == 0


def test_seed_events_as_an_analyst_would_query_them(database: Path) -> None:
    recalls = query(
        database,
        """select r.status, r.event_date, r.recalling_country, r.host_country, r.people
           from recalls r join articles a using (article_id)
           where a.source like '%004_14266acad0794d06.txt' order by r.event_date""",
    )
    assert [(s, str(d), rc, hc) for s, d, rc, hc, _ in recalls] == [
        ("occurred", "1998-01-01", "RUS", "USA"),
        ("not_occurred", "2014-01-01", "RUS", "USA"),
        ("occurred", "2021-03-17", "RUS", "USA"),
    ]
    assert recalls[-1][4] == ["Anatoly Antonov"]  # the envoy named elsewhere in the article
    summons = query(database, "select summoning_country, envoy_country, people from summons s join articles a using (article_id) where a.source like 'seeds/%'")
    assert summons == [("RUS", "USA", ["John Sullivan"])]


def test_events_view_and_evidence_offsets(database: Path) -> None:
    kinds = {k for (k,) in query(database, "select distinct type from events")}
    assert kinds == {"meeting", "call", "summons", "recall"}
    bad = query(
        database,
        """select e.event_id from events e join articles a using (article_id)
           where substr(a.clean_text, e.evidence_start + 1, e.evidence_end - e.evidence_start) <> e.evidence""",
    )
    assert bad == []
    (dupes,) = query(database, "select count(*) - count(distinct event_id) from events")[0]
    assert dupes == 0


def test_every_event_has_one_cluster(database: Path) -> None:
    (unclustered,) = query(database, "select count(*) from events left join event_clusters using (event_id) where cluster_id is null")[0]
    assert unclustered == 0
    (events,) = query(database, "select count(*) from events")[0]
    (reports,) = query(database, "select sum(n_reports) from unique_events")[0]
    assert reports == events


def test_rerun_adds_nothing(database: Path, tmp_path: Path) -> None:
    before = query(database, "select (select count(*) from articles), (select count(*) from events)")
    result = run_parley("run", "seeds", "--db", str(database), env_home=tmp_path / "prefect")
    assert result.returncode == 0, result.stderr[-3000:]
    assert query(database, "select (select count(*) from articles), (select count(*) from events)") == before


def test_duckdb_cli_reads_the_file(database: Path) -> None:
    cli = Path(sys.executable).with_name("duckdb")
    out = subprocess.run(
        [str(cli), str(database), "-readonly", "-c", "select type, status, count(*) from events group by all"],
        capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "meeting" in out.stdout


def _fraction(pair: str) -> float:
    got, total = pair.split("/")
    return int(got) / int(total) if int(total) else 1.0


@pytest.mark.parametrize("gold", sorted(FLOORS))
def test_scores_stay_above_their_floors(database: Path, gold: str) -> None:
    out = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), "--gold", str(EVAL / gold), "--db", str(database), "--json"],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    floors = FLOORS[gold]
    figures = {
        "f1": result["events"]["f1"],
        "strict_f1": result["strict"]["f1"],
        "dropped": _fraction(result["boilerplate"]["dropped"]),
        "kept": _fraction(result["boilerplate"]["kept"]),
        "published_on": _fraction(result["published_on"]),
    }
    assert result["missing_articles"] == []
    below = {k: (figures[k], floors[k]) for k in floors if figures[k] < floors[k]}
    assert not below, f"{gold}: figures under their floors (got, floor): {below}"
    false_rows = result["events"]["false_per_100_articles"]
    assert false_rows <= CEILINGS.get(gold, 100.0), f"{gold}: {false_rows} false rows per 100 articles"
