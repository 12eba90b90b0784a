"""Speakers resolved to the right person: one rule of ``tui.analysis.quotes.speakers`` per test,
small crafted articles through the real pipeline (rules only), asserting the ``speaker_name``."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def analyse(analyse_rules):
    return analyse_rules


def name_of(analyse, text, speaker):
    """The speaker_name of the one quote whose speaker span is ``speaker`` (the last such)."""
    qs = [q for q in analyse(text).quotes if q.speaker is not None and q.speaker.text == speaker]
    assert qs, [(q.speaker and q.speaker.text, q.speaker_name) for q in analyse(text).quotes]
    return qs[-1].speaker_name


def test_pronoun_goes_to_the_latest_person_not_an_earlier_one(analyse):
    # Two men before "he", neither the subject of the sentence before: the latest one.
    t = ("The report was read by John Smith on Monday and then by Peter Brown on Tuesday.\n\n"
         "“It is a fair account,” he said.")
    assert name_of(analyse, t, "he") == "Peter Brown"


def test_pronoun_goes_to_the_subject_of_the_previous_sentence(analyse):
    # The subject, not the person named last (Smith), is the one the pronoun continues.
    t = "Peter Brown disagreed with John Smith on the budget.\n\n“It will fail,” he said."
    assert name_of(analyse, t, "he") == "Peter Brown"


def test_pronoun_subject_of_the_previous_sentence_is_followed(analyse):
    # "He" in the second sentence is Brown; the third sentence's "he" continues it.
    t = ("Peter Brown arrived at the hearing with John Smith.\n\n"
         "He spoke to the reporters first.\n\n“We are ready,” he said.")
    assert name_of(analyse, t, "he") == "Peter Brown"


def test_pronoun_goes_to_a_person_named_earlier_in_its_sentence(analyse):
    t = ("Peter Brown praised the plan on Monday.\n\n"
         "When Anna Reed took the stage, she said the plan would cost too much.")
    assert name_of(analyse, t, "she") == "Anna Reed"


def test_a_quote_is_no_antecedent_of_its_own_speaker(analyse):
    # "Smith" inside what is said is not who says it.
    t = ("Mark Hunter, a blogger in Chicago, said he will not vote this year.\n\n"
         "Also, Smith is not a conservative, he said.")
    assert name_of(analyse, t, "he") == "Mark Hunter"


def test_first_name_gender_decides_between_a_man_and_a_woman(analyse):
    # No honorific or pronoun tells their gender: the first names do.
    t = ("The crowd cheered Hillary Rodham and then Bill Stevens at the rally.\n\n"
         "“We will win this state,” she said.")
    assert name_of(analyse, t, "she") == "Hillary Rodham"


def test_resolved_speakers_count_as_mentions(analyse):
    # The second "she" continues the first one, which is Reed, although Grant was named after her.
    t = ("Anna Reed spoke first.\n\n“We need the money,” she said, looking at Mary Grant's notes.\n\n"
         "The hall was quiet.\n\n“It is that simple,” she added.")
    qs = [q for q in analyse(t).quotes if q.speaker is not None]
    assert [q.speaker_name for q in qs] == ["Anna Reed", "Anna Reed"]


def test_a_name_qualifying_a_noun_is_no_antecedent(analyse):
    t = ("Jane Miller asked the senator about the deportations under the Obama administration.\n\n"
         "The room was quiet.\n\n“It is a tragedy,” she said.")
    assert name_of(analyse, t, "she") == "Jane Miller"


def test_a_campaign_is_not_its_candidate(analyse):
    t = "Ted Cruz spoke in Iowa on Monday.\n\nHis campaign said the rally drew 3,000 people."
    assert name_of(analyse, t, "His campaign") is None


def test_the_company_is_the_organisation_mentioned_last(analyse):
    t = ("Microsoft reported higher profits on Tuesday.\n\n"
         "The company said cloud sales rose by a third.")
    assert name_of(analyse, t, "The company") == "Microsoft"


def test_the_party_is_the_organisation_named_with_that_noun(analyse):
    t = ("The Democratic Party met in Philadelphia, and Microsoft sent a team.\n\n"
         "The party said the platform was final.")
    assert name_of(analyse, t, "The party") == "Democratic Party"


def test_someones_spokesman_is_not_that_person(analyse):
    t = ("Prime Minister David Cameron spoke in parliament on Monday.\n\n"
         "The prime minister's spokesman said the talks would go on.")
    assert name_of(analyse, t, "The prime minister's spokesman") is None


def test_an_unnamed_spokesman_is_not_the_last_speaker(analyse):
    t = ("“We will not change course,” David Cameron said on Monday.\n\n"
         "The spokesman said no meeting was planned.")
    assert name_of(analyse, t, "The spokesman") is None


def test_a_role_description_still_finds_the_person_with_that_title(analyse):
    t = ("Foreign Minister Wang Yi met his Russian counterpart on Friday.\n\n"
         "The foreign minister said the talks were useful.")
    assert name_of(analyse, t, "The foreign minister") == "Wang Yi"


def test_a_bare_surname_followed_by_her_goes_to_the_woman(analyse):
    t = ("Bill Clinton and Hillary Clinton arrived in Iowa on Monday.\n\n"
         "Clinton said her plan would create jobs.")
    a = analyse(t)
    q = next(q for q in a.quotes if q.speaker is not None and q.speaker.text == "Clinton")
    assert q.speaker_name == "Hillary Clinton"


def test_nickname_variants_are_one_person(analyse):
    t = "Kenneth Starr testified on Monday.\n\nKen Starr said the report was complete."
    people = [e for e in analyse(t).entities if e.label == "PERSON"]
    assert len(people) == 1 and people[0].name == "Kenneth Starr"


@pytest.fixture(scope="module")
def resolver_of(nlp, settings):
    """resolver_of(text) -> the SpeakerResolver of ``text`` (its entities from the real pipeline)."""
    from tui.analysis import analyze
    from tui.analysis.lexicons import Lexicons
    from tui.analysis.quotes.speakers import build_resolver
    from tui.articles import article_from_text

    lex = Lexicons.from_settings(settings).reporting_verbs

    def run(text: str):
        entities = analyze(article_from_text(text), settings, nlp=nlp).entities
        return build_resolver(text, entities, lex, [], (), nlp(text))

    return run


def test_a_cue_without_subject_takes_the_nearest_subject_before_it(resolver_of):
    t = "The hearing ended early. Donald Trump left the room after Jane Doe read a letter criticizing the judge."
    cue = t.index("criticizing")
    m = resolver_of(t).nearest_source(cue, [(t.index("the judge"), len(t) - 1)])
    assert m is not None and m.entity.name == "Jane Doe"


def test_an_object_is_no_nearest_source(resolver_of):
    t = "Hillary Clinton looked at the crowd. Then, turning to Bernie Sanders, insisted that the plan would work."
    cue = t.index("insisted")
    assert resolver_of(t).nearest_source(cue, [(t.index("the plan"), len(t) - 1)]) is None


def test_a_passive_expectation_keeps_no_speaker(analyse):
    # "is expected to" names no source on purpose: not the subject before it (Putin).
    t = "Vladimir Putin met Donald Trump in Moscow, and the deal is expected to be signed soon."
    qs = [q for q in analyse(t).quotes if q.cue is not None and q.cue.text == "expected"]
    assert qs and qs[0].speaker is None


def test_an_epithet_refers_back_to_the_person_just_named(analyse):
    t = ("“I have no problem with being vetted,” Ben Carson said on Tuesday.\n\n"
         "The retired neurosurgeon said the media treated him unfairly.")
    assert name_of(analyse, t, "The retired neurosurgeon") == "Ben Carson"


def test_someones_spokesman_named_in_full_is_not_that_person(analyse):
    t = "David Cameron spoke in parliament on Monday.\n\nDavid Cameron's spokesman said the talks would go on."
    assert name_of(analyse, t, "David Cameron's spokesman") is None


def test_a_modifier_inside_a_description_is_not_its_speaker(analyse):
    # "The two Republican presidents" are not the Republicans (nor anyone named).
    t = ("Richard Nixon and Ronald Reagan changed the drug laws.\n\n"
         "The two Republican presidents said the laws would cut crime.")
    assert name_of(analyse, t, "The two Republican presidents") is None


def test_a_qualified_organisation_noun_is_not_any_organisation(analyse):
    # "the city council" is not the association named before it.
    t = ("The Better Government Association studied the payments.\n\n"
         "In May, the city council said it would pay the victims.")
    assert name_of(analyse, t, "the city council") is None


def test_a_group_noun_of_two_words_is_nobody_named(analyse):
    t = "Bernie Sanders spoke in Vermont on Monday.\n\nHis own brain trust said he should run as an independent."
    assert name_of(analyse, t, "His own brain trust") is None
