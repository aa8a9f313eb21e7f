"""The shape of a line of text, shared by the NLP stage and the people index."""
from __future__ import annotations


def headline_style(line: list[str]) -> bool:
    """Is this line (the texts of its non-space tokens) a headline where
    every word is capitalised? NER reads "Biden Insults" as a name there."""
    if line and line[-1] in {".", "!", "?"}:
        return False  # a headline has no closing stop; a sentence does
    words = [w for w in line if w.isalpha() and len(w) > 3]
    lower = sum(not w[0].isupper() for w in words)
    # Headline style capitalises verbs and function words too ("Says",
    # "Is", "With"); a sentence full of names still has lowercase verbs.
    return len(words) >= 5 and lower <= max(1, len(words) // 10)
