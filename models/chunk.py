"""What the two task runs of a chunk hand back to the flow.

A chunk of input files goes through `load-strip` (load, strip) and then,
for the articles the database does not hold yet, `nlp-extract` (NLP,
extraction), both where the task runner's workers run. Token columns stay
in the worker: only clean articles, event rows and rejections travel.
"""
from __future__ import annotations

from pydantic import BaseModel, Field

from models.article import CleanArticle
from models.events import EventBase
from models.inputs import RejectedInput


class StrippedChunk(BaseModel):
    articles: list[CleanArticle] = Field(default_factory=list)
    rejected: list[RejectedInput] = Field(default_factory=list)
    seconds: dict[str, float] = Field(default_factory=dict, description="seconds per stage, measured in the worker")


class AnalysedChunk(BaseModel):
    stored_ids: list[str] = Field(default_factory=list, description="articles to store: NLP and extraction ran on them")
    events: list[EventBase] = Field(default_factory=list)
    rejected: list[RejectedInput] = Field(default_factory=list)
    seconds: dict[str, float] = Field(default_factory=dict, description="seconds per stage, measured in the worker")
