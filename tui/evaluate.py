"""``newsreader eval GOLD_DIR``: quote scores against brat standoff (issue #3)."""

from __future__ import annotations


def run_eval(gold: str, settings, as_json: bool = False) -> int:
    from .articles import ArticleError

    raise ArticleError("eval: not available yet (issue #3)")
