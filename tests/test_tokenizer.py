"""The model's tokenizer as newsfacts loads it: spaCy's own, read from the model, with
marks glued to names split off (nlp.NewsTokenizer)."""

import pickle

import spacy

from newsfacts.nlp import resolve_model_name

PLAIN = ("Don't panic: the U.S. Federal Reserve's rate rose 0.25% to $3.5bn in Washington, D.C., "
         "on Jan. 5 (a Tuesday), e-mail news@example.com or see https://example.com/a?b=1.")


def words(tokenizer, text):
    return [t.text for t in tokenizer(text)]


def test_glued_marks_are_split_and_the_models_special_cases_kept(nlp):
    assert words(nlp.tokenizer, "Li Keqiang(L) doesn't visit the U.S. on Saturday.—PPI /VCG Photo") == [
        "Li", "Keqiang", "(", "L", ")", "does", "n't", "visit", "the", "U.S.", "on", "Saturday", ".", "—",
        "PPI", "/", "VCG", "Photo"]


def test_text_without_glued_marks_is_tokenized_as_the_model_does(nlp):
    stock = spacy.load(resolve_model_name(), exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler",
                                                      "lemmatizer", "ner"])
    assert words(nlp.tokenizer, PLAIN) == words(stock.tokenizer, PLAIN)


def test_the_tokenizer_survives_pickling_and_serialization(nlp):
    """A worker process may receive it pickled; `to_bytes`/`from_bytes` is spaCy's own round trip."""
    text = "Anne Ross(2nd L) said it: " + PLAIN
    assert words(pickle.loads(pickle.dumps(nlp.tokenizer)), text) == words(nlp.tokenizer, text)
    copy = type(nlp.tokenizer)(nlp.vocab).from_bytes(nlp.tokenizer.to_bytes())
    assert words(copy, text) == words(nlp.tokenizer, text)


def test_our_components_leave_no_token_cache_on_the_doc(nlp):
    """The stages read a token list made once per Doc; the tokens hold the Doc, so each
    component drops the list when done (else every Doc would live on in a reference cycle)."""
    doc = nlp("Anne Ross, director of the Sydney Observatory, said 1,731 grams of samples arrived on Monday.")
    assert doc.ents and doc._.quantities
    assert not {"newsfacts_tokens", "newsfacts_words"} & set(doc.user_data)


def test_a_doc_made_for_the_pipeline_knows_its_text_and_tokens(nlp):
    from newsfacts.spacy_doc import doc_text, doc_tokens, drop_caches, make_doc

    text = "Li Keqiang(L) met  Anne Ross\n\nin Wellington. "
    doc = make_doc(nlp, text)
    assert doc_text(doc) == doc.text == text
    assert [t.i for t in doc_tokens(doc)] == list(range(len(doc)))
    assert doc_tokens(doc) is doc_tokens(doc)  # made once
    drop_caches(doc)
    assert "newsfacts_tokens" not in doc.user_data
