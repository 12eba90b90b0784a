"""``newsreader eval GOLD_DIR`` on a tiny brat folder, and a floor on PolNeAR dev when present."""

from __future__ import annotations

import json

import pytest

from tests.conftest import POLNEAR_DEV

TEXT = "“We will win,” Wang said.\n\nThe minister said the talks failed.\n"


def _gold(tmp_path, text=TEXT):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(text, encoding="utf-8")
    c1 = text.index("We will win")
    s1 = text.index("Wang")
    c2 = text.index("the talks failed")
    s2 = text.index("The minister")
    ann = "\n".join([
        f"T1\tContent {c1} {c1 + len('We will win,')}\tWe will win,",
        f"T2\tSource {s1} {s1 + 4}\tWang",
        f"T3\tCue {s1 + 5} {s1 + 9}\tsaid",
        "E1\tAttribution:T3 Content:T1 Source:T2 Cue:T3",
        f"T4\tContent {c2} {c2 + len('the talks failed')}\tthe talks failed",
        f"T5\tSource {s2} {s2 + 12}\tThe minister",
        "E2\tAttribution:T5 Content:T4 Source:T5",
        "",
    ])
    (tmp_path / "attributions" / "a_ab12.ann").write_text(ann, encoding="utf-8")
    (tmp_path / "attributions" / "a_ff00.ann").write_text("", encoding="utf-8")  # second annotator: ignored
    return tmp_path


def test_eval_json(tmp_path, settings, capsys):
    from tui.evaluate import run_eval

    assert run_eval(str(_gold(tmp_path)), settings, as_json=True) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["gold"] == 2 and res["articles"] == 1
    assert res["content"]["f1"] == 100.0 and res["attribution"]["f1"] == 100.0
    assert res["direct_recall"] == 0.0 or res["direct_recall"] == 100.0


def test_eval_table(tmp_path, settings, capsys):
    from tui.evaluate import run_eval

    run_eval(str(_gold(tmp_path)), settings)
    out = capsys.readouterr().out
    assert "content" in out and "attribution" in out and "source_acc" in out


def test_eval_bad_folder(tmp_path, settings):
    from tui.articles import ArticleError
    from tui.evaluate import run_eval

    with pytest.raises(ArticleError, match="not a gold folder"):
        run_eval(str(tmp_path), settings)
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    with pytest.raises(ArticleError, match="no text"):
        run_eval(str(tmp_path), settings)


def test_score_matches_definitions():
    from tui.evaluate import GoldItem, score
    from tui.model import Analysis, Quote, Span

    text = "“Abc def,” Wang said."
    gold = {"a": (text, [GoldItem(frozenset(range(1, 8)) - {4}, frozenset(range(11, 15)), True)])}
    q = Quote("Q1", "direct", [Span.of(text, 1, 9)], speaker=Span.of(text, 11, 15))
    res = score(gold, {"a": Analysis("a.txt", text, quotes=[q])})
    assert res["content"] == {"p": 100.0, "r": 100.0, "f1": 100.0}
    assert res["source_acc"] == 100.0 and res["direct_recall"] == 100.0
    q.speaker = Span.of(text, 16, 20)
    res = score(gold, {"a": Analysis("a.txt", text, quotes=[q])})
    assert res["attribution"]["f1"] == 0.0 and res["source_acc"] == 0.0


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="PolNeAR dev not available (../shared)")
def test_polnear_dev_floor(tmp_path, settings):
    """A floor on 10 dev articles (the full dev run takes a minute; see the README for its figures)."""
    from tui.analysis import analyze_many
    from tui.articles import load_article
    from tui.evaluate import load_gold, score

    gold, paths = load_gold(POLNEAR_DEV)
    stems = sorted(gold)[:10]
    arts = [load_article(paths[s]) for s in stems]
    preds = {s: a for s, a in zip(stems, analyze_many(arts, settings))}
    res = score({s: gold[s] for s in stems}, preds)
    assert res["content"]["f1"] >= 50
    assert res["attribution"]["f1"] >= 40
    assert res["direct_recall"] >= 70


def test_score_gives_precision_per_kind_and_speaker():
    from tui.evaluate import GoldItem, format_table, score
    from tui.model import Analysis, Quote, Span

    text = "“Abc def,” Wang said. Officials said ghi jkl. Xyz uvw, it said."
    a, b = text.index("ghi"), text.index("Xyz")
    gold = {"a": (text, [GoldItem(frozenset(range(1, 8)) - {4}, frozenset(range(11, 15)), True),
                         GoldItem(frozenset(range(a, a + 7)) - {a + 3}, None, False)])}
    quotes = [Quote("Q1", "direct", [Span.of(text, 1, 9)], speaker=Span.of(text, 16, 20)),  # wrong speaker
              Quote("Q2", "indirect", [Span.of(text, a, a + 7)]),  # right, no speaker needed
              Quote("Q3", "indirect", [Span.of(text, b, b + 7)])]  # no gold at all
    res = score(gold, {"a": Analysis("a.txt", text, quotes=quotes)})
    pk = res["per_kind"]
    assert list(pk) == ["direct, speaker", "indirect, no speaker"]
    assert pk["direct, speaker"] == {"predicted": 1, "content_p": 100.0, "attribution_p": 0.0}
    assert pk["indirect, no speaker"] == {"predicted": 2, "content_p": 50.0, "attribution_p": 50.0}
    table = format_table(res)
    assert "precision by kind" in table and "indirect, no speaker" in table
