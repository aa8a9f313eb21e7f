"""Load stage: find input files, read them, detect encoding and format.

Reading (I/O) is kept apart from decoding (pure), so a flaky disk can be
retried without re-running anything else. Nothing here raises for a bad
input: it becomes a `RejectedInput` with a reason a person can act on.
"""
from __future__ import annotations

import codecs
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import ftfy
from ftfy.badness import is_bad
from ftfy.fixes import fix_line_breaks
from charset_normalizer import from_bytes
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from models.inputs import InputFormat, RawDocument, RejectedInput
from models.settings import get_settings

HTML_SUFFIXES = (".html", ".htm")
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
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _DECLARED_CHARSET.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode_bytes(data: bytes) -> tuple[str, str] | str:
    """(text, encoding), or the reason the bytes are not text."""
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


def repair_text(text: str) -> str:
    """Repair mojibake (UTF-8 read as Latin-1 and the like) with ftfy, and
    normalise to NFC with plain newlines. Quotes are left as they are."""
    if len(text) <= _FTFY_FULL_LIMIT or is_bad(text[:_SAMPLE]):
        return ftfy.fix_text(text, uncurl_quotes=False, normalization="NFC")
    return unicodedata.normalize("NFC", fix_line_breaks(text))


def decode_document(source: str, data: bytes, *, max_bytes: int) -> RawDocument | RejectedInput:
    """Turn raw bytes into a `RawDocument`, or say why they cannot be one.
    Never raises, whatever the bytes are."""
    try:
        return _decode_document(source, data, max_bytes=max_bytes)
    except Exception as exc:  # a library bug on strange bytes must not stop a run
        return _reject(source, f"could not decode: {type(exc).__name__}: {exc}"[:300])


def _decode_document(source: str, data: bytes, *, max_bytes: int) -> RawDocument | RejectedInput:
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
    printable = sum(ch.isprintable() or ch.isspace() for ch in sample)
    if printable < 0.9 * len(sample):
        return _reject(source, f"mostly unprintable characters after decoding as {encoding}")
    text = repair_text(text)

    suffix = Path(source).suffix.lower()
    is_html = suffix in HTML_SUFFIXES or bool(_HTML_SNIFF.match(data[:512]))
    return RawDocument(
        source=source,
        format=InputFormat.HTML if is_html else InputFormat.TEXT,
        text=text,
        encoding=encoding,
        size_bytes=len(data),
    )


def read_document(path: str | Path, *, max_bytes: int) -> RawDocument | RejectedInput:
    """Read one file from disk and decode it."""
    source = str(path)
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            return _reject(source, f"file is {size:,} bytes, over the limit of {max_bytes:,}")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        return _reject(source, "file disappeared before it could be read")
    except PermissionError:
        return _reject(source, "permission denied")
    except IsADirectoryError:
        return _reject(source, "is a folder, not a file")
    except OSError as exc:
        return _reject(source, f"read error: {exc.strerror or exc}")
    return decode_document(source, data, max_bytes=max_bytes)


def load_documents(paths: Iterable[str | Path]) -> tuple[list[RawDocument], list[RejectedInput]]:
    settings = get_settings()
    loaded: list[RawDocument] = []
    rejected: list[RejectedInput] = []
    for path in paths:
        result = read_document(path, max_bytes=settings.max_input_bytes)
        (loaded if isinstance(result, RawDocument) else rejected).append(result)
    return loaded, rejected


def discover_inputs(paths: Iterable[str]) -> tuple[list[str], list[RejectedInput]]:
    """Every input file below `paths` (deduplicated, stable order), and the
    paths that could not be looked at."""
    settings = get_settings()
    files: list[str] = []
    seen: set[str] = set()
    rejected: list[RejectedInput] = []
    for item in iter_input_paths(paths, suffixes=settings.input_suffixes):
        if isinstance(item, RejectedInput):
            rejected.append(item)
        elif str(item) not in seen:
            seen.add(str(item))
            files.append(str(item))
    return files, rejected


@task(
    name="discover-inputs",
    task_run_name="discover-inputs",
    retries=2,
    retry_delay_seconds=exponential_backoff(backoff_factor=2),
    retry_jitter_factor=0.5,
    cache_policy=NO_CACHE,
)
def discover_inputs_task(paths: list[str]) -> tuple[list[str], list[RejectedInput]]:
    return discover_inputs(paths)


@task(
    name="load",
    task_run_name="load-chunk-{number}",
    retries=2,
    retry_delay_seconds=exponential_backoff(backoff_factor=2),
    retry_jitter_factor=0.5,
    cache_policy=NO_CACHE,
)
def load_task(paths: list[str], number: int = 1) -> tuple[list[RawDocument], list[RejectedInput]]:
    return load_documents(paths)
