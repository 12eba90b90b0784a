"""The analysis worker process: spaCy runs there, never in the reader's process.

The reader starts one worker (``python -m tui.worker``) on its first cache miss and keeps it warm
for the session, so switching articles costs a parse, not a spaCy load, and spaCy's import, load
and parse never hold the reader's interpreter lock. They speak JSON lines over the worker's
stdin/stdout (plain JSON, nothing that runs code):

    request   {"id": 1, "settings": {...Settings as JSON...}, "cache": true,
               "article": {"path": str, "text": str, "meta": {...}}}
    answer    {"id": 1, "ok": true, "analysis": {...the JSON contract...}, "warning": str|null}
              {"id": 1, "ok": false, "error": "one line"}

The worker writes the cache entry itself (same settings, same folder, atomic writes). It ends
when its stdin closes (the reader quit or died). On the reader's side ``AnalysisWorker`` starts
it, restarts it when it died (``WorkerDied``) and kills it when an answer takes longer than the
limit (``WorkerTimeout``). The worker's stderr goes to a temp file, never to the terminal the
reader draws on; its last line is quoted when it dies.

This module imports neither spaCy nor Textual at import time; ``main`` (the worker's side)
imports ``tui.analysis`` (spaCy) and runs only in the worker process.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from .articles import Article
from .config import Settings
from .model import Analysis, ContractError
from .textsafe import json_dumps

ROOT = Path(__file__).resolve().parent.parent


class WorkerError(Exception):
    """The worker could not answer (one-line message)."""


class WorkerDied(WorkerError):
    """The worker process ended before it answered."""


class WorkerTimeout(WorkerError):
    """The worker took longer than the limit; it was killed."""


class AnalysisWorker:
    """One analysis worker process, started on first use and kept for the session.

    ``analyze`` is blocking and thread-safe (one request at a time). ``analyzer`` names a
    ``module:function`` the worker calls instead of ``tui.analysis.analyze`` (tests)."""

    def __init__(self, settings: Settings, *, analyzer: str | None = None) -> None:
        self.settings = settings
        self.analyzer = analyzer
        self._settings_json: dict | None = None  # made on first use, after the first frame
        self._proc: subprocess.Popen | None = None
        self._stderr = None
        self._buf = bytearray()
        self._next_id = 0
        self._lock = threading.Lock()
        self.starts = 0  # processes started so far (a restart counts)
        self.closed = False

    # -- the process ---------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        """Start the process unless it runs (returns at once; spaCy loads in the background)."""
        if self.alive():
            return
        if self.closed:
            raise WorkerError("the reader is closing")
        self._cleanup()
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")  # this checkout's tui
        cmd = [sys.executable, "-m", "tui.worker"]
        if self.analyzer:
            cmd += ["--analyzer", self.analyzer]
        self._stderr = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                                      env=env, cwd=str(ROOT), start_new_session=True)
        self._buf = bytearray()
        self.starts += 1

    def _cleanup(self) -> None:
        if self._proc is not None:
            for f in (self._proc.stdin, self._proc.stdout):
                try:
                    if f is not None:
                        f.close()
                except OSError:
                    pass
            self._proc = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def last_error_line(self) -> str:
        """The last line the worker wrote on stderr (for a report when it died)."""
        if self._stderr is None:
            return ""
        try:
            self._stderr.seek(0)
            lines = [ln for ln in self._stderr.read().decode("utf-8", "replace").splitlines() if ln.strip()]
        except (OSError, ValueError):
            return ""
        return lines[-1][:200] if lines else ""

    def kill(self) -> None:
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass

    def close(self, wait: float = 0.5) -> None:
        """End the worker for good: close its stdin (it exits), kill it if it is still busy."""
        self.closed = True
        proc = self._proc
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            self.kill()
        self._cleanup()

    # -- one request -----------------------------------------------------------------------
    def analyze(self, article: Article, *, use_cache: bool = True,
                timeout: float | None = None) -> tuple[Analysis, str | None]:
        """Send ``article``, wait for its analysis: (analysis, cache warning or None).

        Raises ``WorkerDied`` (the process ended; the next call starts a new one),
        ``WorkerTimeout`` (no answer within ``timeout`` s; the process is killed) or
        ``WorkerError`` (the analysis itself failed, with the worker's one-line reason)."""
        with self._lock:
            self.start()
            proc = self._proc
            assert proc is not None and proc.stdin is not None
            self._next_id += 1
            rid = self._next_id
            if self._settings_json is None:
                self._settings_json = self.settings.model_dump(mode="json")
            request = {"id": rid, "settings": self._settings_json, "cache": use_cache,
                       "article": {"path": article.path, "text": article.text, "meta": article.meta}}
            # ASCII escapes: a file name that is not UTF-8 (lone surrogates) travels exactly.
            line = json.dumps(request, ensure_ascii=True, default=str).encode("ascii") + b"\n"
            try:
                proc.stdin.write(line)
                proc.stdin.flush()
            except (BrokenPipeError, OSError):
                raise self._died() from None
            answer = self._read_answer(rid, timeout)
        if not answer.get("ok"):
            raise WorkerError(str(answer.get("error") or "unknown error"))
        try:
            analysis = Analysis.from_json(answer["analysis"])
        except (KeyError, ContractError) as exc:
            raise WorkerError(f"the worker sent an invalid analysis ({exc})") from None
        analysis.path = article.path  # the JSON has a non-UTF-8 name's bytes as U+FFFD
        return analysis, answer.get("warning")

    def _died(self) -> WorkerDied:
        proc = self._proc
        code = proc.wait() if proc is not None else None
        why = self.last_error_line()
        self._cleanup()
        msg = f"the analysis worker stopped (exit status {code})"
        return WorkerDied(msg + (f": {why}" if why else ""))

    def _read_answer(self, rid: int, timeout: float | None) -> dict[str, Any]:
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        fd = proc.stdout.fileno()
        deadline = None if timeout is None else time.monotonic() + timeout
        buf = self._buf
        scanned = 0  # no newline before this offset of buf
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while True:
                nl = buf.find(b"\n", scanned)
                if nl >= 0:
                    raw = bytes(buf[:nl])
                    del buf[:nl + 1]
                    scanned = 0
                    try:
                        answer = json.loads(raw)
                    except ValueError:
                        continue  # not ours (a stray print in the worker): skip it
                    if isinstance(answer, dict) and answer.get("id") == rid:
                        return answer
                    continue  # an answer to a request nobody waits for any more
                scanned = len(buf)
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    self.kill()
                    self._cleanup()
                    raise WorkerTimeout(f"the analysis took longer than {timeout:g} s; its worker was stopped")
                try:
                    if not sel.select(left):
                        continue
                    chunk = os.read(fd, 1 << 20)
                except (OSError, ValueError):  # closed under us: the reader is quitting
                    raise WorkerDied("the analysis worker was stopped") from None
                if not chunk:
                    raise self._died()
                buf += chunk  # a bytearray grows in place: a 10 MB answer in 64 kB reads stays linear


# -- the worker's side --------------------------------------------------------------------------


def _load_analyzer(spec: str | None):
    if not spec:
        from .analysis import analyze  # spaCy: imported here, in the worker process only

        return analyze
    import importlib

    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def serve(stdin, stdout, analyzer_spec: str | None = None) -> None:
    """Answer requests from ``stdin`` (binary) on ``stdout`` until stdin closes."""
    analyze = _load_analyzer(analyzer_spec)
    settings_memo: dict[str, Settings] = {}
    caches: dict[str, Any] = {}
    for raw in stdin:
        if not raw.strip():
            continue
        rid = None
        try:
            req = json.loads(raw)
            rid = req.get("id")
            key = json.dumps(req["settings"], sort_keys=True)
            settings = settings_memo.get(key)
            if settings is None:
                settings = settings_memo[key] = Settings.model_validate(req["settings"])
            a = req["article"]
            article = Article(str(a["path"]), str(a["text"]), dict(a.get("meta") or {}))
            analysis = analyze(article, settings)
            warning = None
            if req.get("cache", True):
                from .cache import AnalysisCache

                cache = caches.get(key)
                if cache is None:
                    cache = caches[key] = AnalysisCache(settings, enabled=True)
                cache.put(analysis)
                warning = cache.warning
                cache.warning = None  # reported once
            answer = {"id": rid, "ok": True, "analysis": analysis.to_json(), "warning": warning}
        except Exception as exc:  # noqa: BLE001 - one bad request never ends the worker
            msg = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            answer = {"id": rid, "ok": False, "error": msg}
        stdout.write(json_dumps(answer).encode("utf-8") + b"\n")  # lone surrogates escaped
        stdout.flush()


def main(argv: list[str] | None = None) -> int:
    import argparse
    import warnings

    p = argparse.ArgumentParser(prog="python -m tui.worker", description=__doc__.splitlines()[0])
    p.add_argument("--analyzer", metavar="MODULE:FUNCTION", help="analyse with this function (tests)")
    args = p.parse_args(argv)
    warnings.simplefilter("ignore")  # the reader owns the terminal; warnings would go to a temp file anyway
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() in analysis code must not break the protocol
    try:
        serve(sys.stdin.buffer, out, args.analyzer)
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
