"""The quote boundary CRF: decoding, features, calibration, the weights file and how it joins the
extractor."""

from __future__ import annotations

import itertools
import json
import math
import random

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from tui.analysis.quotes.boundaries import (BoundaryModel, DocInfo, _emissions, _model_from_json, apply_boundaries,
                                            calibrate, load_boundary_model, marginals, runs, viterbi, window)
from tui.analysis.quotes.learned import ModelError
from tui.analysis.quotes.marks import find_quotes


def _random_model(seed: int, n_feats: int = 6) -> BoundaryModel:
    rnd = random.Random(seed)
    feats = {f"f{k}": tuple(rnd.gauss(0, 1.5) for _ in range(3)) for k in range(n_feats)}
    trans = tuple(tuple(rnd.gauss(0, 1.5) for _ in range(3)) for _ in range(3))
    return BoundaryModel(feats, trans)  # type: ignore[arg-type]


def _brute(model: BoundaryModel, feats):
    """Every allowed label sequence (no O -> I, no leading I) with its score."""
    em = _emissions(model, feats)
    for ys in itertools.product(range(3), repeat=len(feats)):
        if ys[0] == 2 or any(a == 0 and b == 2 for a, b in zip(ys, ys[1:])):
            continue
        yield ys, sum(em[t][y] for t, y in enumerate(ys)) + sum(model.trans[a][b] for a, b in zip(ys, ys[1:]))


@pytest.mark.parametrize("seed", range(5))
def test_viterbi_and_marginals_match_brute_force(seed):
    model = _random_model(seed)
    rnd = random.Random(100 + seed)
    feats = [[f"f{rnd.randrange(6)}", f"f{rnd.randrange(6)}"] for _ in range(5)]
    seqs = list(_brute(model, feats))
    best = max(seqs, key=lambda x: x[1])[0]
    assert viterbi(model, feats) == list(best)
    z = sum(math.exp(s) for _, s in seqs)
    got = marginals(model, feats)
    for t in range(5):
        for y in range(3):
            want = sum(math.exp(s) for ys, s in seqs if ys[t] == y) / z
            assert got[t][y] == pytest.approx(want, abs=1e-9)


def test_decoding_never_starts_a_content_with_inside():
    # I is the best label everywhere, but a content must open with B (no O -> I).
    model = BoundaryModel({"x": (0.0, -1.0, 5.0)}, ((0.0, 0.0, 0.0), (0.0, 0.0, 0.0), (0.0, 0.0, 0.0)))
    labels = viterbi(model, [["x"]] * 4)
    assert labels[0] == 1 and labels[1:] == [2, 2, 2]
    assert marginals(model, [["x"]])[0][2] == 0.0


def test_runs_of_bio_labels():
    assert runs([0, 1, 2, 2, 0, 0, 1, 2, 1, 0]) == [(1, 4), (6, 8), (8, 9)]
    assert runs([0, 0]) == []
    assert runs([1, 2, 2]) == [(0, 3)]


def test_calibration_curve_is_a_step_function_with_a_fallback():
    model = BoundaryModel({}, ((0.0,) * 3,) * 3, {"direct|spk": ((0.0, 0.5, 0.8), (0.2, 0.6, 0.95))})
    assert calibrate(model, "direct|spk", 0.3) == 0.2
    assert calibrate(model, "direct|spk", 0.5) == 0.6
    assert calibrate(model, "direct|spk", 0.99) == 0.95
    assert calibrate(model, "indirect|nospk", 0.42) == 0.42  # no curve: the raw confidence


def test_weights_file_round_trip_and_bad_files(tmp_path):
    good = {"labels": ["O", "B", "I"], "transitions": [[0, 1, -2], [0, 0, 1], [0.5, 0, 1]],
            "state_features": {"w=said": [1, 0, -1]}, "calibration": {"all": [[0, 0.5], [0.1, 0.9]]}}
    p = tmp_path / "crf.json"
    p.write_text(json.dumps(good))
    m = load_boundary_model(p)
    assert m.feats["w=said"] == (1.0, 0.0, -1.0) and m.trans[0][2] == -2.0
    assert calibrate(m, "mixed|spk", 0.7) == 0.9
    for bad in ({"labels": ["B", "I", "O"], "transitions": [], "state_features": {}},
                {**good, "transitions": [[0, 1]]}, {**good, "state_features": {"x": ["a"]}}, []):
        with pytest.raises(ModelError):
            _model_from_json(bad, "x")
    p.write_text("{not json")
    with pytest.raises(ModelError):
        load_boundary_model(p)
    with pytest.raises(ModelError):
        load_boundary_model(tmp_path / "missing.json")


def test_possessive_inside_single_quotation_marks_is_one_quote():
    # ‘the workers’ party’: the ’ after "workers" is a possessive, the quote closes after "party"
    text = "He praised ‘the workers’ party’ on Monday."
    (r,) = find_quotes(text)
    assert text[r.start:r.end] == "the workers’ party"
    assert text[r.close_at] == "’" and text[r.close_at - 5:r.close_at] == "party"


def _info(nlp, text):
    doc = nlp(text)
    return doc, DocInfo(doc, text, [(r.open_at, r.after_close or r.end) for r in find_quotes(text)])


def _span(text, s):
    a = text.index(s)
    return a, a + len(s)


def test_window_features_mark_quotation_cue_speaker_and_proposal(nlp):
    text = "The mayor praised ‘the workers’ party’ on Monday, aides said."
    doc, info = _info(nlp, text)
    w = window(info, "mixed", [_span(text, "the workers’ party")], _span(text, "praised"), _span(text, "The mayor"))
    feats = {doc[w.lo + k].text: f for k, f in enumerate(w.feats)}
    assert "inq" in feats["party"] and "inq" in feats["workers"] and "inq" not in feats["Monday"]
    assert "side=cue" in feats["praised"] and "side=bef" in feats["mayor"] and "side=aft" in feats["party"]
    assert "spk" in feats["mayor"] and "spk" not in feats["party"]
    assert "prop" in feats["party"] and "prop" not in feats["Monday"]
    assert "propB" in feats["the"] or "propB" in feats["‘"]
    assert "k=mixed" in feats["Monday"]
    assert "child=dobj" in feats["party"] or any(f.startswith("path=") for f in feats["party"])


def test_window_covers_the_next_sentence_of_the_paragraph_only(nlp):
    text = "“We will win,” she said. “The polls are wrong.”\n\nThe count starts today."
    doc, info = _info(nlp, text)
    w = window(info, "direct", [_span(text, "We will win,")], _span(text, "said"), _span(text, "she"))
    covered = doc[w.lo:w.hi].text
    assert "The polls are wrong" in covered and "count" not in covered


def _model_inside_quotes(calibration=None) -> BoundaryModel:
    """A hand-made CRF: tokens inside quotation marks are the content."""
    out = {f"side|inq={side}False": (3.0, -3.0, -3.0) for side in ("bef", "cue", "aft")}
    return BoundaryModel({**out, "inq": (-4.0, 2.0, 4.0), "s=q": (4.0, -4.0, -4.0)},
                         ((0.0, 0.0, 0.0), (0.0, -3.0, 2.0), (0.0, -3.0, 2.0)), calibration or {})


def test_apply_boundaries_takes_the_crf_content_and_a_calibrated_score(nlp, analyse_rules):
    text = "The minister said the “deal is dead” on Friday."
    a = analyse_rules(text)
    assert a.quotes and a.quotes[0].score is None
    doc = nlp(text)
    cal = {f"{a.quotes[0].kind}|spk": ((0.0, 0.5), (0.1, 0.77))}
    out = apply_boundaries(doc, text, a.quotes, _model_inside_quotes(cal))
    assert [s.text for s in out[0].content] == ["deal is dead"]
    assert out[0].score == 0.77
    assert out[0].speaker is not None and out[0].speaker.text == a.quotes[0].speaker.text


def test_apply_boundaries_keeps_one_quote_per_content(nlp, analyse_rules):
    from tui.model import Quote, Span

    text = "Officials said the “deal is dead” on Friday."
    doc = nlp(text)
    q1 = Quote("Q1", "indirect", [Span.of(text, *_span(text, "the “deal is dead” on Friday"))],
               cue=Span.of(text, *_span(text, "said")))
    q2 = Quote("Q2", "mixed", [Span.of(text, *_span(text, "“deal is dead”"))], cue=Span.of(text, *_span(text, "said")))
    out = apply_boundaries(doc, text, [q1, q2], _model_inside_quotes())
    assert len(out) == 1 and out[0].id == "Q1" and out[0].content[0].text == "deal is dead"


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("ab said “”‘’\"'.,\n Trump —:")), max_size=120))
def test_spans_stay_in_bounds_on_any_text(nlp, settings, text):
    from tui.analysis import analyze
    from tui.articles import article_from_text

    from .conftest import ROOT

    on = settings.model_copy(update={"quotes": settings.quotes.model_copy(
        update={"boundaries": ROOT / "config" / "models" / "quote_crf.json"})})
    a = analyze(article_from_text(text), on, nlp=nlp)
    for q in a.quotes:
        assert q.score is not None and 0.0 <= q.score <= 1.0
        for s in q.content:
            assert 0 <= s.start < s.end <= len(text) and text[s.start:s.end] == s.text
    doc = nlp(text)
    for q in apply_boundaries(doc, text, a.quotes, _model_inside_quotes()):
        for s in q.content:
            assert 0 <= s.start < s.end <= len(text) and text[s.start:s.end] == s.text


def test_shipped_model_scores_every_quote(nlp, settings):
    from tui.analysis import analyze
    from tui.articles import article_from_text

    from .conftest import ROOT

    shipped = ROOT / "config" / "models" / "quote_crf.json"
    assert shipped.is_file() and load_boundary_model(shipped).calibration
    on = settings.model_copy(update={"quotes": settings.quotes.model_copy(update={"boundaries": shipped})})
    a = analyze(article_from_text("“We will not back down,” Senator Ann Ward said on Tuesday. Aides said the vote was close."),
                on, nlp=nlp)
    assert a.quotes and all(q.score is not None and 0.0 <= q.score <= 1.0 for q in a.quotes)
    assert any(q.kind == "direct" and q.content[0].text.startswith("We will not back down") for q in a.quotes)


def test_isotonic_calibration_is_monotone_and_fits_block_means():
    from tui.analysis.quotes.boundaries_train import isotonic

    xs = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    ys = [0, 1, 0, 0, 1, 1, 0, 1]
    edges, vals = isotonic(xs, ys)
    assert edges[0] == 0.0 and edges == sorted(edges)
    assert vals == sorted(vals)
    # PAV: [0], [1, 0, 0] pooled to 1/3, [1, 1, 0] pooled to 2/3, [1]
    assert vals == [0.0, 0.3333, 0.6667, 1.0]
    model = BoundaryModel({}, ((0.0,) * 3,) * 3, {"all": (tuple(edges), tuple(vals))})
    assert [calibrate(model, "direct|spk", x) for x in (0.15, 0.35, 0.65, 0.9)] == [0.0, 0.3333, 0.6667, 1.0]


def _tiny_corpus():
    seqs = []
    for n in range(30):
        words = ["w=he", "w=said", "inq", "inq", "inq", "w=."]
        labels = ["O", "O", "B", "I", "I", "O"] if n % 3 else ["O", "O", "O", "O", "O", "O"]
        seqs.append(([[w, f"n={n % 3}"] for w in words], labels))
    return seqs


def test_trainer_is_deterministic_and_exports_plain_weights():
    pytest.importorskip("pycrfsuite")
    from tui.analysis.quotes.boundaries_train import train

    a = train(_tiny_corpus(), {"max_iterations": 20})
    b = train(_tiny_corpus(), {"max_iterations": 20})
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert a["labels"] == ["O", "B", "I"] and len(a["transitions"]) == 3
    model = _model_from_json(a, "tiny")
    labels = viterbi(model, [["w=he", "n=1"], ["w=said", "n=1"], ["inq", "n=1"], ["inq", "n=1"], ["w=.", "n=1"]])
    assert labels == [0, 0, 1, 2, 0]
    assert model.feats["inq"][2] > model.feats["inq"][0]


def test_gold_labels_of_a_window(nlp):
    from tui.analysis.quotes.boundaries_train import gold_for, token_labels
    from tui.evaluate import GoldItem, letters

    text = "“We will win, and soon,” she said."
    doc, info = _info(nlp, text)
    a, b = _span(text, "We will win, and soon")
    g = GoldItem(letters(text, [(a, b)]), letters(text, [_span(text, "she")]), True, letters(text, [_span(text, "said")]))
    other = GoldItem(letters(text, [_span(text, "she said")]), None, False)
    assert gold_for(text, [(a, b)], _span(text, "said"), [other, g]) is g
    labels = token_labels(info, 0, len(doc), g)
    got = {doc[k].text: y for k, y in enumerate(labels)}
    assert labels[0] == "O" and got["We"] == "B" and got["soon"] == "I"
    commas = [labels[k] for k, t in enumerate(doc) if t.text == ","]
    assert commas == ["I", "O"]  # inside the content, then after its last word
    assert got["she"] == "O" and got["said"] == "O"


@pytest.mark.slow
def test_trainer_reproduces_the_shipped_weights(tmp_path):
    """Slow (an hour on two cores: parses PolNeAR train and dev, five folds of both learned passes)."""
    import subprocess
    import sys

    from .conftest import ROOT, SHARED

    pytest.importorskip("pycrfsuite")
    if not (SHARED / "data" / "polnear" / "train").is_dir():
        pytest.skip("PolNeAR not available (../shared)")
    out = tmp_path / "crf.json"
    subprocess.run([sys.executable, str(ROOT / "tests" / "bench" / "train_quote_crf.py"), "--only-folds", "0",
                    "--cache", str(tmp_path),
                    "--out", str(out)], check=True, cwd=ROOT)
    assert out.read_bytes() == (ROOT / "config" / "models" / "quote_crf.json").read_bytes()


@pytest.mark.slow
def test_score_is_calibrated_on_held_out_polnear_dev(nlp, settings):
    """Dev was never used to fit or choose anything: in each score band with enough quotes, the
    share of right quotes (content and speaker) is within 10 points of the mean score."""
    from tui.analysis import analyze_doc
    from tui.articles import article_from_text
    from tui.evaluate import load_gold

    from .bench.train_quote_crf import matches
    from .conftest import ROOT

    settings = settings.model_copy(update={"quotes": settings.quotes.model_copy(
        update={"boundaries": ROOT / "config" / "models" / "quote_crf.json"})})
    from .conftest import POLNEAR_DEV

    if not POLNEAR_DEV.is_dir():
        pytest.skip("PolNeAR dev not available (../shared)")
    gold, _ = load_gold(POLNEAR_DEV)
    pairs = []
    stems = sorted(gold)
    for s, doc in zip(stems, nlp.pipe(gold[s][0] for s in stems)):
        a = analyze_doc(doc, article_from_text(doc.text), settings)
        pairs += [(q.score, ok) for q, (_, ok) in zip(a.quotes, matches(a.text, gold[s][1], a.quotes))]
    assert all(p is not None for p, _ in pairs)
    for lo, hi in ((0.0, 0.4), (0.4, 0.7), (0.7, 0.9), (0.9, 1.01)):
        band = [(p, ok) for p, ok in pairs if lo <= p < hi]
        if len(band) >= 100:
            mean = sum(p for p, _ in band) / len(band)
            right = sum(ok for _, ok in band) / len(band)
            assert abs(mean - right) <= 0.10, (lo, hi, mean, right, len(band))
