"""Hostile input: whatever the file, a clear message or a valid analysis, never a traceback.

The fast part runs in CI. The slow part (every PolNeAR dev article through the app, a 50 MB
file analysed for real) is marked `slow` and documented in the README.
"""

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from tui.articles import ArticleError, expand_paths, list_articles, load_article
from tui.analysis.pipeline import PipelineError, load_pipeline

from .conftest import ROOT, env_without_user_config, run_cli

HOSTILE_TEXTS = {
    "unbalanced": "“He said “no” and then ” left. ‘ “ ” ” “\n\n“Open paragraph\n\n“Another",
    "only_marks": "“”“”‘’\"\"«»" * 20,
    "markup": "[bold]x[/] [link=http://e.vil]click[/link] [@click=app.quit]q[/]",
    "ansi": "Wang said \x1b[31mred\x1b[0m and \x1b]0;title\x07 then \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\.",
    "controls": "A\x00B\x07C\x08D\x0bE\x7fF\u200b\u202eG said “hi”.",
    "non_english": "“Мы победим,” сказал Иванов. 王毅说：“中国不会让步。” Er sagte: „Nein.“",
    "emoji": "“🙂🙂,” 👍 said the 🤖. " * 5,
    "long_token": "x" * 50_000,
    "newlines": "\n" * 500 + "“quote” said Ann." + "\r\n" * 100,
    "surrogate_like": "Text with \ufffd replacement and \uffff noncharacter said Bob.",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXTS))
def test_hostile_text_analyses_cleanly(name, analyse):
    a = analyse(HOSTILE_TEXTS[name])
    a.validate()  # every span in bounds and equal to its text


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
       | st.lists(st.sampled_from(["“", "”", "‘", "’", '"', "«", "»", " said ", "Wang", ".", "\n\n", "he",
                                   " the minister ", ",", "'", "according to", "Ann Lee"]), max_size=60).map("".join))
def test_fuzz_analysis_spans_in_bounds(analyse, text):
    a = analyse(text)
    a.validate()
    json.loads(a.dumps())


@hsettings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_fuzz_loading_bytes(tmp_path_factory, data):
    p = tmp_path_factory.mktemp("fz") / "a.txt"
    p.write_bytes(data)
    try:
        art = load_article(p)
    except ArticleError as exc:
        assert "\n" not in str(exc) and str(p) in str(exc)
    else:
        assert isinstance(art.text, str)


@pytest.mark.parametrize("data,ok", [
    (b"", True),
    (b"\xff\xfeH\x00i\x00 \x00t\x00h\x00e\x00r\x00e\x00", True),  # UTF-16 with BOM
    ("Caf\u00e9 cr\u00e8me \u2013 \u201cquoted\u201d said the waiter.".encode("cp1252"), True),
    ("Le ministre a d\u00e9clar\u00e9 que la France \u00e9tait pr\u00eate.".encode("latin-1"), True),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), False),
    (b"PK\x03\x04" + bytes(range(256)), False),
])
def test_encodings_and_binaries(tmp_path, data, ok):
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    if ok:
        assert isinstance(load_article(p).text, str)
    else:
        with pytest.raises(ArticleError, match="binary"):
            load_article(p)


def test_huge_file_refused_with_message(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse 50 MB
    with pytest.raises(ArticleError, match="too large"):
        load_article(p, max_mb=20)


def test_symlink_loop_and_unreadable_entries(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "good.txt").write_text("Fine.")
    os.symlink(d / "loop1.txt", d / "loop2.txt")
    os.symlink(d / "loop2.txt", d / "loop1.txt")
    os.symlink(d, d / "self")  # a folder loop
    (d / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    names = [p.name for p in list_articles(d)]
    assert names == ["good.txt"]
    items = expand_paths([d, d / "loop1.txt"])
    assert items[0].name == "good.txt"
    # a looping symlink given directly fails with a message, not a traceback
    with pytest.raises(ArticleError):
        for it in items[1:]:
            if isinstance(it, ArticleError):
                raise it
            load_article(it)


def test_missing_pipeline_says_how_to_install():
    with pytest.raises(PipelineError, match=r"tried no_such_pipeline_a, no_such_pipeline_b.*pip install"):
        load_pipeline(["no_such_pipeline_a", "no_such_pipeline_b"])


def test_cli_missing_pipeline_exit_2(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("pipeline: {names: [no_such_pipeline]}\n")
    art = tmp_path / "a.txt"
    art.write_text("Hello.")
    r = run_cli(["--config", str(cfg), "extract", str(art)], tmp_path)
    assert r.returncode == 2 and "no_such_pipeline" in r.stderr and "pip install" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("content,needle", [
    ("pipeline: {batch_size: -3}\n", "pipeline.batch_size"),
    ("keymap: [n, N]\n", "keymap"),
    ("entities: {colours: {}}\n", "unknown key 'entities.colours'"),
    ("layout:\n\treading_width: 5\n", "line 2"),
    ("\x00\x01binary", "invalid YAML"),
])
def test_cli_bad_configs(tmp_path, content, needle):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(content)
    r = run_cli(["--config", str(cfg), "extract", str(tmp_path)], tmp_path)
    assert r.returncode == 2 and needle in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_cli_jobs_must_be_positive(tmp_path):
    r = run_cli(["extract", "--jobs", "0", str(tmp_path)], tmp_path)
    assert r.returncode == 2 and "--jobs" in r.stderr


def test_cli_markup_and_escapes_are_data(tmp_path):
    p = tmp_path / "evil.txt"
    p.write_text(HOSTILE_TEXTS["markup"] + "\n" + HOSTILE_TEXTS["ansi"], encoding="utf-8")
    r = run_cli(["extract", "--format", "jsonl", str(p)], tmp_path)
    assert r.returncode == 0
    assert json.loads(r.stdout)["text"] == p.read_text(encoding="utf-8")
    assert "\x1b" not in r.stdout  # JSON escapes control characters


def test_corrupt_cache_and_two_instances(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("“We will win,” Ann Lee said in Paris.", encoding="utf-8")
    first = run_cli(["extract", str(art)], tmp_path)
    entries = list((tmp_path / ".cache" / "newsreader").rglob("*.json"))
    assert first.returncode == 0 and len(entries) == 1
    entries[0].write_text('{"path": "a.txt", "text": "truncat')
    procs = [subprocess.Popen([sys.executable, "-m", "tui.cli", "extract", str(art)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env_without_user_config(tmp_path))
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert outs[0][0] == outs[1][0] == first.stdout
    assert json.loads(entries[0].read_text())["text"] == art.read_text(encoding="utf-8")
