"""`newsfacts report`: one self-contained HTML page, checked as text and rendered in a
real (headless) Chromium: not blank, every section there, injected script inert."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from pipeline.cli import main
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
                    "Places on the map", "Articles by country", "<circle"):
        assert section in page, section
    assert "China National Space Administration" in page and 'class="entity"' in page


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
