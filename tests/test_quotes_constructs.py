"""Quote extraction, one construct per test, with small crafted articles through the real pipeline."""

from __future__ import annotations

import pytest


def quotes(analyse, text):
    return analyse(text).quotes


def one(analyse, text, kind=None):
    qs = [q for q in quotes(analyse, text) if kind is None or q.kind == kind]
    assert len(qs) == 1, [(q.kind, [c.text for c in q.content]) for q in qs]
    return qs[0]


def test_quote_then_name_said(analyse):
    q = one(analyse, "“We will not back down,” Wang said.")
    assert q.kind == "direct" and q.content[0].text == "We will not back down,"
    assert q.speaker.text == "Wang" and q.cue.text == "said"


def test_quote_then_said_name(analyse):
    q = one(analyse, "“We will not back down,” said Maria Lopez.")
    assert q.speaker.text == "Maria Lopez"


def test_quote_then_said_role(analyse):
    t = "Foreign Minister Wang Yi spoke on Thursday.\n\n“The United States claims to be trustworthy,” said the Foreign Secretary."
    q = one(analyse, t)
    assert q.speaker.text == "the Foreign Secretary"
    assert q.speaker_name is not None and "Wang" in q.speaker_name


def test_quote_then_pronoun(analyse):
    t = "Senator John Miller spoke to reporters on Monday.\n\n“We have the votes,” he said."
    q = one(analyse, t)
    assert q.speaker.text == "he" and q.speaker_name == "John Miller"


def test_pronoun_skips_people_named_inside_quotes(analyse):
    t = ("Senator John Miller spoke on Monday.\n\n“I met Robert Smith yesterday,” he said. "
         "“We have the votes,” he added.")
    qs = quotes(analyse, t)
    assert [q.speaker_name for q in qs] == ["John Miller", "John Miller"]


def test_colon_frame_before_quote(analyse):
    q = one(analyse, "Wang said: “The United States continues to stir up trouble.”")
    assert q.kind == "direct" and q.speaker.text == "Wang"
    assert q.content[0].text == "The United States continues to stir up trouble."


def test_quote_broken_by_attribution_is_one_quote(analyse):
    q = one(analyse, "“This is a typical case,” Wang said, “of saying one thing and doing another.”")
    assert [c.text for c in q.content] == ["This is a typical case,", "of saying one thing and doing another."]


def test_continuation_takes_previous_speaker(analyse):
    t = ("“We are ready,” said Maria Lopez.\n\n"
         "“Their strategic coordination is of global importance and plays an irreplaceable role.”")
    qs = quotes(analyse, t)
    assert len(qs) == 2 and qs[1].kind == "direct"
    assert qs[1].cue is None and qs[1].speaker.text == "Maria Lopez"


def test_continuation_sentence_in_same_paragraph(analyse):
    t = "“We are ready,” Wang said. “Their cooperation is of global importance and plays a role.”"
    qs = quotes(analyse, t)
    assert len(qs) == 1  # merged: only the attribution lies between the two quotations
    assert len(qs[0].content) == 2 and qs[0].speaker.text == "Wang"


def test_according_to(analyse):
    q = one(analyse, "The plan failed last year, according to the Ministry of Finance.")
    assert q.kind == "indirect" and "plan failed last year" in q.content[0].text
    assert q.speaker.text.endswith("Ministry of Finance") and q.cue.text == "according to"


def test_indirect_said(analyse):
    t = "The foreign minister said the United States’ behavior undermined bilateral relations."
    q = one(analyse, t)
    assert q.kind == "indirect"
    assert q.content[0].text == "the United States’ behavior undermined bilateral relations"
    assert q.speaker.text == "The foreign minister"


def test_indirect_that_drops_complementizer(analyse):
    q = one(analyse, "The minister also suggested that Beijing had made the costs clear.")
    assert q.content[0].text == "Beijing had made the costs clear" and q.cue.text == "suggested"


def test_indirect_called_on(analyse):
    q = one(analyse, "The Chinese diplomat called on Moscow to deepen cooperation with Beijing.")
    assert q.kind == "indirect" and q.content[0].text == "Moscow to deepen cooperation with Beijing"
    assert q.speaker.text == "The Chinese diplomat"


def test_indirect_noun_claim(analyse):
    q = one(analyse, "Trump’s claim that the election was rigged is false.")
    assert q.content[0].text == "the election was rigged" and q.speaker.text.startswith("Trump")


def test_indirect_content_before_cue(analyse):
    q = one(analyse, "Protocol called for the nominee to be taken to a trauma center, sources said.")
    assert q.content[0].text.startswith("Protocol called for") and q.speaker.text == "sources"


def test_indirect_disabled(analyse, settings):
    from tui.analysis import analyze
    from tui.articles import article_from_text
    from tui.nlp import load_pipeline

    s2 = settings.model_copy(update={"quotes": settings.quotes.model_copy(update={"indirect": False})})
    a = analyze(article_from_text("The minister said the plan failed. “We lost,” she said."), s2,
                nlp=load_pipeline(settings.pipeline.names))
    assert [q.kind for q in a.quotes] == ["direct"]


def test_mixed_fragment_in_reported_clause(analyse):
    t = "Wang said closer cooperation would create a steadfast front against “hegemonism.”"
    q = one(analyse, t)
    assert q.kind == "mixed" and q.speaker.text == "Wang"
    assert q.content[0].text.startswith("closer cooperation")


def test_mixed_fragment_governed_by_cue(analyse):
    t = "Foreign Minister Wang Yi accused the United States of casting “serious doubt” on its credibility."
    q = one(analyse, t)
    assert q.kind == "mixed" and "serious doubt" in q.content[0].text
    assert "Wang Yi" in q.speaker.text and "serious" not in q.speaker.text


def test_scare_quotes_are_not_quotes(analyse):
    assert quotes(analyse, "The so-called “reform” package passed the house on Monday.") == []


def test_ids_in_text_order_and_no_overlap(analyse):
    t = ("“We will win,” Wang said. The minister said the talks failed. "
         "“We are ready,” said Maria Lopez, according to the transcript.")
    qs = quotes(analyse, t)
    assert [q.id for q in qs] == [f"Q{i}" for i in range(1, len(qs) + 1)]
    starts = [q.start for q in qs]
    assert starts == sorted(starts)
    for a, b in zip(qs, qs[1:]):
        assert a.end <= b.start


@pytest.mark.parametrize("text", ["", "   ", "“", "”“”“", "\"\"\"", "said said said", "\x00\x01“a”"])
def test_degenerate_inputs(analyse, text):
    a = analyse(text)
    a.validate()


def test_said_that_whole_quotation_is_mixed(analyse):
    q = one(analyse, "Cruz said instead that “every word I said there is true and accurate.”")
    assert q.kind == "mixed" and q.speaker.text == "Cruz"
    assert q.content[0].text == "every word I said there is true and accurate."


def test_report_inside_a_quotation_is_not_a_quote(analyse):
    t = "“My friend told me that the vote was rigged,” Maria Lopez said."
    q = one(analyse, t)
    assert q.kind == "direct" and q.speaker.text == "Maria Lopez"


def test_stance_verb_with_object(analyse):
    q = one(analyse, "Senator Jane Doe endorsed the governor’s plan for new highways.")
    assert q.kind == "indirect" and q.content[0].text == "the governor’s plan for new highways"
    assert q.speaker.text == "Senator Jane Doe"


def test_according_to_stops_before_coordinated_clause(analyse):
    t = "Clinton leads Sanders by 271 delegates according to a count by the AP, but Sanders has vowed to fight on."
    q = [q for q in quotes(analyse, t) if q.cue and q.cue.text == "according to"][0]
    assert q.content[0].text == "Clinton leads Sanders by 271 delegates"
