"""Organisation short forms through the real pipeline: "the Post" is The New York Post."""

from __future__ import annotations


def orgs(a):
    return {e.name: e for e in a.entities if e.label == "ORG"}


def test_the_post_joins_the_newspaper_named_in_full(analyse):
    a = analyse("The New York Post reported on Sunday that the mayor had left the city. "
                "The Post has learned that he flew to Florida.")
    o = orgs(a)
    assert "Post" not in o, list(o)
    assert len(o["New York Post"].mentions) == 2


def test_times_and_journal_short_forms(analyse):
    a = analyse("The New York Times reported on Monday that the deal was off. The Times said "
                "officials had been briefed. The Wall Street Journal first reported the layoffs. "
                "According to the Journal, the bank will cut jobs.")
    o = orgs(a)
    assert "Times" not in o and "Journal" not in o, list(o)
    assert len(o["New York Times"].mentions) == 2
    assert len(o["Wall Street Journal"].mentions) == 2


def test_generic_short_form_stays_apart(analyse):
    a = analyse("The Secret Service closed the road on Monday. The Forest Service said the fire "
                "was under control.")
    o = orgs(a)
    assert "Secret Service" in o and "Forest Service" in o
    assert len(o["Secret Service"].mentions) == 1
