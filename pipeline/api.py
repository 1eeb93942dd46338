"""The Python API: `extract()` for one article, an `Extractor` for streams, `run()`
for files and folders (what the `newsfacts run` command calls).

    import newsfacts

    record = newsfacts.extract(text, published="2025-04-25")
    record["metadata"]["title"], record["entities"][0]["canonical"]

    extractor = newsfacts.Extractor()          # loads spaCy and the rules once
    for record in extractor.pipe(texts_or_dicts, batch_size=64):
        ...

Every record is the same dict a line of `documents.jsonl` holds.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from typing import Any, Iterable, Iterator, Mapping

from newsfacts.clean import load_rules
from newsfacts.ingest import _split_authors as split_authors
from newsfacts.nlp import load_pipeline
from newsfacts.orchestrator import RunSummary, batched, extract as extract_facts, prepare, run
from newsfacts.record import Document

__all__ = ["Extractor", "extract", "run", "RunSummary"]

# what a caller may tell about an article; the pipeline finds the rest on the page
HINTS = ("title", "published", "agency", "authors", "dateline")


class Extractor:
    """Loads the spaCy pipeline and the rules once, then extracts from one text
    (`extract`) or a stream (`pipe`), in batches through spaCy's `nlp.pipe`."""

    def __init__(self, model: str | None = None, parser: bool = False, patterns: list[str] | None = None) -> None:
        self.nlp = load_pipeline(model, list(patterns or []), parser=parser)
        self.rules = load_rules()

    def extract(self, text: str, *, title: str | None = None, published: str | dt.date | None = None,
                agency: str | None = None, authors: list[str] | str | None = None, dateline: str | None = None,
                reference_date: str | dt.date | None = None, doc_id: str = "article") -> dict[str, Any]:
        """One article's text (boilerplate and all) -> its record."""
        item = {"text": text, "id": doc_id, "title": title, "published": published, "agency": agency,
                "authors": authors, "dateline": dateline, "reference_date": reference_date}
        return next(self.pipe([item]))

    def pipe(self, items: Iterable[str | Mapping[str, Any]], batch_size: int = 32) -> Iterator[dict[str, Any]]:
        """Records for a stream of texts, or of dicts shaped like a JSONL input line
        (`text`, optional `id`, `title`, `published`, `agency`, `authors`, `dateline`,
        `reference_date`), in the same order; lazily, one batch at a time."""
        documents = (_document(item, n) for n, item in enumerate(items, start=1))
        for batch in batched(documents, batch_size):
            for doc in batch:
                prepare(doc, self.rules, None)
            extract_facts(batch, self.nlp)
            for doc in batch:
                yield doc.to_json()


@functools.lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The extractor `extract()` uses: the default model, loaded on first use."""
    return Extractor()


def extract(text: str, *, title: str | None = None, published: str | dt.date | None = None,
            agency: str | None = None, authors: list[str] | str | None = None, dateline: str | None = None,
            reference_date: str | dt.date | None = None) -> dict[str, Any]:
    """One article in, the record a `documents.jsonl` line holds out.

    `published` and the other hints override what the page says; `reference_date`
    is the day relative stamps (`16 hours ago`) resolve against (default: today)."""
    return default_extractor().extract(text, title=title, published=published, agency=agency, authors=authors,
                                       dateline=dateline, reference_date=reference_date)


def _document(item: str | Mapping[str, Any], n: int) -> Document:
    fields: Mapping[str, Any] = {"text": item} if isinstance(item, str) else item
    if not isinstance(fields, Mapping):
        raise TypeError(f"item {n}: expected a text or a dict, got {type(item).__name__}")
    text = fields.get("text") or fields.get("body") or fields.get("content") or ""
    if not isinstance(text, str):
        raise TypeError(f"item {n}: the text must be a string, got {type(text).__name__}")
    doc_id = str(fields.get("id") or fields.get("doc_id") or f"article-{n}")
    doc = Document(doc_id=doc_id, source=f"<api:{n}>", sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                   raw_text=text, encoding="utf-8")
    doc.reference_date = _iso(fields.get("reference_date")) or dt.datetime.now().isoformat(timespec="seconds")
    doc.hints = {name: _hint(name, fields.get(name)) for name in HINTS}
    if not text.strip():
        doc.fail("skipped", "empty text")
    return doc


def _hint(name: str, value: Any) -> Any:
    if value is None:
        return [] if name == "authors" else None
    if name == "authors":  # a list, or one string as a JSONL line may have it (`A, B and C`)
        return split_authors(value if isinstance(value, str) else list(value))
    if name == "published":
        return _iso(value)
    return str(value)


def _iso(value: Any) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value) if value else None
