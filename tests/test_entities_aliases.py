"""The name/alias rules of tui.analysis.aliases (pure functions, no spaCy)."""

import pytest

from tui.analysis.aliases import (acronym, clean_name, is_acronym_of, is_name_part, is_prefix_name, key,
                         same_entity, strip_honorifics, surname)

ALIASES = {"United States": ["US", "U.S.", "America"]}


@pytest.mark.parametrize("raw, clean", [
    ("the United States", "United States"),
    ("The United States’", "United States"),
    ("Russia's", "Russia"),
    ("“Wang", "Wang"),
])
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


def test_key_ignores_dots_and_case():
    assert key("U.S.") == key("US") == key("the us")


def test_surname_and_honorifics():
    assert surname("Joe Biden") == "Biden"
    assert surname("Martin Luther King Jr.") == "King"
    assert strip_honorifics("Mr. Wang") == "Wang"
    assert strip_honorifics("Dr. Jill Biden", ["dr."]) == "Jill Biden"


@pytest.mark.parametrize("short, long", [
    ("US", "United States"), ("U.S.", "the United States"), ("EEU", "Eurasian Economic Union"),
    ("USA", "United States of America"), ("NATO", "North Atlantic Treaty Organization"),
])
def test_acronyms(short, long):
    assert is_acronym_of(short, long)
    assert same_entity(short, long, "GPE", "ORG")


def test_acronym_needs_capitals_and_several_words():
    assert acronym("Wang") == ""
    assert not is_acronym_of("us", "United States")
    assert not is_acronym_of("UK", "United States")


@pytest.mark.parametrize("short, long", [
    ("Wang", "Wang Yi"), ("Mr. Wang", "Wang Yi"), ("Putin", "Vladimir Putin"), ("Biden", "Joe Biden"),
])
def test_person_name_parts(short, long):
    assert is_name_part(short, long)
    assert same_entity(short, long)


def test_person_name_parts_negative():
    assert not same_entity("Jill Biden", "Joe Biden")
    assert not same_entity("Wang", "Wang Yi", "NORP", "PERSON")
    assert not same_entity("Lee", "Wang Yi")


def test_org_prefix():
    assert is_prefix_name("Xinhua", "Xinhua News Agency")
    assert is_prefix_name("Microsoft", "Microsoft Corp.")
    assert same_entity("Microsoft", "Microsoft Corp.", "ORG", "ORG")
    assert not same_entity("Microsoft", "Microsoft Corp.", "GPE", "GPE")


def test_listed_aliases():
    assert same_entity("America", "the United States", "GPE", "GPE", ALIASES)
    assert same_entity("U.S.", "America", "GPE", "GPE", ALIASES)
    assert not same_entity("America", "Russia", "GPE", "GPE", ALIASES)


def test_org_prefix_needs_generic_tail():
    assert is_prefix_name("Labour", "Labour Party")
    assert not is_prefix_name("CNN", "CNN Headline News")
    assert not is_prefix_name("House", "House Ways and Means Committee")


from hypothesis import given, settings as hsettings, strategies as st

NAME = st.lists(st.sampled_from(["Wang", "Yi", "the", "United", "States", "US", "U.S.", "Mr.", "Joe",
                                 "Biden", "Economic", "Union", "EEU", "of", "’s", "Corp."]),
                min_size=1, max_size=4).map(" ".join)
LABEL = st.sampled_from(["PERSON", "ORG", "GPE", "NORP"])


@hsettings(max_examples=300, deadline=None)
@given(NAME, NAME, LABEL, LABEL)
def test_same_entity_is_symmetric(a, b, la, lb):
    assert same_entity(a, b, la, lb, ALIASES) == same_entity(b, a, lb, la, ALIASES)


@hsettings(max_examples=300, deadline=None)
@given(NAME)
def test_clean_name_is_idempotent_and_same_entity_reflexive(a):
    assert clean_name(clean_name(a)) == clean_name(a)
    if key(a):
        assert same_entity(a, a, "ORG", "ORG")


@pytest.mark.parametrize("short, long", [
    ("Post", "The New York Post"),
    ("the Times", "The New York Times"),
    ("the Journal", "The Wall Street Journal"),
    ("Homeland Security", "Department of Homeland Security"),
])
def test_org_short_form_keeps_the_last_words(short, long):
    assert same_entity(short, long, "ORG", "ORG")


@pytest.mark.parametrize("short, long", [
    ("the Committee", "House Ways and Means Committee"),
    ("Service", "Secret Service"),
    ("House", "White House"),
    ("PAC", "Super PAC"),
    ("Walmart", "McDonald's and Walmart"),
])
def test_org_short_form_not_generic_words(short, long):
    assert not same_entity(short, long, "ORG", "ORG")


@pytest.mark.parametrize("short, long", [
    ("Donald Trump", "Donald J. Trump"),
    ("Vladimir Putin", "Vladimir V. Putin"),
    ("John Roberts", "John G. Roberts Jr."),
])
def test_person_name_with_middle_initials(short, long):
    assert same_entity(short, long) and same_entity(long, short)


def test_two_names_with_different_initials_stay_apart():
    assert not same_entity("George W. Bush", "George H. W. Bush")
    assert not same_entity("Donald Trump", "Donald J. Tusk")


def test_org_short_form_of_a_state_branch_is_not_the_national_body():
    assert not same_entity("Democratic Party", "Iowa Democratic Party", "ORG", "ORG")
    assert not same_entity("Republican Party", "New York State Republican Party", "ORG", "ORG")
    assert same_entity("Supreme Court", "U.S. Supreme Court", "ORG", "ORG")
    assert same_entity("Department of Justice", "U.S. Department of Justice", "ORG", "ORG")
