"""The scorer on hand-made predictions with known answers."""

import copy
import json

import pytest
from click.testing import CliRunner

from newsfacts.cli import main
from newsfacts.evaluate import evaluate, normalize_text

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


def test_an_alias_finds_its_entity_once_and_a_second_prediction_of_it_is_neutral(tmp_path):
    pred = copy.deepcopy(PERFECT)
    # the acronym as an entity of its own (not linked to its expansion): the entity is found
    # once, and the second prediction of the matched item is neither TP nor FP (GOLD_FORMAT.md)
    pred["entities"][1]["canonical"] = "CNSA"
    s = score(tmp_path, [pred])["scores"]["entities"]
    assert (s["tp"], s["fp"], s["fn"]) == (4, 0, 0)
    # with its expansion gone, the acronym alone finds it
    pred["entities"] = [e for e in pred["entities"] if e["text"] != "China National Space Administration"]
    s = score(tmp_path, [pred])["scores"]["entities"]
    assert (s["tp"], s["fp"], s["fn"]) == (4, 0, 0)


def test_the_same_date_value_written_again_is_neutral_but_a_wrong_value_is_not(tmp_path):
    pred = copy.deepcopy(PERFECT)
    pred["dates"].append({"text": "25 April", "value": "2025-04-25"})
    s = score(tmp_path, [pred])["scores"]["dates"]
    assert (s["tp"], s["fp"], s["fn"]) == (2, 0, 0)
    pred["dates"].append({"text": "April 26", "value": "2025-04-26"})
    s = score(tmp_path, [pred])["scores"]["dates"]
    assert (s["tp"], s["fp"], s["fn"]) == (2, 1, 0)


def test_a_count_matches_on_its_head_noun(tmp_path):
    gold = copy.deepcopy(GOLD)
    gold["quantities"] = [{"text": "558,000 public charging piles", "value": 558000, "unit": "charging pile",
                           "kind": "count"},
                          {"text": "27 new shipping routes", "value": 27, "unit": "route", "kind": "count"}]
    pred = copy.deepcopy(PERFECT)
    pred["quantities"] = [{"text": "558,000 public charging piles", "value": 558000.0, "unit": "pile", "kind": "count"},
                          {"text": "27 new shipping routes", "value": 27.0, "unit": "shipping route", "kind": "count"}]
    assert score(tmp_path, [pred], gold)["scores"]["quantities"]["tp"] == 2
    # another head noun, or the compound's modifier alone, is another thing
    pred["quantities"] = [{"text": "558,000 charging stations", "value": 558000.0, "unit": "charging station",
                           "kind": "count"},
                          {"text": "27 shipping", "value": 27.0, "unit": "shipping", "kind": "count"}]
    s = score(tmp_path, [pred], gold)["scores"]["quantities"]
    assert (s["tp"], s["fp"], s["fn"]) == (0, 2, 2)


@pytest.mark.parametrize("predicted, gold, right", [
    ("AP", "Associated Press", True),
    ("The Associated Press", "Associated Press", True),
    ("Agence France-Presse", "AFP", True),
    ("Agence France Presse", "Agence France-Presse", True),
    ("Kyodo", "Kyodo News", True),
    ("Reuters", "Associated Press", False),
    ("AFP", "Associated Press", False),
])
def test_agency_spellings_of_one_organisation_are_equal(tmp_path, predicted, gold, right):
    key = copy.deepcopy(GOLD)
    key["metadata"]["agency"] = gold
    pred = copy.deepcopy(PERFECT)
    pred["metadata"]["agency"] = predicted
    assert score(tmp_path, [pred], key)["metadata"]["agency"] == (1.0 if right else 0.0)


def test_metadata_fields_whose_key_is_null_are_not_scored(tmp_path):
    key = copy.deepcopy(GOLD)
    key["metadata"]["authors"] = None
    key["metadata"]["dateline"] = None
    pred = copy.deepcopy(PERFECT)
    pred["metadata"]["authors"] = ["Someone Else"]  # whatever is predicted, the field is not scored
    pred["metadata"]["dateline"] = None
    pred["metadata"]["title"] = "Another title"
    metadata = score(tmp_path, [pred], key)["metadata"]
    assert metadata["authors"] is None and metadata["dateline"] is None
    # three fields scored: agency and published right, title wrong
    assert metadata["title"] == 0.0 and metadata["all"] == round(2 / 3, 4)


def test_scores_by_outlet(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    lines = []
    for doc_id in ("xinhua-port-2023", "xinhua-rail-2024", "reuters-copper-2025"):
        (gold_dir / f"{doc_id}.gold.json").write_text(json.dumps({**GOLD, "id": doc_id}))
        pred = {**copy.deepcopy(PERFECT), "doc_id": doc_id}
        if doc_id.startswith("reuters"):
            pred["dates"] = []
        lines.append(json.dumps(pred) + "\n")
    (run_dir / "documents.jsonl").write_text("".join(lines))
    report = evaluate(gold_dir, run_dir)
    assert sorted(report["by_outlet"]) == ["reuters", "xinhua"]
    assert report["by_outlet"]["xinhua"]["documents"] == 2
    assert report["by_outlet"]["xinhua"]["scores"]["dates"]["f1"] == 1.0
    assert report["by_outlet"]["reuters"]["scores"]["dates"]["recall"] == 0.0
    assert report["scores"]["dates"]["recall"] == round(4 / 6, 4)
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_dir), str(run_dir), "--by", "outlet"])
    assert result.exit_code == 0
    row = next(line for line in result.output.splitlines() if line.startswith("reuters"))
    assert row.split()[1:5] == ["1", "1.000", "1.000", "0.000"]  # docs, entities, quantities, dates


def test_quotes_and_roles_are_scored_only_for_keys_that_list_them(tmp_path):
    assert "quotes" not in score(tmp_path, [PERFECT])["scores"]
    key = copy.deepcopy(GOLD)
    key["entities"].append({"name": "Shan Zhongde", "label": "PERSON", "aliases": ["Shan"]})
    key["quotes"] = [{"speaker": "Shan Zhongde", "kind": "direct",
                      "text": "Together, we will pool efforts to promote the development of the space industry"}]
    key["roles"] = [{"person": "Shan Zhongde", "role": "head", "organization": "China National Space Administration"}]
    pred = copy.deepcopy(PERFECT)
    pred["entities"].append({"text": "Shan", "label": "PERSON", "canonical": "Shan Zhongde"})
    # the speaker by an alias, half of the gold words: a match; a role with the acronym as organization too
    pred["quotes"] = [{"speaker": "Shan", "kind": "direct", "text": "we will pool efforts to promote the development"}]
    pred["roles"] = [{"person": "Shan Zhongde", "role": "head", "organization": "CNSA"}]
    scores = score(tmp_path, [pred], key)["scores"]
    assert scores["quotes"]["f1"] == 1.0 and scores["roles"]["f1"] == 1.0
    # too few of the gold words, or another speaker, or a role without its organization: misses
    pred["quotes"] = [{"speaker": "Shan Zhongde", "kind": "direct", "text": "Together, we will"},
                      {"speaker": "Li Hua", "kind": "direct", "text": key["quotes"][0]["text"]}]
    pred["roles"] = [{"person": "Shan Zhongde", "role": "head", "organization": None}]
    scores = score(tmp_path, [pred], key)["scores"]
    assert (scores["quotes"]["tp"], scores["quotes"]["fp"], scores["quotes"]["fn"]) == (0, 2, 1)
    assert (scores["roles"]["tp"], scores["roles"]["fp"], scores["roles"]["fn"]) == (0, 1, 1)


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
