"""Speaker spans of quotes, one construct per test, with small crafted articles through the real
pipeline. They test the rules, so the learned pass is off (see tests/test_quote_model.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def analyse(analyse_rules):
    return analyse_rules


def one(analyse, text, kind=None):
    qs = [q for q in analyse(text).quotes if kind is None or q.kind == kind]
    assert len(qs) == 1, [(q.kind, [c.text for c in q.content]) for q in qs]
    return qs[0]


def test_frame_after_a_nested_quote(analyse):
    t = "The mayor spoke on Friday.\n\n“It sounds like, ‘Sure, we can wait a while,’” she said."
    q = one(analyse, t)
    assert q.speaker.text == "she" and q.cue.text == "said"


def test_frame_after_with_a_long_apposition(analyse):
    t = ("“The plan has the rare virtue of adding up,” Paula Grant, director of a budget institute "
         "and a lecturer at a state university, said of the bill.")
    assert one(analyse, t).speaker.text == "Paula Grant"


def test_frame_after_whose_subject_the_parse_lost(analyse):
    t = "“We will get to the bottom of this,” Fairview fire Chief Dana Morrow said Monday."
    q = one(analyse, t)
    assert "Morrow" in q.speaker.text and "Monday" not in q.speaker.text


def test_verb_outside_the_lexicon_that_is_the_whole_frame(analyse):
    t = "“Lower the fares! Lower the fares!” some commuters chanted, a week after the increase."
    q = one(analyse, t)
    assert q.speaker.text == "some commuters" and q.cue.text == "chanted"


def test_quotation_signed_with_a_dash(analyse):
    t = ("Readers wrote to us after the vote.\n\n"
         "“The new bridge will change how we get to work.” ― Lena Okafor\n"
         "“I never thought the council would listen to us.” ― Tom R. Baines.\n")
    qs = analyse(t).quotes
    assert [q.speaker.text for q in qs] == ["Lena Okafor", "Tom R. Baines"]


def test_quotation_signed_on_the_next_line(analyse):
    t = "The claims, checked.\n\n“The port handles more cargo than any other on the coast.”\n\n- Moreau.\n"
    assert one(analyse, t).speaker.text == "Moreau"


def test_dash_after_a_quoted_term_is_no_signature(analyse):
    t = "The mayor waved to a man in the crowd and called him “my neighbour.”\n\n- Wire reports.\n"
    assert all(q.speaker is None or q.speaker.text != "Wire reports" for q in analyse(t).quotes)


def test_colon_after_a_verb_outside_the_lexicon(analyse):
    t = "The council asked for a delay. Mayor Harlan objected:  “We have waited long enough for this bridge.”"
    q = one(analyse, t, "direct")
    assert q.speaker.text == "Mayor Harlan"


def test_colon_after_a_message_names_the_speaker(analyse):
    t = "Senator Ruth Avery delivered a blunt message to the board: “It is time to stop blaming the workers.”"
    assert one(analyse, t, "direct").speaker.text == "Senator Ruth Avery"


def test_question_then_a_new_sentence_is_no_frame(analyse):
    t = ("Mayor Harlan, visibly tired, answered: “Why should we wait any longer?” "
         "Her opponents cited the remark for weeks.")
    q = one(analyse, t, "direct")
    assert q.speaker.text == "Mayor Harlan"


def test_inverted_frame_whose_subject_the_parse_hung_on_a_participle(analyse):
    t = "“I am not going to call it an error, so drop it,” said retired pilot Sam Ortega, asked about his account."
    q = [q for q in analyse(t).quotes if q.kind == "direct"][0]
    assert "Ortega" in q.speaker.text and q.cue.text == "said"


def test_frame_after_with_a_relative_clause_on_the_speaker(analyse):
    t = "“You get the house ready for guests, that is all,” Moreno, who used to work downtown, said about the preparations."
    assert one(analyse, t, "direct").speaker.text == "Moreno"


def test_speaker_span_never_reaches_into_the_quotation(analyse):
    t = "“Debate recap,” tweeted campaign spokesman Dan Ferris. “Short and sharp.”"
    q = one(analyse, t, "direct")
    assert q.speaker.text.endswith("Dan Ferris") and "“" not in q.speaker.text and "tweeted" not in q.speaker.text


def test_new_speaker_introduced_between_two_quotations(analyse):
    t = ("“The council has run out of time,” said Greg Fenton, a local editor.\n\n"
         "Professor Maria Olsen agreed. “They should have decided this spring.”")
    qs = [q for q in analyse(t).quotes if q.kind == "direct"]
    assert [q.speaker.text for q in qs] == ["Greg Fenton", "Professor Maria Olsen"]


def test_negated_sentence_before_a_quotation_introduces_no_one(analyse):
    t = ("“We have had problems before,” Obama said after the meeting. He did not suggest retaliation. "
         "“Our goal is to set some norms.”")
    qs = [q for q in analyse(t).quotes if q.kind == "direct"]
    assert qs[-1].speaker.text == "Obama"


def test_transcript_label_inside_the_quotation(analyse):
    t = "Partial transcript:\n\n“HOLT: Will the senator be at the hearing?\n\n“BRANDT: She will not be attending.”"
    qs = [q for q in analyse(t).quotes if q.kind == "direct"]
    assert [q.speaker.text for q in qs] == ["HOLT", "BRANDT"]
    assert qs[1].content[0].text == "She will not be attending."  # the label is not part of what was said
    assert len(analyse(t).quotes) == 2


def test_speaker_label_before_the_quotation(analyse):
    t = ("The exchange went on.\n\nRep. Nora Blake (D-Ore.):“Who gave you that figure?”\n\n"
         "Former mayor Tom Hadley:“We took it from the city's own report.”")
    qs = [q for q in analyse(t).quotes if q.kind == "direct"]
    assert [q.speaker.text for q in qs] == ["Rep. Nora Blake (D-Ore.)", "Former mayor Tom Hadley"]



def test_who_released_the_document_is_the_source(analyse):
    t = "Senator Joan Avery released a letter from her doctor on Friday that says she is in excellent health."
    q = one(analyse, t, "indirect")
    assert q.speaker.text == "Senator Joan Avery" and q.cue.text == "says"


def test_document_believed_by_someone_speaks_for_itself(analyse):
    t = "The candidate believed the online polls that showed him winning every debate."
    q = [q for q in analyse(t).quotes if q.cue is not None and q.cue.text == "showed"][0]
    assert "candidate" not in q.speaker.text


def test_cue_coordinated_with_the_report_takes_its_subject(analyse):
    t = "Mayor Dana Holt said she would order a full audit of the budget and warned against further delays."
    q = [q for q in analyse(t).quotes if q.cue is not None and q.cue.text == "warned"][0]
    assert q.speaker.text == "Mayor Dana Holt"


def test_participle_after_a_report_takes_its_subject(analyse):
    t = "Senator Omar Reyes said he did not think the plan would pass, arguing that the votes were not there."
    q = [q for q in analyse(t).quotes if q.cue is not None and q.cue.text == "arguing"][0]
    assert q.speaker.text == "Senator Omar Reyes"


def test_added_after_a_report_frames_the_quotation(analyse):
    t = "Kessler said he welcomed the ruling and added, “I will appeal nothing.”"
    assert one(analyse, t, "direct").speaker.text == "Kessler"


def test_fragment_in_the_speakers_own_stance_belongs_to_the_report(analyse):
    t = "Governor Lyle Baxter said he wants “a complete overhaul of the state lottery.”"
    q = one(analyse, t)
    assert q.speaker.text == "Governor Lyle Baxter" and q.cue.text == "said"


def test_reporters_own_belief_inside_the_report_is_no_second_quote(analyse):
    t = "Officer Dana Pruitt later said she suspected the driver was drunk."
    qs = analyse(t).quotes
    assert [(q.speaker.text, q.cue.text) for q in qs] == [("Officer Dana Pruitt", "said")]


def test_object_of_a_control_verb_speaks(analyse):
    t = "The late hour of the vote led opposition leaders to say that the majority was hiding the bill."
    q = [q for q in analyse(t).quotes if q.cue is not None and q.cue.text == "say"][0]
    assert q.speaker.text == "opposition leaders"


def test_subject_control_verb_keeps_its_subject(analyse):
    t = "Mayor Lin promised residents to show that the new bus lines work."
    q = [q for q in analyse(t).quotes if q.cue is not None and q.cue.text == "show"][0]
    assert q.speaker.text == "Mayor Lin"


def test_as_someone_put_it_frames_the_quotation(analyse):
    t = "As the columnist Ray Dunn puts it, “The council is unmoved, and the voters are uninspired.”"
    q = one(analyse, t, "direct")
    assert q.speaker.text.startswith("the columnist") and q.cue.text == "puts"


def test_intransitive_verb_before_a_comma_frames_the_quotation(analyse):
    t = "Mayor Hollis shot back, “The council called them out. They must have been crushed.”"
    assert one(analyse, t, "direct").speaker.text == "Mayor Hollis"


def test_inverted_verb_outside_the_lexicon_after_a_quotation(analyse):
    t = "“It is about time we had a woman running this city,” exhorted her campaign chair, Dana Wells."
    q = one(analyse, t, "direct")
    assert q.speaker is not None and q.cue.text == "exhorted"


def test_quotation_framed_by_a_stance_inside_a_report(analyse):
    t = "In the debate, Mayor Hall said he responded: “When you have incoming, you cannot be too polite.”"
    q = one(analyse, t, "direct")
    assert q.speaker.text == "Mayor Hall" and q.cue.text == "said"


def test_poll_is_the_source_of_its_respondents(analyse):
    t = "In a new statewide poll released Monday, 40 percent of voters said the governor should resign."
    q = one(analyse, t, "indirect")
    assert q.speaker.text == "a new statewide poll" and q.cue.text == "said"


def test_label_before_a_colon_is_not_the_subject(analyse):
    t = "The Latest: Harmon urges supporters to watch the polling places."
    q = one(analyse, t, "indirect")
    assert q.speaker.text == "Harmon"


def test_dateline_is_not_the_subject(analyse):
    t = "BUENA PARK, Calif. - Senator Ruth Avery promised to deliver change to the valley."
    q = one(analyse, t)
    assert "Avery" in q.speaker.text and "BUENA" not in q.speaker.text
