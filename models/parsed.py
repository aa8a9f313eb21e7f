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
    def from_doc(cls, article: CleanArticle, doc) -> "ParsedArticle":
        return cls(
            article=article,
            words=[t.text for t in doc],
            spaces=[bool(t.whitespace_) for t in doc],
            tags=[t.tag_ for t in doc],
            pos=[t.pos_ for t in doc],
            deps=[t.dep_ for t in doc],
            lemmas=[t.lemma_ for t in doc],
            heads=[t.head.i for t in doc],
            sent_starts=[bool(t.is_sent_start) for t in doc],
            ents=[(e.start, e.end, e.label_) for e in doc.ents],
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


def _iob(n: int, ents: list[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * n
    for start, end, label in ents:
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags
