"""``--scheduler ADDRESS|local``: the batches of ``tui.archive`` run on a Dask cluster.

Imported only when a scheduler is asked for (Dask is the optional extra ``newsreader[dask]``).
Each task is one batch of article *paths* (the workers read the files themselves, so the input must
be on a file system every worker sees); the settings travel as a small JSON string, and each worker
process loads the spaCy pipeline once (``tui.batch._NLP``). A bounded window of batches is in
flight, never the whole archive as one graph. A worker that dies has its tasks rescheduled on the
others by the scheduler; results come back to this process, which alone writes them, so each
article is written once.
"""

from __future__ import annotations

import logging
import sys
from typing import Iterator

from .articles import ArticleError
from .config import Settings

INSTALL_HINT = "--scheduler needs Dask: pip install 'newsreader[dask]'"
IN_FLIGHT_PER_WORKER = 3  # batches queued per worker thread


def require_dask() -> None:
    """Raise the one-line install hint (exit 2 in the CLI) when distributed is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ArticleError(INSTALL_HINT) from exc


def connect(scheduler: str, jobs: int):
    """A Client on ``scheduler`` (an address such as tcp://host:8786), or on a new LocalCluster of
    ``jobs`` single-threaded worker processes for ``local``. Returns (client, cluster or None)."""
    from distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout="20s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise ArticleError(f"{scheduler}: cannot reach the Dask scheduler ({exc})") from exc


def run_dask(settings: Settings, batches: list[list[str]], scheduler: str, jobs: int,
             use_cache: bool = True) -> Iterator[list[dict]]:
    """Results batch by batch as they complete on the cluster; closing the generator (Ctrl-C)
    cancels what is still queued and closes a cluster this run started."""
    from distributed import as_completed

    from .batch import analyse_batch

    client, cluster = connect(scheduler, jobs)
    try:
        link = client.dashboard_link
        if link:
            print(f"newsreader: Dask dashboard: {link}", file=sys.stderr, flush=True)
        sj = settings.model_dump_json()
        threads = sum(client.nthreads().values()) or 1
        window = max(2, IN_FLIGHT_PER_WORKER * threads)
        queue = iter(batches)

        def submit(batch: list[str]):
            # pure=False: a rerun of the same batch is new work; retries: a task whose worker died
            # more often than the scheduler's own allowance is tried again before it counts as failed
            return client.submit(analyse_batch, sj, batch, use_cache, pure=False, retries=2)

        futures = {}
        for batch in queue:
            futures[submit(batch)] = batch
            if len(futures) >= window:
                break
        pending = as_completed(list(futures))
        for fut in pending:
            batch = futures.pop(fut)
            nxt = next(queue, None)
            if nxt is not None:
                new = submit(nxt)
                futures[new] = nxt
                pending.add(new)
            try:
                yield fut.result()
            except Exception as exc:  # noqa: BLE001 - the batch is lost, not the run
                yield [{"path": p, "error": f"{p}: failed on the cluster: {exc}"} for p in batch]
    finally:
        try:
            client.cancel(list(futures))
        except Exception:  # noqa: BLE001 - closing down anyway
            pass
        client.close()
        if cluster is not None:
            cluster.close()
