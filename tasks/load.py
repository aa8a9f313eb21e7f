"""Load stage: find input files, read them, detect encoding and format.

Reading (I/O) is kept apart from decoding (pure), so a flaky disk can be
retried without re-running anything else. Nothing here raises for a bad
input: it becomes a `RejectedInput` with a reason a person can act on.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import ftfy
from charset_normalizer import from_bytes
from prefect import task

from models.inputs import InputFormat, RawDocument, RejectedInput
from models.settings import get_settings

HTML_SUFFIXES = (".html", ".htm")
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<meta|<\?xml)", re.IGNORECASE)


def iter_input_paths(
    paths: Iterable[str | os.PathLike], *, suffixes: tuple[str, ...]
) -> Iterator[Path | RejectedInput]:
    """Files named directly, and files with a known suffix below folders,
    in a stable order. A path that does not exist is yielded as rejected."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
            )
            yield from found
        elif path.is_file():
            yield path
        else:
            yield RejectedInput(source=str(raw), stage="load", reason="no such file or folder")


def decode_document(source: str, data: bytes, *, max_bytes: int) -> RawDocument | RejectedInput:
    """Turn raw bytes into a `RawDocument`, or say why they cannot be one."""

    def reject(reason: str) -> RejectedInput:
        return RejectedInput(source=source, stage="load", reason=reason)

    if len(data) > max_bytes:
        return reject(f"file is {len(data):,} bytes, over the limit of {max_bytes:,}")
    if not data.strip():
        return reject("file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return reject("binary file (NUL bytes), not text or HTML")

    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            return reject("could not detect a text encoding (binary or corrupt file)")
        text, encoding = str(best), best.encoding
    text = text.lstrip("\ufeff")
    printable = sum(ch.isprintable() or ch.isspace() for ch in text[:20000])
    if printable < 0.9 * min(len(text), 20000):
        return reject(f"mostly unprintable characters after decoding as {encoding}")
    # Repair mojibake (UTF-8 read as Latin-1 and the like) and odd quotes.
    text = ftfy.fix_text(text, uncurl_quotes=False, normalization="NFC")

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
            return RejectedInput(
                source=source, stage="load", reason=f"file is {size:,} bytes, over the limit of {max_bytes:,}"
            )
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return RejectedInput(source=source, stage="load", reason="file disappeared before it could be read")
    except PermissionError:
        return RejectedInput(source=source, stage="load", reason="permission denied")
    except IsADirectoryError:
        return RejectedInput(source=source, stage="load", reason="is a folder, not a file")
    except OSError as exc:
        return RejectedInput(source=source, stage="load", reason=f"read error: {exc.strerror or exc}")
    return decode_document(source, data, max_bytes=max_bytes)


def load_documents(paths: Iterable[str | Path]) -> tuple[list[RawDocument], list[RejectedInput]]:
    settings = get_settings()
    loaded: list[RawDocument] = []
    rejected: list[RejectedInput] = []
    for path in paths:
        result = read_document(path, max_bytes=settings.max_input_bytes)
        (loaded if isinstance(result, RawDocument) else rejected).append(result)
    return loaded, rejected


@task(name="discover-inputs")
def discover_inputs_task(paths: list[str]) -> tuple[list[str], list[RejectedInput]]:
    settings = get_settings()
    files: list[str] = []
    rejected: list[RejectedInput] = []
    for item in iter_input_paths(paths, suffixes=settings.input_suffixes):
        if isinstance(item, RejectedInput):
            rejected.append(item)
        else:
            files.append(str(item))
    return files, rejected


@task(name="load", retries=2, retry_delay_seconds=[1, 5])
def load_task(paths: list[str]) -> tuple[list[RawDocument], list[RejectedInput]]:
    return load_documents(paths)
