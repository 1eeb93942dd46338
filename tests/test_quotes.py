"""Quotes and roles (issue 22), on sentences written for these tests: one test per
attribution form and per role form, then properties over any text."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings, strategies as st

from newsfacts.quotes import quoted_spans
from tests.test_entities import source_text

HEAD = "A headline for the test\n\nLISBON, March 3 (Xinhua) -- The city council met on Monday.\n\n"


def quotes(process, body: str) -> set[tuple[str, str, str]]:
    doc = process(HEAD + body + "\n", reference_date="2024-03-03")
    return {(q.speaker, q.kind, q.text) for q in doc.quotes}


def roles(process, body: str) -> set[tuple[str, str, str | None]]:
    doc = process(HEAD + body + "\n", reference_date="2024-03-03")
    return {(r.person, r.role, r.organization) for r in doc.roles}


# ---------------------------------------------------------------- direct

def test_direct_quote_then_speaker(process):
    found = quotes(process, '"We will open two new schools next year," Maria Lopez said on Tuesday.')
    assert ("Maria Lopez", "direct", "We will open two new schools next year") in found


def test_direct_quote_then_verb_then_speaker_with_apposition(process):
    found = quotes(process, "“The bridge is safe for heavy trucks,” said Tomas Berger, chief engineer "
                            "of the Rhine Bridge Authority.")
    assert ("Tomas Berger", "direct", "The bridge is safe for heavy trucks") in found


def test_quote_split_by_its_attribution_is_one_quote_of_its_first_part(process):
    found = quotes(process, "Maria Lopez spoke at the opening.\n\n"
                            '"The harvest was good this year," she said, "but prices fell sharply."')
    assert ("Maria Lopez", "direct", "The harvest was good this year") in found
    assert not any("prices fell" in text for _, _, text in found)


def test_speaker_then_colon_then_quote(process):
    found = quotes(process, 'Maria Lopez told the assembly: "Our budget is balanced for the first time."')
    assert ("Maria Lopez", "direct", "Our budget is balanced for the first time") in found


def test_quote_over_several_paragraphs(process):
    doc = process(HEAD + "Maria Lopez spoke after the vote.\n\n"
                  '"The plan covers every district of the city.\n\n'
                  '"It will take five years to finish," Lopez said.\n')
    [q] = [q for q in doc.quotes if q.kind == "direct"]
    assert q.speaker == "Maria Lopez"
    assert q.text.startswith("The plan covers") and q.text.endswith("five years to finish")


def test_quoted_paragraph_after_an_attributed_one_continues_its_speaker(process):
    found = quotes(process, '"We planted ten thousand trees in the spring," said Maria Lopez.\n\n'
                            '"Most of them survived the dry summer without any watering."')
    assert ("Maria Lopez", "direct", "Most of them survived the dry summer without any watering") in found


def test_quoted_fragments_after_a_fragment_verb(process):
    found = quotes(process, 'Maria Lopez praised the agreement as "a turning point for the region".')
    assert ("Maria Lopez", "direct", "a turning point for the region") in found


def test_quoted_fragment_inside_reported_speech_is_one_indirect_quote(process):
    found = quotes(process, 'Maria Lopez said the new line was "a big step forward" for commuters.')
    assert [(s, k) for s, k, _ in found] == [("Maria Lopez", "indirect")]


# ---------------------------------------------------------------- indirect

def test_said_that(process):
    found = quotes(process, "Maria Lopez said that the city will hire 300 new teachers by the autumn.")
    assert ("Maria Lopez", "indirect", "the city will hire 300 new teachers by the autumn") in found


def test_reported_clause_then_speaker(process):
    found = quotes(process, "Rents rose by a tenth in the old town last year, Maria Lopez said.")
    assert ("Maria Lopez", "indirect", "Rents rose by a tenth in the old town last year") in found


def test_reported_clause_then_verb_then_speaker(process):
    found = quotes(process, "Rents rose by a tenth in the old town last year, said Maria Lopez, "
                            "an economist at Meridian Bank.")
    assert ("Maria Lopez", "indirect", "Rents rose by a tenth in the old town last year") in found


def test_according_to(process):
    found = quotes(process, "According to the Portuguese Statistics Institute, exports grew 4 percent in "
                            "January.\n\nImports fell 2 percent in the same month, according to Maria Lopez.")
    assert ("Portuguese Statistics Institute", "indirect", "exports grew 4 percent in January") in found
    assert ("Maria Lopez", "indirect", "Imports fell 2 percent in the same month") in found


def test_told_reporters(process):
    found = quotes(process, "Maria Lopez told reporters the harbor will reopen next week.")
    assert ("Maria Lopez", "indirect", "the harbor will reopen next week") in found


def test_other_reporting_verbs(process):
    found = quotes(process, "Maria Lopez noted that the port handled more ships than ever.\n\n"
                            "Tomas Berger warned that the river could flood the lower town.\n\n"
                            "Anna Weber stressed the importance of clean water for every school.")
    assert ("Maria Lopez", "indirect", "the port handled more ships than ever") in found
    assert ("Tomas Berger", "indirect", "the river could flood the lower town") in found
    assert ("Anna Weber", "indirect", "the importance of clean water for every school") in found


def test_adding_that_is_a_quote_of_its_own(process):
    found = quotes(process, "Maria Lopez said the new line would open in May, adding that fares would stay "
                            "the same.")
    assert ("Maria Lopez", "indirect", "the new line would open in May") in found
    assert ("Maria Lopez", "indirect", "fares would stay the same") in found


def test_citing_credits_a_second_source(process):
    found = quotes(process, "Car sales rose 8 percent in February, the Lisbon Herald reported, citing data "
                            "from the Automobile Association of Portugal.")
    speakers = {s for s, _, text in found if text.startswith("Car sales rose")}
    assert speakers == {"Lisbon Herald", "Automobile Association of Portugal"}


def test_time_adjunct_before_the_reported_clause(process):
    found = quotes(process, "Maria Lopez said on Monday the harbor would reopen within a week.")
    assert ("Maria Lopez", "indirect", "the harbor would reopen within a week") in found


def test_trailing_attribution_followed_by_a_participle(process):
    found = quotes(process, "Maria Lopez opened the fair.\n\n"
                            "Ticket sales rose 30 percent, she added, without giving figures.")
    assert ("Maria Lopez", "indirect", "Ticket sales rose 30 percent") in found


def test_question_asked(process):
    found = quotes(process, '"Why did the trains stop?" asked Maria Lopez, a commuter from Sintra.')
    assert ("Maria Lopez", "direct", "Why did the trains stop?") in found


# ---------------------------------------------------------------- speakers

def test_speaker_after_an_age_and_an_apposition(process):
    found = quotes(process, "Maria Lopez, 45, a professor at the University of Coimbra, said inflation "
                            "would fall this year.")
    assert ("Maria Lopez", "indirect", "inflation would fall this year") in found


def test_the_company_points_back_to_the_last_organization(process):
    found = quotes(process, "Meridian Bank cut its rates on Monday.\n\n"
                            "The company said in a statement that profits would rise.")
    assert ("Meridian Bank", "indirect", "profits would rise") in found


def test_pronoun_and_surname_point_back_to_the_person(process):
    found = quotes(process, "Maria Lopez, the mayor of Porto, opened the fair.\n\n"
                            "She said the fair drew twice as many visitors as last year.\n\n"
                            "The city will build a second hall, Lopez added.")
    assert ("Maria Lopez", "indirect", "the fair drew twice as many visitors as last year") in found
    assert ("Maria Lopez", "indirect", "The city will build a second hall") in found


def test_the_ministry_points_back_to_the_organization(process):
    found = quotes(process, "The Ministry of Transport published its annual review on Friday.\n\n"
                            "The ministry said that rail traffic had doubled since 2015.")
    assert ("Ministry of Transport", "indirect", "rail traffic had doubled since 2015") in found


def test_unnamed_speakers_are_not_quotes(process):
    found = quotes(process, "Prices will rise again in the summer, officials said.\n\n"
                            '"It was a long night," said one resident.\n\n'
                            "Analysts expect the central bank to cut rates.")
    assert found == set()


def test_topic_or_action_objects_are_not_quotes(process):
    found = quotes(process, "Maria Lopez called for more investment in rural roads.\n\n"
                            "Tomas Berger announced a series of measures to support farmers.\n\n"
                            "Anna Weber spoke of the cooperation between the two cities.\n\n"
                            "Floods hit the valley, and Tomas Berger warned of more rain.")
    assert found == set()


def test_offsets_point_to_the_text_and_the_speaker(process):
    doc = process(HEAD + '"The museum will stay open late on Fridays," Maria Lopez said.\n')
    [q] = doc.quotes
    body = source_text(doc, q.source)
    assert body[q.start:q.end] == q.text
    assert body[q.speaker_start:q.speaker_end] == "Maria Lopez"
    assert (q.cue, q.speaker_label) == ("said", "PERSON")


# ---------------------------------------------------------------- roles

def test_role_by_apposition_with_organization(process):
    found = roles(process, "Tomas Berger, head of the Rhine Bridge Authority, opened the bridge.")
    assert ("Tomas Berger", "head", "Rhine Bridge Authority") in found


def test_role_by_apposition_without_organization(process):
    found = roles(process, "Tomas Berger, chief designer of the new tunnel, opened the bridge.")
    assert ("Tomas Berger", "chief designer of the new tunnel", None) in found


def test_role_before_the_name(process):
    found = roles(process, "Meridian Bank economist Maria Lopez expects growth to slow.\n\n"
                           "German Chancellor Anna Weber arrived in Lisbon on Sunday.")
    assert ("Maria Lopez", "economist", "Meridian Bank") in found
    assert {(p, o) for p, r, o in found if "Chancellor" in r} == {("Anna Weber", None)}


def test_role_before_the_name_and_a_comma(process):
    found = roles(process, "Their teacher, Maria Lopez, led the class to the river.\n\n"
                           "The paper quoted a Meridian Bank economist, Tomas Berger, on the figures.")
    assert ("Maria Lopez", "teacher", None) in found
    assert ("Tomas Berger", "economist", "Meridian Bank") in found


def test_a_place_inside_a_title_is_part_of_it(process):
    found = roles(process, "Tomas Berger, chief European economist at Meridian Bank, spoke first.\n\n"
                           "Anna Weber, head of Portugal's water agency, spoke next.\n\n"
                           "The flower was named after the Dutch ecologist Pieter Smit.")
    assert ("Tomas Berger", "chief European economist", "Meridian Bank") in found
    assert ("Anna Weber", "head of Portugal's water agency", None) in found
    assert ("Pieter Smit", "ecologist", None) in found


def test_role_in_a_relative_clause(process):
    found = roles(process, "Tomas Berger, who is the director of the Lisbon Maritime Museum, "
                           "showed the ship.")
    assert ("Tomas Berger", "director", "Lisbon Maritime Museum") in found


def test_former_stays_and_job_words_count(process):
    found = roles(process, "Maria Lopez, a former professor at the University of Coimbra, spoke first.\n\n"
                           "Tomas Berger, a teacher, joined her.")
    assert ("Maria Lopez", "former professor", "University of Coimbra") in found
    assert ("Tomas Berger", "teacher", None) in found


# ---------------------------------------------------------------- properties

def test_quote_marks_pair_within_paragraphs_and_continue_over_them():
    text = 'He said "one" and "two".\n"Three\n"four," she said.\nNo "close here\nNext.'
    spans = [text[q.open + 1:q.close] for q in quoted_spans(text)]
    assert spans == ["one", "two", 'Three\n"four,', "close here"]


def test_plain_single_quotes_open_a_line_and_apostrophes_stay_apostrophes():
    text = "It's the workers' day, isn't it?\n'We are ready,' said Maria Lopez.\nThe 'plan' is on Lopez's desk."
    spans = [text[q.open + 1:q.close] for q in quoted_spans(text)]
    assert spans == ["We are ready,"]


EXAMPLES = int(os.environ.get("NEWSFACTS_FUZZ_EXAMPLES", "200"))
PIECES = st.sampled_from([
    '"', "“", "”", "‘", "’", "said", " said ", "told reporters", "according to", ", adding that ", "Maria Lopez",
    "Lopez", "he", "She", "the ministry", "Ministry of Transport", ", head of the ", "\n", "\n\n", ".", ",",
    "economist", "President", " who is the ", "citing data from", "it", "noted that", "stressed",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map(" ".join)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(body=TEXTS)
def test_quotes_survive_any_text_and_index_their_source(process, body):
    doc = process(HEAD + body + "\n\nA caption of the photo (Xinhua/Li Hua)\n")
    for q in doc.quotes:
        text = source_text(doc, q.source)
        assert text[q.start:q.end] == q.text and q.text  # never crosses its source's end
        assert q.kind in ("direct", "indirect") and q.speaker_label in ("PERSON", "ORG")
        assert q.speaker_start is None or 0 <= q.speaker_start < q.speaker_end <= len(text)
    for r in doc.roles:
        assert source_text(doc, r.source)[r.start:r.end].lower().startswith(r.role.lower()[:3])


# ---------------------------------------------------------------- analysis

ARTICLE_A = (HEAD + "Maria Lopez, head of the Lisbon Port Authority, said cargo volumes rose 12 percent.\n\n"
             '"We expect another record year," Lopez said.\n')
ARTICLE_B = (HEAD + "Port traffic slowed in the north, Tomas Berger, an economist at Meridian Bank, said.\n\n"
             "Maria Lopez, head of the Lisbon Port Authority, said the harbor would be deepened next year.\n")


def test_who_was_quoted_most_and_as_what(tmp_path):
    """The README's pandas example: quotes.csv joined with roles.csv."""
    import pandas as pd

    from newsfacts.orchestrator import run

    for name, text in (("a", ARTICLE_A), ("b", ARTICLE_B)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run([str(tmp_path)], str(out), progress=False)
    quotes_df = pd.read_csv(out / "quotes.csv")
    roles_df = pd.read_csv(out / "roles.csv")
    top = (quotes_df.groupby("speaker").size().rename("quotes").reset_index()
           .merge(roles_df.drop_duplicates(["person", "role", "organization"]),
                  left_on="speaker", right_on="person", how="left")
           .sort_values("quotes", ascending=False))
    first = top.iloc[0]
    assert (first.speaker, first.quotes, first.role, first.organization) == \
        ("Maria Lopez", 3, "head", "Lisbon Port Authority")
