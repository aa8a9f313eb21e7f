"""Line classifier for page text: which lines are the article, which are furniture.

The strip stage hands this module the lines of a page (a text dump, or the
paragraphs trafilatura kept from an HTML page) and gets back the headline,
the body paragraphs and the publication dates the page states.

Everything here is a rule a reader can follow. Each rule looks at a few
features of a line (length, words, final punctuation, capitals, how much of
it is a date, furniture vocabulary, its neighbours and its place in the page)
and names the category of furniture it recognises. Vocabulary lives in
``tasks/boilerplate/data/phrases.txt`` so it can be read and extended without
touching code. Nothing here knows any particular outlet.
"""
from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

Mode = Literal["text", "html"]

PHRASES_FILE = Path(__file__).resolve().parent / "data" / "phrases.txt"


# --------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class Vocabulary:
    ui_words: frozenset[str]
    small_words: frozenset[str]
    prompt_patterns: tuple[re.Pattern[str], ...]
    notice_patterns: tuple[re.Pattern[str], ...]
    list_headers: frozenset[str]
    credit_markers: tuple[str, ...]
    role_words: frozenset[str]
    contribution_patterns: tuple[re.Pattern[str], ...]


def _read_sections(path: Path) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return sections


def _one_pattern(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    # One alternation is searched once per line instead of once per pattern.
    if not patterns:
        return ()
    return (re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE),)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    s = _read_sections(PHRASES_FILE)
    return Vocabulary(
        ui_words=frozenset(s.get("ui_words", [])),
        small_words=frozenset(s.get("small_words", [])),
        prompt_patterns=_one_pattern(s.get("prompt_patterns", [])),
        notice_patterns=_one_pattern(s.get("notice_patterns", [])),
        list_headers=frozenset(s.get("list_headers", [])),
        credit_markers=tuple(s.get("credit_markers", [])),
        role_words=frozenset(s.get("role_words", [])),
        contribution_patterns=_one_pattern(s.get("contribution_patterns", [])),
    )


# --------------------------------------------------------------------------
# Line features

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_BULLET = re.compile(r"^(?:[\u2022\u25aa\u25cf\u00b7\u2023\u2043*]|[-\u2013\u2014](?=\s))\s*")
# A sentence ends with . ! ? or an ellipsis, possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_OPEN_QUOTE = re.compile(r"^[\"'\u201c\u2018\u00ab]")
_WORD = re.compile(r"[^\W\d_][\w'\u2019.&-]*", re.UNICODE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_LONG_NUMBER = re.compile(r"\d{8,}")
_TEMPERATURE = re.compile(r"-?\d{1,3}\s*\u00b0?\s*[CF]\b|\u00b0")
_TRUNCATED = re.compile(r"(\.\.\.|\u2026)\s*$")
_TAG_AT_END = re.compile(r"\[[A-Z][A-Z ]{1,20}\]\s*\|?\s*$")
_WRAPPED_IN_BRACKETS = re.compile(r"^\[.*\]$")
_GLUED_NAV = re.compile(r"^(previous|next|prev)\s?(article|post|story|page)", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^(source|sources|credit|credits|courtesy|via)\s*:", re.IGNORECASE)
_BYLINE = re.compile(r"^by\s+\S", re.IGNORECASE)
_FILE_PHOTO = re.compile(r"^(file\s+)?(photo|picture|image)s?\s+(of|shows)\b", re.IGNORECASE)
_PAREN_TAIL = re.compile(r"\(([^()]{1,80})\)\s*$")
_BIO = re.compile(
    r"^[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){0,3}\s+is\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,4}"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|producer)\b"
)
# Reader-facing words: site notices talk to "you"; news paragraphs rarely do.
_SPEAKS_TO_READER = re.compile(r"\b(you|your|you're|you've|our|please|here)\b|!|\u00a9", re.IGNORECASE)
# Calls to action start with one of these verbs.
_CTA_VERBS = frozenset(
    "add read watch listen see get download follow subscribe sign click tap share join try "
    "check start summarize summarise install register log login continue view load show "
    "bookmark save print email copy".split()
)


def normalise(line: str) -> str:
    """Whitespace folded to single spaces, ends trimmed."""
    return re.sub(r"\s+", " ", line).strip()


def fold(line: str) -> str:
    """Key for comparing lines: straight quotes, single spaces, lowercase."""
    return normalise(line.translate(_QUOTES)).lower()


def words(line: str) -> list[str]:
    return line.split()


def alpha_words(line: str) -> list[str]:
    """Word tokens that contain letters (numbers and punctuation aside)."""
    return _WORD.findall(line)


def ends_like_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.rstrip()))


def is_sentence(line: str) -> bool:
    """A prose sentence: final punctuation, a few words, some lowercase words
    (a Title Case line ending in a full stop is still a heading or label)."""
    ws = alpha_words(line)
    if len(ws) < 3 or not ends_like_sentence(line):
        return False
    lower = sum(1 for w in ws if w[0].islower())
    return lower >= max(1, len(ws) // 5)


def caps_ratio(line: str) -> float:
    """Share of letters that are upper case (1.0 for a line in capitals)."""
    letters = sum(map(str.isalpha, line))
    if not letters:
        return 0.0
    return sum(map(str.isupper, line)) / letters


def capitalised_share(line: str) -> float:
    """Share of words, small words aside, that start with a capital."""
    small = vocabulary().small_words
    ws = [w for w in alpha_words(line) if w.lower() not in small and w.lower() not in {"via", "by"}]
    if not ws:
        return 0.0
    return sum(w[0].isupper() for w in ws) / len(ws)


def is_body_paragraph(line: str) -> bool:
    """A line that reads as article prose: a sentence of some length."""
    return is_sentence(line) and len(words(line)) >= 8


# --------------------------------------------------------------------------
# Dates

_MONTH_NAMES = sorted(
    {m.lower() for m in list(calendar.month_name)[1:] + list(calendar.month_abbr)[1:]} | {"sept"},
    key=len,
    reverse=True,
)
_DAY_NAMES = sorted(
    {d.lower() for d in list(calendar.day_name) + list(calendar.day_abbr)} | {"tues", "thur", "thurs"},
    key=len,
    reverse=True,
)
_M = r"(?:%s)\.?" % "|".join(_MONTH_NAMES)
_D = r"\d{1,2}(?:st|nd|rd|th)?"
_Y = r"(?:19|20)\d{2}"
# Only dates that name the year: a dateline such as "MOSCOW, May 23" cannot
# give a publication date on its own.
_FULL_DATE = re.compile(
    rf"\b(?:{_M}\s+{_D},?\s+{_Y}|{_D}\s+(?:of\s+)?{_M},?\s+{_Y}|{_Y}-\d{{2}}-\d{{2}}|{_Y}/\d{{2}}/\d{{2}})\b",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?\b", re.IGNORECASE)
_DAY = re.compile(r"\b(?:%s)\b\.?" % "|".join(_DAY_NAMES), re.IGNORECASE)
_ZONE = re.compile(r"\b(?:[A-Z]{2,4}T|UTC|GMT|IST|JST|KST|MSK)\b")
_RELATIVE = re.compile(r"\b\d+\s+(?:second|minute|min|hour|hr|day|week|month|year)s?\s+ago\b", re.IGNORECASE)
_UPDATED_LABEL = re.compile(r"\b(updated?|modified|edited|last)\b", re.IGNORECASE)
_PUBLISHED_LABEL = re.compile(r"\b(published|posted|first|created|released|issued|dated)\b", re.IGNORECASE)
# Words that may stand around a date on a date line without making it prose.
_DATE_LINE_WORDS = frozenset(
    "published updated posted modified edited last first created released on at this story "
    "article is was from date time am pm and ago hours minutes".split()
)


@dataclass(frozen=True)
class DateHit:
    value: date
    label: Literal["published", "updated", "none"]


def _parse_date(text: str) -> date | None:
    try:
        import dateparser

        found = dateparser.parse(
            text,
            languages=["en"],
            settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False},
        )
    except Exception:  # dateparser has odd failure modes on odd strings
        return None
    if found is None or not (1990 <= found.year <= 2100):
        return None
    return found.date()


def dates_in_line(line: str) -> list[DateHit]:
    """Full dates (with a year) in the line, each with the label before it."""
    hits: list[DateHit] = []
    last_end = 0
    for m in _FULL_DATE.finditer(line):
        value = _parse_date(m.group(0).replace(",", " "))
        if value is None:
            continue
        before = line[last_end : m.start()]
        if _PUBLISHED_LABEL.search(before):
            label: Literal["published", "updated", "none"] = "published"
        elif _UPDATED_LABEL.search(before):
            label = "updated"
        else:
            label = "none"
        hits.append(DateHit(value, label))
        last_end = m.end()
    return hits


def date_residue(line: str) -> list[str]:
    """The words of the line left once dates, times, weekdays, time zones and
    date labels are taken out: what the line says besides its date."""
    rest = _FULL_DATE.sub(" ", line)
    rest = _RELATIVE.sub(" ", rest)
    rest = _TIME.sub(" ", rest)
    rest = _DAY.sub(" ", rest)
    rest = _ZONE.sub(" ", rest)
    return [w for w in alpha_words(rest) if w.lower().strip(".") not in _DATE_LINE_WORDS]


def is_date_line(line: str) -> bool:
    """A line that is (almost) only a date: page-view dates, timestamps,
    'Published on ...' lines."""
    has_date = bool(_FULL_DATE.search(line)) or bool(_RELATIVE.search(line))
    return has_date and len(date_residue(line)) <= 1


# --------------------------------------------------------------------------
# Single-line rules. Each returns the furniture category, or None.


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _content_words(line: str) -> list[str]:
    small = vocabulary().small_words
    out = []
    # Menus flattened without spaces ("FacebookTwitterEmail") are split back into words.
    for w in alpha_words(_CAMEL.sub(" ", line)):
        key = w.lower().strip(".'-&")
        if len(key) <= 1 or key in small:
            continue
        out.append(key)
    return out


def ui_share(line: str) -> float:
    """Share of the line's content words that are widget vocabulary."""
    ws = _content_words(line)
    if not ws:
        return 0.0
    ui = vocabulary().ui_words
    return sum(w in ui for w in ws) / len(ws)


def list_header(line: str) -> bool:
    """A label that opens a list of other stories ('Most read', 'Related articles')."""
    if is_sentence(line) or len(words(line)) > 6:
        return False
    key = re.sub(r"[^\w' ]+", " ", fold(line)).strip()
    key = re.sub(r"\s+", " ", key)
    headers = vocabulary().list_headers
    if key in headers:
        return True
    # Multi-word labels may carry a section name: "World latest stories", "Most read in Sport".
    return any(
        " " in h and (key.startswith(h + " ") or key.endswith(" " + h)) for h in headers
    )


def is_credit(line: str) -> bool:
    """A photo or source credit standing on its own line (no caption text)."""
    ws = words(line)
    if not ws or len(ws) > 10 or is_sentence(line):
        return False
    low = fold(line)
    if low.startswith("(") and low.endswith(")"):
        return True  # "(Reuters)", "(Photo: Jane Roe)"
    if any(low.startswith(m) for m in vocabulary().credit_markers):
        return True  # "Photo by ...", "Getty Images", "Courtesy of ..."
    # Names joined by slashes or 'via' (agency chains): every word capitalised.
    if ("/" in line or " via " in low) and capitalised_share(line) >= 0.9:
        return True
    # "Name Surname, AGENCY NAME": a short name in Title Case, an agency in capitals.
    head, _, tail = line.rpartition(",")
    return (
        1 <= len(alpha_words(head)) <= 4
        and capitalised_share(head) == 1.0
        and caps_ratio(head) < 0.8
        and len(alpha_words(tail)) >= 1
        and caps_ratio(tail) > 0.9
    )


def caption_credit(line: str) -> str | None:
    """Captions carry a credit: '... (AFP)', '... (Image: GETTY)', '... Photo by X / AP'."""
    low = fold(line)
    markers = vocabulary().credit_markers
    tail = _PAREN_TAIL.search(line)
    if tail and not line.rstrip().endswith(")."):
        inside = tail.group(1)
        inside_words = alpha_words(inside)
        if inside_words and len(words(inside)) <= 8 and (
            "/" in inside
            or any(m.rstrip(":") in fold(inside) for m in markers)
            or capitalised_share(inside) == 1.0
            and len(inside_words) <= 3
        ):
            return "caption"
    for marker in ("photo by", "photograph:", "photographs:", "photo:", "image:", "picture:", "credit:", "photo credit"):
        at = low.rfind(marker)
        if at >= 0:
            after = line[at + len(marker):]
            if len(words(after)) <= 10 and not ends_like_sentence(after):
                return "caption"
    if _FILE_PHOTO.match(line):
        return "caption"
    return None


def line_category(line: str) -> str | None:
    """The furniture category of one line on its own, or None for content.

    Rules are ordered from the most certain to the most general.
    """
    text = line.strip()
    if not text:
        return "empty"
    v = vocabulary()
    ws = words(text)
    n = len(ws)
    sentence = is_sentence(text)
    quoted = bool(_OPEN_QUOTE.match(text))  # speech: never a prompt of the site

    if not alpha_words(text):
        return "no words"  # counters, stray symbols, "1479"
    if _LONG_NUMBER.search(text) and n <= 12:
        return "technical"  # ids and tracking numbers leak from templates
    if n == 1 and not sentence and not quoted:
        return "single word"  # "Reuters", "Loading", "Trending"
    if _GLUED_NAV.match(text) and n <= 15:
        return "navigation"
    if _WRAPPED_IN_BRACKETS.match(text) or _TAG_AT_END.search(text):
        return "link to other story"  # "[ Other headline ]", "Headline [VIDEO]"
    if _TRUNCATED.search(text) and not is_sentence(_TRUNCATED.sub("", text)) and n <= 25:
        return "link to other story"  # teaser titles cut with "..."
    if _TRUNCATED.search(text) and n <= 3:
        return "navigation"  # "Continue reading..."
    if is_date_line(text):
        return "date"
    if _TEMPERATURE.search(text) and n <= 6 and not sentence:
        return "weather"
    if "\u00a9" in text and n <= 40:
        return "copyright"
    if list_header(text):
        return "list header"
    if caption_credit(text):
        return "caption"
    if is_credit(text):
        return "credit"
    if _SOURCE_LINE.match(text) and n <= 12 and not sentence:
        return "source"
    if _BYLINE.match(text) and n <= 16 and not sentence:
        return "byline"
    if any(p.search(text) for p in v.contribution_patterns) and n <= 45:
        return "credit"
    if _BIO.match(text) and n <= 45:
        return "author bio"
    if _EMAIL.search(text) and n <= 45 and not quoted:
        return "author bio"
    if not sentence and n <= 12 and any(w.lower() in v.role_words for w in alpha_words(text)):
        if capitalised_share(text) >= 0.8:
            return "byline"  # "Jane Doe, Moscow Correspondent"
    # A short date-bearing line that is not prose: "Name / Agency / Updated: <date>".
    if _FULL_DATE.search(text) and not sentence and n <= 15 and len(date_residue(text)) <= 6:
        return "date"
    if not quoted and n <= 60 and any(p.search(text) for p in v.notice_patterns):
        return "site notice"
    if not quoted:
        first = ws[0].lower().strip("!?.,:;'\"")
        if first in _CTA_VERBS and n <= 12 and not text.rstrip().endswith("."):
            return "call to action"  # "Add a comment", "Download the app!", "Watch ..."
        if any(p.search(text) for p in v.prompt_patterns):
            # A short label, or a notice that speaks to the reader; a news
            # sentence that merely mentions a newsletter or an app stays.
            if (n <= 12 and not sentence) or (n <= 60 and _SPEAKS_TO_READER.search(text)):
                return "site notice"
    if (n <= 8 or not sentence) and ui_share(text) == 1.0:
        return "widget"  # every content word is widget vocabulary
    if n <= 8 and ui_share(text) >= 0.5 and not sentence and not quoted:
        return "widget"
    if n >= 2 and caps_ratio(text) > 0.8 and sum(map(str.isalpha, text)) >= 6:
        return "shouted label"  # links and labels in capitals
    return None


def is_title_like(line: str) -> bool:
    """Shape of a headline: a few words, no closing full stop, not furniture."""
    n = len(words(line))
    if n < 4 or n > 35 or len(line) > 250:
        return False
    if line.rstrip().endswith(".") and not line.rstrip().endswith("..."):
        return False
    return line_category(line) is None


# --------------------------------------------------------------------------
# Whole-page classification


@dataclass
class PageLine:
    text: str  # whitespace-normalised, bullet mark removed
    indent: int = 0  # leading spaces in a text dump
    bullet: bool = False
    gap: bool = False  # a blank line stands between it and the line before
    drop: str | None = None  # furniture category, None while content


@dataclass
class CleanPage:
    title: str | None
    body: list[str]
    dates: list[DateHit] = field(default_factory=list)  # near the headline, in page order
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (line, category)


def split_lines(text: str, *, mode: Mode) -> list[PageLine]:
    """Page text into lines with their layout features."""
    out: list[PageLine] = []
    gap = False
    for raw in text.splitlines():
        expanded = raw.replace("\t", "    ").rstrip()
        if not expanded.strip():
            gap = True
            continue
        indent = len(expanded) - len(expanded.lstrip()) if mode == "text" else 0
        body = expanded.strip()
        bullet = bool(_BULLET.match(body))
        if bullet:
            body = _BULLET.sub("", body, count=1)
        body = normalise(body)
        if body:
            out.append(PageLine(body, indent, bullet, gap))
            gap = False
    return _unwrap(out) if mode == "text" else out


def _unwrap(lines: list[PageLine]) -> list[PageLine]:
    """Join hard-wrapped paragraphs of text dumps back into one line each: a
    long line that stops without final punctuation, followed by a line at the
    same indent that starts in lower case, is one paragraph broken in two."""
    out: list[PageLine] = []
    for p in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not ends_like_sentence(prev.text)
            and len(prev.text) > 50
            and p.text[:1].islower()
            and p.indent == prev.indent
            and not p.bullet
            and not p.gap
        ):
            prev.text = f"{prev.text} {p.text}"
        else:
            out.append(p)
    return out


def _mark_repeats(lines: list[PageLine], title_key: str | None) -> None:
    """A line seen twice is a caption, a headline echo or a teaser: drop the
    copies. A real paragraph repeated (a standfirst echoed by the body) keeps
    its last copy, which sits in the body."""
    counts = Counter(fold(p.text) for p in lines)
    seen_last: dict[str, int] = {}
    for i, p in enumerate(lines):
        seen_last[fold(p.text)] = i
    for i, p in enumerate(lines):
        key = fold(p.text)
        if p.drop or counts[key] < 2 or key == title_key:
            continue
        neighbours = {fold(lines[j].text) for j in (i - 1, i + 1) if 0 <= j < len(lines)}
        if key in neighbours:
            p.drop = "repeated caption"  # the same text twice in a row: image alt text and caption
        elif not is_body_paragraph(p.text):
            p.drop = "repeated line"
        elif seen_last[key] != i:
            p.drop = "repeated paragraph"


def _mark_captions(lines: list[PageLine], title_key: str | None) -> None:
    """The line just above a photo credit is its caption."""
    for i, p in enumerate(lines):
        if p.drop not in ("credit", "caption") or i == 0:
            continue
        # Only a credit standing alone names a photo above it; a lone agency
        # name ("Reuters") is the story's source, and a caption that carries
        # its own credit has no second caption.
        if not is_credit(p.text):
            continue
        prev = lines[i - 1]
        if prev.drop is None and fold(prev.text) != title_key and len(words(prev.text)) <= 60:
            prev.drop = "caption"


def _mark_story_lists(lines: list[PageLine], *, mode: Mode) -> None:
    """Lists of other stories. After a list header, headline-shaped lines are
    links until prose resumes. When no prose follows the header at all, the
    rest of the page is such lists and widgets, so all of it goes."""

    def is_prose(p: PageLine) -> bool:
        # Indented or bulleted lines of a text dump belong to a list.
        return p.drop is None and is_body_paragraph(p.text) and not (mode == "text" and (p.indent or p.bullet))

    for i, p in enumerate(lines):
        if p.drop != "list header" and not (p.drop == "call to action" and list_header_like(p.text)):
            continue
        rest = lines[i + 1 :]
        prose_after = sum(is_prose(q) for q in rest)
        if prose_after < 2:
            for q in rest:
                q.drop = q.drop or "after list of other stories"
            return
        for q in rest:
            if is_prose(q):
                break
            if q.drop is None and len(words(q.text)) <= 25:
                q.drop = "link to other story"


def list_header_like(line: str) -> bool:
    low = fold(line)
    return any(h in low for h in vocabulary().list_headers if " " in h)


def _mark_bullet_runs(lines: list[PageLine]) -> None:
    """A run of bulleted headline-shaped lines that touches furniture
    (a widget, a list header, an advert) is a block of links to other stories."""
    i = 0
    while i < len(lines):
        if not lines[i].bullet:
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].bullet:
            j += 1
        run = lines[i:j]
        touches = any(
            0 <= k < len(lines) and lines[k].drop not in (None, "headline")
            for k in (i - 1, j)
        ) or any(p.drop not in (None, "headline") for p in run)
        if touches:
            for p in run:
                # Headlines are short; long unpunctuated bullets are key points.
                if p.drop is None and not is_sentence(p.text) and len(words(p.text)) <= 20:
                    p.drop = "link to other story"
        i = j


def _tail_links(lines: list[PageLine]) -> None:
    """A run of short headline-shaped lines after the last paragraph of prose
    is a list of other stories, even without a header."""
    last_prose = max((i for i, p in enumerate(lines) if p.drop is None and is_body_paragraph(p.text)), default=-1)
    if last_prose < 0:
        return
    tail = [p for p in lines[last_prose + 1 :] if p.drop is None]
    headline_shaped = [p for p in tail if not is_sentence(p.text) and len(words(p.text)) <= 25]
    if len(headline_shaped) >= 2:
        for p in headline_shaped:
            p.drop = "link to other story"


def _pick_title(lines: list[PageLine], *, given: str | None) -> tuple[str | None, int]:
    """The headline and its index in the lines (-1 when not a line).

    A given title (from HTML metadata) wins unless it is furniture. Otherwise
    the headline is the first title-shaped line before the first paragraph of
    prose, in the first lines of the page: section labels and menus above it
    are shorter or are furniture.
    """
    if given:
        given = normalise(given)
        if given and line_category(given) not in ("single word", "widget", "list header", "site notice", "call to action", "navigation", "date"):
            key = fold(given)
            at = next((i for i, p in enumerate(lines) if fold(p.text) == key), -1)
            return given, at
    for i, p in enumerate(lines[:12]):
        if p.drop is None and is_body_paragraph(p.text):
            break
        if p.drop is None and not p.bullet and is_title_like(p.text):
            return p.text, i
    return None, -1


def classify_page(text: str, *, mode: Mode, title: str | None = None) -> CleanPage:
    """Split page text into headline, body paragraphs and stated dates."""
    lines = split_lines(text, mode=mode)
    all_caps_page = bool(lines) and sum(caps_ratio(p.text) > 0.8 for p in lines) > len(lines) / 2

    for p in lines:
        p.drop = line_category(p.text)
        if p.drop == "shouted label" and all_caps_page:
            p.drop = None  # a page typed in capitals: capitals mean nothing
        if p.drop is None and mode == "text" and p.bullet and not is_sentence(p.text) and len(words(p.text)) <= 8:
            p.drop = "bulleted label"  # "• Name Surname": a caption or menu entry

    head, head_at = _pick_title(lines, given=title)
    title_key = fold(head) if head else None

    # Dates: a date line in the head of the page (before the third paragraph
    # of prose), or one labelled as the publication date, is the page's date;
    # date lines further down (page-view dates after the article) are not.
    dates: list[DateHit] = []
    prose_seen = 0
    for p in lines:
        if p.drop is None and is_body_paragraph(p.text):
            prose_seen += 1
        if p.drop in ("date", "byline"):
            for hit in dates_in_line(p.text):
                if prose_seen < 3 or hit.label == "published":
                    dates.append(hit)

    _mark_repeats(lines, title_key)
    _mark_captions(lines, title_key)
    _mark_story_lists(lines, mode=mode)
    _mark_bullet_runs(lines)
    _tail_links(lines)

    if head_at >= 0:
        # Above the headline: menus and section labels, unless it is prose.
        for p in lines[:head_at]:
            if p.drop is None and not is_body_paragraph(p.text):
                p.drop = "above headline"
        lines[head_at].drop = "headline"
    # Echoes of the headline further down the page.
    if title_key:
        for p in lines:
            if p.drop is None and fold(p.text) == title_key:
                p.drop = "headline echo"

    body = [p.text for p in lines if p.drop is None]
    dropped = [(p.text, p.drop) for p in lines if p.drop is not None]
    return CleanPage(title=head, body=body, dates=dates, dropped=dropped)


def choose_published(hits: list[DateHit]) -> date | None:
    """The publication date among dates the page states: a labelled
    publication date first, then an unlabelled one, then an update date."""
    for label in ("published", "none", "updated"):
        for h in hits:
            if h.label == label:
                return h.value
    return None
