"""Articles per second of ``extract --out``: --jobs 1, --jobs 2 and --scheduler local with 2 workers.

Run by hand from the project root (needs the dask extra and ../shared):
    python tests/bench/bench_cluster.py [--limit N] [--splits dev,train]

Each configuration writes a fresh output folder with the cache off, so every article is analysed.
Prints articles/s for each, the ratios to --jobs 1, the scheduler's overhead per article against the
local pool of the same size, and the projection for one million articles (core-hours at the
measured per-core rate of --jobs 1).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def run(paths: list[str], extra: list[str]) -> float:
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "tui.cli", "--no-cache", "extract", *paths, "--out", out, *extra],
                           cwd=ROOT, capture_output=True, text=True)
        dt = time.perf_counter() - t0
        if r.returncode != 0:
            sys.exit(f"failed ({r.returncode}): {r.stderr[-500:]}")
        return dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    ap.add_argument("--splits", default="dev,train")
    ap.add_argument("--polnear", type=Path, default=POLNEAR, help="the PolNeAR folder (default ../shared/...)")
    args = ap.parse_args()
    files = [str(p) for s in args.splits.split(",") for p in sorted((args.polnear / s / "text").glob("*.txt"))]
    if not files:
        sys.exit(f"no PolNeAR texts under {args.polnear}")
    if args.limit:
        files = files[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:  # one folder of links: one input, one output tree
        for i, f in enumerate(files):
            (Path(tmp) / f"{i:05d}.txt").symlink_to(f)
        n = len(files)
        configs = [("--jobs 1", []), ("--jobs 2", ["--jobs", "2"]),
                   ("--scheduler local, 2 workers", ["--scheduler", "local", "--jobs", "2"])]
        rates = {}
        for name, extra in configs:
            dt = run([tmp], extra)
            rates[name] = n / dt
            print(f"{name:32s} {n} articles in {dt:7.1f} s: {n / dt:6.2f} articles/s", flush=True)
    base = rates["--jobs 1"]
    for name, r in rates.items():
        print(f"ratio {name:26s} {r / base:5.2f}x")
    over = 1 / rates["--scheduler local, 2 workers"] - 1 / rates["--jobs 2"]
    print(f"scheduler overhead vs the local pool: {over * 1000:+.1f} ms per article (includes cluster start-up)")
    print(f"one million articles at {base:.2f} articles/s per core: {1e6 / base / 3600:,.0f} core-hours "
          f"(e.g. {1e6 / base / 3600 / 32:,.1f} h on 32 worker cores)")


if __name__ == "__main__":
    main()
