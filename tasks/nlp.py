"""NLP stage: run spaCy over clean articles in batches.

The pipeline is loaded once per process and kept; the task hands on plain
token columns (`ParsedArticle`), never the `Doc` itself.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from prefect import task
from spacy.language import Language

from models.article import CleanArticle
from models.parsed import ParsedArticle
from models.settings import get_settings


@lru_cache(maxsize=2)
def load_pipeline(model_name: str) -> Language:
    try:
        return spacy.load(model_name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model_name!r} is not installed; install the project "
            f"(make install) or set PARLEY_SPACY_MODEL to an installed pipeline"
        ) from exc


def parse_articles(
    articles: list[CleanArticle], *, model_name: str, batch_size: int
) -> list[ParsedArticle]:
    nlp = load_pipeline(model_name)
    texts = (a.clean_text for a in articles)
    return [
        ParsedArticle.from_doc(article, doc)
        for article, doc in zip(articles, nlp.pipe(texts, batch_size=batch_size))
    ]


@task(name="nlp")
def nlp_task(articles: list[CleanArticle]) -> list[ParsedArticle]:
    settings = get_settings()
    return parse_articles(articles, model_name=settings.spacy_model, batch_size=settings.nlp_batch_size)
