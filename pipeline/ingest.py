"""Stage 1, ingest: files, folders and globs in; one `Document` per article out.

Supported inputs:
- `.txt` (and any explicitly named file of another type): scraped page text,
  decoded as UTF-8, or UTF-16 with a BOM, or whatever charset-normalizer finds
  (GB18030 and Big5 among others).
- `.html` / `.htm`: the main text and metadata extracted with trafilatura.
  A `.txt` that is really an HTML page (`<!DOCTYPE html`, `<html`) takes the HTML path.
- `.jsonl`: one article per line, a JSON object with the fields
  `text` (or `body`, `content`) required, and `id` (or `doc_id`), `title`,
  `agency`, `authors`, `dateline`, `published`, `url` optional. Read line by
  line (lines end at `\n` only; `--max-bytes` applies to each line): a line
  that is not UTF-8, not JSON or has a field of the wrong type is one `error`
  document and the other lines run.

Documents are yielded one at a time, so a large archive streams through.
A folder that is a newsfacts output folder (its lock, its `.resume/` or its
manifest) is never read as input, nor are hidden files.
"""

from __future__ import annotations

import datetime as dt
import errno
import glob
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Iterable, Iterator

from newsfacts.record import Document

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
JSONL_STRING_FIELDS = ("title", "agency", "dateline", "published", "url")


class InputNotFound(Exception):
    """A path or glob given on the command line matched nothing."""


def expand_inputs(inputs: Iterable[str]) -> list[Path]:
    """Files named by `inputs` (files, folders searched recursively, globs), in order.

    Inside folders only known article types are taken; files named explicitly
    are always taken. Raises `InputNotFound` for an input that matches nothing.
    """
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files.extend(_walk(path))
        elif path.exists() or path.is_symlink():
            files.append(path)
        elif glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise InputNotFound(f"no file matches {item!r}")
            files.extend(Path(m) for m in matches if Path(m).is_file())
        else:
            raise InputNotFound(f"no such file or folder: {item!r}")
    return files


def _walk(folder: Path) -> Iterator[Path]:
    """Article files under `folder`, sorted; symbolic links to folders are not followed
    (no loops), links to files are taken even when broken (they become errors).
    Hidden files and folders, and newsfacts output folders, are not articles."""
    for root, dirs, names in os.walk(folder, followlinks=False):
        if is_output_folder(Path(root)):
            dirs.clear()
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if Path(name).suffix.lower() in KNOWN_SUFFIXES and not name.startswith("."):
                yield Path(root) / name


def is_output_folder(folder: Path) -> bool:
    """A folder newsfacts writes to: locked by a run, or holding a run's manifest."""
    if (folder / ".newsfacts.lock").exists() or (folder / ".resume").is_dir():
        return True
    try:
        with open(folder / "manifest.json", "rb") as fh:
            return b'"newsfacts_version"' in fh.read(512)
    except OSError:
        return False


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding). Raises ValueError if not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only needed for legacy encodings

    best = from_bytes(data, cp_isolation=None).best()
    if best is None:
        raise ValueError("undecodable bytes: not UTF-8 and no known encoding fits")
    return str(best), best.encoding


class DocIds:
    """Makes doc_ids safe as file names and unique within a run.

    Letters of any script stay (`新闻报道.txt` -> `新闻报道`); anything else that could
    name another path becomes `_`. Two files with the same name: the second gets a
    suffix from its own path, so its id does not depend on the order of the inputs."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def make(self, name: str, path: Path | None = None) -> str:
        base = re.sub(r"[^\w.-]+", "_", name).strip("._-") or "doc"
        doc_id = base
        if doc_id in self.seen and path is not None:
            doc_id = f"{base}-{hashlib.sha1(str(path.resolve()).encode('utf-8')).hexdigest()[:8]}"
        n = 1
        while doc_id in self.seen:
            n += 1
            doc_id = f"{base}-{n}"
        self.seen.add(doc_id)
        return doc_id


def _read_error(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if path.is_symlink() and not path.exists():
        return f"broken symbolic link (to {os.readlink(path)})"
    if isinstance(exc, IsADirectoryError):
        return "a folder, not a file"
    return exc.strerror or str(exc)


def _mtime_date(path: Path) -> str | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="seconds")
    except OSError:
        return None


def read_documents(
    inputs: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES, extract_html: bool = True
) -> Iterator[Document]:
    """Yield one Document per article found in `inputs`; never raises per file.

    With `extract_html=False`, HTML files are not read at all (a quick pass
    over the plain-text inputs, as the template-line count makes).

    A file that cannot be read yields a Document with status `error` or
    `skipped` and a one-line reason, so that every input is accounted for.
    """
    ids = DocIds()
    for path in expand_inputs(inputs):
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES and not extract_html:
            continue
        if is_output_folder(path.parent):
            doc = Document(doc_id=ids.make(path.stem, path), source=str(path), sha256="")
            doc.fail("skipped", "a newsfacts output file, not an article")
            yield doc
            continue
        try:
            if suffix in JSONL_SUFFIXES:
                yield from _read_jsonl(path, ids, max_bytes)
                continue
            data = path.read_bytes()
        except OSError as exc:
            doc = Document(doc_id=ids.make(path.stem, path), source=str(path), sha256="")
            doc.fail("error", f"cannot read file: {_read_error(path, exc)}")
            yield doc
            continue
        sha = hashlib.sha256(data).hexdigest()
        doc = Document(doc_id=ids.make(path.stem, path), source=str(path), sha256=sha)
        doc.reference_date = _mtime_date(path)
        if len(data) > max_bytes:
            doc.fail("skipped", f"file larger than --max-bytes ({len(data)} > {max_bytes} bytes)")
        elif not data.strip():
            doc.fail("skipped", "empty file")
        else:
            try:
                doc.raw_text, doc.encoding = decode_text(data)
            except ValueError as exc:
                doc.fail("skipped", str(exc))
            else:
                if suffix in HTML_SUFFIXES or HTML_START.match(doc.raw_text):
                    _extract_html(doc)
                if doc.status == "ok" and not doc.raw_text.strip():
                    doc.fail("skipped", "no text")
        yield doc


def _extract_html(doc: Document) -> None:
    """Replace the page's HTML by its main text; keep the page's metadata as hints."""
    import trafilatura  # heavy; only for HTML input

    result = trafilatura.bare_extraction(doc.raw_text, with_metadata=True, include_comments=False)
    if result is not None and not isinstance(result, dict):
        result = result.as_dict()  # trafilatura >= 2 returns a Document
    if not result or not (result.get("text") or "").strip():
        doc.fail("skipped", "no main text found in HTML")
        return
    doc.raw_text = result["text"]
    doc.hints = {
        "title": result.get("title"),
        "authors": _split_authors(result.get("author")),
        "published": result.get("date"),
        "agency": result.get("sitename"),
    }


def _split_authors(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str):
        return [a.strip() for a in re.split(r"[;,]|\band\b", value) if a.strip()]
    return []


def _read_jsonl(path: Path, ids: DocIds, max_bytes: int) -> Iterator[Document]:
    """One Document per line, streamed: memory stays flat however large the file.
    Lines end at `\\n` only (U+2028 inside a JSON string is text, not a break)."""
    seen_line = False
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            seen_line = True
            source = f"{path}:{lineno}"
            doc = Document(doc_id="", source=source, sha256=hashlib.sha256(raw.rstrip(b"\r\n")).hexdigest())
            try:
                obj = _jsonl_object(raw, lineno, max_bytes)
            except ValueError as exc:
                doc.doc_id = ids.make(f"{path.stem}-{lineno}")
                doc.fail("error", str(exc))
                yield doc
                continue
            doc.doc_id = ids.make(str(obj.get("id") or obj.get("doc_id") or f"{path.stem}-{lineno}"))
            body = obj.get("text") or obj.get("body") or obj.get("content")
            if not isinstance(body, str) or not body.strip():
                doc.fail("skipped", "no text field (text, body or content)")
            else:
                doc.raw_text = body
                doc.encoding = "utf-8"
                doc.hints = {name: obj.get(name) for name in JSONL_STRING_FIELDS}
                doc.hints["authors"] = _split_authors(obj.get("authors"))
            yield doc
    if not seen_line:
        doc = Document(doc_id=ids.make(path.stem, path), source=str(path),
                       sha256=hashlib.sha256(path.read_bytes()).hexdigest())
        doc.fail("skipped", "empty file")
        yield doc


def _jsonl_object(raw: bytes, lineno: int, max_bytes: int) -> dict:
    """A JSONL line as an article object with fields of the right types; ValueError says why not."""
    if len(raw) > max_bytes:
        raise ValueError(f"line {lineno} larger than --max-bytes ({len(raw)} > {max_bytes} bytes)")
    if b"\x00" in raw:
        raise ValueError(f"line {lineno} contains NUL bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"line {lineno} is not UTF-8: {exc.reason} at byte {exc.start}") from None
    try:
        obj = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"malformed JSON on line {lineno}: {exc}") from None
    if not isinstance(obj, dict):
        raise ValueError(f"malformed JSON on line {lineno}: line is not a JSON object")
    for name in JSONL_STRING_FIELDS:
        value = obj.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            obj[name] = str(value)  # a number as a title, a year as published
        elif value is not None and not isinstance(value, str):
            raise ValueError(f"line {lineno}: field {name!r} must be a string, not {type(value).__name__}")
    authors = obj.get("authors")
    if authors is not None and not isinstance(authors, str) and not (
            isinstance(authors, list) and all(isinstance(a, str) for a in authors)):
        raise ValueError(f"line {lineno}: field 'authors' must be a list of strings or a string")
    for name in ("id", "doc_id"):
        if obj.get(name) is not None and not isinstance(obj[name], (str, int)):
            raise ValueError(f"line {lineno}: field {name!r} must be a string or a number")
    return obj
