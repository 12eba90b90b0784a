"""``--jobs N``: analyse big batches in worker processes (each loads the pipeline once)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import Iterator

from .articles import Article
from .config import Settings
from .model import Analysis

_settings: Settings | None = None


def _init(settings_json: str) -> None:
    global _settings
    _settings = Settings.model_validate_json(settings_json)


def _work(chunk: list[tuple[str, str, dict]]) -> list[dict]:
    from .analysis import analyze_many

    assert _settings is not None
    arts = [Article(p, t, m) for p, t, m in chunk]
    return [a.to_json() for a in analyze_many(arts, _settings)]


def analyze_parallel(articles: list[Article], settings: Settings, jobs: int,
                     chunk_size: int = 8) -> Iterator[Analysis]:
    """Analyses in input order, computed by ``jobs`` processes over chunks of articles."""
    chunks = [[(a.path, a.text, a.meta) for a in articles[i:i + chunk_size]]
              for i in range(0, len(articles), chunk_size)]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                             initargs=(settings.model_dump_json(),)) as pool:
        for result in pool.map(_work, chunks):
            for d in result:
                yield Analysis.from_json(d)
