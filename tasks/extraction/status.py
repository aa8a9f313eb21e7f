"""Status of an event mention, read from the grammar of its sentence.

We walk from the trigger word up through the words that govern it ("refused
to -> recall", "rejected an offer for -> talks", "is due to -> visit") and
note at each level what changes the event's reality: negation, modals,
and governing words of refusal, wishing, planning. The outermost level with
such a cue decides, because it scopes over everything below it:
"has not ruled out a meeting" is a possibility, not a refusal.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Token

from models.events import EventStatus
from tasks.extraction.patterns import SPEECH_VERBS

# Governing words, by what they do to the event under them.
CANCELLING = frozenset({
    "refuse", "decline", "reject", "cancel", "postpone", "delay", "scrap", "deny", "fail", "skip",
    "dismiss", "refute", "debunk", "rebut",
    "boycott", "abandon", "suspend", "shelve", "rebuff", "snub", "drop", "halt", "spurn", "nix",
    "veto", "block", "prevent", "avoid", "miss", "forgo", "resist",
})
# The cancelling words that deny a report rather than call an event off.
DENYING = frozenset({"deny", "dismiss", "refute", "debunk", "rebut"})
# "has been unsuccessful in trying to arrange calls", "was unable to meet"
FAILING = frozenset({"unsuccessful", "unable"})
CANCELLING_PARTICLES = {("call", "off"), ("rule", "out"), ("put", "off"), ("turn", "down"), ("pull", "out")}
WISHING = frozenset({
    "want", "wish", "like", "love", "hope", "offer", "propose", "suggest", "consider", "seek",
    "urge", "demand", "request", "invite", "discuss", "explore", "ready", "willing", "possible",
    "possibility", "prospect", "idea", "proposal", "need", "push", "press", "early",
    "eager", "keen", "try", "aim", "intend", "mull", "weigh", "contemplate", "float", "suggestion",
    "invitation", "bid", "appeal", "potential", "prepared", "could", "might",
    "may", "envisage", "favor", "favour", "await", "insist", "threaten", "threat", "warn", "vow",
})
# Governing words that carry out an instant act (a summons or recall is done
# when it is ordered or announced; a visit announced is still to come).
EXECUTING = frozenset({"announce", "order", "decide", "confirm", "instruct", "direct"})
PLANNING = frozenset({
    "plan", "schedule", "due", "set", "expect", "agree", "arrange", "prepare", "announce",
    "confirm", "upcoming", "forthcoming", "planned", "scheduled", "next", "eve", "ahead",
    "slate", "book", "organize", "organise", "will", "shall", "going", "coming", "later", "suppose",
    "expected", "anticipate", "fix", "accept",
})
NOUN_MODIFIERS = {
    "upcoming": EventStatus.PLANNED, "forthcoming": EventStatus.PLANNED, "planned": EventStatus.PLANNED,
    "scheduled": EventStatus.PLANNED, "expected": EventStatus.PLANNED, "next": EventStatus.PLANNED,
    "coming": EventStatus.PLANNED, "proposed": EventStatus.PROPOSED, "possible": EventStatus.PROPOSED,
    "potential": EventStatus.PROPOSED, "future": EventStatus.PROPOSED, "prospective": EventStatus.PROPOSED,
    "mooted": EventStatus.PROPOSED, "hypothetical": EventStatus.PROPOSED, "cancelled": EventStatus.NOT_OCCURRED,
    "canceled": EventStatus.NOT_OCCURRED, "postponed": EventStatus.NOT_OCCURRED, "aborted": EventStatus.NOT_OCCURRED,
    "visiting": EventStatus.OCCURRED, "previous": EventStatus.OCCURRED, "last": EventStatus.OCCURRED,
    "recent": EventStatus.OCCURRED, "earlier": EventStatus.OCCURRED, "first": EventStatus.OCCURRED,
    "second": EventStatus.OCCURRED, "third": EventStatus.OCCURRED,
}
# Nouns that report an event without vouching for it; what governs them
# (a denial, "false") decides its status.
CLAIM_NOUNS = frozenset({"claim", "report", "rumour", "rumor", "allegation", "speculation", "suggestion", "story"})
# Nouns that take an event as complement and say something about its reality.
SCOPING_NOUNS = frozenset({
    "possibility", "prospect", "idea", "proposal", "offer", "invitation", "plan", "plans", "hope", "hopes",
    "request", "call", "calls", "demand", "bid", "eve", "run-up", "preparation", "preparations", "talk",
    "decision", "refusal", "cancellation", "postponement", "suggestion", "chance", "option", "question",
})
# Dependencies along which a governing word scopes over the trigger.
CLIMB = {"xcomp", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "pcomp", "acl", "attr", "acomp", "oprd", "compound", "amod", "appos"}


@dataclass(frozen=True)
class StatusReading:
    status: EventStatus
    tense: Literal["past", "future"] | None
    cue: str  # the word that decided, for confidence and debugging
    decisive: bool  # False when only the default applied


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    return any(c.lower_ in {"no", "never"} and c.dep_ in {"det", "advmod", "neg"} for c in token.children)


def _particle(token: Token) -> str | None:
    for child in token.children:
        if child.dep_ == "prt":
            return child.lower_
    return None


def _modals(token: Token) -> set[str]:
    out = {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"} and c.tag_ == "MD"}
    return {"will" if m in {"'ll", "’ll", "wo", "shall"} else m for m in out}


def governing_chain(trigger: Token, *, limit: int = 6) -> list[Token]:
    """The trigger and the words above it that scope over it, nearest first.
    Stops at verbs of saying (their content is reported, not governed) and
    at clause links that start a new event (advcl, conj, relcl)."""
    return [token for token, _ in _chain_with_links(trigger, limit=limit)]


# Prepositions that tie an event to a circumstance rather than make it the
# complement of the word above: "discussed at the summit" does not put the
# summit under discussion, "did not meet at the summit" does not cancel it.
CIRCUMSTANCE_PREPS = {"at", "during", "in", "on", "after", "before", "since", "amid", "ahead", "following", "despite", "while", "until"}


def _chain_with_links(trigger: Token, *, limit: int = 6) -> list[tuple[Token, bool]]:
    """(token, governs) pairs: `governs` is False when the token is reached
    through a circumstance phrase, so its own wishes and negations do not
    apply to the event."""
    chain = [(trigger, True)]
    current = trigger
    governs = True
    for _ in range(limit):
        purpose = current.dep_ in {"advcl", "acl"} and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        # "denied that the meeting took place", "hopes that they will meet"
        content = current.dep_ == "ccomp" and current.head.lemma_.lower() in CANCELLING | WISHING | PLANNING
        # "dismissed claims that the envoy had been recalled": the claim's
        # content (often parsed as a clause of the verb, or of the noun)
        that_clause = any(c.dep_ == "mark" and c.lower_ == "that" for c in current.children)
        content = content or that_clause and current.dep_ in {"advcl", "acl", "ccomp"} and (
            current.head.lemma_.lower() in CANCELLING | CLAIM_NOUNS)
        if (current.dep_ not in CLIMB and not purpose and not content) or current.head.i == current.i:
            break
        head = current.head
        if head.lemma_.lower() in SPEECH_VERBS and head.pos_ == "VERB" and current.dep_ in {"ccomp", "xcomp", "parataxis"}:
            break  # what is said is reported, not governed ("announced a visit" is governed)
        if current.dep_ == "prep" and current.lower_ in CIRCUMSTANCE_PREPS and not _fails(current.head):
            governs = False  # ("unsuccessful in trying to arrange calls": the complement, not a circumstance)
        if current.dep_ == "prep" and head.pos_ in {"NOUN", "PROPN"} and head.lemma_.lower() not in SCOPING_NOUNS:
            break  # "groundwork for the summit": an unrelated noun does not scope over it
        if (current.dep_ == "acl" and not purpose and head.pos_ in {"NOUN", "PROPN"}
                and head.lemma_.lower() not in SCOPING_NOUNS | CLAIM_NOUNS):
            governs = False  # "agreed to overcome obstacles facing the negotiations": the talks go on
        chain.append((head, governs))
        current = head
    return chain


def _fails(token: Token) -> bool:
    return any(c.dep_ == "acomp" and c.lemma_.lower() in FAILING for c in token.children)


def _level_status(token: Token, *, is_trigger: bool, reported: bool) -> tuple[EventStatus | None, str]:
    lemma = token.lemma_.lower()
    negated = _negated(token)
    particle = _particle(token)
    modals = _modals(token)
    if not is_trigger and lemma in {"have", "be"} and any(c.dep_ == "advmod" and c.lower_ == "yet" for c in token.children):
        return (EventStatus.PROPOSED if negated else EventStatus.NOT_OCCURRED), "yet to"  # "has yet to speak"
    if not is_trigger and lemma == "be" and _fails(token):
        return EventStatus.NOT_OCCURRED, "unsuccessful"  # "has been unsuccessful in trying to arrange calls"
    if lemma == "suppose" and not is_trigger:
        past = any(c.dep_ in {"aux", "auxpass"} and c.lower_ in {"was", "were"} for c in token.children)
        # "were supposed to talk Friday": it did not happen; "is supposed to" is the plan
        return (EventStatus.NOT_OCCURRED, "was supposed to") if past else (EventStatus.PLANNED, "supposed to")
    if (lemma, particle) in CANCELLING_PARTICLES and not is_trigger:  # "pulled out its envoy" is the recall itself
        return (EventStatus.PROPOSED if negated else EventStatus.NOT_OCCURRED), f"{lemma} {particle}"
    if not is_trigger and lemma in CANCELLING:
        if negated:
            return None, lemma
        return EventStatus.NOT_OCCURRED, lemma
    if not is_trigger and lemma in PLANNING and token.pos_ in {"VERB", "ADJ", "ADV", "NOUN", "ADP"}:
        if negated and token.pos_ == "NOUN":
            return EventStatus.NOT_OCCURRED, f"no {lemma}"  # "had no plans to meet"
        if negated:
            return EventStatus.PROPOSED, f"not {lemma}"  # "has not yet announced the visit": still expected
        if "would" in modals and not reported:
            return EventStatus.PROPOSED, f"would {lemma}"
        return EventStatus.PLANNED, lemma
    if not is_trigger and lemma in WISHING and lemma not in {"could", "might", "may"}:
        if negated:
            return EventStatus.NOT_OCCURRED, f"not {lemma}"
        return EventStatus.PROPOSED, lemma
    if negated:
        return EventStatus.NOT_OCCURRED, "not"
    if any(c.dep_ == "advcl" and any(m.lower_ in {"if", "unless"} for m in c.children) for c in token.children):
        return EventStatus.PROPOSED, "if"  # "will recall its ambassador if the allegations are confirmed"
    if modals & {"could", "might", "may"}:
        return EventStatus.PROPOSED, "/".join(sorted(modals))
    if "would" in modals:
        conditional = any(
            c.dep_ == "advcl" and any(m.lower_ in {"if", "unless"} for m in c.children) for c in token.children
        )
        if conditional or not reported:
            return EventStatus.PROPOSED, "would"
        return EventStatus.PLANNED, "would (reported)"
    if "will" in modals or "should" in modals:
        return (EventStatus.PLANNED if "will" in modals else EventStatus.PROPOSED), "will"
    if any(c.dep_ == "advcl" and any(m.lower_ in {"if", "unless"} for m in c.children) for c in token.children):
        return EventStatus.PROPOSED, "if"
    return None, ""


def _noun_modifier_status(trigger: Token) -> tuple[EventStatus | None, str]:
    for child in trigger.children:
        if child.dep_ in {"amod", "compound", "nmod"} and child.lower_ in NOUN_MODIFIERS:
            return NOUN_MODIFIERS[child.lower_], child.lower_
    if trigger.dep_ == "amod" and trigger.lower_ in NOUN_MODIFIERS:
        return NOUN_MODIFIERS[trigger.lower_], trigger.lower_
    return None, ""


def _tense_status(token: Token) -> tuple[EventStatus, Literal["past", "future"] | None]:
    """Status from tense alone, for a verb (or the verb a noun hangs on)."""
    aux = {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}
    if token.tag_ in {"VBD", "VBN"}:
        return EventStatus.OCCURRED, "past"
    if token.tag_ == "VBG" and aux & {"is", "are", "was", "were", "'s", "’s", "am", "been"}:
        return EventStatus.OCCURRED, "past"
    if token.tag_ in {"VBZ", "VBP"}:
        return EventStatus.OCCURRED, None
    if token.tag_ == "VB" and not aux & {"did", "do", "does"}:
        # A bare infinitive or base form with nothing above it that fixes its reality.
        return EventStatus.PLANNED, "future"
    if aux & {"did", "has", "have", "had"}:
        return EventStatus.OCCURRED, "past"
    return EventStatus.OCCURRED, None


def _future_time_clause(verb: Token) -> bool:
    """Is this verb in a "when/once/until/after/before" clause of a clause
    about the future ("will", "is due to", "is expected to")?"""
    if verb.dep_ != "advcl" or not any(c.dep_ in {"mark", "advmod"} and c.lower_ in TIME_CONJUNCTIONS for c in verb.children):
        return False
    main = verb.head
    return "will" in _modals(main) or main.lemma_.lower() in PLANNING or any(
        c.dep_ in {"aux", "auxpass"} and c.lower_ in {"will", "'ll", "shall"} for c in main.children)


TIME_CONJUNCTIONS = frozenset({"when", "once", "until", "after", "before", "as", "while", "whenever"})


def clause_verb(token: Token) -> Token | None:
    """The verb of the clause a noun sits in, however deep in its phrases
    ("despite hours of tense negotiations" -> failed)."""
    current = token
    for _ in range(8):
        if current.head.i == current.i:
            return current if current.pos_ in {"VERB", "AUX"} else None
        current = current.head
        if current.pos_ in {"VERB", "AUX"}:
            return current
    return None


# Verbs that vouch for an event: with a known event as object they report
# it ("confirmed his phone conversation with Buhari"), with a new one they
# plan it ("confirmed a visit next month"). Cues are lemmas.
CONFIRMING = frozenset({"confirm"})
_FUTURE_WORDS = frozenset({"next", "upcoming", "forthcoming", "coming", "tomorrow", "later", "future", "planned", "scheduled"})


def _names_known_event(trigger: Token) -> bool:
    """An event noun told as one the reader knows: owned by a side ("his
    call", "Trump's meeting") and with no word placing it ahead."""
    return (trigger.pos_ in {"NOUN", "PROPN"} and any(c.dep_ == "poss" for c in trigger.children)
            and not any(t.lower_ in _FUTURE_WORDS for t in trigger.subtree))


def read_status(trigger: Token, *, planned_words: frozenset[str] = PLANNING, instant: bool = False) -> StatusReading:
    """The status of the event `trigger` states, with the tense to read
    its date in. `instant`: the event is an act done when decided (a summons,
    a recall), so "ordered/announced the recall" in the past says it occurred."""
    links = _chain_with_links(trigger)
    chain = [t for t, _ in links]
    reported = bool(chain[-1].head.lemma_.lower() in SPEECH_VERBS and chain[-1].dep_ in {"ccomp", "xcomp"}) or any(
        t.dep_ == "ccomp" and t.head.lemma_.lower() in SPEECH_VERBS for t in chain
    )
    decided: tuple[EventStatus | None, str] = (None, "")
    for level, (token, governs) in enumerate(links):
        if not governs:
            if decided[0] is None:
                # A circumstance shares its clause's time, not its wishes or
                # negation: "plans to discuss migration in a call on Friday"
                # is a planned call; "did not meet at the summit" says
                # nothing against the summit.
                outer = [(t, *_level_status(t, is_trigger=False, reported=reported)) for t, _ in links[level:]]
                planned = [cue for t, status, cue in outer
                           if status is EventStatus.PLANNED and t.tag_ not in {"VBD", "VBN"}]  # "plans", "will"
                if planned and not any(status is EventStatus.NOT_OCCURRED for _, status, _ in outer):
                    decided = (EventStatus.PLANNED, planned[-1])
            break
        status, cue = _level_status(token, is_trigger=(level == 0), reported=reported)
        if status is not None:
            decided = (status, cue)  # outer levels overwrite inner ones
    if decided[0] is None:
        decided = _noun_modifier_status(trigger)
    if decided[0] is EventStatus.PLANNED and decided[1] in CONFIRMING and _names_known_event(trigger):
        decided = (EventStatus.OCCURRED, decided[1])  # "confirmed his phone conversation with Buhari"
    if instant and decided[0] is EventStatus.PLANNED:
        executor = next((t for t in chain[1:] if t.lemma_.lower() == decided[1] and decided[1] in EXECUTING), None)
        if executor is not None and executor.tag_ in {"VBD", "VBN"}:
            decided = (EventStatus.OCCURRED, decided[1])
    status, cue = decided
    # The verb that carries tense: the nearest finite one in the chain ("agreed
    # to reopen embassies after talks": agreed), else the nearest verb.
    verbs = [t for t in chain if t.pos_ in {"VERB", "AUX"}]
    # An infinitive under a finite verb takes its time from it: "coordinated
    # their moves to recall" happened; a bare "to recall" heading nothing is
    # still to come.
    infinitive = trigger.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children)
    verb = next((t for t in verbs if t.tag_ in {"VBD", "VBN", "VBZ", "VBP"} or (t is trigger and not infinitive)), None) or (
        verbs[0] if verbs else clause_verb(trigger))
    if status is None and verb is not None and verb.tag_ in {"VBZ", "VBP"} and _future_time_clause(verb):
        # "when the nations meet in Belem next week, it will be ...": the
        # present of a time clause under a future speaks of the future
        return StatusReading(EventStatus.PLANNED, "future", "when ... will", True)
    if status is None:
        if verb is None:
            # A bare noun phrase ("Putin-Biden meeting is important") says
            # nothing about reality; treat as under discussion.
            return StatusReading(EventStatus.PLANNED, "future", "", False)
        base, tense = _tense_status(verb)
        if base is EventStatus.PLANNED:
            return StatusReading(base, "future", "to", False)
        if (trigger.lower_ == "meeting" and verb.lemma_ == "be" and verb.tag_ in {"VBZ", "VBP"}
                and trigger.dep_ not in {"nsubj", "nsubjpass"}
                and not any(c.dep_ in {"det", "poss"} or (c.dep_ == "compound" and c.ent_type_ != "GPE") for c in trigger.children)
                and any(c.dep_ == "prep" and c.lower_ == "with" for c in trigger.children)):
            # "is in Panama meeting with ministers": a progressive the parser read as a noun
            return StatusReading(EventStatus.OCCURRED, "past", "is meeting", True)
        copula_present = verb.lemma_ == "be" and verb.tag_ in {"VBZ", "VBP"}
        if copula_present and trigger.dep_ == "pobj" and trigger.head.lower_ == "on":
            return StatusReading(EventStatus.OCCURRED, "past", "is on", True)  # "is on a visit to Serbia": under way
        if copula_present and trigger.pos_ == "NOUN":
            return StatusReading(EventStatus.PLANNED, "future", "", False)
        return StatusReading(base, tense or "past", verb.tag_, verb is trigger or verb.tag_ in {"VBD", "VBN"})
    tense: Literal["past", "future"] | None
    if status in (EventStatus.PLANNED, EventStatus.PROPOSED):
        tense = "future"
    else:
        tense = "past"
    return StatusReading(status, tense, cue, True)
