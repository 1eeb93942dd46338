"""`newsfacts report OUTPUT_DIR -o report.html`: one self-contained HTML page
(inline CSS and SVG, nothing fetched from anywhere) showing what a run found.

- a summary: documents by status, the top organizations, people and places
  (bar charts), quantities by kind with totals where the units agree, a
  timeline of the resolved dates, a map of the places (points sized by the
  number of documents) and articles counted by country;
- one section per article: its metadata, its body with entities highlighted by
  label (spaCy's displaCy, `manual=True`) and quantities and dates marked, and
  its facts as tables.

Every piece of article text is escaped (`html.escape`, and displaCy escapes the
body), so an article containing `<script>` shows that text and runs nothing.
"""

from __future__ import annotations

import collections
import html
import json
from pathlib import Path
from typing import Any, Iterator

COLORS = {"ORG": "#7aecec", "PERSON": "#aa9cfc", "PLACE": "#feca74", "QUANTITY": "#e4e7d2", "DATE": "#bfe1d9"}
CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.3rem; margin-top: 2.5rem; }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; } .card { background: #f4f6f8; border-radius: 8px; padding: 0.8rem 1.2rem; }
.card b { display: block; font-size: 1.6rem; } .charts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1rem; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0 1rem; } td, th { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; }
th { background: #f4f6f8; } .meta { color: #555; } .entities { font-size: 0.95rem; }
section.article { border-top: 1px solid #eee; margin-top: 2rem; } details { margin: 0.5rem 0; }
"""


RECORD_KEYS = ("doc_id", "status", "metadata", "entities", "quantities", "dates")


def _records(out_dir: Path) -> Iterator[dict[str, Any]]:
    """The run's records; a line that is not one (another tool's file) is a ValueError."""
    path = out_dir / "documents.jsonl"
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict) or any(key not in record for key in RECORD_KEYS):
                raise ValueError(f"{path}:{lineno} is not a newsfacts record (is {out_dir} the output of newsfacts run?)")
            yield record


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def bar_chart(title: str, counts: list[tuple[str, int]], color: str) -> str:
    """A horizontal bar chart as inline SVG."""
    if not counts:
        return f"<div><h3>{_e(title)}</h3><p>none</p></div>"
    width, row = 340, 22
    top = max(n for _, n in counts)
    bars = []
    for k, (name, n) in enumerate(counts):
        length = max(2, int((width - 170) * n / top))
        y = k * row
        label = name if len(name) <= 24 else name[:23] + "…"
        bars.append(f'<text x="0" y="{y + 15}" font-size="11">{_e(label)}<title>{_e(name)}</title></text>'
                    f'<rect x="160" y="{y + 4}" width="{length}" height="14" fill="{color}"/>'
                    f'<text x="{164 + length}" y="{y + 15}" font-size="11">{n}</text>')
    height = row * len(counts) + 6
    return (f'<div><h3>{_e(title)}</h3><svg role="img" aria-label="{_e(title)}" width="100%" '
            f'viewBox="0 0 {width + 40} {height}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg></div>')


def timeline(days: collections.Counter) -> str:
    """Resolved dates counted per year, as inline SVG columns."""
    if not days:
        return "<p>No resolved dates.</p>"
    per_year = collections.Counter()
    for value, n in days.items():
        per_year[value[:4]] += n
    years = sorted(per_year)
    width, height = max(300, 28 * len(years)), 140
    top = max(per_year.values())
    columns = []
    for k, year in enumerate(years):
        h = max(2, int(100 * per_year[year] / top))
        columns.append(f'<rect x="{k * 28 + 4}" y="{110 - h}" width="20" height="{h}" fill="#5b8def">'
                       f'<title>{_e(year)}: {per_year[year]}</title></rect>'
                       f'<text x="{k * 28 + 14}" y="128" font-size="9" text-anchor="middle">{_e(year)}</text>')
    return (f'<svg role="img" aria-label="dates per year" width="{width}" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(columns)}</svg>')


def world_map(points: dict[tuple[str, float, float], int]) -> str:
    """The places on an equirectangular projection (no tiles, no outlines: a graticule),
    each a circle sized by the number of documents naming it."""
    width, height = 720, 360
    lines = "".join(f'<line x1="{x}" y1="0" x2="{x}" y2="{height}" stroke="#dde4ea"/>' for x in range(0, width + 1, 60))
    lines += "".join(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#dde4ea"/>' for y in range(0, height + 1, 60))
    dots = []
    for (name, lat, lon), documents in sorted(points.items(), key=lambda kv: -kv[1]):
        x, y = (lon + 180) / 360 * width, (90 - lat) / 180 * height
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{2 + 3 * documents ** 0.5:.1f}" fill="#e4572e" '
                    f'fill-opacity="0.6"><title>{_e(name)}: {documents} document{"s" * (documents > 1)}</title></circle>')
    return (f'<svg role="img" aria-label="map of the places" width="100%" viewBox="0 0 {width} {height}" '
            f'xmlns="http://www.w3.org/2000/svg"><rect width="{width}" height="{height}" fill="#f4f8fb"/>'
            f'{lines}{"".join(dots)}</svg>')


def marked_body(record: dict[str, Any]) -> str:
    """The body with entities, quantities and dates marked (displaCy, manual spans;
    where marks overlap, entities win, then quantities)."""
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


def _number(value: float) -> str:
    return f"{value:.3g}" if abs(value) >= 1e15 else f"{value:,.2f}".rstrip("0").rstrip(".")


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    if not rows:
        return "<p>none</p>"
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def article_section(record: dict[str, Any]) -> str:
    meta = record["metadata"]
    facts = [
        ("Entities", ["text", "label", "canonical"], [[e["text"], e["label"], e["canonical"]] for e in record["entities"]]),
        ("Quantities", ["text", "value", "unit", "kind", "qualifier", "subject"],
         [[q["text"], q["value"], q["unit"], q["kind"], q["qualifier"], q["subject"]] for q in record["quantities"]]),
        ("Dates", ["text", "value", "granularity"], [[d["text"], d["value"], d["granularity"]] for d in record["dates"]]),
    ]
    tables = "".join(f"<details><summary>{name} ({len(rows)})</summary>{_table(headers, rows)}</details>"
                     for name, headers, rows in facts)
    return (f'<section class="article" id="article-{_e(record["doc_id"])}">'
            f'<h2>{_e(meta["title"] or record["doc_id"])}</h2>'
            f'<p class="meta">{_e(meta["agency"] or "no agency")} · {_e(", ".join(meta["authors"]) or "no byline")}'
            f' · {_e(meta["dateline"] or "no dateline")} · published {_e(meta["published"] or "unknown")}'
            f' · <code>{_e(record["source"])}</code></p>'
            f'{marked_body(record) if record["status"] == "ok" else "<p>" + _e(record["status"]) + ": " + _e(record["error"]) + "</p>"}'
            f'{tables}</section>')


def build_report(out_dir: str | Path, max_articles: int = 200) -> str:
    """The report's HTML for the outputs in `out_dir` (streamed: summary counters, and
    the first `max_articles` articles in full)."""
    out = Path(out_dir)
    statuses: collections.Counter = collections.Counter()
    top = {label: collections.Counter() for label in ("ORG", "PERSON", "PLACE")}
    totals: dict[tuple[str, str], list[float]] = collections.defaultdict(lambda: [0, 0.0])
    days: collections.Counter = collections.Counter()
    points: collections.Counter = collections.Counter()
    by_country: collections.Counter = collections.Counter()
    sections = []
    for record in _records(out):
        statuses[record["status"]] += 1
        located = {(e["canonical"], e["latitude"], e["longitude"]) for e in record["entities"]
                   if e.get("latitude") is not None}
        points.update(located)
        by_country.update({e["country_code"] for e in record["entities"] if e.get("country_code")})
        for label, name in {(e["label"], e["canonical"]) for e in record["entities"]}:
            top[label][name] += 1
        for q in record["quantities"]:
            entry = totals[(q["kind"], q["si_unit"] or q["unit"])]
            entry[0] += 1
            entry[1] += q["si_value"] if q["si_value"] is not None else q["value"]
        for d in record["dates"]:
            days[d["value"]] += 1
        if len(sections) < max_articles:
            sections.append(article_section(record))
    documents = sum(statuses.values())
    cards = "".join(f'<div class="card"><b>{statuses[s]}</b>{s}</div>' for s in ("ok", "skipped", "error"))
    charts = "".join(bar_chart(title, top[label].most_common(10), COLORS[label])
                     for label, title in (("ORG", "Top organizations"), ("PERSON", "Top people"),
                                          ("PLACE", "Top places")))
    # a sum of percentages or ratios means nothing; of kilograms or people it does
    quantity_rows = [[kind, unit, n, "—" if kind in ("percent", "other") else _number(total)]
                     for (kind, unit), (n, total) in sorted(totals.items())]
    more = (f"<p>Showing the first {max_articles} of {documents} articles.</p>" if documents > max_articles else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newsfacts report</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>{CSS}</style></head>
<body><h1>newsfacts report</h1><p class="meta">{documents} documents from <code>{_e(out.resolve())}</code></p>
<section id="summary"><h2>Summary</h2><div class="cards">{cards}</div>
<div class="charts">{charts}</div>
<h3>Quantities by kind</h3>{_table(["kind", "unit", "facts", "total (where the units agree)"], quantity_rows)}
<h3>Timeline of resolved dates</h3>{timeline(days)}
<h3>Places on the map</h3>{world_map(points)}
<h3>Articles by country</h3>{_table(["country", "articles"], by_country.most_common())}</section>
<section id="articles"><h2>Articles</h2>{more}{"".join(sections)}</section>
</body></html>
"""


def write_report(out_dir: str | Path, report_path: str | Path, max_articles: int = 200) -> Path:
    """Write the report under a temporary name, then rename it: never half-written."""
    path = Path(report_path)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(build_report(out_dir, max_articles), encoding="utf-8")
    temporary.replace(path)
    return path
