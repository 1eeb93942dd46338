"""`--format parquet`: the same tables as the CSV files, as Parquet with typed
columns (pyarrow), one file per table, written a row group at a time.

Types: ids and text are strings, offsets and counts int64, amounts float64,
`relative` bool, authors and aliases lists of strings; `dates.value` stays a
string (it may be `2025`, `2025-04` or `204X`) with a `date` column (date32)
where the granularity is a day, and `documents.published_date` likewise.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

ROWS_PER_GROUP = 5000

STRING, INT, FLOAT, BOOL, DATE = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()
GEO = [("country_code", STRING), ("admin1", STRING), ("latitude", FLOAT), ("longitude", FLOAT),
       ("geonames_id", INT), ("feature", STRING)]
SCHEMAS = {
    "documents": pa.schema([
        ("doc_id", STRING), ("source", STRING), ("sha256", STRING), ("status", STRING), ("error", STRING),
        ("title", STRING), ("agency", STRING), ("authors", pa.list_(STRING)), ("dateline", STRING),
        ("published", STRING), ("published_date", DATE), ("published_from", STRING), ("body_chars", INT),
        ("entities", INT), ("quantities", INT), ("dates", INT), ("quotes", INT), ("roles", INT),
    ]),
    "entities": pa.schema([
        ("doc_id", STRING), ("text", STRING), ("label", STRING), ("canonical", STRING), ("source", STRING),
        ("start", INT), ("end", INT), ("spacy_label", STRING), *GEO,
    ]),
    "quantities": pa.schema([
        ("doc_id", STRING), ("text", STRING), ("value", FLOAT), ("value_min", FLOAT), ("value_max", FLOAT),
        ("unit", STRING), ("kind", STRING), ("si_value", FLOAT), ("si_unit", STRING), ("qualifier", STRING),
        ("subject", STRING), ("source", STRING), ("start", INT), ("end", INT), ("sentence_start", INT),
        ("sentence_end", INT),
    ]),
    "dates": pa.schema([
        ("doc_id", STRING), ("text", STRING), ("value", STRING), ("date", DATE), ("value_end", STRING),
        ("granularity", STRING), ("period", STRING), ("relative", BOOL), ("source", STRING), ("start", INT),
        ("end", INT),
    ]),
    "quotes": pa.schema([
        ("doc_id", STRING), ("speaker", STRING), ("speaker_label", STRING), ("kind", STRING), ("cue", STRING),
        ("text", STRING), ("start", INT), ("end", INT), ("speaker_start", INT), ("speaker_end", INT),
        ("source", STRING),
    ]),
    "roles": pa.schema([
        ("doc_id", STRING), ("person", STRING), ("role", STRING), ("organization", STRING), ("start", INT),
        ("end", INT), ("source", STRING),
    ]),
    "entities_index": pa.schema([
        ("canonical", STRING), ("label", STRING), ("aliases", pa.list_(STRING)), ("documents", INT),
        ("mentions", INT), ("roles", pa.list_(STRING)), *GEO,
    ]),
}


def day(value: Any) -> dt.date | None:
    """`2025-04-25` -> a date; anything less precise -> None."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


class ParquetTables:
    """Buffers rows per table and writes them as row groups under temporary names."""

    def __init__(self, out_dir: Path, temporary) -> None:
        self.out_dir = out_dir
        self._temporary = temporary  # final path -> temporary path (the writer's naming)
        self._rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self.tables = tuple(SCHEMAS)

    def add(self, table: str, row: dict[str, Any]) -> None:
        if table == "documents":
            row = {**row, "published_date": day(row.get("published"))}
        elif table == "dates":
            row = {**row, "date": day(row["value"]) if row.get("granularity") == "day" else None}
        self._rows[table].append(row)
        if len(self._rows[table]) >= ROWS_PER_GROUP:
            self._write(table)

    def _write(self, table: str) -> None:
        rows, schema = self._rows[table], SCHEMAS[table]
        if table not in self._writers:
            path = self._temporary(self.out_dir / f"{table}.parquet")
            self._writers[table] = pq.ParquetWriter(path, schema)
        if rows:
            columns = {name: [row.get(name) for row in rows] for name in schema.names}
            self._writers[table].write_table(pa.table(columns, schema=schema))
        self._rows[table] = []

    def close(self) -> None:
        for table in SCHEMAS:
            self._write(table)  # also creates the file of a table with no rows
            self._writers[table].close()
            final = self.out_dir / f"{table}.parquet"
            os.replace(self._temporary(final), final)

    def abort(self) -> None:
        for table, writer in self._writers.items():
            writer.close()
            Path(self._temporary(self.out_dir / f"{table}.parquet")).unlink(missing_ok=True)
