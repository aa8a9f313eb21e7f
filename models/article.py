"""The article after boilerplate stripping: what NLP and the database see."""
from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from pydantic import BaseModel, Field, computed_field

from models.inputs import InputFormat


class CleanArticle(BaseModel):
    source: str
    format: InputFormat
    title: str | None = None
    published_on: date | None = None
    clean_text: str = Field(description="article body, one paragraph per line")
    language: str | None = Field(
        None, description="ISO 639-1 code of the text's language ('en'), None when it could not be told"
    )
    extra: dict[str, Any] = Field(default_factory=dict, description="feed fields Parley does not read, kept as given")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def article_id(self) -> str:
        # Derived from content only, so the same article gives the same id on
        # every run and from every path it is found at.
        payload = "\x1f".join([self.title or "", self.clean_text])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]
