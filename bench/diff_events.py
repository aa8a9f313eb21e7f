"""Compare the events of two Parley databases, row for row.

    .venv/bin/python bench/diff_events.py slow.duckdb fast.duckdb

Compares (source, type, status, event_date, people, countries, evidence) and
prints the rows only one side has; exits 1 when they differ. Used to check
that a speed change leaves the output of the gold sets untouched.
"""
from __future__ import annotations

import sys

import duckdb

QUERY = """
select a.source, e.type, e.status, e.event_date::varchar, list_sort(e.people)::varchar,
       list_sort(e.countries)::varchar, e.evidence
from events e join articles a using (article_id)
"""


def rows(path: str) -> list[tuple]:
    with duckdb.connect(path, read_only=True) as con:
        return con.execute(QUERY).fetchall()


def main(argv: list[str]) -> int:
    left, right = argv
    a, b = rows(left), rows(right)
    only_left = sorted(set(a) - set(b), key=str)
    only_right = sorted(set(b) - set(a), key=str)
    for row in only_left:
        print("<", row)
    for row in only_right:
        print(">", row)
    dup = (len(a) - len(set(a))) - (len(b) - len(set(b)))
    print(f"{len(a)} rows vs {len(b)} rows; {len(only_left)} only in {left}, {len(only_right)} only in {right}"
          + (f"; duplicate count differs by {dup}" if dup else ""))
    return 1 if only_left or only_right or dup else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
