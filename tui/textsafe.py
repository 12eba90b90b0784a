"""The one text sanitiser: whatever reaches a terminal or an export goes through here.

Article text, file names, metadata and settings are data. A control character (an ANSI CSI or
OSC escape, a bell, a C1 code), a bidi override or isolate (which reorders what follows it, the
"Trojan Source" trick) or a lone surrogate (a file name that is not UTF-8, read with Python's
``surrogateescape``) must never act on the terminal or on a viewer of an exported file. Plain
Python, no Textual or Rich import: the CLI, the cache, the export and the app all use it.

* :func:`displayable`: one character for one (offsets into the text stay valid), newlines kept.
  C0 controls become the Control Pictures block (ESC -> ␛), tab and CR a space, DEL ␡, C1
  controls, bidi controls and lone surrogates U+FFFD.
* :func:`one_line`: the same, and line breaks (newline, U+2028/2029, NEL, vertical tab…) become
  visible too, so a value can never split a row, a status line or a message.
* :func:`safe_name`: a file name or path (``str``, ``bytes`` or ``PathLike``) for display: bytes
  that are not UTF-8 become U+FFFD, then :func:`one_line`.
* :func:`json_text`: a string that may hold lone surrogates (a non-UTF-8 path) as valid Unicode,
  every non-UTF-8 byte as U+FFFD; everything else unchanged (the JSON contract's ``path``).
* :func:`json_dumps`: JSON text in which DEL, C1 controls, bidi controls, line and paragraph
  separators and lone surrogates are ``\\uXXXX`` escapes (JSON already escapes C0 controls): the
  same document once parsed, but printing the file never acts on a terminal and it is always
  valid UTF-8 on disk.
* :func:`shorten`: cut a long value for display, with an ellipsis.
"""

from __future__ import annotations

import json
import os

BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
"""LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM, ALM."""

REPLACEMENT = "\ufffd"

_DISPLAY: dict[int, str] = {c: chr(0x2400 + c) for c in range(32) if c != 10}
_DISPLAY.update({9: " ", 13: " ", 0x7F: "\u2421"})
_DISPLAY.update({c: REPLACEMENT for c in range(0x80, 0xA0)})
_DISPLAY.update({c: REPLACEMENT for c in BIDI_CONTROLS})
_DISPLAY.update({c: REPLACEMENT for c in range(0xD800, 0xE000)})

_ONE_LINE = dict(_DISPLAY)
_ONE_LINE.update({10: "\u240a", 13: "\u240d", 0x0B: "\u240b", 0x0C: "\u240c", 0x1C: "\u241c",
                  0x1D: "\u241d", 0x1E: "\u241e", 0x85: "\u2424", 0x2028: "\u2424", 0x2029: "\u2424"})

_SURROGATES = {c: REPLACEMENT for c in range(0xD800, 0xE000)}


def displayable(text: str) -> str:
    """``text`` with control characters, bidi controls and lone surrogates replaced by visible
    symbols, one character for one (newlines kept)."""
    return text.translate(_DISPLAY)


def one_line(text: object) -> str:
    """``str(text)`` made safe for a terminal on one line: :func:`displayable`, and line breaks
    shown as symbols (one character for one)."""
    return str(text).translate(_ONE_LINE)


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def json_text(s: str) -> str:
    """``s`` as valid Unicode: a lone surrogate (a byte of a non-UTF-8 file name, kept by
    Python's ``surrogateescape``) becomes U+FFFD; a string without one is returned as is."""
    return s.translate(_SURROGATES) if _has_surrogates(s) else s


def safe_name(name: str | bytes | os.PathLike) -> str:
    """A file name or path for display on one line (non-UTF-8 bytes as U+FFFD)."""
    if isinstance(name, os.PathLike):
        name = os.fspath(name)
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    return one_line(name)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary when there is one, with
    an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in (0x7F, *range(0x80, 0xA0), *BIDI_CONTROLS, 0x2028, 0x2029,
                                             *range(0xD800, 0xE000))}


def json_dumps(obj: object, indent: int | None = None) -> str:
    """``json.dumps(obj, ensure_ascii=False)`` with the characters a terminal acts on escaped
    (only string contents can hold them, so the document is the same once parsed)."""
    return json.dumps(obj, ensure_ascii=False, indent=indent).translate(_JSON_ESCAPES)
