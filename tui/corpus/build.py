"""Keep the corpus index up to date with files and folders: only new or changed files are analysed.

For each file: an unchanged size, mtime and analysis fingerprint skips it without reading it; a
file whose text has the same sha256 is only re-stamped; otherwise its analysis comes from the
analysis cache or, for the rest, from the analysis in batches, and is written in one transaction.
Files that left a folder (or no longer load) drop out. A file that fails to load or analyse is
reported and skipped; the others are indexed. The index being damaged mid-build restarts it once
on a fresh file.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..articles import Article, ArticleError, expand_paths, load_article
from ..cache import AnalysisCache
from ..config import Settings
from ..model import Analysis
from .store import CorpusIndex, is_corrupt

#: analyze_batch(articles) -> one Analysis per article, in order (raises on a failure).
BatchAnalyzer = Callable[[list[Article]], Iterable[Analysis]]
#: progress(files done, files in all)
Progress = Callable[[int, int], None]

BATCH = 16
_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")


@dataclass
class BuildReport:
    """What a build did."""

    files: int = 0
    analysed: int = 0       # analysed now (not in the analysis cache)
    from_cache: int = 0     # read from the analysis cache
    unchanged: int = 0
    removed: int = 0
    errors: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # every article of the selection, indexed or not
    seconds: float = 0.0
    fatal: str | None = None  # the analysis cannot run at all (no pipeline): nothing more analysed


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def article_facts(path: str, meta: dict) -> tuple[str | None, str | None, str | None]:
    """(title, date, outlet): from the article's metadata, else a YYYY-MM-DD date in the file name
    and the outlet as the file name's part before it (``breitbart_2016-09-12_slug.txt``)."""
    title = meta.get("title")
    date = meta.get("date")
    outlet = meta.get("source") or meta.get("sitename")
    name = Path(path).name
    m = _FILE_DATE.search(name)
    if not date and m:
        date = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    if not outlet and m:
        prefix = name[: m.start()].strip(" _-.")
        outlet = prefix or None
    return (str(title) if title else None, str(date)[:10] if date else None, str(outlet) if outlet else None)


def default_analyze_batch(settings: Settings, jobs: int = 1) -> BatchAnalyzer:
    """The project's analysis entry point for a batch (``nlp.pipe``; ``jobs`` worker processes)."""

    def run(articles: list[Article]) -> Iterable[Analysis]:
        if jobs > 1 and len(articles) >= 2 * jobs:
            from ..parallel import analyze_parallel

            return analyze_parallel(articles, settings, jobs)
        from ..analysis import analyze_many

        return analyze_many(articles, settings)

    return run


def per_article(analyzer: Callable[[Article, Settings], Analysis], settings: Settings) -> BatchAnalyzer:
    """A batch analyser from ``analyzer(article, settings)`` (the reader's injected analyser)."""

    def run(articles: list[Article]) -> Iterator[Analysis]:
        for a in articles:
            yield analyzer(a, settings)

    return run


def _fingerprint(cache: AnalysisCache) -> str:
    """What the analysis depends on besides the text: pipeline, spaCy, settings, code."""
    k = cache.key("")
    return k if k is not None else "no-pipeline"


def build(index: CorpusIndex, paths: Iterable[str | os.PathLike], settings: Settings, *,
          use_cache: bool = True, analyze_batch: BatchAnalyzer | None = None,
          progress: Progress | None = None, analysis_progress: Progress | None = None,
          cancelled: Callable[[], bool] = lambda: False, on_indexed: Callable[[], None] | None = None,
          batch: int = BATCH) -> BuildReport:
    """Bring the index up to date with ``paths`` (files and folders, as ``extract`` takes them).

    ``progress(done, total)`` follows every file; ``analysis_progress(done, total)`` only the
    files that need the analysis (the CLI's bar); ``on_indexed()`` follows every article written;
    ``cancelled()`` stops between articles (what is written stays). ``batch``: articles given to
    ``analyze_batch`` at once (after a failure in a batch, its remaining articles go one by one)."""
    args = (index, list(paths), settings, use_cache, analyze_batch, progress, analysis_progress, cancelled, on_indexed,
            max(1, batch))
    try:
        return _build(*args)
    except Exception as exc:  # noqa: BLE001 - only a damaged index file is retried
        if not is_corrupt(exc):
            raise
        index.reset(str(exc))
        return _build(*args)


def _build(index, paths, settings, use_cache, analyze_batch, progress, analysis_progress, cancelled,
           on_indexed, batch) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    cache = AnalysisCache(settings, enabled=use_cache)
    fp = _fingerprint(cache)
    items = expand_paths(paths)
    files: list[Path] = []
    for it in items:
        if isinstance(it, ArticleError):
            report.errors.append(str(it))
        else:
            files.append(it)
    report.files = len(files)
    known = index.known()
    done = 0
    total = len(files)
    pending: list[tuple[Article, str, int, int]] = []
    dropped: list[str] = []
    seen: set[str] = set()

    def step(n: int = 1) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    for f in files:
        if cancelled():
            break
        path = os.path.abspath(f)
        if path in seen:
            step()
            continue
        seen.add(path)
        try:
            st = os.stat(path)
        except OSError as exc:
            report.errors.append(f"{f}: cannot read ({exc.strerror or exc})")
            dropped.append(path)
            step()
            continue
        k = known.get(path)
        if k is not None and k.size == st.st_size and k.mtime_ns == st.st_mtime_ns and k.fingerprint == fp:
            report.unchanged += 1
            report.paths.append(path)
            step()
            continue
        try:
            art = load_article(path, max_mb=settings.articles.max_mb)
        except ArticleError as exc:
            report.errors.append(str(exc))
            dropped.append(path)
            step()
            continue
        sha = sha256_text(art.text)
        report.paths.append(path)
        if k is not None and k.sha256 == sha and k.fingerprint == fp:
            index.touch(path, st.st_size, st.st_mtime_ns)
            report.unchanged += 1
            step()
            continue
        hit = cache.get(art.text, path, art.meta)
        if hit is not None:
            _put(index, hit, path, sha, fp, st)
            report.from_cache += 1
            step()
            if on_indexed:
                on_indexed()
            continue
        pending.append((art, sha, st.st_size, st.st_mtime_ns))

    # Files gone from the folders given (or given and gone): out of the index. Only after a
    # complete pass: a cancelled one has not seen every file.
    if not cancelled():
        roots = {os.path.abspath(p) for p in paths}
        folders = {r for r in roots if os.path.isdir(r)}
        listed = set(report.paths)
        for p in known:
            if p not in listed and (p in roots or os.path.dirname(p) in folders):
                dropped.append(p)
    report.removed = index.remove(sorted(set(dropped)))

    if pending and not cancelled():
        batch_fn = analyze_batch or default_analyze_batch(settings)
        analysed_or_failed = 0
        for i in range(0, len(pending), batch):
            if cancelled():
                break
            chunk = pending[i:i + batch]
            for (art, sha, size, mtime), res in zip(chunk, _analyse_chunk(batch_fn, [c[0] for c in chunk], report)):
                if cancelled():
                    break
                if isinstance(res, Analysis):
                    cache.put(res)
                    _put_stat(index, res, art.path, sha, fp, size, mtime)
                    report.analysed += 1
                    if on_indexed:
                        on_indexed()
                else:
                    report.paths.remove(art.path)
                    index.remove([art.path])
                step()
                analysed_or_failed += 1
                if analysis_progress is not None:
                    analysis_progress(analysed_or_failed, len(pending))
            if report.fatal:
                break
    if cache.warning:
        report.errors.append(cache.warning)
    report.seconds = time.perf_counter() - started
    return report


def _analyse_chunk(batch_fn: BatchAnalyzer, arts: list[Article], report: BuildReport) -> Iterator[Analysis | None]:
    """The analyses of ``arts`` in order, as they come; after a failure, each remaining article
    alone, so one bad file costs only itself (None for it, with its error in the report)."""
    from ..analysis.pipeline import PipelineError

    if report.fatal:
        yield from [None] * len(arts)
        return
    done = 0
    try:
        for res in batch_fn(arts):
            if done >= len(arts):
                break
            yield res
            done += 1
        if done == len(arts):
            return
    except PipelineError as exc:
        report.fatal = str(exc)
        yield from [None] * (len(arts) - done)
        return
    except Exception:  # noqa: BLE001 - each remaining article alone below finds the one that fails
        pass
    for a in arts[done:]:
        if report.fatal:
            yield None
            continue
        try:
            got = list(batch_fn([a]))
            if not got:
                report.errors.append(f"{a.path}: the analysis returned nothing")
            yield got[0] if got else None
        except PipelineError as exc:
            report.fatal = str(exc)
            yield None
        except Exception as exc:  # noqa: BLE001 - reported and skipped
            msg = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            report.errors.append(f"{a.path}: analysis failed ({msg})")
            yield None


def _put(index: CorpusIndex, analysis: Analysis, path: str, sha: str, fp: str, st: os.stat_result) -> None:
    _put_stat(index, analysis, path, sha, fp, st.st_size, st.st_mtime_ns)


def _put_stat(index: CorpusIndex, analysis: Analysis, path: str, sha: str, fp: str, size: int, mtime: int) -> None:
    title, date, outlet = article_facts(path, analysis.meta)
    index.put(analysis, path=path, sha256=sha, fingerprint=fp, size=size, mtime_ns=mtime,
              title=title, date=date, outlet=outlet)
