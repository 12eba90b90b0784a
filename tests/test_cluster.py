"""``extract --out DIR --scheduler ADDRESS`` on a real Dask LocalCluster (processes, 2 workers).

Skipped when the ``dask`` extra is not installed (`.ci/run` installs it)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest

distributed = pytest.importorskip("distributed")

import tui.archive as archive  # noqa: E402
from tui.archive import MANIFEST, run_archive  # noqa: E402

from .test_archive import ARTICLES, make_tree, records  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    import logging

    c = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                 silence_logs=logging.ERROR)
    yield c
    c.close()


def _many(n):
    return {f"art{i:02d}.txt": ARTICLES["a.txt"].replace("Ann Lee", f"Ann Lee{i}") for i in range(n)}


def test_same_records_as_a_local_run(tmp_path, settings, cluster):
    src = make_tree(tmp_path / "news")
    (src / "bad.txt").write_bytes(b"\x00\x01binary")
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert run_archive([str(src)], settings, local, progress=False) == 1
    assert run_archive([str(src)], settings, remote, scheduler=cluster.scheduler_address, progress=False) == 1
    key = lambda r: r["path"]  # noqa: E731 - results arrive in completion order on a cluster
    assert sorted(records(local), key=key) == sorted(records(remote), key=key)
    for rec in records(remote):
        if rec["status"] == "done":
            assert (local / rec["out"]).read_bytes() == (remote / rec["out"]).read_bytes()
        else:
            assert rec["path"].endswith("bad.txt") and "binary" in rec["reason"]


def test_a_killed_worker_loses_no_article(tmp_path, settings, cluster, monkeypatch):
    src = make_tree(tmp_path / "news", _many(12))
    out = tmp_path / "out"
    monkeypatch.setattr(archive, "BATCH", 1)
    client = distributed.Client(cluster)
    killed = []

    def kill_one_worker_when_work_starts():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            if (out / MANIFEST).exists() and (out / MANIFEST).read_text().count("\n") >= 1:
                pids = client.run(os.getpid)
                pid = sorted(pids.values())[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            time.sleep(0.05)

    t = threading.Thread(target=kill_one_worker_when_work_starts)
    t.start()
    try:
        code = run_archive([str(src)], settings, out, scheduler=cluster.scheduler_address, progress=False)
    finally:
        t.join()
        client.close()
    assert killed, "no worker was killed: the run ended before the first article"
    assert code == 0
    done = [r["path"] for r in records(out) if r["status"] == "done"]
    assert len(done) == 12 and len(set(done)) == 12  # every article, each once
    for r in records(out):
        assert json.loads((out / r["out"]).read_text())["path"] == r["path"]


def test_local_scheduler_starts_and_closes_its_own_cluster(tmp_path, settings, capsys):
    src = make_tree(tmp_path / "news", {"a.txt": ARTICLES["a.txt"]})
    out = tmp_path / "out"
    assert run_archive([str(src)], settings, out, scheduler="local", jobs=1, progress=True) == 0
    assert "Dask dashboard: http" in capsys.readouterr().err
    assert [r["status"] for r in records(out)] == ["done"]
