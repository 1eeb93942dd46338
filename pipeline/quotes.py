"""Stage 8, quotes and roles: who said what, and in what capacity.

Runs after the entities stage, on the same spaCy Doc: speakers and
office-holders are the document's canonical entities.
"""

from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc

from pipeline.record import Entity, Quote, Role


def extract_quotes(doc: Doc, entities: list[Entity],
                   locate: Callable[[int, int], tuple[str, int, int]]) -> tuple[list[Quote], list[Role]]:
    """Quotes (direct and indirect) and roles of one document.

    `doc` is the spaCy Doc over the document's combined text (body, then captions);
    `entities` are the entities stage's mentions, whose offsets are already located
    in their sources; `locate` maps offsets in `doc.text` to (source, start, end).
    """
    return [], []  # not implemented yet (issue 22)
