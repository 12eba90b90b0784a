"""Entity consolidation through the real pipeline: one entry per real-world entity."""

from __future__ import annotations

import pytest


def by_name(a, name):
    found = [e for e in a.entities if e.name == name]
    assert found, f"no entity {name!r} in {[(e.name, e.label) for e in a.entities]}"
    return found[0]


def names(a, label=None):
    return [e.name for e in a.entities if label is None or e.label == label]


def test_full_name_and_surname_merge(analyse):
    a = analyse("Vladimir Putin arrived in Minsk on Monday. Putin met the president there. "
                "Later Putin flew home.")
    putin = by_name(a, "Vladimir Putin")
    assert putin.label == "PERSON"
    assert len(putin.mentions) == 3
    assert "Putin" in putin.aliases
    assert names(a).count("Putin") == 0


def test_title_and_surname_merge_and_take_the_person_label(analyse):
    a = analyse("Chinese Foreign Minister Wang Yi visited Paris on Monday. "
                "Wang said the talks were useful. Mr. Wang left on Tuesday.")
    wang = by_name(a, "Wang Yi")
    assert wang.label == "PERSON"
    assert len(wang.mentions) == 3
    assert wang.titles == ["Foreign Minister"]
    assert wang.gender == "m"
    assert not [e for e in a.entities if e.name == "Wang"]


def test_country_variants_are_one_entity(analyse):
    a = analyse("The United States imposed new tariffs. US officials said the U.S. would not back down. "
                "America has long argued this.")
    us = [e for e in a.entities if e.name == "United States"]
    assert len(us) == 1
    assert us[0].label == "GPE"
    assert len(us[0].mentions) >= 3
    assert not set(names(a)) & {"US", "U.S.", "America"}


def test_acronym_of_a_mention(analyse):
    a = analyse("Russia leads the Eurasian Economic Union. Armenia joined the EEU in 2015.")
    eeu = by_name(a, "Eurasian Economic Union")
    assert "EEU" in eeu.aliases


def test_norp_is_not_merged_into_the_country(analyse):
    a = analyse("China said on Monday that Chinese ships would sail on.")
    china = by_name(a, "China")
    assert china.label == "GPE"
    assert all(m.text == "China" for m in china.mentions)


def test_mentions_are_trimmed(analyse):
    a = analyse("Officials in the United States said so.")
    us = by_name(a, "United States")
    assert us.mentions[0].text == "United States"


def test_photo_credit_is_not_a_person(analyse):
    text = ("Russian President Vladimir Putin speaks in Moscow on December 15, 2021. "
            "MIKHAIL METZEL / SPUTNIK / AFP via Getty Images")
    a = analyse(text)
    assert not [e for e in a.entities if "METZEL" in e.name.upper()]
    assert not [e for e in a.entities if "Getty" in e.name]
    assert "Vladimir Putin" in names(a, "PERSON")


@pytest.mark.parametrize("credit", [
    "Photo: John Smith/Reuters",
    "(AP Photo/Evan Vucci)",
    "By Jane Doe, Reuters",
])
def test_other_credits_and_bylines(analyse, credit):
    a = analyse(f"{credit}\n\nPresident Joe Biden spoke in Ohio on Monday.")
    persons = names(a, "PERSON")
    assert "Joe Biden" in persons
    assert not {"John Smith", "Evan Vucci", "Jane Doe"} & set(persons)


def test_entity_ruler_phrase(analyse):
    a = analyse("Beijing's gigantic Belt and Road initiative spans many countries.")
    assert "Belt" not in names(a, "PERSON")
    assert any("Belt and Road" in n for n in names(a, "ORG"))


def test_hidden_labels_stay_hidden(nlp, settings):
    from tui.analysis import analyze
    from tui.articles import article_from_text

    hidden = settings.model_copy(update={"entities": settings.entities.model_copy(update={"show": ["PERSON"]})})
    a = analyze(article_from_text("Chinese Foreign Minister Wang Yi met officials in Paris."), hidden, nlp=nlp)
    assert {e.label for e in a.entities} == {"PERSON"}
    a.validate()


def test_salience_order(analyse):
    a = analyse("Angela Merkel met Emmanuel Macron in Berlin.\n\n"
                "Merkel said the talks went well. Merkel thanked the French leader. "
                "Later, a reporter asked about Joe Biden.")
    order = names(a, "PERSON")
    assert order[0] == "Angela Merkel"
    assert order.index("Emmanuel Macron") < order.index("Joe Biden")
    sal = [e.salience for e in a.entities]
    assert sal == sorted(sal, reverse=True)
    assert [e.id for e in a.entities] == [f"E{i}" for i in range(1, len(a.entities) + 1)]


def test_gender_from_honorific_and_pronoun(analyse):
    a = analyse("Mrs. Lena Park chairs the committee. Park said she would resign.")
    assert by_name(a, "Lena Park").gender == "f"
    b = analyse("Tom Baxter runs the plant. Baxter said he would stay.")
    assert by_name(b, "Tom Baxter").gender == "m"


def test_titles_from_apposition(analyse):
    a = analyse("Sergey Lavrov, Russia's foreign minister, arrived in Geneva on Monday.")
    assert by_name(a, "Sergey Lavrov").titles == ["Foreign Minister"]
    b = analyse("Satya Nadella, the chief executive of Microsoft, spoke on Monday.")
    assert by_name(b, "Satya Nadella").titles == ["Chief Executive"]


def test_ruler_patterns_use_the_pipeline_tokens_and_skip_settings(nlp):
    from tui.analysis.pipeline import ruler_patterns

    pats = ruler_patterns(nlp, {"ORG": ["Belt-and-Road Initiative"], "credit_agencies": ["AFP"]})
    assert len(pats) == 1
    assert [p["LOWER"] for p in pats[0]["pattern"]] == ["belt", "-", "and", "-", "road", "initiative"]


def test_gender_from_gendered_title(analyse):
    a = analyse("White House spokeswoman Karine Jean-Pierre spoke on Monday.")
    kjp = [e for e in a.entities if e.label == "PERSON"][0]
    assert kjp.gender == "f"
    assert kjp.titles == ["Spokeswoman"]


def test_untagged_surname_joins_its_person(analyse):
    a = analyse("Indian Prime Minister Narendra Modi held a meeting in New Delhi on Friday. "
                "Modi and his guests also signed a trade agreement.")
    assert len(by_name(a, "Narendra Modi").mentions) == 2


def test_middle_initial_variant_is_one_person(analyse):
    a = analyse("Donald J. Trump spoke in Ohio on Monday. Mr. Trump promised lower taxes. "
                "Supporters chanted for Donald Trump after the speech.")
    trump = [e for e in a.entities if e.label == "PERSON" and "Trump" in e.name]
    assert len(trump) == 1, [(e.name, len(e.mentions)) for e in trump]
    assert trump[0].name == "Donald J. Trump" and len(trump[0].mentions) == 3
