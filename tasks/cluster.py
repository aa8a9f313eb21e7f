"""Cluster stage: the same real-world event reported by several articles.

Rule (two event rows from different articles are one real-world event when
all of these hold):

1. Same kind (meeting, call, summons, recall).
2. Same sides: for summons and recalls, the same pair of countries in the
   same roles; for meetings and calls, the same country set, or (when one
   side lists no countries) at least one person in common.
3. Compatible people: if both rows name people, they share at least one
   (names compare by surname, so "Putin" is "Vladimir Putin").
4. Compatible dates: if both rows have a date, they agree at the coarser
   precision (a day-precise date allows one day either way, for time zones
   and "Wednesday evening"); a row without a date is placed at its
   article's publication date, and must be within a week of the other's
   date. So two calls between the same leaders a week apart stay apart. A
   row that can be placed in time neither way joins nothing.
6. Meetings that name fewer than two countries (a summit one leader attends)
   must also name the same place.
5. Compatible status: equal, or planned/proposed against occurred when both
   give the same day (the summit announced for June 16 is the summit held on
   June 16). A cancelled event never joins one that happened.

Rows that satisfy the rule pairwise are joined transitively (union-find),
within blocks of the same kind and country set so the work stays small.
The cluster id is derived from the smallest event id in the cluster.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from prefect import task

from tasks.support.dbfile import retry_unless_unwritable, transaction

FUTURE = {"planned", "proposed"}
PRECISION_ORDER = ["day", "week", "month", "year"]


@dataclass(frozen=True)
class EventRow:
    event_id: str
    article_id: str
    kind: str
    status: str
    event_date: date | None
    date_precision: str | None
    people: tuple[str, ...]
    countries: tuple[str, ...]
    published_on: date | None
    roles: tuple[str | None, str | None] = (None, None)  # (acting country, other country) for summons/recalls
    location: str | None = None


@lru_cache(maxsize=65536)
def _surname(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z]+", folded)
    return words[-1] if words else ""


@lru_cache(maxsize=65536)
def _surnames(people: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_surname(p) for p in people)


def _same_sides(a: EventRow, b: EventRow) -> bool:
    if a.kind in {"summons", "recall"}:
        return a.roles == b.roles and a.roles != (None, None)
    if a.countries and b.countries:
        return set(a.countries) == set(b.countries)
    return bool(_surnames(a.people) & _surnames(b.people))


def _people_compatible(a: EventRow, b: EventRow) -> bool:
    if not a.people or not b.people:
        return True
    return bool(_surnames(a.people) & _surnames(b.people))


def _anchor(row: EventRow) -> tuple[date | None, str | None]:
    if row.event_date is not None:
        return row.event_date, row.date_precision or "day"
    return row.published_on, None


def _dates_compatible(a: EventRow, b: EventRow) -> bool:
    da, pa = _anchor(a)
    db, pb = _anchor(b)
    if da is None or db is None:
        return False  # an event that cannot be placed in time cannot be matched
    if pa and pb:  # both rows give their own date
        coarse = max(pa, pb, key=PRECISION_ORDER.index)
        if coarse == "day":
            return abs((da - db).days) <= 1
        if coarse == "week":
            return abs((da - db).days) < 7
        width = {"month": 7, "year": 4}[coarse]
        return da.isoformat()[:width] == db.isoformat()[:width]
    # One row is placed at its article's publication date: an event reported
    # without a date happened (or is due) near the time of writing.
    return abs((da - db).days) <= 7


def _status_compatible(a: EventRow, b: EventRow) -> bool:
    if a.status == b.status:
        return True
    if {a.status, b.status} <= FUTURE:
        return True
    if {a.status, b.status} & {"not_occurred"}:
        return False
    # planned/proposed vs occurred: the same event only if both name the same day
    return (
        a.event_date is not None
        and b.event_date is not None
        and a.date_precision == b.date_precision == "day"
        and a.event_date == b.event_date
    )


def _places_compatible(a: EventRow, b: EventRow) -> bool:
    if a.location and b.location and a.location.lower() != b.location.lower():
        return False
    if a.kind == "meeting" and len(set(a.countries) | set(b.countries)) < 2:
        return bool(a.location) and a.location == b.location
    return True


def same_event(a: EventRow, b: EventRow) -> bool:
    """The clustering rule (see the module docstring)."""
    return (
        a.article_id != b.article_id
        and _places_compatible(a, b)
        and a.kind == b.kind
        and _same_sides(a, b)
        and _people_compatible(a, b)
        and _dates_compatible(a, b)
        and _status_compatible(a, b)
    )


def _block_key(row: EventRow) -> tuple:
    if row.kind in {"summons", "recall"}:
        return (row.kind, row.roles)
    return (row.kind, tuple(sorted(row.countries)))


# Rows placed further apart than this can only match through a coarse
# (month or year) date, which is handled by bucket; see _dates_compatible.
SWEEP_DAYS = 8


def _pairs_close_in_time(rows: Sequence[EventRow]) -> Iterator[tuple[EventRow, EventRow]]:
    """The pairs whose dates could be compatible, without testing all
    pairs: a sweep over rows sorted by date for day- and week-precise (or
    publication-dated) rows, and same-year / same-month buckets for rows
    dated only to a year or month. Rows that cannot be placed in time match
    nothing and yield no pair."""
    placed = sorted(((a[0], a[1], r) for r in rows if (a := _anchor(r))[0] is not None), key=lambda t: t[0])
    by_year: dict[int, list[EventRow]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[EventRow]] = defaultdict(list)
    for day, _, row in placed:
        by_year[day.year].append(row)
        by_month[(day.year, day.month)].append(row)
    fine = [(day, row) for day, precision, row in placed if precision in (None, "day", "week")]
    for i, (day, a) in enumerate(fine):
        for later, b in fine[i + 1 :]:
            if (later - day).days > SWEEP_DAYS:
                break
            yield a, b
    for day, precision, row in placed:
        pool = by_year[day.year] if precision == "year" else by_month[(day.year, day.month)] if precision == "month" else ()
        for other in pool:
            if other is not row:
                yield row, other


def cluster_rows(rows: Sequence[EventRow]) -> dict[str, str]:
    """event_id -> cluster_id for every row (singletons included)."""
    parent = {r.event_id: r.event_id for r in rows}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)

    blocks: dict[tuple, list[EventRow]] = defaultdict(list)
    no_countries: dict[str, list[EventRow]] = defaultdict(list)
    for row in rows:
        blocks[_block_key(row)].append(row)
        if row.kind in {"meeting", "call"} and not row.countries:
            no_countries[row.kind].append(row)
    for key, members in blocks.items():
        # a row that names no countries may still match by people
        guests = no_countries.get(key[0], []) if key[1] else []
        own = {id(m) for m in members}
        for a, b in _pairs_close_in_time(members + guests):
            if (id(a) in own or id(b) in own) and same_event(a, b):
                union(a.event_id, b.event_id)
    roots = {r.event_id: find(r.event_id) for r in rows}
    return {event_id: _cluster_id(root) for event_id, root in roots.items()}


def _cluster_id(root_event_id: str) -> str:
    return "c" + hashlib.sha256(root_event_id.encode()).hexdigest()[:16]


EVENT_QUERY = """
select e.event_id, e.article_id, e.type, e.status, e.event_date, e.date_precision,
       e.people, e.countries, a.published_on,
       coalesce(e.summoning_country, e.recalling_country) as acting,
       coalesce(e.envoy_country, e.host_country) as other, e.location
from events e join articles a using (article_id)
"""


def load_rows(con) -> list[EventRow]:
    return [
        EventRow(
            event_id=r[0], article_id=r[1], kind=r[2], status=r[3], event_date=r[4], date_precision=r[5],
            people=tuple(r[6] or ()), countries=tuple(r[7] or ()), published_on=r[8], roles=(r[9], r[10]),
            location=r[11],
        )
        for r in con.execute(EVENT_QUERY).fetchall()
    ]


def refresh_clusters(db_path: str | Path) -> int:
    """Recompute `event_clusters` for the whole database in one transaction;
    return the number of clusters that hold more than one article.

    Only what changed is written: new rows inserted, changed cluster ids
    updated in place. Deleting and re-inserting the same keys would be
    simpler, but when the COMMIT of that fails (a full disk), DuckDB 1.5
    aborts the process instead of raising."""
    import pandas as pd  # here, not at the top: see tasks/persist.py's _insert

    from tasks.persist import open_database

    with open_database(db_path) as con:
        rows = load_rows(con)
        assignment = cluster_rows(rows)
        frame = pd.DataFrame(sorted(assignment.items()), columns=["event_id", "cluster_id"])
        con.register("cluster_frame", frame)
        try:
            with transaction(con):
                con.execute(
                    "UPDATE event_clusters c SET cluster_id = f.cluster_id FROM cluster_frame f "
                    "WHERE c.event_id = f.event_id AND c.cluster_id <> f.cluster_id"
                )
                con.execute(
                    "INSERT INTO event_clusters SELECT event_id, cluster_id FROM cluster_frame "
                    "WHERE event_id NOT IN (SELECT event_id FROM event_clusters)"
                )
                con.execute("DELETE FROM event_clusters WHERE event_id NOT IN (SELECT event_id FROM cluster_frame)")
        finally:
            con.unregister("cluster_frame")
    sizes: dict[str, set[str]] = defaultdict(set)
    by_id = {r.event_id: r for r in rows}
    for event_id, cluster_id in assignment.items():
        sizes[cluster_id].add(by_id[event_id].article_id)
    return sum(1 for articles in sizes.values() if len(articles) > 1)


# Not retried when the file cannot be written: that fails the same way again.
@task(name="cluster-events", retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_unless_unwritable)
def cluster_task(db_path: str) -> int:
    return refresh_clusters(db_path)
