"""End to end through the command line, on corpus/."""

import csv
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from newsfacts.cli import main
from tests.conftest import CORPUS, DATA, ROOT

BOILERPLATE = ("瀏覽器", "reaction icon", "發布於")


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    result = CliRunner().invoke(main, ["run", str(CORPUS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("newsfacts: 1 documents (1 ok, 0 skipped, 0 error);")
    return out


def rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_documents_jsonl_follows_the_contract(run_dir):
    [record] = [json.loads(line) for line in open(run_dir / "documents.jsonl", encoding="utf-8")]
    assert record["doc_id"] == "xinhua-deep-space-2025" and record["status"] == "ok" and record["error"] is None
    assert record["metadata"]["agency"] == "Xinhua" and record["metadata"]["published"] == "2025-04-25"
    masses = {(q["text"], q["si_value"], q["si_unit"]) for q in record["quantities"] if q["kind"] == "mass"}
    assert masses == {("about 1,731 grams", 1.731, "kg"), ("30-kilogram", 30.0, "kg"), ("20 kilograms", 20.0, "kg")}
    people = {e["canonical"] for e in record["entities"] if e["label"] == "PERSON"}
    assert len(people) == 9
    orgs = {e["text"] for e in record["entities"] if e["label"] == "ORG"}
    assert {"CNSA", "SUPARCO", "Xinhua"} <= orgs
    assert {"2025-04-25", "2020", "204X"} <= {d["value"] for d in record["dates"]}
    texts = [record["body"], *(e["text"] for e in record["entities"])]
    assert not any(b in t for t in texts for b in BOILERPLATE)
    assert "Eng" not in record["body"].split("\n")


def test_csv_tables(run_dir):
    quantities = rows(run_dir / "quantities.csv")
    grams = next(r for r in quantities if r["text"] == "about 1,731 grams")
    assert (grams["value"], grams["unit"], grams["kind"], grams["qualifier"]) == ("1731.0", "g", "mass", "approx")
    count = next(r for r in quantities if r["text"] == "Seven institutions")
    assert (count["value"], count["unit"], count["kind"]) == ("7.0", "institution", "count")
    entities = rows(run_dir / "entities.csv")
    assert all(r["doc_id"] == "xinhua-deep-space-2025" for r in entities)
    assert not any(b in r["text"] for r in entities for b in BOILERPLATE)
    [doc] = rows(run_dir / "documents.csv")
    assert doc["title"].startswith("China deepens international collaboration")
    assert {r["value"] for r in rows(run_dir / "dates.csv")} >= {"2025-04-25", "2035"}
    with open(run_dir / "quotes.csv", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == ["doc_id", "speaker", "speaker_label", "kind", "cue", "text", "start", "end",
                                        "speaker_start", "speaker_end", "source"]
    with open(run_dir / "roles.csv", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == ["doc_id", "person", "role", "organization", "start", "end", "source"]


def test_manifest_accounts_for_every_input(run_dir):
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["inputs_seen"] == 1 and manifest["counts"] == {"ok": 1, "skipped": 0, "error": 0}
    assert manifest["documents"][0]["status"] == "ok"
    assert not list(run_dir.glob(".*.tmp"))


def test_bad_files_are_accounted_for_and_the_run_goes_on(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text((CORPUS / "xinhua-deep-space-2025.txt").read_text(encoding="utf-8"))
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "notice-only.txt").write_text("請更新您的瀏覽器\n\nEng\n\nreaction icon 0\n")
    result = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "3 documents (1 ok, 2 skipped, 0 error)" in result.output
    statuses = {json.loads(l)["doc_id"]: json.loads(l)["status"] for l in open(tmp_path / "out" / "documents.jsonl")}
    assert statuses == {"empty": "skipped", "good": "ok", "notice-only": "skipped"}


def test_usage_errors_exit_2_before_any_work(tmp_path):
    result = CliRunner().invoke(main, ["run", str(tmp_path / "missing"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no such file or folder" in result.output
    assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(main, ["run", str(CORPUS), "--format", "xml"])
    assert result.exit_code == 2


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("case", ["patterns-bad-json", "patterns-no-pattern", "patterns-not-object",
                                  "model-folder", "model-name", "reference-date", "jobs"])
def test_bad_option_values_are_one_line_usage_errors_and_create_nothing(tmp_path, case):
    (tmp_path / "not-a-model").mkdir()
    options = {
        "patterns-bad-json": ["--patterns", _write(tmp_path / "p.jsonl", '{"label": "ORG", "pattern": "Acme"\n')],
        "patterns-no-pattern": ["--patterns", _write(tmp_path / "p.jsonl", '{"label": "ORG"}\n')],
        "patterns-not-object": ["--patterns", _write(tmp_path / "p.jsonl", '["ORG", "Acme"]\n')],
        "model-folder": ["--model", str(tmp_path / "not-a-model")],
        "model-name": ["--model", "no_such_spacy_model_xyz"],
        "reference-date": ["--reference-date", "2021-11-25xyz"],
        "jobs": ["--jobs", "0"],
    }[case]
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "newsfacts", "run", str(CORPUS), "-o", str(out), *options],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("newsfacts run: "), done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert not out.exists()


def test_report_on_a_folder_that_is_not_newsfacts_output(tmp_path):
    (tmp_path / "other").mkdir()
    _write(tmp_path / "other" / "documents.jsonl", '{"id": 1, "text": "another tool"}\n')
    for folder, message in ((tmp_path / "other", "is not a newsfacts record"),
                            (tmp_path, "no documents.jsonl")):
        result = CliRunner().invoke(main, ["report", str(folder), "-o", str(tmp_path / "r.html")])
        assert result.exit_code == 2 and message in result.output, result.output
        assert not (tmp_path / "r.html").exists()


def test_a_folder_without_inputs_warns(tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["run", str(tmp_path / "empty"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "warning: no input files found" in result.output and "0 documents" in result.output


def test_help_lists_inputs_and_jsonl_fields_and_names_no_developer_path():
    for command in ([], ["run"], ["evaluate"], ["report"]):
        text = CliRunner().invoke(main, [*command, "--help"]).output
        assert "../shared" not in text and "/work/" not in text
    text = CliRunner().invoke(main, ["run", "--help"]).output
    for word in (".txt", ".html", ".jsonl", '"text"', '"published"', '"authors"'):
        assert word in text


def test_python_m_pipeline_and_version():
    done = subprocess.run([sys.executable, "-m", "newsfacts", "--version"], capture_output=True, text=True, cwd=ROOT)
    lines = done.stdout.splitlines()
    assert done.returncode == 0 and lines[0].startswith("newsfacts 0.")
    assert lines[1].startswith("spaCy 3.") and lines[2].startswith("model en_core_web_sm")
    done = subprocess.run([sys.executable, "-m", "newsfacts", "run", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "Example:" in done.stdout


def _site_articles(folder, count=6):
    """`count` articles from one made-up site: different stories, the same template."""
    folder.mkdir()
    cities = ["Ningbo", "Xiamen", "Qingdao", "Dalian", "Tianjin", "Shenzhen", "Yantai", "Fuzhou"]
    for k, city in enumerate(cities[:count]):
        (folder / f"port-{k}.txt").write_text(
            f"PORTS WEEKLY\nPort of {city} adds {k + 2} shipping routes\n"
            f"Published: 2024-0{k + 1}-10 09:00\n"
            f"The port of {city} opened {k + 2} new container routes this month, the port authority said, "
            f"bringing its total to {40 + k} routes.\n"
            "Download our app for breaking alerts\n"  # between paragraphs: only the template pass drops it
            f"Officials said the routes would link {city} with ports in Southeast Asia and Europe.\n"
            "Subscribe\n", encoding="utf-8")


def test_lines_shared_by_many_files_of_a_site_are_template(tmp_path):
    _site_articles(tmp_path / "in")
    for out, extra in (("out", []), ("off", ["--template-min-docs", "0"])):
        result = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "-o", str(tmp_path / out), *extra])
        assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in open(tmp_path / "out" / "documents.jsonl", encoding="utf-8")]
    assert all("Download our app" not in d["body"] for d in docs)
    assert all(d["body"].startswith("The port of") and len(d["body_lines"]) == 2 for d in docs)
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["template_lines"] >= 2
    unfiltered = [json.loads(line) for line in open(tmp_path / "off" / "documents.jsonl", encoding="utf-8")]
    assert all("Download our app" in d["body"] for d in unfiltered)


def test_manifest_says_where_the_published_date_came_from(run_dir):
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["documents"][0]["published_from"] == "dateline"  # April 25 with the caption's year


def test_entity_index_across_documents(tmp_path):
    """`entities_index.csv`: one row per entity across the run, forms and counts."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("wire-hydro-2024.txt", "daily-port-2023.txt"):
        (folder / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "seed.txt").write_text((CORPUS / "xinhua-deep-space-2025.txt").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["run", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    index = rows(tmp_path / "out" / "entities_index.csv")
    assert list(index[0])[:6] == ["canonical", "label", "aliases", "documents", "mentions", "roles"]
    assert by_name_geo(index)[("China", "PLACE")] == ("CN", "country")
    by_name = {(r["canonical"], r["label"]): r for r in index}
    assert by_name[("Xinhua", "ORG")]["documents"] == "2"  # the seed and the hydropower wire story
    # each person's positions across the run (roles.csv), with the organization
    assert "head, China National Space Administration" in by_name[("Shan Zhongde", "PERSON")]["roles"].split("; ")
    assert by_name[("China", "PLACE")]["documents"] == "2"  # the port story does not name it
    cnsa = by_name[("China National Space Administration", "ORG")]
    assert "CNSA" in cnsa["aliases"].split("; ") and int(cnsa["mentions"]) >= 2
    mentions = rows(tmp_path / "out" / "entities.csv")
    assert sum(int(r["mentions"]) for r in index) == len(mentions)
    assert [int(r["documents"]) for r in index] == sorted((int(r["documents"]) for r in index), reverse=True)


@pytest.fixture(scope="module")
def shared_inputs(tmp_path_factory):
    """The corpus articles and the hand-written ones: enough for several batches."""
    folder = tmp_path_factory.mktemp("many")
    sources = [*CORPUS.glob("*.txt"), *DATA.glob("*.txt"), *(DATA / "sites").glob("*.txt")]
    for k, path in enumerate(sorted(sources) * 2):
        (folder / f"{k:03d}-{path.name}").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "zz-empty.txt").write_text("")
    return folder


def run_to(folder, out, *extra):
    result = CliRunner().invoke(main, ["run", str(folder), "-o", str(out), "--batch-size", "3",
                                       "--reference-date", "2025-06-01", *extra])
    assert result.exit_code == 0, result.output
    return (out / "documents.jsonl").read_bytes()


def test_jobs_give_the_same_outputs_in_the_same_order(shared_inputs, tmp_path):
    one = run_to(shared_inputs, tmp_path / "one")
    two = run_to(shared_inputs, tmp_path / "two", "--jobs", "2")
    assert one == two and one.count(b"\n") == len(list(shared_inputs.iterdir()))
    assert (tmp_path / "one" / "entities.csv").read_bytes() == (tmp_path / "two" / "entities.csv").read_bytes()


def test_dask_local_cluster_gives_the_same_outputs(shared_inputs, tmp_path):
    pytest.importorskip("dask.distributed")
    one = run_to(shared_inputs, tmp_path / "one")
    dask = run_to(shared_inputs, tmp_path / "dask", "--engine", "dask", "--jobs", "2")
    assert one == dask
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text())
    local = json.loads((tmp_path / "one" / "manifest.json").read_text())
    assert manifest["engine"] == "dask" and manifest["counts"] == local["counts"]
    assert manifest["counts"]["skipped"] >= 1  # the empty file (and the second copy of each article)


def test_scheduler_without_dask_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["run", str(CORPUS), "-o", str(tmp_path / "o"), "--scheduler", "tcp://x:1"])
    assert result.exit_code == 2 and "--engine dask" in result.output


def test_a_scheduler_address_where_nothing_listens_fails_at_once(tmp_path):
    import socket
    import time

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    for address, message in ((f"tcp://127.0.0.1:{port}", "no Dask scheduler at"),
                             ("http://example", "not a Dask scheduler address")):
        result = CliRunner().invoke(main, ["run", str(CORPUS), "-o", str(tmp_path / "o"), "--engine", "dask",
                                           "--scheduler", address])
        assert result.exit_code == 2 and message in result.output and len(result.output.splitlines()) == 1
    assert time.monotonic() - started < 10 and not (tmp_path / "o").exists()


def by_name_geo(index):
    return {(r["canonical"], r["label"]): (r["country_code"], r["feature"]) for r in index}


def _site_with_related_stories(folder, count=6):
    """Xinhua-shaped pages, each listing every other page's headline under `Related Stories`."""
    folder.mkdir()
    cities = ["Ningbo", "Xiamen", "Qingdao", "Dalian", "Tianjin", "Shenzhen"]
    headlines = [f"{city} port opens new container routes to Southeast Asia" for city in cities[:count]]
    for k, city in enumerate(cities[:count]):
        related = "\n".join(h for j, h in enumerate(headlines) if j != k)
        (folder / f"port-{k}.txt").write_text(
            f"Text: A A Print\n{headlines[k]}\nSource: Xinhua| 2024-0{k + 1}-10 09:00:00|Editor: Wang Li\n"
            f"{city}, Jan. {k + 1} (Xinhua) -- The port of {city} opened {k + 2} new container routes this month, "
            "the port authority said on Monday.\n"
            f"Officials said the routes would link {city} with ports in Southeast Asia and Europe.\n"
            f"Related Stories\n{related}\n", encoding="utf-8")
    return headlines


def test_a_pages_own_headline_is_never_template(tmp_path):
    """Template-line detection must not drop a page's title because other pages list it
    under `Related Stories` (the title became `Text: A A Print`)."""
    headlines = _site_with_related_stories(tmp_path / "in")
    result = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    docs = sorted((json.loads(line) for line in open(tmp_path / "out" / "documents.jsonl", encoding="utf-8")),
                  key=lambda d: d["source"])
    assert [d["metadata"]["title"] for d in docs] == headlines
    assert all(not any(h in d["body"] for h in headlines) for d in docs)  # the lists stay out of the bodies
    assert all(d["body"].startswith(("NINGBO", "Ningbo", "XIAMEN", "Xiamen", "QINGDAO", "Qingdao", "DALIAN",
                                     "Dalian", "TIANJIN", "Tianjin", "SHENZHEN", "Shenzhen")) for d in docs)


def test_a_prose_line_shared_by_many_pages_stays_in_the_body(tmp_path):
    """A sentence repeated across a site's pages (a standard closing paragraph) is the
    article's text, not its template."""
    folder = tmp_path / "in"
    _site_articles(folder)
    for path in folder.iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace(
            "Subscribe\n", "The port is one of the busiest in the world by cargo volume.\nSubscribe\n"),
            encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in open(tmp_path / "out" / "documents.jsonl", encoding="utf-8")]
    assert all(d["body"].rstrip().endswith("busiest in the world by cargo volume.") for d in docs)
