"""Where you left off: per article, the text offset at the top of the view and the current
quote, and which article was read last. ``state.json`` under the user data dir. Plain Python.

Positions are text offsets, not screen lines, so they hold when the window or the reading width
changes. A position belongs to one text (its sha256): when the article's text changed, the old
position is not applied. The file keeps the most recent ``LIMIT`` articles.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .config import Settings, sample_article
from .userdata import JsonFile, path_key

FILE_NAME = "state.json"
LIMIT = 500


@dataclass(frozen=True)
class Position:
    top: int = 0  # text offset shown at the top of the article view
    quote: tuple[int, int] | None = None  # (start, end) of the current quote


class ReadingState:
    """``state.json`` in ``folder``: read once, written by ``save`` when something changed."""

    def __init__(self, folder: Path) -> None:
        self.file = JsonFile(Path(folder) / FILE_NAME)
        data = self.file.read()
        articles = data.get("articles")
        self._articles: dict[str, dict] = articles if isinstance(articles, dict) else {}
        last = data.get("last")
        self._last: str | None = last if isinstance(last, str) else None
        self._dirty = False
        self._changed: set[str] = set()

    @property
    def warning(self) -> str | None:
        return self.file.warning

    def last(self) -> Path | None:
        """The article read last, if it is still a file."""
        if self._last and Path(self._last).is_file():
            return Path(self._last)
        return None

    def get(self, path: str, article: str) -> Position | None:
        """The saved position of ``path`` when its text is still ``article`` (its key)."""
        entry = self._articles.get(path_key(path))
        if not isinstance(entry, dict) or entry.get("article") != article:
            return None
        try:
            top = max(0, int(entry.get("top", 0)))
            q = entry.get("quote")
            quote = (int(q[0]), int(q[1])) if isinstance(q, list) and len(q) == 2 else None
        except (TypeError, ValueError):
            return None
        return Position(top, quote)

    def opened(self, path: str) -> None:
        key = path_key(path)
        if self._last != key:
            self._last = key
            self._dirty = True

    def record(self, path: str, article: str, position: Position) -> None:
        key = path_key(path)
        entry = {"article": article, "top": position.top,
                 "quote": list(position.quote) if position.quote else None}
        old = self._articles.get(key)
        if isinstance(old, dict) and {k: old.get(k) for k in entry} == entry:
            return
        self._articles.pop(key, None)
        self._articles[key] = {**entry, "seen": time.time()}  # newest last
        self._changed.add(key)
        self._dirty = True

    def save(self) -> bool:
        """Write the file when something changed (the newest ``LIMIT`` articles). False (with
        ``warning``) when it cannot be written."""
        if not self._dirty:
            return True
        # Another reader may have written meanwhile: keep its articles, overlay ours.
        theirs = self.file.read().get("articles")
        merged = dict(theirs) if isinstance(theirs, dict) else {}
        for key in self._changed:
            merged.pop(key, None)
            merged[key] = self._articles[key]
        merged = dict(sorted(merged.items(), key=lambda kv: _seen(kv[1]))[-LIMIT:])
        ok = self.file.write({"last": self._last, "articles": merged})
        if ok:
            self._articles = merged
            self._dirty = False
            self._changed.clear()
        return ok


def _seen(entry: object) -> float:
    try:
        return float(entry.get("seen", 0.0)) if isinstance(entry, dict) else 0.0
    except (TypeError, ValueError):
        return 0.0


def start_article(settings: Settings) -> Path:
    """What ``newsreader`` opens with no argument: the last article read when
    ``reader.open_last`` is on and it is still there, else the bundled sample."""
    if settings.reader.open_last:
        last = ReadingState(settings.reader.folder()).last()
        if last is not None:
            return last
    return sample_article()
