"""Reading an event's arguments off the dependency parse.

Helpers the event builder (tasks/extraction/components/events.py) uses to find who
and which countries take part in an event, where and when it happens, and
who the envoy of a summons or recall is. Each takes spaCy tokens and returns
plain values; none of them decides what counts as an event.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from tasks.extraction.components.people import (
    PRONOUNS_OTHER,
    PRONOUNS_SUBJECT,
    PeopleIndex,
    chain_left,
    entity_at,
    ents_in,
    role_lemma,
)
from tasks.extraction.eligibility import private_group
from tasks.extraction.countries import country_code as _library_country_code
from tasks.extraction.countries import country_mentions, organisation_name
from tasks.extraction.patterns import (
    OFFICE_ROLES,
    ENVOY_NOUNS,
    ENVOY_PHRASES,
    LEADER_ROLES,
    LIGHT_VERBS,
    MINISTER_ROLES,
    OFFICE_OVER_PRIVATE,
    PHONE_WORDS,
    PRIVATE_ROLES,
    SPEECH_VERBS,
    TITLE_WORDS,
    TRAVEL_VERBS,
    VIDEO_WORDS,
)


def country_code(text: str, *, place: bool = False) -> str | None:
    """Spelling correction only for words the NER already reads as places:
    elsewhere it turns surnames into countries ("Trump")."""
    return _library_country_code(text, fuzzy=place)


# Prepositions whose object is a side of the event ("talks with X").
SIDE_PREPS = {"with", "between", "among", "of", "by", "from", "to", "and"}
# Prepositions that introduce a topic or reason, never a side.
TOPIC_PREPS = {"on", "about", "over", "regarding", "concerning", "for", "after", "against", "amid", "despite", "following", "before", "since", "during", "under", "into", "across", "like", "as", "than", "including", "at", "in", "near", "outside", "inside", "within"}
CLAUSE_DEPS = {"relcl", "advcl", "ccomp", "parataxis", "csubj", "conj", "cc", "punct", "mark", "xcomp"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
ABSTRACT_OBJECTS = {
    "demand", "need", "target", "deadline", "criterion", "criteria", "standard", "expectation", "requirement",
    "goal", "obligation", "challenge", "cost", "threshold", "condition", "end", "fate", "death", "request",
    "letter", "call", "award", "prize", "message", "support", "backing", "news", "criticism", "approval",
    "decision", "move", "proposal", "report", "vaccine", "dose", "aid", "sentence", "treatment", "olympics",
    "game", "games", "event", "website", "site", "page", "hospital", "school", "museum", "factory", "plant",
    "base", "area", "region", "village", "town", "city", "scene", "border", "front", "site",
}
WEAK_NOUNS = {"talk", "talks", "conversation", "conversations", "negotiation", "negotiations"}
GROUP_NOUNS = {"delegation", "mission", "team", "official", "officials", "diplomat", "diplomats", "minister",
               "ministers", "leader", "leaders", "negotiator", "negotiators", "representative",
               "representatives", "envoy", "envoys", "counterpart", "counterparts", "president", "presidents",
               "premier", "king", "emir", "observer", "observers", "chief", "delegate", "delegates", "government"}
# Nouns for a group of officials: "met Israeli officials", "a delegation from Iraq".
OFFICIAL_GROUPS = {"delegation", "official", "diplomat", "minister", "leader", "negotiator", "representative",
                   "envoy", "government", "administration", "ministry", "authority", "counterpart", "delegate"}
HOST_VERBS = {"host", "receive", "welcome"}
# Verbs of a clause that only says when the event is: "which takes place on ...".
EVENT_TIME_VERBS = {"take", "hold", "schedule", "expect", "set", "slate", "plan", "begin", "start", "end", "last", "run", "happen", "occur", "due"}
# Roles that name someone attached to another person: "a top aide to Zelenskiy".
ATTACHED_ROLES = {"aide", "adviser", "advisor", "assistant", "envoy", "ambassador", "representative", "spokesman", "spokeswoman", "spokesperson", "lawyer", "deputy"}
ARRIVAL_VERBS = {"arrive", "be", "travel", "fly", "go", "head", "land", "return", "come", "leave"}


def phrase_tokens(token: Token, *, stop_at_topics: bool = True, with_conjuncts: bool = True) -> list[Token]:
    """The phrase headed by `token`, without subordinate clauses and without
    topic phrases ("talks on Ukraine": Ukraine is no side); without what is
    coordinated with it when not `with_conjuncts` ("Peru" of "Peru and Chile")."""
    out = [token]
    for child in token.children:
        if child.dep_ in {"relcl", "advcl", "ccomp", "parataxis", "acl", "punct"}:
            continue
        if not with_conjuncts and child.dep_ in {"conj", "cc"}:
            continue
        if child.dep_ == "prep" and stop_at_topics and child.lower_ in TOPIC_PREPS:
            continue
        out.extend(phrase_tokens(child, stop_at_topics=stop_at_topics))
    return out


def argument_heads(trigger: Token, chain: list[Token]) -> list[Token]:
    """Heads of the phrases that name the event's sides."""
    heads: list[Token] = []
    for child in trigger.children:
        if child.dep_ in {"nsubj", "nsubjpass", "dobj", "poss", "compound", "nmod", "amod", "appos", "npadvmod", "attr", "dative"}:
            heads.append(child)
        elif child.dep_ == "oprd" and child.pos_ == "PROPN":  # "called X to congratulate him", misparsed
            heads.append(child)
        elif child.dep_ in {"prep", "agent"} and child.lower_ in SIDE_PREPS:
            heads.extend(c for c in child.children if c.dep_ in {"pobj", "pcomp"})
        elif child.dep_ == "prep" and child.lower_ == "to" and trigger.pos_ == "NOUN":
            heads.extend(c for c in child.children if c.dep_ == "pobj")
    if not any(c.dep_ in {"nsubj", "nsubjpass"} for c in trigger.children) and trigger.pos_ == "VERB":
        heads.extend(controller_subjects(trigger))
    if trigger.dep_ == "amod":  # "Jordan's visiting King Abdullah II"
        heads.append(trigger.head)
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in trigger.children)
    for governor in chain[1:]:
        if governor.pos_ in {"VERB", "AUX", "ADJ"}:
            # Only the nearest subject above takes part: "whether Putin saw the
            # need to meet Biden" (Putin), not the spokesman answering the question.
            subjects = [c for c in governor.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if not has_subject:
                heads.extend(subjects)
                has_subject = bool(subjects)
            if governor.lemma_.lower() in LIGHT_VERBS | {"give", "extend", "accord"} and trigger.pos_ == "NOUN":
                # "held talks with X", "gave a warm welcome to X"
                heads.extend(
                    p for c in governor.children if c.dep_ == "prep" and c.lower_ in {"with", "between", "among", "to"}
                    for p in c.children if p.dep_ == "pobj"
                )
            heads.extend(
                p for c in governor.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
            )
        elif governor.pos_ in {"NOUN", "PROPN"}:
            heads.extend(c for c in governor.children if c.dep_ == "poss")
            # "a US offer to host a summit", "an offer from Afghanistan for talks"
            heads.extend(c for c in governor.children if c.dep_ == "compound" and c.ent_type_ in {"GPE", "NORP"})
            heads.extend(
                p for c in governor.children if c.dep_ == "prep" and c.lower_ in {"from", "by"}
                for p in c.children if p.dep_ == "pobj"
            )
        if governor.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in governor.children):
            heads.extend(c for c in governor.head.children if c.dep_ in {"nsubj", "nsubjpass"})
    return [h for h in heads if h.i != trigger.i]


def controller_subjects(verb: Token) -> list[Token]:
    """The subject a verb without one borrows from the clause it depends on:
    "Blinken was due to visit Israel to meet Netanyahu" (Blinken meets)."""
    current = verb
    for _ in range(6):
        if current.dep_ not in {"xcomp", "advcl", "acomp", "conj", "ccomp", "acl", "dobj", "pobj", "prep"} or current.head is current:
            return []
        current = current.head
        if current.lemma_.lower() in SPEECH_VERBS:
            return []
        subjects = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects and current.pos_ in {"VERB", "AUX", "ADJ"}:
            return subjects
    return []


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
    unknown_people: int = 0  # officials named by role only, country unknown
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
        if self.unplaced and len(set(self.countries) | set(hosts)) == 1:
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
        if name and not node is tok:
            return not index.is_official(name)
        if node is not tok and role_lemma(node) in PRIVATE_ROLES:
            # "crown prince": an office word in the title wins
            return not any(c.lower_ in OFFICE_OVER_PRIVATE for c in node.lefts)
        if node.dep_ not in {"amod", "compound", "nmod", "poss", "flat"} or node.head is node:
            return False
        node = node.head
    return False


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
    while node.dep_ in {"compound", "flat"} and node.head is not node:
        node = node.head
    if node.dep_ == "poss":
        owned = node.head
    elif node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ == "NOUN":
        owned = node.head.head
    else:
        return False
    return not (owned.i in event_tokens or owned.lower_ in EVENT_NOUNS | STATE_ACTS)


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
            name = index.resolve_pronoun(tok)
            if name:
                sides.add_person(name, index)
            elif code := index.pronoun_country(tok):  # "the Ukrainian president said he ..."
                sides.add_country(code)
                sides.officials += 1
            continue
        if (low in {"they", "them", "their", "both"} and tok.pos_ == "PRON") or (low == "each" and tok.nbor(1).lower_ == "other"):
            sides.plural_pronoun = True
            if len(sides.people) < 2:
                for person in index.recent_people(tok):
                    sides.add_person(person, index)
            continue
        if tok.pos_ in {"NOUN", "PROPN"} and role_lemma(tok) in LEADER_ROLES | MINISTER_ROLES | ENVOY_NOUNS | {"counterpart"}:
            if not describes_private(tok, index):
                sides.officials += 1
            if tok.tag_ in {"NNS", "NNPS"} and names_organisation(tok.doc[tok.left_edge.i : tok.right_edge.i + 1]):
                sides.member_states = True  # "leaders of the European Union", "NATO foreign ministers"
            resolved = index.resolve_title(tok)
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
            # An official named by role only may be the other side, unless the
            # phrase itself gives a country ("ministers from the Georgian government").
            if tok.pos_ == "NOUN" and not any(country_code(t.text) for t in tok.subtree if t.i != tok.i and (t.ent_type_ or t.pos_ in {"PROPN", "ADJ"})):
                sides.unknown_people += 1
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in OFFICIAL_GROUPS and not private_group(tok):
            sides.officials += 1
        elif tok.tag_ == "NNS" and tok.lemma_.lower() in {"nation", "country", "state", "government", "ally"} and tok.dep_ in {"nsubj", "nsubjpass"}:
            sides.member_states = True  # "when the world's nations meet", "NATO allies will meet"
        if describes_private(tok, index):
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
    while node.dep_ in {"compound", "flat"} and node.head.pos_ == "PROPN" and node.head is not node:
        node = node.head  # the last word of a multiword name
    if node.dep_ in {"amod", "compound", "nmod", "poss"}:
        modified = node.head
    elif node.dep_ == "pobj" and node.head.lower_ in {"from", "of"} and node.head.head.pos_ in {"NOUN", "PROPN"}:
        modified = node.head.head  # "a delegation from Iraq", "scientists from Brazil"
    else:
        return True
    if modified.i in event_tokens or modified.lower_ in EVENT_NOUNS | STATE_ACTS:
        return True
    if modified.pos_ == "PROPN" or modified.ent_type_:
        return True  # "Pakistan President Zia": a name or title the people index reads
    if private_group(modified):
        return False  # "a business delegation from Germany"
    lemma = modified.lemma_.lower()
    return lemma in STATE_NOUNS or role_lemma(modified) in OFFICE_ROLES | ENVOY_NOUNS | LEADER_ROLES | MINISTER_ROLES


# Acts a state performs: "a US offer to host a summit", "an offer from Kabul".
STATE_ACTS = frozenset({
    "offer", "proposal", "invitation", "request", "statement", "demand", "bid", "message", "letter", "plan",
    "initiative", "decision", "move", "appeal", "suggestion", "refusal", "announcement", "pressure", "push",
})
# Nouns that name an event of one of the four kinds.
EVENT_NOUNS = frozenset({
    "meeting", "meetings", "summit", "summits", "talks", "talk", "visit", "visits", "negotiations", "conference",
    "trip", "call", "calls", "conversation", "dialogue", "relations", "ties", "recall", "summons", "visit",
})


def places_under(token: Token, preps: set[str]) -> list[Span]:
    """Place entities in "in X" / "at X" phrases attached to `token`,
    including one level of nesting ("at the G20 summit in Rome")."""
    found: list[Span] = []
    for child in token.children:
        if child.dep_ != "prep" or child.lower_ not in preps:
            continue
        for obj in child.children:
            if obj.dep_ != "pobj":
                continue
            if obj.lemma_.lower() in TOWN_NOUNS:  # "in the eastern German city of Leipzig"
                named = next((p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                              for p in c.children if p.dep_ == "pobj"), None)
                if named is not None and named.pos_ == "PROPN":
                    ent = entity_at(named)  # whatever the recogniser called it, "the city of X" is a place
                    start = ent.start if ent is not None else named.i
                    found.append(Span(obj.doc, start, ent.end if ent is not None else named.i + 1, label="GPE"))
                    continue
            if obj.pos_ == "NOUN" and obj.lower_ in EVENT_NOUNS:  # "at the Munich security conference"
                modifiers = [t for left in obj.lefts if left.dep_ in {"compound", "nmod"} for t in left.subtree]
                found += [e for e in map(entity_at, modifiers) if e is not None and e.label_ == "GPE"][:1]
            ent = entity_at(obj)
            if ent is not None and ent.label_ in PLACE_LABELS | {"ORG"}:
                found.append(ent)
            elif ent is not None and ent.label_ == "PERSON" and child.lower_ == "in":
                found.append(Span(obj.doc, ent.start, ent.end, label="GPE"))  # "met in Weimar": no one is in a person
            elif ent is None and obj.pos_ == "PROPN" and obj.text[:1].isupper():
                # a place the recogniser missed ("met in Weimar")
                first = min([obj.i] + [c.i for c in obj.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"])
                found.append(Span(obj.doc, first, obj.i + 1, label="GPE"))
            found.extend(places_under(obj, {"in", "at"}))
    return found


TOWN_NOUNS = frozenset({"city", "town", "capital", "resort", "port", "village", "province", "region", "state",
                        "estate", "residence", "retreat", "island"})


def visit_destinations(trigger: Token, chain: list[Token]) -> list[Span]:
    """Where a visit goes: "visit to X", "visited X", "arrived in X"."""
    out: list[Span] = []
    lemma = trigger.lemma_.lower()
    if lemma in TRAVEL_VERBS:
        out += places_under(trigger, {"to", "in", "for"})
    if lemma == "visit" or trigger.lower_ in {"trip", "trips", "visiting"}:
        for child in trigger.children:
            if child.dep_ == "dobj" or (child.dep_ == "prep" and child.lower_ in {"to", "in"}):
                targets = [child] if child.dep_ == "dobj" else [c for c in child.children if c.dep_ == "pobj"]
                if child.dep_ == "dobj" and not child.ent_type_:
                    targets = [t for t in child.subtree if t.ent_type_ in PLACE_LABELS][:1] or targets
                for target in targets:
                    if target.lemma_.lower() in {"city", "capital", "town", "port", "region", "province"}:
                        # "a visit to the Chinese city of Wuhan"
                        target = next((p for c in target.children if c.dep_ == "prep" and c.lower_ == "of"
                                       for p in c.children if p.dep_ == "pobj"), target)
                    for tok in conjuncts([target]):
                        ent = entity_at(tok)
                        if ent is not None and ent.label_ in PLACE_LABELS and ent not in out:
                            out.append(ent)
            if child.dep_ == "compound":  # "his India visit"
                ent = entity_at(child)
                if ent is not None and ent.label_ in PLACE_LABELS:
                    out.append(ent)
        if trigger.dep_ == "amod":  # "Jordan's visiting King": the visit is to the sentence's place
            for place in places_under(trigger.head.head, {"in", "to"}):
                out.append(place)
    for governor in chain[1:] + ([trigger.head] if trigger.dep_ in {"advcl", "xcomp", "conj", "pobj"} else []):
        if governor.lemma_.lower() in ARRIVAL_VERBS:
            for place in places_under(governor, {"in", "to", "at"}):
                if place not in out:
                    out.append(place)
        if governor.dep_ == "pobj" and governor.head.head.lemma_.lower() in ARRIVAL_VERBS:
            for place in places_under(governor.head.head, {"in", "to", "at"}):
                if place not in out:
                    out.append(place)
    return out


def dates_for(trigger: Token, chain: list[Token], sentence: Span) -> list[Span]:
    """DATE entities that modify the event: inside the trigger's own phrase
    or attached to a word that governs it, not to some other clause."""
    members = {t.i for t in chain}
    found: list[tuple[int, Span]] = []
    for ent in ents_in(sentence):
        if ent.label_ != "DATE":
            continue
        node = ent.root
        steps = 0
        ok = False
        while steps < 6:
            if node.i in members:
                ok = True
                break
            if node.head is node:
                break
            if node.dep_ in {"relcl", "advcl", "ccomp", "conj", "parataxis"} and node.i not in members:
                # "Xi's visit to India, which is expected to take place between
                # October 11 and 13": a clause about the event's own timing counts.
                if not (node.dep_ == "relcl" and node.lemma_.lower() in EVENT_TIME_VERBS):
                    break
            node = node.head
            steps += 1
        if ok:
            found.append((steps, ent))
    found.sort(key=lambda pair: pair[0])
    return [ent for _, ent in found]


def event_name(trigger: Token) -> str:
    """A named event's name, folded for comparison: "Summit of the Americas",
    "G20 summit", "Wuhan informal summit"."""
    tokens = [c for c in trigger.lefts if c.dep_ in {"compound", "nmod", "amod"} and c.pos_ in {"PROPN", "NUM"}]
    tokens.append(trigger)
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ == "PROPN":
                    tokens += [c for c in obj.lefts if c.pos_ == "PROPN"] + [obj]
    return " ".join(t.lower_.rstrip("s") for t in tokens)


def conjuncts(tokens: list[Token]) -> list[Token]:
    """The tokens and everything coordinated with them ("Norway, Ireland and Spain")."""
    out: list[Token] = []
    stack = list(tokens)
    while stack:
        tok = stack.pop(0)
        if tok not in out:
            out.append(tok)
            stack.extend(c for c in tok.children if c.dep_ == "conj")
    return out


def phone_or_video(tokens: list[Token]) -> str | None:
    words = {t.lower_ for t in tokens}
    if words & PHONE_WORDS or "phone" in words:
        return "telephone"
    if words & VIDEO_WORDS:
        return "video"
    return None


def medium_context(trigger: Token, chain: list[Token]) -> list[Token]:
    tokens = list(trigger.subtree) if trigger.pos_ == "NOUN" else [trigger] + [
        t for c in trigger.children if c.dep_ in {"prep", "compound", "amod", "npadvmod", "advmod", "dobj"} for t in c.subtree
    ]
    for governor in chain[1:2]:
        tokens += [t for c in governor.children if c.dep_ in {"prep", "advmod"} and c.lower_ in {"by", "over", "via", "on"} for t in c.subtree]
    return tokens


def evidence_span(sentence: Span, trigger: Token) -> Span:
    """The sentence, cut to the line the trigger is on (paragraphs are
    lines; a parse that runs across two lines is cut back)."""
    doc = sentence.doc
    start, end = sentence.start, sentence.end
    for i in range(trigger.i - 1, sentence.start - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            start = i + 1
            break
    for i in range(trigger.i, sentence.end):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            end = i + 1 if "\n" not in doc[i].text else i
            break
    span = doc[start:end]
    while len(span) > 1 and span[-1].is_space:
        span = doc[span.start : span.end - 1]
    while len(span) > 1 and span[0].is_space:
        span = doc[span.start + 1 : span.end]
    return span


def sends_home(verb: Token) -> bool:
    """"called its envoy home", "brought the ambassador back": the verb sends
    someone home."""
    return any(c.lower_ in {"home", "back"} and c.dep_ in {"prt", "advmod", "npadvmod", "dobj", "prep", "oprd"}
               for c in verb.children) or any(
        c.lower_ == "home" and c.dep_ in {"advmod", "npadvmod"} for o in verb.children if o.dep_ == "dobj" for c in o.children)


def names_envoy(token: Token | None, index: PeopleIndex) -> bool:
    """Does the noun phrase headed by `token` name an accredited diplomat?"""
    if token is None:
        return False
    words = {t.lower_.strip(".") for t in chain_left(token)} | {token.lower_, token.lemma_.lower()}
    if words & ENVOY_NOUNS or any("affaires" in w for w in words):
        return True
    # "the deputy chief of mission": the phrase's own "of" words count too
    words |= {t.lower_ for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree}
    if any(phrase <= words for phrase in ENVOY_PHRASES):
        return True
    name = index.person_at(token)
    if name and index.people[name].is_envoy:
        return True
    for child in token.children:
        if child.dep_ == "appos" and (child.lemma_.lower() in ENVOY_NOUNS or names_envoy(child, index) and child.pos_ == "NOUN"):
            return True
    return False


def object_of(verb: Token) -> Token | None:
    """The thing acted on: direct object, or passive subject."""
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubjpass"}:
            return child
    if verb.lemma_.lower() == "call":  # "called in the Russian charge d'affaires", parsed as a preposition
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "into"}:
                return next((p for p in child.children if p.dep_ == "pobj"), None)
    for child in verb.children:  # "called in the ambassador"
        if child.dep_ == "prt":
            for sub in verb.children:
                if sub.dep_ == "dobj":
                    return sub
    return None


def own_marker(envoy: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in {"its", "their", "his", "her", "our", "own"} for c in envoy.children) or any(
        c.lower_ == "own" for c in envoy.children
    )


def countries_in_envoy_phrase(head: Token, index: PeopleIndex, *, exclude_preps: set[str]) -> tuple[list[str], list[str]]:
    """(own countries, host countries) named in a diplomat phrase:
    "the US Ambassador to Moscow" -> (['USA'], ['RUS'])."""
    own: list[str] = []
    host: list[str] = []
    for tok in chain_left(head):
        if tok is head:
            continue
        code = country_code(tok.text) if tok.pos_ in {"PROPN", "ADJ", "NOUN"} or tok.ent_type_ else None
        ent = entity_at(tok)
        if ent is not None and ent.label_ in {"GPE", "NORP", "ORG"}:
            code = country_code(ent.text) or code
        if code and code not in own:
            own.append(code)
    for child in head.children:
        if child.dep_ == "prep":
            targets = [c for c in child.children if c.dep_ == "pobj"]
            more = [cc for t in targets for cc in t.children if cc.dep_ == "conj"]
            more += [ccc for t in more for ccc in t.children if ccc.dep_ == "conj"]
            for target in targets + more:
                ent = entity_at(target)
                code = country_code(ent.text if ent is not None else target.text)
                if not code:  # "Ambassador to Kenya Jibril Abdulle": the country before the name
                    code = next((country_code(c.text) for c in target.lefts
                                 if c.dep_ == "compound" and country_code(c.text)), None)
                if not code:
                    continue
                if child.lower_ in exclude_preps:
                    if code not in host:
                        host.append(code)
                elif child.lower_ == "of" and code not in own:
                    own.append(code)
        if child.dep_ == "appos":
            name = index.person_at(child)
            if name and index.country_of(name) and index.country_of(name) not in own:
                own.append(index.country_of(name))
    name = index.person_at(head)
    if name and index.country_of(name) and index.country_of(name) not in own:
        own.append(index.country_of(name))
    return own, host


def envoy_name(head: Token, index: PeopleIndex) -> str | None:
    name = index.person_at(head)
    if name:
        return name
    for tok in phrase_tokens(head, stop_at_topics=False):
        name = index.person_at(tok)
        if name:
            return name
    # "the ambassador, Name," and "the ambassador to Mogadishu, Name," where
    # the parser hangs the name on the host
    places = [p for c in head.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    for owner in [head, *places]:
        for child in owner.children:
            if child.dep_ == "appos":
                name = index.person_at(child) or appositive_name(child)
                if name:
                    return name
    return None


def appositive_name(token: Token) -> str | None:
    """A name set beside an envoy noun ("the Turkish ambassador, Sadik
    Arslan,") that the recogniser labelled as something else: two or more
    capitalised proper nouns that name no state, body or office."""
    parts = [c for c in token.lefts if c.dep_ in {"compound", "flat"} and c.pos_ == "PROPN"] + [token]
    if len(parts) < 2 or token.pos_ != "PROPN" or not all(t.text[:1].isupper() and t.is_alpha for t in parts):
        return None
    text = " ".join(t.text for t in parts)
    if country_code(text) or organisation_name(text) or any(t.lower_ in TITLE_WORDS for t in parts):
        return None
    if any(country_code(t.text) for t in parts):
        return None
    return text


def phrase_text(head: Token) -> str:
    """The words naming a diplomat: "the Hungarian ambassador", "its
    ambassador to Russia" (time phrases and reasons left out)."""
    tokens = [head]
    for child in head.children:
        if child.dep_ == "prep" and (child.lower_ not in {"to", "in", "of", "from", "at"} or any(t.ent_type_ in {"DATE", "TIME"} for t in child.subtree)):
            continue
        if child.dep_ in {"relcl", "acl", "appos", "punct", "cc", "conj"}:
            continue
        tokens.extend(child.subtree)
    tokens.sort(key=lambda t: t.i)
    start, end = tokens[0].i, tokens[-1].i + 1
    span = head.doc[start:end]
    text = " ".join(span.text.split()).strip(" ,")
    return text[:120]


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


def acting_side_tokens(trigger: Token, chain: list[Token]) -> list[Token]:
    """The words of `acting_side_heads`' phrases."""
    return [t for head in acting_side_heads(trigger, chain) for t in phrase_tokens(head)]


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


def state_antecedent(pronoun: Token) -> str | None:
    """The state an "it" or "they" refers back to: the nearest country that
    is the subject of a clause before it, in this sentence or the two before."""
    doc = pronoun.doc
    start = pronoun.sent.start
    for _ in range(2):
        if start > 0:
            start = doc[start - 1].sent.start
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
            joined = last_end is not None and all(w.lower() in LIST_GLUE for w in re.findall(r"[\w&]+|,", text[last_end : mention.start]))
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
