"""Stage 8, write: documents.jsonl, the CSV (or Parquet) tables, manifest.json and manifest.csv.

Rows are written as documents arrive, a batch at a time, and flushed, so the
outputs of a run that is killed stay readable up to its last whole line (what
`--resume` picks up, see `PreviousRun`). Every file is written under a
temporary name in the output folder and renamed when the run completes or is
stopped cleanly, so a file with a final name is always complete. Nothing is
kept in memory per document but the entity index (per entity, not per mention).
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from newsfacts.entities import index_key
from newsfacts.output_folder import alive, remove_files_of_earlier_runs
from newsfacts.record import Document

DOCUMENT_COLUMNS = ["doc_id", "source", "sha256", "status", "error", "title", "agency", "authors",
                    "dateline", "published", "published_from", "body_chars", "entities", "quantities", "dates",
                    "quotes", "roles"]
GEO_COLUMNS = ["country_code", "admin1", "latitude", "longitude", "geonames_id", "feature"]
ENTITY_COLUMNS = ["doc_id", "text", "label", "canonical", "source", "start", "end", "spacy_label", *GEO_COLUMNS]
QUANTITY_COLUMNS = ["doc_id", "text", "value", "value_min", "value_max", "unit", "kind", "si_value", "si_unit",
                    "qualifier", "subject", "source", "start", "end", "sentence_start", "sentence_end"]
DATE_COLUMNS = ["doc_id", "text", "value", "value_end", "granularity", "period", "relative", "source", "start", "end"]
QUOTE_COLUMNS = ["doc_id", "speaker", "speaker_label", "kind", "cue", "text", "start", "end", "speaker_start",
                 "speaker_end", "source"]
ROLE_COLUMNS = ["doc_id", "person", "role", "organization", "start", "end", "source"]
INDEX_COLUMNS = ["canonical", "label", "aliases", "documents", "mentions", "roles", *GEO_COLUMNS]
MANIFEST_COLUMNS = ["doc_id", "source", "sha256", "status", "reason", "stage", "published_from"]
MAX_ALIASES = 25  # surface forms kept per indexed entity, so the index stays small
FORMATS = ("jsonl", "csv")  # the default; "parquet" may be added
FACT_TABLES = ("entities", "quantities", "dates", "quotes", "roles")


@dataclass
class IndexEntry:
    documents: int = 0
    mentions: int = 0
    names: Counter = field(default_factory=Counter)  # canonical names used, with counts
    forms: set = field(default_factory=set)  # surface forms seen (at most MAX_ALIASES)
    geo: dict = field(default_factory=dict)  # a PLACE's geocoding, as its first resolved mention has it
    roles: set = field(default_factory=set)  # a PERSON's positions across the run (`head, China National Space Administration`)


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def table_rows(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The rows one document adds to each table (documents, entities, quantities, dates)."""
    meta = record["metadata"]
    yield "documents", {
        **record, **meta, "body_chars": len(record["body"]), "entities": len(record["entities"]),
        "quantities": len(record["quantities"]), "dates": len(record["dates"]),
        "quotes": len(record.get("quotes") or []), "roles": len(record.get("roles") or []),
    }
    for table in FACT_TABLES:
        for row in record.get(table) or []:  # quotes and roles: absent from records of older versions
            yield table, {"doc_id": record["doc_id"], **row}


def remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary files left by a killed run (its process is gone); a resumed run has
    already moved the documents it can reuse out of the way (`PreviousRun`)."""
    for path in out_dir.glob(".*.tmp"):
        pid = path.name.rsplit(".", 2)[-2]
        if pid.isdigit() and int(pid) != os.getpid() and not alive(int(pid)):
            path.unlink(missing_ok=True)


class OutputWriter:
    """Streams document records into the output files; `close()` makes them final."""

    def __init__(self, out_dir: str | Path, formats: tuple[str, ...] = FORMATS) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(self.out_dir)
        self.formats = formats
        self._files: dict[Path, Any] = {}
        self._csv: dict[str, csv.DictWriter] = {}
        # the cross-document entity index: (key, label) -> IndexEntry
        self.entity_index: dict[tuple[str, str], IndexEntry] = {}
        if "jsonl" in formats:
            self._jsonl = self._open("documents.jsonl")
        self._parquet = None
        if "parquet" in formats:
            from newsfacts.write_parquet import ParquetTables  # pyarrow: only when asked for

            self._parquet = ParquetTables(self.out_dir, _tmp)
        if "csv" in formats:
            for name, columns in (("documents", DOCUMENT_COLUMNS), ("entities", ENTITY_COLUMNS),
                                  ("quantities", QUANTITY_COLUMNS), ("dates", DATE_COLUMNS),
                                  ("quotes", QUOTE_COLUMNS), ("roles", ROLE_COLUMNS)):
                self._csv[name] = self._csv_table(f"{name}.csv", columns)
        self._csv["manifest"] = self._csv_table("manifest.csv", MANIFEST_COLUMNS)
        self._manifest_lines = open(self._manifest_lines_path(), "w", encoding="utf-8")

    def _open(self, name: str):
        final = self.out_dir / name
        handle = open(_tmp(final), "w", encoding="utf-8", newline="")
        self._files[final] = handle
        return handle

    def _csv_table(self, name: str, columns: list[str]) -> csv.DictWriter:
        writer = csv.DictWriter(self._open(name), fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        return writer

    def _manifest_lines_path(self) -> Path:
        return self.out_dir / f".manifest-documents.{os.getpid()}.tmp"

    def write(self, doc: Document) -> None:
        self.write_record(doc.to_json())

    def write_record(self, record: dict[str, Any]) -> None:
        """One document's line and rows; `record` is `Document.to_json()`, fresh or from
        an earlier run's documents.jsonl (`--resume`)."""
        if "jsonl" in self.formats:
            self._jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
        for table, row in table_rows(record):
            if "csv" in self.formats:
                self._csv[table].writerow({**row, "authors": "; ".join(row["authors"])} if "authors" in row else row)
            if self._parquet is not None:
                self._parquet.add(table, row)
        if "csv" in self.formats or self._parquet is not None:
            self._index_entities(record["entities"], record.get("roles") or [])
        entry = {"doc_id": record["doc_id"], "source": record["source"], "sha256": record["sha256"],
                 "status": record["status"], "reason": record["error"], "stage": record["stage"],
                 "published_from": record["metadata"].get("published_from")}
        self._csv["manifest"].writerow(entry)
        self._manifest_lines.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def flush(self) -> None:
        """After each batch: what is written so far survives a killed process."""
        for handle in [*self._files.values(), self._manifest_lines]:
            handle.flush()

    def _index_entities(self, entities: list[dict[str, Any]], roles: list[dict[str, Any]]) -> None:
        for key in {(index_key(e["canonical"], e["label"]), e["label"]) for e in entities}:
            self.entity_index.setdefault(key, IndexEntry()).documents += 1
        for e in entities:
            entry = self.entity_index[(index_key(e["canonical"], e["label"]), e["label"])]
            entry.mentions += 1
            entry.names[e["canonical"]] += 1
            if not entry.geo and e.get("country_code"):
                entry.geo = {column: e.get(column) for column in GEO_COLUMNS}
            if len(entry.forms) < MAX_ALIASES:
                entry.forms.add(e["text"])
        for role in roles:  # the person is an entity of the same record
            entry = self.entity_index.get((index_key(role["person"], "PERSON"), "PERSON"))
            if entry is not None and len(entry.roles) < MAX_ALIASES:
                entry.roles.add(", ".join(part for part in (role["role"], role.get("organization")) if part))

    def _write_entity_index(self) -> None:
        """`entities_index`: who and what the corpus is about, most documents first.
        The name shown is the canonical name documents used most (the longest on a tie)."""
        ranked = sorted(self.entity_index.items(), key=lambda kv: (-kv[1].documents, -kv[1].mentions, kv[0]))
        writer = csv.writer(self._open("entities_index.csv")) if "csv" in self.formats else None
        if writer:
            writer.writerow(INDEX_COLUMNS)
        for (_, label), entry in ranked:
            name = max(entry.names, key=lambda n: (entry.names[n], len(n), n))
            aliases = sorted((entry.forms | set(entry.names)) - {name})
            geo = [entry.geo.get(column) for column in GEO_COLUMNS]
            roles = sorted(entry.roles)
            if writer:
                writer.writerow([name, label, "; ".join(aliases), entry.documents, entry.mentions, "; ".join(roles),
                                 *geo])
            if self._parquet is not None:
                self._parquet.add("entities_index", {"canonical": name, "label": label, "aliases": aliases,
                                                     "documents": entry.documents, "mentions": entry.mentions,
                                                     "roles": roles, **entry.geo})

    def file_names(self) -> list[str]:
        """The files this run writes, the manifest included (once the entity index is written)."""
        names = [final.name for final in self._files]
        if self._parquet is not None:
            names += [f"{table}.parquet" for table in self._parquet.tables]
        return sorted({*names, "manifest.json"})

    def close(self, manifest: dict[str, Any]) -> None:
        """Finish every file and give it its final name, the manifest last; the files
        of an earlier run in the folder that this run did not write are removed."""
        self._write_entity_index()
        if self._parquet is not None:
            self._parquet.close()
        for final, handle in self._files.items():
            handle.close()
            os.replace(_tmp(final), final)
        self._manifest_lines.close()
        names = self.file_names()
        remove_files_of_earlier_runs(self.out_dir, set(names))
        manifest = {**manifest, "files": names}
        path = self.out_dir / "manifest.json"
        with open(_tmp(path), "w", encoding="utf-8") as fh:
            # the per-document entries stream in from their temporary file
            fh.write(json.dumps(manifest, ensure_ascii=False, indent=2)[:-2] + ',\n  "documents": [')
            with open(self._manifest_lines_path(), encoding="utf-8") as lines:
                for k, line in enumerate(lines):
                    fh.write(("," if k else "") + "\n    " + line.rstrip("\n"))
            fh.write("\n  ]\n}\n")
        os.replace(_tmp(path), path)
        self._manifest_lines_path().unlink()

    def abort(self, keep_documents: bool = False) -> None:
        """Remove the temporary files of a run that did not finish; with
        `keep_documents`, its documents.jsonl so far stays for `--resume` (as after
        `kill -9`)."""
        if self._parquet is not None:
            self._parquet.abort()
        for final, handle in self._files.items():
            handle.close()
            if not (keep_documents and final.name == "documents.jsonl"):
                _tmp(final).unlink(missing_ok=True)
        self._manifest_lines.close()
        self._manifest_lines_path().unlink(missing_ok=True)
