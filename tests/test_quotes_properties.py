"""Property tests: any text gives valid quotes (spans in bounds, nothing raised)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

WORDS = ["Wang", "said", "he", "she", "the minister", "according to", "that", "told", "“", "”", "\"",
         "‘", "’", "'", ",", ".", ":", "\n\n", "\n", "We", "will", "win", "claimed", "Mr.", "Smith", " ", "«", "»"]


def _check(a):
    a.validate()
    n = len(a.text)
    for q in a.quotes:
        assert q.content
        for s in q.content:
            assert 0 <= s.start < s.end <= n
    ids = [q.id for q in a.quotes]
    assert ids == [f"Q{i}" for i in range(1, len(ids) + 1)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join))
def test_news_like_text(analyse, text):
    _check(analyse(text))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_any_text(analyse, text):
    _check(analyse(text))
