"""Citations, the flag store and reading positions (plain Python, small hand-made analyses)."""

from __future__ import annotations

import json

from tui.citation import cite, speaker_label
from tui.flags import FlagStore, make_flag, match_quotes
from tui.model import Analysis, Entity, Quote, Span
from tui.resume import Position, ReadingState
from tui.userdata import path_key, text_key

TEXT = ("Chinese Foreign Minister Wang Yi accused the United States of casting “serious doubt” on its "
        "credibility.\n\n“The United States continues to stir up trouble,” Wang said.\n\n"
        "Wang says that the talks\nwill go on. Officials said the talks were long.\n")


def span(needle: str, nth: int = 0, text: str = TEXT) -> Span:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return Span.of(text, pos, pos + len(needle))


def analysis(meta=None, path="/news/wang.txt") -> Analysis:
    wang = Entity("E1", "Wang Yi", "PERSON", [span("Wang Yi"), span("Wang", 1), span("Wang", 2)],
                  titles=["Foreign Minister"])
    q_mixed = Quote("Q1", "mixed", [span("the United States of casting “serious doubt” on its credibility")],
                    cue=span("accused"), speaker=span("Wang Yi"), speaker_entity="E1", speaker_name="Wang Yi")
    q_direct = Quote("Q2", "direct", [span("The United States continues to stir up trouble,")],
                     cue=span("said"), speaker=span("Wang", 1), speaker_entity="E1", speaker_name="Wang Yi")
    q_says = Quote("Q3", "indirect", [span("the talks\nwill go on")], cue=span("says"),
                   speaker=span("Wang", 2), speaker_entity="E1", speaker_name="Wang Yi")
    q_anon = Quote("Q4", "indirect", [span("the talks were long")], cue=span("said", 1),
                   speaker=span("Officials"), speaker_name="Officials")
    meta = {"title": "Minister says ties are strong", "source": "Test Wire", "date": "2021-12-31"} if meta is None else meta
    a = Analysis(path, TEXT, meta, {"name": "hand-made"}, [wang], [q_mixed, q_direct, q_says, q_anon])
    a.validate()
    return a


def test_direct_quote_is_cited_with_marks_speaker_title_and_source():
    a = analysis()
    assert cite(a.quotes[1], a) == ("“The United States continues to stir up trouble” — Wang Yi, Foreign Minister "
                                    "(Minister says ties are strong, Test Wire, 2021-12-31)")


def test_mixed_and_indirect_quotes_get_no_invented_quotation_marks():
    a = analysis()
    mixed = cite(a.quotes[0], a, with_source=False)
    assert mixed == "Wang Yi, Foreign Minister, accused the United States of casting “serious doubt” on its credibility"
    says = cite(a.quotes[2], a, with_source=False)
    assert says == "Wang Yi, Foreign Minister, says that the talks will go on"  # line break collapsed
    anon = cite(a.quotes[3], a, with_source=False)
    assert anon == "Officials said the talks were long"
    for q in (a.quotes[2], a.quotes[3]):
        assert "“" not in cite(q, a) and "”" not in cite(q, a)


def test_reporting_noun_and_frames_become_said_that():
    text = "Trump's claim that the deal was bad. According to Lavrov, talks failed."
    q1 = Quote("Q1", "indirect", [span("the deal was bad", text=text)], cue=span("claim", text=text),
               speaker=span("Trump", text=text), speaker_name="Trump")
    q2 = Quote("Q2", "indirect", [span("talks failed", text=text)], cue=span("According to", text=text),
               speaker=span("Lavrov", text=text), speaker_name="Lavrov")
    a = Analysis("/x.txt", text, {}, {}, [], [q1, q2])
    assert cite(q1, a) == "Trump said that the deal was bad (x.txt)"
    assert cite(q2, a) == "Lavrov said that talks failed (x.txt)"


def test_source_falls_back_to_the_file_name_and_unknown_speakers_are_said_so():
    a = analysis(meta={})
    q = Quote("Q9", "direct", [span("The United States continues")])
    assert cite(q, a) == "“The United States continues” (wang.txt)"
    q.kind = "indirect"
    assert cite(q, a).startswith("Unattributed: The United States continues")
    assert speaker_label(q, a) == "unknown speaker"


def test_flags_persist_toggle_and_survive_a_rebuilt_analysis(tmp_path):
    a = analysis()
    key = text_key(a.text)
    store = FlagStore(tmp_path / "data")
    assert store.all() == []
    f = make_flag(a, a.quotes[1], key)
    assert store.toggle(f) is True
    again = FlagStore(tmp_path / "data").all()  # another run reads it back
    assert [x.key for x in again] == [f.key] and again[0].speaker == "Wang Yi, Foreign Minister"
    assert again[0].citation.startswith("“The United States continues")
    # A rebuilt analysis: new quote ids and objects, same text and spans.
    b = analysis()
    for i, q in enumerate(b.quotes):
        q.id = f"X{i}"
    matched, dropped = store.reconcile(b.path, key, b.quotes)
    assert list(matched) == [1] and dropped == []
    # A boundary moved a little (the comma left out): found by overlap and re-anchored.
    b.quotes[1].content = [span("The United States continues to stir up trouble")]
    matched, _ = store.reconcile(b.path, key, b.quotes)
    assert list(matched) == [1] and matched[1].spans == ((b.quotes[1].start, b.quotes[1].end),)
    assert store.all()[0].spans == matched[1].spans
    assert store.toggle(make_flag(b, b.quotes[1], key), matched[1]) is False
    assert store.all() == []
    raw = json.loads((tmp_path / "data" / "flags.json").read_text())
    assert raw == {"version": 1, "flags": []}


def test_flags_are_dropped_when_the_article_text_changes(tmp_path):
    a = analysis()
    store = FlagStore(tmp_path)
    store.toggle(make_flag(a, a.quotes[0], text_key(a.text)))
    other = analysis(path="/news/other.txt")
    store.toggle(make_flag(other, other.quotes[1], text_key(other.text)))
    edited = TEXT.replace("credibility", "standing")
    matched, dropped = store.reconcile(a.path, text_key(edited), [])
    assert len(dropped) == 1 and dropped[0].path == path_key(a.path) and matched == {}
    assert [f.path for f in store.all()] == [path_key("/news/other.txt")]  # other articles keep theirs


def test_match_ignores_quotes_that_barely_overlap():
    a = analysis()
    f = make_flag(a, a.quotes[0], "k")
    a.quotes[0].content = [span("casting")]
    assert match_quotes([f], a.quotes) == {}


def test_a_corrupt_flags_file_is_set_aside_not_overwritten(tmp_path):
    (tmp_path / "flags.json").write_text("{not json")
    store = FlagStore(tmp_path)
    assert store.all() == [] and "not valid JSON" in store.warning
    assert (tmp_path / "flags.json.corrupt").read_text() == "{not json"
    a = analysis()
    assert store.toggle(make_flag(a, a.quotes[0], "k")) is True
    assert len(FlagStore(tmp_path).all()) == 1


def test_entries_that_are_not_flags_are_skipped(tmp_path):
    a = analysis()
    good = make_flag(a, a.quotes[0], "k").to_json()
    (tmp_path / "flags.json").write_text(json.dumps({"version": 1, "flags": [good, {"spans": "x"}, 3, {
        **good, "spans": [[5, 2]]}]}))
    assert len(FlagStore(tmp_path).all()) == 1


def test_reading_positions_per_text_and_the_last_article(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("x")
    state = ReadingState(tmp_path / "data")
    assert state.last() is None
    state.opened(str(art))
    state.record(str(art), "k1", Position(120, (130, 150)))
    assert state.save()
    again = ReadingState(tmp_path / "data")
    assert again.last() == art.resolve()
    assert again.get(str(art), "k1") == Position(120, (130, 150))
    assert again.get(str(art), "k2") is None  # the text changed: the old position is not applied
    # Two readers: the second's save keeps the first's articles.
    other = ReadingState(tmp_path / "data")
    again.record("/elsewhere/b.txt", "kb", Position(5))
    again.save()
    other.record("/elsewhere/c.txt", "kc", Position(7))
    other.save()
    final = ReadingState(tmp_path / "data")
    assert final.get("/elsewhere/b.txt", "kb") == Position(5) and final.get("/elsewhere/c.txt", "kc") == Position(7)


def test_a_data_dir_that_cannot_be_written_gives_a_warning_not_a_crash(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    a = analysis()
    store = FlagStore(blocker / "data")
    assert store.toggle(make_flag(a, a.quotes[0], "k")) is None
    assert store.warning.startswith("cannot write") and "flags.json" in store.warning
    state = ReadingState(blocker / "data")
    state.record("/x.txt", "k", Position(3))
    assert state.save() is False and "state.json" in state.warning
