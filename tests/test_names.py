"""Given names: gender from the packaged first-name list, nickname variants."""

import json

import pytest

from tui.analysis.names import FIRST_NAMES, NICKNAMES, first_name_gender, given_name, load_tables, same_given_name


@pytest.mark.parametrize("name, gender", [
    ("Hillary Clinton", "female"),
    ("Bill Clinton", "male"),
    ("Elizabeth Warren", "female"),
    ("Sen. Elizabeth Warren", "female"),
    ("Mr. Donald J. Trump", "male"),
    ("J. Edgar Hoover", "male"),
    ("Kellyanne Conway", "female"),
    ("Robin Smith", None),  # used for both
    ("Zzyzx Quux", None),  # not a name in the list
    ("", None),
    ("Dr.", None),
])
def test_first_name_gender(name, gender):
    assert first_name_gender(name) == gender


def test_given_name_skips_honorifics_and_initials():
    assert given_name("Mrs. H. Rodham") == "rodham"
    assert given_name("Sen. Bernie Sanders") == "bernie"


def test_nickname_variants():
    assert same_given_name("Ken", "Kenneth")
    assert same_given_name("Kenneth", "ken")
    assert same_given_name("Bill", "William")
    assert not same_given_name("Ken", "William")
    assert not same_given_name("Kendall", "Kenneth")  # both give Ken, but are not each other


def test_tables_are_plain_json_with_source_and_licence():
    for path in (FIRST_NAMES, NICKNAMES):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["source"] and data["licence"]
    t = load_tables()
    assert not (t.female & t.male)


def test_own_tables(tmp_path):
    fn = tmp_path / "fn.json"
    fn.write_text(json.dumps({"female": ["alex"], "male": []}), encoding="utf-8")
    nk = tmp_path / "nk.json"
    nk.write_text(json.dumps({"nicknames": {"alexandra": ["alex"]}}), encoding="utf-8")
    t = load_tables(fn, nk)
    assert first_name_gender("Alex Jones", t) == "female"
    assert same_given_name("Alexandra", "Alex", t)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    empty = load_tables(broken, broken)
    assert first_name_gender("Hillary Clinton", empty) is None
