"""The fuzz run of issue #14 (slow): 10,000 generated articles with generated file names through
``newsreader extract`` in one process: no traceback, every output follows the contract, every
refusal is one clean line.

    python -m pytest -m slow tests/test_fuzz_extract.py -s            # 10,000 articles
    NEWSREADER_FUZZ_N=2000 python -m pytest -m slow tests/test_fuzz_extract.py -s

It prints its figures (articles, refusals, time). Names and texts come from a seeded generator
(``NEWSREADER_FUZZ_SEED``, default 14), so a failure can be replayed.
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
import time

import pytest

from tui.model import Analysis
from tui.textsafe import json_text

from .test_textsafe import DANGEROUS

NAME_PIECES = [b"a", b"news", b" ", b"-", b"\x1b]0;pwned\x07", b"\x1b[2J", b"\xc2\x9b", "\u202e".encode(),
               "\u2066".encode(), b"\n", b"\r", b"\t", b"\xff", b"\xfe", b"\xed\xa0\x80", b"[bold]", b"$(x)",
               "é".encode(), "中".encode(), b"*", b"'", b'"', b"\\", b":"]
TEXT_PIECES = ["Ann Lee", "Bob Stone", " said", " says", " told reporters", "“", "”", "‘", "’", '"', "«", "»",
               "''", ".", ",", " ", "\n", "\n\n", "the foreign minister", " according to ", "he", "she",
               " that ", "Wang Yi", "Reuters", "\x1b[31m", "\x1b]0;t\x07", "\u202e", "\x9b", "\t",
               "[bold]x[/]", "<b>", "Мы победим", "王毅说", "🙂", "x" * 300, " " * 200, "title: ", "date 2021-12-31\n",
               "---\n", "\r\n", "\ufeff", "\u2028", "NATO", "the United States", "(D-Mass.)", "Sen."]


def _name(rng: random.Random, i: int) -> bytes:
    n = b"".join(rng.choice(NAME_PIECES) for _ in range(rng.randint(1, 8))).replace(b"/", b"_")
    n = n[: rng.choice([40, 120, 240])]
    return b"%05d " % i + n + rng.choice([b".txt", b".md", b".txt", b".TXT"])


def _text(rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.03:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 300)))  # any bytes
    text = "".join(rng.choice(TEXT_PIECES) for _ in range(rng.randint(0, 60)))
    if kind < 0.08:
        return text.encode("utf-16")
    if kind < 0.12:
        return text.encode("latin-1", "replace")
    return text.encode("utf-8", "surrogatepass")


@pytest.mark.slow
def test_fuzz_extract(tmp_path, monkeypatch, settings):
    from tui.extract import run_extract

    n = int(os.environ.get("NEWSREADER_FUZZ_N", "10000"))
    rng = random.Random(int(os.environ.get("NEWSREADER_FUZZ_SEED", "14")))
    folder = os.fsencode(tmp_path / "fuzz")
    os.mkdir(folder)
    names = []
    for i in range(n):
        name = _name(rng, i)
        with open(folder + b"/" + name, "wb") as f:
            f.write(_text(rng))
        names.append(name)
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    t = time.perf_counter()
    code = run_extract([os.fsdecode(folder)], settings, fmt="jsonl", use_cache=True, progress=False)
    elapsed = time.perf_counter() - t
    monkeypatch.undo()
    docs = [json.loads(line) for line in out.getvalue().splitlines()]
    errors = err.getvalue().splitlines()
    for d in docs:
        a = Analysis.from_json(d)  # strict: types, spans in bounds, ids resolve
        a.validate()
        assert d["path"] == json_text(d["path"])
    assert not DANGEROUS.search(out.getvalue().replace("\n", ""))
    assert all(not DANGEROUS.search(e) and e.startswith("newsreader: ") for e in errors)
    assert "Traceback" not in err.getvalue()
    assert len(docs) + len(errors) == n and code == (2 if errors else 0)
    shown = {os.fsencode(d["path"].rsplit("/", 1)[1][:6]) for d in docs}
    assert len(shown) == len(docs)  # one document per file
    print(f"\nfuzz: {n} articles, {len(docs)} analysed, {len(errors)} refused with one line, "
          f"{elapsed:.0f} s ({n / elapsed:.0f} articles/s), 0 tracebacks")
