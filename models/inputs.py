"""What the load stage hands on: a decoded document, or the reason it was not."""
from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class InputFormat(StrEnum):
    TEXT = "text"
    HTML = "html"


class RawDocument(BaseModel):
    """One input file, read and decoded, before boilerplate stripping."""

    source: str = Field(description="path or URL as given to the pipeline")
    format: InputFormat
    text: str = Field(description="decoded content (HTML markup kept for HTML inputs)")
    encoding: str = Field(description="encoding the bytes were decoded from")
    size_bytes: int


class RejectedInput(BaseModel):
    """An input that could not be processed, and why."""

    source: str
    stage: str = Field(description="the stage that rejected it: load, strip, nlp, extract")
    reason: str
