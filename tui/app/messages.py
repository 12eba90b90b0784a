"""Messages the widgets and the loading worker post; the reader screen handles them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from ..articles import Article
from ..model import Analysis


@dataclass
class ArticleLoaded(Message):
    """The worker read an article: show its text at once."""

    article: Article
    generation: int


@dataclass
class AnalysisReady(Message):
    """The worker finished (or found in the cache) the analysis of the shown article."""

    analysis: Analysis
    generation: int
    cached: bool = False
    seconds: float = 0.0


@dataclass
class LoadFailed(Message):
    """Loading or analysing failed: a one-line reason for a notification."""

    message: str
    generation: int
    stage: str = "load"  # "load" (the current article stays), "analysis", or "warning" (a notice only)


@dataclass
class JumpTo(Message):
    """Highlight ``start:end`` of the text and scroll it into view."""

    start: int
    end: int


@dataclass
class QuoteChosen(Message):
    """A quote was chosen in the quotes panel (by index into ``Analysis.quotes``)."""

    index: int


@dataclass
class EntityChosen(Message):
    """An entity was chosen in the entities panel: cycle through its mentions."""

    entity_id: str


@dataclass
class ArticleClicked(Message):
    """A click in the article text, at a text offset."""

    offset: int


@dataclass
class OpenPath(Message):
    """Open this article (from the picker)."""

    path: Path
