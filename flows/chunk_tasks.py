"""NLP and extraction of one chunk in one task, for worker processes.

When the flow hands chunks to workers (a process pool, or a Dask cluster),
each chunk goes through NLP and extraction in the same process, so the
token columns never travel back to the flow: a worker returns only the
articles to store, their events and what it rejected. Each worker process
loads the spaCy model once and keeps it.

A stage that fails on the whole chunk is retried one article at a time, so
only the article that breaks it is rejected (the same rule as the flow's
in-process path); when every article of a chunk fails the same way the
setup is broken and `SetupError` says so.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from prefect import task
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel, ConfigDict, Field

import tasks.extract
from models.article import CleanArticle
from models.events import EventBase
from models.inputs import RejectedInput
from models.settings import get_settings
from tasks.nlp import load_pipeline, parse_articles


class SetupError(RuntimeError):
    """A stage failed on every input the same way: not bad input, a broken setup."""


class AnalysedChunk(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    stored: list[CleanArticle] = Field(default_factory=list)
    events: list[EventBase] = Field(default_factory=list)
    rejected: list[RejectedInput] = Field(default_factory=list)
    # seconds of work per stage, measured in the worker
    seconds: dict[str, float] = Field(default_factory=dict)


def failure(stage: str, source: str, exc: Exception) -> RejectedInput:
    return RejectedInput(source=source, stage=stage, reason=f"{stage} failed: {type(exc).__name__}: {exc}"[:500])


def isolating(stage: str, work: Callable[[list], list], items: list, source_of: Callable) -> tuple[list, list[RejectedInput]]:
    """`work(items)`; if it raises, `work([item])` for each item, rejecting
    the ones that raise. Returns the flattened results and the rejected."""
    try:
        return list(work(items)), []
    except Exception as exc:
        if len(items) == 1:
            return [], [failure(stage, source_of(items[0]), exc)]
    results: list = []
    rejected: list[RejectedInput] = []
    errors: set[str] = set()
    for item in items:
        try:
            results += work([item])
        except Exception as exc:
            rejected.append(failure(stage, source_of(item), exc))
            errors.add(f"{type(exc).__name__}: {exc}")
    if not results and len(errors) == 1 and len(items) >= 3:
        raise SetupError(f"{stage} failed on every input of the chunk with the same error: {errors.pop()}")
    return results, rejected


def analyse_articles(articles: list[CleanArticle]) -> AnalysedChunk:
    settings = get_settings()
    started = time.perf_counter()
    parsed, rejected = isolating(
        "nlp",
        lambda batch: parse_articles(batch, model_name=settings.spacy_model, batch_size=settings.nlp_batch_size),
        articles,
        lambda a: a.source,
    )
    parsed_at = time.perf_counter()
    # One article per call, looked up at call time (tests patch it).
    events: list[EventBase] = []
    stored: list[CleanArticle] = []
    errors: set[str] = set()
    for item in parsed:
        try:
            events += tasks.extract.extract_article_events(item)
            stored.append(item.article)
        except Exception as exc:
            rejected.append(failure("extract", item.article.source, exc))
            errors.add(f"{type(exc).__name__}: {exc}")
    if parsed and not stored and len(errors) == 1 and len(parsed) >= 3:
        raise SetupError(f"extract failed on every input of the chunk with the same error: {errors.pop()}")
    done = time.perf_counter()
    return AnalysedChunk(
        stored=stored, events=events, rejected=rejected,
        seconds={"nlp": parsed_at - started, "extract": done - parsed_at},
    )


def warm_up(model_name: str | None = None) -> None:
    """Load the spaCy model and the extraction pipeline in this process."""
    load_pipeline(model_name or get_settings().spacy_model)
    tasks.extract.extraction_pipeline()


@task(name="analyse", task_run_name="analyse-chunk-{number}", cache_policy=NO_CACHE)
def analyse_task(articles: list[CleanArticle], number: int = 0) -> AnalysedChunk:
    return analyse_articles(articles)
