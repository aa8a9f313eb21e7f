"""The `extract-events` flow: input files in, DuckDB event tables out.

It only orders the stages: load, strip boilerplate, NLP, extract, persist,
over chunks of inputs so memory stays flat however many files there are.

What it promises an unattended inbox:
- articles already in the database (same content) are skipped before NLP;
- a bad input never stops the run: it ends up in `rejected_inputs` with the
  stage and the reason; if a stage fails on a whole chunk, the chunk is
  retried one input at a time so only the culprit is rejected;
- each chunk is written in one transaction with the run's counters in
  `runs`, so a killed run leaves whole chunks and the next run finishes the
  rest;
- every run ends with a table artifact of its figures and a markdown
  artifact of what it rejected and why.

Relative `inbox`, `db` and `paths` are taken from the working directory of
the process running the flow (the repository, for the deployments in
prefect.yaml).
"""
from __future__ import annotations

import os
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.context import FlowRunContext
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.runtime import flow_run as current_flow_run

from models.article import CleanArticle
from models.inputs import RejectedInput
from models.run import RunRecord, RunSummary
from models.settings import get_settings
from flows.chunk_tasks import AnalysedChunk, SetupError, analyse_task, isolating, warm_up
from tasks.extract import extract_task
from tasks.load import discover_inputs_task, load_documents, load_task
from tasks.nlp import nlp_task
from tasks.cluster import cluster_task
from tasks.support.io_policy import io_task_options
from tasks.persist import advance_run, known_article_ids, known_articles_task, persist_task, record_run_task
from tasks.strip import strip_documents, strip_task

SUMMARY_KEY = "parley-run-summary"
REJECTED_KEY = "parley-rejected-inputs"
PROGRESS_KEY = "parley-run-progress"


def _chunks(items: list[str], size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _absolute(path: str | Path) -> str:
    return str(Path(path).expanduser().absolute())


def _run_name() -> str:
    """`inbox-<folder>-<UTC time>` or `paths-<first>[+N]-<UTC time>`."""
    params = current_flow_run.parameters or {}
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    if params.get("inbox"):
        return f"inbox-{Path(str(params['inbox'])).name or 'root'}-{stamp}"
    paths = list(params.get("paths") or [])
    first = Path(str(paths[0])).name if paths else "none"
    more = f"+{len(paths) - 1}" if len(paths) > 1 else ""
    return f"paths-{first}{more}-{stamp}"


def split_too_long(
    articles: Sequence[CleanArticle], max_chars: int
) -> tuple[list[CleanArticle], list[RejectedInput]]:
    """Articles short enough for NLP, and the rest as rejected inputs."""
    keep: list[CleanArticle] = []
    rejected: list[RejectedInput] = []
    for article in articles:
        if len(article.clean_text) > max_chars:
            rejected.append(
                RejectedInput(
                    source=article.source,
                    stage="nlp",
                    reason=f"article text is {len(article.clean_text):,} characters, over the "
                    f"limit of {max_chars:,} (PARLEY_MAX_ARTICLE_CHARS)",
                )
            )
        else:
            keep.append(article)
    return keep, rejected


def unique_new(articles: Sequence[CleanArticle], known: set[str]) -> list[CleanArticle]:
    """Articles not in `known`, each content once (the first path wins)."""
    seen = set(known)
    fresh: list[CleanArticle] = []
    for article in articles:
        if article.article_id not in seen:
            seen.add(article.article_id)
            fresh.append(article)
    return fresh


def run_isolating(
    stage: str,
    number: int,
    stage_task,
    items: list,
    source_of: Callable[[Any], str],
) -> tuple[list, list[RejectedInput]]:
    """Run `stage_task` on the chunk. If it fails, run it on each item alone,
    so one input that breaks the stage is rejected with the error and the
    others go on. Returns the per-call results and the rejected inputs."""
    logger = get_run_logger()
    try:
        return [stage_task.with_options(task_run_name=f"{stage}-chunk-{number}")(items)], []
    except Exception as exc:
        if len(items) == 1:
            return [], [_failure(stage, source_of(items[0]), exc)]
        logger.warning(
            "chunk %d: %s failed on the whole chunk (%s: %s); retrying its %d inputs one at a time",
            number, stage, type(exc).__name__, exc, len(items),
        )
    results: list = []
    rejected: list[RejectedInput] = []
    errors: set[str] = set()
    for index, item in enumerate(items, start=1):
        try:
            named = stage_task.with_options(task_run_name=f"{stage}-chunk-{number}-input-{index}")
            results.append(named([item]))
        except Exception as exc:
            rejected.append(_failure(stage, source_of(item), exc))
            errors.add(f"{type(exc).__name__}: {exc}")
    if not results and len(errors) == 1 and len(items) >= 3:
        raise SetupError(f"{stage} failed on every input of chunk {number} with the same error: {errors.pop()}")
    for item in rejected:
        logger.warning("chunk %d: rejected %s at %s: %s", number, item.source, stage, item.reason)
    return results, rejected


def _failure(stage: str, source: str, exc: Exception) -> RejectedInput:
    return RejectedInput(source=source, stage=stage, reason=f"{stage} failed: {type(exc).__name__}: {exc}"[:500])


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 90:
        return f"{seconds}s"
    if seconds < 5400:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def _publish_artifacts(run: RunRecord, rejected: list[RejectedInput], max_listed: int) -> None:
    figures = [
        {"figure": "flow run", "value": f"{run.flow_run_name} ({run.flow_run_id})"},
        {"figure": "status", "value": run.status},
        {"figure": "database", "value": run.db_path},
        {"figure": "started (UTC)", "value": run.started_at.strftime("%Y-%m-%d %H:%M:%S")},
        {"figure": "ended (UTC)", "value": run.ended_at.strftime("%Y-%m-%d %H:%M:%S") if run.ended_at else ""},
        {"figure": "inputs seen", "value": run.inputs_seen},
        {"figure": "new articles", "value": run.articles_new},
        {"figure": "skipped (already stored)", "value": run.articles_skipped},
        {"figure": "rejected inputs", "value": run.rejected},
    ]
    figures += [{"figure": f"rows added: {table}", "value": n} for table, n in run.rows_added.items()]
    create_table_artifact(
        table=figures, key=SUMMARY_KEY, description=f"Parley run figures for {run.db_path}"
    )

    if rejected:
        lines = [
            f"# Rejected inputs: {len(rejected)}",
            "",
            "Every rejected input is also in the `rejected_inputs` table.",
            "",
            "| source | stage | reason |",
            "|---|---|---|",
        ]
        for item in rejected[:max_listed]:
            cells = [str(v).replace("|", "\\|").replace("\n", " ") for v in (item.source, item.stage, item.reason)]
            lines.append("| " + " | ".join(cells) + " |")
        if len(rejected) > max_listed:
            lines += ["", f"... and {len(rejected) - max_listed} more; query `rejected_inputs` for all."]
    else:
        lines = ["# Rejected inputs: none", "", "Every input of this run was processed."]
    create_markdown_artifact(
        markdown="\n".join(lines), key=REJECTED_KEY, description="Inputs this run could not process, and why"
    )


@flow(
    name="extract-events",
    flow_run_name=_run_name,
    log_prints=False,
    # Worker processes start only when a run is large enough to use them
    # (`parallel_min_inputs`); each loads the model once, at start.
    task_runner=ProcessPoolTaskRunner(max_workers=get_settings().workers, initializer=warm_up),
)
def extract_events(
    paths: list[str] | None = None,
    inbox: str | None = None,
    db: str | None = None,
) -> RunSummary:
    """Extract diplomatic events from the files and folders in `paths`
    (or the folder `inbox`) into the DuckDB file `db`. Relative paths are
    taken from the working directory."""
    global LAST_RUN_CLOCK
    LAST_RUN_CLOCK = StageClock(body_started=time.time())
    logger = get_run_logger()
    settings = get_settings()
    db_path = _absolute(db or settings.db_path)
    targets = [str(Path(p).expanduser()) for p in (paths or [])] + ([_absolute(inbox)] if inbox else [])
    if not targets:
        raise ValueError("nothing to read: give `paths` or `inbox`")

    run = RunRecord(
        db_path=db_path,
        flow_run_id=str(current_flow_run.id or uuid.uuid4()),
        flow_run_name=current_flow_run.name,
        started_at=datetime.now(timezone.utc),
        inputs=targets,
    )
    logger.info("reading %s into %s", ", ".join(targets), db_path)
    record_run_task(db_path, run)
    all_rejected: list[RejectedInput] = []
    try:
        _process(run, targets, all_rejected, settings)
    except BaseException:
        run.status, run.ended_at = "failed", datetime.now(timezone.utc)
        try:
            record_run_task(db_path, run)
        except Exception:  # the original error matters more
            logger.exception("could not record the failed run in %s", db_path)
        raise
    if run.articles_new:
        # New rows may report events already stored from other articles.
        t = time.perf_counter()
        shared = cluster_task(db_path)
        LAST_RUN_CLOCK.add("cluster", time.perf_counter() - t)
        logger.info("clusters refreshed: %d real-world events are reported by more than one article", shared)
    run.status, run.ended_at = "completed", datetime.now(timezone.utc)
    record_run_task(db_path, run)
    try:
        _publish_artifacts(run, all_rejected, settings.report_max_rejected)
    except Exception:  # artifacts are a report; the data is already safe
        logger.exception("could not publish the run's artifacts")
    logger.info(
        "run finished in %s: %d inputs, %d new articles, %d already stored, %d rejected; rows added: %s",
        _duration((run.ended_at - run.started_at).total_seconds()), run.inputs_seen, run.articles_new,
        run.articles_skipped, run.rejected, ", ".join(f"{t} {n}" for t, n in run.rows_added.items()),
    )
    LAST_RUN_CLOCK.body_ended = time.time()
    return run


@dataclass
class StageClock:
    """Seconds of work per stage in the last run of this process's flow
    (worker stages measured in the workers), and when the flow body started
    and ended. `bench/` reads it; the flow logs a summary."""

    seconds: dict[str, float] = field(default_factory=dict)
    task_wall: float = 0.0  # flow-side time inside task calls and submits
    body_started: float = 0.0
    body_ended: float = 0.0
    parallel: bool = False

    def add(self, stage: str, value: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + value


LAST_RUN_CLOCK = StageClock()


def _use_workers(total_inputs: int, settings) -> bool:
    """Hand chunks to workers? Always under an explicit runner other than the
    default process pool (a Dask cluster); with the default, only for runs
    large enough to repay starting the worker processes."""
    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    if runner is not None and not isinstance(runner, (ProcessPoolTaskRunner, ThreadPoolTaskRunner)):
        return True
    return isinstance(runner, ProcessPoolTaskRunner) and total_inputs >= settings.parallel_min_inputs


@dataclass
class PreparedChunk:
    fresh: list[CleanArticle]
    skipped: int
    rejected: list[RejectedInput]
    seconds: dict[str, float]


@task(name="prepare", task_run_name="prepare-chunk-{number}", **io_task_options())
def prepare_task(paths: list[str], db_path: str, exclude: set[str], number: int = 0) -> PreparedChunk:
    """Load and strip a chunk, and drop the articles the database holds (or
    that an earlier chunk still being analysed holds): one task for the
    three cheap stages, so a chunk costs the orchestrator two task runs."""
    settings = get_settings()
    clock = time.perf_counter
    t0 = clock()
    docs, rejected = load_documents(paths)
    t1 = clock()
    stripped, failed = isolating("strip", lambda batch: [strip_documents(batch)], docs, lambda d: d.source)
    rejected += failed
    articles: list[CleanArticle] = []
    for found, not_articles in stripped:
        articles += found
        rejected += not_articles
    t2 = clock()
    known = known_article_ids(db_path, [a.article_id for a in articles]) if articles else set()
    fresh = unique_new(articles, known | exclude)
    skipped = len(articles) - len(fresh)
    fresh, too_long = split_too_long(fresh, settings.max_article_chars)
    rejected += too_long
    t3 = clock()
    return PreparedChunk(fresh, skipped, rejected, {"load": t1 - t0, "strip": t2 - t1, "persist": t3 - t2})


@dataclass
class _Pending:
    number: int
    files: int
    prepared: PreparedChunk
    future: Any = None


def _process(run: RunRecord, targets: list[str], all_rejected: list[RejectedInput], settings) -> None:
    logger = get_run_logger()
    db_path = run.db_path
    clock = LAST_RUN_CLOCK
    files, missing = discover_inputs_task(targets)
    total = len(files)
    run.inputs_seen = total + len(missing)
    chunks = max(1, -(-total // settings.chunk_size))
    parallel = _use_workers(total, settings)
    clock.parallel = parallel
    logger.info(
        "found %d input files in %d chunks of up to %d%s%s",
        total, chunks if total else 0, settings.chunk_size,
        f"; {len(missing)} paths could not be read" if missing else "",
        "; NLP and extraction in worker processes" if parallel else "",
    )
    for item in missing:
        logger.warning("rejected %s: %s", item.source, item.reason)
    run.rows_added = {}
    if missing:
        run.rejected += len(missing)
        _write(run, 0, [], [], missing)
        all_rejected += missing

    progress_id = None
    try:
        progress_id = create_progress_artifact(0.0, key=PROGRESS_KEY, description=f"files done of {total}")
    except Exception:
        logger.debug("no progress artifact", exc_info=True)

    started, done = time.monotonic(), 0

    def finish(number: int, files_in_chunk: int, skipped: int, stored, events, rejected) -> None:
        nonlocal done
        run.articles_skipped += skipped
        run.rejected += len(rejected)
        t = time.perf_counter()
        added = _write(run, number, stored, events, rejected)
        clock.add("persist", time.perf_counter() - t)
        all_rejected.extend(rejected)
        done += files_in_chunk
        elapsed = time.monotonic() - started
        left = elapsed / done * (total - done) if done else 0
        logger.info(
            "chunk %d/%d: %d files -> %d new articles, %d already stored, %d rejected, %d events "
            "| %d/%d files (%.0f%%), %d new articles so far, about %s left",
            number, chunks, files_in_chunk, added.get("articles", 0), skipped, len(rejected), len(events),
            done, total, 100 * done / total, run.articles_new, _duration(left),
        )
        if progress_id is not None:
            try:
                update_progress_artifact(progress_id, 100 * done / total)
            except Exception:
                logger.debug("progress artifact not updated", exc_info=True)

    if parallel:
        with _api_shared_with_workers():
            _process_with_workers(run, files, settings, finish)
        return

    for number, chunk in enumerate(_chunks(files, settings.chunk_size), start=1):
        t = time.perf_counter()
        docs, rejected = load_task(chunk, number)
        clock.add("load", time.perf_counter() - t)
        t = time.perf_counter()
        stripped, failed = run_isolating("strip", number, strip_task, docs, lambda d: d.source)
        clock.add("strip", time.perf_counter() - t)
        rejected += failed
        articles: list[CleanArticle] = []
        for found, not_articles in stripped:
            articles += found
            rejected += not_articles

        known = known_articles_task(db_path, [a.article_id for a in articles], number) if articles else set()
        fresh = unique_new(articles, known)
        skipped = len(articles) - len(fresh)
        fresh, too_long = split_too_long(fresh, settings.max_article_chars)
        rejected += too_long

        parsed: list = []
        t = time.perf_counter()
        if fresh:
            batches, failed = run_isolating("nlp", number, nlp_task, fresh, lambda a: a.source)
            parsed = [p for batch in batches for p in batch]
            rejected += failed
        clock.add("nlp", time.perf_counter() - t)
        events: list = []
        t = time.perf_counter()
        if parsed:
            batches, failed = run_isolating("extract", number, extract_task, parsed, lambda p: p.article.source)
            events = [e for batch in batches for e in batch]
            rejected += failed
        clock.add("extract", time.perf_counter() - t)
        # An article whose NLP or extraction failed is not stored, so the
        # next run tries it again (it is listed in rejected_inputs meanwhile).
        failed_extract = {r.source for r in rejected if r.stage == "extract"}
        stored = [p.article for p in parsed if p.article.source not in failed_extract]
        finish(number, len(chunk), skipped, stored, events, rejected)


@contextmanager
def _api_shared_with_workers():
    """Point worker processes started in this block at this flow's Prefect
    API. Under a temporary server the address is known only to this
    process, and a worker that does not see it starts a server of its own
    (seconds of CPU, and its task runs are missing from this one)."""
    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    context = FlowRunContext.get()
    url = getattr(getattr(context, "client", None), "api_url", None)
    if url:
        os.environ["PREFECT_API_URL"] = str(url)
    try:
        yield
    finally:
        if url:
            os.environ.pop("PREFECT_API_URL", None)


def _process_with_workers(run: RunRecord, files: list[str], settings, finish) -> None:
    """The chunk loop with NLP and extraction on the task runner's workers.

    The flow process loads and strips the next chunks while the workers
    analyse earlier ones, and writes results in chunk order as they come
    back: only this process touches the database. At most
    `chunks_in_flight` chunks are between loading and writing, so memory
    does not grow with the number of inputs."""
    clock = LAST_RUN_CLOCK
    limit = settings.chunks_in_flight or settings.workers + 2
    pending: deque[_Pending] = deque()
    in_flight: dict[int, set[str]] = {}

    def collect(item: _Pending) -> None:
        prepared = item.prepared
        result = AnalysedChunk()
        if item.future is not None:
            # Waiting here is the workers' time, not orchestration.
            result = item.future.result()  # a SetupError fails the run here
        for stage, seconds in result.seconds.items():
            clock.add(stage, seconds)
        in_flight.pop(item.number, None)
        finish(item.number, item.files, prepared.skipped, result.stored, result.events,
               prepared.rejected + result.rejected)

    for number, chunk in enumerate(_chunks(files, settings.chunk_size), start=1):
        exclude = set().union(*in_flight.values()) if in_flight else set()
        t = time.perf_counter()
        prepared = prepare_task(chunk, run.db_path, exclude, number)
        wall = time.perf_counter() - t
        for stage, seconds in prepared.seconds.items():
            clock.add(stage, seconds)
        clock.task_wall += wall - sum(prepared.seconds.values())
        item = _Pending(number, len(chunk), prepared)
        if prepared.fresh:
            t = time.perf_counter()
            item.future = analyse_task.submit(prepared.fresh, number)
            clock.task_wall += time.perf_counter() - t
            in_flight[number] = {a.article_id for a in prepared.fresh}
        pending.append(item)
        while len(pending) >= limit or (pending and _ready(pending[0])):
            collect(pending.popleft())
    while pending:
        collect(pending.popleft())


def _ready(item: _Pending) -> bool:
    if item.future is None:
        return True
    try:
        return item.future.state.is_final()
    except Exception:
        return False


def _write(run: RunRecord, number: int, articles, events, rejected) -> dict[str, int]:
    added = persist_task(run.db_path, articles, events, rejected, run, number)
    advanced = advance_run(run, added, len(articles))
    run.articles_new, run.articles_skipped = advanced.articles_new, advanced.articles_skipped
    run.rows_added = advanced.rows_added
    return added


if __name__ == "__main__":
    import sys

    extract_events(paths=sys.argv[1:] or [str(Path("seeds"))])
