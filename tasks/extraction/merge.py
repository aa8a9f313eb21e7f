"""One row per real-world event within an article.

An article often states the same event several times ("the meeting between
the presidents", "the Putin-Biden meeting", "offered to meet his Russian
counterpart"). Mentions merge when they are of the same kind, involve the
same sides, and their status, date and place do not contradict each other.
Anything that does contradict (a call last week and one yesterday; a meeting
that did not happen and one that is wished for) stays a separate row.
"""
from __future__ import annotations

from collections.abc import Iterable

from models.events import EventKind, EventStatus
from tasks.extraction.components.events import Mention
from tasks.extraction.places import is_venue
from tasks.extraction.status import DENYING

# Planned and proposed are both "not yet": an article that both schedules a
# meeting and hedges on it is talking about one future meeting. The hedged
# reading wins, since one mention under discussion means it is not fixed.
_FUTURE = {EventStatus.PLANNED, EventStatus.PROPOSED}


# A summons or recall is one act: the article that says a government "would
# recall" or "threatened to summon" and then that it did tells of one act.
_INSTANT = {EventKind.SUMMONS, EventKind.RECALL}
_ANNOUNCED_OR_DONE = {EventStatus.OCCURRED, EventStatus.PLANNED, EventStatus.PROPOSED}


def _denies(a: Mention, b: Mention) -> bool:
    """Is `a` the denial of what `b` reports ("Kremlin denies Putin and
    Trump spoke" and "the Post reported that Trump talked with Putin")?"""
    return (a.status is EventStatus.NOT_OCCURRED and b.status is EventStatus.OCCURRED
            and a.reading.cue in DENYING and bool(set(a.people) & set(b.people)))


def _status_compatible(a: Mention, b: Mention) -> bool:
    if a.status == b.status:
        return True
    if not a.reading.decisive or not b.reading.decisive:
        return True
    if a.kind in _INSTANT and {a.status, b.status} <= _ANNOUNCED_OR_DONE and EventStatus.OCCURRED in {a.status, b.status}:
        return True  # announced, then done
    if a.kind is EventKind.CALL and {a.status, b.status} == {EventStatus.OCCURRED, EventStatus.PLANNED} and len(
            set(a.people) & set(b.people)) >= 2:
        return True  # "had been scheduled to call Buhari" and "confirmed his phone conversation with Buhari"
    if _denies(a, b) or _denies(b, a):
        return True
    return a.status in _FUTURE and b.status in _FUTURE


def _dates_compatible(a: Mention, b: Mention) -> bool:
    if a.date is None and b.date is None:
        return True
    if a.date is None or b.date is None:
        # "In October 2021, Algeria recalled its ambassador": a sentence that
        # opens on its month or year tells an earlier episode, not the
        # undated event the article is about.
        dated = a if a.date is not None else b
        return not _opens_on_its_date(dated)
    precision = max(a.date.precision, b.date.precision, key=lambda p: ["day", "week", "month", "year"].index(p.value))
    width = {"day": 10, "week": 10, "month": 7, "year": 4}[precision.value]
    if precision.value == "week":
        return abs((a.date.value - b.date.value).days) < 7
    return a.date.value.isoformat()[:width] == b.date.value.isoformat()[:width]


def _sides_compatible(a: Mention, b: Mention) -> bool:
    if a.kind is EventKind.SUMMONS:
        return (a.summoning_country, a.envoy_country) == (b.summoning_country, b.envoy_country) and (
            not a.people or not b.people or bool(set(a.people) & set(b.people))
        )
    if a.kind is EventKind.RECALL:
        return (a.recalling_country, a.host_country) == (b.recalling_country, b.host_country)
    shared_people = set(a.people) & set(b.people)
    ca, cb = set(a.countries), set(b.countries)
    people_agree = not a.people or not b.people or bool(shared_people)
    if (a.in_headline or b.in_headline) and people_agree and (not ca or not cb or ca & cb):
        return True  # the headline states in short what the body tells: one event
    if a.name and b.name:
        return _same_name(a.name, b.name)
    if people_agree and min(len(ca), len(cb)) >= 2 and (ca <= cb or cb <= ca):
        return True  # "postponed his trip to A, B and C" and "Indian PM postpones trip to A, B and C"
    if shared_people:
        # Same people, but a different host country means a different visit.
        return not (len(ca) >= 2 and len(cb) >= 2 and ca != cb and not (ca <= cb or cb <= ca))
    if a.location and a.location == b.location and (not a.people or not b.people):
        return True  # "the Wuhan summit" and "Modi's visit to Wuhan"
    if a.people and b.people:
        return False
    if a.sentence.start == b.sentence.start:
        return True  # two triggers of one sentence ("held talks during a visit")
    return len(ca) >= 2 and ca == cb


def _opens_on_its_date(mention: Mention) -> bool:
    if mention.date is None or mention.date.precision.value not in {"month", "year"}:
        return False
    opening = mention.sentence.text.lstrip("\u201c\"' ")[: len(mention.date.text) + 8].lower()
    return mention.date.text.lower() in opening and not mention.in_headline


def _same_name(a: str, b: str) -> bool:
    """"G20 summit" and "Osaka G20 summit"; "Wuhan summit" and "Wuhan informal summit"."""
    from difflib import SequenceMatcher

    wa, wb = set(a.split()), set(b.split())
    return wa <= wb or wb <= wa or SequenceMatcher(None, a, b).ratio() >= 0.8


def _locations_compatible(a: Mention, b: Mention) -> bool:
    ha, hb = set(a.hosts), set(b.hosts)
    if ha and hb and not (ha <= hb or hb <= ha):
        return False  # a visit to China and a visit to India are two visits
    if a.location is None or b.location is None or a.location == b.location:
        return True
    return is_venue(a.location) or is_venue(b.location)  # the palace is in the city: one visit


def compatible(a: Mention, b: Mention) -> bool:
    return (
        a.kind == b.kind
        and _status_compatible(a, b)
        and _sides_compatible(a, b)
        and _dates_compatible(a, b)
        and _locations_compatible(a, b)
    )


def _absorb(into: Mention, other: Mention) -> None:
    for name in other.people:
        if name not in into.people:
            into.people.append(name)
    if into.kind in (EventKind.MEETING, EventKind.CALL):
        for code in other.countries:
            if code not in into.countries:
                into.countries.append(code)
    if into.status != other.status:
        if _denies(other, into):
            into.reading = other.reading  # the denial stands
        elif _denies(into, other):
            pass
        elif into.kind in _INSTANT | {EventKind.CALL} and other.status is EventStatus.OCCURRED and other.reading.decisive:
            into.reading, into.sentence = other.reading, other.sentence  # announced, then done: the deed is the evidence
        elif not into.reading.decisive and other.reading.decisive:
            into.reading = other.reading
        elif into.status in _FUTURE and other.status in _FUTURE and other.reading.decisive:
            into.reading = other.reading if other.status is EventStatus.PROPOSED else into.reading
    if other.date is not None and (into.date is None or _finer(other, into)):
        into.date = other.date
    into.location = into.location or other.location
    into.context_location = into.context_location or other.context_location
    into.hosts = into.hosts or other.hosts
    into.medium = into.medium or other.medium
    into.in_person = into.in_person or other.in_person
    into.envoy = into.envoy or other.envoy
    into.reason = into.reason or other.reason
    into.summoned_by = into.summoned_by or other.summoned_by
    into.weak = into.weak and other.weak
    into.named_event = into.named_event or other.named_event
    into.name = into.name or other.name
    into.mentions += other.mentions


def _finer(a: Mention, b: Mention) -> bool:
    order = ["day", "week", "month", "year"]
    return order.index(a.date.precision.value) < order.index(b.date.precision.value)


def merge_mentions(mentions: Iterable[Mention]) -> list[Mention]:
    """Group mentions of the same event; the first mention (in reading
    order) keeps its evidence sentence and absorbs the others' details.
    Generic mentions ("talks") are placed last: they join a call or meeting
    already found between the same people before they stand on their own."""
    ordered = sorted(mentions, key=lambda m: (m.sentence.start, m.trigger))
    anaphors = [m for m in ordered if m.anaphoric]
    ordered = [m for m in ordered if not m.anaphoric]
    merged: list[Mention] = []
    for mention in [m for m in ordered if not m.weak] + [m for m in ordered if m.weak]:
        if mention.weak and not mention.location:
            call = next(
                (c for c in merged if c.kind is EventKind.CALL and set(mention.people) & set(c.people)
                 and mention.status == c.status and _dates_compatible(mention, c)),
                None,
            )
            if call is not None:
                _absorb(call, mention)
                continue
        for existing in merged:
            if compatible(existing, mention):
                _absorb(existing, mention)
                break
        else:
            merged.append(mention)
    for anaphor in anaphors:
        _resolve_anaphor(anaphor, merged)
    merged = [m for m in merged if not _summons_told_as_meeting(m, merged)]
    for mention in merged:
        mention.location = mention.location or mention.context_location
    return sorted(merged, key=lambda m: (m.sentence.start, m.trigger))


def _summons_told_as_meeting(meeting: Mention, merged: list[Mention]) -> bool:
    """"China summoned a Japanese diplomat ... Liu made representations in a
    meeting with Akira Yokochi": the meeting with the summoned envoy is the
    summons itself, not another event."""
    if meeting.kind is not EventKind.MEETING:
        return False
    return any(
        m.kind is EventKind.SUMMONS and set(meeting.countries) == {m.summoning_country, m.envoy_country}
        and set(m.people) & set(meeting.people)
        for m in merged
    )


# How far back "the meeting" may point: about two sentences of text.
ANAPHOR_REACH_CHARS = 400


def _resolve_anaphor(anaphor: Mention, merged: list[Mention]) -> None:
    """Fold "the meeting was scrapped" into the nearest event of its kind
    named just before; with none in reach it says nothing and is dropped."""
    before = [
        m for m in merged
        if m.kind is anaphor.kind and m.trigger < anaphor.trigger
        and anaphor.sentence.start_char - m.sentence.start_char <= ANAPHOR_REACH_CHARS
    ]
    if not before:
        # Beyond reach, "the meeting" still means the article's one meeting
        # when it has only one ("... the meeting was chaired by King Salman").
        before = [m for m in merged if m.kind is anaphor.kind and m.trigger < anaphor.trigger]
        if len(before) != 1 or not anaphor.people:
            return
    target = max(before, key=lambda m: m.trigger)
    if anaphor.status is EventStatus.NOT_OCCURRED and anaphor.reading.decisive:
        target.reading = anaphor.reading  # the event named before was called off
    elif _status_compatible(target, anaphor) and _dates_compatible(target, anaphor) and _locations_compatible(target, anaphor):
        target.date = target.date or anaphor.date
        target.location = target.location or anaphor.location
        for name in anaphor.people:  # "Chinese President Xi Jinping attended the conference"
            if name not in target.people:
                target.people.append(name)
    target.mentions += 1
