"""The Textual reader: ``NewsReaderApp`` (``newsreader [FILE|FOLDER]``)."""

from .app import NewsReaderApp

__all__ = ["NewsReaderApp"]
