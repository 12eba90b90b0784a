"""The Textual reader: ``NewsReaderApp`` (``newsreader [FILE|FOLDER]``).

``NewsReaderApp`` is imported on first use, so ``tui.app.service`` (no Textual) can be used
before Textual is imported: ``newsreader`` reads the first article and its cache entry first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .app import NewsReaderApp

__all__ = ["NewsReaderApp"]


def __getattr__(name: str):
    if name == "NewsReaderApp":
        from .app import NewsReaderApp

        return NewsReaderApp
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
