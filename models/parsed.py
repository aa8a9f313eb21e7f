"""An article with its spaCy annotations as plain columns.

The NLP task fills one of these per article; the extraction task rebuilds a
`Doc` from it with `to_doc`. Keeping annotations as lists (not a pickled
`Doc`) keeps the contract readable, versionable and process-safe.
"""
from __future__ import annotations

from pydantic import BaseModel

from models.article import CleanArticle


class ParsedArticle(BaseModel):
    article: CleanArticle
    words: list[str]
    spaces: list[bool]
    tags: list[str]
    pos: list[str]
    deps: list[str]
    lemmas: list[str]
    heads: list[int]
    sent_starts: list[bool]
    # (first token, end token, label) of each named entity
    ents: list[tuple[int, int, str]]

    @classmethod
    def from_doc(cls, article: CleanArticle, doc, *, words: list[str] | None = None) -> "ParsedArticle":
        """Columns of a parsed `Doc`; `words`: the article's own token texts
        when the model read them in another case (headlines)."""
        return cls(
            article=article,
            words=words or [t.text for t in doc],
            spaces=[bool(t.whitespace_) for t in doc],
            tags=[t.tag_ for t in doc],
            pos=[t.pos_ for t in doc],
            deps=[t.dep_ for t in doc],
            lemmas=[t.lemma_ for t in doc],
            heads=[t.head.i for t in doc],
            sent_starts=[bool(t.is_sent_start) for t in doc],
            ents=[(e.start, e.end, e.label_) for e in doc.ents],
        )

    @classmethod
    def from_pieces(
        cls, article: CleanArticle, words: list[str], spaces: list[bool], pieces: list[tuple[int, object]], *,
        ents: list[tuple[int, int, str]], sentence_starts: list[int],
    ) -> "ParsedArticle":
        """Columns for a tokenised text (`ents` as token offsets) where only
        `pieces` (`(first token, parsed Doc of the tokens from there)`) were
        tagged and parsed. Other tokens have empty tags and lemmas, and each
        of their sentences is a flat tree under its first token with the
        label `unparsed`, which no rule reads."""
        from spacy.attrs import DEP, HEAD, LEMMA, POS, SENT_START, TAG

        n = len(words)
        tags, pos, deps, lemmas = [""] * n, [""] * n, ["unparsed"] * n, [""] * n
        heads = list(range(n))
        starts = [False] * n
        for first, end in zip(sentence_starts, sentence_starts[1:] + [n]):
            starts[first] = True
            deps[first] = "ROOT"
            heads[first:end] = [first] * (end - first)
        for offset, piece in pieces:
            end = offset + len(piece)
            strings = piece.vocab.strings
            columns = piece.to_array([TAG, POS, DEP, LEMMA, HEAD, SENT_START]).tolist()
            tags[offset:end] = [strings[row[0]] for row in columns]
            pos[offset:end] = [strings[row[1]] if row[1] else "" for row in columns]
            deps[offset:end] = [strings[row[2]] for row in columns]
            lemmas[offset:end] = [strings[row[3]] for row in columns]
            # HEAD is relative and SENT_START is 1 / -1 / 0, as uint64
            heads[offset:end] = [offset + i + _signed(row[4]) for i, row in enumerate(columns)]
            starts[offset:end] = [_signed(row[5]) == 1 for row in columns]
        return cls(
            article=article, words=words, spaces=spaces,
            tags=tags, pos=pos, deps=deps, lemmas=lemmas, heads=heads, sent_starts=starts, ents=ents,
        )

    def to_doc(self, vocab):
        """Rebuild the annotated `Doc` on `vocab` (any English vocab will do)."""
        from spacy.tokens import Doc

        return Doc(
            vocab,
            words=self.words,
            spaces=self.spaces,
            tags=self.tags,
            pos=self.pos,
            deps=self.deps,
            lemmas=self.lemmas,
            heads=self.heads,
            sent_starts=self.sent_starts,
            ents=_iob(len(self.words), self.ents),
        )


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _iob(n: int, ents: list[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * n
    for start, end, label in ents:
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags
