"""The scorer on hand-made predictions with known answers."""

import copy
import json

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.evaluate import evaluate, normalize_text

GOLD = {
    "id": "story",
    "metadata": {"title": "Port handles record cargo", "agency": "Xinhua", "authors": ["Li Hua"],
                 "dateline": "Ningbo", "published": "2023-07-12"},
    "body_lines": [5, 7, 9],
    "captions": [3],
    "entities": [
        {"name": "China National Space Administration", "label": "ORG", "aliases": ["CNSA"]},
        {"name": "Li Hua", "label": "PERSON"},
        {"name": "Ningbo", "label": "PLACE", "aliases": ["NINGBO"]},
        {"name": "Shanghai World Expo Center", "label": "PLACE", "alt_labels": ["ORG"]},
        {"name": "Chang'e-5", "label": "OTHER", "optional": True},
    ],
    "quantities": [
        {"text": "about 1,731 grams", "value": 1731, "unit": "g", "kind": "mass", "qualifier": "approx"},
        {"text": "$3 billion", "value": 3e9, "unit": "USD", "kind": "money"},
        {"text": "Seven institutions", "value": 7, "unit": "institution", "kind": "count"},
        {"text": "two phases", "value": 2, "unit": "phase", "kind": "count", "optional": True},
    ],
    "dates": [{"text": "April 25", "value": "2025-04-25"}, {"text": "the 2040s", "value": "204X"}],
}

PERFECT = {
    "doc_id": "story", "status": "ok",
    "metadata": {"title": "Port handles record cargo", "agency": "Xinhua", "authors": ["Li Hua"],
                 "dateline": "Ningbo", "published": "2023-07-12"},
    "body_lines": [5, 7, 9], "caption_lines": [3],
    "entities": [
        {"text": "China National Space Administration", "label": "ORG", "canonical": "China National Space Administration"},
        {"text": "CNSA", "label": "ORG", "canonical": "China National Space Administration"},
        {"text": "Li Hua", "label": "PERSON", "canonical": "Li Hua"},
        {"text": "NINGBO", "label": "PLACE", "canonical": "Ningbo"},
        {"text": "Shanghai World Expo Center", "label": "PLACE", "canonical": "Shanghai World Expo Center"},
    ],
    "quantities": [
        {"text": "about 1,731 grams", "value": 1731.0, "unit": "g", "kind": "mass", "qualifier": "approx"},
        {"text": "$3 billion", "value": 3e9, "unit": "USD", "kind": "money"},
        {"text": "Seven institutions", "value": 7.0, "unit": "institution", "kind": "count"},
    ],
    "dates": [{"text": "April 25", "value": "2025-04-25"}, {"text": "the 2040s", "value": "204X"}],
}


def score(tmp_path, prediction, gold=GOLD):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir(exist_ok=True)
    (gold_dir / "story.gold.json").write_text(json.dumps(gold))
    (gold_dir / "story.txt").write_text("text")
    run_dir = tmp_path / "run"
    run_dir.mkdir(exist_ok=True)
    (run_dir / "documents.jsonl").write_text("".join(json.dumps(p) + "\n" for p in prediction))
    return evaluate(gold_dir, run_dir)


def test_perfect_prediction_scores_one_everywhere(tmp_path):
    report = score(tmp_path, [PERFECT])
    for field, s in report["scores"].items():
        assert (s["precision"], s["recall"], s["f1"]) == (1.0, 1.0, 1.0), field
    assert report["metadata"]["all"] == 1.0
    assert report["details"] == {}


def test_removing_one_item_lowers_recall_by_exactly_one_share(tmp_path):
    pred = copy.deepcopy(PERFECT)
    pred["quantities"] = pred["quantities"][1:]
    s = score(tmp_path, [pred])["scores"]["quantities"]
    assert (s["tp"], s["fp"], s["fn"]) == (2, 0, 1)
    assert s["recall"] == round(2 / 3, 4) and s["precision"] == 1.0
    pred = copy.deepcopy(PERFECT)
    pred["dates"] = pred["dates"][:1]
    assert score(tmp_path, [pred])["scores"]["dates"]["recall"] == 0.5


def test_an_alias_finds_its_entity_once(tmp_path):
    pred = copy.deepcopy(PERFECT)
    # the acronym as an entity of its own (not linked to its expansion): one TP, one FP
    pred["entities"][1]["canonical"] = "CNSA"
    s = score(tmp_path, [pred])["scores"]["entities"]
    assert (s["tp"], s["fp"], s["fn"]) == (4, 1, 0)


def test_an_optional_item_changes_nothing(tmp_path):
    pred = copy.deepcopy(PERFECT)
    pred["entities"].append({"text": "Chang'e-5", "label": "ORG", "canonical": "Chang'e-5"})
    pred["quantities"].append({"text": "two phases", "value": 2.0, "unit": "phase", "kind": "count"})
    report = score(tmp_path, [pred])
    assert report["scores"]["entities"]["f1"] == 1.0 and report["scores"]["quantities"]["f1"] == 1.0


def test_units_are_compared_after_conversion(tmp_path):
    pred = copy.deepcopy(PERFECT)
    pred["quantities"][0] = {"text": "1.731 kilograms", "value": 1.731, "unit": "kg", "kind": "mass"}
    assert score(tmp_path, [pred])["scores"]["quantities"]["f1"] == 1.0
    pred["quantities"][0] = {"text": "1,731 kilograms", "value": 1731, "unit": "kg", "kind": "mass"}
    assert score(tmp_path, [pred])["scores"]["quantities"]["tp"] == 2
    pred["quantities"][1] = {"text": "3 billion yuan", "value": 3e9, "unit": "CNY", "kind": "money"}
    assert score(tmp_path, [pred])["scores"]["quantities"]["tp"] == 1


def test_a_wrong_label_is_a_miss_and_a_false_positive(tmp_path):
    pred = copy.deepcopy(PERFECT)
    pred["entities"][2]["label"] = "ORG"  # Li Hua
    report = score(tmp_path, [pred])
    assert report["scores"]["entities.PERSON"]["fn"] == 1
    assert report["scores"]["entities.ORG"]["fp"] == 1
    assert report["details"]["story"]["entities"] == {"fp": ["Li Hua [ORG]"], "fn": ["Li Hua [PERSON]"]}
    # an alternative label is correct
    pred = copy.deepcopy(PERFECT)
    pred["entities"][4]["label"] = "ORG"
    assert score(tmp_path, [pred])["scores"]["entities"]["f1"] == 1.0


def test_a_missing_document_counts_all_its_gold_items_as_misses(tmp_path):
    report = score(tmp_path, [])
    assert report["missing"] == ["story"]
    assert report["scores"]["entities"]["fn"] == 4 and report["scores"]["quantities"]["fn"] == 3
    assert report["metadata"]["all"] == 0.0


def test_text_normalisation():
    assert normalize_text("The United States") == normalize_text("United States")
    assert normalize_text("China's") == "china"
    assert normalize_text('"SHANGHAI,"') == "shanghai"


def test_cli_table_details_and_json(tmp_path):
    score(tmp_path, [PERFECT])
    runner = CliRunner()
    result = runner.invoke(main, ["evaluate", "--gold", str(tmp_path / "gold"), str(tmp_path / "run")])
    assert result.exit_code == 0 and "entities.PERSON" in result.output and "metadata accuracy" in result.output
    result = runner.invoke(main, ["evaluate", "--gold", str(tmp_path / "gold"), str(tmp_path / "run"), "--json"])
    assert json.loads(result.output)["scores"]["dates"]["f1"] == 1.0
    pred = copy.deepcopy(PERFECT)
    pred["dates"] = []
    (tmp_path / "run" / "documents.jsonl").write_text(json.dumps(pred) + "\n")
    result = runner.invoke(main, ["evaluate", "--gold", str(tmp_path / "gold"), str(tmp_path / "run"), "--details"])
    assert "dates FN: 'April 25' = 2025-04-25" in result.output
