"""One model per event kind, with the columns of the output contract.

See ../shared/eval/GUIDELINES.md for what each kind, status and field means.
"""
from __future__ import annotations

import hashlib
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal, Union

from pydantic import BaseModel, Field, computed_field


class EventKind(StrEnum):
    MEETING = "meeting"
    CALL = "call"
    SUMMONS = "summons"
    RECALL = "recall"


class EventStatus(StrEnum):
    OCCURRED = "occurred"
    PLANNED = "planned"
    PROPOSED = "proposed"
    NOT_OCCURRED = "not_occurred"


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class EventBase(BaseModel):
    article_id: str
    status: EventStatus
    event_date: date | None = None
    date_precision: DatePrecision | None = None
    date_text: str | None = None
    people: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list, description="ISO 3166-1 alpha-3")
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float = Field(0.5, ge=0.0, le=1.0)

    def identity(self) -> tuple:
        """What makes two rows the same event within one article."""
        return (self.kind, self.evidence_start, tuple(sorted(self.countries)), tuple(sorted(self.people)))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def event_id(self) -> str:
        # Stable across re-runs: built from the article and the event's own
        # identity, never from run time or row order.
        key = "\x1f".join([self.article_id, *map(str, self.identity())])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


class Meeting(EventBase):
    kind: Literal[EventKind.MEETING] = EventKind.MEETING
    location: str | None = None
    format: Literal["in_person", "virtual"] | None = None

    def identity(self) -> tuple:
        # Where: "a summit in Reykjavik and a G7 gathering in Hiroshima" are two rows.
        return (*super().identity(), self.location)


class Call(EventBase):
    kind: Literal[EventKind.CALL] = EventKind.CALL
    medium: Literal["telephone", "video"] | None = None


class Summons(EventBase):
    kind: Literal[EventKind.SUMMONS] = EventKind.SUMMONS
    summoning_country: str | None = None
    summoned_by: str | None = None
    envoy: str | None = None
    envoy_country: str | None = None

    def identity(self) -> tuple:
        # Who summons whom: "A and B summoned each other's envoys" are two rows.
        return (*super().identity(), self.summoning_country, self.envoy_country)


class Recall(EventBase):
    kind: Literal[EventKind.RECALL] = EventKind.RECALL
    recalling_country: str | None = None
    envoy: str | None = None
    host_country: str | None = None
    reason: str | None = None

    def identity(self) -> tuple:
        # Whose envoy leaves where: "Peru, Bolivia pull ambassadors" are two rows.
        return (*super().identity(), self.recalling_country, self.host_country)


Event = Annotated[Union[Meeting, Call, Summons, Recall], Field(discriminator="kind")]

TABLE_OF_KIND: dict[EventKind, str] = {
    EventKind.MEETING: "meetings",
    EventKind.CALL: "calls",
    EventKind.SUMMONS: "summons",
    EventKind.RECALL: "recalls",
}
