"""Batch benchmarks, run by hand:  python tests/bench/bench_extract.py [TEXT_DIR] [--jobs]

Measured in one run on the same machine, so the ratios hold whatever the machine:
  (1) `extract` (load + nlp.pipe + entities, quotes, relations + JSON) against a bare spaCy
      nlp.pipe over the same texts with the same pipeline          goal <= 1.10
  (2) warm cache against cold                                       goal <= 0.1x
  (6) --jobs 2 against --jobs 1 (processes)                        speed-up
Default texts: PolNeAR dev (../shared/data/polnear/dev/text).
"""

from __future__ import annotations

import io
import os
import platform
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tui.analysis import analyze_many, get_nlp  # noqa: E402
from tui.articles import list_articles, load_article  # noqa: E402
from tui.config import default_settings  # noqa: E402
from tui.extract import run_extract  # noqa: E402


def timed(fn, repeat=1):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv and not argv[0].startswith("-") else ROOT.parent / "shared/data/polnear/dev/text"
    settings = default_settings()
    files = list_articles(folder)
    arts = [load_article(p) for p in files]
    chars = sum(len(a.text) for a in arts)
    nlp = get_nlp(settings)
    nlp(arts[0].text)  # warm up
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"texts: {len(arts)} articles, {chars / 1000:.0f}k chars from {folder}")

    # Alternate the two runs and keep the best of each: load from other processes hits both alike.
    bare = full = float("inf")
    for _ in range(3):
        bare = min(bare, timed(lambda: list(nlp.pipe((a.text for a in arts), batch_size=settings.pipeline.batch_size))))
        full = min(full, timed(lambda: [a.to_json() for a in analyze_many(arts, settings, nlp=nlp)]))

    def cli(use_cache: bool, jobs: int = 1):
        with redirect_stdout(io.StringIO()):
            run_extract([str(folder)], settings, fmt="jsonl", jobs=jobs, use_cache=use_cache, progress=False)

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = tmp
        cold_cli = timed(lambda: cli(False), 2)
        cli(True)  # fill the cache
        warm = timed(lambda: cli(True), 3)
    print(f"(1) bare nlp.pipe            {bare:7.2f} s")
    print(f"    analysis (pipe + rules)  {full:7.2f} s   ratio {full / bare:.3f}  (goal <= 1.10)")
    print(f"    extract CLI, no cache    {cold_cli:7.2f} s   ratio {cold_cli / bare:.3f}")
    print(f"(2) extract, warm cache      {warm:7.2f} s   {warm / cold_cli:.3f}x cold  (goal <= 0.1x)")
    if "--jobs" in argv:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["XDG_CACHE_HOME"] = tmp
            j2 = timed(lambda: cli(False, jobs=2))
        print(f"(6) extract --jobs 2         {j2:7.2f} s   speed-up {cold_cli / j2:.2f}x over --jobs 1")


if __name__ == "__main__":
    main(sys.argv[1:])
