"""A 1 MB article and the reader's memory, run by hand:  python tests/bench/bench_big.py

(4) a 1 MB article (the sample repeated): load, analyse (spaCy + rules), JSON size, peak RSS;
    render and jump are measured by bench_app.py.
(M) the reader's peak RSS on the sample, cold (spaCy loads and parses) and from the cache,
    each in a fresh process running the real app headless until the panels are filled.
Goal (issue #6): the reader stays under 300 MB RSS on the sample.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "seeds" / "000_c9b0f2e6cc37c3c2.txt"

READER = r"""
import asyncio, resource, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from tui.app import NewsReaderApp
from tui.config import default_settings

async def main():
    app = NewsReaderApp(default_settings(), Path({path!r}), use_cache=True)
    async with app.run_test(size=(160, 48)) as pilot:
        for _ in range(40):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.reader is not None and app.reader.analysis is not None:
                break
        assert app.reader.analysis is not None
        await pilot.press("n")
asyncio.run(main())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def reader_peak_mb(path: Path, cache_home: str) -> int:
    env = {"XDG_CACHE_HOME": cache_home, "XDG_CONFIG_HOME": cache_home, "HOME": cache_home,
           "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", READER.format(root=str(ROOT), path=str(path))],
                         capture_output=True, text=True, env=env, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tui.analysis import analyze, get_nlp
    from tui.articles import load_article
    from tui.config import default_settings

    with tempfile.TemporaryDirectory() as tmp:
        cold = reader_peak_mb(SAMPLE, tmp)
        warm = reader_peak_mb(SAMPLE, tmp)
        print(f"(M) reader peak RSS on the sample: cold {cold} MB, cached {warm} MB  (goal <= 300 MB)")

        big = Path(tmp) / "big.txt"
        body = SAMPLE.read_text(encoding="utf-8")
        big.write_text(body * (1_000_000 // len(body) + 1), encoding="utf-8")
        settings = default_settings()
        nlp = get_nlp(settings)
        t = time.perf_counter()
        art = load_article(big)
        t_load = time.perf_counter() - t
        t = time.perf_counter()
        analysis = analyze(art, settings, nlp=nlp)
        t_an = time.perf_counter() - t
        t = time.perf_counter()
        js = analysis.dumps()
        t_js = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"(4) 1 MB article ({len(art.text):,} chars): load {t_load * 1000:.0f} ms, analyse {t_an:.1f} s "
              f"({len(analysis.entities)} entities, {len(analysis.quotes)} quotes, {len(analysis.relations)} relations), "
              f"JSON {len(js) / 1e6:.1f} MB in {t_js * 1000:.0f} ms; peak RSS {peak} MB")


if __name__ == "__main__":
    main()
