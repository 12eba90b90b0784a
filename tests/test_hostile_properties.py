"""Hypothesis properties of issue #14: file names from arbitrary bytes through the picker and
``extract``, and cache files from arbitrary JSON (valid documents with one value replaced, and
any JSON at all)."""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from tui.cache import AnalysisCache
from tui.model import Analysis
from tui.textsafe import json_text

from .test_contract import make
from .test_textsafe import DANGEROUS

NAME_BYTES = st.binary(min_size=1, max_size=120).map(lambda b: b.replace(b"/", b"_").replace(b"\0", b"_")) \
    .filter(lambda b: b not in (b".", b"..") and not b.startswith(b"."))
HOSTILE_PIECES = st.sampled_from([b"\x1b]0;x\x07", b"\x1b[2J", b"\xc2\x9b", "\u202e".encode(), b"\n", b"\r",
                                  b"\xff", b"\xed\xa0\x80", b"\t", "\u2028".encode(), b"[bold]", b"a"])
NAMES = st.one_of(NAME_BYTES, st.lists(HOSTILE_PIECES, min_size=1, max_size=8).map(b"".join))
def FAST(n: int):
    return hsettings(max_examples=n, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _make(folder: bytes, name: bytes, content: bytes) -> bytes:
    path = folder + b"/" + name + b".txt"
    with open(path, "wb") as f:
        f.write(content)
    return path


@FAST(100)
@given(names=st.lists(NAMES, min_size=1, max_size=6, unique=True))
def test_picker_rows_from_any_bytes(tmp_path_factory, names):
    from tui.app.screens.picker import read_head, scan

    folder = os.fsencode(tmp_path_factory.mktemp("pick"))
    for n in names:
        _make(folder, n, b"title: " + n.replace(b"\n", b" ") + b"\n\nBody.\n")
    entries = [e for e in scan(Path(os.fsdecode(folder))) if e.kind == "article"]
    assert len(entries) == len(names)
    for e in entries:
        e.set_head(*read_head(e.path))
        row = e.prompt.plain
        assert not DANGEROUS.search(row) and len(row.splitlines()) == 1, repr(row)


@FAST(20)
@given(name=NAMES, body=st.sampled_from(["“We won,” Ann Lee said.", "Bob met Ann in Rome.", "x", "\u202e\x1b[2J"]))
def test_extract_of_any_file_name(tmp_path_factory, capsys, settings, nlp, name, body):
    from tui.extract import run_extract

    folder = os.fsencode(tmp_path_factory.mktemp("ext"))
    path = _make(folder, name, body.encode())
    capsys.readouterr()
    code = run_extract([os.fsdecode(folder)], settings, fmt="jsonl", use_cache=True, progress=False)
    out, err = capsys.readouterr()
    assert code == 0, err
    out.encode("utf-8")
    assert not DANGEROUS.search(out.replace("\n", ""))
    doc = json.loads(out)
    a = Analysis.from_json(doc)
    assert a.text == body and a.path == json_text(os.fsdecode(path))
    assert not DANGEROUS.search(err.replace("\n", ""))
    # again from the cache: the same document
    code = run_extract([os.fsdecode(folder)], settings, fmt="jsonl", use_cache=True, progress=False)
    assert code == 0 and json.loads(capsys.readouterr().out) == doc
    shutil.rmtree(folder)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def _paths(obj, prefix=()):
    """Every (path, value) of a JSON document."""
    yield prefix, obj
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, prefix + (i,))


def _replace(obj, path, value):
    if not path:
        return value
    obj = json.loads(json.dumps(obj))
    cur = obj
    for k in path[:-1]:
        cur = cur[k]
    cur[path[-1]] = value
    return obj


def _check_entry(tmp_path_factory, settings, raw: str) -> None:
    c = AnalysisCache(settings, folder=tmp_path_factory.mktemp("cache"))
    a = make()
    c.put(a)
    p = c._path(c.key(a.text))
    p.write_text(raw, encoding="utf-8", errors="surrogatepass")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = c.get(a.text)
    if got is None:
        assert len(caught) == 1 and not p.exists()  # discarded with one warning, rebuilt next
    else:
        assert not caught
        got.validate()
        assert got.text == a.text
        json.loads(got.dumps()) and got.dumps().encode("utf-8")
        for q in got.quotes:
            assert q.speaker_name is None or isinstance(q.speaker_name, str)


@FAST(200)
@given(data=st.data())
def test_cache_entry_with_one_value_replaced(tmp_path_factory, settings, data):
    doc = make().to_json()
    where = data.draw(st.sampled_from([p for p, _ in _paths(doc)]))
    value = data.draw(JSON)
    crafted = _replace(doc, where, value)
    _check_entry(tmp_path_factory, settings, json.dumps(crafted, allow_nan=True))


@FAST(100)
@given(doc=JSON)
def test_cache_entry_of_any_json(tmp_path_factory, settings, doc):
    _check_entry(tmp_path_factory, settings, json.dumps(doc, allow_nan=True))
