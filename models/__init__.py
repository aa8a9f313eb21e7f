"""Pydantic models: the contract between Parley's tasks.

Tasks hand each other these models and nothing else (no spaCy `Doc`, no
`Language`, no database connection), so every task can be retried, cached
or run in another process.
"""
from models.article import CleanArticle
from models.events import (
    Call,
    DatePrecision,
    Event,
    EventKind,
    EventStatus,
    Meeting,
    Recall,
    Summons,
)
from models.inputs import InputFormat, RawDocument, RejectedInput
from models.parsed import ParsedArticle
from models.run import RunSummary

__all__ = [
    "Call",
    "CleanArticle",
    "DatePrecision",
    "Event",
    "EventKind",
    "EventStatus",
    "InputFormat",
    "Meeting",
    "ParsedArticle",
    "RawDocument",
    "Recall",
    "RejectedInput",
    "RunSummary",
    "Summons",
]
