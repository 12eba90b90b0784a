"""Speed of consolidation + relations against the parse (run by hand, not by pytest).

    /work/venv/bin/python tests/bench/bench_entities.py [FOLDER] [--dump]

Parses every text of FOLDER (default: PolNeAR dev) with ``nlp.pipe``, then times
``build_entities`` + ``extract_relations`` on the parsed docs, and prints both times and their
ratio (target: <= 5 %). ``--dump`` prints every relation row, for a precision review.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tui.analysis import Lexicons, get_nlp  # noqa: E402
from tui.config import default_settings  # noqa: E402
from tui.analysis.context import DocContext  # noqa: E402
from tui.analysis.entities.build import build_entities  # noqa: E402
from tui.analysis.relations.build import extract_relations  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    folder = Path(args[0]) if args else DEFAULT
    files = sorted(folder.glob("*.txt"))
    if not files:
        print(f"no .txt files in {folder}")
        return 1
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    settings = default_settings()
    nlp = get_nlp(settings)
    lex = Lexicons.from_settings(settings)
    nlp("warm up")
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=settings.pipeline.batch_size))
    parse = time.perf_counter() - t0
    # warm the lexicon caches
    build_entities(DocContext(docs[0]), lex, settings)
    t0 = time.perf_counter()
    results = []
    for doc in docs:
        ctx = DocContext(doc)
        ents = build_entities(ctx, lex, settings)
        rels = extract_relations(ctx, lex, ents, [], settings)
        results.append((ents, rels))
    ours = time.perf_counter() - t0
    words = sum(len(d) for d in docs)
    print(f"{len(docs)} texts, {words} tokens from {folder}")
    print(f"parse (nlp.pipe)          {parse:8.2f} s")
    print(f"entities + relations      {ours:8.2f} s")
    print(f"ratio                     {100 * ours / parse:8.2f} %")
    if "--dump" in argv:
        for f, doc, (ents, rels) in zip(files, docs, results):
            byid = {e.id: e for e in ents}
            for r in rels:
                obj = byid[r.object].name if r.object else r.object_text
                neg = " NOT" if r.negated else ""
                print(f"{f.name[:40]}\t{r.type}\t{byid[r.subject].name}\t{r.predicate}{neg}\t{obj}\t| {r.evidence.text[:140]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
