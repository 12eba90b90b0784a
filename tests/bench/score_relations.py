"""Print the per-type precision/recall table of the relation gold set (for the README).

    /work/venv/bin/python tests/bench/score_relations.py [-v]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.relations_gold import load_gold, score  # noqa: E402
from tui.analysis import analyze, get_nlp  # noqa: E402
from tui.articles import article_from_text  # noqa: E402
from tui.config import default_settings  # noqa: E402


def main(argv: list[str]) -> int:
    settings = default_settings()
    nlp = get_nlp(settings)
    gold = load_gold()
    s = score(lambda t: analyze(article_from_text(t), settings, nlp=nlp), gold)
    print(f"{len(gold)} passages")
    print(s.table())
    if "-v" in argv:
        print("\n".join(s.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
