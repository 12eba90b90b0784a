"""The one sanitiser (``tui/textsafe.py``) and the paths that must go through it: CLI error lines,
argparse errors, warnings, the JSON printed by ``extract`` and the Markdown export."""

from __future__ import annotations

import json
import os
import re

import pytest

from tui.model import Analysis, Entity, Quote, Relation, Span
from tui.textsafe import BIDI_CONTROLS, displayable, json_dumps, json_text, one_line, safe_name, shorten

from .conftest import run_cli

# Everything a terminal acts on: C0 (ESC, BEL, BS, CR …), DEL, C1 (CSI 0x9b, OSC 0x9d), bidi.
DANGEROUS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")
HOSTILE = "a\x1b]0;pwned\x07b\x1b[2Jc\x9b31md\x9d0;x\x9ce\u202eevil\u2066f\u200fg\x08h\ri\tj"


def test_displayable_is_one_for_one_and_keeps_newlines():
    out = displayable(HOSTILE + "\nnext")
    assert len(out) == len(HOSTILE) + 5
    assert not DANGEROUS.search(out) and "\n" in out
    assert out.startswith("a\u241b]0;pwned\u2407b")


def test_one_line_shows_line_breaks():
    out = one_line("first\nsecond\u2028third\x85fourth\rfifth\x0bsixth")
    assert len(out.splitlines()) == 1 and not DANGEROUS.search(out)
    assert one_line(123) == "123"


def test_safe_name_of_bytes_paths_and_surrogates():
    raw = b"\xff\xfe\x1b]0;t\x07name\n.txt"
    assert safe_name(raw) == safe_name(os.fsdecode(raw))
    shown = safe_name(os.fsdecode(raw))
    assert not DANGEROUS.search(shown) and "\ufffd" in shown and len(shown.splitlines()) == 1
    from pathlib import Path

    assert safe_name(Path(os.fsdecode(raw))) == shown


def test_json_text_and_json_dumps():
    assert json_text("ok é") == "ok é"
    assert json_text(os.fsdecode(b"a\xffb")) == "a\ufffdb"
    doc = {"text": "x\u202ey\x9bz\x1b\u2028", "path": os.fsdecode(b"\xff.txt")}
    out = json_dumps(doc, indent=2)
    out.encode("utf-8")  # valid UTF-8, no lone surrogate
    assert not DANGEROUS.search(out)
    assert json.loads(out)["text"] == doc["text"]  # the same document once parsed


def test_shorten():
    assert shorten("short", 10) == "short"
    long = "word " * 200
    s = shorten(long, 160)
    assert len(s) <= 160 and s.endswith("…") and not s[:-1].endswith(" ")


def _analysis_with(text: str, name: str) -> Analysis:
    e = Entity("E1", name, "PERSON", [Span.of(text, 0, 4)])
    q = Quote("Q1", "direct", [Span.of(text, 5, len(text))], speaker=Span.of(text, 0, 4), speaker_entity="E1",
              speaker_name=name)
    r = Relation("R1", "SAID", "E1", "say\u202e", Span.of(text, 0, len(text)), object_text="x\u2066y")
    return Analysis(os.fsdecode(b"/tmp/\xff" + "\u202e.txt".encode()), text, {"title": "T\u202eitle\x1b[2J", "date": None},
                    {"name": "t"}, [e], [q], [r])


def test_markdown_export_has_no_bidi_or_controls():
    from tui.app.export import to_markdown

    text = "Ann\u202e said \u2066“x\x9by\x1b]0;t\x07”\u2069 \u200f today."
    md = to_markdown(_analysis_with(text, "Ann\u202e\u2067Lee"))
    assert not DANGEROUS.search(md.replace("\n", "")), [c for c in md if DANGEROUS.match(c)]
    md.encode("utf-8")
    assert "| Ann\ufffd\ufffdLee |" in md  # the table row is intact, the overrides replaced


def test_json_export_is_valid_utf8_without_raw_controls():
    from tui.app.export import render

    a = _analysis_with("Ann\u202e said \x9bhi\u2028 today.", "Ann")
    out = render(a, "json")
    out.encode("utf-8")
    assert not DANGEROUS.search(out.replace("\n", ""))
    back = json.loads(out)
    assert back["text"] == a.text and back["path"] == "/tmp/\ufffd\u202e.txt"


def test_cli_error_lines_never_carry_controls(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    evil = os.fsencode(folder) + b"/\x1b]0;pwned\x07" + "\x9b2J\u202e".encode() + b"\xff.txt"
    with open(evil, "wb") as f:
        f.write(b"\x00\x01\x02" * 50)  # binary: refused with a line naming the file
    r = run_cli(["extract", str(folder)], tmp_path)
    assert r.returncode == 2
    assert not DANGEROUS.search(r.stderr.replace("\n", "")), repr(r.stderr)
    assert len(r.stderr.strip().splitlines()) == 1 and "\u241b]0;pwned\u2407" in r.stderr
    assert "binary" in r.stderr and "Traceback" not in r.stderr


def test_cli_usage_error_with_a_hostile_argument(tmp_path):
    r = run_cli(["extract", "--format", "\x1b[2J\x1b]0;t\x07", "x.txt"], tmp_path)
    assert r.returncode == 2 and "\x1b" not in r.stderr and "\x07" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_config_keymap_rejects_control_characters(tmp_path):
    from tui.config import ConfigError, load_settings

    p = tmp_path / "c.yaml"
    p.write_text('keymap:\n  next_quote: "\\e]0;pwned\\a"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(p, use_user=False)
    assert "next_quote" in str(err.value)
    r = run_cli(["--config", str(p), "extract", "x.txt"], tmp_path)
    assert r.returncode == 2 and not DANGEROUS.search(r.stderr.replace("\n", ""))


def test_bidi_controls_listed():
    for c in (0x202A, 0x202E, 0x2066, 0x2069, 0x200E, 0x200F, 0x061C):
        assert c in BIDI_CONTROLS and displayable(chr(c)) == "\ufffd"
