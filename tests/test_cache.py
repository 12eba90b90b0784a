import json
import os
import subprocess
import sys
import threading
import warnings

import pytest

from tui.cache import AnalysisCache
from tui.config import load_settings

from .conftest import SAMPLE, env_without_user_config, run_cli
from .test_contract import make


def test_round_trip_and_keying(tmp_path, settings):
    c = AnalysisCache(settings, folder=tmp_path)
    a = make()
    assert c.get(a.text) is None
    c.put(a)
    b = c.get(a.text, path="elsewhere.txt", meta={"title": "new"})
    assert b is not None and b.entities[0].name == "Ann Lee"
    assert b.path == "elsewhere.txt" and b.meta == {"title": "new"}
    assert c.get(a.text + " ") is None  # another text, another key


def test_key_depends_on_analysis_settings(tmp_path, settings):
    other = load_settings(_write(tmp_path / "c.yaml", "quotes: {indirect: false}\n"), use_user=False)
    a = make()
    assert AnalysisCache(settings, tmp_path).key(a.text) != AnalysisCache(other, tmp_path).key(a.text)
    layout_only = load_settings(_write(tmp_path / "d.yaml", "layout: {reading_width: 50}\n"), use_user=False)
    assert AnalysisCache(settings, tmp_path).key(a.text) == AnalysisCache(layout_only, tmp_path).key(a.text)


def test_key_depends_on_analysis_code(tmp_path, settings, monkeypatch):
    import tui.cache as cache_mod

    c = AnalysisCache(settings, tmp_path)
    before = c.key("some text")
    monkeypatch.setattr(cache_mod, "_code_hash", lambda: "another-version")
    assert c.key("some text") != before


def test_code_hash_covers_subpackages_not_the_app(tmp_path):
    from tui.cache import code_hash

    for rel in ("analysis/__init__.py", "analysis/quotes/frames.py", "model.py", "app/reader.py", "cli.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x = 1\n")
    base = code_hash(tmp_path)
    (tmp_path / "analysis/quotes/frames.py").write_text("x = 2\n")  # a rule deep in a sub-package
    edited = code_hash(tmp_path)
    assert edited != base
    (tmp_path / "analysis/quotes/frames.py").rename(tmp_path / "analysis/quotes/attach.py")
    assert code_hash(tmp_path) != edited  # a module renamed is another code
    renamed = code_hash(tmp_path)
    (tmp_path / "app/reader.py").write_text("x = 3\n")
    (tmp_path / "cli.py").write_text("x = 3\n")
    assert code_hash(tmp_path) == renamed  # the app and the CLI are not analysis code


def test_the_real_code_hash_reads_the_analysis_package():
    from pathlib import Path

    import tui.cache as cache_mod
    from tui.cache import code_hash

    root = Path(cache_mod.__file__).resolve().parent
    assert code_hash(root) == cache_mod._code_hash()
    assert code_hash(root) != code_hash(root, ("model.py",))  # the analysis package is in it


def _write(p, s):
    p.write_text(s)
    return p


def test_disabled_cache_neither_reads_nor_writes(tmp_path, settings):
    c = AnalysisCache(settings, folder=tmp_path, enabled=False)
    c.put(make())
    assert list(tmp_path.iterdir()) == [] and c.get(make().text) is None


@pytest.mark.parametrize("garbage", ["", "{", "{\"path\": \"x\"}", "[1, 2]", "\x00\x01"])
def test_corrupt_entry_is_ignored_and_rebuilt(tmp_path, settings, garbage):
    c = AnalysisCache(settings, folder=tmp_path)
    a = make()
    c.put(a)
    p = c._path(c.key(a.text))
    p.write_text(garbage)
    assert c.get(a.text) is None
    assert not p.exists()
    c.put(a)
    assert c.get(a.text) is not None


def test_entry_with_other_text_is_not_trusted(tmp_path, settings):
    c = AnalysisCache(settings, folder=tmp_path)
    a, other = make(), make()
    other.text = other.text.replace("win", "WIN")
    other.quotes, other.relations, other.entities = [], [], []
    c.put(other)
    target = c._path(c.key(a.text))
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(c._path(c.key(other.text)), target)
    assert c.get(a.text) is None


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write read-only folders")
def test_read_only_folder_degrades_with_one_warning(tmp_path, settings):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        c = AnalysisCache(settings, folder=ro)
        with pytest.warns(RuntimeWarning, match="cache disabled"):
            c.put(make())
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            c.put(make())  # no second warning
        assert not c.enabled
    finally:
        ro.chmod(0o700)


def test_unwritable_folder_path_degrades(tmp_path, settings):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    c = AnalysisCache(settings, folder=blocker / "cache")
    with pytest.warns(RuntimeWarning, match="cache disabled"):
        c.put(make())
    assert not c.enabled and c.warning


def test_concurrent_writers_never_corrupt(tmp_path, settings):
    a = make()
    errors = []

    def writer():
        c = AnalysisCache(settings, folder=tmp_path)
        try:
            for _ in range(30):
                c.put(a)
                got = c.get(a.text)
                assert got is None or got.to_json()["entities"] == a.to_json()["entities"]
        except Exception as exc:  # pragma: no cover - the failure path
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 1 and json.loads(files[0].read_text())["text"] == a.text


def test_cli_cache_and_no_cache(tmp_path):
    cache = tmp_path / ".cache" / "newsreader"
    r = run_cli(["extract", "--no-cache", str(SAMPLE)], tmp_path)
    assert r.returncode == 0 and not cache.exists()
    r1 = run_cli(["extract", str(SAMPLE)], tmp_path)
    assert r1.returncode == 0 and len(list(cache.rglob("*.json"))) == 1
    r2 = run_cli(["extract", str(SAMPLE)], tmp_path)
    assert r2.stdout == r1.stdout == r.stdout


def test_cached_article_opens_without_spacy(tmp_path):
    r = run_cli(["extract", str(SAMPLE)], tmp_path)
    assert r.returncode == 0
    code = (
        "import sys\n"
        "from tui.config import default_settings\n"
        "from tui.cache import AnalysisCache\n"
        "from tui.articles import load_article\n"
        f"a = load_article({str(SAMPLE)!r})\n"
        "hit = AnalysisCache(default_settings()).get(a.text, a.path, a.meta)\n"
        "assert hit is not None, 'cache miss'\n"
        "assert 'spacy' not in sys.modules, 'spacy was imported'\n"
        "print('ok')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                       env=env_without_user_config(tmp_path), timeout=120)
    assert r.stdout.strip() == "ok", r.stderr


def test_jobs_gives_the_same_output(tmp_path):
    d = tmp_path / "arts"
    d.mkdir()
    for i in range(6):
        (d / f"{i}.txt").write_text(f"Minister Ann Lee{i} met Bob Stone in Paris. “We agree,” Lee said.\n")
    one = run_cli(["extract", "--no-cache", "--format", "jsonl", str(d)], tmp_path)
    two = run_cli(["extract", "--no-cache", "--format", "jsonl", "--jobs", "2", str(d)], tmp_path)
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 6


def test_permission_denied_degrades_even_as_root(tmp_path, settings, monkeypatch):
    import tui.fsutil as fsutil

    def denied(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fsutil.tempfile, "mkstemp", denied)
    c = AnalysisCache(settings, folder=tmp_path)
    with pytest.warns(RuntimeWarning, match="Permission denied"):
        c.put(make())
    assert not c.enabled
    assert c.get(make().text) is None


def test_entries_are_written_atomically(tmp_path, settings):
    """An entry's own path is never opened for writing: the JSON goes to a temporary file renamed
    over it, so a reader (another instance, a crash half-way) never sees half an entry. A plain
    ``write_text`` opens the entry itself and fails here."""
    c = AnalysisCache(settings, folder=tmp_path)
    a = make()
    c.put(a)
    entry = next(p for p in tmp_path.rglob("*") if p.is_file())
    opened: list[tuple] = []
    renamed: list[tuple] = []
    _AUDIT["on"] = (str(entry), opened, renamed)
    try:
        c.put(a)  # over an existing entry
        entry.unlink()
        c.put(a)  # a new entry
    finally:
        _AUDIT["on"] = None
    assert not [o for o in opened if o[0] == str(entry) and o[1]], opened
    assert [r for r in renamed if r[1] == str(entry)] and len(renamed) == 2, renamed
    assert json.loads(entry.read_text())["text"] == a.text


_AUDIT: dict = {"on": None}


def _audit(event: str, args: tuple) -> None:
    on = _AUDIT["on"]
    if on is None:
        return
    entry, opened, renamed = on
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        mode, flags = args[1], args[2] or 0
        writing = bool(mode and any(ch in mode for ch in "wax+")) or bool(flags & (os.O_WRONLY | os.O_RDWR))
        opened.append((os.fsdecode(args[0]), writing))
    elif event == "os.rename":
        renamed.append((os.fsdecode(args[0]), os.fsdecode(args[1])))


sys.addaudithook(_audit)  # (a hook cannot be removed: it does nothing outside the test above)
