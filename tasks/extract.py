"""Extract stage: find meetings, calls, summons and recalls in parsed articles.

PLACEHOLDER: returns no events until the rule-based extractor lands.
"""
from __future__ import annotations

from prefect import task

from models.events import EventBase
from models.parsed import ParsedArticle


def extract_article_events(parsed: ParsedArticle) -> list[EventBase]:
    return []


@task(name="extract-events")
def extract_task(parsed: list[ParsedArticle]) -> list[EventBase]:
    return [event for article in parsed for event in extract_article_events(article)]
