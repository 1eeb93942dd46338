"""Bad input, interruptions and resumable runs: every input accounted for, outputs
never corrupt, and a rerun that finishes the job."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from newsfacts.cli import main
from tests.conftest import CORPUS, DATA, ROOT

SEED_TEXT = (CORPUS / "xinhua-deep-space-2025.txt").read_text(encoding="utf-8")
WIRE_TEXT = (DATA / "wire-hydro-2024.txt").read_text(encoding="utf-8")


def records(out):
    return [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory):
    """A folder with every kind of broken input, and two good articles."""
    folder = tmp_path_factory.mktemp("bad")
    (folder / "a-good.txt").write_text(SEED_TEXT, encoding="utf-8")
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-whitespace.txt").write_text("  \n\n\t \n")
    (folder / "d-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "e-too-large.txt").write_text("Officials said the port grew. " * 120_000)  # 3.6 MB > --max-bytes below
    (folder / "f-invalid-utf8.txt").write_bytes(bytes(range(128, 256)) * 20)
    (folder / "g-gb18030.txt").write_bytes(WIRE_TEXT.replace("瀏覽器", "").encode("gb18030"))
    (folder / "h-big5.txt").write_bytes(WIRE_TEXT.encode("big5", errors="ignore"))
    (folder / "i-utf16.txt").write_bytes(WIRE_TEXT.encode("utf-16"))
    (folder / "j-chinese-only.txt").write_text("新华社上海4月25日电 中国国家航天局25日表示，欢迎各国参与。\n" * 5, encoding="utf-8")
    (folder / "k-page.html").write_text(
        "<html><head><script>alert('x')</script><style>p{}</style></head><body><div><p>"
        + "BEIJING, May 2 (Xinhua) -- China launched a weather satellite on Thursday, officials said. " * 4
        + "<p>unclosed <b>tags <i>everywhere</body>", encoding="utf-8")
    good_line = json.dumps({"id": "../../etc/passwd", "text": WIRE_TEXT})
    (folder / "l-feed.jsonl").write_text(good_line + "\n{not json\n", encoding="utf-8")
    (folder / "m-unreadable.txt").write_text(WIRE_TEXT)
    os.chmod(folder / "m-unreadable.txt", 0)
    (folder / "n-broken-link.txt").symlink_to(folder / "does-not-exist.txt")
    (folder / "o-loop.txt").symlink_to(folder / "o-loop.txt")
    (folder / "p-duplicate.txt").write_text(SEED_TEXT, encoding="utf-8")
    (folder / "q-long-paragraph.txt").write_text(
        "Long wall\n\n" + "The port handled 12 million tonnes of cargo and officials said trade rose " * 27_000,
        encoding="utf-8")  # about 2 MB on one line
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)  # a folder loop
    return folder


@pytest.fixture(scope="module")
def bad_run(bad_inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("bad-out")
    result = CliRunner().invoke(main, ["run", str(bad_inputs), "-o", str(out), "--max-bytes", "3000000",
                                       "--reference-date", "2025-06-01"])
    return result, out


def test_bad_inputs_never_stop_the_run_and_every_one_is_accounted_for(bad_run):
    result, out = bad_run
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    entries = manifest["documents"]
    counts = manifest["counts"]
    assert manifest["inputs_seen"] == len(entries) == counts["ok"] + counts["skipped"] + counts["error"]
    assert f"{len(entries)} documents ({counts['ok']} ok, {counts['skipped']} skipped, {counts['error']} error" \
        in result.output
    with open(out / "manifest.csv", newline="", encoding="utf-8") as fh:
        assert [row["doc_id"] for row in csv.DictReader(fh)] == [e["doc_id"] for e in entries]
    assert [r["doc_id"] for r in records(out)] == [e["doc_id"] for e in entries]


@pytest.mark.parametrize("name, status, reason", [
    ("a-good", "ok", None),
    ("b-empty", "skipped", "empty file"),
    ("c-whitespace", "skipped", "empty file"),
    ("d-binary", "skipped", "binary file"),
    ("e-too-large", "skipped", "larger than --max-bytes"),
    ("f-invalid-utf8", "skipped", "undecodable"),
    ("g-gb18030", "ok", None),
    ("h-big5", "ok", None),
    ("i-utf16", "ok", None),
    ("j-chinese-only", "skipped", "no article body"),
    ("k-page", "ok", None),
    ("etc_passwd", "ok", None),
    ("l-feed-2", "error", "JSON"),
    ("n-broken-link", "error", "broken symbolic link"),
    ("o-loop", "error", "symbolic link loop"),
    ("p-duplicate", "skipped", "duplicate of a-good"),
    ("q-long-paragraph", "error", "max_length"),
])
def test_each_bad_input_gets_a_clear_status_and_reason(bad_run, name, status, reason):
    _, out = bad_run
    entries = {e["doc_id"]: e for e in json.loads((out / "manifest.json").read_text())["documents"]}
    entry = entries[name]
    assert entry["status"] == status, entry
    if reason:
        assert reason.lower() in entry["reason"].lower() and "\n" not in entry["reason"], entry
        assert "Traceback" not in entry["reason"]


def test_unreadable_file_is_an_error(bad_run):
    if os.geteuid() == 0:
        pytest.skip("root reads files without read permission")
    _, out = bad_run
    entries = {e["doc_id"]: e for e in json.loads((out / "manifest.json").read_text())["documents"]}
    assert entries["m-unreadable"]["status"] == "error" and "permission" in entries["m-unreadable"]["reason"].lower()


def test_ids_cannot_escape_the_output_folder(bad_run):
    _, out = bad_run
    assert all("/" not in r["doc_id"] and not r["doc_id"].startswith(".") for r in records(out))
    assert {p.name for p in out.iterdir()} <= {"documents.jsonl", "documents.csv", "entities.csv", "quantities.csv",
                                               "dates.csv", "quotes.csv", "roles.csv", "entities_index.csv", "manifest.json",
                                               "manifest.csv"}


def test_fail_on_error_and_usage_errors(bad_inputs, tmp_path):
    result = CliRunner().invoke(main, ["run", str(bad_inputs), "-o", str(tmp_path / "o"), "--fail-on-error"])
    assert result.exit_code == 1
    locked = tmp_path / "locked"
    locked.write_text("a file, not a folder")
    result = CliRunner().invoke(main, ["run", str(CORPUS), "-o", str(locked / "out")])
    assert result.exit_code == 2 and result.output.startswith("newsfacts run: cannot create output folder")


# Interruptions, for real: a subprocess stopped or killed in the middle of a run.

@pytest.fixture(scope="module")
def many(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    texts = [p.read_text(encoding="utf-8") for p in sorted([*CORPUS.glob("*.txt"), *DATA.glob("*.txt"),
                                                               *(DATA / "sites").glob("*.txt")])]
    for k in range(48):
        # each file its own: a number changed so that no two are duplicates
        (folder / f"doc-{k:03d}.txt").write_text(texts[k % len(texts)].replace("2", str(k % 10), 1) + f"\n#{k}\n",
                                                 encoding="utf-8")
    return folder


def command(folder, out, *extra):
    return [sys.executable, "-m", "newsfacts", "run", str(folder), "-o", str(out), "--batch-size", "2",
            "--reference-date", "2025-06-01", "--no-progress", *extra]


@pytest.fixture(scope="module")
def uninterrupted(many, tmp_path_factory):
    out = tmp_path_factory.mktemp("whole")
    subprocess.run(command(many, out), check=True, cwd=ROOT, capture_output=True)
    return out


def processes_writing_to(out) -> list[int]:
    """Pids of processes whose command line names the output folder `out`."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                if str(out).encode() in fh.read():
                    found.append(int(entry))
        except (OSError, ValueError):
            continue
    return found


def start_and_wait_for_lines(cmd, out, lines=6, timeout=120, session=False):
    process = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=session)
    deadline = time.time() + timeout
    while time.time() < deadline:
        partial = list(out.glob(".documents.jsonl.*.tmp"))
        if partial and partial[0].read_bytes().count(b"\n") >= lines:
            return process
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the run wrote nothing in time")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_after_the_batch_with_complete_outputs(many, tmp_path, uninterrupted, jobs):
    out = tmp_path / "stopped"
    process = start_and_wait_for_lines(command(many, out, "--jobs", jobs), out, session=True)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the whole process group gets it
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["interrupted"] is True and manifest["remaining_inputs"]
    done = records(out)  # every line parses: the files are complete
    assert 0 < len(done) < 48 and len(done) == manifest["inputs_seen"]
    assert len(done) + len(manifest["remaining_inputs"]) == 48
    assert not list(out.glob(".*.tmp"))
    # and --resume finishes the job, reusing what was done
    resumed = subprocess.run(command(many, out, "--resume", "--jobs", jobs), cwd=ROOT, capture_output=True,
                             text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(done)} from the earlier run" in resumed.stdout
    assert (out / "documents.jsonl").read_bytes() == (uninterrupted / "documents.jsonl").read_bytes()


def test_ctrl_c_with_the_dask_engine_stops_cleanly_too(many, tmp_path):
    pytest.importorskip("dask.distributed")
    out = tmp_path / "dask-stopped"
    process = start_and_wait_for_lines(command(many, out, "--engine", "dask", "--jobs", "2"), out, session=True)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the whole process group gets it
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr[-2000:]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["interrupted"] is True and 0 < len(records(out)) < 48


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_kill_9_then_resume_equals_an_uninterrupted_run(many, tmp_path, uninterrupted, jobs):
    out = tmp_path / "killed"
    process = start_and_wait_for_lines(command(many, out, "--jobs", jobs), out, lines=8)
    process.kill()  # SIGKILL: no clean-up at all
    process.wait()
    assert not (out / "documents.jsonl").exists()  # nothing final was half-written
    deadline = time.time() + 10
    while processes_writing_to(out) and time.time() < deadline:
        time.sleep(0.2)
    assert processes_writing_to(out) == []  # no worker outlives its killed parent
    resumed = subprocess.run(command(many, out, "--resume", "--jobs", jobs), cwd=ROOT, capture_output=True,
                             text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert "from the earlier run" in resumed.stdout
    for name in ("documents.jsonl", "entities.csv", "quantities.csv", "dates.csv", "documents.csv",
                 "entities_index.csv", "manifest.csv"):
        assert (out / name).read_bytes() == (uninterrupted / name).read_bytes(), name
    assert not (out / ".resume").exists() and not list(out.glob(".*.tmp"))


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    return found


def test_a_worker_killed_mid_run_loses_nothing(many, tmp_path, uninterrupted):
    out = tmp_path / "worker-killed"
    process = start_and_wait_for_lines(command(many, out, "--jobs", "2"), out, lines=4)
    workers = children_of(process.pid)
    assert workers, "no worker processes found"
    os.kill(workers[0], signal.SIGKILL)  # as the OOM killer does
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr[-2000:]
    assert "48 documents (48 ok" in stdout
    # the lost batches were retried on a fresh worker: the same outputs as a quiet run
    assert (out / "documents.jsonl").read_bytes() == (uninterrupted / "documents.jsonl").read_bytes()


def test_resume_reprocesses_a_changed_file(many, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(many.iterdir())[:4]:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run(command(folder, out), check=True, cwd=ROOT, capture_output=True)
    changed = sorted(folder.iterdir())[1]
    changed.write_text(WIRE_TEXT, encoding="utf-8")
    resumed = subprocess.run(command(folder, out, "--resume"), cwd=ROOT, capture_output=True, text=True)
    assert "3 from the earlier run" in resumed.stdout
    body = {r["doc_id"]: r["body"] for r in records(out)}
    assert body[changed.stem].startswith("CHENGDU, March 5 (Xinhua)")
