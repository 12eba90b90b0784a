"""INTERACTION rows whose subject is "he"/"she", resolved only when unambiguous."""

from __future__ import annotations

from tests.test_relations_rules import rows


def test_he_after_a_single_man(analyse):
    a = analyse("Donald Trump spoke in Ohio on Monday. He accused Hillary Clinton of lying about her emails.")
    assert ("INTERACTION", "Donald Trump", "ACCUSE", "Hillary Clinton", False) in rows(a, "INTERACTION")
    r = [r for r in a.relations if r.type == "INTERACTION"][0]
    assert r.evidence.text.startswith("He accused")


def test_she_after_a_single_woman_in_the_paragraph(analyse):
    a = analyse("Angela Merkel arrived in Washington on Tuesday. Her talks were expected to last two "
                "days. She praised Joe Biden for his support of Ukraine.")
    assert ("INTERACTION", "Angela Merkel", "SUPPORT", "Joe Biden", False) in rows(a, "INTERACTION")


def test_chained_pronouns_keep_the_person(analyse):
    a = analyse("Bernie Sanders spoke in Vermont on Monday. He said the campaign would go on. "
                "He urged Hillary Clinton to adopt his plan.")
    assert ("INTERACTION", "Bernie Sanders", "CALL_ON", "Hillary Clinton", False) in rows(a, "INTERACTION")


def test_two_men_before_he_give_no_row(analyse):
    a = analyse("Donald Trump met Barack Obama at the White House on Thursday. "
                "He accused Hillary Clinton of lying.")
    assert not [r for r in rows(a, "INTERACTION") if r[3] == "Hillary Clinton"]


def test_pronoun_beyond_the_previous_sentence_and_paragraph_gives_no_row(analyse):
    a = analyse("Donald Trump spoke in Ohio on Monday.\n\nThe crowd was large. Many had waited for hours.\n\n"
                "He accused Hillary Clinton of lying.")
    assert rows(a, "INTERACTION") == []


def test_pronoun_in_a_direct_quote_is_not_resolved(analyse):
    a = analyse("Donald Trump spoke in Ohio on Monday. \"He accused Hillary Clinton of lying,\" "
                "Trump said of his rival.")
    assert not [r for r in rows(a, "INTERACTION") if r[1] == "Donald Trump" and r[2] == "ACCUSE"]


def test_fronted_clause_with_the_name_after_gives_no_row(analyse):
    a = analyse("Steven Aftergood said the case was closed. Even as he accused the Justice Department "
                "of bias, Rudy Giuliani praised the FBI.")
    assert not [r for r in rows(a, "INTERACTION") if r[1] == "Steven Aftergood"]


def test_they_after_a_coordinated_subject(analyse):
    a = analyse("Vladimir Putin and Xi Jinping met in Beijing on Monday. They criticized NATO over its expansion.")
    got = rows(a, "INTERACTION")
    assert ("INTERACTION", "Vladimir Putin", "ACCUSE", "NATO", False) in got
    assert ("INTERACTION", "Xi Jinping", "ACCUSE", "NATO", False) in got


def test_they_after_a_plural_noun_gives_no_row(analyse):
    a = analyse("Donald Trump and Mike Pence met voters in Ohio on Monday. They criticized Hillary Clinton.")
    assert not [r for r in rows(a, "INTERACTION") if r[3] == "Hillary Clinton"]
