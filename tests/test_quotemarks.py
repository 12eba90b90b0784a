"""Quotation-mark pairing (pure string code, no spaCy)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from tui.analysis.quotes.marks import find_quotes


def inner(text: str) -> list[str]:
    return [text[r.start:r.end] for r in find_quotes(text)]


def test_curly_pair():
    assert inner("He said “we will win,” and left.") == ["we will win,"]


def test_straight_pair():
    assert inner('He said "we will win," and left.') == ["we will win,"]


def test_guillemets():
    assert inner("Il a dit « nous gagnerons » hier.") == ["nous gagnerons"]


def test_two_apostrophe_marks():
    assert inner("''Even so, we won,'' Mr. O'Hanlon said.") == ["Even so, we won,"]


def test_apostrophes_are_not_marks():
    t = "The United States’ behavior and Taiwan’s case don’t matter, said O’Brien."
    assert inner(t) == []


def test_possessive_inside_double_quote_does_not_close():
    assert inner("“The United States’ behavior is bad,” Wang said.") == ["The United States’ behavior is bad,"]


def test_closing_mark_typed_as_opening():
    t = "“Their cooperation plays an irreplaceable role. “\n\nSino-Russian ties grew."
    assert inner(t) == ["Their cooperation plays an irreplaceable role."]


def test_mark_glued_to_next_word():
    t = "“It will end up harming American interests, ”he said."
    assert inner(t) == ["It will end up harming American interests,"]


def test_space_before_closer():
    t = "a front against “hegemonism. ” foreigner."
    assert inner(t) == ["hegemonism."]


def test_stray_closer_is_skipped():
    t = "It was done” and then “this is quoted” here."
    assert inner(t) == ["this is quoted"]


def test_missing_closer_ends_at_paragraph():
    t = "“This never closes, he said\n\nNext paragraph here."
    regions = find_quotes(t)
    assert [t[r.start:r.end] for r in regions] == ["This never closes, he said"]
    assert regions[0].close_at is None and not regions[0].continued


def test_quote_over_paragraphs_is_continued():
    t = "“First paragraph of the quote.\n\n“Second paragraph,” she said."
    regions = find_quotes(t)
    assert [t[r.start:r.end] for r in regions] == ["First paragraph of the quote.", "Second paragraph,"]
    assert regions[0].continued and not regions[1].continued


def test_single_marks_pair_outside_double():
    assert inner("Headline: Trump says ‘we will win’ in Ohio") == ["we will win"]


def test_unpaired_single_inside_double_is_ignored():
    t = "“Justice will not fall apart. ‘will not collapse and hegemonism will not win, “he said."
    assert inner(t) == ["Justice will not fall apart. ‘will not collapse and hegemonism will not win,"]


def test_lone_mark_at_paragraph_end():
    assert inner("He said this. “\n\nOther text.") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n“”\"‘’'«»`\x00\t")), max_size=200))
def test_never_raises_and_spans_in_bounds(text):
    prev_end = -1
    for r in find_quotes(text):
        assert 0 <= r.open_at < r.start < r.end <= len(text)
        assert r.start >= prev_end or r.single
        assert text[r.start:r.end].strip() == text[r.start:r.end]
        prev_end = r.end


@given(st.text(max_size=300))
def test_any_text(text):
    for r in find_quotes(text):
        assert 0 <= r.start < r.end <= len(text)


def test_nested_curly_quotation_stays_inside():
    t = "She tweeted: “Fans behind him wore “Vote Smith” shirts at the rally… ouch.” Then she left."
    assert inner(t) == ["Fans behind him wore “Vote Smith” shirts at the rally… ouch."]


@pytest.mark.parametrize("text, quoted", [
    ('The paper wrote: "He walked onto the stage, chanting “U-S-A!” as the crowd cheered." Then it ended.',
     ["He walked onto the stage, chanting “U-S-A!” as the crowd cheered."]),
    ('"Here is the question: “Are you better off?” That is what they asked.',
     ["Here is the question: “Are you better off?” That is what they asked."]),
])
def test_curly_quotation_inside_a_straight_one_stays_inside(text, quoted):
    assert inner(text) == quoted


def test_a_curly_closer_still_closes_a_straight_opener():
    assert inner('He said "we are done.” Then he left.') == ["we are done."]


def test_opener_without_two_closers_still_closes():
    t = "“We are done, he said. “Next,” she said, “we go home.”"
    assert inner(t)[-1] == "we go home."


def test_straight_quoted_excerpt_paragraph_is_narrative_with_its_own_quotations():
    # A post quoting another article paragraph by paragraph: its own quotations are curly, the
    # excerpt opens with a straight mark it never closes, and the excerpt's quotations are curly.
    t = ("The paper ran a “profile” of the voter.\n\n"
         "\"She had been away for weeks after what she called a “tirade,” and a clerk wrote “anxious.”\n\n"
         "“I am fine,” she said.")
    assert inner(t) == ["profile", "tirade,", "anxious.", "I am fine,"]


def test_paragraph_after_an_excerpt_paragraph_continues_the_excerpt():
    t = ("The paper ran a “profile” of the voter.\n\n"
         "\"She had been away for weeks after what she called a “tirade.”\n\n"
         "\"Her friend thought the whole thing was unfair. She was tired, sure.\n\n"
         "“I am fine,” she said.")
    assert inner(t) == ["profile", "tirade.", "I am fine,"]


def test_straight_quoted_speech_paragraph_stays_one_quotation():
    # The same shape with a first-person word outside the inner marks is speech, not an excerpt.
    t = ("The paper ran a “profile” of the voter.\n\n"
         "\"We had been away for weeks after what they called a “tirade,” and a clerk wrote “anxious.”")
    assert inner(t)[-1].startswith("We had been away")
