"""The NLP stage: the indexed attribute ruler and the focused parse.

The indexed ruler must give the model's own output token for token; the
focused parse must keep every trigger inside what it parses and produce
columns an extraction can read.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from models.article import CleanArticle
from models.settings import get_settings
from tasks.extraction.focus import Words, companion_words, complete_names, focus_spans, sentence_starts, trigger_words
from tasks.nlp import IndexedAttributeRuler, _index_attribute_ruler, parse_articles

MODEL = get_settings().spacy_model
REPO = Path(__file__).resolve().parents[1]


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((REPO / "seeds").glob("*"))]
    # short documents too, so batches mix lengths and one-token documents
    return texts + ["Talks.", "", "Putin met Xi in Beijing on Monday.", "He was summoned. She recalled it."]


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


@pytest.fixture(scope="module")
def model_pair():
    original = spacy.load(MODEL)
    indexed = spacy.load(MODEL)
    _index_attribute_ruler(indexed)
    # the swap keeps the model's own component when a rule is unsupported
    assert isinstance(indexed.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    return original, indexed


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_indexed_attribute_ruler_matches_the_model_token_for_token(model_pair, batch_size):
    original, indexed = model_pair
    texts = _texts()
    expected = [_annotations(d) for d in original.pipe(texts, batch_size=batch_size)]
    got = [_annotations(d) for d in indexed.pipe(texts, batch_size=batch_size)]
    assert got == expected


def test_trigger_words_cover_inflections_and_irregular_forms():
    words = trigger_words()
    for form in ("met", "meets", "meeting", "summoned", "recalled", "withdrew", "spoke", "phoned", "talks", "sat"):
        assert form in words
    # function words from multi-word patterns ("sit down with") would keep every sentence
    assert not {"with", "in", "out", "down", "the"} & words


def test_focus_keeps_trigger_sentences_and_the_one_before():
    nlp = spacy.blank("en")
    doc = nlp("The weather was fine. Markets rose. He praised the team. Later he met Xi in Beijing. Prices fell.")
    words = Words.of(doc)
    assert len(sentence_starts(words)) == 5
    spans = focus_spans(words, context=1)
    assert [doc[a:b].text.strip() for a, b in spans] == ["He praised the team. Later he met Xi in Beijing."]
    assert [doc[a:b].text.strip() for a, b in focus_spans(words, context=0)] == ["Later he met Xi in Beijing."]
    assert focus_spans(Words.of(nlp("Markets rose on Monday.")), context=1) == []


@pytest.mark.parametrize("text, sentences", [
    ('He said: "We met." Then he left.', ['He said: "We met."', "Then he left."]),
    ("Talks in the U.S. ended. New ones\nbegan", ["Talks in the U.S. ended.", "New ones", "began"]),
    ("Xi (in Beijing.) Putin spoke.", ["Xi (in Beijing.)", "Putin spoke."]),
])
def test_sentence_starts_keep_closing_quotes_and_abbreviations(text, sentences):
    doc = spacy.blank("en")(text)
    starts = sentence_starts(Words.of(doc))
    got = [doc[a:b].text.strip() for a, b in zip(starts, starts[1:] + [len(doc)])]
    assert [g for g in got if g] == sentences


def test_complete_names_finds_full_names_outside_the_parse_but_not_headline_words():
    doc = spacy.blank("en")("Russian President Vladimir Putin spoke.\nUnpredictable Putin faces questions\nPutin met Xi.")
    words = Words.of(doc)
    putin = [i for i, w in enumerate(words.words) if w == "Putin"]
    ents = [(putin[2], putin[2] + 1, "PERSON")]
    got = complete_names(words, ents, common_words=frozenset({"unpredictable"}))
    names = [doc[a:b].text for a, b, label in got if label == "PERSON"]
    assert names == ["Vladimir Putin", "Putin", "Putin"]


def test_focused_parse_keeps_every_trigger_the_full_parse_finds():
    """Over the seed articles: each trigger found with the whole model lies
    in a sentence the focused parse tags and parses (a common verb that
    needs a companion word, "ordered" without an envoy, is exempt only when
    its sentence lacks one: the rules could not use it)."""
    from tasks.extract import extraction_pipeline

    texts = [t for t in _texts() if t]
    articles = [CleanArticle(source=f"t{i}", clean_text=t, format="text") for i, t in enumerate(texts)]
    full = parse_articles(articles, model_name=MODEL, batch_size=8, focus=False)
    focused = parse_articles(articles, model_name=MODEL, batch_size=8, focus=True)
    triggers = extraction_pipeline().get_pipe("parley_triggers")
    vocab = extraction_pipeline().vocab
    checked = 0
    for whole, part in zip(full, focused):
        assert whole.words == part.words and whole.spaces == part.spaces
        doc = whole.to_doc(vocab)
        doc._.published_on = None
        for _, i in triggers(doc)._.triggers:
            needed = companion_words().get(doc[i].lower_)
            if needed is not None and not any(needed(t.text) for t in doc[i].sent):
                continue
            assert part.deps[i] != "unparsed" and part.pos[i], (whole.article.source, doc[i].sent.text)
            checked += 1
    assert checked >= 20


def test_focused_columns_make_a_doc_with_sentences_outside_the_parse():
    text = "Markets rose on Monday in London. Oil fell.\n\nPutin met Xi in Beijing on Tuesday."
    (parsed,) = parse_articles([CleanArticle(source="a", clean_text=text, format="text")],
                               model_name=MODEL, batch_size=8, focus=True)
    doc = parsed.to_doc(spacy.blank("en").vocab)
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[0] == "Markets rose on Monday in London."
    assert "Putin met Xi in Beijing on Tuesday." in sentences
    met = next(t for t in doc if t.text == "met")
    assert met.pos_ == "VERB" and met.lemma_ == "meet" and {c.text for c in met.children} >= {"Putin", "Xi"}
    assert all(t.dep_ in {"ROOT", "unparsed"} and not t.pos_ for t in doc[:7])
    assert {e.text for e in doc.ents} >= {"Putin", "Xi", "Beijing"}
