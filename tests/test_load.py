"""The load stage: every input is a document or a rejection with a reason,
whatever the bytes, the encoding or the state of the disk."""
from __future__ import annotations

import codecs
import os
import time
import unicodedata

import duckdb
import pytest

from models.inputs import InputFormat, RawDocument, RejectedInput
from tasks import load
from tasks.load import decode_document, discover_inputs, iter_input_paths, read_document
from tests.conftest import deny_reads_as_root

BIG = 10**9
SENTENCE = "The foreign minister met her counterpart in Paris on Tuesday to discuss trade. "


def decoded(data: bytes, name: str = "page.txt") -> RawDocument:
    doc = decode_document(name, data, max_bytes=BIG)
    assert isinstance(doc, RawDocument), doc
    return doc


def rejected(data: bytes, name: str = "page.txt") -> str:
    result = decode_document(name, data, max_bytes=BIG)
    assert isinstance(result, RejectedInput), result
    return result.reason


@pytest.mark.parametrize(
    "text, codec",
    [
        ("Minister’s “visit” to Zürich — a café meeting, naïve résumé.", "cp1252"),
        ("Außenminister trifft Amtskollegen in München, schön und groß.", "latin-1"),
        ("Министр иностранных дел встретился с коллегой в Москве.", "cp1251"),
        ("Ο υπουργός Εξωτερικών συναντήθηκε με τον ομόλογό του.", "cp1253"),
        ("外務大臣は本日、北京で会談した。日本と中国の外相会談。", "shift_jis"),
        ("外交部长今天在北京会见了法国外长，双方讨论了双边关系。", "gb18030"),
        ("외교부 장관은 오늘 서울에서 회담했다.", "euc_kr"),
        (SENTENCE, "utf-16-le"),
        (SENTENCE, "utf-16-be"),
    ],
)
def test_legacy_and_bomless_encodings_are_detected(text, codec):
    doc = decoded((text * 4).encode(codec))
    # ftfy also folds full-width punctuation (，) to its plain form
    assert unicodedata.normalize("NFKC", text.strip()) in unicodedata.normalize("NFKC", doc.text)
    assert codecs.lookup(doc.encoding).name == codecs.lookup(codec).name or doc.text.count(text) == 4


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                        (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_byte_order_marks(bom, codec):
    doc = decoded(bom + SENTENCE.encode(codec))
    assert doc.text == SENTENCE and not doc.text.startswith("\ufeff")


def test_declared_html_charset_is_honoured():
    body = "Министр иностранных дел встретился с коллегой."
    html = b'<html><head><meta charset="windows-1251"></head><body><p>' + body.encode("cp1251") + b"</p></body></html>"
    doc = decoded(html, "page.html")
    assert body in doc.text and doc.format is InputFormat.HTML


def test_mojibake_is_repaired():
    original = "The minister’s visit to Zürich café, naïve résumé."
    broken = original.encode("utf-8").decode("cp1252")
    assert decoded(broken.encode("utf-8")).text == original


def test_truncated_utf8_keeps_the_text():
    data = ("Zürich café meeting " * 5).encode("utf-8") + "é".encode("utf-8")[:1]
    assert decoded(data).text == "Zürich café meeting " * 5


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "file is empty"),
        (b" \n\t\r\n ", "only whitespace"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (bytes(range(256)) * 20, "NUL bytes"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 100, "unprintable"),
    ],
)
def test_non_text_is_rejected_with_a_reason(data, reason):
    assert reason in rejected(data)


def test_html_is_sniffed_and_size_limit_applies():
    assert decoded(b"<!DOCTYPE html><html><body>x</body></html>", "page.txt").format is InputFormat.HTML
    result = decode_document("big.txt", b"x" * 100, max_bytes=10)
    assert isinstance(result, RejectedInput) and "over the limit" in result.reason


def test_read_document_failures(tmp_path, monkeypatch):
    folder = tmp_path / "dir.html"
    folder.mkdir()
    assert "folder" in read_document(folder, max_bytes=BIG).reason
    assert "disappeared" in read_document(tmp_path / "gone.txt", max_bytes=BIG).reason
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 1000)
    assert "over the limit" in read_document(big, max_bytes=100).reason

    locked = tmp_path / "locked.txt"
    locked.write_text(SENTENCE)
    locked.chmod(0)
    deny_reads_as_root(monkeypatch, locked)
    assert read_document(locked, max_bytes=BIG).reason == "permission denied"


def test_discovery_is_stable_and_reports_what_it_cannot_read(tmp_path, monkeypatch):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(SENTENCE)
    (tmp_path / "1.html").write_text("<p>x</p>")
    (tmp_path / "notes.md").write_text("ignored")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "pipe.txt")  # never opened: reading a FIFO would block

    files, bad = discover_inputs([str(tmp_path), str(tmp_path / "1.html"), str(tmp_path / "missing")])
    assert files == [str(tmp_path / "1.html"), str(tmp_path / "b" / "2.txt")]
    reasons = {r.source: r.reason for r in bad}
    assert reasons == {
        str(tmp_path / "dangling.txt"): "broken link: its target does not exist",
        str(tmp_path / "missing"): "no such file or folder",
    }

    real_walk = os.walk

    def walk_with_denied_folder(top, onerror=None, **kw):
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "b")))
        yield from real_walk(top, onerror=onerror, **kw)

    monkeypatch.setattr(load.os, "walk", walk_with_denied_folder)
    found = list(iter_input_paths([tmp_path], suffixes=(".txt",)))
    assert RejectedInput(source=str(tmp_path / "b"), stage="load", reason="permission denied listing folder") in found


@pytest.mark.slow
def test_ten_thousand_small_files(tmp_path, prefect_api, parley_settings):
    """An inbox of 10,000 small files: discovery and loading stay fast, and a
    flow run takes them all (a tenth distinct articles, the rest copies)."""
    from flows.extract_events import extract_events
    from tasks.strip import strip_documents

    inbox = tmp_path / "inbox"
    for sub in range(10):
        (inbox / f"d{sub}").mkdir(parents=True)
    for n in range(10_000):
        story = n % 1000
        text = (f"Ministers meet in capital number {story}\n"
                f"The foreign ministers of two countries met on Monday in capital number {story} "
                f"to talk about trade and the border.\n")
        (inbox / f"d{n % 10}" / f"{n:05d}.txt").write_text(text)
    (inbox / "d0" / "zz-empty.txt").write_text("")

    started = time.monotonic()
    files, bad = discover_inputs([str(inbox)])
    docs, not_loaded = load.load_documents(files)
    articles, not_articles = strip_documents(docs)
    stages_seconds = time.monotonic() - started
    assert len(files) == 10_001 and not bad
    assert len(docs) == 10_000 and [r.reason for r in not_loaded] == ["file is empty"]
    assert len(articles) + len(not_articles) == 10_000
    distinct = {a.article_id for a in articles}
    assert stages_seconds < 120, f"load+strip of 10,000 files took {stages_seconds:.0f}s"

    parley_settings(chunk_size=1000)
    db = tmp_path / "inbox.duckdb"
    started = time.monotonic()
    summary = extract_events(inbox=str(inbox), db=str(db))
    flow_seconds = time.monotonic() - started
    print(f"\n10,000 files: load+strip {stages_seconds:.1f}s, flow run {flow_seconds:.1f}s")

    assert summary.inputs_seen == 10_001
    assert summary.articles_new == len(distinct)
    assert summary.articles_new + summary.articles_skipped + summary.rejected == 10_001
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone() == (
            len(distinct), len(distinct))
        assert con.execute("SELECT status, inputs_seen FROM runs").fetchall() == [("completed", 10_001)]
    finally:
        con.close()


# --- decoding real pages quickly, with the same text -------------------------

def test_http_equiv_charset_decodes_the_page():
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
            "<title>Talks</title></head><body><p>Министр иностранных дел встретился с коллегой.</p></body></html>")
    doc = decode_document("page.html", page.encode("cp1251"), max_bytes=10**6)
    assert doc.encoding == "cp1251" and "Министр иностранных дел" in doc.text


def test_repair_gives_ftfy_own_output_on_the_gold_pages():
    """The line-skipping repair must equal ftfy.fix_text on real pages:
    Windows line ends, C1 quotes, BOMs in text, full-width punctuation."""
    import ftfy

    from tests.conftest import REPO, SHARED

    paths = sorted((SHARED / "eval").glob("*/*.htm*")) + sorted((REPO / "seeds").glob("*.txt"))
    assert len(paths) > 90, "the gold pages are expected beside the repo"
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert load.repair_text(text) == ftfy.fix_text(text, uncurl_quotes=False, normalization="NFC"), path
