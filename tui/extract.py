"""``newsreader extract``: analyse files and folders in batches, print the contract as JSON."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

from .articles import Article, ArticleError, expand_paths, load_article
from .cache import AnalysisCache
from .config import Settings
from .model import Analysis
from .textsafe import json_dumps, one_line

EXIT_OK, EXIT_ERROR = 0, 2


def _err(msg: str) -> None:
    clear = "\r\x1b[K" if getattr(sys.stderr, "isatty", lambda: False)() else ""  # over a progress bar
    print(f"{clear}newsreader: {one_line(msg)}", file=sys.stderr, flush=True)


class _Progress:
    """Progress on stderr for long runs: a bar with articles/s and the time left on a terminal, a
    line every 10 % otherwise; runs under ``min_total`` articles show nothing."""

    def __init__(self, total: int, stream=None, min_total: int = 20) -> None:
        stream = sys.stderr if stream is None else stream  # looked up now: tests and tools swap stderr
        self.total, self.done, self.stream = total, 0, stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.start = time.monotonic()
        self.enabled = total >= max(1, min_total)
        self._last_decile = -1

    def step(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        if self.tty:
            # Drawn with the cursor left at the start of the line, so JSON printed to the same
            # terminal overwrites the bar instead of being glued after it; cleared at the end.
            width = 30
            filled = int(width * self.done / self.total)
            if self.done >= self.total:
                self.stream.write("\r\x1b[K")
            else:
                rate = self.done / max(time.monotonic() - self.start, 1e-6)
                left = (self.total - self.done) / rate if rate else 0
                self.stream.write(f"\r\x1b[K[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                                  f"{rate:.1f} articles/s, {left:.0f} s left\r")
            self.stream.flush()
        else:
            decile = 10 * self.done // self.total
            if decile != self._last_decile:
                self._last_decile = decile
                print(f"newsreader: {self.done}/{self.total} articles ({time.monotonic() - self.start:.0f} s)",
                      file=self.stream, flush=True)

    def close(self) -> None:
        """Clear a bar left unfinished (an interrupted run)."""
        if self.enabled and self.tty and self.done < self.total:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def analyse_paths(paths: Iterable[str | Path], settings: Settings, *, use_cache: bool = True,
                  jobs: int = 1, progress: bool = True) -> Iterator[Analysis | ArticleError]:
    """Analyses (or errors) in input order. Cached articles skip spaCy; the rest go through nlp.pipe."""
    items = expand_paths(list(paths))
    cache = AnalysisCache(settings, enabled=use_cache)
    loaded: list[Article | ArticleError | Analysis] = []
    for it in items:
        if isinstance(it, ArticleError):
            loaded.append(it)
            continue
        try:
            art = load_article(it, max_mb=settings.articles.max_mb)
        except ArticleError as exc:
            loaded.append(exc)
            continue
        hit = cache.get(art.text, art.path, art.meta)
        loaded.append(hit if hit is not None else art)
    todo = [a for a in loaded if isinstance(a, Article)]
    bar = _Progress(len(todo)) if progress else None
    analyses = _run(todo, settings, jobs) if todo else iter(())
    for item in loaded:  # _run yields in input order, so each article takes the next analysis
        if not isinstance(item, Article):
            yield item
            continue
        analysis = next(analyses)
        cache.put(analysis)
        if bar:
            bar.step()
        yield analysis


def _run(articles: list[Article], settings: Settings, jobs: int) -> Iterator[Analysis]:
    from .analysis import analyze_many

    if jobs > 1 and len(articles) >= 2 * jobs:
        from .parallel import analyze_parallel

        yield from analyze_parallel(articles, settings, jobs)
    else:
        yield from analyze_many(articles, settings)


def run_extract(paths: list[str], settings: Settings, *, fmt: str = "json", jobs: int = 1,
                use_cache: bool = True, progress: bool = True) -> int:
    failed = done = 0
    docs: list[dict] = []
    out = sys.stdout
    results = analyse_paths(paths, settings, use_cache=use_cache, jobs=jobs, progress=progress)
    try:
        for res in results:
            if isinstance(res, ArticleError):
                _err(str(res))
                failed += 1
                continue
            done += 1
            if fmt == "jsonl":
                out.write(json_dumps(res.to_json()) + "\n")
                out.flush()
            else:
                docs.append(res.to_json())
    except KeyboardInterrupt:
        # One Ctrl-C: the workers end (closing the generator stops them), what is finished is
        # printed (jsonl already is; the json document holds the finished articles) and cached.
        results.close()
        _err(f"interrupted: the {done} finished article{'s' if done != 1 else ''} printed")
        if fmt == "json" and docs:
            out.write(json_dumps(docs[0] if len(docs) == 1 else docs, indent=2) + "\n")
            out.flush()
        raise
    if fmt == "json" and docs:
        out.write(json_dumps(docs[0] if len(docs) == 1 else docs, indent=2) + "\n")
    return EXIT_ERROR if failed else EXIT_OK
