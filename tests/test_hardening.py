"""Regression tests of issue #14 (hostile names, pathological texts, crafted caches and configs,
interrupted batches), outside the app. Every input is built here."""

from __future__ import annotations

import json
import os
import re
import time
import warnings

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from tui.articles import ArticleError, _front_matter, _header_line, article_from_text, expand_paths, load_article
from tui.cache import AnalysisCache
from tui.model import Analysis, ContractError

from .conftest import run_cli
from .test_contract import make
from .test_textsafe import DANGEROUS

GOOD = "“We will win,” Ann Lee said in Paris on Monday.\n"


# -- defect 2: header parsing is linear in the file size -------------------------------------

SHAPES = {
    "header_line_spaces": lambda n: "title x" + " " * n + "y\n\nBody.\n",
    "header_key_spaces": lambda n: "title" + " " * n + "\nBody.\n",
    "front_matter_spaces": lambda n: "---\ntitle: x" + " " * n + "y\n---\nBody.\n",
    "front_matter_key": lambda n: "---\n" + "a" * n + " b\n---\n",
    "leading_spaces": lambda n: " " * n + "title x\n",
    "tabs_and_colons": lambda n: "date" + " :\t" * n + "x\n",
}


def _best_time(text: str, reps: int = 5) -> float:
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        article_from_text(text)
        best = min(best, time.perf_counter() - t)
    return best


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_header_parsing_grows_linearly(shape):
    """8x the size costs about 8x the time (quadratic would be 64x: 21 s at 60,000 spaces before).
    Sizes compared in one run, so the test holds on any machine; the bound leaves room for a
    busy machine's noise."""
    make_text = SHAPES[shape]
    small, big = _best_time(make_text(5_000)), _best_time(make_text(40_000))
    assert big < 1.0 and big / max(small, 2e-4) < 24, (small, big)


_OLD_HEADER = re.compile(r"^\s*(title|date|author|source|url)\s*[:=]?\s+(\S.*?)\s*$", re.IGNORECASE)


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["title", "Date", "url", "x", " ", "\t", ":", "=", "y z", "\r", "-"]),
                max_size=10).map("".join))
def test_header_line_reads_what_the_old_pattern_read(line):
    """The linear reader agrees with the former (quadratic) regular expression on short lines."""
    m = _OLD_HEADER.match(line)
    assert _header_line(line) == ((m.group(1).lower(), m.group(2)) if m else None)


def test_front_matter_still_read():
    meta, body = _front_matter("---\ntitle: \"A title\"  \ndate: 2021-03-04\nother: x\n---\nText.\n")
    assert meta == {"title": "A title", "date": "2021-03-04"} and body == len("---\ntitle: \"A title\"  \ndate: 2021-03-04\nother: x\n---\n")


# -- defect 8: a long title stays whole in meta (the reader cuts it for display) ----------------

def test_long_header_title_is_kept_whole_in_meta(tmp_path):
    p = tmp_path / "t.txt"
    title = " ".join(f"word{i}" for i in range(800))
    p.write_text(f"title: {title}\n\nThe body.\n", encoding="utf-8")
    assert load_article(p).meta["title"] == title


# -- defect 5: long names ---------------------------------------------------------------------

def test_long_path_arguments_are_one_line_each(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    long = tmp_path / ("n" * 300 + ".txt")
    errors = expand_paths([long])
    assert isinstance(errors[0], ArticleError) and "too long" in str(errors[0])
    with pytest.raises(ArticleError, match="too long"):
        load_article(long)
    r = run_cli(["extract", "--format", "jsonl", "--no-cache", str(long), str(good)], tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "File name too long" in r.stderr
    assert json.loads(r.stdout)["path"] == str(good)  # the rest of the batch is printed
    r = run_cli([str(long)], tmp_path)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_write_atomic_to_a_255_byte_name(tmp_path):
    from tui.fsutil import write_atomic

    p = tmp_path / ("é" * 120 + "a" * 15)  # 255 bytes: legal, but not with a temp prefix around it
    assert len(os.fsencode(p.name)) == 255
    write_atomic(p, "ok")
    assert p.read_text() == "ok" and [q.name for q in tmp_path.iterdir()] == [p.name]


# -- defect 3: names that are not UTF-8 --------------------------------------------------------

def test_non_utf8_names_are_extracted_and_cached(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = os.fsencode(folder) + b"/\xff\xfe name.txt"
    with open(bad, "wb") as f:
        f.write(GOOD.encode())
    (folder / "ok.txt").write_text("Bob Stone met Ann Lee in Rome.\n", encoding="utf-8")
    for fmt in ("json", "jsonl"):
        r = run_cli(["extract", "--format", fmt, str(folder)], tmp_path)  # the second run is cached
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
        docs = json.loads(r.stdout) if fmt == "json" else [json.loads(x) for x in r.stdout.splitlines()]
        assert len(docs) == 2
        paths = sorted(d["path"] for d in docs)
        assert paths[0].endswith("/ok.txt") and paths[1].endswith("/\ufffd\ufffd name.txt")
        assert all(Analysis.from_json(d).text for d in docs)
    entries = list((tmp_path / ".cache" / "newsreader").rglob("*.json"))
    assert len(entries) == 2 and all(json.loads(e.read_bytes().decode("utf-8")) for e in entries)


def test_cache_key_and_entry_of_a_non_utf8_path(tmp_path, settings):
    c = AnalysisCache(settings, folder=tmp_path)
    a = make()
    a.path = os.fsdecode(b"/x/\xff.txt")
    c.put(a)
    got = c.get(a.text, a.path)
    assert got is not None and got.path == a.path  # the real path for the reader, U+FFFD in JSON only
    assert json.loads(a.dumps())["path"] == "/x/\ufffd.txt"


# -- defect 7: crafted cache entries are validated on read --------------------------------------

def _crafted(doc_text: str) -> dict[str, str]:
    good = make().to_json()

    def with_(**kw):
        d = json.loads(json.dumps(good))
        for k, v in kw.items():
            d[k] = v
        return json.dumps(d)

    q = json.loads(json.dumps(good["quotes"]))
    q[0]["speaker_name"] = 123
    e = json.loads(json.dumps(good["entities"]))
    e[0]["mentions"][0]["start"] = True
    r = json.loads(json.dumps(good["relations"]))
    r[0]["negated"] = "no"
    return {
        "infinity": with_(quotes=[]).replace('"relations": [', '"relations": [], "x": [').replace(
            '"mentions": [{"start": ', '"mentions": [{"start": Infinity, "s": ', 1),
        "nan_salience": with_().replace('"salience": ', '"salience": NaN, "s": ', 1),
        "nested": '{"path": "a", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "digits": with_().replace('"start": ', '"start": ' + "9" * 5000 + ', "s": ', 1),
        "speaker_name_int": with_(quotes=q),
        "bool_offset": with_(entities=e),
        "negated_str": with_(relations=r),
        "meta_list": with_(meta={"title": ["x"]}),
        "surrogate": with_().replace('"path": "', '"path": "\\udcff', 1),
        "wrong_text": with_(text=doc_text + " "),
        "not_utf8": "\udcff",
    }


CRAFTED = sorted(_crafted(make().text))


@pytest.mark.parametrize("kind", CRAFTED)
def test_crafted_cache_entry_is_discarded_with_one_warning(tmp_path, settings, kind):
    c = AnalysisCache(settings, folder=tmp_path)
    a = make()
    c.put(a)
    p = c._path(c.key(a.text))
    raw = _crafted(a.text)[kind]
    if kind == "not_utf8":
        p.write_bytes(b'{"path": "\xff"}')
    else:
        p.write_text(raw, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert c.get(a.text) is None
    assert len(caught) == 1 and "invalid" in str(caught[0].message) and "discarded" in str(caught[0].message)
    assert c.warning and "discarded" in c.warning and not p.exists()
    c.put(a)
    assert c.get(a.text) is not None  # rebuilt


def test_huge_cache_entry_is_not_parsed(tmp_path, settings):
    c = AnalysisCache(settings, folder=tmp_path)
    a = make()
    c.put(a)
    p = c._path(c.key(a.text))
    p.write_text(a.dumps()[:-1] + ', "pad": "' + "x" * 4_000_000 + '"}', encoding="utf-8")
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        assert c.get(a.text) is None
    assert not p.exists()


def test_contract_reading_rejects_wrong_types():
    good = make().to_json()
    Analysis.from_json(good)
    for bad in ({**good, "text": 5}, {**good, "entities": {}}, {**good, "pipeline": {"name": 1}}):
        with pytest.raises(ContractError):
            Analysis.from_json(bad)


def test_extract_rebuilds_a_crafted_entry_with_one_warning(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    first = run_cli(["extract", str(art)], tmp_path)
    entry = next((tmp_path / ".cache" / "newsreader").rglob("*.json"))
    d = json.loads(entry.read_text())
    assert d["quotes"], "the sample sentence has a quote"
    d["quotes"][0]["speaker_name"] = 123
    entry.write_text(json.dumps(d))
    r = run_cli(["extract", str(art)], tmp_path)
    assert r.returncode == 0 and r.stdout == first.stdout
    assert [x for x in r.stderr.splitlines() if x] == [x for x in r.stderr.splitlines() if "warning" in x]
    assert len(r.stderr.strip().splitlines()) == 1 and "invalid" in r.stderr
    assert json.loads(entry.read_text())["quotes"][0]["speaker_name"] != 123


# -- minor: `newsreader -- -rf.txt` -----------------------------------------------------------

def test_double_dash_before_a_file_named_like_an_option(tmp_path):
    from tui.cli import _normalise_argv

    assert _normalise_argv(["--", "-rf.txt"]) == ["read", "--", "-rf.txt"]
    assert _normalise_argv(["--config", "c.yaml", "--", "-x.txt"]) == ["--config", "c.yaml", "read", "--", "-x.txt"]
    assert _normalise_argv(["extract", "--", "-rf.txt"]) == ["extract", "--", "-rf.txt"]
    r = run_cli(["--", "-rf.txt"], tmp_path, cwd=tmp_path)
    assert r.returncode == 2 and "-rf.txt: no such file" in r.stderr and "error:" not in r.stderr


def test_no_dangerous_characters_pattern_sanity():
    assert DANGEROUS.search("\x1b") and not DANGEROUS.search("plain é 中")


# -- defect 10: config files are regular files under 1 MB ----------------------------------------

def test_config_devices_pipes_and_huge_files_are_refused(tmp_path):
    from tui.config import ConfigError, load_settings

    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)  # reading it would block forever
    huge = tmp_path / "huge.yaml"
    huge.write_text("a: [" + "1, " * 400_000 + "1]\n", encoding="utf-8")  # 1.2 MB
    for path, needle in ((os.devnull, "not a regular file"), ("/dev/zero", "not a regular file"),
                         (fifo, "not a regular file"), (huge, "too large"), (tmp_path, "not a regular file")):
        t = time.perf_counter()
        with pytest.raises(ConfigError, match=needle):
            load_settings(path, use_user=False)
        assert time.perf_counter() - t < 5
    import subprocess
    import sys

    from .conftest import ROOT, env_without_user_config

    env = env_without_user_config(tmp_path)
    env["NEWSREADER_CONFIG"] = "/dev/zero"
    r = subprocess.run([sys.executable, "-m", "tui.cli", "extract", "x.txt"], capture_output=True, text=True,
                       cwd=ROOT, env=env, timeout=60)
    assert r.returncode == 2 and "/dev/zero: not a regular file" in r.stderr and "Traceback" not in r.stderr
    r = run_cli(["--config", str(fifo), "extract", "x.txt"], tmp_path)
    assert r.returncode == 2 and "not a regular file" in r.stderr


def test_lexicon_hash_never_reads_a_device(settings):
    from pathlib import Path

    from tui.config import _file_hash

    assert _file_hash(Path("/dev/zero")) is None


# -- defect 6: one Ctrl-C during `extract --jobs 2` ---------------------------------------------

@pytest.mark.parametrize("presses", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_ctrl_c_during_a_parallel_batch(tmp_path, presses):
    """SIGINT to the whole process group, as a terminal sends it: exit 130 soon, no traceback
    from anyone, the finished articles printed, no worker left behind."""
    import selectors
    import signal
    import subprocess
    import sys

    from .conftest import ROOT, env_without_user_config

    folder = tmp_path / "batch"
    folder.mkdir()
    para = "Ann Lee met Bob Stone in Paris on Monday. “We will talk again,” Lee said after the meeting. "
    for i in range(48):
        (folder / f"a{i:02d}.txt").write_text(f"Story {i}\n\n" + para * 12, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "extract", "--jobs", "2", "--no-cache",
                             "--format", "jsonl", str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT, env=env_without_user_config(tmp_path), start_new_session=True)
    try:
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        assert sel.select(timeout=240), "no article finished in time"
        first = proc.stdout.readline()
        for _ in range(presses):
            os.killpg(proc.pid, signal.SIGINT)
            time.sleep(0.3)
        t = time.perf_counter()
        # Read the rest through the same buffered reader as `first` (communicate() would read the
        # raw pipe and miss what readline() already buffered, cutting the next line's start).
        rest = proc.stdout.read()
        err = proc.stderr.read()
        proc.wait(timeout=60)
        assert time.perf_counter() - t < 30
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    err = err.decode()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    lines = [first] + rest.splitlines()
    assert 1 <= len(lines) < 48 and all(json.loads(x)["text"] for x in lines)
    assert "interrupted" in err
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # every process of the group (the workers) is gone


def test_interrupt_clears_the_progress_bar_and_prints_the_finished(monkeypatch, capsys, settings):
    import io
    import sys

    import tui.extract as extract

    class Tty(io.StringIO):
        def isatty(self):
            return True

    def batch(*args, **kwargs):
        yield make()
        raise KeyboardInterrupt

    err = Tty()
    monkeypatch.setattr(extract, "analyse_paths", batch)
    monkeypatch.setattr(sys, "stderr", err)
    with pytest.raises(KeyboardInterrupt):
        extract.run_extract(["x"], settings, fmt="json")
    assert json.loads(capsys.readouterr().out)["text"] == make().text
    assert err.getvalue().startswith("\r\x1b[Knewsreader: interrupted: the 1 finished article printed")
