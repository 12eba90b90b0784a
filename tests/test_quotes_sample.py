"""The sample article as a regression test: every quotation found, each attributed to Wang Yi."""

from __future__ import annotations

import pytest


def _wang(a, q):
    """The speaker entity is the one that holds "Wang" (Wang Yi once entities merge the aliases)."""
    e = a.entity(q.speaker_entity)
    return e is not None and e.label == "PERSON" and "Wang" in e.name


QUOTED = [
    ("serious doubt", "mixed"),
    ("against “hegemonism", "mixed"),
    ("The United States continues to stir up trouble", "direct"),
    ("This is a typical case of saying one thing", "direct"),
    ("The United States often claims to be a trust-based society", "direct"),   # said the Foreign Secretary
    ("If the US side hopes to maintain a level of credibility", "direct"),      # cue-less continuation
    ("As long as the United States lifts its obsession", "direct"),
    ("Since China is determined to stand up for its rights", "direct"),         # ”he said glued
    ("American hegemonism", "direct"),                                          # This “…,” said Wang
    ("China and Russia are two major countries", "direct"),
    ("Their strategic coordination and practical cooperation", "direct"),      # closer typed as “
    ("We are convinced that as long as China and Russia", "direct"),            # ‘ stray, “he said
]

REPORTED = [
    ("the United States’ behavior on issues such as Taiwan", "the foreign minister"),
    ("Beijing had made clear the costs", "The foreign minister"),
    ("to deepen cooperation", "The Chinese diplomat"),
]


def _quote_with(a, words):
    hits = [q for q in a.quotes if any(words in c.text for c in q.content)]
    assert len(hits) == 1, f"{words!r}: {len(hits)} quotes"
    return hits[0]


@pytest.mark.parametrize("words,kind", QUOTED)
def test_every_quotation_found_and_attributed_to_wang(sample_analysis, words, kind):
    q = _quote_with(sample_analysis, words)
    assert q.kind == kind
    assert _wang(sample_analysis, q), (q.speaker, q.speaker_name)


@pytest.mark.parametrize("words,speaker", REPORTED)
def test_reported_speech_by_role_description(sample_analysis, words, speaker):
    q = _quote_with(sample_analysis, words)
    assert q.kind == "indirect" and q.speaker.text == speaker
    assert _wang(sample_analysis, q)


def test_speaker_resolves_to_full_name(sample_analysis):
    names = {q.speaker_name for q in sample_analysis.quotes if "Wang" in (q.speaker_name or "")}
    assert names == {"Wang Yi"}


def test_no_overlapping_quotes(sample_analysis):
    qs = sample_analysis.quotes
    assert [q.id for q in qs] == [f"Q{i}" for i in range(1, len(qs) + 1)]
    for a, b in zip(qs, qs[1:]):
        assert a.end <= b.start
    sample_analysis.validate()


def test_marks_are_outside_direct_content(sample_analysis):
    for q in sample_analysis.quotes:
        if q.kind == "direct":
            for c in q.content:
                assert c.text[:1] not in "“”\"" and c.text[-1:] not in "“”\"", c.text
