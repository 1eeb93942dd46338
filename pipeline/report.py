"""`newsfacts report OUTPUT_DIR -o report.html`: one self-contained HTML page (inline
CSS and SVG, no script, nothing fetched from anywhere) showing what a run found.

- a summary: documents by status; a world map (Natural Earth outlines, countries shaded
  by articles, places sized by articles, names on hover); a timeline on a real time axis;
  the top organizations, people and places, each linking to the articles naming it; the
  most quoted people; quantities by kind and subject with the largest facts and their
  sentences (report_map, report_charts, report_facts);
- an index of every article, and the first `max_articles` in full: metadata, the body
  with entities, quantities and dates highlighted, and the facts (report_article).

The records are streamed: only counters, the kept largest facts and the rendered
articles stay in memory, so 10,000 articles make a page of a few MB.

Every piece of article text is escaped (`html.escape`, and displaCy escapes the body);
the Content-Security-Policy allows no script at all, so an article containing `<script>`
shows that text and runs nothing.
"""

from __future__ import annotations

import collections
import html
import json
from pathlib import Path
from typing import Any, Iterator

from newsfacts.report_article import COLORS, anchor, article_link, article_section, index_row
from newsfacts.report_charts import Timeline, bar_chart
from newsfacts.report_facts import Quantities, Speakers
from newsfacts.report_map import countries, world_map

TOP_ENTITIES = 12  # per label in the charts and the entity index
LINKS_PER_ENTITY = 10  # article links listed under an entity; the rest are counted
CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.3rem; margin-top: 2.5rem; }
h2, h3, code, .meta, table.metadata td { overflow-wrap: anywhere; } td { overflow-wrap: break-word; } a { color: #1a4f8b; }
nav { position: sticky; top: 0; background: #fff; padding: 0.4rem 0; border-bottom: 1px solid #eee; z-index: 1; }
nav a { margin-right: 1rem; }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; } .card { background: #f4f6f8; border-radius: 8px; padding: 0.8rem 1.2rem; }
.card b { display: block; font-size: 1.6rem; } .card:nth-child(3) { margin-right: 1.5rem; } .charts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1rem; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0 1rem; } td, th { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f4f6f8; } td.date { white-space: nowrap; } .meta { color: #555; font-size: 0.9rem; } td.num { text-align: right; white-space: nowrap; }
table.facts { width: 100%; } td.sentence { font-size: 0.85rem; } mark { background: #e4e7d2; padding: 0 2px; }
table.metadata th { width: 9rem; } .entity-index { columns: 3; column-gap: 1.5rem; font-size: 0.9rem; }
.entity-index div { break-inside: avoid; margin-bottom: 0.6rem; } .entity-index ul { margin: 0.2rem 0; padding-left: 1.1rem; }
figure { margin: 0.5rem 0 1rem; } figcaption, .legend { color: #555; font-size: 0.85rem; }
.sw { display: inline-block; width: 12px; height: 10px; margin: 0 0.2rem 0 0.8rem; } .sw.day { background: #5b8def; } .sw.span { background: #f0a35e; }
section.article { border-top: 1px solid #eee; margin-top: 2rem; } details { margin: 0.5rem 0; } summary { cursor: pointer; }
.captions figcaption { font-style: italic; margin: 0.3rem 0; } .status { color: #a4321a; }
@media (max-width: 800px) { .charts { grid-template-columns: 1fr; } .entity-index { columns: 1; } }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"  # no script, no fetch
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


class Summary:
    """Everything the summary shows, accumulated one record at a time."""

    def __init__(self) -> None:
        self.statuses: collections.Counter = collections.Counter()
        self.facts = {"entities": 0, "quantities": 0, "dates": 0, "quotes": 0}  # facts found, all articles
        self.entities = {label: collections.Counter() for label in ("ORG", "PERSON", "PLACE")}
        self.mentions: dict[tuple[str, str], list[str]] = collections.defaultdict(list)  # -> first doc_ids
        self.titles: dict[str, str] = {}  # doc_id -> title, only for the articles an entity links to
        self.points: collections.Counter = collections.Counter()
        self.by_country: collections.Counter = collections.Counter()
        self.timeline = Timeline()
        self.quantities = Quantities()
        self.speakers = Speakers()

    def add(self, record: dict[str, Any]) -> None:
        self.statuses[record["status"]] += 1
        for key in self.facts:
            self.facts[key] += len(record.get(key) or [])
        entities = record["entities"]
        # each article counts once per place, country and name, however often it repeats them
        self.points.update({(e["canonical"], e["latitude"], e["longitude"]) for e in entities
                            if e.get("latitude") is not None and e.get("longitude") is not None})
        self.by_country.update({e["country_code"] for e in entities if e.get("country_code")})
        # sorted: ties in the top lists then come out the same in every run (a set's order is not)
        for label, name in sorted({(e["label"], e["canonical"]) for e in entities if e["label"] in self.entities}):
            self.entities[label][name] += 1
            links = self.mentions[(label, name)]
            if len(links) < LINKS_PER_ENTITY:
                links.append(record["doc_id"])
                self.titles.setdefault(record["doc_id"], record["metadata"].get("title") or record["doc_id"])
        self.timeline.add(record["dates"])
        self.quantities.add(record)
        self.speakers.add(record)

    def documents(self) -> int:
        return sum(self.statuses.values())

    def charts(self) -> str:
        titles = (("ORG", "Top organizations"), ("PERSON", "Top people"), ("PLACE", "Top places"))
        return "".join(bar_chart(title, [(name, n, anchor("entity", f"{label}:{name}"))
                                         for name, n in self.entities[label].most_common(TOP_ENTITIES)], COLORS[label])
                       for label, title in titles)

    def entity_index(self) -> str:
        """Under each top name, the articles that name it (the first LINKS_PER_ENTITY)."""
        blocks = []
        for label, title in (("ORG", "Organizations"), ("PERSON", "People"), ("PLACE", "Places")):
            blocks.append(f"<h3>{title}</h3><div class=\"entity-index\">")
            for name, n in self.entities[label].most_common(TOP_ENTITIES):
                docs = self.mentions[(label, name)]
                links = "".join(f"<li>{article_link(d, self.titles[d])}</li>" for d in docs)
                more = f"<li class=\"meta\">and {n - len(docs)} more</li>" if n > len(docs) else ""
                blocks.append(f'<div id="{_e(anchor("entity", f"{label}:{name}"))}"><b>{_e(name)}</b> '
                              f'<span class="meta">{n} article{"s" * (n != 1)}</span><ul>{links}{more}</ul></div>')
            blocks.append("</div>")
        return "".join(blocks)

    def country_table(self) -> str:
        names = {code: c["name"] for code, c in countries().items()}
        rows = "".join(f"<tr><td>{_e(names.get(code, code))}</td><td>{_e(code)}</td><td class=\"num\">{n}</td></tr>"
                       for code, n in self.by_country.most_common(25))
        return f"<table><tr><th>country</th><th>code</th><th>articles</th></tr>{rows}</table>" if rows else "<p>none</p>"


def build_report(out_dir: str | Path, max_articles: int = 200) -> str:
    """The report's HTML for the outputs in `out_dir` (streamed: the summary's counters, the
    index of every article, and the first `max_articles` articles in full)."""
    out = Path(out_dir)
    summary = Summary()
    sections, index = [], []
    for record in _records(out):
        summary.add(record)
        in_full = len(sections) < max_articles
        if in_full:
            sections.append(article_section(record))
        index.append(index_row(record, in_full))
    documents = summary.documents()
    cards = [(f"{summary.statuses[s]:,}", s) for s in ("ok", "skipped", "error")]
    cards += [(f"{n:,}", what) for what, n in summary.facts.items()]
    cards_html = "".join(f'<div class="card"><b>{n}</b>{_e(what)}</div>' for n, what in cards)
    shown = min(documents, max_articles)
    more = (f"<p>The first {shown} of {documents} articles are shown in full below the index; the others are "
            f"listed in it (their facts are in the summary and in documents.jsonl).</p>" if documents > shown else "")
    link = article_link
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newsfacts report</title>
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS}</style></head>
<body><h1>newsfacts report</h1><p class="meta">{documents:,} document{"s" * (documents != 1)} from <code>{_e(out.resolve())}</code></p>
<nav><a href="#summary">Summary</a><a href="#map">Map</a><a href="#timeline">Timeline</a><a href="#entities">Entities</a><a href="#quotes">Quotes</a><a href="#quantities">Quantities</a><a href="#articles">Articles</a></nav>
<section id="summary"><h2>Summary</h2><div class="cards">{cards_html}</div>
<h3>Places on the map</h3>{world_map(summary.points, summary.by_country)}
<details><summary>Articles by country</summary>{summary.country_table()}</details>
<h3 id="timeline">Timeline of resolved dates</h3>{summary.timeline.svg()}
<h3 id="entities">Top organizations, people and places</h3><div class="charts">{summary.charts()}</div>
<details open><summary>The articles naming each of them</summary>{summary.entity_index()}</details>
<h3 id="quotes">Most quoted</h3>{summary.speakers.html(link)}
<h3 id="quantities">Quantities by kind</h3>
<p class="meta">Grouped by kind, unit and subject; amounts of different facts are never added up.</p>
{summary.quantities.html(link)}</section>
<section id="articles"><h2>Articles</h2>{more}
<details open><summary>Index of all {documents} article{"s" * (documents != 1)}</summary>
<table class="facts"><tr><th>title</th><th>agency</th><th>published</th><th>status</th><th>facts</th></tr>{"".join(index)}</table>
</details>{"".join(sections)}</section>
</body></html>
"""


def write_report(out_dir: str | Path, report_path: str | Path, max_articles: int = 200) -> Path:
    """Write the report under a temporary name, then rename it: never half-written."""
    path = Path(report_path)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(build_report(out_dir, max_articles), encoding="utf-8")
    temporary.replace(path)
    return path
