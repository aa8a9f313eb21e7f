"""Pipeline component `parley_triggers`: the words that may state an event.

Runs the Matcher patterns of tasks/extraction/patterns.py (one `pattern_<kind>()` per
event kind) and stores `(kind, token index)` pairs in `doc._.triggers`. A
trigger is only a candidate; `parley_events` decides whether it states one.
"""
from __future__ import annotations

import numpy as np
from spacy.attrs import POS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from tasks.extraction.patterns import PATTERNS

# First words of a pattern that qualify the event noun the pattern ends on.
QUALIFIER_FIRST = frozenset({"give", "extend", "accord", "courtesy", "phone", "telephone", "telephonic"})

if not Doc.has_extension("triggers"):
    Doc.set_extension("triggers", default=None)


def _matches(matcher: Matcher, doc: Doc) -> list[tuple[int, int, int]]:
    """Matches in the stretches of the document the NLP stage tagged (all of
    it, or the sentences of a focused parse; see tasks/extraction/focus.py). Patterns
    need parts of speech or lemmas, so nothing can match elsewhere."""
    tagged = doc.to_array([POS]) != 0
    if not tagged.any():
        return []
    edges = np.flatnonzero(np.diff(np.concatenate([[0], tagged.astype(np.int8), [0]])))
    found = []
    for start, end in zip(edges[::2].tolist(), edges[1::2].tolist()):
        found += [(match_id, start + s, start + e) for match_id, s, e in matcher(doc[start:end])]
    return found


@Language.factory("parley_triggers")
def make_trigger_component(nlp: Language, name: str):
    matcher = Matcher(nlp.vocab)
    for kind, patterns in PATTERNS.items():
        matcher.add(kind, patterns())

    def component(doc: Doc) -> Doc:
        found: list[tuple[str, int]] = []
        seen: set[tuple[str, int]] = set()
        for match_id, start, end in _matches(matcher, doc):
            kind = nlp.vocab.strings[match_id]
            # The trigger is the match's first token ("virtual summit" ->
            # virtual, "sit down with" -> sit), except where the first word
            # only qualifies the event noun after it ("gave a warm welcome"
            # -> welcome, "courtesy call" -> call, "phone talks" -> talks).
            anchor = start
            if end - start > 1 and doc[start].lemma_.lower() in QUALIFIER_FIRST:
                anchor = end - 1
            key = (kind, anchor)
            if key not in seen:
                seen.add(key)
                found.append(key)
        doc._.triggers = sorted(found, key=lambda pair: pair[1])
        return doc

    return component
