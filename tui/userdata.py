"""The reader's own files under the user data dir: flags (``flags.json``) and reading positions
(``state.json``). Plain Python, no Textual.

Each file is one JSON object, read whole and written whole through a temp file and a rename
(``fsutil.write_atomic``), so a crash or a second reader never leaves half a file. A file that is
not valid JSON is not overwritten: it is renamed ``<name>.corrupt`` (so nothing the user made is
lost) and a fresh one is started; the caller gets a one-line warning to show.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .fsutil import write_atomic
from .textsafe import json_dumps


def text_key(text: str) -> str:
    """The key of an article's text: the sha256 of its UTF-8 bytes (the analysis cache keys the
    same text the same way, so a cache rebuild never changes it; any edit of the text does)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def path_key(path: str | os.PathLike) -> str:
    """An article's path as stored: absolute and resolved (so ``./a.txt`` and ``a.txt`` agree)."""
    try:
        return str(Path(path).expanduser().resolve())
    except (OSError, RuntimeError):  # a symlink loop: keep what was given, absolute
        return str(Path(path).absolute())


class JsonFile:
    """One JSON object in a file: ``read()`` gives a dict (empty when the file is missing or
    unreadable), ``write(obj)`` replaces it atomically. ``warning`` holds the last problem as one
    line (None when all went well)."""

    def __init__(self, path: Path, version: int = 1) -> None:
        self.path = Path(path)
        self.version = version
        self.warning: str | None = None
        self._unreadable = False  # never replace a file we could not read

    def read(self) -> dict[str, Any]:
        self.warning = None
        self._unreadable = False
        try:
            raw = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):  # not there (yet): nothing to keep
            return {}
        except OSError as exc:
            self._unreadable = True
            self.warning = f"{self.path}: cannot read ({exc.strerror or exc}); it is left as it is"
            return {}
        except UnicodeDecodeError:
            raw = ""
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            self._set_aside()
            return {}
        return data

    def _set_aside(self) -> None:
        aside = self.path.with_name(self.path.name + ".corrupt")
        try:
            os.replace(self.path, aside)
            self.warning = f"{self.path}: not valid JSON; kept as {aside.name} and started afresh"
        except OSError as exc:
            self.warning = f"{self.path}: not valid JSON and cannot be set aside ({exc.strerror or exc})"

    def write(self, data: dict[str, Any]) -> bool:
        """Write ``data`` (with ``version``); False, with ``warning`` set, when it cannot be written."""
        if self._unreadable:
            self.warning = f"{self.path}: cannot read it, so it is not replaced"
            return False
        self.warning = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # json_dumps: a non-UTF-8 file name (lone surrogates) is kept as a \\udcXX escape
            write_atomic(self.path, json_dumps({"version": self.version, **data}, indent=1))
        except OSError as exc:
            self.warning = f"cannot write {self.path}: {exc.strerror or exc}"
            return False
        return True
