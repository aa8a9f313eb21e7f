"""The two task runs of a chunk, where the task runner's workers run.

`load-strip` reads and decodes the chunk's files and strips them to clean
articles; the flow then drops the articles the database already holds, and
`nlp-extract` parses the rest and extracts their events. With the default
runner these are two worker processes that each load the spaCy model once
(`warm_up`); a small run uses one thread of the flow's own process; the
Dask variant uses Dask workers. Token columns never leave the worker.

A stage that fails on a whole chunk is retried one input at a time, so only
the input that breaks it is rejected (tasks/support/isolation.py).
"""
from __future__ import annotations

import gc

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.timing import StageClock
from models.article import CleanArticle
from models.chunk import AnalysedChunk, StrippedChunk
from models.events import EventBase
from models.settings import get_settings
from tasks.load import load_documents
from tasks.strip import strip_documents
from tasks.support.io_policy import io_task_options
from tasks.support.isolation import check_setup, failure, isolating


def load_and_strip_chunk(paths: list[str]) -> StrippedChunk:
    clock = StageClock()
    with clock.timing("load"):
        docs, rejected = load_documents(paths)
    with clock.timing("strip"):
        stripped, failed = isolating("strip", lambda batch: [strip_documents(batch)], docs, lambda d: d.source)
    articles: list[CleanArticle] = []
    for found, not_articles in stripped:
        articles += found
        rejected += not_articles
    return StrippedChunk(articles=articles, rejected=rejected + failed, seconds=clock.seconds)


def analyse_chunk(articles: list[CleanArticle]) -> AnalysedChunk:
    import tasks.extract
    from tasks.nlp import parse_articles

    settings = get_settings()
    clock = StageClock()
    with clock.timing("nlp"):
        parsed, rejected = isolating(
            "nlp",
            lambda batch: parse_articles(batch, model_name=settings.spacy_model, batch_size=settings.nlp_batch_size),
            articles,
            lambda a: a.source,
        )
    # One article per call, looked up at call time (tests patch it). An
    # article whose extraction fails is not stored, so a later run tries again.
    events: list[EventBase] = []
    stored: list[str] = []
    errors: set[str] = set()
    with clock.timing("extract"):
        for item in parsed:
            try:
                events += tasks.extract.extract_article_events(item)
                stored.append(item.article.article_id)
            except Exception as exc:
                rejected.append(failure("extract", item.article.source, exc))
                errors.add(f"{type(exc).__name__}: {exc}")
        check_setup("extract", stored, errors, len(parsed))
    return AnalysedChunk(stored_ids=stored, events=events, rejected=rejected, seconds=clock.seconds)


def warm_up(model_name: str | None = None) -> None:
    """Load the spaCy model and the extraction pipeline in this process.
    spaCy and the rules are imported here, not with this module: the flow's
    own process imports this module for its tasks, and with workers never
    analyses (half a second of its start-up, which the workers wait for)."""
    import tasks.extract
    from tasks.nlp import load_pipeline

    load_pipeline(model_name or get_settings().spacy_model)
    tasks.extract.extraction_pipeline()
    # What is loaded by now lives as long as the process, so the cyclic
    # garbage collector need not walk it again: its full collections did,
    # and so did the interpreter's exit, about a second of each worker's
    # shutdown at the end of a run.
    gc.freeze()


@task(name="load-strip", task_run_name="load-strip-chunk-{number}", **io_task_options())
def load_strip_task(paths: list[str], number: int = 0) -> StrippedChunk:
    return load_and_strip_chunk(paths)


@task(name="nlp-extract", task_run_name="nlp-extract-chunk-{number}", cache_policy=NO_CACHE)
def nlp_extract_task(articles: list[CleanArticle], number: int = 0) -> AnalysedChunk:
    return analyse_chunk(articles)
