"""Scraper feeds: JSON Lines (one article a line) and gzip-compressed inputs.

Plain-function tests of the load and strip stages, then one real flow run
over a folder of feeds into a real DuckDB file.
"""
from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from models.inputs import InputFormat, RawDocument, RejectedInput
from tasks.load import accepted_suffixes, discover_inputs, iter_documents, load_documents
from tasks.strip import strip_document

REPO = Path(__file__).resolve().parents[1]
BIG = 60_000_000
BODY = (
    "Russian Foreign Minister Sergei Lavrov met US Secretary of State Antony Blinken in Geneva "
    "on Monday to discuss arms control. The two sides agreed to meet again next month."
)


def feed_lines(*records) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


def docs_of(path: Path) -> list[RawDocument | RejectedInput]:
    return list(iter_documents(path, max_bytes=BIG))


def test_a_feed_yields_one_document_per_line_with_its_fields(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(
        feed_lines(
            {"url": "https://news.example.org/1", "title": "Lavrov meets Blinken", "published": "2025-03-05",
             "text": BODY, "section": "world", "authors": ["A. Writer"]},
            {"title": "No URL here", "published_at": "2025-03-06T10:00:00Z", "html": f"<html><body><p>{BODY}</p></body></html>"},
        )
    )
    first, second = docs_of(feed)
    assert first.source == "https://news.example.org/1" and first.url == first.source
    assert first.format is InputFormat.TEXT and first.text == BODY
    assert first.title == "Lavrov meets Blinken" and first.published_on == date(2025, 3, 5)
    assert first.extra == {"section": "world", "authors": ["A. Writer"]}  # unknown fields kept as given
    assert (first.path, first.line) == (str(feed), 1)
    assert second.source == f"{feed}:2" and second.url is None  # no URL: path and line
    assert second.format is InputFormat.HTML and second.published_on == date(2025, 3, 6)


def test_bad_lines_are_rejected_with_their_line_number_and_the_rest_go_on(tmp_path):
    feed = tmp_path / "feed.ndjson"
    feed.write_bytes(
        feed_lines(
            {"url": "https://a.example/1", "text": BODY},
            b'{"url": "https://a.example/2", "text": ',  # cut mid-record
            b"   ",  # blank lines are skipped, not rejected
            [1, 2, 3],
            {"url": "https://a.example/4", "title": "only a title"},
            {"url": "https://a.example/5", "text": BODY, "published": "not a date"},
        )
    )
    results = docs_of(feed)
    rejected = [r for r in results if isinstance(r, RejectedInput)]
    docs = [r for r in results if isinstance(r, RawDocument)]
    assert [d.url for d in docs] == ["https://a.example/1", "https://a.example/5"]
    assert docs[1].published_on is None and docs[1].extra == {"published": "not a date"}
    assert [r.source for r in rejected] == [f"{feed}:2", f"{feed}:4", f"{feed}:5"]
    assert rejected[0].reason.startswith(f"{feed} line 2: not valid JSON")
    assert "line 4: a JSON list" in rejected[1].reason
    assert "line 5: no article content" in rejected[2].reason and "title" in rejected[2].reason


def test_oversized_lines_bom_and_empty_feeds(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b"\xef\xbb\xbf" + feed_lines({"text": "x" * 500}, {"text": BODY}))
    small = list(iter_documents(feed, max_bytes=200))
    assert isinstance(small[0], RejectedInput) and "line 1: line is over the limit" in small[0].reason
    assert isinstance(small[1], RawDocument) and small[1].line == 2
    assert all(isinstance(d, RawDocument) for d in docs_of(feed))  # the BOM does not break line 1

    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b"\n\n  \n")
    assert "feed is empty" in docs_of(empty)[0].reason
    assert "only blank lines" in docs_of(blank)[0].reason


def test_gzip_inputs_of_every_kind(tmp_path):
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(f"<html><body><p>{BODY}</p></body></html>".encode()))
    (tmp_path / "dump.txt.gz").write_bytes(gzip.compress(BODY.encode("cp1252")))
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(feed_lines({"url": "https://b.example/1", "text": BODY})))
    (tmp_path / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00not really gzip")
    (tmp_path / "notes.gz").write_bytes(gzip.compress(b"not an input kind"))
    # a feed cut short: the lines before the cut are kept, the cut is reported
    whole = gzip.compress(feed_lines(*[{"url": f"https://c.example/{i}", "text": BODY} for i in range(200)]))
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])

    files, missing = discover_inputs([str(tmp_path)])
    assert [Path(f).name for f in files] == ["broken.html.gz", "cut.jsonl.gz", "dump.txt.gz", "feed.jsonl.gz", "page.html.gz"]
    assert not missing
    docs, rejected = load_documents(files)
    by_name = {Path(d.path or d.source).name: d for d in docs}
    assert by_name["page.html.gz"].format is InputFormat.HTML
    assert by_name["dump.txt.gz"].format is InputFormat.TEXT and by_name["dump.txt.gz"].text == BODY
    assert by_name["feed.jsonl.gz"].source == "https://b.example/1"
    cut_docs = [d for d in docs if d.path and d.path.endswith("cut.jsonl.gz")]
    assert 0 < len(cut_docs) < 200
    reasons = {Path(r.source.split(":")[0]).name: r.reason for r in rejected}
    assert reasons["broken.html.gz"].startswith("not a readable gzip file")
    assert f"line {len(cut_docs) + 1}: not a readable gzip file" in reasons["cut.jsonl.gz"]


def test_suffixes_include_feeds_and_gzip_of_each():
    suffixes = accepted_suffixes((".txt", ".html", ".htm"))
    for name in ("a.txt", "a.htm", "a.jsonl", "a.ndjson", "a.txt.gz", "a.html.gz", "a.jsonl.gz", "a.ndjson.gz"):
        assert name.endswith(suffixes), name
    assert not "a.gz".endswith(suffixes) and not "a.json".endswith(suffixes)


def test_strip_prefers_the_feeds_title_and_date_and_names_the_line():
    page = f"<html><head><title>Site</title></head><body><h1>Page headline</h1><p>{BODY}</p></body></html>"
    doc = RawDocument(source="https://n.example/1", format=InputFormat.HTML, text=page, encoding="utf-8",
                      size_bytes=len(page), url="https://n.example/1", title="Declared headline",
                      published_on=date(2024, 2, 29), path="/feeds/f.jsonl", line=7)
    article = strip_document(doc)
    assert article.title == "Declared headline" and article.published_on == date(2024, 2, 29)
    assert article.clean_text.startswith("Declared headline\n") and BODY[:40] in article.clean_text
    assert article.source == "https://n.example/1"

    empty = doc.model_copy(update={"text": "<html><body><nav>Home</nav></body></html>"})
    rejected = strip_document(empty)
    assert isinstance(rejected, RejectedInput) and rejected.reason.startswith("/feeds/f.jsonl line 7: ")


@pytest.mark.slow
def test_flow_run_over_feeds(tmp_path, prefect_api):
    """A real flow run (on the session's Prefect server): articles keep their
    URL as source, bad lines end up in rejected_inputs with file and line,
    tied to the run that saw them."""
    from flows.extract_events import extract_events

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seeds = sorted((REPO / "seeds").glob("*.txt"))[:3]
    records = [
        {"url": f"https://news.example.org/{i}", "title": f"Seed {i}", "published": "2021-03-18", "text": p.read_text(),
         "lang": "en"}
        for i, p in enumerate(seeds)
    ]
    (inbox / "today.jsonl").write_bytes(feed_lines(records[0], b"{oops", {"text": BODY}, records[1]))
    (inbox / "older.jsonl.gz").write_bytes(gzip.compress(feed_lines(records[2])))
    db = tmp_path / "feeds.duckdb"
    summary = extract_events(paths=[str(inbox)], db=str(db))
    assert summary.articles_new == 4 and summary.rejected == 1

    con = duckdb.connect(str(db), read_only=True)
    sources = {r[0]: (r[1], r[2]) for r in con.execute("SELECT source, title, published_on FROM articles").fetchall()}
    assert set(sources) == {"https://news.example.org/0", "https://news.example.org/1",
                            "https://news.example.org/2", f"{inbox / 'today.jsonl'}:3"}
    assert sources["https://news.example.org/0"] == ("Seed 0", date(2021, 3, 18))
    rejected = con.execute("SELECT source, reason, flow_run_id FROM last_run_rejected").fetchall()
    run_id = con.execute("SELECT flow_run_id FROM runs").fetchone()[0]
    assert [(s, r.split(": ")[0], f) for s, r, f in rejected] == [
        (f"{inbox / 'today.jsonl'}:2", f"{inbox / 'today.jsonl'} line 2", run_id)
    ]
    assert con.execute("SELECT count(*) FROM pair_events WHERE source LIKE 'https://news.example.org/%'").fetchone()[0] > 0
    # fields Parley does not read are stored with the article, as given
    (extra,) = con.execute("SELECT extra->>'lang' FROM articles WHERE source = 'https://news.example.org/0'").fetchone()
    assert extra == "en"
