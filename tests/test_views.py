"""The analyst views, on a small database written through the project's own
write path with events whose answers are known."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

import duckdb
import pytest

from models.article import CleanArticle
from models.events import Call, Meeting, Recall, Summons
from models.inputs import InputFormat, RejectedInput
from models.run import RunRecord
from tasks.cluster import refresh_clusters
from tasks.persist import record_run, write_results


def article(n: int, outlet: str, text: str, published: date) -> CleanArticle:
    return CleanArticle(source=f"https://{outlet}/story/{n}", format=InputFormat.HTML, title=f"Story {n}",
                        published_on=published, clean_text=text)


def event(cls, art: CleanArticle, sentence: str, **fields):
    start = art.clean_text.index(sentence)
    return cls(article_id=art.article_id, evidence=sentence, evidence_start=start,
               evidence_end=start + len(sentence), confidence=0.8, **fields)


MEET = "Lavrov met Blinken in Geneva on March 3, 2025."
CALL = "Macron spoke by phone with Scholz on March 20, 2025."
TRILATERAL = "Leaders of the US, France and Germany met in Paris on April 2, 2025."
SUMMONS_OLD = "Moscow summoned the US ambassador on January 10, 2025."
SUMMONS_NEW = "Moscow summoned the US ambassador again on April 15, 2025."
RECALL = "Russia recalled its ambassador from Washington on May 1, 2025."


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("views") / "views.duckdb"
    a1 = article(1, "wire.example.com", f"{MEET}\n{SUMMONS_OLD}", date(2025, 3, 3))
    a2 = article(2, "daily.example.net", f"Geneva talks.\n{MEET}", date(2025, 3, 4))  # same meeting, another outlet
    a3 = article(3, "wire.example.com", f"{CALL}\n{TRILATERAL}", date(2025, 4, 2))
    a4 = article(4, "post.example.com", f"{SUMMONS_NEW}\n{RECALL}", date(2025, 5, 1))
    people = ["Antony Blinken", "Sergei Lavrov"]
    events = [
        event(Meeting, a1, MEET, status="occurred", event_date=date(2025, 3, 3), date_precision="day",
              people=people, countries=["RUS", "USA"], location="Geneva"),
        event(Meeting, a2, MEET, status="occurred", event_date=date(2025, 3, 3), date_precision="day",
              people=people, countries=["USA", "RUS"], location="Geneva"),
        event(Summons, a1, SUMMONS_OLD, status="occurred", event_date=date(2025, 1, 10), date_precision="day",
              countries=["RUS", "USA"], summoning_country="RUS", envoy_country="USA", envoy="the US ambassador"),
        event(Call, a3, CALL, status="occurred", event_date=date(2025, 3, 20), date_precision="day",
              people=["Emmanuel Macron", "Olaf Scholz"], countries=["FRA", "DEU"], medium="telephone"),
        event(Meeting, a3, TRILATERAL, status="planned", event_date=date(2025, 4, 2), date_precision="day",
              countries=["USA", "FRA", "DEU"], location="Paris"),
        event(Summons, a4, SUMMONS_NEW, status="occurred", event_date=date(2025, 4, 15), date_precision="day",
              countries=["RUS", "USA"], summoning_country="RUS", envoy_country="USA", envoy="the US ambassador"),
        event(Recall, a4, RECALL, status="occurred", event_date=date(2025, 5, 1), date_precision="day",
              countries=["RUS", "USA"], recalling_country="RUS", host_country="USA", envoy="Russia's ambassador"),
    ]
    first = RunRecord(db_path=str(path), flow_run_id=str(uuid.uuid4()), started_at=datetime(2025, 5, 1, tzinfo=timezone.utc))
    record_run(path, first)
    write_results(path, articles=[a1, a2, a3, a4], events=events, run=first,
                  rejected=[RejectedInput(source="/in/a.jsonl:4", stage="load", reason="/in/a.jsonl line 4: not valid JSON"),
                            RejectedInput(source="/in/b.pdf.txt", stage="load", reason="binary file (PDF), not text or HTML")])
    refresh_clusters(path)
    # A later run sees one of the same bad inputs again, and a new one.
    second = RunRecord(db_path=str(path), flow_run_id=str(uuid.uuid4()), started_at=datetime(2025, 5, 2, tzinfo=timezone.utc))
    record_run(path, second)
    write_results(path, run=second,
                  rejected=[RejectedInput(source="/in/a.jsonl:4", stage="load", reason="/in/a.jsonl line 4: not valid JSON"),
                            RejectedInput(source="/in/c.html", stage="strip", reason="no article text found")])
    return path, first.flow_run_id, second.flow_run_id


def rows(db, sql):
    con = duckdb.connect(str(db[0]), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_events_per_month_counts_real_world_events_per_pair(db):
    got = rows(db, "SELECT month, country_a, country_b, type, n_events, n_occurred, n_articles "
                   "FROM events_per_month ORDER BY ALL")
    assert got == [
        (date(2025, 1, 1), "RUS", "USA", "summons", 1, 1, 1),
        (date(2025, 3, 1), "DEU", "FRA", "call", 1, 1, 1),
        (date(2025, 3, 1), "RUS", "USA", "meeting", 1, 1, 2),  # two articles, one meeting
        (date(2025, 4, 1), "DEU", "FRA", "meeting", 1, 0, 1),  # a trilateral gives three pairs
        (date(2025, 4, 1), "DEU", "USA", "meeting", 1, 0, 1),
        (date(2025, 4, 1), "FRA", "USA", "meeting", 1, 0, 1),
        (date(2025, 4, 1), "RUS", "USA", "summons", 1, 1, 1),
        (date(2025, 5, 1), "RUS", "USA", "recall", 1, 1, 1),
    ]


def test_latest_summons_and_recalls_per_country(db):
    got = rows(db, "SELECT country, role, type, other_country, event_date, n_events, source "
                   "FROM latest_summons_recalls ORDER BY country, role")
    assert got == [
        ("RUS", "recaller", "recall", "USA", date(2025, 5, 1), 1, "https://post.example.com/story/4"),
        ("RUS", "summoner", "summons", "USA", date(2025, 4, 15), 2, "https://post.example.com/story/4"),
        ("USA", "host", "recall", "RUS", date(2025, 5, 1), 1, "https://post.example.com/story/4"),
        ("USA", "summoned", "summons", "RUS", date(2025, 4, 15), 2, "https://post.example.com/story/4"),
    ]


def test_diplomatic_contacts_over_time(db):
    got = rows(db, "SELECT month, type, status, partners, n_articles FROM diplomatic_contacts "
                   "WHERE country = 'USA' ORDER BY event_date")
    assert got == [
        (date(2025, 3, 1), "meeting", "occurred", ["RUS"], 2),
        (date(2025, 4, 1), "meeting", "planned", ["DEU", "FRA"], 1),
    ]
    assert rows(db, "SELECT count(*) FROM diplomatic_contacts WHERE type NOT IN ('meeting', 'call')") == [(0,)]


def test_pair_events_lists_each_report_with_evidence_and_source(db):
    got = rows(db, "SELECT type, event_date, evidence, source FROM pair_events "
                   "WHERE country_a = least('USA', 'RUS') AND country_b = greatest('USA', 'RUS') ORDER BY event_date, source")
    assert got == [
        ("summons", date(2025, 1, 10), SUMMONS_OLD, "https://wire.example.com/story/1"),
        ("meeting", date(2025, 3, 3), MEET, "https://daily.example.net/story/2"),
        ("meeting", date(2025, 3, 3), MEET, "https://wire.example.com/story/1"),
        ("summons", date(2025, 4, 15), SUMMONS_NEW, "https://post.example.com/story/4"),
        ("recall", date(2025, 5, 1), RECALL, "https://post.example.com/story/4"),
    ]
    # both reports of the meeting share a cluster
    assert rows(db, "SELECT count(DISTINCT cluster_id) FROM pair_events WHERE type = 'meeting' AND country_a = 'RUS' AND country_b = 'USA'") == [(1,)]


def test_last_run_rejected_follows_the_latest_run(db):
    _, first, second = db
    got = rows(db, "SELECT source, flow_run_id FROM last_run_rejected ORDER BY source")
    assert got == [("/in/a.jsonl:4", second), ("/in/c.html", second)]  # seen again: now the latest run's
    assert rows(db, "SELECT flow_run_id FROM rejected_inputs WHERE source = '/in/b.pdf.txt'") == [(first,)]


def test_views_are_views_not_copies(db):
    names = {r[0] for r in rows(db, "SELECT view_name FROM duckdb_views() WHERE NOT internal")}
    assert {"events_per_month", "latest_summons_recalls", "diplomatic_contacts", "pair_events",
            "last_run_rejected"} <= names
    tables = {r[0] for r in rows(db, "SELECT table_name FROM duckdb_tables()")}
    assert not tables & names
