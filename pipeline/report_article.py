"""The report's article view: metadata, the cleaned body with entities, quantities and
dates highlighted (spaCy's displaCy, manual spans, which escapes the text), captions,
and every fact as a table. Also the anchors articles and entities are linked by.
"""

from __future__ import annotations

import hashlib
import html
import re
from typing import Any

from newsfacts.report_facts import pretty_amount

COLORS = {"ORG": "#7aecec", "PERSON": "#aa9cfc", "PLACE": "#feca74", "QUANTITY": "#e4e7d2", "DATE": "#bfe1d9"}
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,80}")


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def anchor(prefix: str, key: str) -> str:
    """An HTML id for a doc_id or an entity: readable when the key is short and plain, else
    a hash (a 5,000-character id or one with spaces is no usable fragment)."""
    if SAFE_ID.fullmatch(key):
        return f"{prefix}-{key}"
    return f"{prefix}-h{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


def article_link(doc_id: str, title: str) -> str:
    short = title if len(title) <= 90 else title[:89] + "…"
    return f'<a href="#{_e(anchor("article", doc_id))}">{_e(short)}</a>'


def marked_body(record: dict[str, Any]) -> str:
    """The body with entities, quantities and dates marked (where marks overlap, entities
    win, then quantities)."""
    from spacy import displacy  # only this command needs it

    marks = [(e["start"], e["end"], e["label"]) for e in record["entities"] if e["source"] == "body"]
    marks += [(q["start"], q["end"], "QUANTITY") for q in record["quantities"] if q["source"] == "body"]
    marks += [(d["start"], d["end"], "DATE") for d in record["dates"] if d["source"] == "body"]
    kept: list[tuple[int, int, str]] = []
    for start, end, label in marks:
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, label))
    ents = [{"start": s, "end": e, "label": label} for s, e, label in sorted(kept)]
    return displacy.render({"text": record["body"], "ents": ents, "title": None}, style="ent", manual=True,
                           page=False, options={"colors": COLORS})


def table(headers: list[str], rows: list[list[Any]], css: str = "") -> str:
    if not rows:
        return "<p>none</p>"
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table{f" class={css!r}" if css else ""}><tr>{head}</tr>{body}</table>'


def _metadata(record: dict[str, Any]) -> str:
    meta = record["metadata"]
    rows = [("title", meta.get("title")), ("agency", meta.get("agency")), ("authors", ", ".join(meta.get("authors") or [])),
            ("dateline", meta.get("dateline")), ("published", meta.get("published")),
            ("published from", meta.get("published_from")), ("byline as written", meta.get("byline")),
            ("source file", record.get("source")), ("doc_id", record["doc_id"]), ("sha256", record.get("sha256")),
            ("status", record["status"] + (f": {record['error']}" if record.get("error") else ""))]
    body = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows if v)
    return f'<table class="metadata">{body}</table>'


def _facts(record: dict[str, Any]) -> str:
    facts = [
        ("Entities", ["text", "label", "canonical", "country", "admin1", "feature"],
         [[e["text"], e["label"], e["canonical"], e.get("country_code"), e.get("admin1"), e.get("feature")]
          for e in record["entities"]]),
        ("Quantities", ["text", "amount", "kind", "qualifier", "subject", "SI value"],
         [[q["text"], pretty_amount(q["value"], q["unit"], q["kind"]), q["kind"], q["qualifier"], q["subject"],
           pretty_amount(q["si_value"], q["si_unit"], q["kind"]) if q["si_value"] is not None else ""]
          for q in record["quantities"]]),
        ("Dates", ["text", "value", "until", "granularity", "relative"],
         [[d["text"], d["value"], d.get("value_end"), d["granularity"], "yes" if d.get("relative") else ""]
          for d in record["dates"]]),
        ("Quotes", ["speaker", "kind", "cue", "text"],
         [[q["speaker"], q["kind"], q["cue"], q["text"]] for q in record.get("quotes") or []]),
        ("Roles", ["person", "role", "organization"],
         [[r["person"], r["role"], r["organization"]] for r in record.get("roles") or []]),
    ]
    return "".join(f"<details><summary>{name} ({len(rows)})</summary>{table(headers, rows, 'facts')}</details>"
                   for name, headers, rows in facts)


def article_section(record: dict[str, Any]) -> str:
    meta = record["metadata"]
    if record["status"] == "ok":
        body = marked_body(record)
    else:
        body = f'<p class="status">{_e(record["status"])}: {_e(record.get("error"))}</p>'
    captions = "".join(f"<figcaption>{_e(c)}</figcaption>" for c in record.get("captions") or [])
    return (f'<section class="article" id="{_e(anchor("article", record["doc_id"]))}">'
            f'<h2>{_e(meta.get("title") or record["doc_id"])}</h2>'
            f'<p class="meta">{_e(meta.get("agency") or "no agency")} · '
            f'{_e(", ".join(meta.get("authors") or []) or "no byline")} · {_e(meta.get("dateline") or "no dateline")}'
            f' · published {_e(meta.get("published") or "unknown")}</p>'
            f'<details class="meta-table" open><summary>Metadata</summary>{_metadata(record)}</details>'
            f'{body}{f"<div class=captions>{captions}</div>" if captions else ""}{_facts(record)}'
            f'<p><a href="#summary">back to the summary</a></p></section>')


def index_row(record: dict[str, Any], in_full: bool) -> str:
    """One row of the article index; a row for an article not shown in full carries its
    anchor, so every link in the summary lands somewhere."""
    meta = record["metadata"]
    title = meta.get("title") or record["doc_id"]
    target = anchor("article", record["doc_id"])
    name = (f'<a href="#{_e(target)}">{_e(title)}</a>' if in_full else _e(title))
    row_id = "" if in_full else f' id="{_e(target)}"'
    counts = " · ".join(f"{len(record.get(k) or [])} {k}" for k in ("entities", "quantities", "dates", "quotes"))
    return (f'<tr{row_id}><td class="title">{name}</td><td>{_e(meta.get("agency") or "")}</td>'
            f'<td class="date">{_e(meta.get("published") or "")}</td><td>{_e(record["status"])}</td><td class="meta">{counts}</td></tr>')
