"""Pipeline component `parley_events`: event mentions from trigger words.

For every trigger the Matcher finds (see tasks/patterns.py), it reads the
trigger's arguments off the dependency parse (who, which countries, where,
when), checks that they make a diplomatic event of that kind (two sides; an
envoy for summons and recalls), and reads the status from the grammar
(tasks/status.py). The result is `doc._.event_mentions`, one `Mention` per
statement; merging mentions of the same event is the next step's job.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from models.events import EventKind, EventStatus
from tasks.components.people import PRONOUNS_OTHER, PRONOUNS_SUBJECT, PeopleIndex, chain_left, role_lemma
from tasks.countries import country_code as _library_country_code
from tasks.countries import organisation_name
from tasks.dates import ResolvedDate, resolve_date
from tasks.patterns import (
    DOMESTIC_MEETING_MODIFIERS,
    ENVOY_NOUNS,
    LEADER_ROLES,
    LIGHT_VERBS,
    MINISTER_ROLES,
    PATTERNS,
    PHONE_WORDS,
    SPEECH_VERBS,
    VIDEO_WORDS,
)
from tasks.places import is_country_name
from tasks.status import StatusReading, _clause_verb, governing_chain, read_status


def country_code(text: str, *, place: bool = False) -> str | None:
    """Spelling correction only for words the NER already reads as places:
    elsewhere it turns surnames into countries ("Trump")."""
    return _library_country_code(text, fuzzy=place)


if not Doc.has_extension("triggers"):
    Doc.set_extension("triggers", default=None)
if not Doc.has_extension("event_mentions"):
    Doc.set_extension("event_mentions", default=None)
if not Doc.has_extension("published_on"):
    Doc.set_extension("published_on", default=None)

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
HOST_VERBS = {"host", "receive", "welcome"}
# Verbs of a clause that only says when the event is: "which takes place on ...".
EVENT_TIME_VERBS = {"take", "hold", "schedule", "expect", "set", "slate", "plan", "begin", "start", "end", "last", "run", "happen", "occur", "due"}
# Roles that name someone attached to another person: "a top aide to Zelenskiy".
ATTACHED_ROLES = {"aide", "adviser", "advisor", "assistant", "envoy", "ambassador", "representative", "spokesman", "spokeswoman", "spokesperson", "lawyer", "deputy"}
ARRIVAL_VERBS = {"arrive", "be", "travel", "fly", "go", "head", "land", "return", "come", "leave"}


@dataclass
class Mention:
    kind: EventKind
    trigger: int
    sentence: Span
    reading: StatusReading
    people: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    date: ResolvedDate | None = None
    location: str | None = None
    in_person: bool = False
    medium: str | None = None
    summoning_country: str | None = None
    summoned_by: str | None = None
    envoy: str | None = None
    envoy_country: str | None = None
    recalling_country: str | None = None
    host_country: str | None = None
    reason: str | None = None
    weak: bool = False  # a generic noun ("talks") that other mentions may absorb
    named_event: bool = False  # "G20 summit", "Summit of the Americas"
    name: str | None = None  # the named event's own name, to merge its mentions
    hosts: tuple[str, ...] = ()  # the country a visit goes to
    plural_pronoun: bool = False
    mentions: int = 1  # how many statements were merged into this one
    envoy_guess: bool = False  # envoy named elsewhere, matched without a known country
    envoy_phrase: str | None = None  # the words the sentence itself uses for the envoy
    anaphoric: bool = False  # "the meeting was scrapped": refers back to an event already named

    @property
    def status(self) -> EventStatus:
        return self.reading.status


# ---------------------------------------------------------------------------
# Reading arguments off the parse


def _subtree_tokens(token: Token, *, stop_at_topics: bool = True) -> list[Token]:
    """The phrase headed by `token`, without subordinate clauses and without
    topic phrases ("talks on Ukraine": Ukraine is no side)."""
    out = [token]
    for child in token.children:
        if child.dep_ in {"relcl", "advcl", "ccomp", "parataxis", "acl", "punct"}:
            continue
        if child.dep_ == "prep" and stop_at_topics and child.lower_ in TOPIC_PREPS:
            continue
        out.extend(_subtree_tokens(child, stop_at_topics=stop_at_topics))
    return out


def _argument_heads(trigger: Token, chain: list[Token]) -> list[Token]:
    """Heads of the phrases that name the event's sides."""
    heads: list[Token] = []
    for child in trigger.children:
        if child.dep_ in {"nsubj", "nsubjpass", "dobj", "poss", "compound", "nmod", "amod", "appos", "npadvmod", "attr", "dative"}:
            heads.append(child)
        elif child.dep_ in {"prep", "agent"} and child.lower_ in SIDE_PREPS:
            heads.extend(c for c in child.children if c.dep_ in {"pobj", "pcomp"})
        elif child.dep_ == "prep" and child.lower_ == "to" and trigger.pos_ == "NOUN":
            heads.extend(c for c in child.children if c.dep_ == "pobj")
    if not any(c.dep_ in {"nsubj", "nsubjpass"} for c in trigger.children) and trigger.pos_ == "VERB":
        heads.extend(_controller_subjects(trigger))
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


def _controller_subjects(verb: Token) -> list[Token]:
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
    people: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    plural_pronoun: bool = False
    unknown_people: int = 0  # officials named by role only, country unknown

    def add_person(self, name: str | None, index: PeopleIndex) -> None:
        if name and name not in self.people:
            self.people.append(name)
            code = index.country_of(name)
            if code:
                self.add_country(code)

    def add_country(self, code: str | None) -> None:
        if code and code not in self.countries:
            self.countries.append(code)

    def absorb(self, other: "Sides", index: PeopleIndex) -> None:
        """Add another phrase's people and countries to these sides."""
        for person in other.people:
            self.add_person(person, index)
        for code in other.countries:
            self.add_country(code)


def _entity_at(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _attached_to_role(tok: Token) -> bool:
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


def read_sides(tokens: list[Token], index: PeopleIndex, *, skip: set[int] = frozenset()) -> Sides:
    sides = Sides()
    seen_ents: set[int] = set()
    for tok in sorted(tokens, key=lambda t: t.i):
        if tok.i in skip:
            continue
        name = index.person_at(tok)
        if name:
            if _attached_to_role(tok):
                sides.add_country(index.country_of(name))  # the aide takes part, not the one aided
            else:
                sides.add_person(name, index)
            continue
        low = tok.lower_
        if low in PRONOUNS_SUBJECT | PRONOUNS_OTHER and tok.pos_ == "PRON":
            sides.add_person(index.resolve_pronoun(tok), index)
            continue
        if (low in {"they", "them", "their", "both"} and tok.pos_ == "PRON") or (low == "each" and tok.nbor(1).lower_ == "other"):
            sides.plural_pronoun = True
            if len(sides.people) < 2:
                for person in index.recent_people(tok):
                    sides.add_person(person, index)
            continue
        if tok.pos_ in {"NOUN", "PROPN"} and role_lemma(tok) in LEADER_ROLES | MINISTER_ROLES | ENVOY_NOUNS | {"counterpart"}:
            resolved = index.resolve_title(tok)
            for person in resolved:
                sides.add_person(person, index)
            if resolved:
                continue
            # An official named by role only may be the other side, unless the
            # phrase itself gives a country ("ministers from the Georgian government").
            if tok.pos_ == "NOUN" and not any(country_code(t.text) for t in tok.subtree if t.i != tok.i and (t.ent_type_ or t.pos_ in {"PROPN", "ADJ"})):
                sides.unknown_people += 1
        ent = _entity_at(tok)
        if ent is not None:
            if ent.start in seen_ents:
                continue
            seen_ents.add(ent.start)
            if ent.label_ in {"GPE", "NORP", "ORG", "LOC", "FAC", "PERSON"}:
                org = organisation_name(ent.text)
                if org:
                    if org not in sides.organisations:
                        sides.organisations.append(org)
                    continue
                sides.add_country(country_code(ent.text, place=ent.label_ in {"GPE", "NORP"}))
            continue
        if tok.pos_ in {"PROPN", "ADJ"} or tok.tag_ == "NNP":
            org = organisation_name(tok.text)
            if org and org not in sides.organisations:
                sides.organisations.append(org)
            else:
                sides.add_country(country_code(tok.text))
    return sides


def _places_under(token: Token, preps: set[str]) -> list[Span]:
    """Place entities in "in X" / "at X" phrases attached to `token`,
    including one level of nesting ("at the G20 summit in Rome")."""
    found: list[Span] = []
    for child in token.children:
        if child.dep_ != "prep" or child.lower_ not in preps:
            continue
        for obj in child.children:
            if obj.dep_ != "pobj":
                continue
            ent = _entity_at(obj)
            if ent is not None and ent.label_ in PLACE_LABELS | {"ORG"}:
                found.append(ent)
            found.extend(_places_under(obj, {"in", "at"}))
    return found


def _destinations(trigger: Token, chain: list[Token]) -> list[Span]:
    """Where a visit goes: "visit to X", "visited X", "arrived in X"."""
    out: list[Span] = []
    lemma = trigger.lemma_.lower()
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
                    for tok in _conjuncts([target]):
                        ent = _entity_at(tok)
                        if ent is not None and ent.label_ in PLACE_LABELS and ent not in out:
                            out.append(ent)
            if child.dep_ == "compound":  # "his India visit"
                ent = _entity_at(child)
                if ent is not None and ent.label_ in PLACE_LABELS:
                    out.append(ent)
        if trigger.dep_ == "amod":  # "Jordan's visiting King": the visit is to the sentence's place
            for place in _places_under(trigger.head.head, {"in", "to"}):
                out.append(place)
    for governor in chain[1:] + ([trigger.head] if trigger.dep_ in {"advcl", "xcomp", "conj", "pobj"} else []):
        if governor.lemma_.lower() in ARRIVAL_VERBS:
            for place in _places_under(governor, {"in", "to", "at"}):
                if place not in out:
                    out.append(place)
        if governor.dep_ == "pobj" and governor.head.head.lemma_.lower() in ARRIVAL_VERBS:
            for place in _places_under(governor.head.head, {"in", "to", "at"}):
                if place not in out:
                    out.append(place)
    return out


def _dates_for(trigger: Token, chain: list[Token], sentence: Span) -> list[Span]:
    """DATE entities that modify the event: inside the trigger's own phrase
    or attached to a word that governs it, not to some other clause."""
    members = {t.i for t in chain}
    found: list[tuple[int, Span]] = []
    for ent in sentence.ents:
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


def _event_name(trigger: Token) -> str:
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


def _conjuncts(tokens: list[Token]) -> list[Token]:
    """The tokens and everything coordinated with them ("Norway, Ireland and Spain")."""
    out: list[Token] = []
    stack = list(tokens)
    while stack:
        tok = stack.pop(0)
        if tok not in out:
            out.append(tok)
            stack.extend(c for c in tok.children if c.dep_ == "conj")
    return out


def _phone_or_video(tokens: list[Token]) -> str | None:
    words = {t.lower_ for t in tokens}
    if words & PHONE_WORDS or "phone" in words:
        return "telephone"
    if words & VIDEO_WORDS:
        return "video"
    return None


def _medium_context(trigger: Token, chain: list[Token]) -> list[Token]:
    tokens = list(trigger.subtree) if trigger.pos_ == "NOUN" else [trigger] + [
        t for c in trigger.children if c.dep_ in {"prep", "compound", "amod", "npadvmod", "advmod", "dobj"} for t in c.subtree
    ]
    for governor in chain[1:2]:
        tokens += [t for c in governor.children if c.dep_ in {"prep", "advmod"} and c.lower_ in {"by", "over", "via", "on"} for t in c.subtree]
    return tokens


def _evidence(sentence: Span, trigger: Token) -> Span:
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


# ---------------------------------------------------------------------------
# Kind-specific checks


def _envoy_phrase(token: Token | None, index: PeopleIndex) -> bool:
    """Does the noun phrase headed by `token` name an accredited diplomat?"""
    if token is None:
        return False
    words = {t.lower_.strip(".") for t in chain_left(token)} | {token.lower_, token.lemma_.lower()}
    if words & ENVOY_NOUNS or any("affaires" in w for w in words):
        return True
    name = index.person_at(token)
    if name and index.people[name].is_envoy:
        return True
    for child in token.children:
        if child.dep_ == "appos" and (child.lemma_.lower() in ENVOY_NOUNS or _envoy_phrase(child, index) and child.pos_ == "NOUN"):
            return True
    return False


def _object_of(verb: Token) -> Token | None:
    """The thing acted on: direct object, or passive subject."""
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubjpass"}:
            return child
    if verb.lemma_.lower() == "call":  # "called in the Russian charge d'affaires", parsed as a preposition
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "in":
                return next((p for p in child.children if p.dep_ == "pobj"), None)
    for child in verb.children:  # "called in the ambassador"
        if child.dep_ == "prt":
            for sub in verb.children:
                if sub.dep_ == "dobj":
                    return sub
    return None


def _own_marker(envoy: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in {"its", "their", "his", "her", "our", "own"} for c in envoy.children) or any(
        c.lower_ == "own" for c in envoy.children
    )


def _country_in_phrase(head: Token, index: PeopleIndex, *, exclude_preps: set[str]) -> tuple[list[str], list[str]]:
    """(own countries, host countries) named in a diplomat phrase:
    "the US Ambassador to Moscow" -> (['USA'], ['RUS'])."""
    own: list[str] = []
    host: list[str] = []
    for tok in chain_left(head):
        if tok is head:
            continue
        code = country_code(tok.text) if tok.pos_ in {"PROPN", "ADJ", "NOUN"} or tok.ent_type_ else None
        ent = _entity_at(tok)
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
                ent = _entity_at(target)
                code = country_code(ent.text if ent is not None else target.text)
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


def _envoy_name(head: Token, index: PeopleIndex) -> str | None:
    name = index.person_at(head)
    if name:
        return name
    for tok in _subtree_tokens(head, stop_at_topics=False):
        name = index.person_at(tok)
        if name:
            return name
    for child in head.children:
        if child.dep_ == "appos":
            name = index.person_at(child)
            if name:
                return name
    return None


def _phrase_text(head: Token) -> str:
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
    text = span.text.strip(" ,")
    return text[:120]


def _actor_tokens(trigger: Token, chain: list[Token]) -> list[Token]:
    """Words naming the side that acts: the subject, a passive's agent, or
    the subject of a word governing the trigger ("refused to recall")."""
    tokens: list[Token] = []
    for child in trigger.children:
        if child.dep_ == "nsubj":
            tokens.extend(_subtree_tokens(child))
        if child.dep_ == "agent":
            tokens.extend(t for c in child.children for t in _subtree_tokens(c))
    for governor in chain[1:]:
        for child in governor.children:
            if child.dep_ == "nsubj":
                tokens.extend(_subtree_tokens(child))
    return tokens


def _actor_country(tokens: list[Token], index: PeopleIndex) -> tuple[str | None, str | None]:
    """Country and body of the side that acts: "the Russian Foreign Ministry"."""
    for tok in tokens:
        name = index.person_at(tok)
        if name and index.country_of(name):
            return index.country_of(name), None
        ent = _entity_at(tok)
        if ent is not None and ent.label_ in {"GPE", "ORG", "NORP", "FAC"}:
            code = country_code(ent.text)
            if code:
                body = ent.text if ent.label_ in {"ORG", "FAC"} else None
                return code, body
        code = country_code(tok.text) if tok.pos_ in {"PROPN", "ADJ"} else None
        if code:
            return code, None
    return None, None


# ---------------------------------------------------------------------------
# The builder


class EventBuilder:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.index: PeopleIndex = doc._.people or PeopleIndex(doc)
        self.published_on: date | None = doc._.published_on

    def build(self, kind: str, trigger: Token) -> list[Mention]:
        sentence = trigger.sent
        handler = getattr(self, f"_build_{kind}")
        return handler(trigger, sentence)

    # -- shared pieces ------------------------------------------------
    def _date(self, trigger: Token, chain: list[Token], sentence: Span, reading: StatusReading) -> ResolvedDate | None:
        for ent in _dates_for(trigger, chain, sentence):
            resolved = resolve_date(ent.text, published_on=self.published_on, tense=reading.tense)
            if resolved is not None:
                return resolved
        return None

    def _sides(self, trigger: Token, chain: list[Token]) -> Sides:
        tokens: list[Token] = []
        for head in _argument_heads(trigger, chain):
            tokens.extend(_subtree_tokens(head))
        if trigger.lower_ in {"virtual", "video"}:  # "the virtual summit": the noun is the head
            tokens.extend(_subtree_tokens(trigger.head))
        return read_sides(tokens, self.index, skip={trigger.i})

    def _location(self, trigger: Token, chain: list[Token], destinations: list[Span]) -> str | None:
        places = _places_under(trigger, {"in", "at"})
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ == "of":  # "Summit of the Americas in Los Angeles"
                for obj in child.children:
                    places += _places_under(obj, {"in", "at"})
            if child.dep_ in {"compound", "nmod"} and trigger.pos_ in {"NOUN", "PROPN"}:  # "the Wuhan summit"
                ent = _entity_at(child)
                if ent is not None and ent.label_ == "GPE":
                    places.append(ent)
        for child in trigger.children:  # "meet Jordan's foreign minister in Amman"
            if child.dep_ == "dobj":
                places += _places_under(child, {"in", "at"})
        for governor in chain[1:]:
            places += _places_under(governor, {"in", "at"})
        if trigger.dep_ in {"xcomp", "advcl"}:
            places += _places_under(trigger.head, {"in"})
        places += destinations
        for place in places:
            text = place.text
            if text.lower().startswith("the "):
                text = text[4:]
            if is_country_name(text) or organisation_name(text) or place.label_ == "LOC":
                continue  # countries, regions and continents are not locations
            if place.label_ == "ORG" and not any(w in text.lower() for w in ("house", "palace", "kremlin", "hall", "centre", "center", "hotel")):
                continue
            return text
        return None

    def _base(self, kind: EventKind, trigger: Token, sentence: Span) -> tuple[list[Token], StatusReading]:
        return governing_chain(trigger), read_status(trigger)

    # -- meetings -----------------------------------------------------
    def _meeting_trigger_ok(self, trigger: Token) -> bool:
        lemma = trigger.lemma_.lower()
        low = trigger.lower_
        if trigger.pos_ == "VERB":
            obj = _object_of(trigger)
            if obj is not None and obj.lemma_.lower() in ABSTRACT_OBJECTS and lemma != "visit":
                return False
            if lemma in HOST_VERBS:
                if obj is None:
                    return False
                if not (self.index.person_at(obj) or obj.lemma_.lower() in GROUP_NOUNS or obj.lower_ in {"meeting", "summit", "talks"}
                        or obj.ent_type_ in {"PERSON", "NORP"} or country_code(obj.text)):
                    return False
            if lemma == "visit" and obj is not None:
                # Something in the object must be a place or a person: "visited
                # China" (even when misparsed, "China post-nullification"), not
                # "visited the website".
                objects = [t for c in trigger.children if c.dep_ == "dobj" for t in c.subtree]
                if not any(t.ent_type_ in PLACE_LABELS | {"PERSON", "ORG", "NORP"} or self.index.person_at(t) for t in objects):
                    return False
            return True
        if any(c.lower_ in DOMESTIC_MEETING_MODIFIERS and c.dep_ in {"compound", "amod", "nmod"} for c in trigger.children):
            return False
        if low in {"conference"} and not any(c.dep_ in {"compound", "amod", "nmod"} and (c.pos_ == "PROPN" or c.lower_ in {"peace", "international", "multilateral", "regional", "donor", "donors", "summit", "ministerial"}) for c in trigger.children):
            return False
        return True

    def _build_meeting(self, trigger: Token, sentence: Span) -> list[Mention]:
        if not self._meeting_trigger_ok(trigger):
            return []
        if (trigger.pos_ in {"NOUN", "PROPN"} and trigger.dep_ == "pobj" and trigger.head.lower_ in {"at", "on", "during"}
                and trigger.head.head.lemma_.lower() in {"meet", "talk", "speak", "confer", "negotiate", "sit"}):
            return []  # "did not meet at the G20 summit": the summit is the venue of the meeting stated
        chain, reading = self._base(EventKind.MEETING, trigger, sentence)
        medium = _phone_or_video(_medium_context(trigger, chain))
        low = trigger.lower_
        if low in {"conversation", "conversations"} and medium is None:
            # A conversation is a meeting only where a place says it was in person.
            if not _places_under(trigger, {"in", "at"}):
                return []
        if medium is not None and low in WEAK_NOUNS | {"conversation", "conversations"}:
            return []  # "talks by phone": the call pattern reports it
        sides = self._sides(trigger, chain)
        destinations = _destinations(trigger, chain)
        hosts: list[str] = self._here_host(trigger)
        for place in destinations:
            code = country_code(place.text)
            if code and code not in hosts:
                hosts.append(code)
        location = self._location(trigger, chain, destinations)
        if medium == "video" and trigger.pos_ in {"NOUN", "PROPN"} and len(set(sides.countries)) <= 2:
            return []  # a bilateral video summit is a call; the call pattern reports it
        # A summit is a meeting of leaders by nature: attending one needs no second side named.
        summit_attended = low in {"summit", "summits"} and bool(sides.people or sides.countries)
        named_event = low in {"summit", "summits", "conference"} and (
            any(c.pos_ == "PROPN" or organisation_name(c.text) for c in trigger.children if c.dep_ in {"compound", "nmod", "amod", "prep"})
            or trigger.pos_ == "PROPN"
        )
        name = _event_name(trigger) if named_event else None
        if not sides.people and not sides.countries and trigger.pos_ in {"NOUN", "PROPN"}:
            # "the head of U.S. diplomacy is in Panama meeting ...": fall back on the clause's subject
            for subject in _controller_subjects(trigger) if trigger.dep_ in {"acl", "advcl", "xcomp"} else []:
                more = read_sides(_subtree_tokens(subject), self.index)
                sides.absorb(more, self.index)
        if len(set(sides.countries)) + len(sides.organisations) < 2 and trigger.pos_ in {"NOUN", "PROPN"}:
            self._add_clause_sides(trigger, sides)
        meets_someone = any(
            c.dep_ == "prep" and c.lower_ == "with" and any(self.index.person_at(t) for t in c.subtree) for c in trigger.children
        )
        if trigger.pos_ in {"NOUN", "PROPN"} and (not sides.countries and not sides.people or meets_someone and len(sides.countries) < 2):
            # "Israel and the Palestinians agreed ... on the second day of a
            # multilateral conference": the clause's subject took part.
            verb = _clause_verb(trigger)
            if verb is not None and verb.lemma_.lower() in SPEECH_VERBS:
                # a misattached phrase: the reported clause holds the parties
                verb = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            if verb is not None:
                for subject in [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}] or _controller_subjects(verb):
                    more = read_sides(_subtree_tokens(subject), self.index)
                    sides.absorb(more, self.index)
        if self._refers_back(trigger, sides) and not named_event:
            return [Mention(kind=EventKind.MEETING, trigger=trigger.i, sentence=_evidence(sentence, trigger),
                            reading=reading, location=location, anaphoric=True,
                            date=self._date(trigger, chain, sentence, reading))]
        countries = list(sides.countries)
        rows: list[Mention] = []
        # A visit to several countries is one visit per host (GUIDELINES).
        # A trip or tour to several countries stays one row; "will visit A and B" is two visits.
        host_groups = [[h] for h in hosts] if len(hosts) > 1 and trigger.pos_ == "VERB" else [hosts]
        for group in host_groups:
            row_countries = [c for c in countries if c not in hosts or len(host_groups) == 1]
            for code in group:
                if code not in row_countries:
                    row_countries.append(code)
            two_sides = len(set(row_countries)) + len(sides.organisations) >= 2
            one_side_with_unknown = len(set(row_countries)) == 1 and (sides.unknown_people > 0 or len(sides.people) >= 2 or sides.plural_pronoun)
            if not (two_sides or named_event or summit_attended or self._foreign_unknown(sides) or (one_side_with_unknown and low not in WEAK_NOUNS)):
                continue
            if low in WEAK_NOUNS and not (two_sides or named_event or self._foreign_unknown(sides)):
                continue
            rows.append(
                Mention(
                    kind=EventKind.MEETING,
                    trigger=trigger.i,
                    sentence=_evidence(sentence, trigger),
                    reading=reading,
                    people=list(sides.people),
                    countries=row_countries,
                    organisations=list(sides.organisations),
                    date=self._date(trigger, chain, sentence, reading),
                    location=location,
                    in_person=bool(location or hosts) or medium is None and low not in WEAK_NOUNS,
                    medium="video" if medium == "video" else None,
                    weak=low in WEAK_NOUNS and not location and not hosts,
                    named_event=named_event,
                    name=name,
                    hosts=tuple(group),
                    plural_pronoun=sides.plural_pronoun,
                )
            )
        return rows

    def _here_host(self, trigger: Token) -> list[str]:
        """"A visit here by X": here is where the sentence's subject is,
        the country the report is written from."""
        if not any(c.lower_ == "here" for c in trigger.children):
            return []
        root = trigger.sent.root
        for child in root.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                code, _ = _actor_country(_subtree_tokens(child), self.index)
                return [code] if code else []
        return []

    def _add_clause_sides(self, trigger: Token, sides: Sides) -> None:
        """Sides named in a clause that describes the event noun itself:
        "Trump's July 25 call when he asked Zelenskiy", "a meeting Zelenskiy
        wanted with Trump"."""
        for child in trigger.children:
            if child.dep_ in {"relcl", "acl", "advcl"}:
                tokens = [t for t in child.subtree if t.i != trigger.i]
                more = read_sides(tokens, self.index)
                sides.absorb(more, self.index)

    @staticmethod
    def _refers_back(trigger: Token, sides: Sides) -> bool:
        """A definite event noun with no sides of its own ("the meeting was
        scrapped") talks about an event named before."""
        definite = any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in trigger.children)
        return (trigger.pos_ == "NOUN" and definite and not sides.people and not sides.countries
                and not sides.organisations and not sides.plural_pronoun)

    def _foreign_unknown(self, sides: Sides) -> bool:
        """A named participant whose country the article does not give."""
        return any(self.index.country_of(p) is None for p in sides.people) and len(sides.people) >= 2

    # -- calls ----------------------------------------------------------
    def _build_call(self, trigger: Token, sentence: Span) -> list[Mention]:
        chain, reading = self._base(EventKind.CALL, trigger, sentence)
        lemma = trigger.lemma_.lower()
        low = trigger.lower_
        medium = _phone_or_video(_medium_context(trigger, chain))
        if trigger.pos_ == "VERB":
            deps = {c.dep_ for c in trigger.children}
            # "called on Monday" is a time, "called on Russia to" is an appeal
            preps = {c.lower_ for c in trigger.children if c.dep_ == "prep"
                     and not any(t.ent_type_ in {"DATE", "TIME"} for t in c.subtree)}
            particles = {c.lower_ for c in trigger.children if c.dep_ == "prt"}
            if lemma == "call":
                if deps & {"oprd", "xcomp", "ccomp", "attr", "acomp"} or preps & {"on", "for", "upon", "off", "in"} or particles - {"up"}:
                    return []
                obj = _object_of(trigger)
                if obj is None and "with" not in preps:
                    return []
                if obj is not None and not (self.index.person_at(obj) or obj.lemma_.lower() in GROUP_NOUNS | LEADER_ROLES | MINISTER_ROLES
                                            or country_code(obj.text) or obj.lower_ in PRONOUNS_OTHER):
                    return []
                if trigger.dep_ in {"amod", "acl"} and trigger.tag_ == "VBN":  # "so-called", "a group called X"
                    return []
                medium = medium or "telephone"
            elif lemma in {"phone", "telephone", "ring", "dial"}:
                medium = "telephone"
            elif lemma in {"speak", "talk"}:
                obj_tokens = [c for c in trigger.children if c.dep_ in {"dobj"}] + [
                    p for c in trigger.children if c.dep_ == "prep" and c.lower_ in {"with", "to"} for p in c.children if p.dep_ == "pobj"
                ]
                officials = [o for o in obj_tokens if self.index.person_at(o) or self.index.resolve_title(o)]
                if medium is None and not officials:
                    return []  # "spoke to reporters": a call needs a phone or a named official
        else:
            if low in {"call", "calls"}:
                words = {c.lower_ for c in trigger.children}
                preps = {c.lower_ for c in trigger.children if c.dep_ == "prep"}
                if preps & {"for", "to"} and not preps & {"with", "between"}:
                    return []
                if words & {"wake-up", "close", "judgment", "roll", "curtain", "last", "final", "boarding", "conference", "margin"}:
                    return []
                has_side = any(c.dep_ == "poss" for c in trigger.children) or preps & {"with", "between"}
                has_marker = medium is not None or any(c.ent_type_ == "DATE" for c in trigger.children)
                if not (has_side or has_marker):
                    return []
                medium = medium or "telephone"
            elif low in {"conversation", "conversations"}:
                if medium is None:
                    return []
            elif low in {"virtual", "video"}:
                medium = "video"
            elif low in {"videoconference", "video-conference"}:
                medium = "video"
        sides = self._sides(trigger, chain)
        if medium == "video" and (sides.organisations or len(set(sides.countries)) > 2):
            # A multilateral conference by video is a meeting held virtually (GUIDELINES).
            if low in {"virtual", "video"}:
                return []  # the meeting pattern reports "virtual summit" nouns itself
            return [
                Mention(
                    kind=EventKind.MEETING, trigger=trigger.i, sentence=_evidence(sentence, trigger), reading=reading,
                    people=list(sides.people), countries=list(sides.countries), organisations=list(sides.organisations),
                    date=self._date(trigger, chain, sentence, reading), medium="video",
                )
            ]
        if len(set(sides.countries)) < 2 and trigger.pos_ in {"NOUN", "PROPN"}:
            self._add_clause_sides(trigger, sides)
        # Two countries, or two named people one of whom the article gives no
        # country (a role word alone, "military officials", is not enough).
        if len(set(sides.countries)) < 2 and not (len(sides.people) >= 2 and self._foreign_unknown(sides)):
            return []
        return [
            Mention(
                kind=EventKind.CALL,
                trigger=trigger.i,
                sentence=_evidence(sentence, trigger),
                reading=reading,
                people=list(sides.people),
                countries=list(sides.countries),
                organisations=list(sides.organisations),
                date=self._date(trigger, chain, sentence, reading),
                medium=medium,
                plural_pronoun=sides.plural_pronoun,
            )
        ]

    # -- summons and recalls ---------------------------------------------
    def _envoy(self, envoy_head: Token, country: str | None, mention_date: ResolvedDate | None) -> tuple[str | None, bool]:
        """(name, guessed): the envoy named in the phrase itself, else
        elsewhere in the article; `guessed` when matched without a known
        country (see _drop_ambiguous_envoys)."""
        name = _envoy_name(envoy_head, self.index)
        return (name, False) if name else self._article_envoy(country, mention_date, envoy_head)

    def _article_envoy(self, country: str | None, mention_date: ResolvedDate | None, envoy_head: Token) -> tuple[str | None, bool]:
        """The envoy named elsewhere in the article, when this mention is
        about the article's own story (not a past episode, not "an envoy")."""
        if any(c.lower_ in {"a", "an", "any"} for c in envoy_head.children if c.dep_ == "det"):
            return None, False
        if envoy_head.tag_ in {"NNS", "NNPS"}:
            return None, False
        if mention_date is not None and self.published_on is not None and abs(mention_date.value.year - self.published_on.year) > 0:
            return None, False
        if mention_date is not None and self.published_on is None and mention_date.precision.value == "year":
            return None, False
        candidates = []
        for person in self.index.envoys():
            if person.country and country and person.country != country:
                continue
            candidates.append(person)
        if len(candidates) == 1:
            return candidates[0].name, candidates[0].country is None
        return None, False

    def _other_country(self, exclude: set[str], sentence: Span) -> str | None:
        for ent in sentence.ents:
            code = country_code(ent.text) if ent.label_ in {"GPE", "NORP", "ORG"} else None
            if code and code not in exclude:
                return code
        return None

    def _build_summons(self, trigger: Token, sentence: Span) -> list[Mention]:
        if trigger.pos_ not in {"VERB", "NOUN"}:
            return []
        envoy = _object_of(trigger)
        if trigger.pos_ == "NOUN":  # "the summons of the ambassador"
            envoy = next((p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"), None)
        if not _envoy_phrase(envoy, self.index):
            return []
        if any(c.dep_ == "prep" and c.lower_ in {"to"} and any(p.lower_ in {"court", "tribunal", "hearing"} for p in c.subtree) for c in trigger.children):
            return []
        if _own_marker(envoy):
            return self._build_recall(trigger, sentence, envoy=envoy)
        chain, reading = self._base(EventKind.SUMMONS, trigger, sentence)
        own, host = _country_in_phrase(envoy, self.index, exclude_preps={"to", "in"})
        summoning, body = _actor_country(_actor_tokens(trigger, chain), self.index)
        if summoning is None and host:
            summoning = host[0]
        envoy_country = next((c for c in own if c != summoning), None)
        if summoning is None:
            summoning = self._other_country({envoy_country} if envoy_country else set(), sentence)
        if envoy_country is None:
            envoy_country = self._other_country({summoning} if summoning else set(), sentence)
        if not summoning or not envoy_country or summoning == envoy_country:
            return []
        date = self._date(trigger, chain, sentence, reading)
        name, guess = self._envoy(envoy, envoy_country, date)
        return [
            Mention(
                kind=EventKind.SUMMONS,
                trigger=trigger.i,
                sentence=_evidence(sentence, trigger),
                reading=reading,
                people=[name] if name else [],
                countries=[summoning, envoy_country],
                date=date,
                summoning_country=summoning,
                summoned_by=body,
                envoy=name or _phrase_text(envoy),
                envoy_country=envoy_country,
                envoy_guess=guess,
                envoy_phrase=_phrase_text(envoy),
            )
        ]

    def _build_recall(self, trigger: Token, sentence: Span, *, envoy: Token | None = None) -> list[Mention]:
        lemma = trigger.lemma_.lower()
        if envoy is None:
            if trigger.pos_ == "NOUN":  # "the recall of its ambassador"
                envoy = next((p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"), None)
            else:
                if any(c.dep_ in {"ccomp"} for c in trigger.children):
                    return []  # "recalled that ..."
                envoy = _object_of(trigger)
        if not _envoy_phrase(envoy, self.index):
            return []
        if lemma == "withdraw" and envoy.lemma_.lower() not in ENVOY_NOUNS and not self.index.person_at(envoy):
            return []
        chain, reading = self._base(EventKind.RECALL, trigger, sentence)
        own, hosts = _country_in_phrase(envoy, self.index, exclude_preps={"to", "in", "from"})
        for child in trigger.children:  # "withdrew its ambassador from Qatar"
            if child.dep_ == "prep" and child.lower_ in {"from", "in", "to"}:
                for obj in _conjuncts([o for o in child.children if o.dep_ == "pobj"]):
                    code = country_code(obj.text)
                    if code and code not in hosts:
                        hosts.append(code)
        actor_tokens = _actor_tokens(trigger, chain)
        for parent in [trigger.head] if trigger.dep_ in {"acl", "xcomp"} and trigger.head.pos_ == "NOUN" else []:
            actor_tokens.extend(t for c in parent.children if c.dep_ == "poss" for t in _subtree_tokens(c))
        recalling, _ = _actor_country(actor_tokens, self.index)
        if recalling is None:
            recalling = next((c for c in own if c not in hosts), None)
        # A compound country on an own envoy is where it is posted: "a Washington envoy".
        if recalling is not None:
            for code in own:
                if code != recalling and code not in hosts:
                    hosts.append(code)
        hosts = [h for h in hosts if h != recalling]
        if not recalling or not hosts:
            return []
        date = self._date(trigger, chain, sentence, reading)
        reason = None
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in {"for", "over", "in"} and not any(country_code(t.text) for t in child.subtree):
                reason = " ".join(t.text for t in child.subtree)[:120]
                break
        rows = []
        for host in hosts:
            # with several hosts, "its ambassadors" names no one envoy
            name, guess = self._envoy(envoy, recalling, date) if len(hosts) == 1 else (None, False)
            rows.append(
                Mention(
                    kind=EventKind.RECALL,
                    trigger=trigger.i,
                    sentence=_evidence(sentence, trigger),
                    reading=reading,
                    people=[name] if name else [],
                    countries=[recalling, host],
                    date=date,
                    recalling_country=recalling,
                    host_country=host,
                    envoy=name or _phrase_text(envoy),
                    reason=reason,
                    envoy_guess=guess,
                    envoy_phrase=_phrase_text(envoy),
                )
            )
        return rows


# ---------------------------------------------------------------------------
# Components


@Language.factory("parley_triggers")
def make_trigger_component(nlp: Language, name: str):
    matcher = Matcher(nlp.vocab)
    for kind, patterns in PATTERNS.items():
        matcher.add(kind, patterns())

    def component(doc: Doc) -> Doc:
        found: list[tuple[str, int]] = []
        seen: set[tuple[str, int]] = set()
        for match_id, start, end in matcher(doc):
            kind = nlp.vocab.strings[match_id]
            # The trigger is the match's first token ("virtual summit" ->
            # virtual, "sit down with" -> sit), except after a light verb,
            # where the event noun is ("gave a warm welcome" -> welcome).
            anchor = start
            if end - start > 1 and doc[start].lemma_.lower() in {"give", "extend", "accord"}:
                anchor = end - 1
            key = (kind, anchor)
            if key not in seen:
                seen.add(key)
                found.append(key)
        doc._.triggers = sorted(found, key=lambda pair: pair[1])
        return doc

    return component


def _drop_ambiguous_envoys(mentions: list[Mention]) -> None:
    """An envoy named elsewhere without a country can only be matched when
    the article's summonses and recalls concern one pair of countries."""
    pairs = {
        (m.kind, m.summoning_country or m.recalling_country, m.envoy_country or m.host_country)
        for m in mentions if m.kind in (EventKind.SUMMONS, EventKind.RECALL)
    }
    if len(pairs) <= 1:
        return
    for m in mentions:
        if m.envoy_guess and m.people:
            m.envoy = m.envoy_phrase
            m.people = []
            m.envoy_guess = False


@Language.factory("parley_events")
def make_event_component(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        builder = EventBuilder(doc)
        mentions: list[Mention] = []
        for kind, index in doc._.triggers or []:
            mentions.extend(builder.build(kind, doc[index]))
        _drop_ambiguous_envoys(mentions)
        doc._.event_mentions = mentions
        return doc

    return component
