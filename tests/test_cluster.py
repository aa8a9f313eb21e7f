"""The cross-article rule, on pairs that must and must not be one event."""
from __future__ import annotations

from datetime import date

import pytest

from tasks.cluster import EventRow, cluster_rows, same_event


def row(event_id: str, article: str, *, kind="call", status="occurred", day=None, precision="day",
        people=("Vladimir Putin", "Joe Biden"), countries=("RUS", "USA"), published=date(2021, 4, 14),
        roles=(None, None)) -> EventRow:
    return EventRow(event_id, article, kind, status, day, precision if day else None, tuple(people),
                    tuple(countries), published, roles)


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
