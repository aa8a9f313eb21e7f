"""Pipeline component `parley_people`: who is who in an article.

It collects the people the article names, gives each the fullest name the
article uses ("Putin" -> "Vladimir Putin"), the country and roles its
titles give ("Russian President", "Jordan's Foreign Minister"), and offers
lookups the event builder needs: a token to the person it names, a title
("the Russian leader", "his US counterpart") to the person holding it, a
pronoun to its antecedent. The result is `doc._.people`.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.attrs import ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from tasks.extraction.countries import country_code as _library_country_code
from tasks.extraction.countries import country_mentions, organisation_name
from tasks.extraction.lines import headline_style, line_starts, line_words
from tasks.extraction.patterns import (
    ENVOY_NOUNS,
    FOREIGN_MINISTER_PHRASES,
    LEADER_ROLES,
    MINISTER_ROLES,
    OFFICE_OVER_PRIVATE,
    OFFICE_ROLES,
    PRIVATE_ROLES,
    PRONOUNS_OTHER,
    PRONOUNS_SUBJECT,
    TITLE_WORDS,
)

# Places of work that make someone a diplomat accredited abroad.
MISSION_NOUNS = frozenset({"embassy", "consulate", "legation", "nunciature"})

# Offices that name their state by themselves.
ROLE_COUNTRY = {"pope": "VAT"}

# Every word the people index records as a role: offices, and the roles of
# private life that rule a person out as a side.
ROLE_WORDS = LEADER_ROLES | MINISTER_ROLES | ENVOY_NOUNS | OFFICE_ROLES | PRIVATE_ROLES


def country_code(text: str, *, place: bool = False) -> str | None:
    """Spelling correction only for words the NER already reads as places:
    elsewhere it turns surnames into countries ("Trump")."""
    return _library_country_code(text, fuzzy=place)


if not Doc.has_extension("people"):
    Doc.set_extension("people", default=None)

_NAME_PARTICLES = {"bin", "al", "de", "van", "von", "da", "del", "der", "le", "la", "ibn", "abu", "el"}


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@lru_cache(maxsize=1)
def known_leaders() -> dict[str, str]:
    """Well-known office holders whose country news copy takes for granted
    ("President Obama"); surname or full name (folded) -> ISO alpha-3."""
    table: dict[str, str] = {}
    text = resources.files("tasks.extraction").joinpath("data/leaders.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, code = line.split("\t")[:2]
        table[fold(name)] = code.strip()
    return table


def leader_country(folded_name: str) -> str | None:
    """The gazetteer's country for a name: exact, by surname for a lone
    surname, or for a full name spelt slightly differently, as news copy
    often does ("Mitterand" for "Mitterrand")."""
    leaders = known_leaders()
    if folded_name in leaders:
        return leaders[folded_name]
    if " " not in folded_name:
        return None
    close = _closest_leader(folded_name)
    return leaders[close] if close else None


@lru_cache(maxsize=4096)
def _closest_leader(folded_name: str) -> str | None:
    # Names recur across a day's articles and the fuzzy search is the slow
    # part: it only compares names whose surname starts with the same letter
    # (a slip of spelling keeps it: "Mitterand", "Zelenskiy").
    candidates = _full_names_by_initial().get(folded_name.split()[-1][:1], [])
    close = get_close_matches(folded_name, candidates, n=1, cutoff=0.92)
    return close[0] if close else None


@lru_cache(maxsize=1)
def _full_names_by_initial() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for name in known_leaders():
        if " " in name:
            table.setdefault(name.split()[-1][:1], []).append(name)
    return table


@dataclass
class Person:
    name: str
    country: str | None = None
    roles: set[str] = field(default_factory=set)
    mentions: int = 0
    first: int = 0
    countries_seen: Counter = field(default_factory=Counter)
    company: bool = False  # a title that names a company or other private body ("Apple chief executive")
    organisation: str | None = None  # the international body a title names ("UN Secretary-General")

    @property
    def is_envoy(self) -> bool:
        return bool(self.roles & ENVOY_NOUNS)

    @property
    def is_official(self) -> bool:
        """Does the article (or the gazetteer) make this person an official of
        a state or an international body, someone who can be a side?"""
        if self.roles & OFFICE_OVER_PRIVATE:
            return True
        if self.roles & PRIVATE_ROLES or self.company:
            return False
        return bool(self.roles & OFFICE_ROLES) or leader_country(fold(self.name)) is not None


def entity_at(token: Token) -> Span | None:
    """The named entity holding `token`, read from its IOB tags (building
    `doc.ents` walks the whole document, too slow to do per token)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type)


def ents_in(span: Span) -> list[Span]:
    """The named entities that start inside `span` (`Span.ents` rebuilds
    every entity of the document on each call)."""
    found = []
    for token in span:
        if token.ent_iob_ == "B":
            found.append(entity_at(token))
    return found


def _is_title(token: Token) -> bool:
    low = token.lower_.rstrip(".")
    return token.lower_ in TITLE_WORDS or low in TITLE_WORDS or bool(country_code(token.text))


def _name_tokens(tokens: list[Token]) -> list[Token]:
    """The name part of a noun chain: the capitalised run after the last title word."""
    out: list[Token] = []
    for tok in reversed(tokens):
        if tok.text in {"[", "]", "(", ")", ","} or tok.tag_ == "POS" or tok.text in {"'s", "’s"}:
            continue  # brackets and possessive endings are not part of a name
        if tok.text in {"-", "‐"} and out and tok.i > 0 and tok.doc[tok.i - 1].text[:1].isupper():
            out.append(tok)  # "Amir-Abdollahian": a hyphenated surname
            continue
        if _is_title(tok) and tok.lower_ not in _NAME_PARTICLES:
            break
        if not (tok.text[:1].isupper() or tok.lower_ in _NAME_PARTICLES or tok.text[:1].isdigit() or tok.text in {"II", "III", "IV"}):
            break
        out.append(tok)
    out.reverse()
    while out and out[0].lower_ in _NAME_PARTICLES:
        out.pop(0)
    return out


def _with_gazetteer_title(name: list[Token], context: list[Token]) -> list[Token]:
    """The name with the title word before it where the office-holders
    gazetteer knows them that way ("Sheikh Hasina", "Emir Tamim")."""
    if len(context) > len(name) and name and context[-1].i == name[-1].i:
        titled = context[-(len(name) + 1):]
        if fold(_name_text(titled)) in known_leaders():
            return titled
    return name


def _name_text(tokens: list[Token]) -> str:
    text = ""
    for i, tok in enumerate(tokens):
        text += tok.text
        if i < len(tokens) - 1 and (tok.whitespace_ or tokens[i + 1].i != tok.i + 1):
            text += " "
    return text.replace(" -", "-").replace("- ", "-").strip()


def unparsed(token: Token) -> bool:
    """Is the token in a sentence the NLP stage did not tag or parse
    (tasks/extraction/focus.py)? Such tokens have entities but no part of speech."""
    return not token.pos_


def _linear_title(tokens) -> list[Token]:
    """The run of title-like words next to a name, for unparsed text:
    title words, capitalised words, country entities and possessives."""
    run = []
    for tok in tokens:
        low = tok.lower_.rstrip(".")
        if tok.is_space or "\n" in tok.whitespace_:
            break  # the name begins its line
        if not (low in TITLE_WORDS or tok.text[:1].isupper() or tok.ent_type_ in {"GPE", "NORP"}
                or tok.text in {"'s", "’s"}):
            break
        run.append(tok)
    return run


def chain_left(token: Token) -> list[Token]:
    """The token and its left modifiers inside the noun phrase (compound,
    amod, nmod, poss, flat), in document order, cut at the nearest dash,
    colon or line break (a dateline like "JAKARTA -" is not a title).
    In unparsed text, the title-like words just before it."""
    keep = {"compound", "amod", "nmod", "poss", "flat", "nn", "npadvmod", "dep"}
    parts = [token]
    if unparsed(token):
        doc = token.doc
        parts += _linear_title(doc[i] for i in range(token.i - 1, max(-1, token.i - 9), -1))
    else:
        stack = [c for c in token.lefts if c.dep_ in keep]
        while stack:
            child = stack.pop()
            parts.append(child)
            stack.extend(c for c in child.children if c.dep_ in keep | {"prep", "pobj", "conj", "cc", "case"} and c.i < token.i)
    parts.sort(key=lambda t: t.i)
    cut = 0
    doc = token.doc
    for n, tok in enumerate(parts):
        gap = doc[parts[n - 1].i + 1 : tok.i] if n else doc[tok.i : tok.i]
        if any(_breaks_title(g) for g in gap):
            cut = n
        if _breaks_title(tok) or "\n" in tok.whitespace_:
            cut = n + 1
    return parts[cut:] or [token]


def _breaks_title(tok: Token) -> bool:
    """A line break, colon, bar or free-standing dash ("JAKARTA - ...") ends
    what can be a title; a hyphen inside a name ("Zia-ul-Haq") does not."""
    if "\n" in tok.text or tok.text in {":", "|"}:
        return True
    if tok.text in {"-", "–", "—"}:
        before = tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)
        return before or bool(tok.whitespace_)
    return False


def token_texts(doc: Doc) -> list[str]:
    """The text of every token, read from the arrays: making a `Token` per
    word is most of the cost of a pass over a long article."""
    strings = doc.vocab.strings
    return [strings[orth] for orth in doc.to_array(ORTH).tolist()]


def proper_nouns(doc: Doc) -> list[Token]:
    """The tokens tagged PROPN, found from the arrays."""
    propn = doc.vocab.strings["PROPN"]
    return [doc[int(i)] for i in np.flatnonzero(doc.to_array(POS) == propn)]


class PeopleIndex:
    def __init__(self, doc: Doc):
        self.doc = doc
        self._headline_lines: dict[int, bool] = {}  # line start -> headline style?
        self._lines: tuple[list[str], list[int]] | None = None  # token texts, first token of each one's line
        self.people: dict[str, Person] = {}
        self.token_person: dict[int, str] = {}
        self._counts: Counter | None = None
        self._build()

    # -- building -------------------------------------------------------
    def _mention_spans(self) -> list[tuple[list[Token], list[Token]]]:
        """(name tokens, context tokens) for each person mention."""
        doc = self.doc
        found: list[tuple[list[Token], list[Token]]] = []
        taken: set[int] = set()
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            head = ent.root
            context = chain_left(head)
            tokens = [t for t in ent if t.tag_ != "POS" and t.text not in {"'s", "’s"}]
            name = _with_gazetteer_title(_name_tokens(tokens) or tokens, context)
            if not name or _names_state_or_body(_name_text(name)):
                continue
            found.append((name, context))
            taken.update(t.i for t in ent)
        # Proper-noun chains the NER missed but a title vouches for
        # ("Secretary of State Marco Rubio", "Mr. [...] Blinken"), or whose
        # full name the office-holders gazetteer knows ("Sheikh Hasina").
        for tok in proper_nouns(doc):
            if tok.i in taken or tok.dep_ in {"compound", "flat"}:
                continue
            context = chain_left(tok)
            name = _name_tokens(context)
            titled = any(t.lower_.rstrip(".") in (LEADER_ROLES | MINISTER_ROLES | ENVOY_NOUNS | {"mr", "mrs", "ms"}) for t in context if t not in name) or any(
                c.dep_ == "appos" and role_lemma(c) in LEADER_ROLES | MINISTER_ROLES | ENVOY_NOUNS for c in tok.children)
            name = _with_gazetteer_title(name, context)
            known = len(name) >= 2 and fold(_name_text(name)) in known_leaders()
            if not name or not (titled or known) or any(t.i in taken for t in name):
                continue
            if any(t.ent_type_ in {"GPE", "NORP", "ORG", "LOC", "FAC", "DATE"} and t.ent_type_ != "PERSON" for t in name) and len(name) == 1:
                continue
            text = _name_text(name)
            if _names_state_or_body(text):
                continue
            found.append((name, context))
            taken.update(t.i for t in name)
        return found

    def _title_case_line(self, token: Token) -> bool:
        """Is the token on a headline-style line where every word is
        capitalised (NER reads "Biden Insults" as a name there)?"""
        if self._lines is None:
            texts = token_texts(self.doc)  # once per article
            self._lines = (texts, line_starts(texts))
        texts, starts = self._lines
        start = starts[token.i]
        if start not in self._headline_lines:
            self._headline_lines[start] = headline_style(line_words(texts, starts, token.i))
        return self._headline_lines[start]

    def _build(self) -> None:
        mentions = self._mention_spans()
        body_words = {fold(t.text) for name, _ in mentions if not self._title_case_line(name[0]) for t in name}
        cleaned = []
        for name, context in mentions:
            if self._title_case_line(name[0]):
                name = [t for t in name if fold(t.text) in body_words]
                if not name:
                    continue
            cleaned.append((name, context))
        mentions = cleaned
        full_names: list[str] = []
        for name, _ in mentions:
            text = _name_text(name)
            if len(text.split()) >= 2:
                full_names.append(text)
        leaders = known_leaders()
        for name, context in mentions:
            text = _name_text(name)
            canonical = self.canonical(text, full_names)
            person = self.people.get(canonical)
            if person is None:
                person = self.people[canonical] = Person(name=canonical, first=name[0].i)
            person.mentions += 1
            for tok in name:
                self.token_person[tok.i] = canonical
            posted_to = (name[-1].dep_ == "pobj" and name[-1].head.lower_ in {"to", "in"}
                         and role_lemma(name[-1].head.head) in ENVOY_NOUNS)
            for tok in context:
                if tok in name:
                    continue
                low = tok.lower_.rstrip(".")
                if low in ROLE_WORDS:
                    person.roles.add(low)
                if tok.ent_type_ == "ORG" and _private_body(tok):
                    person.company = True
                body = organisation_name(entity_at(tok).text if tok.ent_type_ else tok.text)
                if body:
                    person.organisation = body  # "NATO Secretary-General": speaks for NATO
                text = tok.text
                if tok.ent_type_ in {"GPE", "NORP"}:  # "South African" is one entity
                    text = entity_at(tok).text
                code = country_code(text) if (tok.pos_ in {"PROPN", "ADJ", "NOUN"} or tok.ent_type_ in {"GPE", "NORP"}
                                              or unparsed(tok) and tok.is_title) else None
                if code and not _is_destination(tok) and not posted_to:
                    person.countries_seen[code] += 1
            if posted_to:  # "Somali Ambassador to Kenya Jibril Abdulle", parsed as "to (Kenya Abdulle)"
                envoy_noun = name[-1].head.head
                person.roles.add(role_lemma(envoy_noun))
                for tok in chain_left(envoy_noun):
                    code = country_code(tok.text) if tok.i != envoy_noun.i else None
                    if code:
                        person.countries_seen[code] += 1
            for code, role in _appositive_info(name[-1]):
                if code:
                    person.countries_seen[code] += 1
                if role:
                    person.roles.add(role)
        self._link_bare_surnames(leaders)
        for person in self.people.values():
            folded = fold(person.name)
            known = leader_country(folded)
            if person.organisation and not person.countries_seen:
                known = None  # an international office: the person's old national office is not this one
            known = known or next((ROLE_COUNTRY[r] for r in person.roles if r in ROLE_COUNTRY), None)
            if known:
                # The gazetteer breaks ties; the article's own titles still win
                # when they agree with each other.
                person.countries_seen[known] += 1.5
            if person.countries_seen:
                person.country = person.countries_seen.most_common(1)[0][0]

    def _link_bare_surnames(self, leaders: dict[str, str]) -> None:
        """A lone proper noun that is the surname of someone the article
        names ("Trump" where NER missed it), or of a well-known office
        holder, is that person."""
        surnames = {fold(name).split()[-1]: name for name in self.people if len(name.split()) >= 2}
        for tok in proper_nouns(self.doc):
            if tok.i in self.token_person or not tok.text[:1].isupper():
                continue
            if tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and tok.head.i not in self.token_person:
                continue  # part of some other name
            key = fold(tok.text)
            name = surnames.get(key)
            chain = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and not _is_title(c)] + [tok]
            full = fold(" ".join(t.text for t in chain))
            if name is None and len(chain) > 1 and full in leaders:
                # "China's Xi Jinping" where NER saw no person
                name = " ".join(t.text for t in chain)
                if name not in self.people:
                    self.people[name] = Person(name=name, first=chain[0].i)
                for part in chain[:-1]:
                    self.token_person[part.i] = name
            if name is None and key in leaders and country_code(tok.text) is None and not organisation_name(tok.text):
                name = tok.text
                if name not in self.people:
                    self.people[name] = Person(name=name, first=tok.i)
            if name is None:
                continue
            self.token_person[tok.i] = name
            self.people[name].mentions += 1

    @staticmethod
    def canonical(text: str, full_names: list[str]) -> str:
        """The fullest form of `text` the article uses."""
        words = fold(text).replace("-", " ").split()
        best = text
        for full in full_names:
            full_words = fold(full).replace("-", " ").split()
            if len(full_words) <= len(words):
                continue
            if words and (words[-1] == full_words[-1] or (len(words) == 1 and words[0] in full_words)):
                if len(full_words) > len(fold(best).split()):
                    best = full
        return best

    # -- lookups --------------------------------------------------------
    def person_at(self, token: Token) -> str | None:
        return self.token_person.get(token.i)

    def home_country(self, *, besides: set[str] = frozenset()) -> str | None:
        """The country the article is about: the one its people and place
        names point to most often (other than `besides`)."""
        for code, _ in self._country_counts().most_common():
            if code not in besides:
                return code
        return None

    def _country_counts(self) -> Counter:
        if self._counts is None:
            counts: Counter = Counter()
            for person in self.people.values():
                if person.country:
                    counts[person.country] += person.mentions
            # The whole text, not only the parsed sentences' entities: a
            # country named in a sentence without a trigger still counts.
            for mention in country_mentions(self.doc.text):
                counts[mention.value] += 1
            self._counts = counts
        return self._counts

    def is_official(self, name: str) -> bool:
        person = self.people.get(name)
        return person is not None and person.is_official

    def country_of(self, name: str) -> str | None:
        person = self.people.get(name)
        return person.country if person else None

    def by_country(self, code: str, *, role_class: set[str] | None = None) -> str | None:
        """The most-mentioned person of a country, preferring one whose
        roles fall in `role_class`."""
        candidates = [p for p in self.people.values() if p.country == code]
        if not candidates:
            return None
        if role_class:
            with_role = [p for p in candidates if p.roles & role_class]
            candidates = with_role or candidates
        return max(candidates, key=lambda p: (p.mentions, -p.first)).name

    def envoys(self) -> list[Person]:
        return [p for p in self.people.values() if p.is_envoy]

    def resolve_title(self, token: Token) -> list[str]:
        """People meant by a title without a name: "the Russian leader",
        "his US counterpart", "the Russian and US presidents"."""
        lemma = role_lemma(token)
        if lemma not in LEADER_ROLES | MINISTER_ROLES | ENVOY_NOUNS | {"counterpart", "host", "guest"}:
            return []
        codes: list[str] = []
        for tok in chain_left(token):
            if tok is token:
                continue
            code = country_code(tok.text)
            if code and code not in codes:
                codes.append(code)
        if not codes:  # a name of two words: "the South African leader", "the New Zealand prime minister"
            modifiers = " ".join(t.text for t in chain_left(token) if t is not token)
            codes = list(dict.fromkeys(m.value for m in country_mentions(modifiers)))
        # "of Russian and the US Presidents": the conjunct before names a country too
        if token.dep_ == "conj" and country_code(token.head.text) and country_code(token.head.text) not in codes:
            codes.insert(0, country_code(token.head.text))
        for child in token.children:  # "President of Russia and the US"
            if child.dep_ == "conj" and country_code(child.text) and country_code(child.text) not in codes:
                codes.append(country_code(child.text))
            if child.dep_ == "prep" and child.lower_ == "of":
                for sub in child.subtree:
                    code = country_code(sub.text) if sub.pos_ == "PROPN" or sub.ent_type_ else None
                    if code and code not in codes:
                        codes.append(code)
        if not codes:
            return self._only_holder(token)
        role_class = LEADER_ROLES if lemma in LEADER_ROLES or lemma == "counterpart" else (
            ENVOY_NOUNS if lemma in ENVOY_NOUNS else MINISTER_ROLES)
        words = {t.lower_ for t in token.subtree if not t.is_punct}
        if any(p <= words for p in FOREIGN_MINISTER_PHRASES) or lemma in {"diplomat"}:
            role_class = MINISTER_ROLES
        elif lemma == "head" and not words & {"state", "government"}:
            return []  # "head of the delegation": no office we can resolve
        if lemma == "counterpart":
            # A counterpart holds the same office as the one it is counterpart
            # to ("his counterpart" of a foreign minister is a minister).
            role_class = LEADER_ROLES
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            owner_name = self.resolve_pronoun(owner) if owner is not None and owner.pos_ == "PRON" else (
                self.token_person.get(owner.i) if owner is not None else None)
            if owner_name and self.people[owner_name].roles & MINISTER_ROLES and not self.people[owner_name].roles & LEADER_ROLES:
                role_class = MINISTER_ROLES
        people = [self.by_country(code, role_class=role_class) for code in codes]
        return [p for p in people if p]

    def _only_holder(self, token: Token) -> list[str]:
        """"the prime minister" with no country: the one person the article
        names with every word of that title, if there is exactly one."""
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return []
        words = {t.lower_ for t in chain_left(token) if t.pos_ in {"NOUN", "PROPN", "ADJ"}}
        holders = [p.name for p in self.people.values() if words and words <= p.roles]
        return holders if len(holders) == 1 else []

    def recent_people(self, token: Token, *, limit: int = 2) -> list[str]:
        """The last `limit` distinct people named (or titled) before `token`
        in its sentence and the one before: what "they" or "the two" mean."""
        start = max(0, token.sent.start - 60)
        found: list[str] = []
        for i in range(token.i - 1, start - 1, -1):
            tok = self.doc[i]
            names = [self.token_person[i]] if i in self.token_person else (
                self.resolve_title(tok) if tok.pos_ in {"NOUN", "PROPN"} else [])
            for name in names:
                if name not in found:
                    found.append(name)
            if len(found) >= limit:
                break
        return found

    def resolve_pronoun(self, token: Token) -> str | None:
        """The person a third-person pronoun most likely refers to: for a
        subject, the nearest earlier subject that names a person; otherwise
        the nearest earlier person that is not this clause's subject."""
        low = token.lower_
        if low not in PRONOUNS_SUBJECT | PRONOUNS_OTHER:
            return None
        clause_subject = None
        verb = token.head
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.i != token.i:
                clause_subject = self.person_or_title(child)
        sent_start = token.sent.start
        window_start = max(0, sent_start - 120)
        candidates: list[tuple[int, str, bool]] = []
        for i in range(window_start, token.i):
            tok = self.doc[i]
            name = self.token_person.get(i)
            if not name:
                titled = self.resolve_title(tok) if tok.pos_ == "NOUN" and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "appos"} else []
                if len(titled) == 1:
                    name = titled[0]
            if name:
                is_subject = tok.dep_ in {"nsubj", "nsubjpass"} or tok.head.dep_ in {"nsubj", "nsubjpass"}
                candidates.append((i, name, is_subject))
        if not candidates:
            return None
        if low in PRONOUNS_SUBJECT or (low in {"his", "her"} and token.head.dep_ in {"nsubj", "nsubjpass"}):
            matrix = self._matrix_subject_person(token)
            if matrix:
                return matrix  # "X denied reports that he had visited": he is X
            subjects = [c for c in candidates if c[2]]
            pool = subjects or candidates
            return pool[-1][1]
        for _, name, _ in reversed(candidates):
            if name != clause_subject:
                return name
        return None

    def _matrix_subject_person(self, token: Token) -> str | None:
        """The one person named in the subject of a verb whose clause holds
        the pronoun's own ("Bukhari, a former aide, denied reports that he
        ..."), however deep the parser hung the name in that subject."""
        node = token.head
        while node.dep_ in {"ccomp", "acl", "relcl", "xcomp", "advcl", "pobj", "prep", "dobj"} and node.head.i != node.i:
            node = node.head
            if node.pos_ not in {"VERB", "AUX"}:
                continue
            for child in node.children:
                if child.dep_ in {"nsubj", "nsubjpass"} and child.i < token.i:
                    names = {self.token_person[t.i] for t in child.subtree if t.i in self.token_person}
                    return names.pop() if len(names) == 1 else None
        return None

    def pronoun_country(self, token: Token) -> str | None:
        """For "he" or "she" whose antecedent is an office named without a
        name ("The Ukrainian president said he would ..."): that office's
        country."""
        if token.lower_ not in PRONOUNS_SUBJECT | PRONOUNS_OTHER:
            return None
        start = max(0, token.sent.start - 60)
        for i in range(token.i - 1, start - 1, -1):
            tok = self.doc[i]
            if tok.dep_ not in {"nsubj", "nsubjpass"} or role_lemma(tok) not in LEADER_ROLES | MINISTER_ROLES | ENVOY_NOUNS:
                continue
            for part in chain_left(tok):
                code = country_code(part.text) if part.i != tok.i else None
                if code:
                    return code
        return None

    def person_or_title(self, token: Token) -> str | None:
        name = self.token_person.get(token.i)
        if name:
            return name
        titled = self.resolve_title(token)
        return titled[0] if len(titled) == 1 else None


def role_lemma(token: Token) -> str:
    """'Presidents' -> 'president': the role a (possibly plural, capitalised)
    title word names."""
    low = token.lower_
    for form in (token.lemma_.lower(), low, low[:-1] if low.endswith("s") else low):
        if form in LEADER_ROLES | MINISTER_ROLES | ENVOY_NOUNS | {"counterpart", "host", "guest"}:
            return form
    return token.lemma_.lower()


def _names_state_or_body(text: str) -> bool:
    """Is the whole of this name a state or an organisation ("Jordan", "the
    UN"), not a person whose name holds one ("Tim Cook")?"""
    if organisation_name(text):
        return True
    if text.split()[-1].lower() in BODY_NOUNS:
        return True  # "General Intelligence Directorate", "Defence Ministry": a body, whatever the tagger says
    return any(m.start == 0 and m.end == len(text) for m in country_mentions(text)) or (
        " " not in text and country_code(text) is not None)


# Last words that make a capitalised name a body, not a person.
BODY_NOUNS = frozenset({
    "directorate", "ministry", "agency", "council", "committee", "department", "bureau", "commission",
    "authority", "office", "service", "services", "party", "army", "navy", "forces", "police", "guard",
    "parliament", "assembly", "senate", "congress", "court", "tribunal", "university", "institute",
    "foundation", "association", "union", "bank", "group", "corporation", "company", "inc", "ltd", "news",
})


def _private_body(tok: Token) -> bool:
    """Is this organisation in a person's title a private body (a company, a
    club), not a state's institution or an international organisation?"""
    ent = entity_at(tok)
    text = ent.text if ent is not None else tok.text
    return not (country_code(text) or organisation_name(text))


def _is_destination(tok: Token) -> bool:
    """'Ambassador to Moscow': the country after 'to' is the host, not the
    person's own country."""
    head = tok.head
    return head.dep_ == "prep" and head.lower_ in {"to", "in"} or (tok.dep_ == "pobj" and tok.head.lower_ in {"to", "in"})


def _last_country_before(token: Token) -> str | None:
    """The country named last before `token` in its sentence: what "the
    country" refers back to."""
    for ent in reversed([e for e in ents_in(token.sent) if e.end <= token.i]):
        if ent.label_ not in {"GPE", "NORP"}:
            continue
        if ent.root.dep_ == "pobj" and ent.root.head.lower_ in {"in", "at", "to", "from", "near"}:
            continue  # a place where something is ("embassy in Washington"), not the topic
        code = country_code(ent.text)
        if code:
            return code
    return None


def _appositive_info(token: Token) -> list[tuple[str | None, str | None]]:
    """Country and role from an appositive: "Ajit Doval, India's national
    security adviser" or "John Sullivan, the US ambassador"."""
    out: list[tuple[str | None, str | None]] = []
    if unparsed(token):
        return _linear_appositive(token)
    neighbours = [c for c in token.children if c.dep_ == "appos"]
    if token.dep_ == "appos":
        neighbours.append(token.head)
    for tok in neighbours:
        role = tok.lemma_.lower() if tok.lemma_.lower() in ROLE_WORDS else None
        code = None
        if any(t.lemma_.lower() in MISSION_NOUNS for t in tok.subtree):
            role = "diplomat"  # "chief minister at the Japanese Embassy in China"
            mission = next(t for t in tok.subtree if t.lemma_.lower() in MISSION_NOUNS)
            code = next((country_code(t.text) for t in mission.lefts if t.ent_type_ in {"NORP", "GPE"} or t.pos_ == "PROPN"), None)
        for sub in chain_left(tok):
            if sub is tok:
                continue
            code = code or (country_code(sub.text) if sub.pos_ in {"PROPN", "ADJ"} or sub.ent_type_ in {"GPE", "NORP"} else None)
            if code is None and sub.lower_ == "country" and any(d.lower_ == "the" for d in sub.children):
                code = _last_country_before(sub)  # "Ajit Doval, the country's security adviser"
        out.append((code, role))
    return out


def _linear_appositive(token: Token) -> list[tuple[str | None, str | None]]:
    """`_appositive_info` for unparsed text: "Name, the Russian president,"
    read as the words between the comma after the name and the next stop."""
    doc = token.doc
    if token.i + 1 >= len(doc) or doc[token.i + 1].text != ",":
        return []
    phrase = []
    for tok in doc[token.i + 2 : token.i + 10]:
        if tok.is_punct and tok.text not in {"'s", "’s", "-"} or tok.is_space:
            break
        phrase.append(tok)
    roles = [t.lower_ for t in phrase if t.lower_ in ROLE_WORDS]
    if not roles:
        return []
    code = next((c for c in (country_code(e.text) for e in ents_in(doc[token.i + 2 : token.i + 2 + len(phrase)])
                             if e.label_ in {"GPE", "NORP"}) if c), None)
    return [(code, roles[-1])]


@Language.factory("parley_people")
def make_people_component(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        doc._.people = PeopleIndex(doc)
        return doc

    return component
