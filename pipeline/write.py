"""Stage 8, write: documents.jsonl, the CSV tables and manifest.json.

Rows are written as documents arrive (nothing accumulates but the manifest's
one line per input). Every file is written under a temporary name in the
output folder and renamed when the run completes, so a file with a final name
is always complete.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.entities import index_key
from pipeline.record import Document

DOCUMENT_COLUMNS = ["doc_id", "source", "sha256", "status", "error", "title", "agency", "authors",
                    "dateline", "published", "body_chars", "entities", "quantities", "dates"]
ENTITY_COLUMNS = ["doc_id", "text", "label", "canonical", "source", "start", "end", "spacy_label"]
QUANTITY_COLUMNS = ["doc_id", "text", "value", "value_min", "value_max", "unit", "kind", "si_value", "si_unit",
                    "qualifier", "subject", "source", "start", "end", "sentence_start", "sentence_end"]
DATE_COLUMNS = ["doc_id", "text", "value", "value_end", "granularity", "period", "relative", "source", "start", "end"]
INDEX_COLUMNS = ["canonical", "label", "aliases", "documents", "mentions"]
MAX_ALIASES = 25  # surface forms kept per indexed entity, so the index stays small
FORMATS = ("jsonl", "csv")


@dataclass
class IndexEntry:
    documents: int = 0
    mentions: int = 0
    names: Counter = field(default_factory=Counter)  # canonical names used, with counts
    forms: set = field(default_factory=set)  # surface forms seen (at most MAX_ALIASES)


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


class OutputWriter:
    """Streams documents into the output files; `close()` makes them final."""

    def __init__(self, out_dir: str | Path, formats: tuple[str, ...] = FORMATS) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.formats = formats
        self._files: dict[Path, Any] = {}
        self._csv: dict[str, csv.DictWriter] = {}
        self.manifest_entries: list[dict[str, Any]] = []
        # the cross-document entity index: (key, label) -> IndexEntry
        self.entity_index: dict[tuple[str, str], IndexEntry] = {}
        if "jsonl" in formats:
            self._jsonl = self._open("documents.jsonl")
        if "csv" in formats:
            for name, columns in (("documents", DOCUMENT_COLUMNS), ("entities", ENTITY_COLUMNS),
                                  ("quantities", QUANTITY_COLUMNS), ("dates", DATE_COLUMNS)):
                writer = csv.DictWriter(self._open(f"{name}.csv"), fieldnames=columns, extrasaction="ignore")
                writer.writeheader()
                self._csv[name] = writer

    def _open(self, name: str):
        final = self.out_dir / name
        handle = open(_tmp(final), "w", encoding="utf-8", newline="")
        self._files[final] = handle
        return handle

    def write(self, doc: Document) -> None:
        record = doc.to_json()
        if "jsonl" in self.formats:
            self._jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
        if "csv" in self.formats:
            meta = record["metadata"]
            self._csv["documents"].writerow({
                **record, **meta, "authors": "; ".join(meta["authors"]), "body_chars": len(doc.body),
                "entities": len(doc.entities), "quantities": len(doc.quantities), "dates": len(doc.dates),
            })
            for table in ("entities", "quantities", "dates"):
                for row in record[table]:
                    self._csv[table].writerow({"doc_id": doc.doc_id, **row})
            self._index_entities(doc)
        self.manifest_entries.append({
            "doc_id": doc.doc_id, "source": doc.source, "sha256": doc.sha256, "status": doc.status,
            "reason": doc.error, "stage": doc.stage, "published_from": doc.published_from,
        })

    def _index_entities(self, doc: Document) -> None:
        for key in {(index_key(e.canonical, e.label), e.label) for e in doc.entities}:
            self.entity_index.setdefault(key, IndexEntry()).documents += 1
        for e in doc.entities:
            entry = self.entity_index[(index_key(e.canonical, e.label), e.label)]
            entry.mentions += 1
            entry.names[e.canonical] += 1
            if len(entry.forms) < MAX_ALIASES:
                entry.forms.add(e.text)

    def _write_entity_index(self) -> None:
        """`entities_index.csv`: who and what the corpus is about, most documents first.
        The name shown is the canonical name documents used most (the longest on a tie)."""
        rows = sorted(self.entity_index.items(), key=lambda kv: (-kv[1].documents, -kv[1].mentions, kv[0]))
        writer = csv.writer(self._open("entities_index.csv"))
        writer.writerow(INDEX_COLUMNS)
        for (_, label), entry in rows:
            name = max(entry.names, key=lambda n: (entry.names[n], len(n), n))
            aliases = sorted((entry.forms | set(entry.names)) - {name})
            writer.writerow([name, label, "; ".join(aliases), entry.documents, entry.mentions])

    def close(self, manifest: dict[str, Any]) -> None:
        """Finish every file and give it its final name, the manifest last."""
        if "csv" in self.formats:
            self._write_entity_index()
        for final, handle in self._files.items():
            handle.close()
            os.replace(_tmp(final), final)
        manifest = {**manifest, "documents": self.manifest_entries}
        path = self.out_dir / "manifest.json"
        with open(_tmp(path), "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=2)
        os.replace(_tmp(path), path)

    def abort(self) -> None:
        """Remove the temporary files of a run that did not finish."""
        for final, handle in self._files.items():
            handle.close()
            _tmp(final).unlink(missing_ok=True)
