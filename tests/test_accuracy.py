"""Accuracy floors on ../shared/corpus, the hand-checked answer keys.

Each floor is what the pipeline reached when it was set, rounded down to 0.01;
floors are only ever raised.
"""

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.evaluate import evaluate
from tests.conftest import SHARED_CORPUS

F1_FLOORS = {
    "entities": 1.0,
    "entities.ORG": 1.0,
    "entities.PERSON": 1.0,
    "entities.PLACE": 1.0,
    "quantities": 1.0,
    "dates": 1.0,
    "body_lines": 1.0,
    "captions": 1.0,
}
METADATA_FLOOR = 0.98


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"answer keys not found at {SHARED_CORPUS} (../shared/corpus beside the repository)")
    out = tmp_path_factory.mktemp("shared-run")
    result = CliRunner().invoke(main, ["run", str(SHARED_CORPUS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return evaluate(SHARED_CORPUS, out)


@pytest.mark.parametrize("field", sorted(F1_FLOORS))
def test_f1_floor(report, field):
    assert report["scores"][field]["f1"] >= F1_FLOORS[field], report["scores"][field]


def test_metadata_floor(report):
    assert report["metadata"]["all"] >= METADATA_FLOOR, report["metadata"]


def test_every_answer_key_is_scored(report):
    assert report["missing"] == []
