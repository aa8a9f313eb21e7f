"""What a flow run reports when it ends."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class RunSummary(BaseModel):
    db_path: str
    inputs_seen: int = 0
    articles_new: int = 0
    articles_skipped: int = 0
    rejected: int = 0
    rows_added: dict[str, int] = Field(default_factory=dict)


class RunRecord(RunSummary):
    """A `RunSummary` with the identity and timing the `runs` table keeps."""

    flow_run_id: str
    flow_run_name: str | None = None
    status: str = "running"
    started_at: datetime
    ended_at: datetime | None = None
    inputs: list[str] = Field(default_factory=list)
    error: str | None = None  # why the run failed
    stage_seconds: dict[str, float] = Field(
        default_factory=dict, description="seconds of work per stage (flows/timing.py); not stored in `runs`"
    )
