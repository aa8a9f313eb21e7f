"""Resolve a date expression from an article into a date and its precision.

GUIDELINES (Fields: event_date) date an event by when it happened or is to
happen, reading relative words against the publication date. The rules:

* A weekday ("on Wednesday", "Wednesday evening") is the most recent such
  day on or before ``published_on`` for a past event (and when the tense is
  unknown), the next one on or after it for a future event. "last Monday" is
  strictly before, "next Monday" strictly after, whatever the tense.
* "today", "tonight", "this morning" are ``published_on``; "yesterday" and
  "last night" the day before; "tomorrow" the day after.
* "last/this/next week" is the Monday of that week (precision week);
  "last/this/next month", "earlier/later this month" the first of that month
  (precision month); "last/this/next year" its 1 January (precision year).
* A year alone ("in 1998") is 1 January of it, precision year, and needs no
  publication date.
* A month and day without a year ("July 25", "June 6-10", "between October 11
  and 13": the first day) take the publication year, moved back a year if a
  past event would then fall after publication, or forward a year if a future
  event would fall before it. A month alone ("in mid-June") follows the same
  rule at month precision. "last year"/"next year" beside a month set its
  year. Without a year and without a publication date: None.
* Full dates ("March 5, 2021", "5 March 2021", "2021-03-05", "Sunday, January
  24, 2021") are days; "March 2021" is a month.
* Anything vague ("recently", "soon", "last summer", "in recent years", "for
  the second time in a month") is None. A month and day inside a longer
  phrase still count ("after the November 3 vote" is November 3). Nothing ever
  falls back to the publication date.

Month names must be capitalised, so "may" and "march" as verbs are not months.
Cheap regular expressions handle the common forms; dateparser reads the
remaining absolute forms (numeric dates such as "05/03/2021").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from models.events import DatePrecision

__all__ = ["ResolvedDate", "resolve_date", "Tense"]

Tense = Literal["past", "future"]


@dataclass(frozen=True)
class ResolvedDate:
    value: date
    precision: DatePrecision
    text: str  # the words it was read from


_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _month_pattern(names: list[str]) -> str:
    # Capitalised or in capitals only: lower-case "may"/"march" are verbs.
    spellings = {*(n.capitalize() for n in names), *(n.upper() for n in names if len(n) > 3)}
    return r"(?P<month>(?:" + "|".join(sorted(spellings, key=len, reverse=True)) + r")\b)"


_MONTH = _month_pattern(list(_MONTHS)) + r"\.?"  # "Jan. 24"
# Alone, a month must be spelled out: "Mar" in "Mar-a-Lago" is no month.
_FULL_MONTH = _month_pattern(list(_MONTHS)[:12])
_YEAR = r"(?P<year>(?:19|20)\d{2})(?![\d'’]|s\b)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
_RANGE = r"(?:\s*(?:-|–|—|to|and|through)\s*[0-3]?\d(?:st|nd|rd|th)?\b)?"
_WEEKDAY_NAME = r"(?:" + "|".join(WEEKDAYS) + r")"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"

_ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b")
_MONTH_DAY = re.compile(
    r"(?:\b(?i:" + _WEEKDAY_NAME + r"),?\s+)?\b" + _MONTH + r"\s+" + _DAY + _RANGE + r"(?:,?\s+" + _YEAR + r")?"
)
_DAY_MONTH = re.compile(r"\b" + _DAY + _RANGE + r"\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?")
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r",?\s+(?:of\s+)?" + _YEAR)
_MONTH_ALONE = re.compile(r"(?:\b(?:early|mid|late|the end of|end of|the start of|start of)[\s-]+)?\b" + _FULL_MONTH)
_YEAR_ALONE = re.compile(r"(?<!\w)" + _YEAR)
_WEEKDAY = re.compile(
    r"(?:\b(?P<which>last|next|this|past|coming)\s+)?\b(?P<weekday>" + _WEEKDAY_NAME + r")\b" + _PART_OF_DAY,
    re.IGNORECASE,
)
_DAY_WORDS = re.compile(
    r"\b(?P<word>today|tonight|this (?:morning|afternoon|evening)|(?:earlier|later) today"
    r"|yesterday(?: (?:morning|afternoon|evening))?|last night|tomorrow(?: (?:morning|afternoon|evening|night))?)\b",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"\b(?P<which>last|previous|this|earlier this|later this|next|coming)\s+(?P<unit>week|month|year)\b",
    re.IGNORECASE,
)
# Numeric dates left to dateparser ("05/03/2021", "5.3.2021").
_NUMERIC = re.compile(r"\b\d{1,4}[/.]\d{1,2}[/.]\d{2,4}\b")


def resolve_date(
    expression: str, *, published_on: date | None, tense: Tense | None = None
) -> ResolvedDate | None:
    """The date ``expression`` gives for an event, or None if it gives none."""
    if not expression or not expression.strip():
        return None
    return _resolve(" ".join(expression.split()), published_on, tense)


@lru_cache(maxsize=8192)
def _resolve(expression: str, published_on: date | None, tense: Tense | None) -> ResolvedDate | None:
    # Most specific first: a full date beats its weekday, a month beats
    # the "last year" that sets its year.
    for reader in (_read_iso, _read_numeric, _read_month_day, _read_day_month, _read_month_year,
                   _read_month, _read_weekday, _read_day_word, _read_period, _read_year):  # fmt: skip
        found = reader(expression, published_on, tense)
        if not isinstance(found, _NotMine):
            return found
    return None


# --- readers ---------------------------------------------------------------
# Each reader returns _NOT_MINE when its form is absent, so the next one is
# tried; otherwise its answer, which may be None ("Wednesday" with no
# publication date is a weekday, and no other reader should guess).


class _NotMine:
    pass


_NOT_MINE = _NotMine()
_Read = ResolvedDate | None | _NotMine


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _relative_year(expression: str, published_on: date | None) -> int | None:
    """The year that "last year"/"this year"/"next year" beside a month names."""
    match = re.search(r"\b(last|previous|this|next)\s+year\b", expression, re.IGNORECASE)
    if match is None or published_on is None:
        return None
    shift = {"last": -1, "previous": -1, "this": 0, "next": 1}[match.group(1).lower()]
    return published_on.year + shift


def _year_for(
    month: int, day: int, expression: str, published_on: date | None, tense: Tense | None
) -> int | None:
    """Year of a month (and day) given without one, by the publication date."""
    relative = _relative_year(expression, published_on)
    if relative is not None:
        return relative
    if published_on is None:
        return None
    year = published_on.year
    candidate = (month, day)
    published = (published_on.month, published_on.day if day else 0)
    if tense == "future":
        return year + 1 if candidate < published else year
    return year - 1 if candidate > published else year


def _dated(value: date | None, precision: DatePrecision, text: str) -> ResolvedDate | None:
    return ResolvedDate(value, precision, text) if value is not None else None


def _read_iso(expression: str, published_on: date | None, tense: Tense | None) -> _Read:
    m = _ISO.search(expression)
    if m is None:
        return _NOT_MINE
    return _dated(_day(int(m["year"]), int(m["month"]), int(m["day"])), DatePrecision.DAY, m.group(0))


def _read_month_day(expression: str, published_on: date | None, tense: Tense | None) -> _Read:
    m = _MONTH_DAY.search(expression)
    if m is None:
        return _NOT_MINE
    return _read_day_parts(m, expression, published_on, tense)


def _read_day_month(expression: str, published_on: date | None, tense: Tense | None) -> _Read:
    m = _DAY_MONTH.search(expression)
    if m is None:
        return _NOT_MINE
    return _read_day_parts(m, expression, published_on, tense)


def _read_day_parts(
    m: re.Match[str], expression: str, published_on: date | None, tense: Tense | None
) -> ResolvedDate | None:
    month, day = _month_number(m["month"]), int(m["day"])
    if not 1 <= day <= 31:
        return None
    year = int(m["year"]) if m["year"] else _year_for(month, day, expression, published_on, tense)
    if year is None:
        return None
    return _dated(_day(year, month, day), DatePrecision.DAY, m.group(0).strip())


def _read_month_year(expression: str, published_on: date | None, tense: Tense | None) -> _Read:
    m = _MONTH_YEAR.search(expression)
    if m is None:
        return _NOT_MINE
    return _dated(date(int(m["year"]), _month_number(m["month"]), 1), DatePrecision.MONTH, m.group(0))


def _read_month(expression: str, published_on: date | None, tense: Tense | None) -> _Read:
    m = _MONTH_ALONE.search(expression)
    if m is None:
        return _NOT_MINE
    month = _month_number(m["month"])
    year_match = _YEAR_ALONE.search(expression)
    year = int(year_match["year"]) if year_match else _year_for(month, 0, expression, published_on, tense)
    if year is None:
        return None
    return _dated(date(year, month, 1), DatePrecision.MONTH, m.group(0))


def _read_year(expression: str, published_on: date | None, tense: Tense | None) -> _Read:
    m = _YEAR_ALONE.search(expression)
    if m is None:
        return _NOT_MINE
    return _dated(date(int(m["year"]), 1, 1), DatePrecision.YEAR, m["year"])


def _read_weekday(expression: str, published_on: date | None, tense: Tense | None) -> _Read:
    m = _WEEKDAY.search(expression)
    if m is None:
        return _NOT_MINE
    if published_on is None:
        return None
    target = WEEKDAYS.index(m["weekday"].lower())
    back = (published_on.weekday() - target) % 7  # days since the latest such day
    ahead = (target - published_on.weekday()) % 7  # days until the next one
    which = (m["which"] or "").lower()
    week = _PERIOD.search(expression)
    if week is not None and week["unit"].lower() == "week":
        # "Wednesday last week": that weekday of the week named.
        monday = _read_period(expression, published_on, tense)
        assert isinstance(monday, ResolvedDate)
        value = monday.value + timedelta(days=target)
    elif which in ("last", "past"):
        value = published_on - timedelta(days=back or 7)
    elif which in ("next", "coming"):
        value = published_on + timedelta(days=ahead or 7)
    elif tense == "future":
        value = published_on + timedelta(days=ahead)
    else:
        value = published_on - timedelta(days=back)
    return ResolvedDate(value, DatePrecision.DAY, m.group(0))


def _read_day_word(expression: str, published_on: date | None, tense: Tense | None) -> _Read:
    m = _DAY_WORDS.search(expression)
    if m is None:
        return _NOT_MINE
    if published_on is None:
        return None
    word = m["word"].lower()
    if word.startswith(("yesterday", "last night")):
        shift = -1
    elif word.startswith("tomorrow"):
        shift = 1
    else:
        shift = 0
    return ResolvedDate(published_on + timedelta(days=shift), DatePrecision.DAY, m.group(0))


def _read_period(expression: str, published_on: date | None, tense: Tense | None) -> _Read:
    m = _PERIOD.search(expression)
    if m is None:
        return _NOT_MINE
    if published_on is None:
        return None
    which, unit = m["which"].lower(), m["unit"].lower()
    shift = -1 if which in ("last", "previous") else 1 if which in ("next", "coming") else 0
    if unit == "week":
        monday = published_on - timedelta(days=published_on.weekday())
        return ResolvedDate(monday + timedelta(weeks=shift), DatePrecision.WEEK, m.group(0))
    if unit == "month":
        index = published_on.year * 12 + published_on.month - 1 + shift
        return ResolvedDate(date(index // 12, index % 12 + 1, 1), DatePrecision.MONTH, m.group(0))
    return ResolvedDate(date(published_on.year + shift, 1, 1), DatePrecision.YEAR, m.group(0))


def _read_numeric(expression: str, published_on: date | None, tense: Tense | None) -> _Read:
    m = _NUMERIC.search(expression)
    if m is None:
        return _NOT_MINE
    import dateparser  # slow to import and to run: only for what the regexes leave

    parsed = dateparser.parse(
        m.group(0),
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"},
    )
    return _dated(parsed.date() if parsed else None, DatePrecision.DAY, m.group(0))
