"""Who can be a side of a diplomatic event, and which contexts rule one out.

The rule, from GUIDELINES.md ("officials of different countries, or of a
country and an international organisation"):

1. A side is a state (its name, capital, demonym or government institution),
   an international organisation, or a person who holds an office of one.
   A person holds an office when the article gives them an office title
   ("Foreign Minister", "ambassador", "the Russian leader") or the
   office-holders gazetteer knows them (data/leaders.tsv); a role of private
   life with no office beside it ("chief executive", "19th seed", "pop
   star", "prosecutor") rules them out, and so does a title that names a
   company (`PeopleIndex`, `Person.is_official`).
2. A private person gives no side, and their country is not lent to the
   event ("Bulgarian 19th seed Grigor Dimitrov" names no Bulgarian side):
   `arguments.read_sides`.
3. A meeting or call needs two different sides: two states, or a state and
   an international organisation. Officials of one country meeting each
   other (a cabinet, a leader and his generals, a minister and a governor)
   give no row. A named intergovernmental summit ("the G20 summit") is a
   meeting of many sides, so one named participant is enough; so is a
   meeting that a body of member states holds ("the Arab League held an
   emergency meeting", data/organisations.tsv kind `states`).
4. In a sentence about sport, a country's name is its team: "Spain meet
   Sweden in the semi-final" names no state. There a meeting or call needs
   an official among its sides.
5. A group is private when a word says so ("a business delegation", "a
   student delegation"); an event in a story is not in the world ("a
   fictional summit", "in the novel, the president meets ...").
6. A trip for a private purpose ("his medical treatment trip to the US", "a
   private visit", "on holiday in Spain") meets no host: no row.
7. A summit or conference only counts as intergovernmental when its name or
   sides say so (an organisation, a state, officials): "the Cloud Native
   Summit" is an industry meeting and "Galaxy Summit" a product.
8. Going to a court is no visit: "arrived at the International Court of
   Justice" is a hearing (GUIDELINES rules out court hearings).

Summonses and recalls have their own checks (an envoy noun, an acting
state) in the event builder.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span, Token

from tasks.extraction.patterns import (
    FICTION_WORDS,
    PRIVATE_GROUP_MODIFIERS,
    PRIVATE_PURPOSES,
    SPORT_PHRASES,
    SPORT_WORDS,
    SPORT_WORDS_SHARED,
)


@lru_cache(maxsize=1)
def _sport_phrases() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in SPORT_PHRASES)


def sport_context(sentence: Span) -> bool:
    """Does the sentence talk about a sporting contest?"""
    words = [t.lower_ for t in sentence]
    shared = {t.lower_ for t in sentence if t.lower_ in SPORT_WORDS_SHARED and not _in_organisation_name(t)}
    if any(w in SPORT_WORDS for w in words) or len(shared) >= 2:
        return True
    if "-" in sentence.text and any(w in _HYPHENATED_SPORT_WORDS for w in _HYPHENATED.findall(sentence.text.lower())):
        return True  # the tokenizer splits "semi-final" into three words
    if shared and any(t.lower_ == "match" or t.lemma_ == "match" and t.pos_ == "NOUN" for t in sentence):
        return True  # "the league match", "a penalty in the match"
    if any(t.lower_ in {"final", "finals"} and (t.pos_ in {"NOUN", "PROPN"} or t.dep_ in {"pobj", "dobj", "nsubj"})
           for t in sentence):
        return True  # "meet in the final" (but not "the final round of talks")
    for phrase in _sport_phrases():
        n = len(phrase)
        if any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1)):
            return True
    return False


_HYPHENATED = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_HYPHENATED_SPORT_WORDS = frozenset(w for w in SPORT_WORDS | SPORT_WORDS_SHARED if "-" in w)


def _in_organisation_name(token: Token) -> bool:
    """Is the word part of a name ("the Arab League", "the Awami League")?
    Capitals mid-sentence mark one where the tagger saw no entity."""
    return token.ent_type_ == "ORG" or (token.pos_ == "PROPN" and token.i > token.sent.start and token.text[:1].isupper())


def names_a_product(trigger: Token) -> bool:
    """An event noun used as part of a name of something else: "the Galaxy
    Summit phone", "Summit Bank"."""
    return trigger.dep_ in {"compound", "nmod"} and trigger.head.pos_ in {"NOUN", "PROPN"} and trigger.head.i > trigger.i


def private_purpose(trigger: Token) -> bool:
    """A visit or trip made for a private purpose: "a medical trip", "a
    private visit", "a visit for treatment"."""
    words = {c.lower_ for c in trigger.children if c.dep_ in {"amod", "compound", "nmod"}}
    words |= {t.lower_ for c in trigger.children if c.dep_ == "prep" and c.lower_ == "for" for t in c.subtree}
    return bool(words & PRIVATE_PURPOSES)


def private_group(noun: Token) -> bool:
    """A group noun a word makes private: "a business delegation"."""
    return any(c.lower_ in PRIVATE_GROUP_MODIFIERS for c in noun.children if c.dep_ in {"amod", "compound", "nmod"})


def in_fiction(trigger: Token, sentence: Span) -> bool:
    """An event in a film, a novel or a mock-up: "a fictional summit", "in
    the novel, the president meets"."""
    if any(c.lower_ in FICTION_WORDS for c in trigger.children if c.dep_ in {"amod", "compound"}):
        return True
    words = [t.lower_ for t in sentence]
    return any(w == "in" and words[i + 1 : i + 2] == ["the"] and words[i + 2 : i + 3] and words[i + 2] in FICTION_WORDS
               for i, w in enumerate(words))
