"""What a flow run reports when it ends."""
from __future__ import annotations

from pydantic import BaseModel, Field


class RunSummary(BaseModel):
    db_path: str
    inputs_seen: int = 0
    articles_new: int = 0
    articles_skipped: int = 0
    rejected: int = 0
    rows_added: dict[str, int] = Field(default_factory=dict)
