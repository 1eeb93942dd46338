"""The baseline users would glue together by hand, written in our output format.

    python benchmarks/baseline_glue.py ../shared/corpus -o /tmp/glue
    newsfacts evaluate --gold ../shared/corpus /tmp/glue

No cleaning: the raw page text goes straight into
- full `en_core_web_sm` NER (GPE, LOC, FAC -> PLACE; ORG; PERSON),
- quantulum3 for quantities (dimensionless ones dropped, except percentages,
  which quantulum3 files under dimensionless but are real units: kept, to be
  fair to the baseline),
- `dateparser.search.search_dates` for dates; each found string's granularity
  is taken from `DateDataParser` so that `2020` is scored as a year, again in
  the baseline's favour.
Needs the `bench` extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsfacts.ingest import read_documents  # noqa: E402  (reading files is not what we compare)
from newsfacts.nlp import resolve_model_name  # noqa: E402

LABELS = {"ORG": "ORG", "PERSON": "PERSON", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
KINDS = {"mass": "mass", "length": "length", "area": "area", "volume": "volume", "time": "duration",
         "speed": "speed", "energy": "energy", "power": "power", "temperature": "temperature",
         "currency": "money"}
PINT_NAMES = {"metre": "meter", "kilometre": "kilometer", "centimetre": "centimeter", "millimetre": "millimeter",
              "kilometre per hour": "km/h", "tonne": "t", "percentage": "percent", "square kilometre": "km**2",
              "square metre": "m**2", "litre": "liter"}


def load_tools():
    warnings.filterwarnings("ignore")
    import spacy
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates
    from quantulum3 import parser as quantulum

    return spacy.load(resolve_model_name()), quantulum, search_dates, DateDataParser(languages=["en"])


def glue_document(text: str, nlp, quantulum, search_dates, date_parser) -> dict:
    entities = [
        {"text": e.text, "label": LABELS[e.label_], "canonical": e.text, "start": e.start_char, "end": e.end_char}
        for e in nlp(text).ents if e.label_ in LABELS
    ]
    quantities = []
    for q in quantulum.parse(text):
        entity, name = q.unit.entity.name, q.unit.name
        if name == "percentage":
            kind, unit = "percent", "percent"
        elif entity == "currency":
            kind, unit = "money", getattr(q.unit, "currency_code", None) or name
        elif entity in KINDS:
            kind, unit = KINDS[entity], PINT_NAMES.get(name, name)
        else:
            continue  # dimensionless
        quantities.append({"text": q.surface, "value": q.value, "unit": unit, "kind": kind,
                           "start": q.span[0], "end": q.span[1]})
    dates = []
    for found, when in search_dates(text, languages=["en"]) or []:
        period = (date_parser.get_date_data(found).period or "day") if found else "day"
        value = {"year": when.strftime("%Y"), "month": when.strftime("%Y-%m")}.get(period, when.strftime("%Y-%m-%d"))
        dates.append({"text": found, "value": value, "granularity": period})
    return {"entities": entities, "quantities": quantities, "dates": dates}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    tools = load_tools()
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "documents.jsonl", "w", encoding="utf-8") as fh:
        for doc in read_documents(args.inputs):
            record = {"doc_id": doc.doc_id, "source": doc.source, "sha256": doc.sha256, "status": doc.status,
                      "error": doc.error, "metadata": {}, "body": doc.raw_text, "captions": []}
            if doc.status == "ok":
                record.update(glue_document(doc.raw_text, *tools))
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"baseline glue: wrote {out / 'documents.jsonl'}")


if __name__ == "__main__":
    main()
