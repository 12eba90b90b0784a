"""The reader's access to the analysis: the cache and the analyser behind one small object.

The reader screen asks this service for an article's analysis and never reaches into the App
for a cache or an analyser. ``cached`` is the cheap path (a JSON file read; no spaCy), safe to
call before the first frame; ``analyse`` is the slow path, called from a thread.

By default the analysis runs in a worker process (``tui/worker.py``) started on the first cache
miss and kept for the session, so the reader's process never imports spaCy. A worker that dies
is restarted and the article analysed again (with a notice); one that takes longer than
``ui.analysis_timeout`` seconds is killed and the analysis reported as failed.
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path
from typing import Callable

from ..articles import Article, list_articles, load_article
from ..config import Settings
from ..model import Analysis
from ..worker import AnalysisWorker, WorkerDied

Analyzer = Callable[[Article, Settings], Analysis]
Notify = Callable[[str], None]

RESTARTS = 2  # a worker that dies this many times in a row on one article: the analysis fails


def start_path(path: Path) -> tuple[Path, Path]:
    """(article, folder): a folder opens its first article, with the picker rooted there."""
    path = Path(path)
    if path.is_dir():
        files = list_articles(path)
        return (files[0] if files else path), path
    return path, path.parent


class AnalysisService:
    """The analysis cache (made on first use) and the analyser, for one reader session.

    ``analyzer(article, settings) -> Analysis`` runs in the calling thread instead of the worker
    process (tests and the headless benchmarks inject one). ``worker_analyzer`` names a
    ``module:function`` the worker process calls instead of ``tui.analysis.analyze`` (tests)."""

    def __init__(self, settings: Settings, *, use_cache: bool = True, analyzer: Analyzer | None = None,
                 worker_analyzer: str | None = None) -> None:
        self.settings = settings
        self.use_cache = use_cache
        self.analyzer = analyzer
        self.timeout = settings.ui.analysis_timeout
        self.worker = AnalysisWorker(settings, analyzer=worker_analyzer) if analyzer is None else None
        self._cache = None
        self._cache_made = False
        self._closed = False
        atexit.register(self.close)

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

    def preload(self, path: Path) -> tuple[Article, Analysis | None] | None:
        """Before the first frame: the article at ``path`` and its cached analysis. On a cache
        miss the worker starts at once (spaCy loads while the reader draws). None when the
        file cannot be loaded (the reader reports it in its usual way)."""
        try:
            article = load_article(path, max_mb=self.settings.articles.max_mb)
        except Exception:  # noqa: BLE001 - the reader's own loading reports it
            return None
        try:
            analysis = self.cached(article)
        except Exception:  # noqa: BLE001 - a cache problem: analyse it instead
            analysis = None
        if analysis is None:
            self.prestart()
        return article, analysis

    def preload_in_background(self, path: Path) -> "Preload":
        """``preload`` in a thread, while the caller imports Textual; ``.result()`` joins it."""
        return Preload(self, path)

    def prestart(self) -> None:
        """Start the worker process now, if analyses run in one."""
        if self.worker is not None and not self._closed:
            try:
                self.worker.start()
            except Exception:  # noqa: BLE001 - analyse() tries again and reports it in the reader
                pass

    def analyse(self, article: Article, notify: Notify | None = None) -> tuple[Analysis, str | None]:
        """Analyse ``article`` (blocking) and store it in the cache: (analysis, cache warning).
        Raises what the analyser raises (``WorkerError`` and subclasses for the worker)."""
        if self.worker is None:
            assert self.analyzer is not None
            analysis = self.analyzer(article, self.settings)
            cache = self.cache
            if cache is None:
                return analysis, None
            cache.put(analysis)
            warning, cache.warning = cache.warning, None
            return analysis, warning
        for attempt in range(RESTARTS + 1):
            try:
                analysis, warning = self.worker.analyze(article, use_cache=self.use_cache, timeout=self.timeout)
                local = self._cache.warning if self._cache is not None else None
                if local:  # this side's cache discarded an invalid entry: said once
                    self._cache.warning = None
                return analysis, warning or local
            except WorkerDied as exc:
                if attempt == RESTARTS or self._closed:
                    raise
                if notify is not None:
                    notify(f"{exc}; restarted, analysing {article.name} again")
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Stop the worker process (the reader quits)."""
        self._closed = True
        if self.worker is not None:
            self.worker.close()


class Preload:
    """The first article and its cache entry, read in a thread (file reads and hashing let the
    main thread go on importing Textual meanwhile)."""

    def __init__(self, service: AnalysisService, path: Path) -> None:
        self.path = Path(path)
        self._result: tuple[Article, Analysis | None] | None = None
        self._thread = threading.Thread(target=self._run, args=(service,), name="newsreader-preload", daemon=True)
        self._thread.start()

    def _run(self, service: AnalysisService) -> None:
        self._result = service.preload(self.path)

    def result(self) -> tuple[Article, Analysis | None] | None:
        self._thread.join()
        return self._result
