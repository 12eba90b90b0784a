"""The reader's access to the analysis: the cache and the analyser behind one small object.

The reader screen asks this service for an article's analysis and never reaches into the App
for a cache or an analyser. ``cached`` is the cheap path (a JSON file read; no spaCy), safe to
call before the first frame; ``analyse`` is the slow path, called from a worker thread.
"""

from __future__ import annotations

from typing import Callable

from ..articles import Article
from ..config import Settings
from ..model import Analysis

Analyzer = Callable[[Article, Settings], Analysis]


class AnalysisService:
    """The analysis cache (made on first use) and the analyser, for one reader session.

    ``analyzer(article, settings) -> Analysis`` runs in the calling thread; tests inject one.
    Without it, ``tui.analysis.analyze`` is imported on the first cache miss (spaCy loads then,
    never for a cached article)."""

    def __init__(self, settings: Settings, *, use_cache: bool = True, analyzer: Analyzer | None = None) -> None:
        self.settings = settings
        self.use_cache = use_cache
        self.analyzer = analyzer
        self._cache = None
        self._cache_made = False

    @property
    def cache(self):
        """The ``AnalysisCache``, or None when caching is off."""
        if not self._cache_made:
            self._cache_made = True
            if self.use_cache:
                from ..cache import AnalysisCache

                self._cache = AnalysisCache(self.settings, enabled=True)
        return self._cache

    def cached(self, article: Article) -> Analysis | None:
        """The cached analysis of ``article`` (path and meta taken from it), or None."""
        cache = self.cache
        if cache is None:
            return None
        return cache.get(article.text, article.path, article.meta)

    def analyse(self, article: Article) -> tuple[Analysis, str | None]:
        """Analyse ``article`` (blocking) and store it in the cache: (analysis, cache warning).
        Raises whatever the analyser raises."""
        analyzer = self.analyzer
        if analyzer is None:
            from ..analysis import analyze as analyzer  # spaCy loads here, never at import
        analysis = analyzer(article, self.settings)
        cache = self.cache
        warning = None
        if cache is not None:
            cache.put(analysis)
            warning = cache.warning
        return analysis, warning

    def close(self) -> None:
        """Release what the service holds (nothing yet for in-process analysis)."""
