"""The relation gold set (tests/gold/relations.yaml) with its precision floor."""

from __future__ import annotations

import pytest

from tests.relations_gold import load_gold, score

FLOOR = 0.85


@pytest.fixture(scope="module")
def gold_score(analyse):
    return score(analyse)


def test_gold_set_is_big_enough_and_covers_every_type():
    gold = load_gold()
    assert len(gold) >= 30
    types = {r["type"] for item in gold for r in item.get("relations") or []}
    assert types == {"ROLE", "MEMBER_OF", "INTERACTION", "SAID"}
    assert any(item.get("absent") for item in gold)  # merging and clean-up cases


@pytest.mark.parametrize("rtype", ["ROLE", "MEMBER_OF", "INTERACTION"])
def test_precision_floor_per_type(gold_score, rtype):
    p = gold_score.precision(rtype)
    assert p is not None and p >= FLOOR, gold_score.table() + "\n" + "\n".join(gold_score.errors)


def test_said_precision_floor(gold_score):
    assert gold_score.tp["SAID"] + gold_score.fp["SAID"] + gold_score.fn["SAID"], "no SAID row and none expected"
    p = gold_score.precision("SAID")
    assert p is not None and p >= FLOOR, gold_score.table()


def test_recall_is_useful(gold_score):
    for rtype in ("ROLE", "MEMBER_OF", "INTERACTION"):
        assert gold_score.recall(rtype) >= 0.6, gold_score.table()


def test_entity_checks(gold_score):
    assert gold_score.entity_ok >= 0.9 * gold_score.entity_total, "\n".join(gold_score.errors)
