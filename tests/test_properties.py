"""Property tests: no text or bytes make decoding, stripping or extraction raise.

Each stage must answer any input with a result or a rejection; an exception
would cost a whole chunk a retry. The NLP model is the real one.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.article import CleanArticle
from models.inputs import InputFormat, RawDocument, RejectedInput
from models.settings import get_settings
from tasks.load import decode_document

PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks a little like pages: markup, entities, news words, any unicode.
FRAGMENTS = st.sampled_from([
    "<html>", "</html>", "<p>", "</p>", "<div class='x'>", "</div>", "<script>", "</script>", "<!--", "-->",
    "<br/>", "&amp;", "&#x27;", "&nbsp;", "<title>", "</title>", "<meta charset='utf-8'>", "\n", "\r\n", "\t",
    "The foreign minister met his counterpart in Paris on Monday. ", "Russia summoned the ambassador. ",
    "Germany recalled its envoy from Moscow. ", "Biden spoke by phone with Xi. ", "on 12 March 2024 ",
    "Published: ", "Advertisement", "Read more", "© 2024", "\u200b", "\ufeff", "\x00", "Ã©", "â€™",
])
PAGE_TEXT = st.one_of(
    st.text(max_size=2000),
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=40)), max_size=80).map("".join),
)


@PROPERTY
@given(data=st.binary(max_size=5000))
def test_decode_never_raises_on_any_bytes(data):
    result = decode_document("input.html", data, max_bytes=10**9)
    assert isinstance(result, (RawDocument, RejectedInput))
    if isinstance(result, RejectedInput):
        assert result.reason


@PROPERTY
@given(text=PAGE_TEXT, encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
def test_decode_never_raises_on_encoded_text(text, encoding):
    data = text.encode(encoding, errors="replace")
    assert isinstance(decode_document("page.txt", data, max_bytes=10**9), (RawDocument, RejectedInput))


@PROPERTY
@given(text=PAGE_TEXT, fmt=st.sampled_from([InputFormat.TEXT, InputFormat.HTML]))
def test_strip_never_raises(text, fmt):
    from tasks.strip import strip_document

    doc = RawDocument(source=f"page.{fmt.value}", format=fmt, text=text, encoding="utf-8", size_bytes=len(text))
    result = strip_document(doc)
    assert isinstance(result, (CleanArticle, RejectedInput))


@PROPERTY
@given(text=PAGE_TEXT.filter(lambda t: t.strip()), title=st.one_of(st.none(), st.text(max_size=80)))
def test_extraction_never_raises(text, title):
    from tasks.extract import extract_article_events
    from tasks.nlp import parse_articles

    settings_ = get_settings()
    article = CleanArticle(source="page.txt", format=InputFormat.TEXT, title=title, clean_text=text)
    (parsed,) = parse_articles([article], model_name=settings_.spacy_model, batch_size=8)
    events = extract_article_events(parsed)
    assert isinstance(events, list)
    assert all(e.article_id == article.article_id for e in events)


# Characters that make ftfy act: mojibake pieces, C1 controls, ligatures,
# full-width forms, line breaks, entities, escapes, combining marks.
_TRICKY = "Ã©â€™Â\xa0\x93\x94ﬁＡ，\r\n\u2028\x1b[0m&amp;&lt;<é\u0301Ð¾ВЂ’“”–…ØÙ°×²\ufeff\x00"


@given(st.lists(st.sampled_from(list(_TRICKY) + ["abc ", "x", "\n", "<p>", "é"]), max_size=60).map("".join))
@settings(max_examples=400, deadline=None)
def test_repair_equals_ftfy_on_any_text(text):
    import ftfy

    from tasks.load import repair_text

    assert repair_text(text) == ftfy.fix_text(text, uncurl_quotes=False, normalization="NFC")
