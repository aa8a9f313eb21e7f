"""Pipeline component `parley_events`: event mentions from trigger words.

For every trigger `parley_triggers` found (see tasks/extraction/patterns.py), it reads
the trigger's arguments off the dependency parse (tasks/extraction/arguments.py
and sides.py: who, which countries, where, when), checks that they make a
diplomatic event of
that kind (two sides; an envoy for summons and recalls), and reads the
status from the grammar (tasks/extraction/status.py). The result is
`doc._.event_mentions`, one `Mention` per statement; merging mentions of the
same event is tasks/extraction/merge.py's job.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from models.events import EventKind, EventStatus
from tasks.extraction.arguments import (
    ABSTRACT_OBJECTS,
    GROUP_NOUNS,
    HOST_VERBS,
    PLACE_LABELS,
    WEAK_NOUNS,
    argument_heads,
    conjuncts,
    controller_subjects,
    countries_in_envoy_phrase,
    country_code,
    dates_for,
    entity_at,
    envoy_name,
    event_name,
    evidence_span,
    medium_context,
    names_envoy,
    object_of,
    own_marker,
    phone_or_video,
    phrase_text,
    phrase_tokens,
    places_under,
    sends_home,
    town_named,
    visit_destinations,
)
from tasks.extraction.components.people import PRONOUNS_OTHER, PeopleIndex, ents_in
from tasks.extraction.sides import (
    acting_side_heads,
    acting_states,
    actor_country,
    read_sides,
    Sides,
    state_antecedent,
    STATE_PRONOUNS,
)
from tasks.extraction.countries import organisation_kind, organisation_name
from tasks.extraction.dates import ResolvedDate, resolve_date
from tasks.extraction.eligibility import in_fiction, names_a_product, private_purpose, sport_context
from tasks.extraction.patterns import (
    DOMESTIC_MEETING_MODIFIERS,
    ENVOY_NOUNS,
    LEADER_ROLES,
    MINISTER_ROLES,
    CALL_PURPOSES,
    PHONE_WORDS,
    SPEECH_VERBS,
    TRAVEL_VERBS,
)
from tasks.extraction.places import dateline_place, is_country_name, is_venue
from tasks.extraction.status import StatusReading, clause_verb, governing_chain, read_status
from tasks.extraction.truecase import headline_line

if not Doc.has_extension("event_mentions"):
    Doc.set_extension("event_mentions", default=None)
if not Doc.has_extension("published_on"):
    Doc.set_extension("published_on", default=None)


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
    # where the sentence or the dateline puts it, taken only if no mention of the event says
    context_location: str | None = None
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
    in_headline: bool = False  # stated in the article's headline

    @property
    def status(self) -> EventStatus:
        return self.reading.status


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
        expressions = [ent.text for ent in dates_for(trigger, chain, sentence)]
        # "Trump's July 25 call": a date in the event noun's own modifiers
        # that the recogniser folded into some other entity
        expressions += [" ".join(t.text for t in c.subtree) for c in trigger.lefts if c.dep_ in {"nmod", "compound", "npadvmod"}]
        # "Their previous conversation was in December 2019, on the sidelines
        # of the summit": the date of the clause the event noun sits in
        verb = clause_verb(trigger) if trigger.pos_ in {"NOUN", "PROPN"} else None
        if verb is not None:
            expressions += [ent.text for ent in dates_for(verb, [verb], sentence)]
        for text in expressions:
            resolved = resolve_date(text, published_on=self.published_on, tense=reading.tense)
            if resolved is not None:
                return resolved
        return None

    def _sides(self, trigger: Token, chain: list[Token]) -> Sides:
        tokens: list[Token] = []
        for head in argument_heads(trigger, chain):
            tokens.extend(phrase_tokens(head))
        if trigger.lower_ in {"virtual", "video"}:  # "the virtual summit": the noun is the head
            tokens.extend(phrase_tokens(trigger.head))
        return read_sides(tokens, self.index, skip={trigger.i})

    def _location(self, trigger: Token, chain: list[Token], destinations: list[Span]) -> str | None:
        places = places_under(trigger, {"in", "at"})
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ == "of":  # "Summit of the Americas in Los Angeles"
                for obj in child.children:
                    places += places_under(obj, {"in", "at"})
            if child.dep_ in {"compound", "nmod"} and trigger.pos_ in {"NOUN", "PROPN"}:  # "the Wuhan summit"
                if any(t.text in {"-", "–", "/"} for t in child.subtree):
                    continue  # "Tehran-Riyadh talks": capitals standing for the sides, not a venue
                for part in child.subtree:  # "the Copenhagen democracy summit"
                    ent = entity_at(part)
                    if ent is not None and ent.label_ == "GPE":
                        places.append(ent)
                        break
        for child in trigger.children:  # "meet Jordan's foreign minister in Amman"
            if child.dep_ == "dobj":
                places += places_under(child, {"in", "at"})
            if child.dep_ == "prep" and child.lower_ in {"with", "between"}:  # "talks with Zelenskiy at Chequers"
                for obj in child.children:
                    places += places_under(obj, {"at", "in"})  # countries never count (places.py)
            if child.dep_ in {"acl", "relcl"}:  # "talks held in Washington", "a summit scheduled in Leipzig"
                places += places_under(child, {"in", "at"})
                for grandchild in child.children:
                    if grandchild.dep_ in {"xcomp", "prep"} and grandchild.lower_ not in {"in", "at"}:
                        places += places_under(grandchild, {"in", "at"})
        for governor in chain[1:]:
            places += places_under(governor, {"in", "at"})
        places += self._hosting_city(trigger)
        if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" and trigger.head.head.dep_ in {"nsubj", "nsubjpass"}:
            places += places_under(trigger.head.head.head, {"in", "at"})  # "the fifth round of talks was held in Baghdad"
        if trigger.dep_ in {"xcomp", "advcl"}:
            places += places_under(trigger.head, {"in"})
        places += destinations
        for place in places:
            text = place.text
            if text.lower().startswith("the "):
                text = text[4:]
            if is_country_name(text) or organisation_name(text) or place.label_ == "LOC":
                continue  # countries, regions and continents are not locations
            if any(self._known_person(t) for t in place):
                continue  # a person the article titles, which the tagger took for a place
            if place.label_ == "ORG" and not (is_venue(text) or country_code(text, place=True)):
                continue  # an organisation, unless a building or a capital the tagger took for one ("Reykjavik")
            return text
        return None

    def _base(self, kind: EventKind, trigger: Token, sentence: Span) -> tuple[list[Token], StatusReading]:
        return governing_chain(trigger), read_status(trigger, instant=kind in (EventKind.SUMMONS, EventKind.RECALL))

    # -- meetings -----------------------------------------------------
    def _meeting_trigger_ok(self, trigger: Token) -> bool:
        lemma = trigger.lemma_.lower()
        low = trigger.lower_
        if trigger.pos_ == "VERB":
            obj = object_of(trigger)
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
        if any(c.lower_ in DOMESTIC_MEETING_MODIFIERS and c.dep_ in {"compound", "amod", "nmod"}
               and not organisation_name(" ".join(t.text for t in c.subtree)) for c in trigger.children):
            return False  # "a cabinet meeting"; but "a Council of Europe summit" is an organisation's
        if low in CONFERENCE_NOUNS and not _qualified_conference(trigger):
            # "the conference": one told before, or one whose sides the sentence names
            return _definite(trigger)
        return True

    def _build_meeting(self, trigger: Token, sentence: Span) -> list[Mention]:
        if (not self._meeting_trigger_ok(trigger) or names_a_product(trigger) or private_purpose(trigger)
                or in_fiction(trigger, sentence)):
            return []
        if (trigger.pos_ in {"NOUN", "PROPN"} and trigger.dep_ == "pobj" and trigger.head.lower_ in {"at", "on", "during"}
                and trigger.head.head.lemma_.lower() in {"meet", "talk", "speak", "confer", "negotiate", "sit"}):
            return []  # "did not meet at the G20 summit": the summit is the venue of the meeting stated
        chain, reading = self._base(EventKind.MEETING, trigger, sentence)
        if trigger.lemma_.lower() == "invite" and reading.status in (EventStatus.OCCURRED, EventStatus.PLANNED):
            # an invitation offers a visit: proposed (GUIDELINES), whatever date it names
            reading = StatusReading(EventStatus.PROPOSED, "future", "invite", True)
        medium = phone_or_video(medium_context(trigger, chain))
        low = trigger.lower_
        if low in {"call", "calls"} and not any(c.lower_ == "courtesy" for c in trigger.children):
            return []  # only a courtesy call is a meeting; other calls are the call rules' business
        if low in {"conversation", "conversations"} and medium is None:
            # A conversation is a meeting only where a place says it was in person.
            if not places_under(trigger, {"in", "at"}):
                return []
        if medium is not None and low in WEAK_NOUNS | {"conversation", "conversations"}:
            return []  # "talks by phone": the call pattern reports it
        sides = self._sides(trigger, chain)
        if low in {"call", "calls"}:  # "paid a courtesy call on the minister"
            for governor in chain[:2]:
                on = [p for c in governor.children if c.dep_ == "prep" and c.lower_ == "on" for p in c.children if p.dep_ == "pobj"]
                sides.absorb(read_sides([t for o in on for t in phrase_tokens(o)], self.index), self.index)
        destinations = visit_destinations(trigger, chain)
        hosts: list[str] = self._here_host(trigger)
        for place in destinations:
            code = country_code(place.text)
            if code and code not in hosts:
                hosts.append(code)
        if trigger.lemma_.lower() in TRAVEL_VERBS | {"invite"} and not (hosts and set(sides.countries) - set(hosts)):
            return []  # travelling (or being invited) is a visit only when someone goes to another country
        if goes_to_court(trigger):
            return []  # "arrived at the International Court of Justice": a hearing, no meeting (GUIDELINES)
        location = self._location(trigger, chain, destinations)
        if (medium == "video" and trigger.pos_ in {"NOUN", "PROPN"} and len(set(sides.countries)) <= 2
                and not (sides.organisations or sides.member_states)):
            return []  # a bilateral video summit is a call; the call pattern reports it
        # A summit is a meeting of leaders by nature: attending one needs no second side named.
        summit_attended = low in {"summit", "summits"} and bool(sides.people or sides.countries)
        named_event = low in {"summit", "summits", "conference", "gathering"} and (
            any(c.pos_ == "PROPN" or organisation_name(c.text) for c in trigger.children if c.dep_ in {"compound", "nmod", "amod", "prep"})
            or trigger.pos_ == "PROPN"
        )
        if named_event and not self._intergovernmental(trigger, sides):
            named_event = summit_attended = False  # "the Cloud Native Summit": an industry meeting
        name = event_name(trigger) if named_event else None
        if not sides.people and not sides.countries and trigger.pos_ in {"NOUN", "PROPN"}:
            # "the head of U.S. diplomacy is in Panama meeting ...": fall back on the clause's subject
            for subject in controller_subjects(trigger) if trigger.dep_ in {"acl", "advcl", "xcomp"} else []:
                more = read_sides(phrase_tokens(subject), self.index)
                sides.absorb(more, self.index)
        if len(set(sides.countries)) + len(sides.organisations) < 2 and trigger.pos_ in {"NOUN", "PROPN"}:
            self._add_clause_sides(trigger, sides)
        meets_someone = any(
            c.dep_ == "prep" and c.lower_ == "with" and any(self.index.person_at(t) for t in c.subtree) for c in trigger.children
        )
        if trigger.pos_ in {"NOUN", "PROPN"} and (not sides.countries and not sides.people or meets_someone and len(sides.countries) < 2):
            # "Israel and the Palestinians agreed ... on the second day of a
            # multilateral conference": the clause's subject took part.
            verb = clause_verb(trigger)
            if verb is not None and verb.lemma_.lower() in SPEECH_VERBS and not after_event(trigger, verb):
                # a misattached phrase: the reported clause holds the parties
                verb = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            if verb is not None:
                for subject in [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}] or controller_subjects(verb):
                    more = read_sides(phrase_tokens(subject), self.index)
                    sides.absorb(more, self.index)
        if held_by_member_body(trigger, sides):
            sides.member_states = True  # "the African Union held a summit": its member states met
        if sport_context(sentence) and not sides.officials:
            return []  # country names are teams here
        if self._refers_back(trigger, sides) and not named_event:
            return [Mention(kind=EventKind.MEETING, trigger=trigger.i, sentence=evidence_span(sentence, trigger),
                            reading=reading, location=location, anaphoric=True,
                            date=self._date(trigger, chain, sentence, reading))]
        if self._joins_event_before(trigger, sides, named_event):
            # "Xi Jinping attended the conference": one side of an event
            # named before; it adds its people there
            return [Mention(kind=EventKind.MEETING, trigger=trigger.i, sentence=evidence_span(sentence, trigger),
                            reading=reading, location=location, anaphoric=True, people=list(sides.people),
                            date=self._date(trigger, chain, sentence, reading))]
        sides.place_officials(self.index, hosts=hosts)
        countries = list(sides.countries)
        rows: list[Mention] = []
        # A visit to several countries is one visit per host (GUIDELINES).
        # A trip or tour to several countries stays one row; "will visit A and
        # B" and "his trips to A and B" are two visits.
        host_groups = [[h] for h in hosts] if len(hosts) > 1 and (trigger.pos_ == "VERB" or trigger.tag_ == "NNS") else [hosts]
        for group in host_groups:
            row_countries = [c for c in countries if c not in hosts or len(host_groups) == 1]
            for code in group:
                if code not in row_countries:
                    row_countries.append(code)
            # Two different sides, or a named intergovernmental summit that
            # someone attends (tasks/extraction/eligibility.py).
            two_sides = len(set(row_countries)) + len(sides.organisations) >= 2 or (
                sides.member_states and not self._meets_outsiders(trigger, chain))
            if not (two_sides or named_event or summit_attended):
                continue
            context_location = None
            if location is None and medium is None and len(set(row_countries)) >= 2:
                context_location = self._location_from_context(trigger, sentence, row_countries)
            rows.append(
                Mention(
                    kind=EventKind.MEETING,
                    trigger=trigger.i,
                    sentence=evidence_span(sentence, trigger),
                    reading=reading,
                    people=list(sides.people),
                    countries=row_countries,
                    organisations=list(sides.organisations),
                    date=self._date(trigger, chain, sentence, reading),
                    location=location,
                    context_location=context_location,
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

    def _known_person(self, token: Token) -> bool:
        name = self.index.person_at(token)
        person = self.index.people.get(name) if name else None
        return person is not None and bool(person.roles or person.country)

    @staticmethod
    def _hosting_city(trigger: Token) -> list[Span]:
        """"the Chinese city of Wuhan, which hosted an informal summit": a
        place that hosts the event is where it is."""
        verb = trigger if trigger.lemma_.lower() == "host" else (
            trigger.head if trigger.dep_ == "dobj" and trigger.head.lemma_.lower() == "host" else None)
        if verb is None:
            return []
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if verb.dep_ == "relcl" and any(s.lower_ in {"which", "that"} for s in subjects):
            subjects = [verb.head]  # the place the relative clause describes
        places = []
        for subject in subjects:
            ent = entity_at(subject) or town_named(subject)
            if ent is not None and ent.label_ in {"GPE", "FAC"}:
                places.append(ent)
        return places

    def _location_from_context(self, trigger: Token, sentence: Span, countries: list[str]) -> str | None:
        """A city of one of the sides that the sentence or the report's
        dateline puts the meeting in, when the meeting's own phrase names
        none: "held talks with Romania's leaders, the first delegation to
        visit Bucharest"; "AGRA, India -- Talks between the leaders of India
        and Pakistan collapsed"."""
        for tok in sentence:
            if tok.i != trigger.i and (tok.lemma_.lower() == "visit" or tok.lemma_.lower() in TRAVEL_VERBS):
                for place in visit_destinations(tok, [tok]):
                    if not is_country_name(place.text) and country_code(place.text, place=True) in countries:
                        return place.text
        text = self.doc.text
        line_start = text.rfind("\n", 0, trigger.idx) + 1
        if line_start > sentence.start_char:
            return None
        found = dateline_place(text[line_start : line_start + 80])
        if found is None:
            return None
        place, written_country = found
        code = country_code(written_country) if written_country else country_code(place, place=True)
        return place if code in countries and not is_country_name(place) else None

    def _here_host(self, trigger: Token) -> list[str]:
        """"A visit here by X": here is where the sentence's subject is,
        the country the report is written from."""
        if not any(c.lower_ == "here" for c in trigger.children):
            return []
        root = trigger.sent.root
        for child in root.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                code, _ = actor_country(phrase_tokens(child), self.index)
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
        definite = _definite(trigger)
        return (trigger.pos_ == "NOUN" and definite and not sides.people and not sides.countries
                and not sides.organisations and not sides.plural_pronoun)

    def _joins_event_before(self, trigger: Token, sides: Sides, named_event: bool) -> bool:
        """A definite event noun with officials of one side only ("the
        meeting was attended by Qureshi") names who took part in an event
        told before, not an event of its own."""
        definite = _definite(trigger)
        one_side = len(set(sides.countries)) <= 1 and not sides.organisations and not sides.member_states
        return (trigger.pos_ == "NOUN" and trigger.lower_ not in WEAK_NOUNS and definite and not named_event and one_side
                and bool(sides.people) and _takes_part_in(trigger)
                and all(self.index.is_official(name) for name in sides.people))

    def _meets_outsiders(self, trigger: Token, chain: list[Token]) -> bool:
        """Does a group of states meet someone who is no side ("the two
        governments met with rural communities"), rather than each other?"""
        for word in [trigger, *chain[1:2]]:
            for child in word.children:
                objects = [child] if child.dep_ == "dobj" else (
                    [o for o in child.children if o.dep_ == "pobj"] if child.dep_ == "prep" and child.lower_ == "with" else [])
                for obj in objects:
                    if obj.i == trigger.i:
                        continue  # "held a summit": the event itself, not whom they met
                    other = read_sides(phrase_tokens(obj), self.index)
                    if not (other.officials or other.countries or other.organisations):
                        return True
        return False

    @staticmethod
    def _intergovernmental(trigger: Token, sides: Sides) -> bool:
        """Is a named summit or conference a meeting of states: its name holds
        an organisation or a place, or officials or states attend it? At a
        conference a state or an organisation must take part: people of no
        state speak at conferences of unions and industries ("being at a TDU
        conference")."""
        if trigger.lower_ in CONFERENCE_NOUNS:
            if sides.countries or sides.organisations:
                return True
        elif sides.officials or sides.countries or sides.organisations:
            return True
        name_words = [c for c in trigger.children if c.dep_ in {"compound", "nmod", "amod"}]
        name_words += [p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.subtree]
        return any(organisation_name(t.text) or t.ent_type_ in {"GPE", "NORP", "LOC"} or country_code(t.text) for t in name_words)

    # -- calls ----------------------------------------------------------
    def _build_call(self, trigger: Token, sentence: Span) -> list[Mention]:
        chain, reading = self._base(EventKind.CALL, trigger, sentence)
        lemma = trigger.lemma_.lower()
        low = trigger.lower_
        medium = phone_or_video(medium_context(trigger, chain))
        if trigger.pos_ == "VERB":
            deps = {c.dep_ for c in trigger.children}
            # "called on Monday" is a time, "called on Russia to" is an appeal
            preps = {c.lower_ for c in trigger.children if c.dep_ == "prep"
                     and not any(t.ent_type_ in {"DATE", "TIME"} for t in c.subtree)}
            particles = {c.lower_ for c in trigger.children if c.dep_ == "prt"}
            if lemma == "call":
                # "called X to congratulate him" is a phone call; "called X to
                # testify", "called X a liar" and "called on X to" are not
                purpose = [c for c in trigger.children if c.dep_ in {"xcomp", "advcl"}]
                called = None
                if purpose and all(c.lemma_.lower() in CALL_PURPOSES for c in purpose):
                    deps -= {"xcomp"}
                    # the parser may read the person called as "called X (to be) Y"
                    called = next((c for c in trigger.children if c.dep_ == "oprd" and self.index.person_at(c)), None)
                    if called is not None:
                        deps -= {"oprd"}
                if deps & {"oprd", "xcomp", "ccomp", "attr", "acomp"} or preps & {"on", "for", "upon", "off", "in", "into"} or particles - {"up"}:
                    return []
                if sends_home(trigger):
                    return []  # "called its envoy home": a recall
                obj = object_of(trigger) or called
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
                    # "the two ministers talked again on Friday": a call if the
                    # article says these people speak by phone
                    people = self._sides(trigger, chain).people
                    if len(people) < 2 or not self._phoned_before(people):
                        return []  # "spoke to reporters": a call needs a phone or a named official
                    medium = "telephone"
        else:
            if low in {"call", "calls"}:
                words = {c.lower_ for c in trigger.children}
                preps = {c.lower_ for c in trigger.children if c.dep_ == "prep"}
                if preps & {"for", "to"} and not preps & {"with", "between"}:
                    return []
                if words & {"wake-up", "close", "judgment", "roll", "curtain", "last", "final", "boarding", "conference", "margin", "courtesy"}:
                    return []  # "paid a courtesy call": a visit, which the meeting rules report
                has_side = any(c.dep_ == "poss" for c in trigger.children) or preps & {"with", "between"}
                has_marker = medium is not None or any(c.ent_type_ == "DATE" for c in trigger.children)
                if not (has_side or has_marker):
                    return []
                medium = medium or "telephone"
            elif low in {"conversation", "conversations", "talks", "discussion", "discussions", "chat"}:
                if medium is None:
                    return []  # in person unless a phone or video says otherwise
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
                    kind=EventKind.MEETING, trigger=trigger.i, sentence=evidence_span(sentence, trigger), reading=reading,
                    people=list(sides.people), countries=list(sides.countries), organisations=list(sides.organisations),
                    date=self._date(trigger, chain, sentence, reading), medium="video",
                )
            ]
        if len(set(sides.countries)) < 2 and trigger.pos_ in {"NOUN", "PROPN"}:
            self._add_clause_sides(trigger, sides)
        if len(set(sides.countries)) < 2:
            for name in self._fronted_phrase_subject(trigger):
                sides.add_person(name, self.index)
        sides.place_officials(self.index)
        # Two different states (tasks/extraction/eligibility.py); in a sentence
        # about sport, country names are teams and an official must take part.
        if len(set(sides.countries)) < 2 or sport_context(sentence) and not sides.officials:
            return []
        date = self._date(trigger, chain, sentence, reading)
        return [
            Mention(
                kind=EventKind.CALL,
                trigger=trigger.i,
                sentence=evidence_span(sentence, trigger),
                reading=reading,
                people=people,
                countries=countries,
                organisations=list(sides.organisations),
                date=date,
                medium=medium,
                plural_pronoun=sides.plural_pronoun,
            )
            for countries, people in self._call_pairs(trigger, chain, sentence, sides)
        ]

    def _call_pairs(self, trigger: Token, chain: list[Token], sentence: Span, sides: Sides) -> list[tuple[list[str], list[str]]]:
        """A call is between two sides: "Trump called Buhari and Zuma" is a
        call to each (one side, the caller, is named alone; the others are
        listed). A three-way or conference call stays one."""
        countries = list(dict.fromkeys(sides.countries))
        whole = [(countries, list(sides.people))]
        if len(countries) <= 2 or {t.lower_ for t in sentence} & {"three-way", "trilateral", "conference", "joint"}:
            return whole
        heads = acting_side_heads(trigger, chain) or (controller_subjects(trigger) if trigger.pos_ == "VERB" else [])
        acting = read_sides([t for h in heads for t in phrase_tokens(h)], self.index)
        named_alone = set(acting.countries) if len(set(acting.countries)) == 1 else set(countries) - set(acting.countries)
        if len(named_alone) != 1:
            return whole
        (hub,) = named_alone
        pairs = []
        for other in countries:
            if other == hub:
                continue
            people = [p for p in sides.people if self.index.country_of(p) in {hub, other}]
            pairs.append(([hub, other], people))
        return pairs

    def _fronted_phrase_subject(self, trigger: Token) -> list[str]:
        """"In a telephone conversation with the South African leader ...,
        President Buhari ... accepted": the officials named between a fronted
        event phrase and its clause's verb when the parser gave that verb no
        subject (it hung the name on the phrase before)."""
        if trigger.pos_ not in {"NOUN", "PROPN"} or trigger.dep_ != "pobj" or trigger.head.dep_ != "prep":
            return []
        verb = trigger.head.head
        if verb.pos_ not in {"VERB", "AUX"} or verb.i < trigger.i or any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
            return []
        names = []
        for tok in trigger.doc[trigger.i + 1 : verb.i]:
            name = self.index.person_at(tok)
            if name and name not in names and self.index.is_official(name):
                names.append(name)
        return names[:1]

    def _phoned_before(self, people: list[str]) -> bool:
        """Does the article say elsewhere that these people speak by phone
        (a sentence with a phone word naming two of them)?"""
        named = set(people)
        for sentence in self.doc.sents:
            words = {t.lower_ for t in sentence}
            if words & PHONE_WORDS and len({self.index.person_at(t) for t in sentence} & named) >= 2:
                return True
        return False

    # -- summons and recalls ---------------------------------------------
    def _envoy(self, envoy_head: Token, country: str | None, mention_date: ResolvedDate | None) -> tuple[str | None, bool]:
        """(name, guessed): the envoy named in the phrase itself, else
        elsewhere in the article; `guessed` when matched without a known
        country (see _drop_ambiguous_envoys)."""
        name = envoy_name(envoy_head, self.index)
        return (name, False) if name else self._article_envoy(country, mention_date, envoy_head)

    def _article_envoy(self, country: str | None, mention_date: ResolvedDate | None, envoy_head: Token) -> tuple[str | None, bool]:
        """The envoy named elsewhere in the article, when this mention is
        about the article's own story (not a past episode, not "an envoy")."""
        if any(c.lower_ in {"a", "an", "any"} for c in envoy_head.children if c.dep_ == "det"):
            # "a senior Japanese diplomat": only the one diplomat of that
            # country the article names ("Akira Yokochi, chief minister at
            # the Japanese Embassy")
            known = [p for p in self.index.envoys() if country and p.country == country]
            return (known[0].name, False) if len(known) == 1 and len(self.index.envoys()) == 1 else (None, False)
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

    def _official_acts(self, trigger: Token, chain: list[Token]) -> bool:
        """Is the side that acts an official the article titles ("Deputy
        Foreign Minister Danny Ayalon ... he summoned")?"""
        for head in acting_side_heads(trigger, chain):
            name = self.index.person_at(head) or (self.index.resolve_pronoun(head) if head.pos_ == "PRON" else None)
            if name and self.index.is_official(name):
                return True
        return False

    def _other_country(self, exclude: set[str], sentence: Span) -> str | None:
        for ent in ents_in(sentence):
            code = country_code(ent.text) if ent.label_ in {"GPE", "NORP", "ORG"} else None
            if code and code not in exclude:
                return code
        return None

    def _build_summons(self, trigger: Token, sentence: Span) -> list[Mention]:
        if trigger.pos_ not in {"VERB", "NOUN"}:
            return []
        envoy = object_of(trigger)
        if trigger.pos_ == "NOUN":  # "the summons of the ambassador"
            envoy = next((p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"), None)
        if not names_envoy(envoy, self.index):
            return []
        if any(c.dep_ == "prep" and c.lower_ in {"to"} and any(p.lower_ in {"court", "tribunal", "hearing"} for p in c.subtree) for c in trigger.children):
            return []
        if own_marker(envoy):
            return self._build_recall(trigger, sentence, envoy=envoy)
        chain, reading = self._base(EventKind.SUMMONS, trigger, sentence)
        own, host = countries_in_envoy_phrase(envoy, self.index, exclude_preps={"to", "in"})
        named = self.index.person_at(envoy)
        if not own and named and self.index.country_of(named):
            own = [self.index.country_of(named)]  # "summoned Celikkol": the envoy the article titled before
        summoners = acting_states(acting_side_heads(trigger, chain), self.index, exclude=set(own))
        if not summoners:  # "was summoned to the Russian foreign ministry"
            places = [p for c in trigger.children if c.dep_ == "prep" and c.lower_ in {"to", "into", "at"}
                      for p in c.children if p.dep_ == "pobj"]
            code, body = actor_country([t for p in places for t in phrase_tokens(p)], self.index)
            summoners = [(code, body)] if code else []
        if not summoners and host:
            summoners = [(host[0], None)]
        if not summoners:
            code = self._other_country(set(own), sentence)
            summoners = [(code, None)] if code else []
        if not summoners and own and self._official_acts(trigger, chain):
            # an official of no stated country summons a foreign envoy: the
            # government they serve is the article's other country
            code = self.index.home_country(besides=set(own))
            summoners = [(code, None)] if code else []
        codes = {code for code, _ in summoners}
        # "the British and German ambassadors", "the ambassadors of A, B and C":
        # one summons per envoy; a single envoy is of one country.
        envoy_countries = [c for c in own if c not in codes]
        if envoy.tag_ not in {"NNS", "NNPS"}:
            envoy_countries = envoy_countries[:1]
        if not envoy_countries:
            other = self._other_country(codes, sentence)
            envoy_countries = [other] if other else []
        pairs = [(s, body, e) for s, body in summoners for e in envoy_countries if s != e]
        date = self._date(trigger, chain, sentence, reading)
        rows = []
        for summoning, body, envoy_country in pairs:
            name, guess = self._envoy(envoy, envoy_country, date) if len(pairs) == 1 else (None, False)
            rows.append(_envoy_mention(
                EventKind.SUMMONS, trigger, sentence, reading, date, envoy, name, guess,
                countries=[summoning, envoy_country],
                summoning_country=summoning, summoned_by=body, envoy_country=envoy_country,
            ))
        return rows

    def _build_recall(self, trigger: Token, sentence: Span, *, envoy: Token | None = None) -> list[Mention]:
        lemma = trigger.lemma_.lower()
        if envoy is None:
            if trigger.pos_ == "NOUN":  # "the recall of its ambassador"
                envoy = next((p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"), None)
            else:
                if any(c.dep_ in {"ccomp"} for c in trigger.children):
                    return []  # "recalled that ..."
                envoy = object_of(trigger)
        if not names_envoy(envoy, self.index):
            return []
        if lemma == "withdraw" and envoy.lemma_.lower() not in ENVOY_NOUNS and not self.index.person_at(envoy):
            return []
        if lemma in {"call", "bring", "order"} and not sends_home(trigger):
            return []  # "called the ambassador" is a call; "called its ambassador home" a recall
        chain, reading = self._base(EventKind.RECALL, trigger, sentence)
        own, hosts = countries_in_envoy_phrase(envoy, self.index, exclude_preps={"to", "in", "from"})
        home: list[str] = []
        named_host = bool(hosts)
        # "withdrew its ambassador from Qatar", "called its envoy back from Tel Aviv"
        for child in [*trigger.children, *(g for c in trigger.children if c.lower_ in {"home", "back"} for g in c.children)]:
            if child.dep_ == "prep" and child.lower_ in {"from", "in", "to"}:
                for obj in conjuncts([o for o in child.children if o.dep_ == "pobj"]):
                    place = entity_at(obj)
                    code = country_code(place.text if place is not None else obj.text)
                    if not code or code in hosts:
                        continue
                    if child.lower_ == "to" and (code in own or named_host):
                        home.append(code)  # "was recalled to Jerusalem": where the envoy goes back to
                    else:
                        hosts.append(code)
        heads = acting_side_heads(trigger, chain)
        if trigger.dep_ in {"acl", "xcomp"} and trigger.head.pos_ == "NOUN":  # "Turkey's decision to recall"
            heads += [c for c in trigger.head.children if c.dep_ == "poss"]
        recalling = [code for code, _ in acting_states(heads, self.index, exclude=set(hosts))]
        if not recalling:
            recalling = [c for c in own if c not in hosts][:1] or home[:1]
        if not recalling:  # "denied that its ambassador had been recalled": whose ambassador
            owner = next((c for c in envoy.children if c.dep_ == "poss" and c.lower_ in STATE_PRONOUNS), None)
            code = state_antecedent(owner) if owner is not None else None
            recalling = [code] if code and code not in hosts else []
        # A compound country on an own envoy is where it is posted: "a Washington envoy".
        for code in own:
            if recalling and code not in recalling and code not in hosts:
                hosts.append(code)
        if recalling and not hosts:
            # "... hours after La Paz withdrew its envoy": posted to the other
            # state the sentence names
            other = self._other_country(set(recalling), sentence)
            hosts = [other] if other else []
            if not hosts and len(recalling) == 2:
                hosts = list(recalling)  # "Mexico, Venezuela pull ambassadors": from each other
        pairs = [(r, h) for r in recalling for h in hosts if h != r]
        if not pairs:
            return []
        date = self._date(trigger, chain, sentence, reading)
        reason = None
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in {"for", "over", "in"} and not any(country_code(t.text) for t in child.subtree):
                reason = " ".join(t.text for t in child.subtree)[:120]
                break
        rows = []
        for recalling_country, host in pairs:
            # with several envoys, "their ambassadors" names no one envoy
            name, guess = self._envoy(envoy, recalling_country, date) if len(pairs) == 1 else (None, False)
            rows.append(
                _envoy_mention(
                    EventKind.RECALL, trigger, sentence, reading, date, envoy, name, guess,
                    countries=[recalling_country, host],
                    recalling_country=recalling_country, host_country=host, reason=reason,
                )
            )
        return rows


def _envoy_mention(
    kind: EventKind, trigger: Token, sentence: Span, reading: StatusReading, date: ResolvedDate | None,
    envoy: Token, name: str | None, guess: bool, *, countries: list[str], **fields,
) -> Mention:
    """A summons or recall: the envoy is the one person, named or described."""
    return Mention(
        kind=kind, trigger=trigger.i, sentence=evidence_span(sentence, trigger), reading=reading,
        people=[name] if name else [], countries=countries, date=date,
        envoy=name or phrase_text(envoy), envoy_guess=guess, envoy_phrase=phrase_text(envoy), **fields,
    )


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


CONFERENCE_NOUNS = frozenset({"conference", "conferences", "gathering", "gatherings"})


def _definite(noun: Token) -> bool:
    """"the meeting", "this summit": an event the reader is meant to know."""
    return any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in noun.children)


ATTENDING_VERBS = frozenset({"attend", "chair", "join", "participate", "address", "host", "lead", "open", "skip", "miss"})
PARTICIPANT_NOUNS = frozenset({"participant", "member", "delegate", "attendee", "host", "chair", "guest"})


def _takes_part_in(trigger: Token) -> bool:
    """Does the sentence say someone takes part in the event ("attended the
    conference", "was chaired by", "among the participants of the meeting"),
    rather than speak about it ("regarding the two summits")?"""
    head = trigger.head
    if trigger.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in ATTENDING_VERBS:
        return True
    if trigger.dep_ == "pobj" and head.lower_ in {"of", "in", "at"} and (
            head.head.lemma_.lower() in PARTICIPANT_NOUNS | {"participate", "take", "speak", "attend"}):
        return True
    return trigger.dep_ == "nsubjpass" and any(c.dep_ == "agent" for c in head.children)


def _qualified_conference(trigger: Token) -> bool:
    """"a peace conference", "the Munich conference": a conference whose
    words say it is one of states (a bare "conference" is often the press's)."""
    return any(c.dep_ in {"compound", "amod", "nmod"} and (c.pos_ == "PROPN" or c.lower_ in {
        "peace", "international", "multilateral", "regional", "donor", "donors", "summit", "ministerial", "video",
        "virtual"}) for c in trigger.children)


HOLDING_VERBS = frozenset({"hold", "convene", "host", "open", "chair", "organise", "organize"})


def held_by_member_body(trigger: Token, sides: Sides) -> bool:
    """Is a meeting noun held by a body of member states alone: "the Arab
    League held an emergency meeting", "the UN Security Council convened a
    session"? Its members are the sides (organisations.tsv kind `states`)."""
    if trigger.pos_ not in {"NOUN", "PROPN"} or trigger.dep_ != "dobj" or trigger.head.lemma_.lower() not in HOLDING_VERBS:
        return False
    if sides.countries or sides.people:
        return False
    return any(organisation_kind(name) == "states" for name in sides.organisations)


def goes_to_court(trigger: Token) -> bool:
    """Does the event word go to or take place at a court ("arrived at the
    International Court of Justice", "a visit to the tribunal")?"""
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in {"at", "to", "before"}:
            for obj in child.children:
                if obj.dep_ != "pobj":
                    continue
                words = list(obj.subtree)
                if obj.lemma_.lower() in {"court", "tribunal"} or organisation_kind(
                        organisation_name(" ".join(t.text for t in words)) or "") == "court":
                    return True
    return False


def after_event(trigger: Token, verb: Token) -> bool:
    """Is the event noun in a phrase of time on the speaker's own verb:
    "after a meeting with Rutte, the US President said" (the speaker took part)?"""
    node = trigger
    # spaCy makes a new Token object on each access: compare positions, not identity
    while node.i != verb.i and node.head.i != node.i:
        if node.dep_ == "pobj" and node.head.lower_ in {"after", "following", "during", "before", "at"}:
            return True
        node = node.head
    return False


def _headline_end(doc: Doc) -> int:
    """Where the article's headline ends (its first line, when that line is
    headline-shaped), or 0."""
    words, end = [], 0
    for token in doc:
        if "\n" in token.text:
            break
        if not token.is_space:
            words.append(token.text)
            end = token.idx + len(token.text)
        if "\n" in token.whitespace_:
            break
    return end if headline_line(words) else 0


@Language.factory("parley_events")
def make_event_component(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        builder = EventBuilder(doc)
        mentions: list[Mention] = []
        for kind, index in doc._.triggers or []:
            mentions.extend(builder.build(kind, doc[index]))
        headline_end = _headline_end(doc)
        for mention in mentions:
            mention.in_headline = mention.sentence.end_char <= headline_end
        _drop_ambiguous_envoys(mentions)
        doc._.event_mentions = mentions
        return doc

    return component
