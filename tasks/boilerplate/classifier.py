"""Line classifier for page text: which lines are the article, which are furniture.

The strip stage hands this module the lines of a page (a text dump, or the
paragraphs trafilatura kept from an HTML page) and gets back the headline,
the body paragraphs and the publication dates the page states.

Everything here is a rule a reader can follow, and each rule is a mechanism
that makes a line furniture on any site, not a phrase of the pages seen so
far. A line is judged in three passes:

1. On its own (`line_category`): its shape (length, final punctuation,
   capitals, separators such as "|"), how much of it is function words (a
   sentence of an article is about a third function words; labels, names,
   credits and headlines have few), whether it is a date, whether it speaks to
   the reader ("you", imperatives, "please") or about the page itself
   ("originally published", "this article"), caption form (a picture as the
   subject, "(L)", a present-tense action dated in the past), and furniture
   vocabulary.
2. In its page (`classify_page`): its position (above the headline, after
   the end of the article's densest stretch of prose), repetition on the
   page, the company it keeps (lists of headline-shaped lines with or
   without a label, teasers after a list header, the line above a credit,
   short labels between paragraphs). In a text dump the headline is the
   title-shaped line that opens the article's head, wherever the page puts
   it (`_headline_above`).
3. A guard: a long well-formed sentence of the article (`is_article_sentence`)
   is never dropped for the company it keeps, only for what it is itself or
   for standing in the page's footer, well past the article's end; summary
   points under the headline ("- Beijing says ...") and the standfirst are
   article text; and a short line dropped for its shape alone between two
   paragraphs is the article's subheading.

Vocabulary lives in ``tasks/boilerplate/data/phrases.txt`` so it can be read
and extended without touching code. docs/STRIPPING.md describes the rules.
"""
from __future__ import annotations

import calendar
import re
import re._constants as _sre_constants
import re._parser as _sre_parse
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
    function_words: frozenset[str]
    site_words: frozenset[str]
    small_words: frozenset[str]
    prompt_patterns: tuple[re.Pattern[str], ...]
    notice_patterns: tuple[re.Pattern[str], ...]
    list_headers: frozenset[str]
    credit_markers: tuple[str, ...]
    role_words: frozenset[str]
    contribution_patterns: tuple[re.Pattern[str], ...]
    meta_patterns: tuple[re.Pattern[str], ...]
    media_labels: frozenset[str]


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


def _one_pattern(patterns: list[str]) -> tuple["AnchoredPattern", ...]:
    # One alternation is searched once per line instead of once per pattern.
    if not patterns:
        return ()
    return (AnchoredPattern(patterns),)


class AnchoredPattern:
    """Case-insensitive alternatives, each searched only in lines that hold
    one of its anchors: words it needs verbatim ("rights reserved", or one
    of "sponsored"/"promoted"). Most lines hold none, a third hold a common
    one ("here", "with"), and a long alternation is slow to search at every
    word of a line, so a line is searched only for the alternatives of the
    anchors it holds. Alternatives with no anchor are searched in every line."""

    def __init__(self, patterns: list[str]) -> None:
        always: list[str] = []
        by_anchor: dict[str, list[str]] = {}
        for pattern in patterns:
            needed = _anchors(pattern)
            if not needed:
                always.append(pattern)
            for anchor in needed or ():
                by_anchor.setdefault(anchor, []).append(pattern)
        self.anchored = {anchor: _union(by_anchor[anchor]) for anchor in sorted(by_anchor)}
        self.always = _union(always)

    def search(self, text: str) -> re.Match[str] | None:
        """A match of one of the alternatives (which one is not defined)."""
        found = self.always.search(text) if self.always else None
        if found is None and self.anchored:
            low = text.lower()
            for anchor, alternatives in self.anchored.items():
                if anchor in low:
                    found = alternatives.search(text)
                    if found is not None:
                        break
        return found


def _union(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def _anchors(pattern: str) -> set[str] | None:
    """Words one of which the pattern needs verbatim, lower-cased: its longest
    run of plain letters at the top level, or the words of a top-level group
    of plain alternatives ("(sponsored|promoted)"); None when no such word
    has three letters or more."""
    try:
        parsed = _sre_parse.parse(pattern, re.IGNORECASE)
    except re.error:
        return None
    candidates: list[set[str]] = []
    run = ""
    for op, value in parsed:
        if op == _sre_constants.LITERAL and (chr(value).isalpha() or chr(value) in " '-"):
            run += chr(value).lower()
            continue
        candidates.append({run.strip()})
        run = ""
        if op == _sre_constants.SUBPATTERN and len(value[-1]) == 1 and value[-1][0][0] == _sre_constants.BRANCH:
            words = {_plain(branch) for branch in value[-1][0][1][1]}
            if None not in words:
                candidates.append(words)
    candidates.append({run.strip()})
    usable = [c for c in candidates if min(sum(ch.isalpha() for ch in w) for w in c) >= 3]
    return max(usable, key=lambda c: min(len(w) for w in c)) if usable else None


def _plain(branch) -> str | None:
    """The text of an alternative made only of letters, or None."""
    if not all(op == _sre_constants.LITERAL and chr(v).isalpha() for op, v in branch):
        return None
    return "".join(chr(v) for _, v in branch).lower()


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    s = _read_sections(PHRASES_FILE)
    return Vocabulary(
        ui_words=frozenset(s.get("ui_words", [])),
        function_words=frozenset(s.get("function_words", [])),
        site_words=frozenset(s.get("site_words", [])),
        small_words=frozenset(s.get("small_words", [])),
        prompt_patterns=_one_pattern(s.get("prompt_patterns", [])),
        notice_patterns=_one_pattern(s.get("notice_patterns", [])),
        list_headers=frozenset(s.get("list_headers", [])),
        credit_markers=tuple(s.get("credit_markers", [])),
        role_words=frozenset(s.get("role_words", [])),
        contribution_patterns=_one_pattern(s.get("contribution_patterns", [])),
        meta_patterns=_one_pattern(s.get("meta_patterns", [])),
        media_labels=frozenset(s.get("media_labels", [])),
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
# A credit closing a caption after a dash, bar or slash: "... - File photo",
# "... | Photo: Agency", "... REUTERS/Jane Doe".
_CREDIT_TAIL = re.compile(
    r"\s[-\u2013\u2014|]\s*(?:file\s+)?(?:photo|picture|image|photograph)s?"
    r"(?:\s*(?:[:/]|by)\s*[\w .&@/'-]{1,40})?\.?\s*$",
    re.IGNORECASE,
)
_AGENCY_SLASH_TAIL = re.compile(r"\s[A-Z]{2,}(?:\s[A-Z]{2,})?/\s?[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+){0,3}\.?\s*$")
# A credit after a bar: "... | Jane Roe/Agency via Getty Images": capitalised
# names joined by a slash or "via", and nothing else, after the last bar.
_BAR_CREDIT_TAIL = re.compile(
    r"\s\|\s*[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)*\s*(?:/|\svia\s)\s*[A-Z][\w.'\u2019-]*"
    r"(?:\s+(?:via\s+)?[A-Z][\w.'\u2019-]*)*\s*$"
)
# A credit after a caption's last sentence: capitalised names and nothing
# else ("... an hour. AP", "... ground up. Supplied", "... AP Photo/Jane Roe").
_TRAILING_CREDIT = re.compile(
    r"(?<=[a-z0-9)\"'\u201d\u2019])[.!?]\s+[A-Z][\w.&'\u2019-]*(?:(?: ?/ ?| )[A-Z][\w.&'\u2019/-]*){0,4}(?<!\.)\s*$"
)
# An agency's photo credit closing a caption: "... AP Photo/Jane Roe".
_AGENCY_PHOTO_TAIL = re.compile(r"\b[A-Z]{2,6}\s+(?:Photos?|Images?|Pictures?)\s*/\s*[A-Z][\w.'\u2019 -]{1,40}$")
# A gallery's counter: "5 of 12", "3/10"; a page history's "Version 2 of 5".
_COUNTER = re.compile(r"^(?:(?:version|revision|page|photo|image|slide)\s+)?\d{1,3}\s*(?:of|/)\s*\d{1,3}\b\W*$", re.IGNORECASE)
# A periodical's issue: "Vol. 12, Issue 3", "Issue 245".
_ISSUE_LABEL = re.compile(r"\b(?:issue|vol\.?|volume)\s*#?\s*\d+\b", re.IGNORECASE)
_BIO = re.compile(
    r"^[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){0,3}\s+is\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,4}"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|producer)\b"
)
# Reader-facing words: site notices talk to "you"; news paragraphs rarely do
# outside quotations.
_SPEAKS_TO_READER = re.compile(r"\b(you|your|you're|you've|our|please|here)\b|!|\u00a9", re.IGNORECASE)
# "US" in capitals is the country.
_FIRST_PLURAL = re.compile(r"\b(?:[Ww]e|[Oo]ur|us|[Ww]e're|[Ww]e've|[Pp]lease)\b")
_SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself|you're|you've|you'll|you'd)\b", re.IGNORECASE)
_HERE_IS = re.compile(r"^(here's|here is|here are)\b", re.IGNORECASE)
# Words of reported speech: a line that reports what someone said is the article's.
_REPORTING = re.compile(
    r"\b(said|says|say|told|tells|asked|asks|added|adds|according|stated|wrote|writes|quoted|explained|"
    r"noted|insisted|argued|warned|urged|claimed)\b",
    re.IGNORECASE,
)
_QUOTED_SPAN = re.compile(r"\u201c[^\u201d]*\u201d?|\"[^\"]*\"?|\u2018[^\u2019]*\u2019(?!\w)")
# Calls to action start with one of these verbs.
_CTA_VERBS = frozenset(
    "add read watch listen see get download follow subscribe sign click tap share join try "
    "check start summarize summarise install register log login continue view load show "
    "bookmark save print email copy support donate discover explore learn become rate comment reply submit "
    "scroll enlarge find send".split()
)
# Separators of breadcrumbs, topic labels and menus flattened into one line.
_SEPARATORS = re.compile(r"\s*(?:\||\u203a|\u00bb|\u2022|\u00b7|::|\s>\s|\s/\s)\s*")
_LABEL_KEY = re.compile(r"^([A-Za-z][\w'\u2019&-]*(?:\s+[A-Za-z][\w'\u2019&-]*){0,2})\s*:\s*(\S.*)$")
# A web form's field: a short label marked as required.
_FORM_FIELD = re.compile(r"^[\w' -]{1,40}\s*\*\s*$")
# Captions: where people stand in the picture ...
_POSITION_MARK = re.compile(
    r"\((?:(?:\d(?:st|nd|rd|th)|second|third)\s+(?:from\s+)?)?"
    r"(?:L|R|C|L-R|R-L|[Ll]eft|[Rr]ight|[Cc]ent(?:re|er)|[Ff]ront|[Bb]ack|[Tt]op|[Bb]ottom|[Pp]ictured|"
    r"[Ff]rom [Ll]eft|[Ff]rom [Rr]ight|[Cc]lockwise[\w ]*)\)"
)
# ... a picture as the subject of the line: "This handout picture released
# by X shows ...", "Image taken from video ...", "A photo shows ..." ...
_PICTURE = r"(?:photo|photograph|picture|image|frame|still|screengrab|screen grab|screenshot|video grab|handout)s?"
_PICTURE_SUBJECT = re.compile(
    rf"^(?:in\s+)?(?:this|these|the|a|an)?\s*(?:[\w-]+\s+){{0,3}}{_PICTURE}\b"
    rf"(?:\s+(?:[\w-]+\s+){{0,2}}?(?:taken|released|provided|obtained|distributed|made available|dated)\b"
    rf"|(?:(?!\b(?:was|were|is|are|has|had)\b)[^.]){{0,160}}?\b(?:shows|showing|depicts|depicting)\b)",
    re.IGNORECASE,
)
# ... or an action told in the present tense and dated in the past ("X meets Y
# in Beijing last year"), which is how agencies caption photos and news
# sentences never read.
_CAPTION_VERBS = (
    "meets|attends|speaks|arrives|gestures|waves|poses|looks|shakes|delivers|addresses|greets|listens|walks|"
    "sits|stands|holds|talks|chats|reacts|smiles|leaves|visits|inspects|signs|casts|votes|prays|salutes|"
    "reviews|hugs|embraces|points|enters|boards|lays|receives|presides|chairs|watches|celebrates|reads|"
    "takes|gives|displays|wears|kneels|lights|opens|rides|sings|plays"
)
# The verb follows a name: "... Wang Yi meets", never "The talks" or "a man walks".
# A clause that opens with a conjunction is the article's ("As Lesotho stands ...").
_NOT_A_NAME = r"(?!(?:As|When|While|If|Since|Because|After|Before|Although|Though|Until|Once|Where|Whether)\b)"
_PRESENT_ACTION = re.compile(
    rf"^{_NOT_A_NAME}(?:[A-Z][\w.'\u2019-]*\s+(?:(?:of|and|de|al|bin|van|von|der)\s+)?){{1,8}}(?<!The )(?<!A )(?<!An )"
    rf"(?:{_CAPTION_VERBS})\b"
)
# Verbs that tell what a person in a picture is doing, which news sentences
# have no reason to report in the present: a sentence with one of these
# after a name is a caption even without a date ("X gestures as he speaks").
_POSE_VERBS = (
    "gestures|poses|smiles|listens|looks on|shakes hands|salutes|hugs|embraces|kneels|applauds|laughs|gazes|"
    "is seen|are seen|speaks during|waves to|waves at|stands next to|stands beside|stands in front of|"
    "sits next to|sits beside"
)
# ("X stands by its position", "X attends the summit on Monday", "X arrives
# at the White House" are news: such verbs need a date to make a caption.)
_PRESENT_POSE = re.compile(
    rf"^{_NOT_A_NAME}(?:[A-Z][\w.'\u2019-]*\s+(?:(?:of|and|de|al|bin|van|von|der)\s+)?){{1,8}}(?<!The )(?<!A )(?<!An )"
    rf"(?:{_POSE_VERBS})\b"
)
_PAST_MARK = re.compile(
    r"\b(?:last\s+(?:year|month|week|weekend|night)|yesterday|earlier\s+this\s+(?:year|month|week)|"
    r"in\s+(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_PAST_FINITE = re.compile(r"\b(?:showed|depicted|was|were|had|has been|have been)\b", re.IGNORECASE)
# Pointing at the page itself.
_PAGE_DEIXIS = re.compile(r"\b(below|above|this (?:site|page|article|story|website|post))\b", re.IGNORECASE)
# Something on the page pointed at: "the video below", "See below", "this
# page" ("Support rose above 50%" points at nothing).
_POINTS_AT_PAGE = re.compile(
    r"\b(?:video|clip|links?|gallery|photos?|pictures?|form|box|button|comments?|thread|player|list|table|map|"
    r"chart|graphic|story|article|post|page)\s+(?:below|above)\b|^\S+\s+(?:below|above)\b"
    r"|\bthis (?:site|page|video|website)\b",
    re.IGNORECASE,
)
_SPEAKER_LABEL = re.compile(r"^(?:[A-Z][A-Z.'\u2019 -]{1,40}|Q|A):")
_SELF_REFERENCE = re.compile(r"\bthis (?:article|story|post|piece|page|content|item|entry)\b", re.IGNORECASE)
_ROLE_AS = re.compile(
    r"^As\s+(?:an?\s+|the\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,4}"
    r"(?:photographer|photojournalist|reporter|correspondent|editor|columnist|writer|journalist|producer|"
    r"videographer)\b",
    re.IGNORECASE,
)


def normalise(line: str) -> str:
    """Whitespace folded to single spaces, ends trimmed."""
    return re.sub(r"\s+", " ", line).strip()


# The line features below are asked of the same line by many rules: each
# is computed once per distinct line.
@lru_cache(maxsize=8192)
def fold(line: str) -> str:
    """Key for comparing lines: straight quotes, single spaces, lowercase."""
    return normalise(line.translate(_QUOTES)).lower()


def words(line: str) -> list[str]:
    return line.split()


@lru_cache(maxsize=8192)
def alpha_words(line: str) -> tuple[str, ...]:
    """Word tokens that contain letters (numbers and punctuation aside)."""
    return tuple(_WORD.findall(line))


def ends_like_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.rstrip()))


@lru_cache(maxsize=8192)
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


# Text of neighbouring elements run together by a scraper: "HomeNewsWorld",
# "PaperPlace an Ad", "3h agoWhy ...", "... stones'20:42". A word with two
# joins, a lower-case word joined to a capitalised one, or a clock time stuck
# to a word; names such as "TikTok" or "McDonald" have one join at most.
_TWO_JOINS = re.compile(r"[A-Z][a-z]+[A-Z][a-z]+[A-Z][a-z]")
_LOWER_JOIN = re.compile(r"(?<![\w'])[a-z]{3,}[A-Z][a-z]")
_GLUED_TIME = re.compile(r"[^\W\d_]['\u2019\"\u201d]?\d{1,2}:\d{2}\b")


def glued(line: str) -> bool:
    """The line is several page elements run together (menus, teasers)."""
    return bool(_TWO_JOINS.search(line) or _LOWER_JOIN.search(line) or _GLUED_TIME.search(line))


def is_body_paragraph(line: str) -> bool:
    """A line that reads as article prose: a sentence of some length."""
    return is_sentence(line) and len(words(line)) >= 8


def addresses_reader(line: str) -> bool:
    """Outside quotations and reported speech, the line says "you", "our",
    "please", "here" or shouts "!": the site talking to its reader."""
    rest = outside_quotes(line)
    return bool(_SPEAKS_TO_READER.search(rest)) and not _REPORTING.search(rest)


def function_share(line: str) -> float:
    """Share of the line's words that are function words (jusText's stopword
    density): about a third in prose, near nothing in labels and names."""
    ws = [w.lower().strip(".'\u2019-") for w in alpha_words(line)]
    if not ws:
        return 0.0
    fw = vocabulary().function_words
    return sum(w in fw for w in ws) / len(ws)


def lower_share(line: str) -> float:
    """Share of the line's words that start in lower case."""
    ws = alpha_words(line)
    return sum(w[0].islower() for w in ws) / len(ws) if ws else 0.0


def outside_quotes(line: str) -> str:
    """The line without the words inside quotation marks."""
    return _QUOTED_SPAN.sub(" ", line.translate(str.maketrans({"\u00a0": " "})))


def is_article_sentence(line: str, *, unpunctuated: bool = True) -> bool:
    """A long, well-formed sentence of running text. Such a line is kept
    whatever its neighbours are: only what it is itself (a caption, a notice)
    can make it furniture. `unpunctuated=False` for a page whose paragraphs
    keep their full stops: there a long line without one is a headline."""
    ws = alpha_words(line)
    if len(ws) < 10 or _TRUNCATED.search(line):
        return False
    if ends_like_sentence(line) or len(ws) >= 25:
        return lower_share(line) >= 0.4 and function_share(line) >= 0.2
    # A paragraph that lost its full stop still reads as prose: more function
    # words and lower-case words than any headline has.
    return unpunctuated and len(ws) >= 12 and lower_share(line) >= 0.5 and function_share(line) >= 0.25


def stops_kept(texts: list[str]) -> bool:
    """The page's paragraphs end with a full stop (or ? ! ...): of its lines
    of paragraph length (longer than headlines and captions run), most do,
    so its scraper kept them."""
    long = [t for t in texts if len(alpha_words(t)) >= 25]
    return len(long) >= 3 and sum(map(ends_like_sentence, long)) >= 0.6 * len(long)


def is_summary_point(line: str, mark: str = "-") -> bool:
    """A bulleted key point of the article: a clause of running text, not a
    headline (headlines are short and mostly capitalised or bare of
    function words). Dash bullets under a headline are how outlets write
    their key points, so a shorter clause will do for them."""
    ws = alpha_words(line)
    least = 6 if mark in ("-", "\u2013", "\u2014") else 10
    return (
        len(ws) >= least
        and not _TRUNCATED.search(line)
        and lower_share(line) >= 0.45
        and function_share(line) >= 0.15
    )


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
_DASHES = re.compile(r"\s[-\u2013\u2014]\s")
_ISSUE_DATE = re.compile(r"^\s*(?:%s)(?:\s*/\s*(?:%s))?\s+\d{4}\s*$|^\s*\d{4}\s*$" % ("|".join(_MONTH_NAMES), "|".join(_MONTH_NAMES)), re.IGNORECASE)
_D = r"\d{1,2}(?:st|nd|rd|th)?"
_Y = r"(?:19|20)\d{2}"
# Only dates that name the year: a dateline such as "MOSCOW, May 23" cannot
# give a publication date on its own.
# A scraper may glue a date to what stands beside it: a name before it
# ("Associated PressApril 28, 2023"), a clock time or a counter after it
# ("Apr 28 20232:23 PM", "2024-02-14T16:15:30Z").
_FULL_DATE = re.compile(
    # a word boundary, or a date glued to a word ("PostedMarch 3"): that case
    # test stays case-sensitive, else it holds between any two letters
    rf"(?:\b|(?-i:(?<=[a-z])(?=[A-Z])))"
    rf"(?:(?:{_M}\s+{_D}\s*,?\s+{_Y}|{_D}\s+(?:of\s+)?{_M}\s*,?\s+{_Y})(?:\b|(?=\d))"
    rf"|(?:{_Y}-\d{{2}}-\d{{2}}|{_Y}/\d{{2}}/\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]{_Y})(?:\b|(?=\d{{1,2}}:\d{{2}})|(?=T\d)))",
    re.IGNORECASE,
)


def _may_name_a_year(line: str) -> bool:
    """Every full date names its year, 19xx or 20xx; most lines hold neither
    digit pair, and need no search for a date."""
    return "19" in line or "20" in line


def has_full_date(line: str) -> bool:
    return _may_name_a_year(line) and _FULL_DATE.search(line) is not None


_NUMERIC_DATE = re.compile(rf"^(\d{{1,2}})[/.](\d{{1,2}})[/.]({_Y})$")
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


# Pages of a feed share their dates, and dateparser takes a millisecond each.
@lru_cache(maxsize=4096)
def _parse_date(text: str) -> date | None:
    numeric = _NUMERIC_DATE.match(text.strip())
    if numeric:
        return _day_month_year(*map(int, numeric.groups()))
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


def _day_month_year(first: int, second: int, year: int) -> date | None:
    """A date written in figures, read only when the order is plain: one of
    the two first numbers is over 12, so it is the day ("30/04/2024",
    "04/30/2024"); "04/05/2024" could be either and gives nothing."""
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first:
        day, month = second, first
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def dates_in_line(line: str) -> list[DateHit]:
    """Full dates (with a year) in the line, each with the label before it."""
    hits: list[DateHit] = []
    if not _may_name_a_year(line):
        return hits
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
    has_date = has_full_date(line) or bool(_RELATIVE.search(line))
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
    if _TRAILING_CREDIT.search(line) or _AGENCY_PHOTO_TAIL.search(line) or line.rstrip().endswith("("):
        return "caption"  # "... for about an hour. AP", "... in Guildhall Square (" cut before its credit
    if _FILE_PHOTO.match(line) or _CREDIT_TAIL.search(line) or _AGENCY_SLASH_TAIL.search(line) or (
        _BAR_CREDIT_TAIL.search(line)
    ):
        return "caption"
    return None


def is_label(line: str) -> bool:
    """Breadcrumbs, topic and tag labels: short pieces joined by separators
    ("Topic | Trade", "Home > World > Asia"), or a key of a word or two, a
    colon and a list of short names ("Tags: China, EU, Trade")."""
    if is_sentence(line) or len(words(line)) > 20:
        return False
    pieces = [x for x in _SEPARATORS.split(line) if x.strip()]
    if len(pieces) >= 2 and all(len(alpha_words(x)) <= 4 for x in pieces):
        return True
    # A masthead of dash-joined pieces, one of them the issue's date:
    # "Consular news – Embassy 18 – July/August 2009" (a headline with dashes
    # has two parts and no date piece).
    dashed = [x for x in _DASHES.split(line) if x.strip()]
    if len(dashed) >= 3 and all(len(alpha_words(x)) <= 4 for x in dashed) and any(_ISSUE_DATE.search(x) for x in dashed):
        return True
    m = _LABEL_KEY.match(line)
    if not m or _SPEAKER_LABEL.match(line):
        return False
    items = [x for x in re.split(r"\s*[,;]\s*", m.group(2)) if x.strip()]
    return (
        bool(items)
        and all(1 <= len(words(x)) <= 4 for x in items)
        and capitalised_share(m.group(2)) >= 0.8
        and function_share(m.group(2)) <= 0.2
    )


def caption_form(line: str) -> bool:
    """A photo caption without a credit: a picture as the subject ("This
    handout picture ... shows"), where people stand in it ("(L)", "(2nd R)"),
    or a named person's action told in the present tense and dated in the past
    ("X meets Y in Beijing last year", "X attends ..., Berlin, June 3, 2020")."""
    text = line.strip()
    if _OPEN_QUOTE.match(text) or len(words(text)) > 80:
        return False
    if _REPORTING.search(outside_quotes(text)):
        return False
    if _POSITION_MARK.search(text) and (
        present_action(_POSITION_MARK.sub(" ", text)) or re.search(_PICTURE, text, re.IGNORECASE) or not is_sentence(text)
    ):
        return True  # "Minister Alpha (R) shakes hands with ...": who stands where in the picture
    if _PICTURE_SUBJECT.search(text) and not _PAST_FINITE.search(text):
        return True  # "A photo released ... showed ..." is news about a photo, not its caption
    if text.endswith(".") and _PRESENT_POSE.search(_first_sentences(text, 1)[0]) and len(words(text)) <= 45:
        return True  # a headline may say "X attends ..." too, but without a full stop
    return any(
        _PRESENT_ACTION.search(sentence)
        and (_PAST_MARK.search(sentence) or re.search(rf"{_FULL_DATE.pattern}\W*$", sentence, re.IGNORECASE))
        for sentence in _first_sentences(text)
    )


def _first_sentences(text: str, n: int = 2) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=n)[:n]


def present_action(line: str) -> bool:
    """A named person's action told in the present tense, as captions do
    ("Russia's President Vladimir Putin attends a meeting ...")."""
    text = line.strip()
    if _OPEN_QUOTE.match(text) or _REPORTING.search(outside_quotes(text)):
        return False
    return any(_PRESENT_ACTION.search(sentence) for sentence in _first_sentences(text))


def reader_prompt(line: str) -> bool:
    """A prompt to the reader about the site itself: it speaks to "you"
    outside any quotation and names something to do on the page or with the
    site ("Share your thoughts in the comments below", "Listen on your
    podcast app", "If you value our reporting, support us"). Advice columns
    speak to the reader too, but about the world, not the page, so both
    conditions are needed."""
    text = line.strip()
    if _OPEN_QUOTE.match(text) or _SPEAKER_LABEL.match(text):
        return False
    rest = outside_quotes(text)
    if _REPORTING.search(rest) or not (_SECOND_PERSON.search(rest) or _HERE_IS.match(rest.strip())):
        return False
    return any(_is_site_word(w) for w in _content_words(rest))


def site_voice(line: str) -> bool:
    """The site speaking of itself ("we", "our", "please") about what is
    done on the site: "Please read our commenting policy first", "We use
    your sign-up to provide content". A news line that says "we" is a
    quotation or reported speech."""
    text = line.strip()
    if _OPEN_QUOTE.match(text) or _SPEAKER_LABEL.match(text):
        return False
    rest = outside_quotes(text)
    if _REPORTING.search(rest):
        return False
    if not _FIRST_PLURAL.search(rest):
        return False
    # Two site words: a news line may say "our platform" once, a notice
    # speaks of the site's own ("our commenting policy", "your sign-up ... content").
    return len({w for w in _content_words(rest) if _is_site_word(w)}) >= 2


def _is_site_word(word: str) -> bool:
    """The word, or the word without its commonest inflection, is site
    vocabulary ("commenting", "subscribers", "bookmarks")."""
    site = vocabulary().site_words
    if word in site:
        return True
    for suffix in ("ing", "ers", "er", "s"):  # not "-ed": "shared" reports, "share" asks
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and (base in site or base + "e" in site):
            return True
    return False


def meta_note(line: str) -> bool:
    """A note about the page itself: where it first ran, who syndicates it,
    that it is archived or old. A long sentence of the article that mentions
    such things ("the report, first published in 2019, said") stays unless it
    names this very page."""
    if _OPEN_QUOTE.match(line.strip()) or len(words(line)) > 45:
        return False
    if not any(p.search(line) for p in vocabulary().meta_patterns):
        return False
    return not is_article_sentence(line) or bool(_SELF_REFERENCE.search(line))


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
    if _COUNTER.match(text):
        return "no words"  # a gallery's "5 of 12"
    if n <= 10 and not sentence and _ISSUE_LABEL.search(text):
        return "label"  # "Vol. 12, Issue 3 | July 2009": the periodical's issue
    if n <= 12 and _LONG_NUMBER.search(text):
        return "technical"  # ids and tracking numbers leak from templates
    if n == 1 and not sentence and not quoted:
        return "single word"  # "Reuters", "Loading", "Trending"
    if _GLUED_NAV.match(text) and n <= 15:
        return "navigation"
    if _WRAPPED_IN_BRACKETS.match(text) or _TAG_AT_END.search(text):
        return "link to other story"  # "[ Other headline ]", "Headline [VIDEO]"
    if _TRUNCATED.search(text) and not is_sentence(_TRUNCATED.sub("", text)) and n <= 25 and not (
        is_article_sentence(_TRUNCATED.sub(".", text))
    ):
        return "link to other story"  # teaser titles cut with "...", not a paragraph the scraper cut
    if _TRUNCATED.search(text) and n <= 3:
        return "navigation"  # "Continue reading..."
    if is_date_line(text):
        return "date"
    if not sentence and n <= 30 and glued(text):
        return "link to other story"  # "3h agoFloods hit ...": elements run together, a menu or a teaser
    if n <= 6 and not sentence and _TEMPERATURE.search(text):
        return "weather"
    if "\u00a9" in text and n <= 40:
        return "copyright"
    if list_header(text):
        return "list header"
    if labelled_link(text):
        return "link to other story"
    if caption_credit(text):
        return "caption"
    if is_credit(text):
        return "credit"
    if _SOURCE_LINE.match(text) and n <= 12 and not sentence:
        return "source"
    if _BYLINE.match(text) and n <= 16 and not sentence:
        return "byline"
    if n <= 45 and any(p.search(text) for p in v.contribution_patterns):
        return "credit"
    if (_BIO.match(text) or _ROLE_AS.match(text)) and n <= 60:
        return "author bio"
    if n <= 45 and not quoted and _EMAIL.search(text):
        return "author bio"
    if not sentence and n <= 12 and any(w.lower() in v.role_words for w in alpha_words(text)):
        if capitalised_share(text) >= 0.8:
            return "byline"  # "Jane Doe, Moscow Correspondent"
    # A short date-bearing line that is not prose: "Name / Agency / Updated: <date>".
    if not sentence and n <= 15 and has_full_date(text) and len(date_residue(text)) <= 6:
        return "date"
    if not quoted and n <= 60 and any(p.search(text) for p in v.notice_patterns):
        return "site notice"
    if _FORM_FIELD.match(text) and n <= 6:
        return "form field"  # "Name *", "Email *"
    if is_label(text):
        return "label"
    if meta_note(text):
        return "page note"
    if caption_form(text):
        return "caption"
    if not quoted:
        first = ws[0].lower().strip("!?.,:;'\"")
        if first in _CTA_VERBS and n <= 12 and not text.rstrip().endswith("."):
            return "call to action"  # "Add a comment", "Download the app!", "Watch ..."
        if first in _CTA_VERBS and n <= 40 and _POINTS_AT_PAGE.search(text) and not _REPORTING.search(text):
            return "reader prompt"  # "Watch the video below as ...": an order about the page
        prompt = any(p.search(text) for p in v.prompt_patterns)
        if prompt and first in _CTA_VERBS and ws[0][:1].isupper() and n <= 30:
            return "site notice"  # an order to the reader about the site: "Sign up for ... ."
        if prompt and n <= 15 and _PAGE_DEIXIS.search(text) and not _REPORTING.search(text):
            return "site notice"  # points at the page: "The comments below are not moderated."
        if prompt:
            # A short label, or a notice that speaks to the reader; a news
            # sentence that merely mentions a newsletter or an app stays.
            if (n <= 12 and not sentence) or (n <= 60 and addresses_reader(text)):
                return "site notice"
        if n <= 30 and reader_prompt(text):
            return "reader prompt"  # "Here's a rare look at ...", "If you value our reporting ..."
        if n <= 25 and site_voice(text):
            return "site notice"  # "Please read our commenting policy first."
    if (n <= 8 or not sentence) and ui_share(text) == 1.0:
        return "widget"  # every content word is widget vocabulary
    if n <= 8 and ui_share(text) >= 0.5 and not sentence and not quoted and not ends_like_sentence(text):
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


# Categories that come from a line's company or place on the page, not from
# the line itself: a long sentence of the article is kept whatever these say.
_BY_COMPANY = frozenset({
    "after list of other stories", "listed headline", "above headline", "label", "caption above credit", "menu",
    "short label",
})
# Drops that rest on a line's shape or company alone; a line so dropped that
# stands between two paragraphs of the article is its subheading.
_SHAPE_ONLY = frozenset({"short label", "shouted label", "listed headline", "menu"})
# Furniture lines whose dates may be the page's own.
_DATED_FURNITURE = frozenset({
    "date", "byline", "credit", "label", "widget", "technical", "no words", "source", "single word", "shouted label",
    "link to other story",
})
# Evidence from capitals alone, void on a page typed in capitals.
_WEAK_IN_CAPITALS = frozenset({"shouted label"})
# In HTML, trafilatura's choice from the markup outweighs these: in the
# article body, a line in capitals is a subheading.
_TRUSTED_TO_MARKUP = frozenset({"shouted label"})


@dataclass
class PageLine:
    text: str  # whitespace-normalised, bullet mark removed
    indent: int = 0  # leading spaces in a text dump
    bullet: bool = False
    gap: bool = False  # a blank line stands between it and the line before
    drop: str | None = None  # furniture category, None while content
    mark: str = ""  # the bullet mark as written ("-", "\u2022"), put back on kept lines
    point: bool = False  # a bulleted key point of the article: never furniture by company
    guarded: bool = False  # a sentence of the article (is_article_sentence): kept whatever its company

    @property
    def shown(self) -> str:
        """The line as it goes into the clean text, with its bullet mark."""
        return f"{self.mark} {self.text}" if self.mark else self.text


@dataclass
class CleanPage:
    title: str | None
    body: list[str]
    dates: list[DateHit] = field(default_factory=list)  # near the headline, in page order
    head_dates: list[DateHit] = field(default_factory=list)  # between the headline and the first paragraph
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
        found = _BULLET.match(body)
        mark = found.group(0).strip() if found else ""
        if found:
            body = body[found.end():]
        body = normalise(body)
        if body:
            out.append(PageLine(body, indent, bool(found), gap, mark=mark))
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


def _mark_repeats(lines: list[PageLine], title_key: str | None, *, mode: Mode) -> None:
    """A line seen twice is a caption, a headline echo or a teaser: drop the
    copies. A real paragraph repeated (a standfirst echoed by the body) keeps
    its last copy, which sits in the body; in HTML every copy stays, since
    trafilatura found each in the article's own markup (a live page's summary
    and its posts)."""
    counts = Counter(fold(p.text) for p in lines)
    seen_last: dict[str, int] = {}
    seen_first: dict[str, int] = {}
    for i, p in enumerate(lines):
        seen_last[fold(p.text)] = i
        seen_first.setdefault(fold(p.text), i)
    start = _article_start(lines) if mode == "text" else -1
    for i, p in enumerate(lines):
        key = fold(p.text)
        if p.drop or counts[key] < 2 or key == title_key:
            continue
        if mode == "text" and seen_first[key] == i and i <= start and _heads_prose(lines, i, len(lines)):
            continue  # a headline repeated in share buttons or lists: its first copy heads the article
        neighbours = {fold(lines[j].text) for j in (i - 1, i + 1) if 0 <= j < len(lines)}
        if key in neighbours:
            p.drop = "repeated caption"  # the same text twice in a row: image alt text and caption
        elif not is_body_paragraph(p.text):
            p.drop = "repeated line"
        elif seen_last[key] != i and mode == "text":
            p.drop = "repeated paragraph"


def _mark_captions(lines: list[PageLine], title_key: str | None) -> None:
    """The line just above a photo credit is its caption."""
    for i, p in enumerate(lines):
        if p.drop not in ("credit", "caption") or i == 0:
            continue
        # Only a credit standing alone names a photo above it; a lone agency
        # name ("Reuters") is the story's source, and a caption that carries
        # its own credit has no second caption.
        prev = lines[i - 1]
        if not is_credit(p.text):
            # A caption of two lines: a line in the present tense with no
            # stop just above a caption that carries the credit.
            if (p.drop == "caption" and prev.drop is None and fold(prev.text) != title_key
                    and not ends_like_sentence(prev.text) and present_action(prev.text)):
                prev.drop = "caption"
            continue
        if prev.drop is None and fold(prev.text) != title_key and len(words(prev.text)) <= 60:
            # Told in the present tense, it is a caption for sure; any other
            # long sentence of the article stays (the guard below).
            prev.drop = "caption" if present_action(prev.text) else "caption above credit"


def _mark_story_lists(lines: list[PageLine], *, mode: Mode) -> None:
    """Lists of other stories. After a list header, headline-shaped lines are
    links until prose resumes. When no prose follows the header at all, the
    rest of the page is such lists and widgets, so all of it goes."""

    def is_prose(p: PageLine) -> bool:
        # Indented or bulleted lines of a text dump belong to a list.
        return p.drop is None and is_body_paragraph(p.text) and not (mode == "text" and in_list(p))

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
                q.drop = "listed headline"
        if mode == "text":
            _mark_teasers(rest)


# Lines already known to point at other stories.
_LINK_LIKE = frozenset({
    "listed headline", "link to other story", "repeated line", "after list of other stories", "headline echo",
})
# A teaser's summary is a sentence or two; an article's paragraph may be longer.
TEASER_WORDS = 60


def _mark_teasers(rest: list[PageLine]) -> None:
    """Teasers after a list header: other stories' headlines, each with a
    sentence or two of summary. Read as a sequence of headlines (H), prose
    (P) and other furniture (skipped), the list runs until two paragraphs of
    prose follow each other, where the article resumes (the headline-shaped
    line just before them is its subheading). Inside the list, a paragraph
    right after a headline is that headline's summary; at least two such
    pairs make a list of teasers, and only then are the summaries dropped,
    so that one paragraph after a few links is never lost."""

    def headline_like(p: PageLine) -> bool:
        if p.drop in _LINK_LIKE:
            return True
        return p.drop is None and not is_body_paragraph(p.text) and 3 <= len(alpha_words(p.text)) <= 25

    sequence = [
        (p, "P" if _is_prose(p) else "H")
        for p in rest
        if _is_prose(p) or headline_like(p)
    ]
    end = len(sequence)
    for k in range(len(sequence) - 1):
        if sequence[k][1] == "P" and sequence[k + 1][1] == "P":
            end = k - 1 if k > 0 and sequence[k - 1][1] == "H" else k  # keep its subheading
            break
    pairs = [
        (sequence[k - 1][0], p) for k, (p, kind) in enumerate(sequence[:end])
        if kind == "P" and k > 0 and sequence[k - 1][1] == "H" and len(words(p.text)) <= TEASER_WORDS
    ]
    if len(pairs) >= 2:
        for headline, summary in pairs:
            headline.drop = headline.drop or "listed headline"
            summary.drop = "teaser"


def in_list(p: PageLine) -> bool:
    """Set off as an item of a list in a text dump: indented or bulleted."""
    return bool(p.indent or (p.bullet and not p.point))


def _mark_headline_runs(lines: list[PageLine], title_at: int) -> None:
    """Headlines of other stories listed without a label: two or more
    headline-shaped lines in a row below the headline (furniture already
    known between them, such as their dates, does not break the row); and
    menus: three or more short capitalised lines in a row. An article's own
    subheading stands alone, followed by its paragraph."""

    def headline_shaped(p: PageLine) -> bool:
        n = len(alpha_words(p.text))
        return (
            3 <= n <= 25
            and not is_sentence(p.text)
            and not p.guarded
            and not p.text.rstrip().endswith((":", ","))
            and not _OPEN_QUOTE.match(p.text)
        )

    def menu_item(p: PageLine) -> bool:
        n = len(alpha_words(p.text))
        return 1 <= n <= 4 and not ends_like_sentence(p.text) and capitalised_share(p.text) >= 0.8

    # Without a known headline, start after the first paragraph, so that a
    # headline and its standfirst are never taken for a list.
    first_prose = next((k for k, p in enumerate(lines) if p.drop is None and p.guarded), len(lines))
    start = title_at + 1 if title_at >= 0 else first_prose + 1
    open_lines = [p for p in lines[start:] if p.drop is None and not p.point]
    for shaped, least, category in ((headline_shaped, 2, "listed headline"), (menu_item, 3, "menu")):
        i = 0
        while i < len(open_lines):
            j = i
            while j < len(open_lines) and open_lines[j].drop is None and shaped(open_lines[j]):
                j += 1
            if j - i >= least:
                for p in open_lines[i:j]:
                    p.drop = category
            i = max(j, i + 1)


# A standfirst is a sentence long; a byline or a section label is shorter.
STANDFIRST_WORDS = 8


def _guard_standfirst(lines: list[PageLine], title_at: int) -> None:
    """The first line of some length under the headline, before any
    paragraph, is the standfirst: the article's own summary, kept like its
    paragraphs even when it lacks a full stop and looks like a headline."""
    if title_at < 0:
        return
    for p in lines[title_at + 1 :]:
        if p.drop is not None:
            continue
        if len(alpha_words(p.text)) >= STANDFIRST_WORDS and not in_list(p):
            p.guarded = True
        return


def _mark_head_zone(lines: list[PageLine], title_at: int) -> None:
    """Between the headline and the first paragraph sit bylines, dates,
    reading times, section names and share buttons; the article's own text
    there is a standfirst or key points, which are longer. Short lines
    without a full stop in that zone are furniture."""
    if title_at < 0:
        return
    for p in lines[title_at + 1 :]:
        if p.drop is None and (p.guarded or p.point):
            return
        if p.drop is None and len(alpha_words(p.text)) <= 6 and not ends_like_sentence(p.text):
            p.drop = "label"


def _mark_short_labels(lines: list[PageLine], title_key: str | None) -> None:
    """Short lines with no function word at all and no sentence form: section
    and topic labels, desk names, outlet names, button captions ("Support
    Example", "World News Desk"). Prose and real subheadings carry function
    words ("Talks in Geneva")."""
    for p in lines:
        if p.drop is not None or p.point or fold(p.text) == title_key:
            continue
        ws = alpha_words(p.text)
        if 1 <= len(ws) <= 5 and not ends_like_sentence(p.text) and function_share(p.text) == 0.0:
            p.drop = "short label"


def labelled_link(line: str) -> bool:
    """A link to another story behind a list label on the same line:
    "Read more: <headline>", "ALSO READ - <headline>"."""
    m = re.match(r"^(.{2,40}?)(?:\s*:\s*|\s+[|\u2013\u2014-]\s+)(\S.*)$", line)
    if not m or len(words(line)) > 30:
        return False
    return list_header(m.group(1)) or fold(m.group(1)).strip() in vocabulary().media_labels


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
                    p.drop = "listed headline"
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
            p.drop = "listed headline"


def _pick_title(lines: list[PageLine], *, given: str | None, mode: Mode = "html") -> tuple[str | None, int]:
    """The headline and its index in the lines (-1 when not a line).

    A given title (from HTML metadata) wins unless it is furniture. In a text
    dump the headline is the title-shaped line nearest above the start of
    the article (`_article_start`): a whole page's dump puts menus, section
    fronts and other stories' headlines above it, and bylines, dates and
    share buttons between it and the first paragraph. Otherwise (trafilatura's
    text) it is the first title-shaped line before the first paragraph.
    """
    if given:
        given = normalise(given)
        if given and line_category(given) not in ("single word", "widget", "list header", "site notice", "call to action", "navigation", "date"):
            key = fold(given)
            at = next((i for i, p in enumerate(lines) if fold(p.text) == key), -1)
            return given, at
    if mode == "text":
        at = _headline_above(lines, _article_start(lines))
        return (lines[at].text, at) if at >= 0 else (None, -1)
    for i, p in enumerate(lines[:12]):
        if p.drop is None and is_body_paragraph(p.text):
            break
        if p.drop is None and not p.bullet and is_title_like(p.text):
            return p.text, i
    return None, -1


# What a line that is not prose costs a stretch of article, in words of prose:
# a byline or a caption inside the article costs little against its
# paragraphs, a page's header of menus costs more than any notice among them.
GAP_COST = 5
# How far above the article's first paragraph its headline may sit, in lines
# (bylines, dates, share buttons, a picture and its caption come between).
HEADLINE_REACH = 40


def _is_prose(p: PageLine) -> bool:
    return p.drop is None and is_body_paragraph(p.text)


def _article_span(lines: list[PageLine]) -> tuple[int, int]:
    """First and last line of the page's densest stretch of prose: prose
    lines count their words, every other line costs GAP_COST (the
    longest-run idea of body-text extraction, on lines instead of tags).
    Of two ends that score alike, the later one: a closing line of the
    article costs nothing to keep."""
    best = current = 0
    best_start = best_end = current_start = -1
    for i, p in enumerate(lines):
        prose = p.drop is None and _weighs_as_prose(p, cut_short=False)
        weight = len(words(p.text)) if prose else -GAP_COST
        if prose and _LONE_QUESTION.search(p.text) and len(words(p.text)) < 25:
            weight = 0  # a question or an exclamation alone is as often another story's headline
        if current <= 0:
            if weight <= 0:
                continue
            current, current_start = 0, i
        current += weight
        if current > best or (current == best and current_start == best_start):
            best, best_start, best_end = current, current_start, i
    return best_start, best_end


# A line that ends in ? or ! and holds no other sentence.
_LONE_QUESTION = re.compile(r"^[^.!?]*[?!][\"'\u201d\u2019)]*$")


def _weighs_as_prose(p: PageLine, *, cut_short: bool = True) -> bool:
    """Any sentence counts towards the article's stretch, a short closing one
    ("He declined to comment.") and one that opens a quotation or a list
    ("Here is the full statement:") too; with `cut_short`, so does a
    paragraph cut short without its full stop even on a page whose other
    paragraphs keep theirs (there it reads like another story's headline)."""
    if p.guarded or is_sentence(p.text) or (cut_short and is_article_sentence(p.text)):
        return True
    if ends_like_sentence(p.text) and len(alpha_words(p.text)) >= 2 and lower_share(p.text) > 0:
        return True  # "Negotiations continue."
    return p.text.rstrip().endswith(":") and len(alpha_words(p.text)) >= 4 and lower_share(p.text) >= 0.5


def _article_start(lines: list[PageLine]) -> int:
    return _article_span(lines)[0]


# A sentence after the article's end is the footer's only when at least this
# much furniture stands between them (share buttons, tags, a list header): a
# closing sentence after an advertisement stays.
FOOTER_GAP = 5


def _mark_after_article(lines: list[PageLine]) -> None:
    """What follows the end of the article's stretch of prose (`_article_span`)
    is the page's footer: other stories with their summaries, reader
    comments, subscription offers, the outlet's notes about itself. Prose
    there is outweighed by the furniture before it."""
    _, end = _article_span(lines)
    if end < 0:
        return
    between = 0  # furniture lines between the article's end and this line
    for p in lines[end + 1 :]:
        if p.drop is not None:
            between += 1
        elif not p.point and (between >= FOOTER_GAP or not _weighs_as_prose(p)):
            p.drop = "after the article"


# Around a headline: what sits right above it (section labels, menus, a
# date line), and the page furniture that follows it before the article.
_ABOVE_HEADLINE = frozenset({
    "single word", "widget", "label", "menu", "shouted label", "no words", "call to action", "navigation", "date",
})
_HEAD_ZONE = frozenset({"date", "byline", "author bio", "source", "technical"})


def _headline_above(lines: list[PageLine], start: int) -> int:
    """The headline of an article whose prose starts at `start`, among the
    title-shaped lines above it. A whole page's dump has several: other
    stories' headlines in menus, a caption, a byline. The headline is the
    one that opens the article's head: points for what follows it past share
    buttons, labels and pictures (its standfirst, a sentence long, counts
    most; a byline or date line, or the first paragraph itself) and for what precedes it (the top of the page, a
    section label, a menu or another short line, but not a list header,
    whose first item it would be), less a little for each line of distance,
    so that of two alike the one nearer the article wins."""
    if start < 0:
        start = len(lines)

    def candidate(p: PageLine) -> bool:
        return p.drop is None and not p.bullet and is_title_like(p.text) and not glued(p.text)

    best, best_at = float("-inf"), -1
    # The first line of prose itself may be the headline: a question ends
    # like a sentence. With nothing title-shaped within reach (a paywall's
    # block between the first paragraph and the rest), the whole page above.
    reach = range(max(0, start - HEADLINE_REACH), min(start + 1, len(lines)))
    if not any(candidate(lines[i]) for i in reach):
        reach = range(0, min(start + 1, len(lines)))
    for i in reach:
        if not candidate(lines[i]):
            continue
        # What follows it, past share buttons, labels and pictures.
        at = next((j for j in range(i + 1, min(start + 1, len(lines))) if lines[j].drop in _HEAD_ZONE | {None}), None)
        after = lines[at] if at is not None else None
        before = lines[i - 1] if i > 0 else None
        score = -(start - i) / HEADLINE_REACH
        if at == i + 1 and candidate(after) and at < start:
            score += 3 if len(alpha_words(after.text)) >= STANDFIRST_WORDS else 2  # its standfirst, or a kicker
        elif i == start or (after is not None and (after.drop in _HEAD_ZONE or at == start or _is_prose(after))):
            score += 2  # a byline or date line, or the article's first paragraph
        if before is not None and before.drop == "list header":
            score -= 1  # the first item of a list of other stories
        elif before is None or before.drop in _ABOVE_HEADLINE or len(words(before.text)) <= 5:
            score += 1
        if score >= best:
            best, best_at = score, i
    return best_at


def _keep_subheadings(lines: list[PageLine]) -> None:
    """A short line dropped for its shape alone (capitals, no function word,
    a run of headline-shaped lines, a few widget words) that stands between
    two paragraphs of the article is the article's subheading ("Palestinians
    react", "WATER WOES", "WHAT'S NEXT"). What a line is by its words (a
    button, a prompt, a credit, a link's glued text, nothing but widget
    words) still decides, and a headline with its attribution ("..., says
    minister") is another story's, and a line of capitalised words a name
    under a photo. A caption, a credit or a button may stand between the
    subheading and its paragraphs."""
    for i in range(1, len(lines) - 1):
        p = lines[i]
        if p.bullet or glued(p.text) or not (p.drop in _SHAPE_ONLY or (p.drop == "widget" and ui_share(p.text) < 1.0)):
            continue
        ws = words(p.text)
        if not 1 <= len(ws) <= SUBHEADING_WORDS or (p.text.rstrip().endswith(".") and not _TRUNCATED.search(p.text)):
            continue
        if ws[0].lower().strip("'\"\u2018\u201c") in _CTA_VERBS:
            continue  # "Support Example News": the site asking, not a heading
        if _ATTRIBUTION.search(p.text):
            continue  # "Talks to go on, says minister": another story's headline
        if capitalised_share(p.text) == 1.0 and caps_ratio(p.text) < 0.8:
            continue  # "Jane Doe, 64", "Former Minister Jane Doe": a name under a photo
        if _paragraph_near(lines, i, -1) and _paragraph_near(lines, i, 1):
            p.drop = None


def _paragraph_near(lines: list[PageLine], i: int, step: int) -> bool:
    """The article's prose next to line i, or past one line of furniture
    that sits among paragraphs (a caption, a button)."""
    j = i + step
    if 0 <= j < len(lines) and lines[j].drop in _BETWEEN_PARAGRAPHS:
        j += step
    if not 0 <= j < len(lines):
        return False
    q = lines[j]
    return q.drop is None and (is_body_paragraph(q.text) or (step < 0 and _weighs_as_prose(q)))


# Furniture that sits between an article's paragraphs by what it is.
_BETWEEN_PARAGRAPHS = frozenset({
    "caption", "credit", "repeated caption", "caption above credit", "single word", "site notice", "call to action",
    "widget", "no words",
})
# A headline's attribution: "..., says minister", "... - FM tells parliament".
_ATTRIBUTION = re.compile(
    r"(?:[,:\u2013\u2014]|\s-)\s*(?:[\w.'\u2019-]+\s+){0,4}(?:says|said|warns|tells|claims|insists)\b"
    r"|\b(?:says|said)\s+(?:[\w.'\u2019-]+\s*){1,4}$",
    re.IGNORECASE,
)


# A subheading is a phrase; other stories' headlines run longer.
SUBHEADING_WORDS = 8


def _mark_links(lines: list[PageLine], links: set[str]) -> None:
    """Lines that are wholly the text of one of the page's links (HTML only):
    related stories and sign-up offers that sit among the paragraphs."""
    for p in lines:
        if p.drop is None and fold(p.text) in links:
            p.drop = "link"


def classify_page(text: str, *, mode: Mode, title: str | None = None, links: set[str] | None = None) -> CleanPage:
    """Split page text into headline, body paragraphs and stated dates.
    `links` are the folded texts of an HTML page's links (see `_mark_links`)."""
    lines = split_lines(text, mode=mode)
    all_caps_page = bool(lines) and sum(caps_ratio(p.text) > 0.8 for p in lines) > len(lines) / 2
    listing = False

    for p in lines:
        p.drop = line_category(p.text)
        if p.drop in _WEAK_IN_CAPITALS and all_caps_page:
            p.drop = None  # a page typed in capitals: capitals mean nothing
        if p.drop in _TRUSTED_TO_MARKUP and mode == "html":
            p.drop = None  # trafilatura placed it in the article from the page's markup
        if p.drop == "list header":
            listing = True  # bullets from here on are items of a list of other stories
        if p.bullet and p.drop is None and not listing and is_summary_point(p.text, p.mark):
            p.point = True  # "- Beijing says it will ...": a key point of the article
        if p.drop is None and mode == "text" and p.bullet and not is_sentence(p.text) and len(words(p.text)) <= 8:
            p.drop = "bulleted label"  # "• Name Surname": a caption or menu entry

    unpunctuated = mode == "html" or not stops_kept([p.text for p in lines if p.drop is None])
    for p in lines:
        p.guarded = is_article_sentence(p.text, unpunctuated=unpunctuated)

    head, head_at = _pick_title(lines, given=title, mode=mode)
    title_key = fold(head) if head else None
    if mode == "text":
        _guard_standfirst(lines, head_at)

    # Dates: a date line in the head of the page (before the third paragraph
    # of prose), or one labelled as the publication date, is the page's date;
    # date lines further down (page-view dates after the article) are not.
    # The date may share its line with a byline, a credit or labels
    # ("Jane Doe · Example News · Posted: Aug 08, 2024"); a caption's date is
    # the picture's, a paragraph's is the news'.
    dates: list[DateHit] = []
    prose_seen = 0
    for p in lines:
        if p.drop is None and is_body_paragraph(p.text):
            prose_seen += 1
        if p.drop in _DATED_FURNITURE or (p.drop is None and not is_body_paragraph(p.text)):
            for hit in dates_in_line(p.text):
                if prose_seen < 3 or hit.label == "published":
                    dates.append(hit)

    _mark_repeats(lines, title_key, mode=mode)
    _mark_captions(lines, title_key)
    _mark_story_lists(lines, mode=mode)
    _mark_bullet_runs(lines)
    if links:
        _mark_links(lines, links)
    if mode == "text":
        # In HTML the page's markup already told trafilatura where the
        # article is; these shape-only rules would cost its subheadings.
        _mark_headline_runs(lines, head_at)
        _mark_head_zone(lines, head_at)
        _mark_short_labels(lines, title_key)
    _tail_links(lines)

    if head_at >= 0:
        # Above the headline: menus and section labels, unless it is prose,
        # or a title-shaped line right over it, which may be the headline
        # itself over its standfirst.
        for k, p in enumerate(lines[:head_at]):
            if p.drop is None and not is_body_paragraph(p.text):
                # A title-shaped line right over it may be the real
                # headline over its standfirst.
                near = k >= head_at - 2 and is_title_like(p.text) and not glued(p.text)
                if mode == "text" and (near or _heads_prose(lines, k, head_at)):
                    continue
                p.drop = "above headline"
        lines[head_at].drop = "headline"
    # Echoes of the headline further down the page.
    if title_key:
        for p in lines:
            if p.drop is None and fold(p.text) == title_key:
                p.drop = "headline echo"

    # The guard: what a line is decides, never only the company it keeps.
    for p in lines:
        if p.drop in _BY_COMPANY and (p.point or (p.guarded and not (mode == "text" and in_list(p)))):
            p.drop = None

    if mode == "text":
        _keep_subheadings(lines)
        _mark_after_article(lines)

    body = [p.shown for p in lines if p.drop is None]
    dropped = [(p.shown, p.drop) for p in lines if p.drop is not None]
    return CleanPage(title=head, body=body, dates=dates, head_dates=_dates_under_headline(lines, head_at), dropped=dropped)


def _heads_prose(lines: list[PageLine], k: int, until: int) -> bool:
    """A title-shaped line over prose of its own, a line or two below (before
    `until`): it may be the page's real headline where another line was
    chosen (a page whose article is split by a block of furniture). Kept: a
    headline lost is worse than a menu line kept."""
    p = lines[k]
    if not is_title_like(p.text) or glued(p.text):
        return False
    below = [q for q in lines[k + 1 : until] if q.drop is None][:2]
    return any(is_body_paragraph(q.text) for q in below)


def _dates_under_headline(lines: list[PageLine], head_at: int) -> list[DateHit]:
    """Dates printed between the headline and the first paragraph: the
    article's own, where a date at the top of the page is the day the page
    was looked at."""
    hits: list[DateHit] = []
    if head_at < 0:
        return hits
    for p in lines[head_at + 1 : head_at + 1 + HEAD_ZONE_LINES]:
        if p.drop is None and is_body_paragraph(p.text):
            break
        if p.drop in _DATED_FURNITURE or (p.drop is None and not p.guarded):
            hits.extend(dates_in_line(p.text))
    return hits


# How many lines a headline's byline, dates, share buttons and picture take.
HEAD_ZONE_LINES = 15


def choose_published(hits: list[DateHit]) -> date | None:
    """The publication date among dates the page states: a labelled
    publication date first, then an unlabelled one, then an update date."""
    for label in ("published", "none", "updated"):
        for h in hits:
            if h.label == label:
                return h.value
    return None
