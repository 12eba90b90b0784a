"""Speaker spans of quotes, one construct per test, with small crafted articles through the real pipeline."""

from __future__ import annotations


def one(analyse, text, kind=None):
    qs = [q for q in analyse(text).quotes if kind is None or q.kind == kind]
    assert len(qs) == 1, [(q.kind, [c.text for c in q.content]) for q in qs]
    return qs[0]


def test_frame_after_a_nested_quote(analyse):
    t = "The mayor spoke on Friday.\n\n“It sounds like, ‘Sure, we can wait a while,’” she said."
    q = one(analyse, t)
    assert q.speaker.text == "she" and q.cue.text == "said"


def test_frame_after_with_a_long_apposition(analyse):
    t = ("“The plan has the rare virtue of adding up,” Paula Grant, director of a budget institute "
         "and a lecturer at a state university, said of the bill.")
    assert one(analyse, t).speaker.text == "Paula Grant"


def test_frame_after_whose_subject_the_parse_lost(analyse):
    t = "“We will get to the bottom of this,” Fairview fire Chief Dana Morrow said Monday."
    q = one(analyse, t)
    assert "Morrow" in q.speaker.text and "Monday" not in q.speaker.text
