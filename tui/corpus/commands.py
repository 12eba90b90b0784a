"""``newsreader sources`` and ``newsreader search``: bring the index up to date, then answer.

Exit status: 0 when all went well; 1 when some files failed (each named on one line of stderr)
and the answer covers the others; 2 for usage and input errors (no article at all, no pipeline
for files that need analysing, no source of that name). Progress on stderr while analysing.
"""

from __future__ import annotations

import sys
import warnings

from ..config import Settings
from .build import BATCH, BuildReport, build, default_analyze_batch
from .query import find_sources, load_corpus, quotes_of, search
from .render import render_quotes, render_sources
from .store import CorpusIndex, index_path

EXIT_OK, EXIT_PARTIAL, EXIT_ERROR = 0, 1, 2


def _err(msg: str) -> None:
    clear = "\r\x1b[K" if getattr(sys.stderr, "isatty", lambda: False)() else ""
    print(f"{clear}newsreader: {msg}", file=sys.stderr, flush=True)


def open_index(settings: Settings, use_cache: bool) -> CorpusIndex:
    """The index file under the cache folder, or one in memory with ``--no-cache`` (or when the
    cache is switched off in the settings)."""
    if not use_cache or not settings.cache.enabled:
        return CorpusIndex(None)
    return CorpusIndex(index_path(settings))


def _build(index: CorpusIndex, paths: list[str], settings: Settings, use_cache: bool, jobs: int,
           progress: bool) -> BuildReport:
    from ..extract import _Progress

    bar: _Progress | None = None

    def step(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = _Progress(total)
        bar.step()

    report = build(index, paths, settings, use_cache=use_cache, analyze_batch=default_analyze_batch(settings, jobs),
                   analysis_progress=step if progress else None,
                   batch=BATCH if jobs == 1 else 1 << 30)  # worker processes take the whole list at once
    for e in report.errors:
        _err(e)
    if report.fatal:
        _err(report.fatal)
    return report


def _status(report: BuildReport) -> int | None:
    """The exit status when the build alone decides it (nothing to answer on), else None."""
    if not report.paths:
        if not report.errors and not report.fatal:
            _err("no articles to index")
        return EXIT_ERROR
    if report.fatal:
        return EXIT_ERROR
    return None


def run_sources(paths: list[str], settings: Settings, *, fmt: str = "table", since: str | None = None,
                until: str | None = None, speaker: str | None = None, quotes: str | None = None,
                use_cache: bool = True, jobs: int = 1, progress: bool = True) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        index = open_index(settings, use_cache)
        report = _build(index, paths, settings, use_cache, jobs, progress)
    code = _status(report)
    if code is not None:
        return code
    corpus = load_corpus(index, settings, report.paths, since=since, until=until)
    out = sys.stdout
    if quotes is not None:
        found = find_sources(corpus, quotes)
        if not found:
            _err(f"no source named {quotes!r} in these articles")
            return EXIT_ERROR
        if len(found) > 1:
            others = ", ".join(f"{s.name} ({s.quotes})" for s in found[1:6])
            _err(f"{quotes!r} also names: {others}; showing {found[0].name}")
        out.write(render_quotes(quotes_of(index, corpus, found[0]), fmt, title=f"Quotes of {found[0].name}"))
    else:
        rows = find_sources(corpus, speaker) if speaker else corpus.sources
        out.write(render_sources(corpus, rows, fmt))
    out.flush()
    return EXIT_PARTIAL if report.errors else EXIT_OK


def run_search(text: str, paths: list[str], settings: Settings, *, fmt: str = "table", since: str | None = None,
               until: str | None = None, use_cache: bool = True, jobs: int = 1, progress: bool = True) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        index = open_index(settings, use_cache)
        report = _build(index, paths, settings, use_cache, jobs, progress)
    code = _status(report)
    if code is not None:
        return code
    corpus = load_corpus(index, settings, report.paths, since=since, until=until)
    found = search(index, corpus, text)
    if not found:
        _err(f"no quote matches {text!r}")
    sys.stdout.write(render_quotes(found, fmt, title=f"Quotes matching {text}"))
    sys.stdout.flush()
    return EXIT_PARTIAL if report.errors else EXIT_OK
