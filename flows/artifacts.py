"""What a run shows in the Prefect UI besides its logs: a table of its
figures, a markdown list of what it rejected and why, and a progress bar
that moves as chunks are written. Artifacts are a report: failing to publish
one is logged and never fails the run (its data is already stored)."""
from __future__ import annotations

import logging

from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)

from models.inputs import RejectedInput
from models.run import RunRecord

SUMMARY_KEY = "parley-run-summary"
REJECTED_KEY = "parley-rejected-inputs"
PROGRESS_KEY = "parley-run-progress"

log = logging.getLogger(__name__)


class ProgressArtifact:
    """`parley-run-progress`: percent of the input files written."""

    def __init__(self, total_files: int) -> None:
        self.total = total_files
        self.id = None
        try:
            self.id = create_progress_artifact(0.0, key=PROGRESS_KEY, description=f"files done of {total_files}")
        except Exception:
            log.debug("no progress artifact", exc_info=True)

    def update(self, files_done: int) -> None:
        if self.id is None or not self.total:
            return
        try:
            update_progress_artifact(self.id, 100 * files_done / self.total)
        except Exception:
            log.debug("progress artifact not updated", exc_info=True)


def publish_run_artifacts(run: RunRecord, rejected: list[RejectedInput], max_listed: int) -> None:
    try:
        _publish(run, rejected, max_listed)
    except Exception:
        log.exception("could not publish the run's artifacts")


def _publish(run: RunRecord, rejected: list[RejectedInput], max_listed: int) -> None:
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
    create_table_artifact(table=figures, key=SUMMARY_KEY, description=f"Parley run figures for {run.db_path}")

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
