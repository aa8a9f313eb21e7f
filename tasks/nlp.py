"""NLP stage: run spaCy over clean articles in batches.

The pipeline is loaded once per process and kept; the task hands on plain
token columns (`ParsedArticle`), never the `Doc` itself. By default only
the sentences that can hold an event go through the model (tasks/extraction/focus.py
says which); `focused_parse = false` runs it over every sentence.

Speed without changing a single annotation: the model's `attribute_ruler`
(tag -> POS/morph mapping and a few exceptions, 179 rules in
en_core_web_sm) runs every rule as a `Matcher` pattern over every token,
which costs about an eighth of the whole pipeline. `IndexedAttributeRuler`
applies the same rules, in the same order, with column comparisons over the
whole document (numpy) instead. It refuses rule features it does not know
(and the original component is kept), so a new model cannot silently get
different output; `tests/test_nlp.py` checks it token for token
against the original.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import spacy
from prefect import task
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.util import minibatch

from models.article import CleanArticle
from models.parsed import ParsedArticle
from models.settings import get_settings
from tasks.extraction.focus import Words, complete_names, focus_spans, sentence_starts
from tasks.extraction.truecase import sentence_cased

_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


class UnsupportedRule(ValueError):
    """An attribute-ruler pattern this indexed version cannot reproduce exactly."""


class IndexedAttributeRuler:
    """The rules of a spaCy `AttributeRuler`, applied with array comparisons.

    Same semantics as the original: every rule is matched against the
    document as it was before the component ran, then each rule's attributes
    are set in rule order (a later rule wins on the same token)."""

    def __init__(self, ruler) -> None:
        self.vocab = ruler.vocab
        strings = self.vocab.strings
        self.rules: list[tuple[list[list[tuple[int, str, object]]], int, dict]] = []
        for number, entry in enumerate(ruler.patterns):
            alternatives = []
            for pattern in entry["patterns"]:
                tokens = []
                for spec in pattern:
                    checks = []
                    for attr, value in spec.items():
                        if attr not in _COLUMNS:
                            raise UnsupportedRule(f"rule {number}: attribute {attr}")
                        checks.append(self._check(attr, value, strings, number))
                    tokens.append(checks)
                alternatives.append(tokens)
            self.rules.append((alternatives, entry.get("index", 0), ruler.attrs[number]))

    @staticmethod
    def _check(attr: str, value, strings, number: int):
        column = _COLUMNS[attr]
        if attr == "IS_SPACE":
            if not isinstance(value, bool):
                raise UnsupportedRule(f"rule {number}: IS_SPACE {value!r}")
            return (column, "eq", int(value))
        if isinstance(value, str):
            return (column, "eq", strings.add(value))
        if isinstance(value, dict) and len(value) == 1:
            (op, arg), = value.items()
            if op in {"IN", "NOT_IN"} and isinstance(arg, list):
                return (column, op, np.array([strings.add(v) for v in arg], dtype=np.uint64))
            if op == "REGEX" and isinstance(arg, str):
                return (column, "regex", re.compile(arg))
        raise UnsupportedRule(f"rule {number}: {attr} {value!r}")

    def _mask(self, checks, columns: np.ndarray, strings) -> np.ndarray:
        mask = np.ones(len(columns), dtype=bool)
        for column, op, arg in checks:
            values = columns[:, column]
            if op == "eq":
                mask &= values == arg
            elif op == "IN":
                mask &= np.isin(values, arg)
            elif op == "NOT_IN":
                mask &= ~np.isin(values, arg)
            else:  # regex, on the (few) distinct strings of the column
                hits = {v for v in np.unique(values[mask]) if arg.search(strings[int(v)])}
                mask &= np.isin(values, np.array(sorted(hits), dtype=np.uint64))
        return mask

    def __call__(self, doc: Doc) -> Doc:
        self._apply([doc])
        return doc

    def pipe(self, docs, batch_size: int = 128):
        # A batch shares one pass over the rules: the per-rule cost is the
        # same for one short document as for many.
        for batch in minibatch(docs, size=batch_size):
            self._apply(batch)
            yield from batch

    def _apply(self, docs: list[Doc]) -> None:
        docs = [doc for doc in docs if len(doc)]
        if not docs:
            return
        lengths = np.array([len(doc) for doc in docs])
        columns = np.concatenate([doc.to_array([TAG, LOWER, DEP, IS_SPACE]).astype(np.uint64) for doc in docs])
        doc_of = np.repeat(np.arange(len(docs)), lengths)
        first_of = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        n = len(columns)
        strings = self.vocab.strings
        todo: list[tuple[int, dict]] = []
        for alternatives, index, attrs in self.rules:
            targets: set[int] = set()
            for tokens in alternatives:
                width = len(tokens)
                if width > n:
                    continue
                mask = np.ones(n - width + 1, dtype=bool)
                for offset, checks in enumerate(tokens):
                    mask &= self._mask(checks, columns[offset : n - width + 1 + offset], strings)
                if width > 1:  # a match never spans two documents
                    mask &= doc_of[: n - width + 1] == doc_of[width - 1 :]
                for start in np.flatnonzero(mask):
                    position = index if index >= 0 else width + index
                    targets.add(int(start) + position)
            todo.extend((i, attrs) for i in sorted(targets))
        # Rules were visited in order, so later rules overwrite earlier ones.
        for i, attrs in todo:
            number = doc_of[i]
            set_token_attrs(docs[number][i - first_of[number]], attrs)


@lru_cache(maxsize=2)
def load_pipeline(model_name: str) -> Language:
    try:
        nlp = spacy.load(model_name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model_name!r} is not installed; install the project "
            f"(make install) or set PARLEY_SPACY_MODEL to an installed pipeline"
        ) from exc
    if get_settings().fast_attribute_ruler:
        _index_attribute_ruler(nlp)
    return nlp


def _index_attribute_ruler(nlp: Language) -> None:
    """Swap the model's attribute ruler for the indexed one, in place; keep
    the original when a rule cannot be reproduced exactly."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    try:
        indexed = IndexedAttributeRuler(nlp.get_pipe("attribute_ruler"))
    except UnsupportedRule:
        return
    # `Language` keeps (name, component) pairs; swap the component only, so
    # names, order and the listeners of the other components are untouched.
    for position, (name, _) in enumerate(nlp._components):
        if name == "attribute_ruler":
            nlp._components[position] = (name, indexed)
            break


def reads_language(article: CleanArticle) -> bool:
    """Whether the model reads this article: its detected language is one of
    the `languages` setting, or no language could be told."""
    return article.language is None or article.language in get_settings().languages


def unparsed(article: CleanArticle) -> ParsedArticle:
    """An article in a language the model does not read: no tokens, so
    extraction finds nothing in it, and it is still stored."""
    return ParsedArticle(article=article, words=[], spaces=[], tags=[], pos=[], deps=[], lemmas=[], heads=[],
                         sent_starts=[], ents=[])


def parse_articles(
    articles: list[CleanArticle], *, model_name: str, batch_size: int, focus: bool | None = None
) -> list[ParsedArticle]:
    """Annotate each article. With `focus` (the default, setting
    `focused_parse`) only the sentences around possible triggers are tagged
    and parsed (tasks/extraction/focus.py); otherwise the whole model reads everything.
    Articles in a language the model does not read get no parse (`unparsed`)."""
    readable = [a for a in articles if reads_language(a)]
    if len(readable) < len(articles):
        parsed = iter(_parse_readable(readable, model_name=model_name, batch_size=batch_size, focus=focus))
        return [next(parsed) if reads_language(a) else unparsed(a) for a in articles]
    return _parse_readable(articles, model_name=model_name, batch_size=batch_size, focus=focus)


def _parse_readable(
    articles: list[CleanArticle], *, model_name: str, batch_size: int, focus: bool | None
) -> list[ParsedArticle]:
    if not articles:
        return []
    nlp = load_pipeline(model_name)
    if focus is None:
        focus = get_settings().focused_parse
    if not focus:
        tokenized = [Words.of(doc) for doc in nlp.tokenizer.pipe(a.clean_text for a in articles)]
        docs = (Doc(nlp.vocab, words=_parse_words(nlp, t.words), spaces=t.spaces, sent_starts=_line_starts(t.words))
                for t in tokenized)
        return [
            ParsedArticle.from_doc(article, doc, words=t.words)
            for article, t, doc in zip(articles, tokenized, nlp.pipe(docs, batch_size=batch_size))
        ]
    return _parse_focused(nlp, articles, batch_size=batch_size)


def _line_starts(words: list[str]) -> list[bool | None]:
    """Sentence starts the parser must respect: each line is a paragraph, so
    a sentence never runs across a line break (a headline is not the subject
    of the sentence below it). Elsewhere the parser decides (None)."""
    return [True] + [True if "\n" in words[i - 1] else None for i in range(1, len(words))]


def _parse_words(nlp: Language, words: list[str]) -> list[str]:
    """The words the model reads: title-case headlines in sentence case
    (tasks/extraction/truecase.py); the article keeps its own."""
    return sentence_cased(words, common_words=english_words(nlp)) or words


@lru_cache(maxsize=2)
def english_words(nlp: Language) -> frozenset[str]:
    """The words of the model's lemmatizer index (WordNet's nouns, verbs,
    adjectives and adverbs): ordinary English, not names."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(w for words in lookups.get_table("lemma_index").values() for w in words)


def _parse_focused(nlp: Language, articles: list[CleanArticle], *, batch_size: int) -> list[ParsedArticle]:
    settings = get_settings()
    docs = list(nlp.tokenizer.pipe(a.clean_text for a in articles))
    tokens = [Words.of(doc) for doc in docs]
    starts = [sentence_starts(t) for t in tokens]
    spans = [focus_spans(t, starts=s, context=settings.focus_context) for t, s in zip(tokens, starts)]
    whole_article_ner = settings.ner_scope == "article" and "ner" in nlp.pipe_names
    if whole_article_ner:
        # Names and countries anywhere in an article that may hold an event
        # (the others cannot yield a row).
        for _ in nlp.get_pipe("ner").pipe([doc for doc, found in zip(docs, spans) if found], batch_size=batch_size):
            pass
    cased = [_parse_words(nlp, t.words) if found else t.words for t, found in zip(tokens, spans)]
    pieces = [Doc(nlp.vocab, words=words[start:end], spaces=t.spaces[start:end], sent_starts=_line_starts(t.words[start:end]))
              for t, words, found in zip(tokens, cased, spans) for start, end in found]
    parsed_pieces = iter(nlp.pipe(pieces, batch_size=batch_size, disable=["ner"] if whole_article_ner else []))
    results = []
    for article, doc, words, sentences, found in zip(articles, docs, tokens, starts, spans):
        annotated = [(start, next(parsed_pieces)) for start, _ in found]
        if whole_article_ner:
            ents = [(e.start, e.end, e.label_) for e in doc.ents]
        else:
            ents = complete_names(words, [(start + e.start, start + e.end, e.label_)
                                          for start, piece in annotated for e in piece.ents],
                                  common_words=english_words(nlp))
        results.append(ParsedArticle.from_pieces(article, words.words, words.spaces, annotated, ents=ents,
                                                 sentence_starts=sentences))
    return results


@task(name="nlp")
def nlp_task(articles: list[CleanArticle]) -> list[ParsedArticle]:
    settings = get_settings()
    return parse_articles(articles, model_name=settings.spacy_model, batch_size=settings.nlp_batch_size)
