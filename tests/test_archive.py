"""``extract --out DIR``: one file per article, a manifest, resume, failures recorded (issue #17).

These run the work in this process (``--jobs 1``); tests/test_cluster.py runs the same on Dask."""

from __future__ import annotations

import json

import pytest

import tui.archive as archive
from tui.archive import MANIFEST, plan, read_manifest, run_archive
from tui.extract import analyse_paths

from .conftest import run_cli

ARTICLES = {
    "a.txt": "Budget talks\n\n“We will not raise taxes,” Mayor Ann Lee said on Monday.\n",
    "b.txt": "Harbour\n\nThe harbour master, Tom Fry, said the port would reopen next week.\n",
    "sub/c.txt": "Strike\n\nUnion leader Maria Costa said the strike would go on.\n",
    "sub/deeper/d.md": "# Rain\n\nForecasters said heavy rain was expected in the north.\n",
}


def make_tree(root, articles=ARTICLES):
    for rel, text in articles.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def records(out):
    return [json.loads(line) for line in (out / MANIFEST).read_text().splitlines()]


def test_plan_mirrors_the_tree_and_refuses_two_inputs_with_one_name(tmp_path):
    src = make_tree(tmp_path / "news")
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a.txt").write_text("A\n\nHe said it.\n")
    items, errors = plan([str(src), str(src / "b.txt"), str(tmp_path / "x" / "a.txt")], tmp_path / "out")
    assert [i.out for i in items] == ["news/a.txt.json", "news/b.txt.json", "news/sub/c.txt.json",
                                      "news/sub/deeper/d.md.json", "b.txt.json", "a.txt.json"]
    items, errors = plan([str(src / "a.txt"), str(tmp_path / "x" / "a.txt")], tmp_path / "out")
    assert [i.out for i in items] == ["a.txt.json"]
    assert len(errors) == 1 and "already taken" in str(errors[0])


def test_plan_does_not_follow_a_folder_link_loop(tmp_path):
    src = make_tree(tmp_path / "news")
    (src / "sub" / "loop").symlink_to(src, target_is_directory=True)
    items, _ = plan([str(src)], tmp_path / "out")
    assert len(items) == len(ARTICLES)


def test_outputs_are_the_contract_and_the_same_as_extract(tmp_path, settings):
    src = make_tree(tmp_path / "news")
    out = tmp_path / "out"
    assert run_archive([str(src)], settings, out, progress=False) == 0
    expected = {a.path: a.to_json() for a in analyse_paths([str(p) for p in sorted(src.rglob("*.*"))], settings,
                                                            progress=False)}
    for rec in records(out):
        assert rec["status"] == "done"
        assert json.loads((out / rec["out"]).read_text(encoding="utf-8")) == expected[rec["path"]]
    assert len(records(out)) == len(ARTICLES)


def test_a_rerun_skips_what_is_done_and_redoes_what_changed(tmp_path, settings, monkeypatch):
    src = make_tree(tmp_path / "news")
    out = tmp_path / "out"
    run_archive([str(src)], settings, out, progress=False)
    (src / "b.txt").write_text("Harbour\n\nThe harbour master said the port was closed.\n", encoding="utf-8")
    (out / "news" / "a.txt.json").unlink()  # an output lost since: redone too
    analysed: list[str] = []
    real = archive.analyse_batch

    def counting(sj, paths, use_cache=True):
        analysed.extend(paths)
        return real(sj, paths, use_cache)

    monkeypatch.setattr(archive, "analyse_batch", counting)
    assert run_archive([str(src)], settings, out, progress=False) == 0
    assert sorted(p.rsplit("/", 1)[-1] for p in analysed) == ["a.txt", "b.txt"]
    second = records(out)[len(ARTICLES):]
    assert sorted(r["status"] for r in second) == ["done", "done", "skipped", "skipped"]
    assert "closed" in json.loads((out / "news" / "b.txt.json").read_text())["text"]


def test_another_pipeline_fingerprint_redoes_everything(tmp_path, settings, monkeypatch):
    src = make_tree(tmp_path / "news", {"a.txt": ARTICLES["a.txt"]})
    out = tmp_path / "out"
    run_archive([str(src)], settings, out, progress=False)
    monkeypatch.setattr(archive, "pipeline_fingerprint", lambda s: "another")
    run_archive([str(src)], settings, out, progress=False)
    assert [r["status"] for r in records(out)] == ["done", "done"]


def test_interrupted_run_resumes_without_doing_anything_twice(tmp_path, settings, monkeypatch):
    src = make_tree(tmp_path / "news")
    out = tmp_path / "out"
    monkeypatch.setattr(archive, "BATCH", 1)
    real = archive.analyse_batch
    calls = {"n": 0}

    def ctrl_c_on_third(sj, paths, use_cache=True):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(sj, paths, use_cache)

    monkeypatch.setattr(archive, "analyse_batch", ctrl_c_on_third)
    assert run_archive([str(src)], settings, out, progress=False) == 130
    first = records(out)
    assert [r["status"] for r in first] == ["done", "done"]
    monkeypatch.setattr(archive, "analyse_batch", real)
    assert run_archive([str(src)], settings, out, progress=False) == 0
    done = [r["path"] for r in records(out) if r["status"] == "done"]
    assert sorted(done) == sorted(set(done)) and len(done) == len(ARTICLES)  # each exactly once


def test_failed_articles_are_recorded_and_the_run_goes_on(tmp_path, settings, capsys):
    src = make_tree(tmp_path / "news", {"a.txt": ARTICLES["a.txt"]})
    (src / "bin.txt").write_bytes(b"\x00\x01\x02\x03 binary")
    out = tmp_path / "out"
    assert run_archive([str(src)], settings, out, progress=False) == 1
    by_status = {r["status"]: r for r in records(out)}
    assert by_status["failed"]["path"].endswith("bin.txt") and "binary" in by_status["failed"]["reason"]
    assert (out / "news" / "a.txt.json").is_file() and not (out / "news" / "bin.txt.json").exists()
    assert "bin.txt" in capsys.readouterr().err


def test_a_torn_manifest_line_is_ignored(tmp_path):
    (tmp_path / MANIFEST).write_text('{"path": "a", "status": "done"}\n{"path": "b", "sta')
    assert list(read_manifest(tmp_path)) == ["a"]


def test_cli_out_and_scheduler_without_out(tmp_path):
    src = make_tree(tmp_path / "news", {"a.txt": ARTICLES["a.txt"]})
    r = run_cli(["extract", str(src), "--scheduler", "local"], tmp_path)
    assert r.returncode == 2 and "--out" in r.stderr and r.stdout == ""
    r = run_cli(["extract", str(src), "--out", str(tmp_path / "out")], tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "news" / "a.txt.json").is_file()


def test_scheduler_without_dask_gives_the_install_hint(tmp_path, settings, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("No module named 'distributed'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    from tui.articles import ArticleError

    with pytest.raises(ArticleError, match=r"pip install 'newsreader\[dask\]'"):
        run_archive([str(tmp_path)], settings, tmp_path / "out", scheduler="local", progress=False)
    assert not (tmp_path / "out").exists()  # nothing started
