"""The analytics outputs: Parquet with typed columns, documents.jsonl against its JSON
Schema, and the README's pandas and DuckDB examples, run as written."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from newsfacts.cli import main
from tests.conftest import CORPUS, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder holding `outputs/` from corpus/, in every format."""
    work = tmp_path_factory.mktemp("analysis")
    result = CliRunner().invoke(main, ["run", str(CORPUS), "-o", str(work / "outputs"),
                                       "--format", "jsonl,csv,parquet"])
    assert result.exit_code == 0, result.output
    return work


def readme_block(language: str) -> str:
    section = README.split("## Analyse the results", 1)[1].split("\n## ", 1)[0]
    [block] = re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)
    return block


def test_every_line_matches_the_json_schema(workdir):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "docs" / "documents.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    lines = (workdir / "outputs" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        errors = [e.message for e in validator.iter_errors(json.loads(line))]
        assert errors == []


def test_the_schema_rejects_what_is_wrong(workdir):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads((ROOT / "docs" / "documents.schema.json").read_text()))
    record = json.loads((workdir / "outputs" / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    record["quantities"][0]["kind"] = "weight"
    record["dates"][0]["value"] = "April 25"
    assert len(list(validator.iter_errors(record))) == 2


def test_parquet_tables_are_typed(workdir):
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = workdir / "outputs"
    quantities = pq.read_table(out / "quantities.parquet")
    assert quantities.schema.field("value").type == pa.float64()
    assert quantities.schema.field("start").type == pa.int64()
    dates = pq.read_table(out / "dates.parquet").to_pandas()
    day = dates[dates.granularity == "day"].iloc[0]
    assert str(day["date"]) == day["value"]
    assert dates[dates.granularity != "day"]["date"].isna().all()
    documents = pq.read_table(out / "documents.parquet")
    assert documents.schema.field("authors").type == pa.list_(pa.string())
    assert documents.column("authors").to_pylist()[0][0] == "Liu Yiwei"
    index = pq.read_table(out / "entities_index.parquet").to_pandas()
    csv_rows = (out / "entities_index.csv").read_text(encoding="utf-8").count("\n") - 1
    assert len(index) == csv_rows
    assert pq.read_table(out / "entities.parquet").num_rows == (out / "entities.csv").read_text().count("\n") - 1


def test_readme_pandas_example_runs(workdir, monkeypatch, capsys):
    monkeypatch.chdir(workdir)
    exec(compile(readme_block("python"), "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "China National Space Administration" in printed  # the seed's CNSA and its 1.731 kg of samples


def test_readme_duckdb_example_runs(workdir, monkeypatch):
    duckdb = pytest.importorskip("duckdb")
    monkeypatch.chdir(workdir)
    rows = duckdb.connect().sql(readme_block("sql")).fetchall()
    assert rows and rows[0][0] <= rows[-1][0]
    assert any(day == "2025-04-25" and "Shan Zhongde" in people for day, _, people in rows)
