"""The orchestrator: composes the stages over a stream of documents.

    ingest -> clean -> metadata -> nlp (nlp.pipe over a batch) -> entities,
    quantities, dates -> write

Reading and writing happen in this process, in input order; the work between
them (`process_batch`) runs wherever the engine puts it (`pipeline/engines.py`).

A failure inside a stage marks that one document `error` with a one-line
reason and the run goes on; every input ends up in the outputs and manifest.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import hashlib
import itertools
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from newsfacts import __version__
from newsfacts.clean import CleanRules, clean_document, find_template_lines, load_rules
from newsfacts.dates import extract_dates, tense_reader
from newsfacts.entities import extract_entities
from newsfacts.engines import run_dask, run_local
from newsfacts.ingest import DEFAULT_MAX_BYTES, JSONL_SUFFIXES, expand_inputs, read_documents
from newsfacts.metadata import extract_metadata
from newsfacts.nlp import Segments, describe_model, load_pipeline
from newsfacts.output_folder import OutputLock, PreviousRun
from newsfacts.quotes import extract_quotes
from newsfacts.record import Document
from newsfacts.spacy_doc import doc_text, drop_caches, make_doc
from newsfacts.write import FORMATS, OutputWriter


class RunFailed(Exception):
    """The run could not go on (the disk is full): one line for the user."""


@dataclass
class RunSummary:
    counts: dict[str, int] = field(default_factory=lambda: {"ok": 0, "skipped": 0, "error": 0})
    entities: int = 0
    quantities: int = 0
    dates: int = 0
    seconds: float = 0.0
    reused: int = 0
    not_reused: Counter = field(default_factory=Counter)  # earlier records --resume could not use, by reason
    interrupted: bool = False

    @property
    def documents(self) -> int:
        return sum(self.counts.values())

    def add(self, record: dict, reused: bool = False) -> None:
        self.counts[record["status"]] += 1
        self.entities += len(record["entities"])
        self.quantities += len(record["quantities"])
        self.dates += len(record["dates"])
        self.reused += reused

    def line(self, out_dir: str) -> str:
        c = self.counts
        not_reused = ", ".join(f"{n} made with {why}" for why, n in sorted(self.not_reused.items()))
        return (f"{self.documents} documents ({c['ok']} ok, {c['skipped']} skipped, {c['error']} error"
                f"{f'; {self.reused} from the earlier run' if self.reused else ''}"
                f"{f'; earlier records not reused: {not_reused}' if not_reused else ''}); "
                f"{self.entities} entities, {self.quantities} quantities, {self.dates} dates; "
                f"{self.seconds:.1f} s -> {out_dir}{' (interrupted: run again with --resume)' if self.interrupted else ''}")


def find_templates(inputs: list[str], max_bytes: int, min_docs: int) -> frozenset[str]:
    """A first, quick pass over the plain-text inputs: lines many files share."""
    if min_docs <= 0:
        return frozenset()
    texts = (doc.raw_text for doc in read_documents(inputs, max_bytes, extract_html=False) if doc.status == "ok")
    return find_template_lines(texts, min_docs)


def prepare(doc: Document, rules: CleanRules, reference_date: str | None,
            template_lines: frozenset[str] = frozenset()) -> Document:
    """clean and metadata for one document, failures recorded on it."""
    if doc.status != "ok":
        return doc
    try:
        clean_document(doc, rules, template_lines)
        extract_metadata(doc, rules, reference_date)
    except Exception as exc:  # one bad document must not stop the run
        doc.fail("error", f"{doc.stage}: {type(exc).__name__}: {exc}")
        return doc
    if not doc.body.strip():
        doc.fail("skipped", "no article body found after cleaning")
    return doc


def extract(docs: list[Document], nlp) -> None:
    """Run spaCy once over a batch of prepared documents and fill in their facts."""
    ready = [d for d in docs if d.status == "ok"]
    segments = [Segments(d) for d in ready]
    too_long = {i for i, s in enumerate(segments) if len(s.text) > nlp.max_length}
    for i in too_long:
        ready[i].fail("error", f"text longer than spaCy's max_length ({len(segments[i].text)} characters)")
    work = [(s.text, i) for i, s in enumerate(segments) if i not in too_long]
    for sdoc, i in _pipe_each(nlp, work, ready):
        doc, seg = ready[i], segments[i]
        if sdoc._.newsfacts_error:
            doc.fail("error", sdoc._.newsfacts_error)
            continue
        try:
            doc.stage = "entities"
            meta = doc.metadata
            doc.entities = extract_entities(sdoc, seg.locate, meta.byline, meta.authors, meta.dateline, meta.agency)
            doc.stage = "quantities"
            for q in sdoc._.quantities:
                q.source, q.start, q.end = seg.locate(q.start, q.end)
                _, q.sentence_start, q.sentence_end = seg.locate(q.sentence_start, q.sentence_end)
            doc.quantities = sdoc._.quantities
            doc.stage = "dates"
            spans = [part for e in sdoc.ents if e.label_ == "DATE" for part in _lines_of(e.start_char, e.text)]
            doc.dates = extract_dates(spans, doc_text(sdoc), doc.metadata.published, seg.locate, tense_reader(sdoc))
            doc.stage = "quotes"
            doc.quotes, doc.roles = extract_quotes(sdoc, doc.entities, seg.locate)
            doc.stage = "write"
        except Exception as exc:
            doc.fail("error", f"{doc.stage}: {type(exc).__name__}: {exc}")
        finally:
            drop_caches(sdoc)


def _lines_of(start: int, text: str) -> Iterator[tuple[int, int, str]]:
    """A span's pieces between line breaks, as (start, end, text): the model may tag
    `Year\n\n2020` as one date, but no fact crosses a paragraph or a caption's edge."""
    offset = start
    for piece in text.split("\n"):
        stripped = piece.strip()
        if stripped:
            begin = offset + piece.index(stripped)
            yield begin, begin + len(stripped), stripped
        offset += len(piece) + 1


def _pipe_each(nlp, work: list[tuple[str, int]], docs: list[Document]) -> Iterator[tuple[Any, int]]:
    """`nlp.pipe` over the batch; should spaCy fail on one text, the batch is redone
    one document at a time so that only that document is an error."""
    try:
        yield from list(nlp.pipe(((make_doc(nlp, text), i) for text, i in work), as_tuples=True))
        return
    except Exception:
        pass
    for text, i in work:
        try:
            yield nlp(text), i
        except Exception as exc:
            docs[i].fail("error", f"nlp: {type(exc).__name__}: {exc}")


def batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


@dataclass(frozen=True)
class RunSettings:
    """What every worker needs to process a batch; sent to each worker once."""
    model: str | None = None
    patterns: tuple[str, ...] = ()
    parser: bool = False
    reference_date: str | None = None
    template_lines: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=2)
def _worker_state(model: str | None, patterns: tuple[str, ...], parser: bool) -> tuple[Any, CleanRules]:
    """The spaCy pipeline and cleaning rules, loaded once per process."""
    return load_pipeline(model, list(patterns), parser=parser), load_rules()


def process_batch(batch: list[Document], settings: RunSettings) -> list[Document]:
    """clean, metadata, spaCy and the extraction stages for one batch: what a worker runs.
    Documents an earlier run already wrote (`--resume`) pass through untouched."""
    nlp, rules = _worker_state(settings.model, settings.patterns, settings.parser)
    fresh = [doc for doc in batch if doc.previous is None]
    for doc in fresh:
        prepare(doc, rules, settings.reference_date, settings.template_lines)
    extract(fresh, nlp)
    return batch


def mark_duplicates(docs: Iterable[Document]) -> Iterator[Document]:
    """The same article twice (same bytes): the second is `skipped`, a duplicate of the first."""
    first: dict[str, str] = {}  # sha256 prefix -> doc_id: the one thing kept per document
    for doc in docs:
        if doc.status == "ok" and doc.sha256:
            key = doc.sha256[:16]
            if key in first:
                doc.fail("skipped", f"duplicate of {first[key]}")
            else:
                first[key] = doc.doc_id
        yield doc


def reuse_previous(docs: Iterable[Document], previous: PreviousRun | None) -> Iterator[Document]:
    """With `--resume`: attach what an earlier run wrote for a document, if it matches."""
    for doc in docs:
        if previous is not None and doc.sha256:
            doc.previous = previous.record_for(doc)
            if doc.previous is not None:
                doc.raw_text = ""  # no need to send it to a worker
        yield doc


class StopOnInterrupt:
    """Ctrl-C (SIGINT) asks the run to stop after the current batch; a second Ctrl-C aborts."""

    def __init__(self) -> None:
        self.requested = False
        self._previous = None

    def __enter__(self) -> "StopOnInterrupt":
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum: int, frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        print("newsfacts: stopping after the current batch (Ctrl-C again to abort)", file=sys.stderr)


def run(
    inputs: list[str],
    out_dir: str,
    *,
    model: str | None = None,
    reference_date: str | None = None,
    batch_size: int = 32,
    formats: tuple[str, ...] = FORMATS,
    patterns: list[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool | None = None,
    template_min_docs: int = 5,
    parser: bool = False,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
) -> RunSummary:
    """Process every article in `inputs` and write the outputs to `out_dir`.

    Documents are read here, processed in batches by the engine (this process,
    `jobs` worker processes, or Dask), and written here in input order, flushed
    after every batch. Ctrl-C stops cleanly after the current batch; `resume`
    reuses what an earlier run in `out_dir` wrote (finished, stopped or killed)."""
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    with OutputLock(out_dir):
        return _run_locked(inputs, out_dir, model=model, reference_date=reference_date, batch_size=batch_size,
                           formats=formats, patterns=patterns, max_bytes=max_bytes, progress=progress,
                           template_min_docs=template_min_docs, parser=parser, jobs=jobs, engine=engine,
                           scheduler=scheduler, resume=resume)


def options_fingerprint(settings: RunSettings, model_name: str) -> str:
    """What a record depends on besides its input: newsfacts version, model, pattern
    files' contents, parser, reference date and template lines. `--resume` reuses
    only records made with the same."""
    digest = hashlib.sha256()
    for part in (__version__, model_name, settings.parser, settings.reference_date,
                 *(hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in settings.patterns),
                 *sorted(settings.template_lines)):
        digest.update(f"{part}\x00".encode("utf-8"))
    return digest.hexdigest()[:16]


def _run_locked(inputs: list[str], out_dir: str, *, model: str | None, reference_date: str | None,
                batch_size: int, formats: tuple[str, ...], patterns: list[str] | None, max_bytes: int,
                progress: bool | None, template_min_docs: int, parser: bool, jobs: int, engine: str,
                scheduler: str | None, resume: bool) -> RunSummary:
    started = time.perf_counter()
    summary = RunSummary()
    model_name = describe_model(model)  # fails early on a missing model
    if resume and "jsonl" not in formats:
        formats = ("jsonl", *formats)  # documents.jsonl is what --resume reads: it is never dropped
    settings = RunSettings(model, tuple(patterns or ()), parser, reference_date,
                           find_templates(inputs, max_bytes, template_min_docs))
    fingerprint = options_fingerprint(settings, model_name)
    previous = PreviousRun(out_dir, __version__, fingerprint) if resume else None
    if previous is not None:
        summary.not_reused = previous.not_reused
    writer = OutputWriter(out_dir, formats)
    bar = _progress_bar(progress, inputs)
    last_source = None
    try:
        with StopOnInterrupt() as stop:
            docs = reuse_previous(mark_duplicates(read_documents(inputs, max_bytes)), previous)
            batches = batched(docs, batch_size)
            if engine == "dask":
                results = run_dask(process_batch, batches, settings, jobs=jobs, scheduler=scheduler)
            else:
                results = run_local(process_batch, batches, settings, jobs=jobs)
            for batch in results:
                for doc in batch:
                    record = doc.previous or {**doc.to_json(), "options_fingerprint": fingerprint}
                    writer.write_record(record)
                    summary.add(record, reused=doc.previous is not None)
                    last_source = doc.source
                writer.flush()
                bar.update(len(batch))
                if stop.requested:
                    summary.interrupted = True
                    results.close()  # the engine stops its workers
                    break
    except KeyboardInterrupt:  # a second Ctrl-C: abort, temporaries removed
        writer.abort()
        raise
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            writer.abort(keep_documents=True)
            raise
        writer.abort()
        raise RunFailed(f"no space left on device writing {out_dir}") from exc
    except BaseException:
        writer.abort(keep_documents=True)  # what was written stays resumable, as after kill -9
        raise
    finally:
        bar.close()
    summary.seconds = time.perf_counter() - started
    writer.close({
        "newsfacts_version": __version__,
        "spacy_model": model_name,
        "engine": engine if engine == "dask" else f"local, {jobs} process{'es' if jobs > 1 else ''}",
        "finished": dt.datetime.now().isoformat(timespec="seconds"),
        "inputs": inputs,
        "inputs_seen": summary.documents,
        "interrupted": summary.interrupted,
        "remaining_inputs": _remaining(inputs, last_source) if summary.interrupted else [],
        "resumed_documents": summary.reused,
        "options_fingerprint": fingerprint,
        "template_lines": len(settings.template_lines),
        "counts": summary.counts,
        "facts": {"entities": summary.entities, "quantities": summary.quantities, "dates": summary.dates},
        "seconds": round(summary.seconds, 3),
    })
    if previous is not None:
        previous.finish()
    return summary


def _remaining(inputs: list[str], last_source: str | None) -> list[str]:
    """The input files an interrupted run did not reach (its last file, if a JSONL
    file, may be partly done: `--resume` sorts that out)."""
    files = [str(p) for p in expand_inputs(inputs)]
    if last_source is None:
        return files
    last = next((k for k, f in enumerate(files) if last_source == f or last_source.startswith(f + ":")), -1)
    return files[last + 1:]


def _progress_bar(enabled: bool | None, inputs: list[str]):
    """A bar on stderr that knows its total (so it shows percent and time left)."""
    from tqdm import tqdm

    show = sys.stderr.isatty() if enabled is None else enabled
    total = expected_documents(inputs) if show else None
    return tqdm(desc="documents", unit="doc", total=total, file=sys.stderr, disable=not show, leave=False)


def expected_documents(inputs: list[str]) -> int:
    """How many documents the inputs hold: one per file, one per non-empty JSONL line."""
    total = 0
    for path in expand_inputs(inputs):
        if path.suffix.lower() not in JSONL_SUFFIXES:
            total += 1
            continue
        try:
            with open(path, "rb") as fh:
                total += sum(1 for line in fh if line.strip())
        except OSError:
            total += 1  # reported as one error document
    return total
