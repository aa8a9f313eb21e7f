"""Strip stage: turn a raw page into a clean article (title, date, body).

PLACEHOLDER: minimal version so the pipeline runs end to end; the real line
classifier replaces it.
"""
from __future__ import annotations

from prefect import task

from models.article import CleanArticle
from models.inputs import InputFormat, RawDocument, RejectedInput
from models.settings import get_settings


def strip_document(doc: RawDocument) -> CleanArticle | RejectedInput:
    if doc.format is InputFormat.HTML:
        import trafilatura

        body = trafilatura.extract(doc.text) or ""
        title = None
    else:
        lines = [ln.strip() for ln in doc.text.splitlines() if ln.strip()]
        title, body = (lines[0] if lines else None), "\n".join(lines[1:])
    if len(body) < get_settings().min_article_chars:
        return RejectedInput(source=doc.source, stage="strip", reason="no article text found")
    return CleanArticle(source=doc.source, format=doc.format, title=title, clean_text=body)


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
