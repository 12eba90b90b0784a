"""Startup as the user feels it (issue #13), run by hand:

    python tests/bench/bench_startup.py                       # this tree, 5 runs per scenario
    python tests/bench/bench_startup.py --runs 3 --tree old=/path/to/old/checkout

Launches the real command (``python -m tui.cli``, the bundled sample, i.e. ``newsreader``) in a
pseudo-terminal of 160×48, reads what it draws with the ``pyte`` terminal emulator and times,
from the moment the process is started:

* text: the first frame that shows the article's first line;
* panels: the first frame that shows the filled quotes panel (a row ``1 Speaker · kind``, or
  the status line the same frame fills, ``16 quotes · 29 entities``, when toasts cover the panel);

cold (an empty cache folder: the analysis runs) and cached (the cache filled by a first run),
with no key pressed, with ``n`` pressed 10 times over a second once the text shows (``n10``),
and with ``n`` held (20 presses a second) until the panels fill (``hold``). In the ``j``
scenario (cold) ``j``/``k`` are pressed every 150 ms while the analysis runs and each key's
latency is the time until the article pane shows the scrolled text. The UI process's peak
memory (VmHWM of ``/proc/PID/status``; the analysis worker is another process) is read before
quitting.

A reader thread timestamps every chunk of output as it arrives (the emulator parses it in the
main thread, so its parsing time is not counted). Medians over ``--runs`` runs; several trees
(``--tree NAME=PATH``, default this checkout) run interleaved, so they share the machine's load
(the load average is printed).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import queue
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[2]
COLS, ROWS = 160, 48
QUOTE_ROW = re.compile(r"│\s*1 \S.*· (direct|mixed|indirect)")
# The status line, filled in the same frame as the panels (toasts can cover the panels' rows).
STATUS_DONE = re.compile(r"· \d+ quotes? · \d+ entit|· Quote \d+/\d+ · ")
ARTICLE_COLS = 110  # the article pane at 160 columns (the side panels start at ~122)


def sample_probe() -> str:
    """The first words of the sample's first paragraph, as the article pane shows them."""
    sys.path.insert(0, str(ROOT))
    from tui.config import sample_article

    lines = [ln.strip() for ln in sample_article().read_text(encoding="utf-8").splitlines() if ln.strip()]
    return " ".join(lines[1].split()[:5])  # line 0 is the header/title line


class Terminal:
    """A child process on a pty; output chunks are timestamped by a reader thread."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.master = master
        self.chunks: queue.Queue[tuple[float, bytes]] = queue.Queue()
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 1 << 16)
            except OSError:
                data = b""
            self.chunks.put((time.perf_counter(), data))
            if not data:
                return

    def pump(self, timeout: float) -> float | None:
        """Feed the next chunk to the emulator: its arrival time (s since start), None if none
        came within ``timeout``; raises EOFError when the process closed the terminal."""
        try:
            t, data = self.chunks.get(timeout=timeout) if timeout > 0 else self.chunks.get_nowait()
        except queue.Empty:
            return None
        if not data:
            raise EOFError
        self.stream.feed(data)
        return t - self.t0

    def now(self) -> float:
        return time.perf_counter() - self.t0

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def article_area(self) -> str:
        return "\n".join(line[:ARTICLE_COLS] for line in self.screen.display[1:ROWS - 2])

    def peak_rss_mb(self) -> float | None:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return None

    def close(self) -> None:
        try:
            self.send("q")
            self.proc.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        try:
            os.close(self.master)
        except OSError:
            pass


def run_once(tree: Path, cache: Path, home: Path, probe: str, keys: str, limit: float = 180.0) -> dict:
    home = Path(tempfile.mkdtemp(prefix="home.", dir=home.parent))  # fresh: no reading position to resume
    env = dict(os.environ, PYTHONPATH=str(tree), XDG_CACHE_HOME=str(cache), HOME=str(home),
               XDG_CONFIG_HOME=str(home / ".config"), TERM="xterm-256color")
    env.pop("NEWSREADER_CONFIG", None)
    env.pop("TEXTUAL", None)
    term = Terminal([sys.executable, "-m", "tui.cli"], env, tree)
    out: dict = {}
    next_key = None
    sent = 0
    latencies: list[float] = []
    waiting: tuple[float, str] | None = None  # (sent at, article area before) for j/k
    def step(timeout: float) -> bool:
        """Feed one chunk and look at the screen; False when no chunk came."""
        nonlocal waiting, next_key
        t = term.pump(timeout)
        if t is None:
            return False
        screen = term.text()
        if "text" not in out and probe in screen:
            out["text"] = t
            if keys in ("n10", "hold", "j"):
                next_key = term.now()
        if "text" in out and "panels" not in out and (QUOTE_ROW.search(screen) or STATUS_DONE.search(screen)):
            out["panels"] = t
        if waiting is not None and t >= waiting[0] and term.article_area() != waiting[1]:
            latencies.append(t - waiting[0])
            waiting = None
        return True

    try:
        while True:
            step(0.01)
            now = term.now()
            if now > limit:
                raise RuntimeError(f"no panels after {limit} s")
            if waiting is not None and now - waiting[0] > 1.0:
                latencies.append(1.0)  # no visible scroll within a second
                waiting = None
            if next_key is not None and now >= next_key:
                if keys == "n10":
                    term.send("n")
                    sent += 1
                    next_key = now + 0.1 if sent < 10 else None
                elif keys == "hold":
                    term.send("n")
                    sent += 1
                    next_key = now + 0.05 if "panels" not in out else None
                elif keys == "j" and waiting is None:
                    while step(0):  # the emulator catches up: the snapshot is the screen as it is now
                        pass
                    before = term.article_area()
                    term.send("j" if sent % 2 == 0 else "k")
                    waiting = (term.now(), before)
                    sent += 1
                    next_key = now + 0.15 if "panels" not in out or sent < 3 else None
            if "panels" in out and next_key is None and waiting is None:
                break
        settle = time.perf_counter() + 0.3
        while time.perf_counter() < settle:
            term.pump(0.02)
        out["rss_mb"] = term.peak_rss_mb()
        out["keys_sent"] = sent
        if latencies:
            out["j_ms"] = [round(x * 1000, 1) for x in latencies]
    finally:
        term.close()
    return out


def med(values: list[float]) -> str:
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tree", action="append", default=[], metavar="NAME=PATH",
                    help="a checkout to run (repeatable; default: this one as 'new')")
    ap.add_argument("--scenarios", default="cold,cold-n10,cold-hold,cold-j,cached,cached-n10")
    args = ap.parse_args()
    trees = [(n, Path(p).resolve()) for n, p in (t.split("=", 1) for t in args.tree)] or [("new", ROOT)]
    scenarios = args.scenarios.split(",")
    probe = sample_probe()
    work = Path(tempfile.mkdtemp(prefix="bench_startup."))
    results: dict[tuple[str, str], list[dict]] = {}
    try:
        cached_dirs = {}
        for name, tree in trees:  # fill one cache per tree (the code hash differs)
            cached_dirs[name] = work / f"cache-{name}"
            run_once(tree, cached_dirs[name], work / "home", probe, "")
        for i in range(args.runs):
            for scenario in scenarios:
                kind, _, keys = scenario.partition("-")
                for name, tree in trees:
                    if kind == "cold":
                        cache = work / f"cold-{name}-{i}-{scenario}"
                    else:
                        cache = cached_dirs[name]
                    try:
                        r = run_once(tree, cache, work / "home", probe, keys)
                    except RuntimeError as exc:
                        print(f"run {i + 1} {scenario:10} {name:4} failed: {exc}", flush=True)
                        continue
                    results.setdefault((name, scenario), []).append(r)
                    if kind == "cold":
                        shutil.rmtree(cache, ignore_errors=True)
                    print(f"run {i + 1} {scenario:10} {name:4} text {r['text']:.2f} s  panels {r['panels']:.2f} s"
                          + (f"  rss {r['rss_mb']:.0f} MB" if r.get("rss_mb") else "")
                          + (f"  j {r['j_ms']}" if r.get("j_ms") else ""), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nmedian (min–max) of {args.runs} runs, seconds from process start; load average "
          f"{os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs")
    print(f"{'scenario':12} {'tree':5} {'text':>20} {'panels':>20} {'UI peak RSS MB':>16} {'j latency ms':>24}")
    for (name, scenario), rs in results.items():
        js = [x for r in rs for x in r.get("j_ms", [])]
        jtxt = f"{statistics.median(js):.0f} (max {max(js):.0f}, n={len(js)})" if js else "–"
        rss = [r["rss_mb"] for r in rs if r.get("rss_mb")]
        print(f"{scenario:12} {name:5} {med([r['text'] for r in rs]):>20} {med([r['panels'] for r in rs]):>20} "
              f"{(f'{statistics.median(rss):.0f}' if rss else '–'):>16} {jtxt:>24}")


if __name__ == "__main__":
    main()
