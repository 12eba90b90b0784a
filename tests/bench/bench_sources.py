"""Benchmarks of the corpus index and the Sources screen (run by hand, not collected by pytest):

    python tests/bench/bench_sources.py              # cold on 100 PolNeAR articles, the rest on 1,000
    python tests/bench/bench_sources.py --cold 924   # cold on all of PolNeAR train + dev (long)

Each step reports wall time and the process's CPU time (on a shared, loaded machine the CPU time
is close to what a quiet machine's wall time would be).

1. cold build: ``--cold`` PolNeAR train + dev articles (evenly spread; symbolic links, never
   modified), empty analysis cache and index: the analysis of every article included;
2. a folder of 1,000 articles: copies of those texts, each with one line of its own added at the
   end; their analyses are put in the analysis cache from the cold ones (the same spans: the
   added line is after them), so the steps below read real-sized analyses without analysing
   1,000 texts again (with ``--cold 924`` the copies are still made, to reach 1,000);
3. warm build of the 1,000 (a new index, every analysis from the cache), then a no-op build;
4. incremental: 10 files touched (mtime only), then 10 files changed (a line added: analysed);
5. queries on the built index: the sources table (load + merge, first and repeated), a source's
   quotes, a full-text search (median of 5);
6. the Sources screen on the 1,000-article folder, headless (``run_test``, 160×48): from the key
   ``s`` to the table filled with every article (index already up to date).

Goals (issue #15): warm build ≤ 10 s for 924 articles, query ≤ 0.2 s, screen ≤ 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
if not POLNEAR.is_dir():
    POLNEAR = Path("/work/shared/data/polnear")


def polnear_sample(n: int) -> list[Path]:
    texts = sorted((POLNEAR / "train" / "text").glob("*.txt")) + sorted((POLNEAR / "dev" / "text").glob("*.txt"))
    if n >= len(texts):
        return texts
    step = len(texts) / n
    return [texts[int(i * step)] for i in range(n)]


def make_copies(sources: list[Path], dest: Path, total: int, settings) -> list[Path]:
    """``total`` files, copies of ``sources`` with a line of their own; their analyses derived
    from the cached analyses of the sources and put in the analysis cache."""
    from tui.articles import load_article
    from tui.cache import AnalysisCache

    cache = AnalysisCache(settings)
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(total):
        src = sources[i % len(sources)]
        art = load_article(src)
        analysis = cache.get(art.text, art.path, art.meta)
        p = dest / f"c{i:04}_{src.name}"
        extra = f"\n(copy {i} for the benchmark)\n"
        p.write_text(src.read_text(encoding="utf-8") + extra, encoding="utf-8")
        if analysis is not None:
            copy = load_article(p)
            analysis.text = copy.text
            analysis.path, analysis.meta = copy.path, dict(copy.meta)
            cache.put(analysis)
        out.append(p)
    return out


CPU: list[float] = [0.0]


def timed(fn, *args, **kw):
    """(result, wall seconds); the CPU seconds of the call are left in CPU[0]."""
    c = time.process_time()
    t = time.perf_counter()
    out = fn(*args, **kw)
    CPU[0] = time.process_time() - c
    return out, time.perf_counter() - t


def median_time(fn, n: int = 5) -> float:
    times, cpus = [], []
    for _ in range(n):
        _, t = timed(fn)
        times.append(t)
        cpus.append(CPU[0])
    CPU[0] = statistics.median(cpus)
    return statistics.median(times)


async def screen_open(folder: Path, settings) -> float:
    from tui.app import NewsReaderApp
    from tui.app.screens.sources import SourcesScreen

    first = sorted(folder.iterdir())[0]
    app = NewsReaderApp(settings, first, use_cache=True)
    async with app.run_test(size=(160, 48)) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            if app.reader is not None and app.reader.analysis is not None:
                break
        n = len(list(folder.iterdir()))
        c = time.process_time()
        started = time.perf_counter()
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        while True:
            await pilot.pause(0.01)
            if (screen.corpus is not None and len(screen.corpus.articles) == n and not screen.indexing
                    and screen.table.row_count):
                break
            if time.perf_counter() - started > 120:
                raise SystemExit("the Sources screen did not fill in 120 s")
        CPU[0] = time.process_time() - c
        return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cold", type=int, default=100, help="articles for the cold build (924: all)")
    ap.add_argument("--total", type=int, default=1000, help="articles of the folder of the other steps")
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()

    from tui.config import default_settings
    from tui.corpus.build import build, default_analyze_batch
    from tui.corpus.query import load_corpus, quotes_of, search
    from tui.corpus.store import CorpusIndex

    work = Path(tempfile.mkdtemp(prefix="bench-sources-"))
    cache_dir = work / "cache"
    settings = default_settings()
    settings = settings.model_copy(update={"cache": settings.cache.model_copy(update={"dir": cache_dir})})
    batch = default_analyze_batch(settings, args.jobs)
    big = 1 << 30 if args.jobs > 1 else 16
    ipath = cache_dir / "corpus.sqlite3"
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)

    def fresh_index() -> CorpusIndex:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{ipath}{suffix}").unlink(missing_ok=True)
        return CorpusIndex(ipath)

    def cpu() -> str:
        return f"(CPU {CPU[0]:.2f} s)"

    cold_dir = work / "cold"
    cold_dir.mkdir()
    sample = polnear_sample(args.cold)
    for t in sample:
        (cold_dir / t.name).symlink_to(t)
    index = fresh_index()
    r, t_cold = timed(build, index, [cold_dir], settings, analyze_batch=batch, batch=big)
    print(f"cold build of {len(sample)}: {t_cold:.1f} s {cpu()}: {r.analysed} analysed, {len(r.errors)} errors; "
          f"{t_cold / len(sample):.2f} s per article, {t_cold * 924 / len(sample) / 60:.1f} min for 924", flush=True)

    folder = work / "corpus"
    copies = make_copies(sorted(cold_dir.iterdir()), folder, args.total, settings)
    n = len(copies)
    index = fresh_index()
    r, t_warm = timed(build, index, [folder], settings, analyze_batch=batch, batch=big)
    print(f"warm build of {n} (analyses cached, new index): {t_warm:.2f} s {cpu()}: {r.from_cache} from the cache, "
          f"{r.analysed} analysed; {1000 * t_warm / n:.1f} ms per article, {t_warm * 924 / n:.2f} s for 924", flush=True)
    r, t_noop = timed(build, index, [folder], settings, analyze_batch=batch, batch=big)
    print(f"no-op build: {t_noop:.3f} s {cpu()}: {r.unchanged} unchanged", flush=True)
    for p in copies[:10]:
        os.utime(p, None)
    r, t_touch = timed(build, index, [folder], settings, analyze_batch=batch, batch=big)
    print(f"10 files touched: {t_touch:.3f} s {cpu()}: {r.analysed} analysed, {r.unchanged} unchanged", flush=True)
    for p in copies[:10]:
        with open(p, "a", encoding="utf-8") as f:
            f.write("One more line for the incremental step.\n")
    r, t_change = timed(build, index, [folder], settings, analyze_batch=batch, batch=big)
    print(f"10 files changed: {t_change:.2f} s {cpu()}: {r.analysed} analysed (spaCy loaded once before)", flush=True)

    paths = r.paths
    index.connection().execute("DELETE FROM merges")
    corpus, t_first = timed(load_corpus, index, settings, paths)
    c_first = CPU[0]
    t_q = median_time(lambda: load_corpus(index, settings, paths))
    c_q = CPU[0]
    top = corpus.sources[0]
    t_quotes = median_time(lambda: quotes_of(index, corpus, top))
    t_search = median_time(lambda: search(index, corpus, "economy"))
    print(f"query, sources table: first {t_first * 1000:.0f} ms (CPU {c_first * 1000:.0f}), repeated "
          f"{t_q * 1000:.0f} ms (CPU {c_q * 1000:.0f}); {len(corpus.sources)} sources, {corpus.quotes} quotes", flush=True)
    print(f"query, quotes of {top.name} ({top.quotes}): {t_quotes * 1000:.0f} ms; search 'economy': "
          f"{t_search * 1000:.0f} ms", flush=True)
    size = ipath.stat().st_size + (Path(f"{ipath}-wal").stat().st_size if Path(f"{ipath}-wal").exists() else 0)
    print(f"index file: {size / 1e6:.1f} MB", flush=True)
    t_screen = asyncio.run(screen_open(folder, settings))
    print(f"Sources screen open on {n} articles: {t_screen:.2f} s {cpu()}", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f}", flush=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
