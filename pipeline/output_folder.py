"""The output folder a run owns: its lock, the files an earlier run left there, and
what `--resume` may reuse from them.

- `OutputLock`: one run per folder at a time (`.newsfacts.lock` holds the owner's
  pid); a second run refuses with one line naming the first; the lock of a process
  that is gone is taken over.
- `remove_files_of_earlier_runs`: when a run completes, every output file it knows
  that it did not write this time goes, so no stale table sits beside fresh ones.
- `PreviousRun`: the records an earlier run wrote (finished, stopped or killed), each
  reused only when its file name, bytes (sha256), id, newsfacts version and run
  options all match: however the path was typed.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

from newsfacts.record import Document

LOCK_NAME = ".newsfacts.lock"
# every file a run may write; a completed run removes those of this list it did not write
TABLES = ("documents", "entities", "quantities", "dates", "quotes", "roles", "entities_index")
OUTPUT_NAMES = ("documents.jsonl", "manifest.csv", "manifest.json",
                *(f"{table}.{suffix}" for table in TABLES for suffix in ("csv", "parquet")))
# what a documents.jsonl line must hold to be reused (a line of another shape is reprocessed)
RECORD_FIELDS = {"doc_id": str, "source": str, "sha256": str, "status": str, "metadata": dict, "body": str,
                 "captions": list, "entities": list, "quantities": list, "dates": list, "stage": str,
                 "newsfacts_version": str}


class OutputInUse(Exception):
    """Another live newsfacts run holds the output folder."""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class OutputLock:
    """`.newsfacts.lock` in the output folder, created atomically with this process's pid."""

    def __init__(self, out_dir: str | Path) -> None:
        self.path = Path(out_dir) / LOCK_NAME

    def __enter__(self) -> "OutputLock":
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                owner = self._owner()
                if owner is not None and owner != os.getpid() and alive(owner):
                    raise OutputInUse(f"output folder {str(self.path.parent)!r} is in use by another newsfacts run "
                                      f"(pid {owner}); wait for it to finish or choose another -o") from None
                self.path.unlink(missing_ok=True)  # its process is gone: a stale lock
                continue
            with os.fdopen(fd, "w") as fh:
                fh.write(f"{os.getpid()}\n")
            return self
        raise OutputInUse(f"could not lock output folder {str(self.path.parent)!r}")

    def __exit__(self, *exc: object) -> None:
        if self._owner() == os.getpid():
            self.path.unlink(missing_ok=True)

    def _owner(self) -> int | None:
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None


def remove_files_of_earlier_runs(out_dir: Path, written: set[str]) -> None:
    for name in OUTPUT_NAMES:
        if name not in written:
            (out_dir / name).unlink(missing_ok=True)


def is_record(obj: Any) -> bool:
    """A documents.jsonl record of the expected shape."""
    return isinstance(obj, dict) and all(isinstance(obj.get(k), t) for k, t in RECORD_FIELDS.items())


def source_key(source: str) -> str:
    """A document's file name (`name:line` for a JSONL line) without its folders: with
    its sha256 and doc_id it names the same input however the path was typed (absolute,
    relative, from another directory; a relative path cannot be resolved later, since
    the earlier run's working directory is not known)."""
    path, sep, line = source.rpartition(":")
    if sep and line.isdigit() and path:
        return f"{Path(path).name}:{line}"
    return Path(source).name


class PreviousRun:
    """The documents an earlier run in the same folder already wrote, for `--resume`:
    its documents.jsonl if it finished or was stopped cleanly, and the partial
    `.documents.jsonl.*.tmp` of a run that was killed or failed (whole lines only).

    Those files are moved into `.resume/` first, so that this run's own
    temporary files never overwrite them; `.resume/` goes when this run completes.
    A document is reused when its file name, sha256, doc_id, newsfacts version and
    options fingerprint all match; anything else is processed again. (Two inputs with
    the same name and bytes are one document and its duplicate: the ids tell them apart.)
    """

    def __init__(self, out_dir: str | Path, version: str, fingerprint: str) -> None:
        self.folder = Path(out_dir) / ".resume"
        self.folder.mkdir(parents=True, exist_ok=True)
        out = Path(out_dir)
        for k, path in enumerate([out / "documents.jsonl", *sorted(out.glob(".documents.jsonl.*.tmp"))]):
            if path.is_file():
                os.replace(path, self.folder / f"{path.stat().st_mtime_ns}-{k}.jsonl")
        self.index: dict[tuple[str, str, str], tuple[Path, int]] = {}
        self.not_reused: Counter = Counter()  # why earlier records were not reusable
        for path in sorted(self.folder.glob("*.jsonl")):  # oldest first: later runs win
            for offset, record in _whole_lines(path):
                if record["newsfacts_version"] != version:
                    self.not_reused["another newsfacts version"] += 1
                elif record.get("options_fingerprint") != fingerprint:
                    self.not_reused["other options"] += 1
                else:
                    self.index[(source_key(record["source"]), record["sha256"], record["doc_id"])] = (path, offset)

    def __len__(self) -> int:
        return len(self.index)

    def record_for(self, doc: Document) -> dict[str, Any] | None:
        found = self.index.get((source_key(doc.source), doc.sha256, doc.doc_id))
        if found is None:
            return None
        with open(found[0], "rb") as fh:
            fh.seek(found[1])
            record = json.loads(fh.readline())
        record["source"] = doc.source  # as this run names it
        return record

    def finish(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _whole_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(offset, record) for every complete line of a documents.jsonl that is a record."""
    offset = 0
    with open(path, "rb") as fh:
        for line in fh:
            if line.endswith(b"\n"):
                try:
                    record = json.loads(line)
                except ValueError:
                    record = None
                if is_record(record):
                    yield offset, record
            offset += len(line)
