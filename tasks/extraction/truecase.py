"""Headlines in sentence case, for the parser.

A headline written in title case ("Ecuador Recalls Ambassador From Mexico")
reads to a model trained on running text as a string of names: the tagger
calls the verb a proper noun and the recogniser finds people everywhere.
The NLP stage therefore parses such lines with their ordinary words in
lower case ("Ecuador recalls ambassador from Mexico") and keeps the original
words in the article: only the case of letters changes, so every token and
offset stays where it was.

A capitalised word of a headline keeps its capital when it is a name: an
acronym, a state or organisation, a word the article's body writes with a
capital and never without. It loses it when the body writes it in lower
case, or when it is an ordinary English word the body does not use.
"""
from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS

from tasks.extraction.countries import country_code, organisation_name
from tasks.extraction.lines import line_starts


def title_case_line(words: list[str]) -> bool:
    """Is a line (its non-space token texts) a headline in title case: no
    closing stop, and every word longer than three letters capitalised?"""
    if not words or words[-1] in {".", "!", "?", ":"}:
        return False
    alpha = [w for w in words if w.isalpha()]
    long = [w for w in alpha if len(w) > 3]
    return len(alpha) >= 3 and len(long) >= 2 and all(w[0].isupper() for w in long)


def _names_something(text: str) -> bool:
    """Do two words together name a state or body that neither names alone?"""
    first, second = text.split()
    code = country_code(text, fuzzy=False)
    if code and code not in {country_code(first, fuzzy=False), country_code(second, fuzzy=False)}:
        return True
    return bool(organisation_name(text)) and not organisation_name(first) and not organisation_name(second)


def headline_line(words: list[str]) -> bool:
    """A short line with no closing stop: a headline or subheading."""
    if not words or words[-1] in {".", "!", "?", ":", ";"}:
        return False
    return 3 <= sum(w.isalpha() for w in words) <= 16


def _forms(word: str) -> set[str]:
    low = word.lower()
    forms = {low}
    for suffix in ("s", "es", "ed", "d", "ing"):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            forms.add(low[: -len(suffix)])
    if low.endswith("ies"):
        forms.add(low[:-3] + "y")
    return forms


def sentence_cased(words: list[str], *, common_words: frozenset[str] = frozenset()) -> list[str] | None:
    """The article's tokens with title-case headline lines put in sentence
    case, or None when it has no such line (the caller then parses the words
    as they are)."""
    starts = line_starts(words)
    lines: dict[int, list[int]] = {}
    for i, start in enumerate(starts):
        lines.setdefault(start, []).append(i)
    headline_tokens: set[int] = set()
    out = list(words)
    changed = False
    for members in lines.values():
        texts = [words[i] for i in members if words[i].strip()]
        if title_case_line(texts):
            headline_tokens.update(members)
        if headline_line(texts):
            changed |= _commas_as_and(words, members, out)
    if not headline_tokens:
        return out if changed else None
    lower_in_body: set[str] = set()
    upper_in_body: set[str] = set()
    for i, word in enumerate(words):
        if i in headline_tokens or not word.isalpha():
            continue
        if word.islower():
            lower_in_body.add(word)
        elif word[0].isupper() and i > 0 and words[i - 1] not in {".", "!", "?", '"', "“", "‘", "'"} and starts[i] != i:
            upper_in_body.add(word.lower())
    ordered = sorted(headline_tokens)
    for n, i in enumerate(ordered):
        word = words[i]
        if not word[:1].isupper() or not word.isalpha() or word.isupper():
            continue  # lower already, a number or sign, or an acronym ("US", "PM")
        low = word.lower()
        neighbours = [words[j] for j in ordered[max(0, n - 1) : n + 2] if j != i and words[j][:1].isupper()]
        if any(_names_something(f"{word} {other}") or _names_something(f"{other} {word}") for other in neighbours):
            continue  # part of a two-word name: "South Sudan", "White House"
        if low in lower_in_body:
            out[i] = low
        elif low in upper_in_body or country_code(word, fuzzy=False) or organisation_name(word):
            continue
        elif low in STOP_WORDS or _forms(word) & common_words:
            out[i] = low
    return out


def _commas_as_and(words: list[str], members: list[int], out: list[str]) -> bool:
    """Headlines join names with a comma where prose says "and" ("Mexico,
    Venezuela pull ambassadors"): in the run of capitalised words a headline
    starts with, such a comma reads as "and", so the parser coordinates them."""
    changed = False
    tokens = [i for i in members if words[i].strip()]
    for n, i in enumerate(tokens[1:-1], start=1):
        before, after = words[tokens[n - 1]], words[tokens[n + 1]]
        if words[i] != ",":
            if not words[i][:1].isupper():
                break  # the leading run of names has ended
            continue
        if before[:1].isupper() and after[:1].isupper():
            out[i] = "and"
            changed = True
    return changed
