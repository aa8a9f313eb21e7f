"""Reading an event's arguments off the dependency parse.

Helpers the event builder (tasks/extraction/components/events.py) uses to
find the phrases that name an event's sides, where and when it happens, and
who the envoy of a summons or recall is. Each takes spaCy tokens and returns
plain values; none of them decides what counts as an event. Who those
phrases make a side is `tasks/extraction/sides.py`'s business.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from tasks.extraction.components.people import PeopleIndex, chain_left, entity_at, ents_in
from tasks.extraction.countries import country_code as _library_country_code
from tasks.extraction.countries import organisation_name
from tasks.extraction.dates import WEEKDAYS
from tasks.extraction.patterns import (
    ENVOY_NOUNS,
    ENVOY_PHRASES,
    LIGHT_VERBS,
    PHONE_WORDS,
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
            if governor.lemma_.lower() == "invite" and trigger.pos_ == "NOUN":
                heads.extend(c for c in governor.children if c.dep_ == "dobj")  # "invited the Chinese president for a state visit"
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


# Verbs whose object does what their complement says: "invited Putin to
# visit China" (Putin visits), "urged Iran to hold talks" (Iran talks).
OBJECT_CONTROL_VERBS = frozenset({"invite", "ask", "urge", "encourage", "persuade", "press", "allow", "request", "tell"})


def controller_subjects(verb: Token) -> list[Token]:
    """The subject a verb without one borrows from the clause it depends on:
    "Blinken was due to visit Israel to meet Netanyahu" (Blinken meets);
    after a verb of object control, its object: "Xi invited Putin to visit
    China" (Putin visits; the one who invites hosts, so takes part too)."""
    current = verb
    for _ in range(6):
        if current.dep_ not in {"xcomp", "advcl", "acomp", "conj", "ccomp", "acl", "dobj", "pobj", "prep"} or current.head.i == current.i:
            return []
        link = current.dep_
        current = current.head
        if current.lemma_.lower() in SPEECH_VERBS:
            return []
        if link == "xcomp" and current.lemma_.lower() in OBJECT_CONTROL_VERBS:
            objects = [c for c in current.children if c.dep_ == "dobj"]
            if objects:
                inviter = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}] if current.lemma_.lower() == "invite" else []
                return objects + inviter
        subjects = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects and current.pos_ in {"VERB", "AUX", "ADJ"}:
            return subjects
    return []


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
            named = town_named(obj)  # "in the eastern German city of Leipzig"
            if named is not None:
                found.append(named)
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


def town_named(noun: Token) -> Span | None:
    """X in "the city of X", "the resort town of X", as a place whatever the
    recogniser called X (it often reads a town as an organisation or person)."""
    if noun.lemma_.lower() not in TOWN_NOUNS:
        return None
    named = next((p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                  for p in c.children if p.dep_ == "pobj"), None)
    if named is None or named.pos_ != "PROPN":
        return None
    ent = entity_at(named)
    start, end = (ent.start, ent.end) if ent is not None else (named.i, named.i + 1)
    return Span(noun.doc, start, end, label="GPE")


TOWN_NOUNS = frozenset({"city", "town", "capital", "resort", "port", "village", "province", "region", "state",
                        "estate", "residence", "retreat", "island"})


def visit_destinations(trigger: Token, chain: list[Token]) -> list[Span]:
    """Where a visit goes: "visit to X", "visited X", "arrived in X"."""
    out: list[Span] = []
    lemma = trigger.lemma_.lower()
    if lemma in TRAVEL_VERBS:
        out += places_under(trigger, {"to", "in", "for"})
    if lemma == "invite":  # "invited Nigeria's leader to Pretoria"
        out += places_under(trigger, {"to"})
    if lemma == "visit" or trigger.lower_ in {"trip", "trips", "visiting"}:
        for child in trigger.children:
            if child.dep_ == "dobj" or (child.dep_ == "prep" and child.lower_ in {"to", "in"}):
                targets = [child] if child.dep_ == "dobj" else [c for c in child.children if c.dep_ == "pobj"]
                if child.dep_ == "dobj" and not child.ent_type_:
                    targets = [t for t in child.subtree if t.ent_type_ in PLACE_LABELS][:1] or targets
                for target in targets:
                    named = town_named(target)  # "a visit to the Chinese city of Wuhan"
                    if named is not None:
                        out.append(named)
                        continue
                    for tok in conjuncts([target]):
                        ent = entity_at(tok)
                        if ent is not None and ent.label_ in PLACE_LABELS and ent not in out:
                            out.append(ent)
            if child.dep_ == "compound":  # "his India visit"
                ent = entity_at(child)
                if ent is not None and ent.label_ in PLACE_LABELS:
                    out.append(ent)
        if not out:  # "official trips ... meant to strengthen ties with Peru, Egypt and Brazil"
            out += _partners_of_purpose(trigger)
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


TIE_NOUNS = frozenset({"ties", "relations", "cooperation", "partnership", "links", "friendship"})


def _partners_of_purpose(trip: Token) -> list[Span]:
    """States a trip's purpose names as partners: "trips ... to strengthen
    ties with Peru, Egypt and Brazil" went to those states."""
    purposes = [c for c in trip.children if c.dep_ in {"acl", "advcl", "relcl"}]
    clause = trip.head
    while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
        clause = clause.head  # the clause the trip is the topic of, however the parser hung it
    if clause.i > trip.i:
        purposes += [c for c in clause.children if c.dep_ in {"xcomp", "advcl"} and c.i > trip.i]
    out: list[Span] = []
    for verb in purposes:
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            continue
        for noun in verb.subtree:
            if noun.lower_ not in TIE_NOUNS:
                continue
            heads = [noun]
            while heads[-1].dep_ == "conj" and heads[-1].head.i != heads[-1].i:
                heads.append(heads[-1].head)  # "trade and diplomatic ties with X": the phrase hangs on the first conjunct
            for prep in (c for head in heads for c in head.children):
                if prep.dep_ == "prep" and prep.lower_ == "with":
                    for obj in conjuncts([c for c in prep.children if c.dep_ == "pobj"]):
                        ent = entity_at(obj)
                        if ent is not None and ent.label_ == "GPE" and ent not in out:
                            out.append(ent)
    return out


def dates_for(trigger: Token, chain: list[Token], sentence: Span) -> list[Span]:
    """DATE entities that modify the event: inside the trigger's own phrase
    or attached to a word that governs it, not to some other clause."""
    members = {t.i for t in chain}
    found: list[tuple[int, Span]] = []
    for ent in ents_in(sentence):
        if ent.label_ != "DATE" and not (ent.label_ == "TIME" and any(t.lower_ in WEEKDAYS for t in ent)):
            continue  # "Monday night" is tagged a time; its day is the event's date
        node = ent.root
        steps = 0
        ok = False
        while steps < 6:
            if node.i in members:
                # "said on Monday it would recall": Monday is when it was said
                ok = not (node.i != trigger.i and node.lemma_.lower() in SPEECH_VERBS and _future_between(trigger, node))
                break
            if node.head.i == node.i:
                break
            if node.dep_ in {"relcl", "advcl", "ccomp", "conj", "parataxis"} and node.i not in members:
                # "Xi's visit to India, which is expected to take place between
                # October 11 and 13": a clause about the event's own timing counts.
                if not (node.dep_ == "relcl" and node.lemma_.lower() in EVENT_TIME_VERBS):
                    break
            node = node.head
            steps += 1
        if ok and node.i == trigger.i and _said_before_clause(trigger, ent):
            ok = False  # "said on Monday it would recall", however the parser hung "on Monday"
        if ok:
            found.append((steps, ent))
    found.sort(key=lambda pair: pair[0])
    return [ent for _, ent in found]


def _said_before_clause(trigger: Token, ent: Span) -> bool:
    """Does the date stand between a speech verb and the subject of the
    reported clause that tells of a future event?"""
    speech = trigger.head
    if trigger.dep_ != "ccomp" or speech.lemma_.lower() not in SPEECH_VERBS or not speech.i < ent.start:
        return False
    subject = next((c for c in trigger.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subject is not None and ent.end <= subject.left_edge.i and _future_between(trigger, speech)


def _future_between(trigger: Token, speech: Token) -> bool:
    """Is the event told as still to come below the speech verb ("would
    recall", "will visit", "plans to meet")?"""
    node = trigger
    while node.i != speech.i and node.head.i != node.i:
        if any(c.dep_ in {"aux", "auxpass"} and (c.tag_ == "MD" or c.lower_ == "to") for c in node.children):
            return True
        node = node.head
    return False


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
    return _name_right_after(head, index)


def _name_right_after(head: Token, index: PeopleIndex) -> str | None:
    """"the country's Ambassador to France Said Moussi", where the parser
    read the first name as a verb: the person named right after the envoy
    noun and its posting ("to France"), whatever the parse."""
    doc = head.doc
    end = head.i + 1
    if end < len(doc) and doc[end].lower_ in {"to", "in"} and end + 1 < len(doc) and doc[end + 1].ent_type_ in {"GPE", "LOC"}:
        end += 2
        while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ in {"GPE", "LOC"}:
            end += 1
    if end < len(doc) and doc[end].ent_type_ == "PERSON" and doc[end].ent_iob_ == "B":
        return index.person_at(doc[end])
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
