"""The learned quote pass: proposals, the weights file, training, and how it joins the rules."""

from __future__ import annotations

import json

import pytest

from tui.analysis.quotes.learned import ModelError, Proposal, QuoteModel, best_per_cue, load_model, proposals

from .conftest import run_cli


def by_cue(doc, props, word):
    return {p.kind: doc.text[p.content[0]:p.content[1]] for p in props if doc[p.cue].text == word}


def test_verb_proposals_cover_object_prepositions_and_the_whole_right_side(nlp):
    doc = nlp("Senator Ann Ward grilled the banker on Tuesday for his role in the scheme.")
    props = proposals(doc)
    got = by_cue(doc, props, "grilled")
    assert got["dobj"] == "the banker"
    assert got["right"] == "the banker on Tuesday for his role in the scheme"
    assert "his role in the scheme" in got.values()
    p = next(p for p in props if doc[p.cue].text == "grilled")
    assert p.subject is not None and p.subject.text == "Ward"
    assert "l=grill" in p.features and "s=PERSON" in p.features


def test_clause_and_infinitive_proposals(nlp):
    doc = nlp("The mayor said that the bridge would reopen. She promised to lift the tolls.")
    props = proposals(doc)
    assert by_cue(doc, props, "said")["ccomp"] == "that the bridge would reopen"
    assert by_cue(doc, props, "promised")["xcomp"] == "to lift the tolls"


def test_according_to_proposes_the_rest_of_the_sentence_with_its_source(nlp):
    doc = nlp("According to the police, the driver fled the scene.")
    p = next(p for p in proposals(doc) if p.kind == "according")
    assert doc.text[p.content[0]:p.content[1]] == "the driver fled the scene"
    assert p.subject is not None and p.subject.text == "police"


def test_noun_proposals_take_the_possessor_as_subject(nlp):
    doc = nlp("The governor's claim that taxes would fall was false.")
    p = next(p for p in proposals(doc) if p.kind == "nclause")
    assert doc.text[p.content[0]:p.content[1]] == "that taxes would fall"
    assert p.subject.text == "governor"


def test_predicative_adjectives_propose_their_complements_with_the_copulas_subject(nlp):
    doc = nlp("Lopez is confident that the bill will pass. Her aides were worried about the cost. "
              "The mayor was eager to leave.")
    props = proposals(doc)
    assert by_cue(doc, props, "confident")["ccomp"] == "that the bill will pass"
    assert by_cue(doc, props, "worried")["prep"] == "the cost"
    assert by_cue(doc, props, "eager")["xcomp"] == "to leave"
    subjects = {doc[p.cue].text: p.subject.text for p in props if doc[p.cue].pos_ == "ADJ"}
    assert subjects == {"confident": "Lopez", "worried": "aides", "eager": "mayor"}


def test_a_cue_whose_subject_is_quoted_elsewhere_is_marked(nlp, settings):
    from tui.analysis import Lexicons
    from tui.analysis.quotes.cues import Cues
    from tui.analysis.context import DocContext
    from tui.analysis.quotes.learned_pass import model_proposals
    from tui.analysis.quotes.rules import rule_quotes

    doc = nlp("“We will win,” Lopez said.\n\nLopez criticized the plan. Smith criticized the tax.")
    cues = Cues.from_lexicon(Lexicons.from_settings(settings).reporting_verbs)
    ctx = DocContext(doc)
    marked = {doc.text[p.content[0]:p.content[1]] for p in model_proposals(ctx, cues, rule_quotes(ctx, cues))
              if "s_quoted" in p.features}
    assert "the plan" in marked and "the tax" not in marked
    assert all("s_quoted" not in p.features for p in proposals(doc))  # (no speakers given)


def test_cues_inside_skipped_spans_propose_nothing(nlp):
    doc = nlp("“They criticized the plan,” Lopez said. Smith criticized the tax.")
    text = doc.text
    quote = (text.index("They"), text.index("plan") + 4)
    cues = {doc[p.cue].idx for p in proposals(doc, skip=[quote])}
    assert text.index("criticized") not in cues and text.rindex("criticized") in cues
    assert text.index("criticized") in {doc[p.cue].idx for p in proposals(doc)}


def test_a_root_cue_has_no_head_of_its_own(nlp, settings):
    from tui.analysis import Lexicons
    from tui.analysis.quotes.cues import Cues

    doc = nlp("The mayor said that the bridge would reopen.")
    cues = Cues.from_lexicon(Lexicons.from_settings(settings).reporting_verbs)
    p = next(p for p in proposals(doc, cues) if doc[p.cue].text == "said")
    assert "path=ROOT>-" in p.features and "head_lex" not in p.features  # (tokens compared by index)


def test_a_content_never_holds_its_own_cue(nlp):
    doc = nlp("Officials who spoke on condition of anonymity said the talks failed.")
    for p in proposals(doc):
        assert not p.content[0] <= doc[p.cue].idx < p.content[1]


def test_probability_and_best_per_cue_with_threshold():
    m = QuoteModel({"b": 0.0, "good": 3.0, "bad": -3.0}, threshold=0.5)
    assert m.probability(["b"]) == pytest.approx(0.5)
    assert m.probability(["good"]) > 0.9 > 0.1 > m.probability(["bad"])
    assert m.probability(["good"] * 100) <= 1.0  # no overflow
    props = [Proposal(1, "dobj", (0, 5), None, ["good"]), Proposal(1, "right", (0, 9), None, ["b"]),
             Proposal(4, "ccomp", (10, 20), None, ["bad"])]
    kept = best_per_cue(props, m)
    assert [(p.cue, p.kind) for p in kept] == [(1, "dobj")]


@pytest.mark.parametrize("body, why", [
    ("{not json", "cannot read"),
    ('{"weights": {"b": "high"}}', "expected"),
    ('{"weights": [1, 2]}', "expected"),
    ('[]', "expected"),
])
def test_bad_weights_files_are_config_errors(tmp_path, body, why):
    from tui.config import ConfigError

    f = tmp_path / "m.json"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(ModelError, match=why) as info:
        load_model(f, 0.5)
    assert isinstance(info.value, ConfigError) and "\n" not in str(info.value)


def test_missing_weights_file(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        load_model(tmp_path / "none.json", 0.5)


def test_fit_learns_a_separable_toy_problem():
    from tui.analysis.quotes.train import fit

    X = [["b", "x"]] * 20 + [["b", "y"]] * 20
    y = [1] * 20 + [0] * 20
    w = fit(X, y, epochs=200, min_count=1)
    m = QuoteModel(w)
    assert m.probability(["b", "x"]) > 0.9 and m.probability(["b", "y"]) < 0.1


def test_label_needs_content_and_cue(nlp):
    from tui.evaluate import GoldItem, letters
    from tui.analysis.quotes.train import cue_letters, label

    doc = nlp("The mayor said that the bridge would reopen soon.")
    text = doc.text
    said = text.index("said")
    gold = [GoldItem(letters(text, [(said + 5, len(text) - 1)]), None, False, letters(text, [(said, said + 4)]))]
    props = [p for p in proposals(doc) if doc[p.cue].text in ("said", "reopen")]
    labels = dict(zip(((doc[p.cue].text, p.kind) for p in props), label(text, props, gold, cue_letters(doc, props))))
    assert labels[("said", "ccomp")] == 1
    assert all(v == 0 for k, v in labels.items() if k[0] != "said")


def test_train_round_trip_through_json(tmp_path):
    from tui.analysis.quotes.train import save

    f = tmp_path / "m.json"
    save({"b": -1.5, "l=say": 2.0}, f, {"trained_on": "toy"})
    data = json.loads(f.read_text(encoding="utf-8"))
    assert data["about"]["trained_on"] == "toy"
    assert load_model(f, 0.4).weights == {"b": -1.5, "l=say": 2.0}


# ---------------------------------------------------------------------------------------------
# Joined to the rules through settings (quotes.model / quotes.threshold).


def settings_with(settings, path, threshold=0.5):
    q = settings.quotes.model_copy(update={"model": path, "threshold": threshold})
    return settings.model_copy(update={"quotes": q})


def run(nlp, settings, text):
    from tui.analysis import analyze
    from tui.articles import article_from_text

    return analyze(article_from_text(text), settings, nlp=nlp).quotes


def write_model(tmp_path, weights, name="m.json"):
    from tui.analysis.quotes.train import save

    f = tmp_path / name
    save(weights, f)
    return f


GRILL = "Senator Ann Ward grilled the banker on Tuesday for his role in the scheme."


def test_a_model_adds_an_attribution_the_rules_do_not_know(nlp, settings, tmp_path):
    rules_only = settings_with(settings, None)
    assert [q for q in run(nlp, rules_only, GRILL) if q.cue and q.cue.text == "grilled"] == []
    f = write_model(tmp_path, {"b": -5.0, "l=grill|t=right": 10.0})
    qs = run(nlp, settings_with(settings, f), GRILL)
    q = next(q for q in qs if q.cue.text == "grilled")
    assert q.kind == "indirect" and q.content[0].text == "the banker on Tuesday for his role in the scheme"
    assert q.speaker.text == "Senator Ann Ward" and q.speaker_name == "Ann Ward"


def test_a_learned_content_leaves_out_the_complementizer_whatever_its_kind(nlp, settings, tmp_path):
    f = write_model(tmp_path, {"b": -5.0, "t=nclause": 10.0})
    qs = run(nlp, settings_with(settings, f), "The governor's hunch that taxes would fall was wrong.")
    q = next(q for q in qs if q.cue.text == "hunch")
    assert q.content[0].text == "taxes would fall"


def test_the_model_chooses_among_the_rules_clauses_too(nlp, settings, tmp_path):
    text = "The mayor said that the bridge would reopen."
    keep = write_model(tmp_path, {"b": -5.0, "t=rule": 10.0})
    assert [q.content[0].text for q in run(nlp, settings_with(settings, keep), text)] == [
        "the bridge would reopen"]
    drop = write_model(tmp_path, {"b": -10.0}, "drop.json")
    assert run(nlp, settings_with(settings, drop), text) == []


def test_model_proposals_never_repeat_a_quotation(nlp, settings, tmp_path):
    text = "Ward called the plan “a disgrace to the city” on Monday."
    f = write_model(tmp_path, {"b": 5.0})  # accept everything the model proposes
    qs = run(nlp, settings_with(settings, f), text)
    assert len([q for q in qs if "disgrace" in " ".join(c.text for c in q.content)]) == 1


@pytest.mark.parametrize("span, cuts", [
    ((0, 20), True),    # ends inside “…”
    ((15, 40), True),   # starts inside it
    ((0, 30), False),   # holds it whole
    ((10, 30), False),  # is it
    ((0, 9), False),    # ends before it
])
def test_a_learned_content_never_cuts_a_quotation(span, cuts):
    from tui.analysis.intervals import cuts_any

    assert cuts_any(span, [(10, 30)]) is cuts


def test_threshold_is_validated(tmp_path):
    from tui.config import ConfigError, load_settings

    p = tmp_path / "c.yaml"
    p.write_text("quotes:\n  threshold: 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="threshold"):
        load_settings(p, use_user=False)


def test_model_path_is_relative_to_the_config_file_and_a_bad_one_exits_2(tmp_path):
    (tmp_path / "m.json").write_text('{"weights": {"b": "x"}}', encoding="utf-8")
    cfg = tmp_path / "c.yaml"
    cfg.write_text("quotes:\n  model: m.json\n", encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("The mayor said that the bridge would reopen.", encoding="utf-8")
    r = run_cli(["--config", str(cfg), "extract", "--no-cache", str(art)], tmp_path)
    assert r.returncode == 2
    err = r.stderr.strip().splitlines()
    assert len(err) == 1 and str(tmp_path / "m.json") in err[0]


def test_rule_clauses_and_quoted_proposals_need_only_half_the_threshold():
    m = QuoteModel({"b": 0.0, "weak": -0.5}, threshold=0.5)  # p(weak) = 0.38
    plain = Proposal(1, "dobj", (0, 5), None, ["weak"])
    quoted = Proposal(2, "dobj", (6, 12), None, ["weak", "quoted"])
    rule = Proposal(3, "rule", (13, 20), None, ["weak"], rule=object())
    kept = best_per_cue([plain, quoted, rule], m)
    assert [p.cue for p in kept] == [2, 3]
    assert [p.cue for p in best_per_cue([plain, quoted, rule], m, keep_rules=False)] == [2]


def test_span_weights_choose_the_content_and_probability_the_cue():
    m = QuoteModel({"b": 0.0, "cue": 2.0}, threshold=0.5, span_weights={"wide": 1.0})
    narrow = Proposal(1, "dobj", (0, 5), None, ["cue", "narrow"])
    wide = Proposal(1, "right", (0, 9), None, ["wide"])  # less probable, ranked first
    kept = best_per_cue([narrow, wide], m)
    assert [p.kind for p in kept] == ["right"] and kept[0].score == pytest.approx(m.probability(["cue"]))


def test_fit_ranker_puts_the_target_first():
    from tui.analysis.quotes.train import fit_ranker

    groups = [([["b", "short"], ["b", "long"]], 1)] * 10 + [([["b", "long"], ["b", "other"]], 0)] * 10
    w = fit_ranker(groups, epochs=200, min_count=1)
    assert w.get("long", 0) > w.get("short", 0) and w.get("long", 0) > w.get("other", 0)


def test_span_groups_need_a_match_and_a_choice():
    from tui.analysis.quotes.train import span_groups

    a = Proposal(1, "dobj", (0, 5), None, ["x"])
    b = Proposal(1, "right", (0, 9), None, ["y"])
    c = Proposal(2, "ccomp", (10, 20), None, ["z"])
    assert span_groups([a, b, c], [0.4, 0.8, 0.9]) == [([["x"], ["y"]], 1)]
    assert span_groups([a, b], [0.1, 0.3]) == []


def test_span_weights_are_saved_and_loaded(tmp_path):
    from tui.analysis.quotes.train import save

    f = tmp_path / "m.json"
    save({"b": 1.0}, f, span_weights={"t=right": 0.5})
    m = load_model(f, 0.5)
    assert m.span_weights == {"t=right": 0.5} and m.weights == {"b": 1.0}
    g = tmp_path / "bad.json"
    g.write_text('{"weights": {"b": 1}, "span_weights": {"x": null}}', encoding="utf-8")
    with pytest.raises(ModelError, match="span_weights"):
        load_model(g, 0.5)


def test_two_cues_never_give_the_same_content_twice(nlp, settings, tmp_path):
    text = "The company said it expected sales to improve next year. Analysts doubted that claim."
    f = write_model(tmp_path, {"b": 5.0})  # every cue attributes
    qs = run(nlp, settings_with(settings, f), text)
    spans = [(q.start, q.end) for q in qs]
    for i, a in enumerate(spans):
        for b in spans[i + 1:]:
            inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
            assert inter < 0.5 * (max(a[1], b[1]) - min(a[0], b[0])), (a, b, [q.content[0].text for q in qs])


def test_new_weights_change_the_cache_key(settings, tmp_path):
    f = write_model(tmp_path, {"b": 1.0})
    s = settings_with(settings, f)
    before = s.analysis_fingerprint()
    write_model(tmp_path, {"b": 2.0})
    assert s.analysis_fingerprint() != before
    assert settings_with(settings, None).analysis_fingerprint() != before


def test_a_proposal_with_quoted_words_loses_the_narrators_trailing_aside(nlp, settings, tmp_path):
    text = "Ward likened the new rules to “a slow-motion disaster for the city,” which angered her colleagues."
    f = write_model(tmp_path, {"b": -5.0, "l=liken|t=right": 10.0})
    q = next(q for q in run(nlp, settings_with(settings, f), text) if q.cue.text == "likened")
    assert q.kind == "mixed"
    assert q.content[0].text == "the new rules to “a slow-motion disaster for the city,”"


def test_a_content_that_opens_a_quotation_also_closes_it(nlp, settings, tmp_path):
    text = 'Ward defended her comments as being "sarcastic." Then she left.'
    f = write_model(tmp_path, {"b": -5.0, "l=defend|t=right": 10.0})
    q = next(q for q in run(nlp, settings_with(settings, f), text) if q.cue.text == "defended")
    assert q.content[0].text == 'her comments as being "sarcastic."'


def test_of_two_nested_reports_the_outer_stays(nlp, settings, tmp_path):
    text = "The senator said the governor hoped the bridge would reopen in May."
    f = write_model(tmp_path, {"b": 5.0})  # every cue attributes
    qs = [q for q in run(nlp, settings_with(settings, f), text) if q.kind == "indirect"]
    hulls = [(q.start, q.end) for q in qs]
    for a in hulls:
        for b in hulls:
            if a != b:
                assert not (b[0] <= a[0] and a[1] <= b[1]), [q.content[0].text for q in qs]
    assert any(q.cue.text == "said" and "governor hoped" in q.content[0].text for q in qs)


def test_no_learned_report_inside_a_quotation_of_the_rules(nlp, settings, tmp_path):
    text = "Ward said she was glad the mayor appeared to be feeling better and looked forward to “seeing him back at work.”"
    f = write_model(tmp_path, {"b": 5.0})  # every cue attributes
    qs = run(nlp, settings_with(settings, f), text)
    mixed = [q for q in qs if q.kind == "mixed"]
    assert mixed and mixed[0].cue.text == "said"
    m = (mixed[0].start, mixed[0].end)
    inside = [q.content[0].text for q in qs if q.kind == "indirect" and m[0] <= q.start and q.end <= m[1]]
    assert inside == []


def test_a_markup_tag_name_is_no_cue(nlp, settings, tmp_path):
    text = ('The mayor answered on Twitter.\n\n<tweet author="ward" timestamp="1449075600">The bridge '
            'will reopen in May, and we will pay for it.</tweet>.\n')
    f = write_model(tmp_path, {"b": 5.0})  # every cue attributes
    qs = run(nlp, settings_with(settings, f), text)
    assert [q.content[0].text for q in qs if q.cue and text[q.cue.start - 1] in "</"] == []


@pytest.mark.parametrize("text", [
    "“The bridge will reopen in May,” the mayor said at a news conference in Boston.",
    "“The bridge will reopen in May,” the mayor wrote on Twitter on Monday.",
    "“We will win,” she says to reporters from behind the stage.",
])
def test_where_and_when_a_quotation_was_said_is_no_content_of_its_cue(nlp, settings, tmp_path, text):
    # (the model would take a phrase after the verb: its place or time)
    f = write_model(tmp_path, {"b": -5.0, "t=prep": 10.0, "t=right": 10.0, "t=dobj": 10.0})
    qs = run(nlp, settings_with(settings, f), text)
    assert [q.kind for q in qs] == ["direct"], [(q.kind, q.content[0].text) for q in qs]


def test_the_preposition_of_what_a_quoting_cue_is_about_stays(nlp, settings, tmp_path):
    text = "“We will not pay,” the mayor replied to the union's letter."
    f = write_model(tmp_path, {"b": -5.0, "t=prep": 10.0, "t=right": 10.0, "t=dobj": 10.0})
    qs = run(nlp, settings_with(settings, f), text)
    assert [c.text for q in qs if q.kind == "indirect" for c in q.content] == ["the union's letter"]
