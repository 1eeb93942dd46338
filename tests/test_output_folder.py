"""The output folder a run owns: a lock against concurrent runs, no stale files of
earlier runs, what --resume may reuse, and failures that lose nothing written."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

import newsfacts.orchestrator as orchestrator
from newsfacts.cli import main
from newsfacts.write import OutputWriter
from tests.conftest import CORPUS, DATA

ARTICLES = [CORPUS / "xinhua-deep-space-2025.txt", DATA / "wire-hydro-2024.txt", DATA / "daily-port-2023.txt"]


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in ARTICLES:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def newsfacts(*args):
    return CliRunner().invoke(main, ["run", *map(str, args), "--reference-date", "2025-05-01", "--no-progress"])


def final_files(out):
    return sorted(p.name for p in out.iterdir() if not p.name.startswith("."))


def test_resume_with_another_format_keeps_documents_jsonl(inputs, tmp_path):
    out = tmp_path / "out"
    assert newsfacts(inputs, "-o", out).exit_code == 0
    before = (out / "documents.jsonl").read_text(encoding="utf-8")
    result = newsfacts(inputs, "-o", out, "--resume", "--format", "csv")
    assert result.exit_code == 0 and "3 from the earlier run" in result.output
    assert (out / "documents.jsonl").read_text(encoding="utf-8") == before


def test_a_second_run_refuses_a_folder_a_live_run_holds(inputs, tmp_path):
    out = tmp_path / "out"
    assert newsfacts(inputs, "-o", out).exit_code == 0
    before = {name: (out / name).read_bytes() for name in final_files(out)}
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (out / ".newsfacts.lock").write_text(f"{holder.pid}\n")
        for extra in ((), ("--resume",)):
            result = newsfacts(inputs, "-o", out, *extra)
            assert result.exit_code == 2
            assert f"is in use by another newsfacts run (pid {holder.pid})" in result.output
            assert len(result.output.strip().splitlines()) == 1
        assert {name: (out / name).read_bytes() for name in final_files(out)} == before
        assert not (out / ".resume").exists()
    finally:
        holder.kill()
        holder.wait()
    # the holder is gone: its lock is stale and taken over; the run releases it at the end
    result = newsfacts(inputs, "-o", out)
    assert result.exit_code == 0 and not (out / ".newsfacts.lock").exists()


def test_two_runs_at_once_in_one_folder(inputs, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "newsfacts", "run", str(inputs), "-o", str(out), "--no-progress"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(), run.stderr.read()) for run in runs]
    codes = sorted(code for code, _ in results)
    # either one refused while the other held the folder, or they ran one after the other;
    # never both writing at once
    assert codes in ([0, 0], [0, 2]), results
    if codes == [0, 2]:
        assert any("in use by another newsfacts run" in err for _, err in results)
    assert len((out / "documents.jsonl").read_text().splitlines()) == 3
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp") or p.name == ".newsfacts.lock"]


def test_a_full_disk_is_one_line_and_leaves_the_earlier_outputs_untouched(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert newsfacts(inputs, "-o", out).exit_code == 0
    before = {name: (out / name).read_bytes() for name in final_files(out)}
    written = []

    def write_until_full(self, record):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(record)

    monkeypatch.setattr(OutputWriter, "write_record", write_until_full)
    result = newsfacts(inputs, "-o", out, "--batch-size", "1")
    assert result.exit_code == 1
    assert result.output.strip() == f"newsfacts: no space left on device writing {out}"
    assert {name: (out / name).read_bytes() for name in final_files(out)} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_failure_mid_run_keeps_what_was_written_for_resume(inputs, tmp_path, monkeypatch):
    reference = tmp_path / "reference"
    assert newsfacts(inputs, "-o", reference).exit_code == 0
    out = tmp_path / "out"
    real_run_local = orchestrator.run_local

    def fails_after_one_batch(*args, **kwargs):
        for k, batch in enumerate(real_run_local(*args, **kwargs)):
            if k == 1:
                raise RuntimeError("the engine broke")
            yield batch

    monkeypatch.setattr(orchestrator, "run_local", fails_after_one_batch)
    result = newsfacts(inputs, "-o", out, "--batch-size", "1")
    assert result.exit_code == 1 and "run failed: RuntimeError: the engine broke" in result.output
    assert len(result.output.strip().splitlines()) == 1
    monkeypatch.setattr(orchestrator, "run_local", real_run_local)
    result = newsfacts(inputs, "-o", out, "--batch-size", "1", "--resume")
    assert result.exit_code == 0 and "1 from the earlier run" in result.output
    assert (out / "documents.jsonl").read_bytes() == (reference / "documents.jsonl").read_bytes()


def test_files_of_an_earlier_run_in_another_format_are_removed(inputs, tmp_path):
    out = tmp_path / "out"
    assert newsfacts(inputs, "-o", out, "--format", "jsonl,csv,parquet").exit_code == 0
    assert "documents.parquet" in final_files(out)
    (inputs / ARTICLES[0].name).unlink()
    assert newsfacts(inputs, "-o", out, "--format", "jsonl").exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert final_files(out) == manifest["files"] == ["documents.jsonl", "manifest.csv", "manifest.json"]


def test_resume_reuses_only_records_made_with_the_same_options(inputs, tmp_path):
    out = tmp_path / "out"
    assert newsfacts(inputs, "-o", out).exit_code == 0
    result = CliRunner().invoke(main, ["run", str(inputs), "-o", str(out), "--resume", "--no-progress",
                                       "--reference-date", "2020-01-01"])
    assert result.exit_code == 0
    assert "earlier records not reused: 3 made with other options" in result.output
    assert "from the earlier run" not in result.output
    patterns = tmp_path / "extra.jsonl"
    patterns.write_text('{"label": "ORG", "pattern": "Port Authority"}\n')
    result = newsfacts(inputs, "-o", out, "--resume")
    assert "3 made with other options" in result.output  # the 2020-01-01 run's
    result = newsfacts(inputs, "-o", out, "--resume")
    assert "3 from the earlier run" in result.output
    result = newsfacts(inputs, "-o", out, "--resume", "--patterns", patterns)
    assert "from the earlier run" not in result.output


def test_resume_matches_files_by_resolved_path(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    assert newsfacts("in", "-o", out).exit_code == 0
    monkeypatch.chdir(inputs)
    result = newsfacts(inputs.resolve(), "-o", out, "--resume")
    assert result.exit_code == 0 and "3 from the earlier run" in result.output
    sources = [json.loads(line)["source"] for line in (out / "documents.jsonl").read_text().splitlines()]
    assert all(os.path.isabs(source) for source in sources)  # named as this run names them


def test_a_record_of_the_wrong_shape_is_reprocessed_not_a_crash(inputs, tmp_path):
    out = tmp_path / "out"
    assert newsfacts(inputs, "-o", out).exit_code == 0
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[0])
    del broken["metadata"]
    lines[0] = json.dumps(broken)
    (out / "documents.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = newsfacts(inputs, "-o", out, "--resume")
    assert result.exit_code == 0 and "2 from the earlier run" in result.output
    assert all("metadata" in json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines())
