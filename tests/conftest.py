"""Shared fixtures: the repository's paths and one spaCy pipeline for the whole session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Every property test draws its examples from a fixed seed, so that a run cannot fail by
# chance; `NEWSFACTS_FUZZ_RANDOM=1` draws fresh ones (fuzzing by hand), and what they find
# becomes an `@example`.
settings.register_profile("fixed", derandomize=True, database=None)
settings.load_profile("default" if os.environ.get("NEWSFACTS_FUZZ_RANDOM") else "fixed")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = CORPUS / "xinhua-deep-space-2025.txt"
DATA = Path(__file__).resolve().parent / "data"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def nlp():
    from newsfacts.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def rules():
    from newsfacts.clean import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def process(nlp, rules):
    """Run one article text through every stage, as the orchestrator does."""
    from newsfacts.orchestrator import extract, prepare
    from newsfacts.record import Document

    def _process(text: str, doc_id: str = "test", reference_date: str | None = None) -> Document:
        doc = Document(doc_id=doc_id, source=f"{doc_id}.txt", sha256="", raw_text=text)
        prepare(doc, rules, reference_date)
        extract([doc], nlp)
        return doc

    return _process


@pytest.fixture(scope="session")
def quantities(nlp):
    """The quantities stage alone on a text: `quantities(text) -> [Quantity]`."""
    from newsfacts.quantities import find_quantities
    from newsfacts.quantity_lexicon import load_lexicon

    lexicon = load_lexicon()

    def _find(text):
        return find_quantities(nlp(text), lexicon)

    return _find
