"""`newsfacts report`: one self-contained HTML page, checked as text and rendered in a
real (headless) Chromium: not blank, every section there, injected script inert."""

from __future__ import annotations

import collections
import html
import json
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from newsfacts.cli import main
from newsfacts.report import build_report
from newsfacts.report_charts import Timeline, date_span
from newsfacts.report_facts import pretty_amount, pretty_unit
from newsfacts.report_map import countries, project, world_map
from tests.conftest import CORPUS, DATA

INJECTED = ("Rocket carries <script>document.body.setAttribute('data-pwned','1')</script> payload\n\n"
            "BEIJING, May 2 (Xinhua) -- China launched a rocket carrying 3 satellites on Thursday, "
            "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"> officials said. "
            "The <script>document.title='pwned'</script> launch took place at the Jiuquan center.\n")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--hide-scrollbars"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    work = tmp_path_factory.mktemp("report")
    inputs = work / "in"
    inputs.mkdir()
    (inputs / "seed.txt").write_text((CORPUS / "xinhua-deep-space-2025.txt").read_text(encoding="utf-8"), "utf-8")
    (inputs / "wire.txt").write_text((DATA / "wire-hydro-2024.txt").read_text(encoding="utf-8"), "utf-8")
    (inputs / "injected.txt").write_text(INJECTED, encoding="utf-8")
    (inputs / "empty.txt").write_text("")
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(inputs), "-o", str(work / "out"), "--reference-date", "2024-05-03"]).exit_code == 0
    result = runner.invoke(main, ["report", str(work / "out"), "-o", str(work / "report.html")])
    assert result.exit_code == 0, result.output
    return work / "report.html"


def test_report_is_self_contained_and_escaped(report):
    page = report.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "onerror=\"" not in page
    assert "&lt;script&gt;document.body.setAttribute" in page
    # fetches nothing: no src at all, and every href a fragment of the page itself
    assert not re.search(r"<[a-z]+[^<>]*\s(?:src|href)=\"(?!#)", page) and "@import" not in page
    for section in ('id="summary"', 'id="article-seed"', 'id="article-wire"', 'id="article-injected"',
                    'id="article-empty"', "Top organizations", "Quantities by kind", "Timeline of resolved dates",
                    "Places on the map", "Articles by country", "<circle", 'class="countries"', 'id="map"',
                    'class="timeline"', "Most quoted", "Index of all 4 articles"):
        assert section in page, section
    assert "China National Space Administration" in page and 'class="entity"' in page
    assert "m**2" not in page and "total (where" not in page  # units as read, no sums


def test_most_quoted_from_the_records(report):
    page = report.read_text(encoding="utf-8")
    records = [json.loads(line) for line in (report.parent / "out" / "documents.jsonl").read_text("utf-8").splitlines()]
    speakers = collections.Counter(q["speaker"] for r in records for q in r.get("quotes") or [])
    quoted = page.split('id="quotes"', 1)[1].split('id="quantities"', 1)[0]
    if not speakers:  # the quotes stage may not have landed: the section says so
        assert "No quotes" in quoted
        return
    top, n = speakers.most_common(1)[0]
    assert f"<td>{html.escape(top)}<div" in quoted and f'<td class="num">{n}</td>' in quoted
    assert "<img" not in quoted and "<script" not in quoted  # quoted text is escaped like the rest


def _fragments(page: str) -> tuple[set[str], set[str]]:
    return set(re.findall(r'href="#([^"]+)"', page)), set(re.findall(r'\sid="([^"]+)"', page))


def test_every_link_lands_and_entities_link_their_articles(report):
    page = report.read_text(encoding="utf-8")
    links, ids = _fragments(page)
    assert links and links <= ids, links - ids
    # a top name links to its entry, whose list links the article that names it
    entry = re.search(r'<div id="entity-[^"]*"><b>Jiuquan</b>.*?</ul>', page)
    assert entry and 'href="#article-injected"' in entry.group(0)


def test_units_print_as_people_write_them():
    assert pretty_unit("m**2") == "m²" and pretty_unit("km**2") == "km²" and pretty_unit("km/h") == "km/h"
    assert pretty_unit("microgram / meter ** 3") == "µg/m³" and pretty_unit("degC") == "°C"
    assert pretty_amount(1.2e9, "USD", "money") == "$1.2 billion"
    assert pretty_amount(8.47e12, "CNY", "money") == "8.47 trillion yuan"
    assert pretty_amount(45, "percent", "percent") == "45%" and pretty_amount(1731, "g", "mass") == "1,731 g"
    assert pretty_amount(148e6, "person", "count") == "148 million"  # the subject column says of what


def test_timeline_places_dates_on_a_real_axis():
    assert date_span("202X") == (2020, 2030) and date_span("2025") == (2025, 2026)
    assert date_span("2025-02", "2025-04")[1] == pytest.approx(2025 + 4 / 12)
    timeline = Timeline()
    for values in (["1951"], ["2017-05-02"], ["2017-06"], ["204X"], ["2017-05-03", "2017-05-09"]):
        timeline.add([{"value": v} for v in values])
    svg = timeline.svg()
    columns = {m.group(3): float(m.group(1)) for m in re.finditer(
        r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" fill="#5b8def"><title>(\d{4}): ', svg)}
    spans = {m.group(3): (float(m.group(1)), float(m.group(2))) for m in re.finditer(
        r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)"[^>]*><title>([^:]+): ', svg)}
    assert "All resolved dates, 1951–2049" in svg and set(columns) == {"2017"}  # days and months counted
    assert "2017: 3 articles" in svg  # three articles, one column
    one_year = spans["1951"][1] + 1  # a span is drawn 1 unit narrower than its period
    assert spans["204X"][1] + 1 == pytest.approx(10 * one_year, rel=0.02)  # a decade is ten years wide
    assert (spans["204X"][0] - spans["1951"][0]) == pytest.approx(89 * one_year, rel=0.02)  # by value, not rank
    assert "articles per month" in svg  # and the dense years zoomed by month


def test_the_map_has_country_outlines_and_places():
    shapes = countries()
    assert len(shapes) > 150 and {"CN", "US", "FR", "NO", "BR"} <= set(shapes)
    x, y = project(39.9, 116.4)  # Beijing falls inside China's outline box: one projection for both
    coords = [tuple(map(float, p.split(","))) for p in re.findall(r"-?[\d.]+,-?[\d.]+", shapes["CN"]["path"])]
    assert min(c[0] for c in coords) < x < max(c[0] for c in coords)
    assert min(c[1] for c in coords) < y < max(c[1] for c in coords)
    svg = world_map({("Beijing", 39.9, 116.4): 3, ("Paris", 48.85, 2.35): 1}, {"CN": 3, "FR": 1})
    assert svg.count("<path") == len(shapes)
    assert "<title>Beijing: 3 articles</title>" in svg and "<title>China: 3 articles</title>" in svg
    china = re.search(r'fill="(#[0-9a-f]{6})" [^>]*><title>China:', svg).group(1)
    brazil = re.search(r'fill="(#[0-9a-f]{6})" [^>]*><title>Brazil:', svg).group(1)
    assert china != brazil and int(china[1:3], 16) < int(brazil[1:3], 16)  # more articles, darker


def test_report_of_many_documents(report, tmp_path):
    """Hundreds of records: the first N in full, every article in the index, every link landing,
    a 5,000-character doc_id wrapped and anchored by a hash."""
    records = [json.loads(line) for line in (report.parent / "out" / "documents.jsonl").read_text("utf-8").splitlines()]
    out = tmp_path / "many"
    out.mkdir()
    with open(out / "documents.jsonl", "w", encoding="utf-8") as fh:
        for k in range(300):
            record = dict(records[k % len(records)])
            record["doc_id"] = "x" * 5000 if k == 5 else f"{record['doc_id']}-{k}"
            fh.write(json.dumps(record) + "\n")
    page = build_report(out, max_articles=20)
    assert page.count('<section class="article"') == 20 and "Index of all 300 articles" in page
    links, ids = _fragments(page)
    last = f"article-{records[299 % len(records)]['doc_id']}-299"
    assert links <= ids and last in ids and f'href="#{last}"' not in page  # listed, not in full, yet linkable
    assert "x" * 5000 in page and not any(len(i) > 100 for i in ids)
    assert "overflow-wrap: anywhere" in page


def test_report_needs_a_documents_file(tmp_path):
    result = CliRunner().invoke(main, ["report", str(tmp_path), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "documents.jsonl" in result.output


def chromium(report, tmp_path, *args):
    return subprocess.run([CHROMIUM, *BROWSER_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args,
                           report.as_uri()], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (.ci/run installs Debian's chromium)")
def test_report_in_a_real_browser(report, tmp_path):
    dom = chromium(report, tmp_path, "--dump-dom").stdout
    assert 'id="summary"' in dom and 'id="article-injected"' in dom and "<svg" in dom
    assert 'class="countries"' in dom and dom.count("<path") > 150  # the map, with its outlines
    assert 'class="timeline"' in dom and "articles per" in dom  # the timeline
    seed = dom.split('id="article-seed"', 1)[1]  # one article view: metadata, marked body, facts
    assert 'class="metadata"' in seed[:5000] and 'class="entity"' in seed and "Quantities (" in seed
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]  # the body tag: no attribute set
    assert "<title>newsfacts report</title>" in dom  # and the title was not changed
    assert "&lt;script&gt;document.body.setAttribute" in dom  # the text is shown, not run

    from PIL import Image

    shot = tmp_path / "report.png"
    chromium(report, tmp_path, "--window-size=1280,1400", f"--screenshot={shot}")
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 1400)
    colors = image.getcolors(maxcolors=1 << 20)
    assert colors is not None and len(colors) > 50  # text, bars and marks: not a blank page
    white = max(count for count, color in colors if color == (255, 255, 255))
    assert white < 0.97 * image.size[0] * image.size[1]
