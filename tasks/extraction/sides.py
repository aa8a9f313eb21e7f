"""Who takes part in an event: its sides, read from the phrases that name them.

`read_sides` turns the words of those phrases into people, states and
international organisations, keeping out what GUIDELINES.md says is not a
side (tasks/extraction/eligibility.py has the rule): private people and the
countries that only describe them, nationalities of private groups, the
owner named in someone else's title. The acting side of a summons or recall
(`acting_states`) is read the same way, with coordination ("Peru and Chile
recalled ..."), pronouns ("it") and groups of states ("Gulf states")
resolved to the states they stand for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from tasks.extraction.arguments import EVENT_NOUNS, conjuncts, country_code, phrase_tokens
from tasks.extraction.components.people import (
    PRONOUNS_OTHER,
    PRONOUNS_SUBJECT,
    PeopleIndex,
    entity_at,
    ents_in,
    role_lemma,
)
from tasks.extraction.countries import country_mentions, organisation_name
from tasks.extraction.eligibility import private_group
from tasks.extraction.patterns import (
    ENVOY_NOUNS,
    LEADER_ROLES,
    MINISTER_ROLES,
    OFFICE_OVER_PRIVATE,
    OFFICE_ROLES,
    PRIVATE_ROLES,
)


# Nouns for a group of officials: "met Israeli officials", "a delegation from Iraq".
OFFICIAL_GROUPS = {"delegation", "official", "diplomat", "minister", "leader", "negotiator", "representative",
                   "envoy", "government", "administration", "ministry", "authority", "counterpart", "delegate"}


# Roles that name someone attached to another person: "a top aide to Zelenskiy".
ATTACHED_ROLES = {"aide", "adviser", "advisor", "assistant", "envoy", "ambassador", "representative", "spokesman", "spokeswoman", "spokesperson", "lawyer", "deputy"}


@dataclass
class Sides:
    """Who takes part, as read from the phrases that name the sides. Only
    states, international organisations and their officials count
    (GUIDELINES): private people are kept apart in `private_people`, and do
    not lend the event their country."""

    people: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    plural_pronoun: bool = False
    officials: int = 0  # official people and official role nouns among the sides
    private_people: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # officials whose country the article does not give
    member_states: bool = False  # officials of an international body's many states

    def add_person(self, name: str | None, index: PeopleIndex) -> None:
        if not name or name in self.people:
            return
        if not index.is_official(name):
            if name not in self.private_people:
                self.private_people.append(name)
            return
        self.people.append(name)
        self.officials += 1
        code = index.country_of(name)
        body = index.people[name].organisation if name in index.people else None
        if code:
            self.add_country(code)
        elif body:
            if body not in self.organisations:
                self.organisations.append(body)
        else:
            self.unplaced.append(name)

    def add_country(self, code: str | None) -> None:
        if code and code not in self.countries:
            self.countries.append(code)

    def absorb(self, other: "Sides", index: PeopleIndex) -> None:
        """Add another phrase's people and countries to these sides."""
        for person in other.people:
            self.add_person(person, index)
        for code in other.countries:
            self.add_country(code)
        self.officials += other.officials - len(other.people)
        self.member_states = self.member_states or other.member_states
        for person in other.private_people:
            if person not in self.private_people:
                self.private_people.append(person)

    def place_officials(self, index: PeopleIndex, *, hosts: list[str] = ()) -> None:
        """An official whose country the article never gives is taken to be
        of the country the article is about (`PeopleIndex.home_country`):
        "Sondland and a top aide to Zelenskiy" in a report on Washington.
        When that is the other side's country too, the event stays one-sided
        and gives no row: officials of one country meeting each other."""
        if self.unplaced and hosts and not self.countries:
            # a visitor whose country the article does not state comes from
            # the country it is about, not from the hosts ("Datuk Seri Anwar's
            # trips to Peru, Egypt and Brazil" in a Malaysian paper)
            self.add_country(index.home_country(besides=set(hosts)))
        elif self.unplaced and len(set(self.countries) | set(hosts)) == 1:
            if any(index.people[name].is_envoy for name in self.unplaced if name in index.people):
                # An envoy meets the government they are posted to: theirs is
                # the article's other country ("Ambassador Bhandari paid a
                # courtesy call on the Minister of Foreign Affairs of Bangladesh").
                self.add_country(index.home_country(besides=set(self.countries) | set(hosts)))
            else:
                self.add_country(index.home_country())


def attached_to_role(tok: Token) -> bool:
    """Is this name the object of "aide to X" / "envoy to X"?"""
    node = tok
    for _ in range(3):
        head = node.head
        if head.dep_ == "prep" and head.lower_ == "to" and head.head.lemma_.lower() in ATTACHED_ROLES:
            return True
        if node.dep_ not in {"pobj", "compound", "appos"}:
            return False
        node = head
    return False


def describes_private(tok: Token, index: PeopleIndex) -> bool:
    """Is this word part of the description of a private person: "Bulgarian"
    in "Bulgarian 19th seed Grigor Dimitrov", "Apple" in "Apple chief
    executive Tim Cook"? Such a country is the person's, not a side's."""
    node = tok
    for _ in range(4):
        name = index.person_at(node)
        if name and node.i != tok.i:
            return not index.is_official(name)
        if node.i != tok.i and role_lemma(node) in PRIVATE_ROLES:
            # "crown prince": an office word in the title wins
            return not any(c.lower_ in OFFICE_OVER_PRIVATE for c in node.lefts)
        if node.dep_ not in {"amod", "compound", "nmod", "poss", "flat"} or node.head.i == node.i:
            return False
        node = node.head
    return False


_HALVES = {"south", "north", "east", "west"}


def _elided_state(tok: Token) -> list[str]:
    """States named by halves of one name: "South and North Korea" (the
    first "South" is South Korea), "the two Koreas"."""
    if tok.lower_ == "koreas":
        return [code for code in (country_code("South Korea"), country_code("North Korea")) if code]
    doc = tok.doc
    if tok.lower_ in _HALVES and tok.i + 3 < len(doc) and doc[tok.i + 1].lower_ == "and" and doc[tok.i + 2].lower_ in _HALVES:
        code = country_code(f"{tok.text.title()} {doc[tok.i + 3].text}")
        return [code] if code else []
    return []


_PAIR_NOUNS = frozenset({"country", "nation", "side", "government", "state", "neighbour", "neighbor"})


def _two_states(tok: Token) -> list[str]:
    """"the two countries", "both sides", "the two governments": the last two
    states named before, in this sentence or the two before it."""
    if tok.tag_ != "NNS" or tok.lemma_.lower() not in _PAIR_NOUNS:
        return []
    if not any(c.lower_ in {"two", "both"} for c in tok.children if c.dep_ in {"nummod", "det", "predet", "amod"}):
        return []
    doc = tok.doc
    text = doc[_sentences_back(tok, 2) : tok.i].text
    mentions = country_mentions(text)
    # a pair named together ("Iran and Saudi Arabia held talks in Baghdad")
    # before any two names in a row (Baghdad is the venue)
    for first, second in reversed(list(zip(mentions, mentions[1:]))):
        between = text[first.end : second.start]
        if first.value != second.value and between.strip() and _list_glue(between):
            return [first.value, second.value]
    found: list[str] = []
    for mention in reversed(mentions):
        if mention.value not in found:
            found.append(mention.value)
        if len(found) == 2:
            return found[::-1]
    return []


def names_organisation(span: Span) -> bool:
    """Does the span name an international organisation (by entity or by
    word, as "EU" in "EU states" often has no entity)?"""
    return any(organisation_name(e.text) for e in ents_in(span)) or any(
        t.pos_ == "PROPN" and organisation_name(t.text) for t in span)


def belongs_to_other(tok: Token, event_tokens: set[int] = frozenset()) -> bool:
    """Is this person named only as the owner of someone or something else:
    "the Turkish President's adviser", "the director of the PM's office"?
    The owner of the event itself ("Putin's talks with Biden") takes part."""
    node = tok
    while node.dep_ in {"compound", "flat"} and node.head.i != node.i:
        node = node.head
    if node.dep_ == "poss":
        owned = node.head
    elif node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ == "NOUN":
        owned = node.head.head
    else:
        return False
    return not (owned.i in event_tokens or owned.lower_ in EVENT_NOUNS | STATE_ACTS)


def states_before(pronoun: Token) -> bool:
    """Does a plural pronoun stand for a group of states or an organisation's
    members named just before it in its sentence ("Nato allies", "the G7
    nations")?"""
    for tok in reversed(pronoun.doc[pronoun.sent.start : pronoun.i]):
        if tok.tag_ in {"NNS", "NNPS"} and tok.lemma_.lower() in STATE_GROUPS | {"leader", "minister"}:
            return tok.lemma_.lower() in STATE_GROUPS or names_organisation(tok.doc[tok.left_edge.i : tok.i + 1])
    return False


def read_sides(tokens: list[Token], index: PeopleIndex, *, skip: set[int] = frozenset()) -> Sides:
    sides = Sides()
    seen_ents: set[int] = set()
    for tok in sorted(tokens, key=lambda t: t.i):
        if tok.i in skip:
            continue
        name = index.person_at(tok)
        if name:
            if attached_to_role(tok) or belongs_to_other(tok, skip):
                if index.is_official(name):
                    sides.add_country(index.country_of(name))  # the aide takes part, not the one aided
            else:
                sides.add_person(name, index)
            continue
        low = tok.lower_
        if low in PRONOUNS_SUBJECT | PRONOUNS_OTHER and tok.pos_ == "PRON":
            if belongs_to_other(tok, skip):
                continue  # "his counterpart": the owner is named as the subject, if at all
            name = index.resolve_pronoun(tok)
            if name:
                sides.add_person(name, index)
            elif code := index.pronoun_country(tok):  # "the Ukrainian president said he ..."
                sides.add_country(code)
                sides.officials += 1
            continue
        if (low in {"they", "them", "their", "both"} and tok.pos_ == "PRON") or (low == "each" and tok.nbor(1).lower_ == "other"):
            sides.plural_pronoun = True
            if states_before(tok):
                sides.member_states = True  # "Nato allies will, when they meet, ..."
            if len(sides.people) < 2:
                for person in index.recent_people(tok):
                    sides.add_person(person, index)
            continue
        if tok.pos_ in {"NOUN", "PROPN"} and role_lemma(tok) in LEADER_ROLES | MINISTER_ROLES | ENVOY_NOUNS | {"counterpart"}:
            if tok.dep_ in {"compound", "flat", "amod", "nmod"} and index.person_at(tok.head):
                continue  # the title of the person it names: "Foreign Minister Nikos Dendias"
            if not describes_private(tok, index):
                sides.officials += 1
            if tok.tag_ in {"NNS", "NNPS"} and names_organisation(tok.doc[tok.left_edge.i : tok.right_edge.i + 1]):
                sides.member_states = True  # "leaders of the European Union", "NATO foreign ministers"
            named = [c for c in tok.children if c.dep_ == "appos" and index.person_at(c)]
            resolved = [] if named else index.resolve_title(tok)  # "his counterpart, Mevlut Cavusoglu": the name says who
            if not resolved and any(c.lower_ in {"two", "both"} for c in tok.children):
                resolved = index.recent_people(tok)  # "the two presidents": the last two named
            if resolved and belongs_to_other(tok, skip):
                for person in resolved:  # "the Turkish President's adviser": the adviser takes part
                    sides.add_country(index.country_of(person))
                continue
            for person in resolved:
                sides.add_person(person, index)
            if resolved:
                continue
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in OFFICIAL_GROUPS and not private_group(tok):
            sides.officials += 1
        elif tok.tag_ == "NNS" and tok.lemma_.lower() in {"nation", "country", "state", "government", "ally"} and tok.dep_ in {"nsubj", "nsubjpass"}:
            sides.member_states = True  # "when the world's nations meet", "NATO allies will meet"
        if describes_private(tok, index):
            continue
        elided = _elided_state(tok) or _two_states(tok)
        if elided:
            for code in elided:
                sides.add_country(code)
            continue
        ent = entity_at(tok)
        if ent is not None:
            if ent.start in seen_ents:
                continue
            seen_ents.add(ent.start)
            if not names_a_side(ent.root, skip):
                continue  # "the British band", "scientists from Brazil": a nationality
            if ent.label_ in {"GPE", "NORP", "ORG", "LOC", "FAC", "PERSON"}:
                org = organisation_name(ent.text)
                if org:
                    if org not in sides.organisations:
                        sides.organisations.append(org)
                    continue
                sides.add_country(country_code(ent.text, place=ent.label_ in {"GPE", "NORP"}))
            continue
        if (tok.pos_ in {"PROPN", "ADJ"} or tok.tag_ == "NNP") and names_a_side(tok, skip):
            org = organisation_name(tok.text)
            if org and org not in sides.organisations:
                sides.organisations.append(org)
            else:
                sides.add_country(country_code(tok.text))
    return sides


# Nouns a state's name can modify and still stand for the state: its
# officials, bodies and missions ("the Russian foreign ministry", "Israeli
# officials", "the Chinese side"). A state's name on any other noun is a
# nationality ("a British band", "Kenyan athletes"), not a side.
STATE_NOUNS = frozenset({
    "ministry", "government", "embassy", "consulate", "administration", "authority", "authorities", "regime",
    "side", "cabinet", "state", "presidency", "palace", "office", "leadership", "military", "army", "forces",
    "navy", "mission", "delegation", "counterpart", "counterparts", "officials", "official", "diplomacy",
    "parliament", "foreign", "secretariat", "council", "commission", "people",
})


def names_a_side(token: Token, event_tokens: set[int] = frozenset()) -> bool:
    """Does this state name stand for the state in the event (a side), or
    only say where something else is from? It stands for it when it heads
    its phrase ("China and India held talks"), modifies an event word ("the
    India-China summit"), an office or a state body ("Iranian officials",
    "the US ambassador", "the Russian foreign ministry")."""
    node = token
    while node.dep_ in {"compound", "flat"} and node.head.pos_ == "PROPN" and node.head.i != node.i:
        node = node.head  # the last word of a multiword name
    if node.dep_ in {"amod", "compound", "nmod", "poss"}:
        modified = node.head
    elif node.dep_ == "pobj" and node.head.lower_ in {"from", "of"} and node.head.head.pos_ in {"NOUN", "PROPN"}:
        modified = node.head.head  # "a delegation from Iraq", "scientists from Brazil"
    else:
        return True
    if modified.i in event_tokens or modified.lower_ in EVENT_NOUNS | STATE_ACTS:
        return True
    if role_lemma(modified) in CITY_ROLES:
        return False  # "the mayor of Paris" holds a city's office, not France's
    if modified.pos_ == "PROPN" or modified.ent_type_:
        return True  # "Pakistan President Zia": a name or title the people index reads
    if private_group(modified):
        return False  # "a business delegation from Germany"
    lemma = modified.lemma_.lower()
    return lemma in STATE_NOUNS or role_lemma(modified) in OFFICE_ROLES | ENVOY_NOUNS | LEADER_ROLES | MINISTER_ROLES


# Offices of a city: a capital named with them stands for the city.
CITY_ROLES = frozenset({"mayor", "councillor", "councilor", "alderman", "deputy-mayor"})

# Acts a state performs: "a US offer to host a summit", "an offer from Kabul".
STATE_ACTS = frozenset({
    "offer", "proposal", "invitation", "request", "statement", "demand", "bid", "message", "letter", "plan",
    "initiative", "decision", "move", "appeal", "suggestion", "refusal", "announcement", "pressure", "push",
})


def acting_side_heads(trigger: Token, chain: list[Token]) -> list[Token]:
    """Heads of the phrases naming the side that acts: the subject, a
    passive's agent, "the recall ... by the Lithuanian ministry", or the
    subject of a word governing the trigger ("refused to recall"), unless
    the trigger sits inside that subject ("the summons of X came after")."""
    heads: list[Token] = []
    for child in trigger.children:
        if child.dep_ == "nsubj":
            heads.append(child)
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and trigger.pos_ == "NOUN"):
            heads.extend(c for c in child.children if c.dep_ == "pobj")
    for below, governor in zip(chain, chain[1:]):
        if below.dep_ in {"ccomp", "advcl", "acl"} and any(c.dep_ == "mark" for c in below.children):
            break  # "denied that it had recalled ...": the denier is not the one acting
        for child in governor.children:
            if child.dep_ == "nsubj" and not _dominates(child, trigger):
                heads.append(child)
    return heads


def _dominates(ancestor: Token, token: Token) -> bool:
    return ancestor.left_edge.i <= token.i <= ancestor.right_edge.i


# Plural nouns for a group of states that the article may list by name:
# "Gulf states recalled their envoys", "Western governments".
STATE_GROUPS = frozenset({"state", "country", "nation", "government", "ally", "member", "neighbour", "neighbor",
                          "capital", "monarchy", "power", "partner", "democracy"})


def acting_states(heads: list[Token], index: PeopleIndex, *, exclude: set[str] = frozenset()) -> list[tuple[str, str | None]]:
    """(country, body) of each side that acts, one per coordinated subject:
    "Peru and Chile recalled ..." gives two. A pronoun ("it", "they") stands
    for the state named before it; a group ("Gulf states") for the states the
    article lists nearby."""
    found: list[tuple[str, str | None]] = []
    for head in conjuncts(heads):
        tokens = sorted(phrase_tokens(head, with_conjuncts=False), key=lambda t: t.i)
        code, body = actor_country(tokens, index)
        codes = [(code, body)] if code else []
        if not codes and head.pos_ == "PRON" and head.lower_ in STATE_PRONOUNS:
            antecedent = state_antecedent(head)
            codes = [(antecedent, None)] if antecedent else []
        if head.lemma_.lower() in STATE_GROUPS and head.tag_ in {"NNS", "NNPS"}:
            # "the governments of the United States, France and Spain": each one;
            # "Gulf states": the states the article lists nearby
            members = [o for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
            named = [country_code(entity_at(t).text if entity_at(t) is not None else t.text) for t in conjuncts(members)]
            named = [c for c in named if c and c not in exclude]
            if len(named) >= 2:
                codes = [(c, None) for c in named]
            elif not codes:
                codes = [(c, None) for c in listed_states(head.sent, exclude=exclude)]
        for pair in codes:
            if pair[0] not in {c for c, _ in found}:
                found.append(pair)
    return found


STATE_PRONOUNS = frozenset({"it", "they", "its", "their"})


def _sentences_back(tok: Token, count: int) -> int:
    """The first token of the sentence `count` sentences before `tok`'s."""
    start = tok.sent.start
    for _ in range(count):
        if start > 0:
            start = tok.doc[start - 1].sent.start
    return start


def state_antecedent(pronoun: Token) -> str | None:
    """The state an "it" or "they" refers back to: the nearest country that
    is the subject of a clause before it, in this sentence or the two before."""
    doc = pronoun.doc
    start = _sentences_back(pronoun, 2)
    fallback = None
    for i in range(pronoun.i - 1, start - 1, -1):
        tok = doc[i]
        ent = entity_at(tok)
        if ent is None and tok.pos_ != "PROPN":
            continue
        code = country_code(ent.text if ent is not None else tok.text)
        if not code:
            continue
        if ent is None:
            ent = doc[i : i + 1]
        if ent.root.dep_ in {"nsubj", "nsubjpass"} or tok.head.dep_ in {"nsubj", "nsubjpass"}:
            return code
        fallback = fallback or code
    return fallback


def listed_states(sentence: Span, *, exclude: set[str] = frozenset(), reach: int = 3) -> list[str]:
    """The states of the nearest list of two or more country names joined
    by commas and "and" ("Saudi Arabia, Bahrain and Kuwait"), in this
    sentence or up to `reach` sentences around it. Read off the words, so it
    works in sentences the NLP stage did not parse."""
    doc = sentence.doc
    sentences = list(doc.sents)
    here = next((n for n, s in enumerate(sentences) if s.start == sentence.start), 0)
    order = [here] + [n for d in range(1, reach + 1) for n in (here + d, here - d) if 0 <= n < len(sentences)]
    for n in order:
        text = sentences[n].text
        codes: list[str] = []
        last_end: int | None = None
        for mention in country_mentions(text):
            joined = last_end is not None and _list_glue(text[last_end : mention.start])
            if not joined:
                if len(codes) >= 2:
                    return codes
                codes = []
            if mention.value not in codes and mention.value not in exclude:
                codes.append(mention.value)
            last_end = mention.end
        if len(codes) >= 2:
            return codes
    return []


LIST_GLUE = frozenset({",", "and", "&", "as", "well", "the", "plus"})


def _list_glue(between: str) -> bool:
    """Are two names joined as items of one list ("A, B and C")?"""
    return all(w.lower() in LIST_GLUE for w in re.findall(r"[\w&]+|,", between))


def actor_country(tokens: list[Token], index: PeopleIndex) -> tuple[str | None, str | None]:
    """Country and body of the side that acts: "the Russian Foreign Ministry"."""
    for tok in tokens:
        name = index.person_at(tok)
        if name and index.country_of(name):
            return index.country_of(name), None
        ent = entity_at(tok)
        if ent is not None and ent.label_ in {"GPE", "ORG", "NORP", "FAC"}:
            code = country_code(ent.text)
            if code:
                body = ent.text if ent.label_ in {"ORG", "FAC"} else None
                return code, body
        code = country_code(tok.text) if tok.pos_ in {"PROPN", "ADJ"} else None
        if code:
            return code, None
    return None, None
