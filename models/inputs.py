"""What the load stage hands on: a decoded document, or the reason it was not."""
from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

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
    # Set for articles that came from a scraper feed (a JSON Lines record);
    # plain .txt/.html files leave them empty.
    url: str | None = Field(None, description="the article's URL, when the feed gives one")
    title: str | None = Field(None, description="headline declared by the feed; wins over the page's own")
    published_on: date | None = Field(None, description="publication date declared by the feed")
    path: str | None = Field(None, description="the file the document was read from, when `source` is a URL")
    line: int | None = Field(None, description="line of the feed file the record was on (1-based)")
    extra: dict[str, Any] = Field(default_factory=dict, description="feed fields Parley does not read, kept as given")


class RejectedInput(BaseModel):
    """An input that could not be processed, and why."""

    source: str
    stage: str = Field(description="the stage that rejected it: load, strip, nlp, extract")
    reason: str
