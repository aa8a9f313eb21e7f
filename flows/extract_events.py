"""The `extract-events` flow: input files in, DuckDB event tables out.

The pipeline, over chunks of `chunk_size` input files:

    load-strip   (task run, on a worker)   read, decode, strip boilerplate
    skip stored  (this process)            drop articles the database holds
    nlp-extract  (task run, on a worker)   spaCy, then the event rules
    persist      (task run, this process)  one transaction per chunk

Workers are the task runner's: two processes by default (each loads the
model once), one thread of this process for a small run, Dask workers for
`extract-events-dask`. Every stage but the database runs on them, so all
cores work on every stage; this process is the only writer. `ChunkPipeline`
keeps at most `chunks_in_flight` chunks between their first task run and
their write, and writes them in order.

What it promises an unattended inbox:
- articles already in the database (same content) are skipped before NLP;
- a bad input never stops the run: it ends up in `rejected_inputs` with the
  stage and the reason (tasks/support/isolation.py);
- each chunk is written in one transaction with the run's counters in
  `runs`, so a killed run leaves whole chunks and the next run does the rest;
- every run ends with artifacts of its figures and of what it rejected.

Relative `inbox`, `db` and `paths` are taken from the working directory of
the process running the flow (the repository, for the deployments).
"""
from __future__ import annotations

import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run as current_flow_run

from flows.artifacts import ProgressArtifact, publish_run_artifacts
from flows.chunk_tasks import load_strip_task, nlp_extract_task, warm_up
from flows.progress import report_files_done
from flows.runners import WorkerProcessPool, chunk_runner, chunk_size, runs_in_this_process
from flows.scheduler import ChunkInFlight, ChunkPipeline
from flows.timing import StageClock
from models.article import CleanArticle
from models.chunk import AnalysedChunk, StrippedChunk
from models.inputs import RejectedInput
from models.run import RunRecord, RunSummary
from models.settings import Settings, get_settings
from tasks.cluster import cluster_task
from tasks.load import discover_inputs, discover_inputs_task
from tasks.persist import advance_run, known_article_ids, persist_task, record_run_task


@flow(
    name="extract-events",
    flow_run_name=lambda: _run_name(current_flow_run.parameters or {}),
    log_prints=False,
    # Worker processes start with the first large chunk task; each loads the model once.
    task_runner=WorkerProcessPool(max_workers=get_settings().workers, initializer=warm_up),
)
def extract_events(paths: list[str] | None = None, inbox: str | None = None, db: str | None = None) -> RunSummary:
    """Extract diplomatic events from the files and folders in `paths`
    (or the folder `inbox`) into the DuckDB file `db`. Relative paths are
    taken from the working directory."""
    logger, settings, clock = get_run_logger(), get_settings(), StageClock()
    targets = [str(Path(p).expanduser()) for p in (paths or [])] + ([_absolute(inbox)] if inbox else [])
    if not targets:
        raise ValueError("nothing to read: give `paths` or `inbox`")
    run = RunRecord(
        db_path=_absolute(db or settings.db_path), flow_run_id=str(current_flow_run.id or uuid.uuid4()),
        flow_run_name=current_flow_run.name, started_at=datetime.now(timezone.utc), inputs=targets,
    )
    logger.info("reading %s into %s", ", ".join(targets), run.db_path)
    record_run_task(run.db_path, run)
    rejected: list[RejectedInput] = []
    try:
        _read_inputs(run, targets, rejected, settings, clock, inbox=_absolute(inbox) if inbox else None)
        if run.articles_new:  # new rows may report events already stored from other articles
            with clock.timing("cluster"):
                shared = cluster_task(run.db_path)
            logger.info("clusters refreshed: %d real-world events are reported by more than one article", shared)
        run.status, run.ended_at, run.stage_seconds = "completed", datetime.now(timezone.utc), clock.seconds
        record_run_task(run.db_path, run)
    except BaseException as exc:  # a full disk in the last write fails the run too
        run.status, run.ended_at = "failed", datetime.now(timezone.utc)
        run.error = f"{type(exc).__name__}: {exc}"[:2000]
        try:
            record_run_task(run.db_path, run)
        except Exception:  # the original error matters more
            logger.exception("could not record the failed run in %s", run.db_path)
        raise
    publish_run_artifacts(run, rejected, settings.report_max_rejected)
    logger.info(
        "run finished in %s: %d inputs, %d new articles, %d already stored, %d rejected; rows added: %s; work: %s",
        _duration((run.ended_at - run.started_at).total_seconds()), run.inputs_seen, run.articles_new,
        run.articles_skipped, run.rejected, ", ".join(f"{t} {n}" for t, n in run.rows_added.items()),
        clock.summary(),
    )
    return run


def _read_inputs(run: RunRecord, targets: list[str], rejected: list[RejectedInput], settings: Settings,
                 clock: StageClock, *, inbox: str | None) -> None:
    logger = get_run_logger()
    files, missing = discover_inputs_task(targets, inbox=inbox)  # an inbox leaves pages still being written
    run.inputs_seen = len(files) + len(missing)
    if missing:
        _write(run, 0, [], [], missing, rejected)
    progress, done, started = ProgressArtifact(len(files)), 0, time.monotonic()
    report_files_done(0, len(files))
    in_flight: dict[int, set[str]] = {}  # ids of the articles of chunks between NLP and their write

    def skip_stored(chunk: ChunkInFlight, stripped: StrippedChunk):
        clock.add(stripped.seconds)
        with clock.timing("persist"):
            known = known_article_ids(run.db_path, [a.article_id for a in stripped.articles])
        fresh = unique_new(stripped.articles, known.union(*in_flight.values()))
        kept, too_long = split_too_long(fresh, settings.max_article_chars)
        chunk.kept = (kept, len(stripped.articles) - len(fresh), stripped.rejected + too_long)
        if not kept:
            return None
        in_flight[chunk.number] = {a.article_id for a in kept}
        return runner.submit(nlp_extract_task, {"articles": kept, "number": chunk.number})

    def write(chunk: ChunkInFlight, analysed: AnalysedChunk | None):
        nonlocal done
        kept, skipped, chunk_rejected = chunk.kept
        analysed = analysed or AnalysedChunk()
        clock.add(analysed.seconds)
        in_flight.pop(chunk.number, None)
        stored = [a for a in kept if a.article_id in set(analysed.stored_ids)]
        run.articles_skipped += skipped
        with clock.timing("persist"):
            added = _write(run, chunk.number, stored, analysed.events, chunk_rejected + analysed.rejected, rejected)
        done += len(chunk.paths)
        logger.info(
            "chunk %d/%d: %d files -> %d new articles, %d already stored, %d rejected, %d events | %d/%d files "
            "(%.0f%%), %d new articles so far, about %s left", chunk.number, len(chunks), len(chunk.paths),
            added.get("articles", 0), skipped, len(chunk_rejected) + len(analysed.rejected), len(analysed.events),
            done, len(files), 100 * done / len(files), run.articles_new,
            _duration((time.monotonic() - started) / done * (len(files) - done)),
        )
        progress.update(done)
        report_files_done(done, len(files))

    with chunk_runner(len(files), settings) as (runner, workers, where):
        size = chunk_size(len(files), workers, settings)
        chunks = [(n, files[i : i + size]) for n, i in enumerate(range(0, len(files), size), 1)]
        logger.info("found %d input files in %d chunks of up to %d%s; chunks run %s", len(files), len(chunks), size,
                    f"; {len(missing)} paths could not be read" if missing else "", where)
        start = lambda number, paths: runner.submit(load_strip_task, {"paths": paths, "number": number})  # noqa: E731
        ChunkPipeline(settings.chunks_in_flight or workers + 2, start, skip_stored, write).run(chunks)


@contextmanager
def warmed_up_for(paths: list[str]) -> Iterator[None]:
    """Get a run of this flow over `paths`, made in this block, ready to
    analyse: load the model in this process if the run analyses here, or
    else start the workers of the flow's process pool, which load it
    themselves. `parley run` does it while its Prefect server boots; the
    run's pool takes the workers over, and the block stops them if it did not
    (the run failed before it needed them)."""
    runner, settings = extract_events.task_runner, get_settings()
    if runs_in_this_process(len(discover_inputs(paths)[0]), runner, settings):
        warm_up()
    elif isinstance(runner, WorkerProcessPool):
        WorkerProcessPool.start_early(settings.workers, warm_up)
    try:
        yield
    finally:
        WorkerProcessPool.discard_early()


def _write(run: RunRecord, number: int, articles, events, rejected, all_rejected: list) -> dict[str, int]:
    added = persist_task(run.db_path, articles, events, rejected, run, number)
    advanced = advance_run(run, added, len(articles))
    run.articles_new, run.articles_skipped, run.rows_added = (
        advanced.articles_new, advanced.articles_skipped, advanced.rows_added)
    run.rejected += len(rejected)
    all_rejected.extend(rejected)
    for item in rejected:
        get_run_logger().warning("rejected %s at %s: %s", item.source, item.stage, item.reason)
    return added


def split_too_long(articles: Sequence[CleanArticle], max_chars: int) -> tuple[list[CleanArticle], list[RejectedInput]]:
    """Articles short enough for NLP, and the rest as rejected inputs."""
    keep = [a for a in articles if len(a.clean_text) <= max_chars]
    too_long = [
        RejectedInput(source=a.source, stage="nlp", reason=f"article text is {len(a.clean_text):,} characters, over "
                      f"the limit of {max_chars:,} (PARLEY_MAX_ARTICLE_CHARS)")
        for a in articles if len(a.clean_text) > max_chars
    ]
    return keep, too_long


def unique_new(articles: Sequence[CleanArticle], known: set[str]) -> list[CleanArticle]:
    """Articles not in `known`, each content once (the first path wins)."""
    seen, fresh = set(known), []
    for article in articles:
        if article.article_id not in seen:
            seen.add(article.article_id)
            fresh.append(article)
    return fresh


def _run_name(params: dict) -> str:
    """`inbox-<folder>-<UTC time>` or `paths-<first>[+N]-<UTC time>`."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    if params.get("inbox"):
        return f"inbox-{Path(str(params['inbox'])).name or 'root'}-{stamp}"
    paths = list(params.get("paths") or [])
    more = f"+{len(paths) - 1}" if len(paths) > 1 else ""
    return f"paths-{Path(str(paths[0])).name if paths else 'none'}{more}-{stamp}"


def _absolute(path: str | Path) -> str:
    return str(Path(path).expanduser().absolute())


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 90:
        return f"{seconds}s"
    if seconds < 5400:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


if __name__ == "__main__":
    import sys

    extract_events(paths=sys.argv[1:] or [str(Path("seeds"))])
