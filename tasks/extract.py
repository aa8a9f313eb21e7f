"""Extract stage: meetings, calls, summons and recalls from parsed articles.

The NLP stage hands over token columns; here they become a `Doc` again and
run through Parley's own small spaCy pipeline (people, triggers, events,
see tasks/extraction/components/). Mentions of the same event are merged
(tasks/extraction/merge.py) and each event becomes one pydantic row of its kind.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from prefect import task
from spacy.language import Language

import tasks.extraction.components  # noqa: F401  (registers the pipeline factories)
from models.events import Call, EventBase, EventKind, Meeting, Recall, Summons
from models.parsed import ParsedArticle
from tasks.extraction.components.events import Mention
from tasks.extraction.merge import merge_mentions


@lru_cache(maxsize=1)
def extraction_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("parley_people")
    nlp.add_pipe("parley_triggers")
    nlp.add_pipe("parley_events")
    return nlp


def confidence_of(mention: Mention) -> float:
    """A rough [0, 1] score of how far to trust a row (README explains it)."""
    score = 0.55
    score += 0.15 if mention.reading.decisive else -0.1
    score += 0.1 if mention.people else 0.0
    score += 0.05 if len(mention.countries) >= 2 else -0.05
    score += min(0.1, 0.05 * (mention.mentions - 1))
    if mention.weak:
        score -= 0.1
    return round(max(0.05, min(0.98, score)), 2)


def to_event(mention: Mention, *, article_id: str) -> EventBase:
    common = dict(
        article_id=article_id,
        status=mention.status,
        event_date=mention.date.value if mention.date else None,
        date_precision=mention.date.precision if mention.date else None,
        date_text=mention.date.text if mention.date else None,
        people=sorted(mention.people),
        countries=sorted(set(mention.countries)),
        evidence=mention.sentence.text,
        evidence_start=mention.sentence.start_char,
        evidence_end=mention.sentence.end_char,
        confidence=confidence_of(mention),
    )
    if mention.kind is EventKind.MEETING:
        fmt = "virtual" if mention.medium == "video" else ("in_person" if mention.in_person else None)
        return Meeting(**common, location=mention.location, format=fmt)
    if mention.kind is EventKind.CALL:
        return Call(**common, medium=mention.medium)
    if mention.kind is EventKind.SUMMONS:
        return Summons(
            **common,
            summoning_country=mention.summoning_country,
            summoned_by=mention.summoned_by,
            envoy=mention.envoy,
            envoy_country=mention.envoy_country,
        )
    return Recall(
        **common,
        recalling_country=mention.recalling_country,
        envoy=mention.envoy,
        host_country=mention.host_country,
        reason=mention.reason,
    )


def extract_article_events(parsed: ParsedArticle) -> list[EventBase]:
    nlp = extraction_pipeline()
    doc = parsed.to_doc(nlp.vocab)
    doc._.published_on = parsed.article.published_on
    for _, component in nlp.pipeline:
        doc = component(doc)
    events = [to_event(m, article_id=parsed.article.article_id) for m in merge_mentions(doc._.event_mentions)]
    # Two rows with one identity would collide on event_id; keep the first.
    unique: dict[str, EventBase] = {}
    for event in events:
        unique.setdefault(event.event_id, event)
    return list(unique.values())


@task(name="extract-events")
def extract_task(parsed: list[ParsedArticle]) -> list[EventBase]:
    return [event for article in parsed for event in extract_article_events(article)]
