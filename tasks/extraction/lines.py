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


def line_starts(words: list[str]) -> list[int]:
    """For each token (given as its text), the index of the first token of
    its line. A token holding a line break ends the line it is on."""
    starts, current = [], 0
    for i, word in enumerate(words):
        starts.append(current)
        if "\n" in word:
            current = i + 1
    return starts


def line_words(words: list[str], starts: list[int], i: int) -> list[str]:
    """The non-space token texts of the line holding token `i`."""
    end = i + 1
    while end < len(words) and starts[end] == starts[i]:
        end += 1
    return [w for w in words[starts[i] : end] if w.strip()]
