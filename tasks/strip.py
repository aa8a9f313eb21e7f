"""Strip stage: turn a raw page into a clean article (title, date, body).

HTML pages go through trafilatura for the body, the headline and the date
(htmldate underneath), then through the same line classifier as text dumps
(`tasks.boilerplate`), which catches the captions, credits, teasers and
prompts trafilatura lets through. Text dumps go through the classifier only.
Every article gets the language its text is written in
(`tasks.boilerplate.language`), which decides whether NLP reads it.

Whatever the input, the result is a `CleanArticle` or a `RejectedInput`
with a reason; this stage never raises.
"""
from __future__ import annotations

import logging
import re
from datetime import date

from prefect import task

from models.article import CleanArticle
from models.inputs import InputFormat, RawDocument, RejectedInput
from models.settings import get_settings
from tasks.boilerplate import classifier as boilerplate
from tasks.boilerplate.classifier import CleanPage, DateHit
from tasks.boilerplate.language import detect_language

log = logging.getLogger(__name__)

# lxml and trafilatura slow down steeply on pathological pages; beyond this
# many characters the page is cut (a news article is far smaller than this).
MAX_HTML_CHARS = 8_000_000
MAX_TEXT_CHARS = 8_000_000

# trafilatura options. Its balanced default keeps the article's own
# subheadings, lists and closing paragraphs that precision mode cuts (on the
# visible feed, precision mode loses 3 points of recall for 1 of precision);
# the line classifier then removes the captions, credits and prompts left in.
# Comments are never the article; tables can hold article content, so they stay.
_TRAFILATURA_OPTIONS = dict(
    favor_precision=False,
    include_comments=False,
    include_tables=True,
    include_images=False,
    include_links=False,
    include_formatting=False,
    deduplicate=False,
)
# htmldate: prefer the original publication date over a later modification.
_DATE_OPTIONS = {"original_date": True, "extensive_search": True}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_document(doc: RawDocument) -> CleanArticle | RejectedInput:
    """Clean one document; never raises."""
    try:
        return _strip(doc)
    except Exception as exc:  # a bad page must not stop the run
        log.warning("strip failed on %s: %r", doc.source, exc)
        return _reject(doc, f"could not strip the page: {type(exc).__name__}: {exc}"[:300])


def strip_documents(docs: list[RawDocument]) -> tuple[list[CleanArticle], list[RejectedInput]]:
    articles: list[CleanArticle] = []
    rejected: list[RejectedInput] = []
    for doc in docs:
        result = strip_document(doc)
        (articles if isinstance(result, CleanArticle) else rejected).append(result)
    return articles, rejected


@task(name="strip-boilerplate")
def strip_task(docs: list[RawDocument]) -> tuple[list[CleanArticle], list[RejectedInput]]:
    return strip_documents(docs)


# --------------------------------------------------------------------------


def _reject(doc: RawDocument, reason: str) -> RejectedInput:
    if doc.line is not None and doc.path:  # a feed record: say where it was
        reason = f"{doc.path} line {doc.line}: {reason}"
    return RejectedInput(source=doc.source, stage="strip", reason=reason)


def _strip(doc: RawDocument) -> CleanArticle | RejectedInput:
    text = _CONTROL.sub(" ", doc.text or "")
    if not text.strip():
        return _reject(doc, "the document is empty")
    if doc.format is InputFormat.HTML:
        outcome = _strip_html(text[:MAX_HTML_CHARS])
    else:
        outcome = _strip_text(text[:MAX_TEXT_CHARS])
    if isinstance(outcome, str):
        return _reject(doc, outcome)
    page, published = outcome

    body = list(page.body)
    title = page.title
    # A feed's own headline and date are what the publisher declared: they
    # win over what we read off the page.
    if doc.title:
        own = boilerplate.fold(title) if title else None
        if own and own != boilerplate.fold(doc.title) and (not body or boilerplate.fold(body[0]) != own):
            body.insert(0, title)  # the page's own headline stays as text
        title = doc.title
    if doc.published_on is not None:
        published = doc.published_on
    if title and (not body or boilerplate.fold(body[0]) != boilerplate.fold(title)):
        body.insert(0, title)  # the headline is also the first line of the text
    clean_text = "\n".join(body)

    min_chars = get_settings().min_article_chars
    body_chars = len(clean_text) - (len(title) + 1 if title else 0)
    if body_chars < min_chars:
        return _reject(
            doc,
            f"no article text found: {max(body_chars, 0)} characters of body left after "
            f"removing boilerplate (minimum {min_chars})",
        )
    return CleanArticle(
        source=doc.source,
        format=doc.format,
        title=title,
        published_on=published,
        clean_text=clean_text,
        language=detect_language(clean_text),
        extra=doc.extra,
    )


def _strip_text(text: str) -> tuple[CleanPage, date | None] | str:
    page = boilerplate.classify_page(text, mode="text")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not page.body and len(lines) == 1 and len(lines[0].split()) >= 5:
        # A file of one sentence is its own content, whatever its shape
        # (event-coding corpora ship sentences without a final stop).
        page = boilerplate.CleanPage(title=None, body=[" ".join(lines[0].split())])
    if not page.body:
        return "no article text found: every line is boilerplate"
    # The date under the headline is the article's; one at the top of the
    # page may be the day it was looked at.
    return page, boilerplate.choose_published(page.head_dates) or boilerplate.choose_published(page.dates)


def _strip_html(html: str) -> tuple[CleanPage, date | None] | str:
    import trafilatura

    if "<" not in html:
        return "not HTML: no markup found"
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, date_extraction_params=_DATE_OPTIONS, **_TRAFILATURA_OPTIONS
    )
    body_text = (extracted.text or "") if extracted is not None else ""
    if len(body_text) < get_settings().min_article_chars:
        # The balanced mode can miss a short or oddly built article: try recall.
        options = {**_TRAFILATURA_OPTIONS, "favor_recall": True}
        retry = trafilatura.bare_extraction(
            html, with_metadata=True, date_extraction_params=_DATE_OPTIONS, **options
        )
        if retry is not None and len(retry.text or "") > len(body_text):
            extracted, body_text = retry, retry.text or ""
    if extracted is None or not body_text.strip():
        return "no article text found: trafilatura found no main text in the page"

    tree = _parse_html(html)
    page = boilerplate.classify_page(body_text, mode="html", title=extracted.title, links=_link_texts(tree))
    near = _dates_near_headline(tree, page.title)
    meta = _to_date(extracted.date)
    return page, _publication_date(near, meta)


def _parse_html(html: str):
    """The page's element tree for our own look-ups, or None if lxml cannot read it."""
    try:
        from lxml import html as lxml_html

        return lxml_html.fromstring(html)
    except Exception:
        return None


def _link_texts(tree) -> set[str]:
    """The texts of the page's links of three words or more, folded. A line of
    the extracted body that is all one link points to another page (a related
    story, a newsletter); the article's own sentences and subheadings are not
    links."""
    if tree is None:
        return set()
    texts = set()
    for anchor in tree.iter("a"):
        text = anchor.text_content() or ""
        if len(text.split()) >= 3:  # folding keeps the words: most links have fewer
            texts.add(boilerplate.fold(text))
    return texts


def _to_date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _publication_date(near: list[DateHit], meta: date | None) -> date | None:
    """Reconcile the date printed next to the headline with htmldate's.

    htmldate reads metadata first, but with none it falls back on any date in
    the page, which can be the page-view date in the header. A date line right
    under the headline is what the reader sees as the publication date, so
    when the two disagree the printed one wins, unless it is only an update.
    """
    if meta is not None and (not near or any(h.value == meta for h in near)):
        return meta
    printed = [h for h in near if h.label != "updated"]
    if printed:
        return printed[0].value
    return meta or (near[0].value if near else None)


def _dates_near_headline(tree, title: str | None, *, max_fragments: int = 40) -> list[DateHit]:
    """Dates printed as their own text between the headline and the body.

    Walks the page text that follows the headline element in document order
    and stops at the first paragraph of prose.
    """
    if not title or tree is None:
        return []
    key = boilerplate.fold(title)
    start = None
    for el in tree.iter("h1", "h2"):
        if boilerplate.fold(el.text_content() or "") == key:
            start = el
            break
    if start is None:
        return []
    hits: list[DateHit] = []
    seen = 0
    for el in _elements_after(start, tree):
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "noscript"):
            continue
        for piece in (el.text, el.tail):
            fragment = boilerplate.normalise(piece or "")
            if not fragment:
                continue
            seen += 1
            if boilerplate.is_body_paragraph(fragment) and len(fragment.split()) >= 15:
                return hits
            if boilerplate.line_category(fragment) in ("date", "byline"):
                hits.extend(boilerplate.dates_in_line(fragment))
            if seen >= max_fragments:
                return hits
    return hits


def _elements_after(start, root):
    """The elements of `root` that follow `start` in document order, outside
    it (the text inside the headline is not under it), without walking the
    page before it."""
    node = start
    while node is not None and node is not root:
        for sibling in node.itersiblings():
            yield from sibling.iter()
        node = node.getparent()
