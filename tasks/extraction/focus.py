"""Which sentences of an article get the full parse.

Tagging, parsing and lemmatising cost about half of the spaCy model's time
and the event rules read them only around a trigger. So the NLP stage
splits the tokenised text into sentences with a cheap rule, keeps the
sentences that hold a word that could be a trigger (any inflection of a
trigger lemma or any trigger noun in tasks/extraction/patterns.py, whatever its part of
speech) plus, when such a sentence refers back with a pronoun or a bare
title, the sentence before it; only those are tagged, parsed and read by the
entity recogniser. People they name are then found by name in the rest of
the text (`complete_names`), so a full name or title given elsewhere in the
article is still known.

The word list is a superset of what the trigger patterns can match:
`tests/test_nlp.py` checks that every trigger the full pipeline finds in
the gold inputs lies in a kept sentence.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import IDX, LENGTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from tasks.extraction.lines import headline_style, line_starts, line_words
from tasks.extraction.countries import country_code
from tasks.extraction.patterns import (
    ENVOY_NOUNS,
    ENVOY_VERBS_NEEDING_ENVOY,
    LEADER_ROLES,
    MINISTER_ROLES,
    PATTERNS,
    PRONOUNS_OTHER,
    PRONOUNS_SUBJECT,
    TITLE_WORDS,
    TRAVEL_VERBS,
)

# Past forms the regular endings below do not produce.
_IRREGULAR = {
    "meet": ("met",), "sit": ("sat",), "speak": ("spoke", "spoken"), "ring": ("rang", "rung"),
    "withdraw": ("withdrew", "withdrawn"), "give": ("gave", "given"), "bring": ("brought",),
    "fly": ("flew", "flown"),
}
_SENTENCE_END = frozenset({".", "!", "?", "...", "…"})
# Words that point back to someone named before (see the people index):
# pronouns, and role nouns that no name follows ("the ambassador", "his
# counterpart", but not "President Biden").
_PRONOUNS = PRONOUNS_SUBJECT | PRONOUNS_OTHER | {"they", "them", "their"}
_ROLES = frozenset({"counterpart", "counterparts"}) | LEADER_ROLES | MINISTER_ROLES | ENVOY_NOUNS
_CLOSERS = frozenset({'"', "'", "”", "’", "''", ")", "»"})


def inflections(lemma: str) -> set[str]:
    """Every form of `lemma` an English verb or noun can take, generously."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "summitted", "dialled"
    forms |= set(_IRREGULAR.get(lemma, ()))
    return forms


def _strings(spec: dict, key: str) -> list[str]:
    value = spec.get(key)
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and isinstance(value.get("IN"), list):
        return list(value["IN"])
    return []


def _spec_words(spec: dict) -> set[str]:
    words = {w.lower() for w in _strings(spec, "LOWER")}
    for lemma in _strings(spec, "LEMMA"):
        words |= inflections(lemma.lower())
    return words


@lru_cache(maxsize=1)
def trigger_words() -> frozenset[str]:
    """Lower-case forms of which every trigger match holds at least one.

    A match needs every token of its pattern, so one token's words per
    pattern are enough: the first token that names content words ("sit" in
    "sit down with", "welcome" in "gave a warm welcome"), else the first
    token with a word list ("call" in "call in")."""
    words: set[str] = set()
    for patterns in PATTERNS.values():
        for pattern in patterns():
            listed = [w for w in (_spec_words(spec) for spec in pattern) if w]
            content = [w for w in listed if not w & STOP_WORDS]
            words |= (content or listed)[0]
    return frozenset(words)


@dataclass(frozen=True)
class Words:
    """The tokens of a tokenised text as plain strings: reading them this way
    is several times cheaper than making a spaCy `Token` for each."""

    words: list[str]
    spaces: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> "Words":
        text = doc.text
        offsets = doc.to_array([IDX, LENGTH]).tolist()
        words = [text[start : start + length] for start, length in offsets]
        spaces = [text[start + length : start + length + 1] == " " for start, length in offsets]
        return cls(words, spaces)

    def __len__(self) -> int:
        return len(self.words)


def sentence_starts(tokens: Words) -> list[int]:
    """Token indices that begin a sentence, by punctuation and line breaks.

    Only decides how much text is parsed together; the parser sets the
    real boundaries inside what it reads."""
    words, spaces = tokens.words, tokens.spaces
    starts = [0]
    for i in range(len(words) - 1):
        word = words[i]
        if not word.strip() and "\n" in word and words[i + 1].strip():
            starts.append(i + 1)
        elif spaces[i] and (word in _SENTENCE_END or word in _CLOSERS and i > 0 and words[i - 1] in _SENTENCE_END):
            starts.append(i + 1)  # a closing quote or bracket ends the sentence with its stop
    return starts


def focus_spans(tokens: Words, *, starts: list[int] | None = None, context: int = 1) -> list[tuple[int, int]]:
    """(start, end) token ranges to parse: each sentence holding a possible
    trigger word, adjacent ones joined. When that sentence refers back (a
    pronoun, a title without a name: "he", "his counterpart", "the
    ambassador"), the `context` sentences before it are parsed too, so the
    people index can find whom it means. `starts`: `sentence_starts(tokens)`,
    when the caller has it already."""
    lexicon = trigger_words()
    hits = [i for i, word in enumerate(tokens.words) if word.lower() in lexicon]
    if not hits:
        return []
    starts = sentence_starts(tokens) if starts is None else starts
    bounds = list(zip(starts, starts[1:] + [len(tokens)]))
    keep = [False] * len(bounds)
    companions = companion_words()
    for hit in hits:
        number = bisect_right(starts, hit) - 1
        start, end = bounds[number]
        needed = companions.get(tokens.words[hit].lower())
        if needed is not None and not any(needed(w) for w in tokens.words[start:end]):
            continue  # "ordered a review", "flew home": nothing the rules need is there
        keep[number] = True
        if _refers_back(tokens.words, start, end):
            for k in range(max(0, number - context), number):
                keep[k] = True
    if any(keep):
        # A sentence that names an envoy by title ("China's ambassador Lu
        # Shaye is expected at the ministry") holds no trigger but gives the
        # name a summons or recall told elsewhere leaves out.
        for number, (start, end) in enumerate(bounds):
            if not keep[number] and _names_envoy(tokens.words, start, end):
                keep[number] = True
    spans: list[tuple[int, int]] = []
    for (start, end), kept in zip(bounds, keep):
        if kept and spans and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], end)
        elif kept:
            spans.append((start, end))
    return spans


@lru_cache(maxsize=1)
def companion_words() -> dict[str, Callable[[str], bool]]:
    """Trigger words too common to parse a sentence for on their own, each
    with the test a word of the same sentence must pass: a recall verb
    ("pulled", "brought", "ordered") needs an envoy noun, a verb of travel a
    state's name (the rules want a foreign host). Nothing the rules could
    read is lost."""
    def envoy(word: str) -> bool:
        return word.lower() in ENVOY_NOUNS or "affaires" in word.lower()

    def state(word: str) -> bool:
        return word[:1].isupper() and country_code(word, fuzzy=False) is not None

    table: dict[str, Callable[[str], bool]] = {}
    for lemmas, test in ((ENVOY_VERBS_NEEDING_ENVOY, envoy), (TRAVEL_VERBS, state)):
        for lemma in lemmas:
            for form in inflections(lemma):
                table[form] = test
    return table


def _names_envoy(words: list[str], start: int, end: int) -> bool:
    return any(words[i].lower() in ENVOY_NOUNS and words[i + 1][:1].isupper() and words[i + 1].isalpha()
               for i in range(start, end - 1))


def _refers_back(words: list[str], start: int, end: int) -> bool:
    for i in range(start, end):
        low = words[i].lower()
        if low in _PRONOUNS:
            return True
        if low in _ROLES and not (i + 1 < end and words[i + 1][:1].isupper()):
            return True
    return False


def complete_names(
    tokens: Words, ents: list[tuple[int, int, str]], *, common_words: frozenset[str] = frozenset()
) -> list[tuple[int, int, str]]:
    """`ents` plus the mentions, outside them, of people they name.

    When the recogniser reads only the parsed sentences, a person it found
    there ("Putin") is still named elsewhere, often in full with a title
    ("Russian President Vladimir Putin"). Each later or earlier occurrence
    of a found surname, with the capitalised words just before it, becomes
    a PERSON entity, so the people index sees the full name and its title.
    A capitalised word that is also a `common_words` entry ("Unpredictable
    Sondland faces ...") is not taken as a first name.
    """
    words = tokens.words
    surnames = {words[end - 1] for start, end, label in ents if label == "PERSON" and words[end - 1].istitle()}
    if not surnames:
        return ents
    covered = [False] * len(words)
    for start, end, _ in ents:
        covered[start:end] = [True] * (end - start)
    lines: list[int] | None = None
    added = []
    for i, word in enumerate(words):
        if covered[i] or word not in surnames:
            continue
        lines = lines or line_starts(words)
        start = i
        if not headline_style(line_words(words, lines, i)):  # on a headline every word is capitalised
            while start > 0 and i - start < 2 and not covered[start - 1] and _first_name(words[start - 1], common_words):
                start -= 1
        added.append((start, i + 1, "PERSON"))
        covered[start : i + 1] = [True] * (i + 1 - start)
    return sorted(ents + added)


def _first_name(word: str, common_words: frozenset[str]) -> bool:
    low = word.lower()
    return word.istitle() and word.isalpha() and low not in STOP_WORDS and low not in common_words and low not in TITLE_WORDS
