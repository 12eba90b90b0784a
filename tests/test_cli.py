"""The CLI through subprocess, as a user runs it."""

import json
from pathlib import Path

import pytest

from .conftest import SAMPLE, run_cli


def test_version_and_help(tmp_path):
    r = run_cli(["--version"], tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("newsreader ")
    r = run_cli(["--help"], tmp_path)
    assert r.returncode == 0 and "extract" in r.stdout


def test_extract_json_prints_contract(tmp_path):
    r = run_cli(["extract", "--format", "json", str(SAMPLE)], tmp_path)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["text"] == SAMPLE.read_text(encoding="utf-8")
    assert d["meta"]["date"] == "2021-12-31"
    assert {"entities", "quotes", "relations", "pipeline"} <= set(d)


def test_extract_batch_keeps_good_files(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Ann Lee met Bob Stone in Paris.", encoding="utf-8")
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    r = run_cli(["extract", "--format", "jsonl", "--no-cache", str(binary), str(good), str(tmp_path / "missing.txt")], tmp_path)
    assert r.returncode == 2
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["path"].endswith("good.txt")
    err = r.stderr.strip().splitlines()
    assert len(err) == 2 and "bad.txt" in err[0] and "binary" in err[0] and "missing.txt" in err[1]
    assert "Traceback" not in r.stderr


def test_extract_folder_sorted(tmp_path):
    d = tmp_path / "arts"
    d.mkdir()
    (d / "b.txt").write_text("Bob spoke.", encoding="utf-8")
    (d / "a.txt").write_text("Ann spoke.", encoding="utf-8")
    r = run_cli(["extract", "--format", "jsonl", str(d)], tmp_path)
    assert r.returncode == 0
    assert [Path(json.loads(x)["path"]).name for x in r.stdout.splitlines()] == ["a.txt", "b.txt"]


@pytest.mark.parametrize("content,needle", [
    ("layout: [unclosed\n", "line"),
    ("layout: {nope: 1}\n", "unknown key 'layout.nope'"),
])
def test_config_errors_exit_2(tmp_path, content, needle):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(content)
    r = run_cli(["--config", str(cfg), "extract", str(SAMPLE)], tmp_path)
    assert r.returncode == 2 and needle in r.stderr and str(cfg) in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_config_after_subcommand(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("layout: {nope: 1}\n")
    r = run_cli(["extract", "--config", str(cfg), str(SAMPLE)], tmp_path)
    assert r.returncode == 2 and "layout.nope" in r.stderr


def test_missing_path_and_usage_errors(tmp_path):
    r = run_cli(["extract", str(tmp_path / "nope.txt")], tmp_path)
    assert r.returncode == 2 and "nope.txt" in r.stderr and "Traceback" not in r.stderr
    r = run_cli(["extract", "--format", "xml", str(SAMPLE)], tmp_path)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    r = run_cli([str(tmp_path / "nothing-here.txt")], tmp_path)
    assert r.returncode == 2 and "nothing-here.txt" in r.stderr


def test_latin1_and_empty_files(tmp_path):
    l1 = tmp_path / "l1.txt"
    l1.write_bytes("Le président a déclaré à Paris que tout allait bien.".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = run_cli(["extract", "--format", "jsonl", str(l1), str(empty)], tmp_path)
    assert r.returncode == 0, r.stderr
    docs = [json.loads(x) for x in r.stdout.splitlines()]
    assert "déclaré" in docs[0]["text"] and docs[1]["text"] == ""


def test_runs_from_another_folder(tmp_path):
    r = run_cli(["extract", str(SAMPLE)], tmp_path, cwd=tmp_path)
    assert r.returncode == 0 and json.loads(r.stdout)["path"] == str(SAMPLE)


def test_extract_of_an_empty_folder_is_an_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run_cli(["extract", "--no-cache", str(empty)], tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == f"newsreader: {empty}: no articles here (.txt, .md, .html)"


def test_unusable_cache_folder_is_one_warning_line(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"cache:\n  dir: {blocker / 'sub'}\n", encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("Ann Lee met Bob Stone in Paris.", encoding="utf-8")
    r = run_cli(["--config", str(cfg), "extract", str(art)], tmp_path)
    assert r.returncode == 0 and json.loads(r.stdout)["text"].startswith("Ann Lee")
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsreader: warning: analysis cache disabled:"), r.stderr


def test_help_shows_the_reader_usage_and_the_json_list(tmp_path):
    r = run_cli(["--help"], tmp_path)
    assert r.stdout.startswith("usage: newsreader [--config FILE] [--no-cache] [FILE | FOLDER]")
    r = run_cli(["extract", "--help"], tmp_path)
    assert r.stdout.startswith("usage: newsreader extract ") and "a list when there are" in " ".join(r.stdout.split())
    r = run_cli(["extract"], tmp_path)
    assert r.returncode == 2 and r.stderr.startswith("newsreader extract: error:")


def test_progress_bar_on_a_terminal_leaves_the_line_to_the_output():
    import io

    from tui.extract import _Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    bar = _Progress(20, stream=stream)
    for _ in range(20):
        bar.step()
    draws = stream.getvalue().split("\r\x1b[K")[1:]
    assert len(draws) == 20
    assert all(d.endswith("\r") for d in draws[:-1])  # JSON printed next starts at column 0
    assert draws[-1] == ""  # and the bar is gone at the end


def test_reader_on_a_broken_link_says_so(tmp_path):
    link = tmp_path / "a.txt"
    link.symlink_to(tmp_path / "gone.txt")
    r = run_cli([str(link)], tmp_path)
    assert r.returncode == 2 and r.stderr.strip() == f"newsreader: {link}: broken symbolic link (its target is missing or a link loop)"
