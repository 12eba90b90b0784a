"""SAID rows: the speaker entity must be the one that speaks, not a word modifying it."""

from __future__ import annotations


def said(a):
    return [(a.entity(r.subject).name, r.object_text) for r in a.relations if r.type == "SAID"]


def test_a_place_modifying_the_speaker_is_not_the_speaker(analyse):
    a = analyse("Officials in France met on Monday. The Paris attacks show that the laws must change, "
                "the report said. Ohio voters said the economy mattered most.")
    names = {n for n, _ in said(a)}
    assert not names & {"Paris", "Ohio"}, said(a)


def test_a_nationality_adjective_never_speaks(analyse):
    a = analyse("Mexican officials said the wall would never be paid for by Mexico.")
    assert not [n for n, _ in said(a) if n == "Mexican"], said(a)


def test_a_country_speaks_through_its_officials(analyse):
    a = analyse("The United States imposed new tariffs. US officials said the U.S. would not back down.")
    assert ("United States" in {n for n, _ in said(a)}), said(a)


def test_a_person_named_alone_still_speaks(analyse):
    a = analyse("Donald Trump said the wall would be built.")
    assert [n for n, _ in said(a)] == ["Donald Trump"]


def test_a_candidates_campaign_is_not_the_candidate(analyse):
    a = analyse("John Kasich's campaign said the governor would stay in the race.")
    assert not [n for n, _ in said(a) if n == "John Kasich"], said(a)
