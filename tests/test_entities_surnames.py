"""Several persons sharing a surname: which one a bare surname stands for."""

from __future__ import annotations


def person(a, name):
    found = [e for e in a.entities if e.name == name and e.label == "PERSON"]
    assert found, f"no PERSON {name!r} in {[(e.name, e.label) for e in a.entities]}"
    return found[0]


def bare(e, surname):
    return [m.start for m in e.mentions if m.text == surname]


def test_bare_surname_goes_to_the_most_salient_person_not_the_last_named(analyse):
    text = ("Hillary Clinton campaigned in Ohio on Monday. Hillary Clinton told supporters that the "
            "economy was improving. Later she visited her daughter Chelsea Clinton in New York.\n\n"
            "Aides said the trip had been planned for weeks.\n\n"
            "Clinton returned to Washington on Tuesday.")
    a = analyse(text)
    hillary, chelsea = person(a, "Hillary Clinton"), person(a, "Chelsea Clinton")
    assert bare(hillary, "Clinton") == [text.rindex("Clinton")]
    assert bare(chelsea, "Clinton") == []


def test_bare_surname_right_after_a_full_name_goes_to_that_person(analyse):
    text = ("Hillary Clinton campaigned in Ohio on Monday. Hillary Clinton told supporters that the "
            "economy was improving. Her daughter Chelsea Clinton spoke in Denver on Tuesday. "
            "Clinton told the crowd that the campaign was far from over.")
    a = analyse(text)
    assert bare(person(a, "Chelsea Clinton"), "Clinton") == [text.rindex("Clinton")]
    assert bare(person(a, "Hillary Clinton"), "Clinton") == []


def test_surname_in_the_title_goes_to_the_person_introduced_first(analyse):
    text = ("Bush drops out of the race\n\n"
            "Jeb Bush ended his presidential campaign on Saturday. His brother George W. Bush had "
            "campaigned for him in South Carolina.\n\n"
            "Supporters had hoped for a better result.")
    a = analyse(text)
    assert bare(person(a, "Jeb Bush"), "Bush") == [text.index("Bush")]


def test_an_honorific_of_the_other_gender_is_never_the_same_person(analyse):
    text = ("Hillary Clinton and Bill Clinton arrived in Iowa on Monday.\n\n"
            "The candidate spoke about jobs. Mrs. Clinton said wages were too low.\n\n"
            "Voters cheered. Mr. Clinton talked about his years in the White House.")
    a = analyse(text)
    hillary, bill = person(a, "Hillary Clinton"), person(a, "Bill Clinton")
    assert [m.text for m in bill.mentions].count("Clinton") == 1
    assert [m.text for m in hillary.mentions].count("Clinton") == 1
    assert bill.mentions[-1].start > text.index("Mr. Clinton")


def test_a_surname_read_by_a_nearby_full_name_does_not_snowball(analyse):
    text = ("Hillary Clinton kept her illness quiet, a former doctor says.\n\n"
            "The doctor, who served under former President Bill Clinton, said that Clinton hid the "
            "diagnosis from the public.\n\n"
            "The doctor wrote a memoir about her years at the White House.\n\n"
            "Reporters later asked about the book.\n\n"
            "Clinton did not want to stay in the hospital.")
    a = analyse(text)
    assert bare(person(a, "Hillary Clinton"), "Clinton") == [text.rindex("Clinton")]
