"""Quote extraction time against spaCy parse time on the same texts (run by hand, not a test).

    python tests/bench/bench_quotes.py [FOLDER_OR_FILES ...]   (default: ../shared/data/polnear/dev/text)

Parses the texts once with ``nlp.pipe``, then times ``extract_quotes`` alone on the parsed docs,
called as the analysis calls it (with the article's text; entities are built beforehand and not
counted) and prints the ratio. Issue #3 asks for <= 5 %.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tui.analysis import Lexicons, get_nlp  # noqa: E402
from tui.articles import expand_paths, load_article  # noqa: E402
from tui.config import default_settings  # noqa: E402
from tui.analysis.context import DocContext  # noqa: E402
from tui.analysis.entities.build import build_entities  # noqa: E402
from tui.analysis.quotes.build import extract_quotes  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"


def main(argv: list[str]) -> int:
    paths = [p for p in expand_paths(argv or [str(DEFAULT)]) if isinstance(p, Path)]
    if not paths:
        print("no articles found", file=sys.stderr)
        return 2
    settings = default_settings()
    nlp = get_nlp(settings)
    lex = Lexicons.from_settings(settings)
    texts = [load_article(p).text for p in paths]
    nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
    list(nlp.pipe(texts[:2]))  # warm up
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=settings.pipeline.batch_size))
    parse = time.perf_counter() - t0
    ents = [build_entities(DocContext(d, t), lex, settings) for d, t in zip(docs, texts)]
    best = float("inf")
    n_quotes = 0
    for _ in range(3):
        t0 = time.perf_counter()
        n_quotes = sum(len(extract_quotes(DocContext(d, t), lex, e, settings)) for d, e, t in zip(docs, ents, texts))
        best = min(best, time.perf_counter() - t0)
    chars = sum(len(t) for t in texts)
    print(f"articles {len(texts)}  characters {chars}  quotes {n_quotes}")
    print(f"spaCy parse (nlp.pipe)  {parse:8.2f} s")
    print(f"quote extraction        {best:8.3f} s  (best of 3)")
    print(f"ratio                   {100 * best / parse:8.1f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
