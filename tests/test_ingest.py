import hashlib
import json

import pytest

from newsfacts.ingest import InputNotFound, expand_inputs, read_documents
from tests.conftest import CORPUS, DATA, SEED

ARTICLE = "BEIJING, May 2 (Xinhua) -- China launched a satellite on Thursday, officials said.\n"


def test_seed_article_is_read_with_its_hash():
    [doc] = list(read_documents([str(SEED)]))
    assert doc.status == "ok"
    assert doc.doc_id == "xinhua-deep-space-2025"
    assert doc.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert doc.encoding == "utf-8"
    assert "請更新您的瀏覽器" in doc.raw_text


def test_folder_is_searched_recursively_and_answer_keys_are_not_articles(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text(ARTICLE)
    (tmp_path / "top.txt").write_text(ARTICLE)
    (tmp_path / "top.gold.json").write_text("{}")
    docs = list(read_documents([str(tmp_path)]))
    assert sorted(d.doc_id for d in docs) == ["deep", "top"]


def test_glob_and_unique_doc_ids(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "story.txt").write_text(ARTICLE)
    docs = list(read_documents([str(tmp_path / "*" / "story.txt")]))
    first, second = [d.doc_id for d in docs]
    assert first == "story" and second.startswith("story-") and len(second) == len("story-") + 8
    # the suffix comes from the file's path, not from its place among the inputs
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "story.txt").write_text(ARTICLE)
    again = list(read_documents([str(tmp_path / "*" / "story.txt")]))
    assert [d.doc_id for d in again][2] == second


def test_non_ascii_file_names_keep_a_readable_id(tmp_path):
    for name in ("新闻报道.txt", "Überblick 2024.txt", "../tricky name.txt"):
        path = tmp_path / name.replace("../", "")
        path.write_text(ARTICLE, encoding="utf-8")
    ids = sorted(d.doc_id for d in read_documents([str(tmp_path)]))
    assert ids == ["tricky_name", "Überblick_2024", "新闻报道"]


def test_missing_input_is_an_error_before_any_work(tmp_path):
    with pytest.raises(InputNotFound):
        expand_inputs([str(tmp_path / "nope.txt")])
    with pytest.raises(InputNotFound):
        expand_inputs([str(tmp_path / "*.nothing")])


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-16"])
def test_legacy_encodings_are_decoded(tmp_path, encoding):
    text = "北京新闻 BEIJING, May 2 (Xinhua) -- 中国发射了一颗卫星。官员表示这是成功的。" * 3
    if encoding == "big5":
        text = "台北新聞 TAIPEI, May 2 -- 官員表示這是成功的。颱風來襲，民眾撤離。" * 3
    path = tmp_path / f"story-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    [doc] = list(read_documents([str(path)]))
    assert doc.status == "ok", doc.error
    assert doc.raw_text == text


def test_empty_binary_and_oversized_files_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (tmp_path / "big.txt").write_text(ARTICLE * 100)
    docs = {d.doc_id: d for d in read_documents([str(tmp_path)], max_bytes=1000)}
    assert {k: d.status for k, d in docs.items()} == {k: "skipped" for k in ("empty", "blank", "image", "big")}
    assert "empty" in docs["empty"].error
    assert "binary" in docs["image"].error
    assert "max-bytes" in docs["big"].error


def test_jsonl_one_article_per_line_and_a_malformed_line_is_one_error(tmp_path):
    lines = [
        json.dumps({"id": "a1", "title": "Satellite launched", "text": ARTICLE, "published": "2024-05-02"}),
        "{not json",
        json.dumps({"id": "../../etc/passwd", "body": ARTICLE}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    docs = list(read_documents([str(tmp_path / "feed.jsonl")]))
    assert [d.status for d in docs] == ["ok", "error", "ok"]
    assert docs[0].doc_id == "a1" and docs[0].hints["title"] == "Satellite launched"
    assert "line 2" in docs[1].error
    assert "/" not in docs[2].doc_id and not docs[2].doc_id.startswith(".")


def test_html_goes_through_main_text_extraction(tmp_path):
    paragraph = "BEIJING, May 2 (Xinhua) -- China launched a weather satellite on Thursday from the Jiuquan center, officials said. "
    html = f"""<html><head><title>Satellite launched</title><script>var x = 'tracking';</script>
    <style>p {{color: red}}</style></head><body><nav>Home | World | China</nav>
    <article><h1>Satellite launched</h1><p>{paragraph * 3}</p><p>{paragraph * 2}</p></article>
    <footer>Copyright 2024</footer></body></html>"""
    (tmp_path / "page.html").write_text(html)
    [doc] = list(read_documents([str(tmp_path / "page.html")]))
    assert doc.status == "ok", doc.error
    assert "weather satellite" in doc.raw_text
    assert "tracking" not in doc.raw_text and "color: red" not in doc.raw_text


def test_html_metadata_reaches_the_document(tmp_path):
    """HTML: trafilatura's main text and metadata, then the same stages as text."""
    from newsfacts.clean import clean_document, load_rules
    from newsfacts.metadata import extract_metadata

    paragraph = ("SHANGHAI, April 25 (Xinhua) -- China invited partners to join its Chang'e-8 lunar mission, "
                 "the China National Space Administration said on Friday. ")
    html = f"""<!DOCTYPE html><html><head><title>China invites partners to lunar mission - Xinhua</title>
    <meta property="og:title" content="China invites partners to lunar mission">
    <meta property="og:site_name" content="Xinhua">
    <meta name="author" content="Liu Yiwei; Yu Fei">
    <meta property="article:published_time" content="2025-04-25T10:31:00+08:00">
    <script>document.write('<div>tracking pixel</div>')</script><style>.nav {{display:none}}</style></head>
    <body><div class="nav"><a href="/">Home</a> &gt; <a href="/world">World</a></div>
    <article><h1>China invites partners to lunar mission</h1>
    <p>{paragraph}</p><p>The mission will carry 200 kilograms of payloads from partners, officials said at the event.</p>
    <p>More than 50 institutions from 17 countries have joined the program so far, according to the agency.</p>
    <div><b>broken <i>tags</b></i></div></article>
    <footer>Copyright 2025 Xinhua. All rights reserved.</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    [doc] = list(read_documents([str(tmp_path / "page.html")]))
    rules = load_rules()
    extract_metadata(clean_document(doc, rules), rules)
    meta = doc.metadata
    assert doc.status == "ok", doc.error
    assert doc.body.startswith("SHANGHAI, April 25 (Xinhua) --")
    assert "200 kilograms" in doc.body and "tracking pixel" not in doc.body and "Copyright" not in doc.body
    assert meta.title == "China invites partners to lunar mission"
    assert meta.agency == "Xinhua"
    assert meta.authors == ["Liu Yiwei", "Yu Fei"]
    assert meta.dateline == "Shanghai"
    assert (meta.published, doc.published_from) == ("2025-04-25", "input")


# JSONL judged line by line, streamed (issue: nothing lost, nothing stale)

def _jsonl(path, lines):
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def _line(doc_id, **fields):
    return json.dumps({"id": doc_id, "text": ARTICLE, **fields}, ensure_ascii=False).encode("utf-8")


def test_one_bad_byte_spoils_only_its_own_jsonl_line(tmp_path):
    lines = [_line(f"a{k}") for k in range(50)]
    lines[10] = lines[10].replace(b"satellite", b"sat\x00ellite")
    lines[20] = lines[20].replace(b"satellite", b"sat\xffellite")
    docs = list(read_documents([str(_jsonl(tmp_path / "feed.jsonl", lines))]))
    assert len(docs) == 50
    bad = {d.source.rsplit(":", 1)[1]: d.error for d in docs if d.status != "ok"}
    at = lines[20].index(b"\xff")
    assert bad == {"11": "line 11 contains NUL bytes", "21": f"line 21 is not UTF-8: invalid start byte at byte {at}"}


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\r"])
def test_jsonl_lines_end_at_newline_only(tmp_path, separator):
    text = f"First paragraph.{separator}Second paragraph of the story."
    path = _jsonl(tmp_path / "feed.jsonl", [_line("a", text=text), _line("b")])
    docs = list(read_documents([str(path)]))
    assert [d.doc_id for d in docs] == ["a", "b"] and docs[0].raw_text == text


def test_jsonl_fields_are_checked_and_coerced_per_line(tmp_path):
    lines = [_line("number-title", title=2024, published=2021), _line("dict-title", title={"a": 1}),
             _line("bad-authors", authors=["Li Hua", 7]), _line("good", authors="Li Hua and Zhang Wei")]
    docs = {d.doc_id: d for d in read_documents([str(_jsonl(tmp_path / "feed.jsonl", lines))])}
    assert docs["number-title"].status == "ok" and docs["number-title"].hints["title"] == "2024"
    assert docs["number-title"].hints["published"] == "2021"
    # a line in error is named by its place in the file
    assert docs["feed-2"].error == "line 2: field 'title' must be a string, not dict"
    assert docs["feed-3"].error == "line 3: field 'authors' must be a list of strings or a string"
    assert docs["good"].hints["authors"] == ["Li Hua", "Zhang Wei"]


def test_an_empty_or_blank_jsonl_file_is_accounted_for(tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \n\n")
    docs = list(read_documents([str(tmp_path)]))
    assert sorted((d.doc_id, d.status, d.error) for d in docs) == [
        ("blank", "skipped", "empty file"), ("empty", "skipped", "empty file")]


def test_max_bytes_applies_to_each_jsonl_line(tmp_path):
    lines = [_line("small"), _line("big", text=ARTICLE * 100), _line("small-2")]
    docs = list(read_documents([str(_jsonl(tmp_path / "feed.jsonl", lines))], max_bytes=2000))
    assert [(d.doc_id, d.status) for d in docs] == [("small", "ok"), ("feed-2", "error"), ("small-2", "ok")]
    assert docs[1].error.startswith("line 2 larger than --max-bytes")


def test_a_large_jsonl_file_streams_in_flat_memory(tmp_path):
    import tracemalloc

    path = tmp_path / "big.jsonl"
    with open(path, "wb") as fh:
        for k in range(6000):
            fh.write(_line(f"d{k}", text=ARTICLE * 40) + b"\n")  # about 20 MB
    tracemalloc.start()
    count = sum(1 for _ in read_documents([str(path)]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 6000 and peak < 2_000_000, peak


def test_an_html_page_saved_as_txt_takes_the_html_path(tmp_path):
    page = ("<!DOCTYPE html>\n<html><head><title>Port grows</title><script>var x = 1;</script></head><body>"
            "<nav><a href='/'>Home</a></nav><article><p>" + ARTICLE * 3 + "</p><p>" + ARTICLE + "</p></article>"
            "</body></html>\n")
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    [doc] = list(read_documents([str(tmp_path / "page.txt")]))
    assert doc.status == "ok" and "<" not in doc.raw_text and "var x" not in doc.raw_text
    assert "China launched a satellite" in doc.raw_text


def test_output_folders_and_hidden_files_are_never_inputs(tmp_path):
    from click.testing import CliRunner

    from newsfacts.cli import main

    news = tmp_path / "news"
    news.mkdir()
    (news / "story.txt").write_text((DATA / "wire-hydro-2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    for _ in range(3):
        result = CliRunner().invoke(main, ["run", str(news), "-o", str(news / "outputs"), "--no-progress"])
        assert result.exit_code == 0 and result.output.startswith("newsfacts: 1 documents (1 ok"), result.output
    CliRunner().invoke(main, ["run", str(news), "-o", str(news / "outputs"), "--resume", "--no-progress"])
    assert [d.doc_id for d in read_documents([str(news)])] == ["story"]
    # named explicitly, an output file is accounted for, not read as an article
    [doc] = read_documents([str(news / "outputs" / "documents.jsonl")])
    assert (doc.status, doc.error) == ("skipped", "a newsfacts output file, not an article")


def test_a_number_as_title_no_longer_breaks_parquet_output(tmp_path):
    from click.testing import CliRunner

    from newsfacts.cli import main

    text = (DATA / "wire-hydro-2024.txt").read_text(encoding="utf-8")
    path = _jsonl(tmp_path / "feed.jsonl", [_line("a", text=text, title=2024, published="2024-05-02")])
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(path), "-o", str(out), "--format", "jsonl,parquet"])
    assert result.exit_code == 0 and (out / "documents.parquet").exists()
    assert json.loads((out / "documents.jsonl").read_text())["metadata"]["title"] == "2024"
