"""Failures inside our spaCy components, noted on the Doc (a home that depends on
nothing of ours, so the components and `nlp.py` need not import each other)."""

from __future__ import annotations

from spacy.tokens import Doc

if not Doc.has_extension("newsfacts_error"):
    Doc.set_extension("newsfacts_error", default=None)  # a failure inside one of our components


def record_component_failure(doc: Doc, stage: str, exc: Exception) -> None:
    """One odd text must not stop the batch: our component notes the failure on the Doc,
    and the orchestrator marks only that document an error."""
    doc._.newsfacts_error = f"{stage}: {type(exc).__name__}: {exc}"
