"""What our spaCy components share about a Doc: a failure noted on it, and its text,
tokens and words made once (a home that depends on nothing of ours, so the components
and `nlp.py` need not import each other)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

if not Doc.has_extension("newsfacts_error"):
    Doc.set_extension("newsfacts_error", default=None)  # a failure inside one of our components


def record_component_failure(doc: Doc, stage: str, exc: Exception) -> None:
    """One odd text must not stop the batch: our component notes the failure on the Doc,
    and the orchestrator marks only that document an error."""
    doc._.newsfacts_error = f"{stage}: {type(exc).__name__}: {exc}"


def make_doc(nlp, text: str) -> Doc:
    """The Doc of `text`, knowing its text: spaCy's tokenizer keeps every character, so
    `doc.text` is `text` and need not be joined again from the tokens."""
    doc = nlp.make_doc(text)
    doc.user_data["newsfacts_text"] = text
    return doc


def doc_text(doc: Doc) -> str:
    """`doc.text`, made once per document: spaCy joins every token's text on each access."""
    text = doc.user_data.get("newsfacts_text")
    if text is None:
        text = doc.user_data["newsfacts_text"] = doc.text
    return text


def doc_tokens(doc: Doc) -> list[Token]:
    """The Token objects, made once per document: spaCy makes a new one on every `doc[i]`
    (as costly as reading ten of its attributes). They hold the Doc: `drop_caches` when done."""
    tokens = doc.user_data.get("newsfacts_tokens")
    if tokens is None:
        tokens = doc.user_data["newsfacts_tokens"] = list(doc)
    return tokens


def drop_caches(doc: Doc) -> None:
    """Forget the token objects and words made for our stages: not part of the Doc's data,
    and the tokens would keep the Doc alive in a reference cycle."""
    doc.user_data.pop("newsfacts_tokens", None)
    doc.user_data.pop("newsfacts_words", None)


def doc_words(doc: Doc) -> list[str]:
    """The token texts, made once per document (a Token object costs more than its text)."""
    words = doc.user_data.get("newsfacts_words")
    if words is None:
        words = doc.user_data["newsfacts_words"] = [t.text for t in doc_tokens(doc)]
    return words
