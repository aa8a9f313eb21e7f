"""Load stage: find input files, read them, detect encoding and format.

Reading (I/O) is kept apart from decoding (pure), so a flaky disk can be
retried without re-running anything else. Nothing here raises for a bad
input: it becomes a `RejectedInput` with a reason a person can act on.

Besides single pages (.txt, .html, .htm) the stage reads scraper feeds:
JSON Lines files (.jsonl, .ndjson) with one article per line, and any of
these compressed with gzip (``page.html.gz``, ``feed.jsonl.gz``). A feed
yields one document per good line; a bad line is rejected with its line
number and the others go on. Feeds are read line by line, so the file as a
whole is never held in memory; `max_input_bytes` then applies to each line.
"""
from __future__ import annotations

import codecs
import gzip
import json
import logging
import os
import re
import time
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import ftfy
from ftfy import TextFixerConfig
from ftfy.badness import BADNESS_RE, is_bad
from ftfy.chardata import CONTROL_CHARS, LIGATURES, WIDTH_MAP
from ftfy.fixes import fix_line_breaks
from charset_normalizer import from_bytes
from prefect import get_run_logger, task
from prefect.exceptions import MissingContextError

from models.inputs import InputFormat, RawDocument, RejectedInput
from models.settings import get_settings
from tasks.support.io_policy import io_task_options

HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".jsonl", ".ndjson")
GZIP_SUFFIX = ".gz"
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<meta|<\?xml)", re.IGNORECASE)
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)

# Leading bytes of common binary formats a scraper may save with a text name.
_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive (or docx/xlsx)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media file"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# ftfy is thorough but slow (about 0.4 MB/s); above this many characters it
# only runs when a sample of the text shows mojibake.
_FTFY_FULL_LIMIT = 2_000_000
_SAMPLE = 200_000


def _reject(source: str, reason: str, stage: str = "load") -> RejectedInput:
    return RejectedInput(source=source, stage=stage, reason=reason)


def iter_input_paths(
    paths: Iterable[str | os.PathLike], *, suffixes: tuple[str, ...]
) -> Iterator[Path | RejectedInput]:
    """Files named directly, and files with a known suffix below folders,
    in a stable order. A path that does not exist, a folder that cannot be
    listed and a broken link are yielded as rejected, never raised."""
    for raw in paths:
        path = Path(os.path.expanduser(str(raw)))
        try:
            is_dir, is_file = path.is_dir(), path.is_file()
        except OSError as exc:  # e.g. a name too long, or a stale mount
            yield _reject(str(raw), f"cannot look at path: {exc.strerror or exc}")
            continue
        if is_dir:
            yield from _walk_folder(path, suffixes)
        elif is_file:
            yield path
        elif path.is_symlink():
            yield _reject(str(raw), "broken link: its target does not exist")
        else:
            yield _reject(str(raw), "no such file or folder")


def _walk_folder(root: Path, suffixes: tuple[str, ...]) -> Iterator[Path | RejectedInput]:
    unreadable: list[RejectedInput] = []

    def on_error(exc: OSError) -> None:
        reason = "permission denied listing folder" if isinstance(exc, PermissionError) else (
            f"cannot list folder: {exc.strerror or exc}"
        )
        unreadable.append(_reject(str(exc.filename or root), reason))

    found: list[Path] = []
    for folder, dirs, names in os.walk(root, onerror=on_error):
        dirs.sort()
        for name in names:
            if not name.lower().endswith(suffixes):
                continue
            candidate = Path(folder, name)
            if candidate.is_file():
                found.append(candidate)
            elif candidate.is_symlink() and not candidate.exists():
                unreadable.append(_reject(str(candidate), "broken link: its target does not exist"))
            # anything else (a FIFO, a socket, a file gone already) is not a page
    yield from sorted(found)
    yield from unreadable


def _looks_utf16(sample: bytes) -> str | None:
    """The UTF-16 byte order of BOM-less text, judged by where the NULs are."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nuls = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd_nuls = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd_nuls > 0.3 * pairs and even_nuls < 0.05 * pairs:
        return "utf-16-le"
    if even_nuls > 0.3 * pairs and odd_nuls < 0.05 * pairs:
        return "utf-16-be"
    return None


def _declared_charset(data: bytes) -> str | None:
    """The charset an XML declaration or a <meta charset> / http-equiv
    Content-Type tag names, looked for in the page's head (at most 64 KB:
    some pages put it after long scripts)."""
    head = data[:65536]
    end = head.lower().find(b"</head>")
    if end > 0:
        head = head[:end]
    match = _XML_ENCODING.match(head) or _DECLARED_CHARSET.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode_bytes(data: bytes) -> tuple[str, str] | str:
    """(text, encoding), or the reason the bytes are not text.

    In order: a BOM; UTF-16 told by where its NULs fall; UTF-8 (bytes that
    decode as UTF-8 are UTF-8, even on a page labelled Latin-1); the charset
    the page declares; and only when none is declared or it does not decode,
    detection from the bytes (charset-normalizer, the slow step)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), codec
    if b"\x00" in data[:8192]:
        codec = _looks_utf16(data[:8192])
        if codec is None:
            return "binary file (NUL bytes), not text or HTML"
        return data.decode(codec, errors="replace"), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:
            # Cut in the middle of the last character: a truncated download.
            return data[: exc.start].decode("utf-8"), "utf-8"
    declared = _declared_charset(data)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    codec = _guess_legacy_encoding(data[:1_000_000])
    if codec is None:
        return "could not detect a text encoding (binary or corrupt file)"
    try:
        return data.decode(codec, errors="replace"), codec
    except LookupError:
        return "could not detect a text encoding (binary or corrupt file)"


# On short texts several single-byte encodings decode equally cleanly; then
# the ones most used on news sites win over the detector's first pick.
_PREFERRED = (
    "cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "cp1250", "iso8859_2",
    "cp1253", "cp1254", "cp1256", "cp1255", "gb18030", "gb2312", "big5", "cp932",
    "shift_jis", "euc_jp", "euc_kr", "cp949",
)


def _guess_legacy_encoding(data: bytes) -> str | None:
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = min(matches, key=lambda m: m.chaos)
    close = [m for m in matches if m.chaos <= best.chaos + 0.02]
    for preferred in _PREFERRED:
        for match in close:
            if preferred in match.could_be_from_charset or match.encoding == preferred:
                return preferred
    return best.encoding


_FTFY_CONFIG = TextFixerConfig(uncurl_quotes=False, normalization="NFC", explain=False)
# A line of printable ASCII, tabs and newlines is one ftfy leaves as it is.
_PLAIN_LINE = re.compile(r"[\t\n\x20-\x7e]*")
# Characters one of ftfy's fixes (other than mojibake repair) would replace
# or remove: C1 controls, ligatures, full- and half-width forms, line breaks
# other than "\n", surrogates, terminal escapes and control characters.
_FTFY_REPLACES = re.compile(
    "["
    + re.escape("".join(chr(c) for c in sorted({*LIGATURES, *WIDTH_MAP, *CONTROL_CHARS})))
    + "\r\x1b\x80-\x9f\u2028\u2029\ud800-\udfff]"
)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# Each pattern of ftfy's mojibake heuristic holds a non-ASCII character and
# spans at most 7 characters.
_BADNESS_REACH = 6


def repair_text(text: str) -> str:
    """Repair mojibake (UTF-8 read as Latin-1 and the like) with ftfy, and
    normalise to NFC with plain newlines. Quotes are left as they are."""
    if len(text) <= _FTFY_FULL_LIMIT or is_bad(text[:_SAMPLE]):
        return _fix_text_by_line(text)
    return unicodedata.normalize("NFC", fix_line_breaks(text))


def _fix_text_by_line(text: str) -> str:
    """`ftfy.fix_text` with `_FTFY_CONFIG`, same output, faster: a segment
    ftfy would leave unchanged is not handed to it. Most of an HTML page is
    such (markup, scripts, clean prose), and ftfy's passes over it cost
    about 60 ms a page. Segments are ftfy's own (a line, or at most
    `max_decode_length` characters), and so is the rule that HTML entities
    are decoded only until the first segment that holds a "<"."""
    config = _FTFY_CONFIG
    limit = config.max_decode_length
    out: list[str] = []
    pos = 0
    while pos < len(text):
        end = min(text.find("\n", pos) + 1 or len(text), pos + limit)
        segment = text[pos:end]
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)
        unescape = config.unescape_html is not False
        if _PLAIN_LINE.fullmatch(segment) and not (unescape and "&" in segment):
            out.append(segment)
        elif _kept_by_ftfy(segment, unescape):
            out.append(segment)
        elif segment.endswith("\r\n") and _kept_by_ftfy(segment[:-2] + "\n", unescape):
            out.append(segment[:-2] + "\n")  # a Windows line end is all ftfy changes here
        else:
            out.append(ftfy.fix_and_explain(segment, config).text)
        pos = end
    return "".join(out)


def _kept_by_ftfy(segment: str, unescape: bool) -> bool:
    """Whether ftfy (with `_FTFY_CONFIG`) returns `segment` unchanged: no
    entity to decode, no character a fix replaces, already NFC, and no
    mojibake by ftfy's own heuristic (the test that gates its repair)."""
    if unescape and "&" in segment:
        return False
    if _FTFY_REPLACES.search(segment) or not unicodedata.is_normalized("NFC", segment):
        return False
    # `is_bad(segment)`, searched only around the non-ASCII characters.
    for run in _NON_ASCII_RUN.finditer(segment):
        if BADNESS_RE.search(segment, max(0, run.start() - _BADNESS_REACH), run.end() + _BADNESS_REACH):
            return False
    return True


def decode_document(
    source: str, data: bytes, *, max_bytes: int, name: str | None = None
) -> RawDocument | RejectedInput:
    """Turn raw bytes into a `RawDocument`, or say why they cannot be one.
    `name` (default: `source`) is the file name whose suffix tells HTML from
    text, e.g. ``page.html`` for the contents of ``page.html.gz``.
    Never raises, whatever the bytes are."""
    try:
        return _decode_document(source, data, max_bytes=max_bytes, name=name)
    except Exception as exc:  # a library bug on strange bytes must not stop a run
        return _reject(source, f"could not decode: {type(exc).__name__}: {exc}"[:300])


def _decode_document(
    source: str, data: bytes, *, max_bytes: int, name: str | None = None
) -> RawDocument | RejectedInput:
    if len(data) > max_bytes:
        return _reject(source, f"file is {len(data):,} bytes, over the limit of {max_bytes:,}")
    if not data.strip():
        return _reject(source, "file is empty" if not data else "file holds only whitespace")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return _reject(source, f"binary file ({kind}), not text or HTML")

    decoded = _decode_bytes(data)
    if isinstance(decoded, str):
        return _reject(source, decoded)
    text, encoding = decoded
    text = text.lstrip("\ufeff")
    sample = text[:20000]
    if not sample.strip():
        return _reject(source, f"no visible text after decoding as {encoding}")
    if not _mostly_printable(sample):
        return _reject(source, f"mostly unprintable characters after decoding as {encoding}")
    text = repair_text(text)

    suffix = Path(name or source).suffix.lower()
    is_html = suffix in HTML_SUFFIXES or bool(_HTML_SNIFF.match(data[:512]))
    return RawDocument(
        source=source,
        format=InputFormat.HTML if is_html else InputFormat.TEXT,
        text=text,
        encoding=encoding,
        size_bytes=len(data),
    )


def _mostly_printable(sample: str) -> bool:
    """At least 90% of the characters are printable or white space."""
    if "".join(sample.split()).isprintable():  # the usual case, checked in one pass
        return True
    return sum(ch.isprintable() or ch.isspace() for ch in sample) >= 0.9 * len(sample)


def read_document(path: str | Path, *, max_bytes: int) -> RawDocument | RejectedInput:
    """Read one page file from disk (gzip-compressed if its name ends in
    .gz) and decode it."""
    source = str(path)
    compressed = source.lower().endswith(GZIP_SUFFIX)
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            return _reject(source, f"file is {size:,} bytes, over the limit of {max_bytes:,}")
        with open(path, "rb") as handle:
            if compressed:
                with gzip.GzipFile(fileobj=handle, mode="rb") as unzipped:
                    data = unzipped.read(max_bytes + 1)
                if len(data) > max_bytes:
                    return _reject(source, f"file holds over {max_bytes:,} bytes once decompressed, over the limit")
            else:
                data = handle.read(max_bytes + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        return _reject(source, f"not a readable gzip file: {_gzip_problem(exc)}")
    except OSError as exc:
        return _read_error(source, exc)
    return decode_document(source, data, max_bytes=max_bytes, name=inner_name(source))


def _read_error(source: str, exc: OSError) -> RejectedInput:
    if isinstance(exc, FileNotFoundError):
        return _reject(source, "file disappeared before it could be read")
    if isinstance(exc, PermissionError):
        return _reject(source, "permission denied")
    if isinstance(exc, IsADirectoryError):
        return _reject(source, "is a folder, not a file")
    return _reject(source, f"read error: {exc.strerror or exc}")


def _gzip_problem(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "it ends before the compressed stream does (truncated)"
    return str(exc) or type(exc).__name__


def inner_name(name: str) -> str:
    """The file name without a trailing .gz: what the contents are."""
    return name[: -len(GZIP_SUFFIX)] if name.lower().endswith(GZIP_SUFFIX) else name


def is_feed(name: str) -> bool:
    return inner_name(name).lower().endswith(FEED_SUFFIXES)


def accepted_suffixes(base: Iterable[str]) -> tuple[str, ...]:
    """The page suffixes of the settings, the feed suffixes, and each of
    them followed by .gz."""
    plain = tuple(dict.fromkeys([*(s.lower() for s in base), *FEED_SUFFIXES]))
    return plain + tuple(s + GZIP_SUFFIX for s in plain)


# --- scraper feeds: JSON Lines, one article per line -------------------------

# Field names scrapers use, in order of preference. Whatever a record holds
# besides the fields read here is kept as given in `RawDocument.extra`.
_URL_FIELDS = ("url", "link", "canonical_url", "source_url")
_TITLE_FIELDS = ("title", "headline")
_DATE_FIELDS = ("published", "published_at", "published_on", "date_publish", "publish_date", "pubdate", "date")
_HTML_FIELDS = ("html", "raw_html", "content_html")
_TEXT_FIELDS = ("text", "maintext", "content", "body", "article")


def iter_feed(path: str | Path, *, max_bytes: int) -> Iterator[RawDocument | RejectedInput]:
    """The articles of a JSON Lines file (gzip-compressed if named .gz),
    one per non-blank line, read as a stream. A line that is not a usable
    article is yielded as rejected with its line number; so is a read error,
    after the lines read before it."""
    source = str(path)
    compressed = source.lower().endswith(GZIP_SUFFIX)
    number = 0
    records = 0
    try:
        with open(path, "rb") as raw:
            handle = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
            with handle:
                while True:
                    line = handle.readline(max_bytes + 1)
                    if not line:
                        break
                    number += 1
                    if len(line) > max_bytes and not line.endswith(b"\n"):
                        while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                            pass  # skip the rest of the oversized line
                        yield _line_reject(source, number, f"line is over the limit of {max_bytes:,} bytes")
                        continue
                    if not line.strip():
                        continue
                    records += 1
                    yield feed_record(source, number, line)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield _line_reject(source, number + 1, f"not a readable gzip file: {_gzip_problem(exc)}")
        return
    except OSError as exc:
        if number == 0:
            yield _read_error(source, exc)
        else:
            yield _line_reject(source, number + 1, f"read error: {exc.strerror or exc}")
        return
    if records == 0:
        yield _reject(source, "feed is empty: no JSON line in it" if number == 0 else "feed holds only blank lines")


def _line_reject(path: str, number: int, reason: str) -> RejectedInput:
    return _reject(f"{path}:{number}", f"{path} line {number}: {reason}")


def feed_record(path: str, number: int, line: bytes) -> RawDocument | RejectedInput:
    """One JSON Lines record (line `number` of `path`) as a document, or
    why it cannot be one. Never raises."""
    try:
        return _feed_record(path, number, line)
    except Exception as exc:  # a strange record must not stop the feed
        return _line_reject(path, number, f"could not read the record: {type(exc).__name__}: {exc}"[:300])


def _feed_record(path: str, number: int, line: bytes) -> RawDocument | RejectedInput:
    if number == 1 and line.startswith(codecs.BOM_UTF8):
        line = line[len(codecs.BOM_UTF8):]
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        decoded = _decode_bytes(line)
        if isinstance(decoded, str):
            return _line_reject(path, number, decoded)
        text = decoded[0]
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return _line_reject(path, number, f"not valid JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(record, dict):
        return _line_reject(path, number, f"a JSON {type(record).__name__} where an object (one article) was expected")

    fields: dict[str, Any] = dict(record)
    url = _take_str(fields, _URL_FIELDS)
    title = _take_str(fields, _TITLE_FIELDS)
    published, date_field = _take_date(fields)
    html = _take_str(fields, _HTML_FIELDS)
    body = None if html else _take_str(fields, _TEXT_FIELDS)
    if html is None and body is None:
        present = ", ".join(sorted(record)) or "none"
        return _line_reject(
            path, number, f"no article content: needs a non-empty 'html' or 'text' field (fields given: {present})"
        )
    if date_field and published is None:
        fields[date_field] = record[date_field]  # not a date we can read: kept as given
    content = html if html is not None else body
    sample = content[:20000]
    if not _mostly_printable(sample):
        return _line_reject(path, number, "mostly unprintable characters in the article content")
    return RawDocument(
        source=url or f"{path}:{number}",
        format=InputFormat.HTML if html is not None else InputFormat.TEXT,
        text=repair_text(content),
        encoding="utf-8",
        size_bytes=len(line),
        url=url,
        title=(repair_text(title).strip() or None) if title else None,
        published_on=published,
        path=path,
        line=number,
        extra=fields,
    )


def _take_str(fields: dict[str, Any], names: tuple[str, ...]) -> str | None:
    """Remove and return the first of `names` holding a non-blank string."""
    for name in names:
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            del fields[name]
            return value
    return None


def _take_date(fields: dict[str, Any]) -> tuple[date | None, str | None]:
    """The declared publication date (removed from `fields`) and the field
    it came from."""
    for name in _DATE_FIELDS:
        if name in fields and fields[name] not in (None, ""):
            value = fields.pop(name)
            return _parse_date(value), name
    return None, None


def _parse_date(value: Any) -> date | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds or seconds
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        from dateutil import parser as date_parser

        return date_parser.parse(text).date()
    except (ValueError, OverflowError, TypeError):
        return None


def iter_documents(path: str | Path, *, max_bytes: int) -> Iterator[RawDocument | RejectedInput]:
    """The documents of one input file: one for a page, one per line of a
    feed."""
    if is_feed(str(path)):
        yield from iter_feed(path, max_bytes=max_bytes)
    else:
        yield read_document(path, max_bytes=max_bytes)


def load_documents(paths: Iterable[str | Path]) -> tuple[list[RawDocument], list[RejectedInput]]:
    settings = get_settings()
    loaded: list[RawDocument] = []
    rejected: list[RejectedInput] = []
    for path in paths:
        for result in iter_documents(path, max_bytes=settings.max_input_bytes):
            (loaded if isinstance(result, RawDocument) else rejected).append(result)
    return loaded, rejected


def discover_inputs(paths: Iterable[str], *, inbox: str | None = None) -> tuple[list[str], list[RejectedInput]]:
    """Every input file below `paths` (deduplicated, stable order), and the
    paths that could not be looked at. Below folders, files with the page
    suffixes of the settings, the feed suffixes, or either plus .gz count.

    Files below `inbox` that were modified in the last `inbox_settle_seconds`
    are left for the next run (and logged): a scraper may still be writing
    them, and a half-written page would be stored as a complete article."""
    settings = get_settings()
    files: list[str] = []
    seen: set[str] = set()
    rejected: list[RejectedInput] = []
    for item in iter_input_paths(paths, suffixes=accepted_suffixes(settings.input_suffixes)):
        if isinstance(item, RejectedInput):
            rejected.append(item)
        elif str(item) not in seen:
            seen.add(str(item))
            files.append(str(item))
    if inbox and settings.inbox_settle_seconds > 0:
        files, changing = split_recently_modified(files, Path(inbox), settings.inbox_settle_seconds)
        if changing:
            _logger().info(
                "left %d file(s) modified in the last %gs for the next run (they may still be being written): %s%s",
                len(changing), settings.inbox_settle_seconds, ", ".join(changing[:10]),
                f" and {len(changing) - 10} more" if len(changing) > 10 else "",
            )
    return files, rejected


def split_recently_modified(files: list[str], folder: Path, seconds: float) -> tuple[list[str], list[str]]:
    """(files to read now, files below `folder` modified less than `seconds`
    ago). A file that cannot be looked at stays in the first list; reading
    it will say what is wrong."""
    now = time.time()
    ready: list[str] = []
    changing: list[str] = []
    for name in files:
        try:
            recent = Path(name).is_relative_to(folder) and now - os.stat(name).st_mtime < seconds
        except OSError:
            recent = False
        (changing if recent else ready).append(name)
    return ready, changing


def _logger():
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


@task(name="discover-inputs", task_run_name="discover-inputs", **io_task_options())
def discover_inputs_task(paths: list[str], inbox: str | None = None) -> tuple[list[str], list[RejectedInput]]:
    return discover_inputs(paths, inbox=inbox)


@task(name="load", task_run_name="load-chunk-{number}", **io_task_options())
def load_task(paths: list[str], number: int = 1) -> tuple[list[RawDocument], list[RejectedInput]]:
    return load_documents(paths)
