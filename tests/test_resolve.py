"""The mention -> entity resolver (tui/analysis/resolve.py) on small crafted articles: entities are
given by hand (no NER), so each test shows one rule."""

from __future__ import annotations

import pytest

from tui.analysis.lexicons import PersonWords
from tui.analysis.resolve import EntityResolver
from tui.model import Entity, Span

WORDS = PersonWords.from_lexicon({
    "titles": ["foreign minister", "spokeswoman", "senator"],
    "male": ["mr."], "female": ["mrs.", "spokeswoman"],
    "pronouns": {"he": "m", "him": "m", "she": "f", "her": "f"},
})


def ent(eid: str, text: str, name: str, label: str = "PERSON", *, at: list[str] | None = None,
        gender: str | None = None, titles: list[str] | None = None, aliases: list[str] | None = None) -> Entity:
    """An entity whose mentions are every occurrence of the strings ``at`` (default: its name)."""
    spans = []
    for s in at or [name]:
        i = text.find(s)
        while i >= 0:
            spans.append(Span.of(text, i, i + len(s)))
            i = text.find(s, i + 1)
    return Entity(eid, name, label, sorted(spans, key=lambda m: m.start), aliases=aliases or [],
                  titles=titles or [], gender=gender)


def span(text: str, s: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(s, i + 1)
    return i, i + len(s)


def test_a_span_over_a_mention_is_that_entity_person_first():
    text = "Ann Lee of Acme Ann Lee said."
    acme = ent("E1", text, "Acme Ann Lee", "ORG", at=["Acme Ann Lee"])
    ann = ent("E2", text, "Ann Lee", gender="f")
    r = EntityResolver(text, [acme, ann], WORDS)
    assert r.by_mention(*span(text, "Acme Ann Lee")) is ann  # overlaps both: the person wins
    assert r.by_mention(*span(text, "Acme")) is acme
    assert r.by_mention(*span(text, "said")) is None


def test_a_pronoun_is_the_last_person_of_its_gender():
    text = "Ann Lee met Bob Stone. Then she spoke. Then he spoke."
    ann = ent("E1", text, "Ann Lee", gender="f")
    bob = ent("E2", text, "Bob Stone", gender="m")
    r = EntityResolver(text, [ann, bob], WORDS)
    assert r.resolve(*span(text, "she"), before=span(text, "she")[0]) is ann
    assert r.resolve(*span(text, "he", 1), before=span(text, "he", 1)[0]) is bob
    # the last speaker goes first when its gender does not contradict the pronoun
    assert r.speaker_pronoun("he", span(text, "he", 1)[0], last_speaker=ann) is bob
    unknown = ent("E3", text, "Bob Stone")
    r2 = EntityResolver(text, [ann, unknown], WORDS)
    assert r2.speaker_pronoun("he", len(text), last_speaker=unknown) is unknown


def test_only_the_last_three_persons_are_candidates_for_a_pronoun():
    text = "Ann Lee. Bob Stone. Cy Park. Dan Roe. She left."
    people = [ent(f"E{i}", text, n, gender=g) for i, (n, g) in
              enumerate([("Ann Lee", "f"), ("Bob Stone", "m"), ("Cy Park", "m"), ("Dan Roe", "m")], 1)]
    r = EntityResolver(text, people, WORDS)
    assert r.speaker_pronoun("she", span(text, "She")[0]) is None  # Ann is four persons back


def test_mentions_inside_quotations_are_never_antecedents():
    text = "“Ann Lee lied,” Bob Stone said. “No,” he added."
    ann = ent("E1", text, "Ann Lee", gender="m")
    bob = ent("E2", text, "Bob Stone", gender="m")
    quoted = [span(text, "“Ann Lee lied,”"), span(text, "“No,”")]
    r = EntityResolver(text, [ann, bob], WORDS, quoted)
    assert r.in_quote(text.index("Ann")) and not r.in_quote(text.index("Bob"))
    assert r.speaker_pronoun("he", text.index("he added"), last_speaker=None) is bob
    assert EntityResolver(text, [bob, ann], WORDS).speaker_pronoun("he", text.index("“No")) is bob


def test_overlapping_quotation_regions_count_as_one():
    r = EntityResolver("x" * 40, [], WORDS, [(0, 30), (5, 10)])
    assert r.in_quote(20) and r.in_quote(7) and not r.in_quote(30)


def test_a_surname_is_the_person_with_that_name_word():
    text = "Wang Yi flew in. Li Wei too. Later Wang said no."
    wang = ent("E1", text, "Wang Yi", at=["Wang Yi"])
    li = ent("E2", text, "Li Wei")
    r = EntityResolver(text, [wang, li], WORDS, names=[span(text, "Wang", 1)])
    assert r.resolve(*span(text, "Wang", 1), before=span(text, "Wang", 1)[0]) is wang
    assert r.by_mention(*span(text, "Wang", 1)) is wang  # an untagged proper noun counts as a mention


def test_a_role_description_is_the_person_introduced_with_it():
    text = "Foreign Minister Wang Yi met Senator Bob Stone. The foreign minister said no."
    wang = ent("E1", text, "Wang Yi", titles=["Foreign Minister"])
    bob = ent("E2", text, "Bob Stone", titles=["Senator"])
    r = EntityResolver(text, [wang, bob], WORDS)
    desc = span(text, "The foreign minister")
    assert r.resolve(*desc, before=desc[0]) is wang
    assert r.resolve(*desc, before=desc[0], last_speaker=bob) is wang


def test_an_indefinite_role_is_nobody_known():
    text = "Spokeswoman Ann Lee arrived. A spokeswoman said no."
    ann = ent("E1", text, "Ann Lee", titles=["Spokeswoman"])
    r = EntityResolver(text, [ann], WORDS)
    s = span(text, "A spokeswoman")
    assert r.resolve(*s, before=s[0], last_speaker=ann) is None


def test_gender_from_the_title_words_around_a_mention():
    text = "Spokeswoman Ann Lee arrived. Bob Stone too. She spoke."
    ann = ent("E1", text, "Ann Lee")  # no gender on the entity: "Spokeswoman" gives it
    bob = ent("E2", text, "Bob Stone", gender="m")
    r = EntityResolver(text, [ann, bob], WORDS)
    assert r.speaker_pronoun("she", text.index("She"), last_speaker=bob) is ann


# -- the token side (relations) ------------------------------------------------------------------


@pytest.fixture(scope="module")
def parsed(nlp):
    text = "Ann Lee met Bob Stone in Paris. He praised her. They agreed."
    return text, nlp(text)


def test_token_side_at_and_subject_pronoun(parsed, settings):
    from tui.analysis.context import DocContext
    from tui.analysis.lexicons import Lexicons

    text, doc = parsed
    ann = ent("E1", text, "Ann Lee", gender="f")
    bob = ent("E2", text, "Bob Stone", gender="m")
    lex = Lexicons.from_settings(settings)
    r = EntityResolver(text, [ann, bob], lex.persons, doc=doc, lx=lex.entity)
    ctx = DocContext(doc)
    he = next(t for t in doc if t.text == "He")
    assert r.at(doc[0]) is ann and r.at(he) is None
    assert r.subject_pronoun(he, ctx) is bob  # the one man of the sentence before
    quoted = EntityResolver(text, [ann, bob], lex.persons, [(he.idx, he.idx + 2)], doc=doc, lx=lex.entity)
    assert quoted.subject_pronoun(he, ctx) is None  # inside a quotation: someone else's


def test_a_resolver_without_a_doc_refuses_the_token_side():
    r = EntityResolver("Ann Lee.", [], WORDS)
    with pytest.raises(ValueError):
        r.at(0)
