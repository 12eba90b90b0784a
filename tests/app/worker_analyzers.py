"""Analysers the worker-process tests hand to ``python -m tui.worker --analyzer``: deterministic,
no spaCy. ``NEWSREADER_TEST_GATE`` names a folder the test and the worker share."""

from __future__ import annotations

import os
import time
from pathlib import Path

from .conftest import fake_analyzer


def fake(article, settings):
    return fake_analyzer(article, settings)


def stall_first(article, settings):
    """The first call (in any worker) writes ``started`` and stalls; later calls answer."""
    gate = Path(os.environ["NEWSREADER_TEST_GATE"])
    started = gate / "started"
    if not started.exists():
        started.write_text(str(os.getpid()))
        time.sleep(60)
    return fake_analyzer(article, settings)


def hang(article, settings):
    (Path(os.environ["NEWSREADER_TEST_GATE"]) / "started").write_text(str(os.getpid()))
    time.sleep(60)
    return fake_analyzer(article, settings)


def fail(article, settings):
    raise ValueError("the pipeline exploded\nsecond line")
