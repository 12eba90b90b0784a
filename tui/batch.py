"""The work of an ``extract --out`` run: one batch of article paths in, one result per path out.

It runs wherever the executor puts it (this process, a local pool worker, a Dask worker), so it
takes and returns plain data: the settings as JSON, the paths as strings, the analyses as the JSON
contract. Each worker process loads the spaCy pipeline once per settings.
"""

from __future__ import annotations

from .articles import ArticleError
from .config import Settings


_NLP: dict[str, object] = {}  # settings JSON -> loaded pipeline, one per worker process


def analyse_batch(settings_json: str, paths: list[str], use_cache: bool = True) -> list[dict]:
    """Load and analyse ``paths``; one ``{"path", "analysis"}`` or ``{"path", "error"}`` per path.
    The pipeline is loaded once per process and settings; a file that fails is an error, not a crash."""
    from .analysis import analyze_many, get_nlp
    from .articles import load_article
    from .cache import AnalysisCache

    settings = Settings.model_validate_json(settings_json)
    if settings_json not in _NLP:
        _NLP[settings_json] = get_nlp(settings)
    cache = AnalysisCache(settings, enabled=use_cache)
    results: dict[str, dict] = {}
    todo = []
    for p in paths:
        try:
            art = load_article(p, max_mb=settings.articles.max_mb)
        except ArticleError as exc:
            results[p] = {"path": p, "error": str(exc)}
            continue
        except OSError as exc:  # vanished or unreadable between planning and now
            results[p] = {"path": p, "error": f"{p}: {exc.strerror or exc}"}
            continue
        hit = cache.get(art.text, art.path, art.meta)
        if hit is not None:
            results[p] = {"path": p, "analysis": hit.to_json()}
        else:
            todo.append(art)
    try:
        for art, a in zip(todo, analyze_many(todo, settings, nlp=_NLP[settings_json])):
            cache.put(a)
            results[art.path] = {"path": art.path, "analysis": a.to_json()}
    except Exception as exc:  # noqa: BLE001 - one bad batch is reported, the run goes on
        for art in todo:
            results.setdefault(art.path, {"path": art.path, "error": f"{art.path}: analysis failed: {exc}"})
    return [results[p] for p in paths]
