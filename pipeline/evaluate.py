"""`newsfacts evaluate`: score a run's documents.jsonl against answer keys.

Scoring follows `GOLD_FORMAT.md`: per document and field, a predicted item
matches at most one gold item and each gold item at most once (a maximum
one-to-one matching); optional gold items are removed from both sides (a
prediction that matches only an optional item is neither rewarded nor
penalised); counts are summed over documents (micro-average).

- entities: the document's distinct predicted entities (one per canonical name
  and label, with all its surface forms) against gold names and aliases;
  labels must agree (`alt_labels` count too): a wrong label is a miss and a
  false positive.
- quantities and dates: the document's distinct facts (the same text with the
  same value, mentioned twice, is one fact);
- quantities: equal value after unit conversion with pint (1,731 g = 1.731 kg);
  money by currency code and value; counts by value and counted noun.
- quantities: a count matches on its head noun (last word, singular: `pile`
  matches `charging pile`).
- dates: exact ISO value.
- a second prediction of an already matched gold item (another alias of the
  same entity, the same date value written again) is neutral.
- body lines and captions: the source line numbers the cleaner kept.
- metadata: accuracy per field (title, agency, authors, dateline, published)
  over the keys whose value is not null; agencies compare across the
  spellings of one organisation (`AP` / `Associated Press`).
- quotes and roles: scored only for keys that list them (speaker, person and
  organization by entity name or alias; texts sharing half the gold words).
- `by_outlet`: the same figures per outlet (the id's prefix before `-`).
"""

from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path
from typing import Any, Callable

from newsfacts.quantity_lexicon import load_lexicon, registry_for, singular_noun
from newsfacts.resources import load_json

METADATA_FIELDS = ("title", "agency", "authors", "dateline", "published")
ENTITY_LABELS = ("ORG", "PERSON", "PLACE")
FIELDS = ("entities", *(f"entities.{label}" for label in ENTITY_LABELS), "quantities", "dates", "body_lines", "captions")
OPTIONAL_FIELDS = ("quotes", "roles")  # scored only over the keys that list them


# ---------------------------------------------------------------- normalising

def normalize_text(text: str | None) -> str:
    """Case, a leading `the`, a trailing `'s` and surrounding punctuation ignored."""
    text = (text or "").replace("’", "'").replace("‘", "'").lower()
    text = " ".join(text.split())
    text = text.strip(" \t.,;:!?\"'()[]{}")
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"'s$", "", text)
    return text.strip(" \t.,;:!?\"'()[]{}")


def singular(noun: str) -> str:
    return singular_noun(normalize_text(noun), load_lexicon())


def head_noun(unit: str) -> str:
    """The counted thing's head: the last word, singular (`charging piles` -> `pile`)."""
    words = normalize_text(unit).split()
    return singular(words[-1]) if words else ""


def words_of(text: str | None) -> list[str]:
    """Words with case and punctuation ignored, for comparing quote texts and roles."""
    return re.findall(r"\w+", (text or "").lower())


def shares_half(pred_text: str | None, gold_text: str | None) -> bool:
    """At least half of the gold text's words appear in the prediction."""
    gold_words = words_of(gold_text)
    if not gold_words:
        return not words_of(pred_text)
    pred_words = set(words_of(pred_text))
    return sum(w in pred_words for w in gold_words) * 2 >= len(gold_words)


def agency_key(name: str | None) -> str:
    """One key for every spelling of an organisation (`AP`, `Associated Press`)."""
    text = normalize_text(name)
    return _agency_spellings().get(text, text)


@functools.lru_cache(maxsize=1)
def _agency_spellings() -> dict[str, str]:
    groups = load_json("evaluation.json")["agency_spellings"]
    return {normalize_text(spelling): normalize_text(group[0]) for group in groups for spelling in group}


# ---------------------------------------------------------------- matching

def max_matching(preds: list[Any], golds: list[Any], compatible: Callable[[Any, Any], bool]) -> dict[int, int]:
    """A maximum one-to-one matching: {pred index: gold index} (Kuhn's algorithm)."""
    edges = [[g for g, gold in enumerate(golds) if compatible(pred, gold)] for pred in preds]
    gold_to_pred: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in edges[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in gold_to_pred or augment(gold_to_pred[g], seen):
                gold_to_pred[g] = p
                return True
        return False

    for p in range(len(preds)):
        augment(p, set())
    return {p: g for g, p in gold_to_pred.items()}


def score_items(preds: list[Any], golds: list[dict], compatible: Callable[[Any, dict], bool],
                same_thing: Callable[[Any, dict], bool] | None = None) -> tuple[list[tuple], list[Any], list[dict]]:
    """Match predictions to required gold items; drop predictions of optional ones.

    Returns (matched pairs, false positives, false negatives).
    """
    required = [g for g in golds if not g.get("optional")]
    optional = [g for g in golds if g.get("optional")]
    pairs = max_matching(preds, required, compatible)
    matched = [(preds[p], required[g]) for p, g in pairs.items()]
    same = same_thing or compatible
    # unmatched yet compatible with a required item: a second prediction of an item
    # already matched (a maximum matching leaves no compatible gold item free)
    false_pos = [p for i, p in enumerate(preds) if i not in pairs
                 and not any(compatible(p, g) for g in required) and not any(same(p, g) for g in optional)]
    false_neg = [g for i, g in enumerate(required) if i not in pairs.values()]
    return matched, false_pos, false_neg


# ---------------------------------------------------------------- per field

def predicted_entities(record: dict) -> list[dict]:
    """One item per distinct entity of the document: its canonical name, label and forms."""
    groups: dict[tuple[str, str], dict] = {}
    for mention in record.get("entities") or []:
        canonical = mention.get("canonical") or mention["text"]
        key = (normalize_text(canonical), mention["label"])
        group = groups.setdefault(key, {"name": canonical, "label": mention["label"], "forms": set()})
        group["forms"].update({normalize_text(canonical), normalize_text(mention["text"])})
    return list(groups.values())


def distinct(items: list[dict] | None, keys: tuple[str, ...]) -> list[dict]:
    """Document level: the same text with the same value twice is one fact (the first stands for it)."""
    seen, kept = set(), []
    for item in items or []:
        key = tuple(normalize_text(str(item.get(k))) for k in keys)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _gold_names(gold: dict) -> set[str]:
    return {normalize_text(n) for n in [gold["name"], *gold.get("aliases", [])]}


def entity_matches(pred: dict, gold: dict) -> bool:
    return bool(pred["forms"] & _gold_names(gold)) and pred["label"] in {gold["label"], *gold.get("alt_labels", [])}


def entity_same_thing(pred: dict, gold: dict) -> bool:
    return bool(pred["forms"] & _gold_names(gold))


def _close(a: float, b: float) -> bool:
    """Equal, or equal once the prediction is rounded as the answer key's value is
    (a key writes two thirds as 66.67)."""
    if math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9):
        return True
    decimals = len(repr(float(b)).split(".")[1].rstrip("0"))
    return 0 < decimals <= 3 and round(a, decimals) == b


def quantity_matches(pred: dict, gold: dict) -> bool:
    gold_kind, pred_kind = gold.get("kind"), pred.get("kind")
    if pred.get("value") is None or gold.get("value") is None:
        return False
    if gold_kind == "count" or pred_kind == "count":
        return gold_kind == pred_kind and _close(pred["value"], gold["value"]) and head_noun(pred["unit"]) == head_noun(gold["unit"])
    if gold_kind == "money" or pred_kind == "money":
        return gold_kind == pred_kind and pred["unit"].upper() == gold["unit"].upper() and _close(pred["value"], gold["value"])
    if pred["unit"] == gold["unit"]:  # also units pint does not know (`times`)
        return gold_kind == pred_kind and _close(float(pred["value"]), float(gold["value"]))
    registry = registry_for(load_lexicon())
    try:
        converted = registry.Quantity(float(pred["value"]), pred["unit"]).to(gold["unit"]).magnitude
    except Exception:  # unknown or incompatible units never match
        return False
    return _close(float(converted), float(gold["value"]))


def date_matches(pred: dict, gold: dict) -> bool:
    return str(pred.get("value")) == str(gold.get("value"))


def metadata_equal(field: str, pred: Any, gold: Any) -> bool:
    if field == "authors":
        return sorted(normalize_text(a) for a in pred or []) == sorted(normalize_text(a) for a in gold or [])
    if gold is None or pred is None:
        return not gold and not pred
    if field == "agency":
        return agency_key(str(pred)) == agency_key(str(gold))
    return normalize_text(str(pred)) == normalize_text(str(gold))


def _entity_names(gold: dict, name: str | None) -> set[str]:
    """A name from a quote or role key, with the aliases its entity has in the key."""
    names = {normalize_text(name)}
    for entity in gold.get("entities", []):
        if names & _gold_names(entity):
            names |= _gold_names(entity)
    return names


def _predicted_forms(record: dict, name: str | None) -> set[str]:
    """A predicted canonical name with every surface form its mentions have."""
    forms = {normalize_text(name)}
    for entity in predicted_entities(record):
        if normalize_text(entity["name"]) in forms:
            forms |= entity["forms"]
    return forms


def quote_matches(record: dict, gold_key: dict) -> Callable[[dict, dict], bool]:
    def matches(pred: dict, gold: dict) -> bool:
        return (bool(_predicted_forms(record, pred.get("speaker")) & _entity_names(gold_key, gold.get("speaker")))
                and shares_half(pred.get("text"), gold.get("text")))
    return matches


def role_matches(record: dict, gold_key: dict) -> Callable[[dict, dict], bool]:
    def same_entity(pred_name: str | None, gold_name: str | None) -> bool:
        if not pred_name or not gold_name:
            return not pred_name and not gold_name
        return bool(_predicted_forms(record, pred_name) & _entity_names(gold_key, gold_name))

    def matches(pred: dict, gold: dict) -> bool:
        return (same_entity(pred.get("person"), gold.get("person"))
                and same_entity(pred.get("organization"), gold.get("organization"))
                and shares_half(pred.get("role"), gold.get("role")))
    return matches


# ---------------------------------------------------------------- reading

def load_gold(gold_dir: str | Path) -> dict[str, dict]:
    keys = {}
    for path in sorted(Path(gold_dir).glob("*.gold.json")):
        with open(path, encoding="utf-8") as fh:
            gold = json.load(fh)
        keys[gold.get("id") or path.name[: -len(".gold.json")]] = gold
    if not keys:
        raise ValueError(f"no *.gold.json answer keys in {gold_dir}")
    return keys


def load_predictions(output: str | Path) -> dict[str, dict]:
    path = Path(output)
    if path.is_dir():
        path = path / "documents.jsonl"
    if not path.exists():
        raise ValueError(f"no documents.jsonl at {path}")
    records = {}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                try:
                    record = json.loads(line)
                except ValueError as exc:
                    raise ValueError(f"{path}:{lineno}: not JSON: {exc}") from exc
                records[record["doc_id"]] = record
    return records


# ---------------------------------------------------------------- scoring

def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if not fp else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}


def _describe(item: Any) -> str:
    if isinstance(item, int):
        return f"line {item}"
    if "name" in item:
        return f"{item['name']} [{item['label']}]"
    if "speaker" in item:
        return f"{item.get('speaker')} ({item.get('kind')}): {item.get('text')!r}"
    if "person" in item:
        return f"{item.get('person')}: {item.get('role')!r} of {item.get('organization')}"
    unit = f" {item.get('unit')}" if item.get("unit") else ""
    return f"{item.get('text')!r} = {item.get('value')}{unit}"


def score_document(record: dict | None, gold: dict) -> dict[str, dict]:
    """Matched, false positive and false negative items of each field for one document."""
    record = record or {}
    results = {}
    ents = score_items(predicted_entities(record), gold.get("entities", []), entity_matches, entity_same_thing)
    results["entities"] = ents
    results["quantities"] = score_items(distinct(record.get("quantities"), ("text", "kind", "unit", "value")),
                                        gold.get("quantities", []), quantity_matches)
    results["dates"] = score_items(distinct(record.get("dates"), ("text", "value")), gold.get("dates", []), date_matches)
    for field, gold_field in (("body_lines", "body_lines"), ("captions", "caption_lines")):
        predicted = record.get(gold_field) or []
        golds = gold.get(field, [])
        matched, fp, fn = score_items(list(predicted), [{"value": n} for n in golds], lambda p, g: p == g["value"])
        results[field] = (matched, fp, [g["value"] for g in fn])
    if "quotes" in gold:
        results["quotes"] = score_items(record.get("quotes") or [], gold["quotes"], quote_matches(record, gold))
    if "roles" in gold:
        results["roles"] = score_items(record.get("roles") or [], gold["roles"], role_matches(record, gold))
    return results


class Tally:
    """True positives, false positives and false negatives per field, metadata hits
    over the scored (non-null) keys, and qualifier agreement of matched quantities."""

    def __init__(self) -> None:
        self.counts = {field: [0, 0, 0] for field in (*FIELDS, *OPTIONAL_FIELDS)}
        self.scored_keys = {field: 0 for field in OPTIONAL_FIELDS}
        self.metadata_hits = {field: 0 for field in METADATA_FIELDS}
        self.metadata_scored = {field: 0 for field in METADATA_FIELDS}
        self.qualifier = [0, 0]  # agreeing, matched
        self.documents = 0

    def add(self, results: dict[str, tuple], metadata_right: dict[str, bool]) -> None:
        self.documents += 1
        for field, (matched, fp, fn) in results.items():
            for slot, items in enumerate((matched, fp, fn)):
                self.counts[field][slot] += len(items)
            if field in self.scored_keys:
                self.scored_keys[field] += 1
        matched, fp, fn = results["entities"]
        for slot, labels in enumerate(([g["label"] for _, g in matched], [p["label"] for p in fp],
                                       [g["label"] for g in fn])):
            for label in labels:
                if f"entities.{label}" in self.counts:
                    self.counts[f"entities.{label}"][slot] += 1
        for pred, gold_item in results["quantities"][0]:
            self.qualifier[1] += 1
            self.qualifier[0] += (pred.get("qualifier") or None) == (gold_item.get("qualifier") or None)
        for field, right in metadata_right.items():
            self.metadata_scored[field] += 1
            self.metadata_hits[field] += right

    def scores(self) -> dict[str, Any]:
        scores = {field: _prf(*self.counts[field]) for field in FIELDS}
        scores.update({field: _prf(*self.counts[field]) for field in OPTIONAL_FIELDS if self.scored_keys[field]})
        metadata = {field: round(self.metadata_hits[field] / n, 4) if n else None
                    for field, n in self.metadata_scored.items()}
        scored = sum(self.metadata_scored.values())
        metadata["all"] = round(sum(self.metadata_hits.values()) / scored, 4) if scored else None
        agreeing, matched = self.qualifier
        return {"documents": self.documents, "scores": scores, "metadata": metadata,
                "quantity_qualifier_accuracy": round(agreeing / matched, 4) if matched else None}


def outlet_of(doc_id: str) -> str:
    """The outlet an answer key's id names: its prefix before the first `-`."""
    return doc_id.split("-", 1)[0]


def evaluate(gold_dir: str | Path, output: str | Path) -> dict[str, Any]:
    """Scores of a run's output against every answer key in `gold_dir`, overall and by outlet."""
    golds = load_gold(gold_dir)
    preds = load_predictions(output)
    total = Tally()
    by_outlet: dict[str, Tally] = {}
    details: dict[str, dict] = {}
    for doc_id, gold in golds.items():
        record = preds.get(doc_id)
        results = score_document(record, gold)
        meta = (record or {}).get("metadata") or {}
        gold_meta = gold.get("metadata") or {}
        # a field whose key is null is not scored (GOLD_FORMAT.md)
        metadata_right = {field: metadata_equal(field, meta.get(field), gold_meta[field])
                          for field in METADATA_FIELDS if gold_meta.get(field) is not None}
        total.add(results, metadata_right)
        by_outlet.setdefault(outlet_of(doc_id), Tally()).add(results, metadata_right)
        doc_details = {field: {"fp": [_describe(x) for x in fp], "fn": [_describe(x) for x in fn]}
                       for field, (matched, fp, fn) in results.items() if fp or fn}
        wrong_meta = {field: {"predicted": meta.get(field), "gold": gold_meta.get(field)}
                      for field, right in metadata_right.items() if not right}
        if wrong_meta:
            doc_details["metadata"] = wrong_meta
        if doc_details:
            details[doc_id] = doc_details
    return {
        **total.scores(),
        "missing": [doc_id for doc_id in golds if doc_id not in preds],
        "by_outlet": {outlet: tally.scores() for outlet, tally in sorted(by_outlet.items())},
        "details": details,
    }


def format_report(report: dict[str, Any], details: bool = False, by_outlet: bool = False) -> str:
    lines = [f"documents scored: {report['documents']}"]
    if report["missing"]:
        lines.append(f"missing from the output (all their gold items count as misses): {', '.join(report['missing'])}")
    lines.append("")
    lines.append(f"{'field':<18}{'precision':>10}{'recall':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}")
    for field, s in report["scores"].items():
        lines.append(f"{field:<18}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    lines.append("")
    lines.append("metadata accuracy (keys with a value): " + ", ".join(
        f"{k} {_ratio(v)}" for k, v in report["metadata"].items()))
    if report.get("quantity_qualifier_accuracy") is not None:
        lines.append(f"quantity qualifier accuracy (matched quantities): {report['quantity_qualifier_accuracy']:.3f}")
    if by_outlet:
        lines.append("")
        lines.append("F1 by outlet (the id's prefix):")
        columns = [f for f in ("entities", "quantities", "dates", "body_lines", "captions", *OPTIONAL_FIELDS)
                   if f in report["scores"]]
        lines.append(f"{'outlet':<14}{'docs':>5}" + "".join(f"{c:>12}" for c in columns) + f"{'metadata':>10}")
        for outlet, scores in report["by_outlet"].items():
            cells = "".join(f"{_outlet_f1(scores['scores'].get(c)):>12}" for c in columns)
            lines.append(f"{outlet:<14}{scores['documents']:>5}{cells}{_ratio(scores['metadata']['all']):>10}")
    if details:
        for doc_id, fields in report["details"].items():
            lines.append("")
            lines.append(f"== {doc_id}")
            for field, d in fields.items():
                if field == "metadata":
                    for name, v in d.items():
                        lines.append(f"  metadata.{name}: predicted {v['predicted']!r}, gold {v['gold']!r}")
                    continue
                for item in d["fp"]:
                    lines.append(f"  {field} FP: {item}")
                for item in d["fn"]:
                    lines.append(f"  {field} FN: {item}")
    return "\n".join(lines)


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _outlet_f1(score: dict | None) -> str:
    """An outlet's F1, or `-` where it has nothing to score in that field."""
    return _ratio(score["f1"]) if score and score["tp"] + score["fp"] + score["fn"] else "-"
