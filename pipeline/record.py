"""The one record type that flows through every stage.

`ingest` creates a `Document`; each later stage fills in its own fields:
`clean` the body and captions, `metadata` the `Metadata`, and the extraction
stages the lists of `Entity`, `Quantity`, `DateMention`, `Quote` and `Role`. `write` turns it
into one line of `documents.jsonl` and rows of the CSV tables.

Every mention carries `start`/`end` character offsets into the text named by
its `source`: `body`, `captions[i]` (the i-th photo caption), `metadata.agency` or
`metadata.byline`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from newsfacts import __version__


@dataclass
class Metadata:
    title: str | None = None
    agency: str | None = None
    authors: list[str] = field(default_factory=list)
    dateline: str | None = None
    published: str | None = None  # ISO date, as precise as the page allows
    byline: str | None = None  # the byline line as on the page (author offsets point into it)


@dataclass
class Entity:
    text: str
    label: str  # ORG, PERSON or PLACE
    canonical: str
    start: int
    end: int
    source: str = "body"
    spacy_label: str | None = None
    # PLACE only (pipeline/geocode.py); empty when the place is not in the data
    country_code: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # province or state
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    feature: str | None = None  # continent, country, admin region, city


@dataclass
class Quantity:
    text: str
    value: float
    unit: str  # a pint unit symbol, a currency code, or the counted noun
    kind: str
    start: int
    end: int
    si_value: float | None = None
    si_unit: str | None = None
    qualifier: str | None = None
    value_min: float | None = None  # bounds when the text is a range (`value` is then its middle)
    value_max: float | None = None
    subject: str | None = None
    source: str = "body"
    sentence_start: int | None = None  # the sentence the fact is in, offsets into the same source
    sentence_end: int | None = None


@dataclass
class DateMention:
    text: str
    value: str  # YYYY-MM-DD, YYYY-MM, YYYY or a decade YYYX
    granularity: str  # day, month, year, decade, or quarter / half / season (with `period`)
    start: int
    end: int
    relative: bool = False
    period: str | None = None  # Q1..Q4, Q1-Q3, H1, H2, spring..winter, when the date is part of a year
    value_end: str | None = None  # the second date of a range (`from 2021 to 2025`: value 2021, value_end 2025)
    source: str = "body"


@dataclass
class Quote:
    """Who said what: a direct quotation (in quote marks) or reported speech."""
    speaker: str  # the speaker's canonical entity name
    speaker_label: str  # PERSON or ORG
    kind: str  # direct or indirect
    cue: str | None  # the reporting verb or phrase as written (`said`, `according to`)
    text: str  # the statement, without quote marks or attribution
    start: int  # offsets of `text` in `source`
    end: int
    speaker_start: int | None = None  # the mention the speaker was resolved from (a name, surname or pronoun)
    speaker_end: int | None = None
    source: str = "body"


@dataclass
class Role:
    """A person's position as the article states it (`Shan Zhongde, head of the CNSA`)."""
    person: str  # canonical entity name
    role: str  # the title without the organization (`head`, `chief designer of the mission`)
    organization: str | None  # canonical entity name, or None
    start: int  # offsets of the role phrase as written in `source`
    end: int
    source: str = "body"


@dataclass
class Document:
    doc_id: str
    source: str
    sha256: str
    raw_text: str = ""
    encoding: str | None = None
    status: str = "ok"  # ok, skipped or error
    error: str | None = None
    stage: str = "ingest"  # the last stage the document reached
    reference_date: str | None = None  # ISO date relative stamps resolve against
    # filled by clean
    body: str = ""
    captions: list[str] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)  # role -> line: title, agency, byline, stamp
    body_lines: list[int] | None = None  # 1-based source line numbers of the body
    caption_lines: list[int] | None = None
    # filled by ingest for structured input (JSONL, HTML) and by metadata
    hints: dict[str, Any] = field(default_factory=dict)
    metadata: Metadata = field(default_factory=Metadata)
    published_from: str | None = None  # input, dateline, stamp, relative_stamp+reference_date, ...
    previous: dict[str, Any] | None = None  # with --resume: this document's line from an earlier run
    # filled by the extraction stages
    entities: list[Entity] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

    def fail(self, status: str, reason: str) -> None:
        """Mark the document as not processed, with a one-line reason."""
        self.status = status
        self.error = " ".join(str(reason).split())[:300]

    def to_json(self) -> dict[str, Any]:
        """The document's line in `documents.jsonl` (the output contract)."""
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "sha256": self.sha256,
            "status": self.status,
            "error": self.error,
            "metadata": {**_fields_of(self.metadata), "authors": list(self.metadata.authors),
                         "published_from": self.published_from},
            "body": self.body,
            "captions": self.captions,
            "body_lines": self.body_lines,
            "caption_lines": self.caption_lines,
            "entities": [_fields_of(e) for e in self.entities],
            "quantities": [_fields_of(q) for q in self.quantities],
            "dates": [_fields_of(d) for d in self.dates],
            "quotes": [_fields_of(q) for q in self.quotes],
            "roles": [_fields_of(r) for r in self.roles],
            "stage": self.stage,
            "newsfacts_version": __version__,
        }


def _fields_of(record: Any) -> dict[str, Any]:
    """A fact record's fields (flat values) as a dict; `dataclasses.asdict` deep-copies
    each value, which cost a fifth of the time past spaCy."""
    return {f.name: getattr(record, f.name) for f in fields(record)}
