"""Date expression resolution (tasks/extraction/dates.py)."""
from __future__ import annotations

from datetime import date

import pytest

from models.events import DatePrecision
from tasks.extraction.dates import ResolvedDate, resolve_date

DAY, WEEK, MONTH, YEAR = DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH, DatePrecision.YEAR

THU = date(2021, 3, 18)  # Thursday
WED = date(2025, 5, 7)  # Wednesday
FRI = date(2023, 11, 3)  # Friday
NOV20 = date(2019, 11, 20)
OCT9 = date(2019, 10, 9)
APR21 = date(2022, 4, 21)

# (expression, published_on, tense, expected date, precision)
RESOLVED = [
    # weekdays: past (or unknown) -> on or before; future -> on or after
    ("Wednesday", THU, None, date(2021, 3, 17), DAY),
    ("on Wednesday", THU, "past", date(2021, 3, 17), DAY),
    ("Wednesday evening", THU, "past", date(2021, 3, 17), DAY),
    ("on Wednesday", WED, None, date(2025, 5, 7), DAY),
    ("on Wednesday", WED, "future", date(2025, 5, 7), DAY),
    ("on Saturday", FRI, "future", date(2023, 11, 4), DAY),
    ("on Saturday", FRI, "past", date(2023, 10, 28), DAY),
    ("on Saturday", FRI, None, date(2023, 10, 28), DAY),
    ("on Thursday", FRI, "future", date(2023, 11, 9), DAY),
    ("friday", FRI, None, date(2023, 11, 3), DAY),
    ("last Wednesday", WED, None, date(2025, 4, 30), DAY),
    ("next Wednesday", WED, None, date(2025, 5, 14), DAY),
    ("last Monday", WED, "future", date(2025, 5, 5), DAY),
    ("Wednesday last week", WED, None, date(2025, 4, 30), DAY),
    ("Friday next week", WED, "future", date(2025, 5, 16), DAY),
    # day words
    ("today", THU, None, THU, DAY),
    ("tonight", THU, "future", THU, DAY),
    ("this morning", THU, None, THU, DAY),
    ("earlier today", THU, None, THU, DAY),
    ("yesterday", THU, None, date(2021, 3, 17), DAY),
    ("yesterday afternoon", THU, None, date(2021, 3, 17), DAY),
    ("last night", THU, None, date(2021, 3, 17), DAY),
    ("tomorrow", THU, "future", date(2021, 3, 19), DAY),
    ("Tomorrow", date(2021, 12, 31), None, date(2022, 1, 1), DAY),
    # weeks: their Monday
    ("last week", WED, None, date(2025, 4, 28), WEEK),
    ("this week", WED, None, date(2025, 5, 5), WEEK),
    ("earlier this week", WED, None, date(2025, 5, 5), WEEK),
    ("later this week", WED, "future", date(2025, 5, 5), WEEK),
    ("next week", WED, "future", date(2025, 5, 12), WEEK),
    ("last week", date(2025, 5, 5), None, date(2025, 4, 28), WEEK),  # published on a Monday
    ("next week", date(2025, 5, 11), None, date(2025, 5, 12), WEEK),  # published on a Sunday
    # months: their first day
    ("last month", WED, None, date(2025, 4, 1), MONTH),
    ("earlier this month", WED, None, date(2025, 5, 1), MONTH),
    ("this month", WED, None, date(2025, 5, 1), MONTH),
    ("later this month", WED, "future", date(2025, 5, 1), MONTH),
    ("next month", WED, "future", date(2025, 6, 1), MONTH),
    ("last month", date(2025, 1, 15), None, date(2024, 12, 1), MONTH),
    ("next month", date(2024, 12, 15), None, date(2025, 1, 1), MONTH),
    # years
    ("last year", WED, None, date(2024, 1, 1), YEAR),
    ("this year", WED, None, date(2025, 1, 1), YEAR),
    ("next year", WED, "future", date(2026, 1, 1), YEAR),
    ("in 1998", THU, None, date(1998, 1, 1), YEAR),
    ("in 1998", None, None, date(1998, 1, 1), YEAR),
    ("1998", None, None, date(1998, 1, 1), YEAR),
    ("in 2014", THU, "past", date(2014, 1, 1), YEAR),
    ("in mid-2019", None, None, date(2019, 1, 1), YEAR),
    # month and day without a year
    ("July 25", NOV20, None, date(2019, 7, 25), DAY),
    ("July 10", NOV20, "past", date(2019, 7, 10), DAY),
    ("on April 13", THU, None, date(2020, 4, 13), DAY),  # past, so not after publication
    ("on April 13", THU, "future", date(2021, 4, 13), DAY),
    ("on March 1", THU, "future", date(2022, 3, 1), DAY),  # future, so not before publication
    ("March 18", THU, "past", date(2021, 3, 18), DAY),
    ("March 18", THU, "future", date(2021, 3, 18), DAY),
    ("October 11", OCT9, "future", date(2019, 10, 11), DAY),
    ("October 11", OCT9, None, date(2018, 10, 11), DAY),
    ("between October 11 and 13", OCT9, "future", date(2019, 10, 11), DAY),
    ("June 6-10", APR21, "future", date(2022, 6, 6), DAY),
    ("June 6–10", APR21, "future", date(2022, 6, 6), DAY),
    ("between 11 and 13 October", OCT9, "future", date(2019, 10, 11), DAY),
    ("Jan. 24", THU, None, date(2021, 1, 24), DAY),
    ("Sept. 9", NOV20, None, date(2019, 9, 9), DAY),
    ("on the 5th of March", THU, None, date(2021, 3, 5), DAY),
    ("after the November 3 vote", FRI, None, date(2023, 11, 3), DAY),
    ("a July 10 meeting", NOV20, None, date(2019, 7, 10), DAY),
    ("July 25 last year", NOV20, None, date(2018, 7, 25), DAY),
    # month alone
    ("in September", NOV20, None, date(2019, 9, 1), MONTH),
    ("September", NOV20, "past", date(2019, 9, 1), MONTH),
    ("in December", NOV20, None, date(2018, 12, 1), MONTH),
    ("in December", NOV20, "future", date(2019, 12, 1), MONTH),
    ("in September", NOV20, "future", date(2020, 9, 1), MONTH),
    ("in November", NOV20, "future", date(2019, 11, 1), MONTH),
    ("in mid-June", NOV20, None, date(2019, 6, 1), MONTH),
    ("in early June", NOV20, None, date(2019, 6, 1), MONTH),
    ("in June", APR21, "future", date(2022, 6, 1), MONTH),
    ("in June last year", THU, None, date(2020, 6, 1), MONTH),
    ("in June 2019", None, None, date(2019, 6, 1), MONTH),
    ("March 2021", None, None, date(2021, 3, 1), MONTH),
    ("in September of 2019", None, None, date(2019, 9, 1), MONTH),
    # full dates
    ("March 5, 2021", None, None, date(2021, 3, 5), DAY),
    ("March 5, 2021", THU, "future", date(2021, 3, 5), DAY),
    ("5 March 2021", None, None, date(2021, 3, 5), DAY),
    ("5th March, 2021", None, None, date(2021, 3, 5), DAY),
    ("2021-03-05", None, None, date(2021, 3, 5), DAY),
    ("Sunday, January 24, 2021", None, None, date(2021, 1, 24), DAY),
    ("on Sunday, January 24, 2021", THU, None, date(2021, 1, 24), DAY),
    ("Jan. 24, 2021", None, None, date(2021, 1, 24), DAY),
    ("SEPTEMBER 9, 2019", None, None, date(2019, 9, 9), DAY),
    ("03/05/2021", None, None, date(2021, 3, 5), DAY),  # dateparser, month first as in English
]


@pytest.mark.parametrize(("expression", "published_on", "tense", "value", "precision"), RESOLVED)
def test_resolve_date(
    expression: str, published_on: date | None, tense: str | None, value: date, precision: DatePrecision
) -> None:
    found = resolve_date(expression, published_on=published_on, tense=tense)  # type: ignore[arg-type]
    assert found is not None
    assert (found.value, found.precision) == (value, precision)


# (expression, published_on, tense): the text gives no date
UNRESOLVED = [
    # vague
    ("recently", THU, None),
    ("soon", THU, "future"),
    ("last summer", THU, None),
    ("within the next few months", THU, "future"),
    ("in the summer", THU, None),
    ("for the second time in a month", FRI, None),
    ("in recent years", THU, None),
    ("at the time", THU, None),
    ("in the 1990s", None, None),
    ("in the 1990's", None, None),
    ("earlier", THU, None),
    ("a few days ago", THU, None),
    ("", THU, None),
    ("   ", THU, None),
    # relative words without a publication date
    ("on Wednesday", None, None),
    ("Wednesday evening", None, "past"),
    ("today", None, None),
    ("yesterday", None, None),
    ("tomorrow", None, "future"),
    ("last week", None, None),
    ("next month", None, "future"),
    ("last year", None, None),
    ("July 25", None, None),
    ("between October 11 and 13", None, "future"),
    ("in September", None, None),
    ("in mid-June", None, None),
    # not dates at all
    ("at Mar-a-Lago", THU, None),  # "Mar" alone is no month
    ("they may meet", THU, "future"),  # the verb, not the month
    ("a march on the capital", THU, None),
    ("February 30", THU, None),
    ("2021-02-30", None, None),
    ("13/13/2021", None, None),
    ("at the G20", THU, None),
]


@pytest.mark.parametrize(("expression", "published_on", "tense"), UNRESOLVED)
def test_unresolved(expression: str, published_on: date | None, tense: str | None) -> None:
    assert resolve_date(expression, published_on=published_on, tense=tense) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("expression", "text"),
    [
        ("on Wednesday", "Wednesday"),
        ("Wednesday evening", "Wednesday evening"),
        ("last week", "last week"),
        ("in 1998", "1998"),
        ("after the November 3 vote", "November 3"),
        ("in mid-June", "mid-June"),
        ("between October 11 and 13", "October 11 and 13"),
    ],
)
def test_text_is_the_words_read(expression: str, text: str) -> None:
    found = resolve_date(expression, published_on=NOV20)
    assert found is not None and found.text == text


def test_result_is_frozen_and_cached() -> None:
    first = resolve_date("on Wednesday", published_on=THU)
    again = resolve_date("on  Wednesday", published_on=THU)
    assert isinstance(first, ResolvedDate)
    assert first is again  # whitespace-normalised expression hits the cache
    with pytest.raises(AttributeError):
        first.value = THU  # type: ignore[misc]


def test_published_on_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        resolve_date("today", THU)  # type: ignore[misc]
