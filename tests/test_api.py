"""The Python API (`pipeline/api.py`): extract(), Extractor, run()."""

import datetime as dt
import json

import pytest
from click.testing import CliRunner

import newsfacts
from newsfacts.cli import main
from tests.conftest import SEED

WIRE = ("NINGBO, March 3 (Xinhua) -- The Ningbo Zhoushan Port handled more than 12 million containers "
        "last year, Li Hua, head of the port authority, said on Tuesday.\n"
        "The port opened 27 new shipping routes in 2023.\n")


@pytest.fixture(scope="module")
def extractor():
    return newsfacts.Extractor()


def test_extract_gives_the_record_a_documents_jsonl_line_holds(tmp_path, extractor):
    result = CliRunner().invoke(main, ["run", str(SEED), "-o", str(tmp_path), "--reference-date", "2025-04-25",
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    line = json.loads((tmp_path / "documents.jsonl").read_text(encoding="utf-8"))
    record = extractor.extract(SEED.read_text(encoding="utf-8"), reference_date="2025-04-25",
                               doc_id=line["doc_id"])
    assert set(record) == set(line) - {"options_fingerprint"}  # a property of a run
    for key in ("status", "metadata", "body", "captions", "entities", "quantities", "dates", "sha256"):
        assert record[key] == line[key], key


def test_the_module_level_extract_and_hints(extractor):
    record = newsfacts.extract(WIRE, published=dt.date(2024, 3, 3), authors="Zhang Wei and Li Na", title="Port")
    assert record["status"] == "ok"
    meta = record["metadata"]
    assert (meta["title"], meta["published"], meta["published_from"]) == ("Port", "2024-03-03", "input")
    assert meta["authors"] == ["Zhang Wei", "Li Na"] and meta["agency"] == "Xinhua" and meta["dateline"] == "Ningbo"
    # the weekday resolves from the published date given
    assert any(d["text"] == "Tuesday" and d["value"] == "2024-02-27" for d in record["dates"])
    assert any(q["unit"].split()[-1] == "route" and q["value"] == 27 for q in record["quantities"])


def test_pipe_streams_texts_and_dicts_in_order(extractor):
    items = [WIRE, "", {"id": "second", "text": WIRE.replace("27", "31"), "published": "2024-03-03"}]
    records = list(extractor.pipe(items, batch_size=2))
    assert [r["doc_id"] for r in records] == ["article-1", "article-2", "second"]
    assert [r["status"] for r in records] == ["ok", "skipped", "ok"]
    assert records[1]["error"] == "empty text"
    assert any(q["value"] == 31 for q in records[2]["quantities"])


def test_pipe_is_lazy(extractor):
    def endless():
        while True:
            yield WIRE

    stream = extractor.pipe(endless(), batch_size=1)
    assert next(stream)["status"] == "ok" and next(stream)["status"] == "ok"


def test_a_wrong_item_type_is_a_clear_error(extractor):
    with pytest.raises(TypeError, match="item 1: expected a text or a dict"):
        list(extractor.pipe([42]))


def test_run_is_what_the_command_calls(tmp_path):
    summary = newsfacts.run([str(SEED)], str(tmp_path), reference_date="2025-04-25")
    assert summary.counts == {"ok": 1, "skipped": 0, "error": 0}
    assert (tmp_path / "documents.jsonl").exists() and (tmp_path / "manifest.json").exists()


def test_importing_the_package_loads_no_model():
    import subprocess
    import sys

    code = "import newsfacts, sys; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_readme_api_example_runs_and_prints_what_it_says(tmp_path, monkeypatch, capsys):
    import re
    import shutil

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API"):]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus", ignore=shutil.ignore_patterns("*.gold.json"))
    monkeypatch.chdir(tmp_path)  # the example reads corpus/ and writes outputs/ here
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    printed = capsys.readouterr().out.strip()
    expected = [line[2:] for line in code.splitlines() if line.startswith("# a1 ")]
    assert printed == expected[0]
    assert namespace["record"]["metadata"]["published"] == "2025-04-25"
    assert namespace["summary"].counts["ok"] == 1 and (tmp_path / "outputs" / "documents.jsonl").exists()
