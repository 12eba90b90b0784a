"""The sample article as a regression test for the entity layer."""


def ents(a, name):
    return [e for e in a.entities if e.name == name]


def test_one_wang_yi_holding_every_wang(sample_analysis):
    a = sample_analysis
    wang = ents(a, "Wang Yi")
    assert len(wang) == 1 and wang[0].label == "PERSON"
    text = a.text
    import re
    every = {m.start() for m in re.finditer(r"\bWang\b", text)}
    assert {m.start for m in wang[0].mentions} == every
    assert "Foreign Minister" in wang[0].titles
    assert not [e for e in a.entities if "Wang" in e.name and e is not wang[0]]


def test_one_putin_one_united_states(sample_analysis):
    a = sample_analysis
    assert len([e for e in a.entities if "Putin" in e.name]) == 1
    assert ents(a, "Vladimir Putin")[0].label == "PERSON"
    us = ents(a, "United States")
    assert len(us) == 1 and us[0].label == "GPE"
    assert not ents(a, "US") and not ents(a, "The United States") and not ents(a, "the United States")
    assert "US" in us[0].aliases


def test_no_belt_no_credit_person(sample_analysis):
    a = sample_analysis
    persons = {e.name for e in a.entities if e.label == "PERSON"}
    assert "Belt" not in persons
    assert not [n for n in persons if "METZEL" in n or "/" in n]
    assert persons >= {"Wang Yi", "Vladimir Putin", "Joe Biden", "Sergey Lavrov", "Xi Jinping"}


def test_eeu_is_the_eurasian_economic_union(sample_analysis):
    eeu = ents(sample_analysis, "Eurasian Economic Union")
    assert len(eeu) == 1 and "EEU" in eeu[0].aliases


def test_titles_of_the_officials(sample_analysis):
    a = sample_analysis
    assert ents(a, "Sergey Lavrov")[0].titles == ["Foreign Minister"]
    assert ents(a, "Xi Jinping")[0].titles == ["President"]
    assert ents(a, "Vladimir Putin")[0].titles == ["President"]
    assert ents(a, "Joe Biden")[0].titles == ["President"]


def test_salience_puts_the_main_actors_first(sample_analysis):
    top = [e.name for e in sample_analysis.entities[:6]]
    assert "Wang Yi" in top and "United States" in top
