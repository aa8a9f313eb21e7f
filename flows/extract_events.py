"""The `extract-events` flow: input files in, DuckDB event tables out.

It only orders the stages: load, strip boilerplate, NLP, extract, persist,
over chunks of inputs so memory stays flat however many files there are.
"""
from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger

from models.run import RunSummary
from models.settings import get_settings
from tasks.extract import extract_task
from tasks.load import discover_inputs_task, load_task
from tasks.nlp import nlp_task
from tasks.persist import known_article_ids, persist_task
from tasks.strip import strip_task


def _chunks(items: list[str], size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


@flow(name="extract-events", log_prints=False)
def extract_events(
    paths: list[str] | None = None,
    inbox: str | None = None,
    db: str | None = None,
) -> RunSummary:
    """Extract diplomatic events from the files and folders in `paths`
    (or the folder `inbox`) into the DuckDB file `db`."""
    logger = get_run_logger()
    settings = get_settings()
    db_path = str(db or settings.db_path)
    targets = list(paths or []) + ([inbox] if inbox else [])
    if not targets:
        raise ValueError("nothing to read: give `paths` or `inbox`")

    files, missing = discover_inputs_task(targets)
    summary = RunSummary(db_path=db_path, inputs_seen=len(files) + len(missing))
    totals: dict[str, int] = {}
    if missing:
        added = persist_task(db_path, [], [], missing)
        summary.rejected += len(missing)
        totals = {k: totals.get(k, 0) + v for k, v in added.items()}

    for number, chunk in enumerate(_chunks(files, settings.chunk_size), start=1):
        docs, rejected = load_task(chunk)
        articles, not_articles = strip_task(docs)
        rejected += not_articles
        known = known_article_ids(db_path, [a.article_id for a in articles])
        fresh = [a for a in articles if a.article_id not in known]
        parsed = nlp_task(fresh) if fresh else []
        events = extract_task(parsed) if parsed else []
        added = persist_task(db_path, fresh, events, rejected)
        for table, count in added.items():
            totals[table] = totals.get(table, 0) + count
        summary.articles_new += len(fresh)
        summary.articles_skipped += len(articles) - len(fresh)
        summary.rejected += len(rejected)
        logger.info(
            "chunk %d: %d files, %d new articles, %d already stored, %d rejected, %d events",
            number, len(chunk), len(fresh), len(articles) - len(fresh), len(rejected), len(events),
        )
    summary.rows_added = totals
    logger.info("run finished: %s", summary.model_dump_json())
    return summary


if __name__ == "__main__":
    import sys

    extract_events(paths=sys.argv[1:] or [str(Path("seeds"))])
