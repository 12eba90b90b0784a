"""The sample article as a regression test for relations."""


def rows(a, rtype):
    return [(a.entity(r.subject).name, r.predicate, a.entity(r.object).name if r.object else r.object_text)
            for r in a.relations if r.type == rtype]


def test_role_rows_for_the_officials(sample_analysis):
    roles = rows(sample_analysis, "ROLE")
    assert ("Wang Yi", "Foreign Minister", "China") in roles
    assert ("Sergey Lavrov", "Foreign Minister", "Russia") in roles
    assert ("Vladimir Putin", "President", "Russia") in roles
    assert ("Xi Jinping", "President", "China") in roles
    assert ("Joe Biden", "President", None) in roles


def test_role_objects_are_the_country_entities(sample_analysis):
    a = sample_analysis
    for r in a.relations:
        if r.type == "ROLE" and r.object_text in ("China", "Russia"):
            assert r.object is not None and a.entity(r.object).label == "GPE"


def test_interaction_rows(sample_analysis):
    inter = rows(sample_analysis, "INTERACTION")
    assert ("Wang Yi", "ACCUSE", "United States") in inter
    assert ("Vladimir Putin", "MEET", "Xi Jinping") in inter


def test_said_rows(sample_analysis):
    a = sample_analysis
    assert any(q.speaker_entity for q in a.quotes), "no quote has a speaker entity"
    said = rows(a, "SAID")
    assert any(s == "Wang Yi" for s, _, _ in said)


def test_no_relation_to_hidden_or_unknown_ids(sample_analysis):
    sample_analysis.validate()
