"""``--jobs N``: analyse big batches in worker processes (each loads the pipeline once).

Ctrl-C is the parent's: the workers ignore SIGINT (a terminal sends it to the whole process
group, and each worker would print its own traceback), and the parent, on any interruption,
cancels the chunks not started and terminates the workers, so nothing hangs on idle processes.
"""

from __future__ import annotations

import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Iterator

from .articles import Article
from .config import Settings
from .model import Analysis

_settings: Settings | None = None


def _init(settings_json: str) -> None:
    global _settings
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _settings = Settings.model_validate_json(settings_json)


def _work(chunk: list[tuple[str, str, dict]]) -> list[dict]:
    from .analysis import analyze_many

    assert _settings is not None
    arts = [Article(p, t, m) for p, t, m in chunk]
    return [a.to_json() for a in analyze_many(arts, _settings)]


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now (a second Ctrl-C meanwhile is ignored)."""
    main = threading.current_thread() is threading.main_thread()
    old = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=5)
    finally:
        if main:
            signal.signal(signal.SIGINT, old)


def analyze_parallel(articles: list[Article], settings: Settings, jobs: int,
                     chunk_size: int = 8) -> Iterator[Analysis]:
    """Analyses in input order, computed by ``jobs`` processes over chunks of articles."""
    groups = [articles[i:i + chunk_size] for i in range(0, len(articles), chunk_size)]
    chunks = [[(a.path, a.text, a.meta) for a in group] for group in groups]
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(settings.model_dump_json(),))
    try:
        for group, result in zip(groups, pool.map(_work, chunks)):
            for art, d in zip(group, result):
                a = Analysis.from_json(d)
                a.path = art.path  # the real path (the JSON has a non-UTF-8 name's bytes as U+FFFD)
                yield a
    except BaseException:  # Ctrl-C, the consumer stopping (GeneratorExit), a worker's error
        _stop(pool)
        raise
    pool.shutdown(wait=True)
