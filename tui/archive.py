"""``newsreader extract PATH... --out DIR``: one analysis file per article, resumable, nothing lost.

The output folder mirrors the input: ``DIR/<input name>/<path inside it>.json`` for a folder given as
input and ``DIR/<file name>.json`` for a file, each the JSON contract of one article, written atomically.
``DIR/manifest.jsonl`` gets one line per article and run, appended and flushed as each result
arrives: ``{"path", "out", "status": "done"|"failed"|"skipped", "sha256", "fingerprint", "reason"}``.

A rerun skips every article whose last ``done`` line has the same file hash (sha256 of its bytes)
and pipeline fingerprint (pipeline, spaCy version, analysis settings and analysis code, as the cache
key) and whose output file is still there; everything else is analysed again. So a run stopped by
Ctrl-C, a full disk or a lost machine is finished by running the same command again.

The work itself is done by ``tui.batch.analyse_batch`` (one batch of paths in, one result per path out), in this
process (``--jobs 1``), in a local process pool (``--jobs N``) or on a Dask cluster (``--scheduler``,
``tui.cluster``); this module only plans, writes and records, in this process, so each article's
output and manifest line are written exactly once whatever the executor retried.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .articles import ArticleError, expand_paths, list_articles
from .config import Settings
from .extract import _err, _Progress
from .fsutil import write_atomic
from .batch import analyse_batch

EXIT_OK, EXIT_SOME_FAILED, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
MANIFEST = "manifest.jsonl"
BATCH = 16  # articles per task: one nlp.pipe call each


@dataclass(slots=True)
class Item:
    """One input article: where it is, where its analysis goes (relative to DIR), its file hash."""

    path: str
    out: str
    sha256: str = ""


def pipeline_fingerprint(settings: Settings) -> str:
    """What an output depends on besides the text: the cache key's parts, hashed (no spaCy import)."""
    from .cache import _code_hash, _spacy_version, installed_pipeline

    pipe = installed_pipeline(tuple(settings.pipeline.names)) or ("none", "none")
    parts = (*pipe, _spacy_version(), settings.analysis_fingerprint(), _code_hash())
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def _walk(root: Path) -> Iterator[Path | ArticleError]:
    """The supported files of a folder tree, depth first in name order; hidden entries and
    symbolic links to folders are not entered (no loops), an unreadable folder is one error."""
    try:
        yield from list_articles(root)
        subs = sorted((e for e in os.scandir(root) if not e.name.startswith(".")), key=lambda e: e.name)
    except ArticleError as exc:
        yield exc
        return
    except OSError as exc:
        yield ArticleError(f"{root}: cannot list folder ({exc.strerror or exc})")
        return
    for e in subs:
        try:
            is_dir = e.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            yield from _walk(Path(e.path))


def plan(paths: list[str], out_dir: Path) -> tuple[list[Item], list[ArticleError]]:
    """The articles under ``paths`` (folders walked recursively) with their output names, and the
    inputs that are errors (a missing path, an empty tree, two inputs with one output name)."""
    items: list[Item] = []
    errors: list[ArticleError] = []
    seen: dict[str, str] = {}
    for raw in paths:
        root = Path(raw)
        found_any = False
        for found in (_walk(root) if root.is_dir() else expand_paths([raw])):
            if isinstance(found, ArticleError):
                errors.append(found)
                continue
            found_any = True
            rel = Path(root.resolve().name or "input") / found.relative_to(root) if root.is_dir() else Path(found.name)
            out = rel.as_posix() + ".json"
            if out in seen and seen[out] != str(found):
                errors.append(ArticleError(f"{found}: its output {out} is already taken by {seen[out]}"))
                continue
            if out not in seen:
                seen[out] = str(found)
                items.append(Item(str(found), out))
        if root.is_dir() and not found_any:
            errors.append(ArticleError(f"{root}: no articles here (.txt, .md, .html)"))
    return items, errors


def file_hash(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_manifest(out_dir: Path) -> dict[str, dict]:
    """The last record of each path in DIR/manifest.jsonl (a torn last line is ignored)."""
    last: dict[str, dict] = {}
    try:
        with open(out_dir / MANIFEST, encoding="utf-8") as f:
            for line in f:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if isinstance(rec, dict) and isinstance(rec.get("path"), str):
                    if rec.get("status") != "skipped":  # a skip says nothing new about the output
                        last[rec["path"]] = rec
    except FileNotFoundError:
        pass
    return last


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: no traceback per worker


def run_local(settings: Settings, batches: list[list[str]], jobs: int, use_cache: bool = True) -> Iterator[list[dict]]:
    """Results batch by batch, in this process (``jobs == 1``) or in ``jobs`` processes."""
    sj = settings.model_dump_json()
    if jobs <= 1:
        for b in batches:
            yield analyse_batch(sj, b, use_cache)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
    try:
        pending = set()
        queue = iter(batches)
        for b in queue:  # a bounded window of batches in flight, not the whole archive at once
            pending.add(pool.submit(analyse_batch, sj, b, use_cache))
            if len(pending) >= 2 * jobs:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                nxt = next(queue, None)
                if nxt is not None:
                    pending.add(pool.submit(analyse_batch, sj, nxt, use_cache))
                yield fut.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        for p in list((getattr(pool, "_processes", None) or {}).values()):
            if p.is_alive():
                p.terminate()


# ---------------------------------------------------------------------------------------------
# The run: plan, skip what is done, write what arrives.




def run_archive(paths: list[str], settings: Settings, out_dir: str | Path, *, jobs: int = 1,
                scheduler: str | None = None, use_cache: bool = True, progress: bool = True) -> int:
    """Analyse ``paths`` into ``out_dir``; 0 all done, 1 some articles failed, 130 interrupted."""
    out = Path(out_dir)
    if scheduler is not None:
        from .cluster import require_dask

        require_dask()  # before any work: the one-line install hint, exit 2
    try:
        out.mkdir(parents=True, exist_ok=True)
        manifest = open(out / MANIFEST, "a", encoding="utf-8")
    except OSError as exc:
        raise ArticleError(f"{out}: cannot write the output folder ({exc.strerror or exc})") from exc
    with manifest:
        return _run(paths, settings, out, manifest, jobs, scheduler, use_cache, progress)


def _run(paths, settings, out, manifest, jobs, scheduler, use_cache, progress) -> int:
    fp = pipeline_fingerprint(settings)
    done_before = read_manifest(out)

    def record(item: Item, status: str, reason: str | None = None) -> None:
        rec = {"path": item.path, "out": item.out, "status": status, "sha256": item.sha256, "fingerprint": fp}
        if reason:
            rec["reason"] = reason
        manifest.write(json.dumps(rec) + "\n")  # ASCII escapes: any file name round-trips
        manifest.flush()

    items, errors = plan(paths, out)
    failed = 0
    for exc in errors:
        _err(str(exc))
        failed += 1
    todo: list[Item] = []
    skipped = 0
    for it in items:
        try:
            it.sha256 = file_hash(it.path)
        except OSError as exc:
            _err(f"{it.path}: {exc.strerror or exc}")
            record(it, "failed", f"{it.path}: {exc.strerror or exc}")
            failed += 1
            continue
        prev = done_before.get(it.path)
        if (prev and prev.get("status") == "done" and prev.get("sha256") == it.sha256
                and prev.get("fingerprint") == fp and (out / it.out).is_file()):
            record(it, "skipped")
            skipped += 1
        else:
            todo.append(it)
    by_path = {it.path: it for it in todo}
    batches = [[it.path for it in todo[i:i + BATCH]] for i in range(0, len(todo), BATCH)]
    bar = _Progress(len(todo), min_total=1) if progress and todo else None
    done = 0
    if scheduler is not None and todo:
        from .cluster import run_dask

        results = run_dask(settings, batches, scheduler, jobs, use_cache)
    else:
        results = run_local(settings, batches, jobs, use_cache)
    try:
        for batch in results:
            for res in batch:
                it = by_path[res["path"]]
                if "error" in res:
                    _err(res["error"])
                    record(it, "failed", res["error"])
                    failed += 1
                    continue
                try:
                    target = out / it.out
                    target.parent.mkdir(parents=True, exist_ok=True)
                    write_atomic(target, json.dumps(res["analysis"], ensure_ascii=False, indent=1) + "\n")
                except (OSError, UnicodeEncodeError) as exc:
                    reason = f"{it.path}: cannot write {it.out}: {getattr(exc, 'strerror', None) or exc}"
                    _err(reason)
                    record(it, "failed", reason)
                    failed += 1
                    continue
                record(it, "done")
                done += 1
            if bar:
                bar.step(len(batch))
    except KeyboardInterrupt:
        close = getattr(results, "close", None)
        if close:
            close()
        if bar:
            bar.close()
        _err(f"interrupted: {done} written, {skipped} already done; run the same command again to finish")
        return EXIT_INTERRUPTED
    if bar:
        bar.close()
    if progress:
        print(f"newsreader: {done} written, {skipped} already done, {failed} failed -> {out}",
              file=sys.stderr, flush=True)
    if failed:
        return EXIT_SOME_FAILED if (done or skipped) else EXIT_ERROR
    return EXIT_OK
