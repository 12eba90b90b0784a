"""Merging one person across articles (``tui.corpus.people``), rule by rule, on crafted rows; and
once end to end on crafted articles through the real analysis."""

from __future__ import annotations

from tui.corpus.people import EntityRow, description_gender, merge_people

HONS = ("mr.", "mrs.", "ms.", "president", "sen.", "dr.")


def groups(rows, **kw) -> dict[str, set[tuple[int, str]]]:
    sources, _ = merge_people(rows, honorifics=HONS, **kw)
    return {s.name: set(s.members) for s in sources}


def P(article: int, name: str, gender: str | None = None, eid: str | None = None) -> EntityRow:
    return EntityRow(article, eid or f"E{article}{name}", name, "PERSON", gender)


def test_full_name_then_surname_across_files():
    g = groups([P(1, "Donald Trump"), P(2, "Trump"), P(3, "Mr. Trump"), P(4, "Donald J. Trump")])
    assert list(g) == ["Donald Trump"] and len(g["Donald Trump"]) == 4


def test_same_surname_two_people_stay_apart():
    g = groups([P(1, "Bill Smith"), P(2, "Jane Smith")])
    assert set(g) == {"Bill Smith", "Jane Smith"}


def test_a_surname_shared_by_two_equally_known_people_stays_its_own_source():
    g = groups([P(1, "Bill Smith"), P(2, "Jane Smith"), P(3, "Smith")])
    assert set(g) == {"Bill Smith", "Jane Smith", "Smith"}


def test_the_surname_goes_to_the_person_whose_gender_agrees():
    g = groups([P(1, "Bill Smith", "m"), P(2, "Jane Smith", "f"), P(3, "Ms. Smith", "f")])
    assert g["Jane Smith"] == {(2, "E2Jane Smith"), (3, "E3Ms. Smith")}
    assert g["Bill Smith"] == {(1, "E1Bill Smith")}


def test_the_surname_goes_to_a_person_seen_far_more_often():
    rows = [P(i, "Donald Trump") for i in range(1, 7)] + [P(7, "Ivanka Trump"), P(8, "Trump")]
    g = groups(rows)
    assert (8, "E8Trump") in g["Donald Trump"] and g["Ivanka Trump"] == {(7, "E7Ivanka Trump")}
    # … but not when the other is seen nearly as often
    rows = [P(i, "Donald Trump") for i in range(1, 3)] + [P(7, "Ivanka Trump"), P(8, "Trump")]
    assert "Trump" in groups(rows)


def test_a_suffix_makes_another_person():
    g = groups([P(1, "Donald Trump"), P(2, "Donald Trump Jr.")])
    assert set(g) == {"Donald Trump", "Donald Trump Jr."}


def test_middle_names_and_initials_agree_or_stay_apart():
    g = groups([P(1, "Hillary Clinton"), P(2, "Hillary Rodham Clinton")])
    assert len(g) == 1
    g = groups([P(1, "George Bush"), P(2, "George W. Bush"), P(3, "George H. W. Bush")])
    assert set(g) == {"George Bush", "George W. Bush", "George H. W. Bush"}


def test_honorifics_and_titles_are_not_part_of_the_name():
    g = groups([P(1, "President Obama"), P(2, "Barack Obama"), P(3, "Mr. Obama")])
    assert list(g) == ["Barack Obama"]


def test_organisations_merge_by_name_and_listed_alias():
    rows = [EntityRow(1, "E1", "the White House", "ORG"), EntityRow(2, "E1", "White House", "ORG"),
            EntityRow(3, "E1", "U.S.", "GPE"), EntityRow(4, "E1", "United States", "GPE"),
            EntityRow(5, "E1", "White", "PERSON")]
    g = groups(rows, alias_index={"us": "United States", "united states": "United States"})
    assert len(g["White House"]) == 2 and len(g["United States"]) == 2 and "White" in g


def test_gender_from_votes_never_from_a_surname():
    sources, _ = merge_people([P(1, "Ann Lee", "f"), P(2, "Lee", "f"), P(3, "Ann Lee", None)], honorifics=HONS)
    assert [s.gender for s in sources] == ["f"]
    sources, _ = merge_people([P(1, "Pat Lee", "f"), P(2, "Pat Lee", "m")], honorifics=HONS)
    assert sources[0].gender is None  # votes disagree: unknown
    # a first-name list gives a vote for full names only, never for a lone surname
    lookup = {"ann": "f", "lee": "m"}.get
    sources, _ = merge_people([P(1, "Ann Lee"), P(2, "Lee")], honorifics=HONS, first_name_gender=lookup)
    assert [s.gender for s in sources] == ["f"]
    sources, _ = merge_people([P(1, "Lee")], honorifics=HONS, first_name_gender=lookup)
    assert sources[0].gender is None


def test_described_speakers_gender_from_gendered_titles():
    assert description_gender("a spokeswoman", ["spokesman"], ["spokeswoman"]) == "f"
    assert description_gender("officials", ["spokesman"], ["spokeswoman"]) is None


def test_crafted_articles_through_the_real_analysis(analyse, settings, tmp_path):
    """Full name in one file, surname (and a namesake) in others, through spaCy and the index."""
    from tui.corpus.build import build, per_article
    from tui.corpus.query import load_corpus
    from tui.corpus.store import CorpusIndex

    texts = {
        "a.txt": "Senator Elizabeth Warren spoke in Boston on Monday. \u201cWe will fight,\u201d Warren said.",
        "b.txt": "\u201cThe bill is bad,\u201d Warren said on Tuesday in Washington.",
        "c.txt": "Governor Robert Warren of Ohio met farmers. \u201cThe harvest is late,\u201d Robert Warren said.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    index = CorpusIndex(None)
    no_cache = settings.model_copy(update={"cache": settings.cache.model_copy(update={"enabled": False})})
    r = build(index, [tmp_path], no_cache, analyze_batch=per_article(lambda a, s: analyse(a.text), no_cache))
    assert not r.errors
    corpus = load_corpus(index, no_cache, r.paths)
    counts = {s.name: s.quotes for s in corpus.sources}
    assert counts.get("Elizabeth Warren", 0) >= 1 and counts.get("Robert Warren", 0) >= 1
    # "Warren" alone (b.txt) has two candidates seen equally often: it stays apart
    assert sum(counts.values()) == sum(len(analyse(t).quotes) for t in texts.values()) - corpus.unattributed
