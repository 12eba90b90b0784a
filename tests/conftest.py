"""Shared fixtures. Every test runs with the user's own config and cache out of reach."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "000_c9b0f2e6cc37c3c2.txt"
SHARED = ROOT.parent / "shared"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev"


@pytest.fixture(autouse=True)
def _isolate_user_files(tmp_path_factory, monkeypatch):
    """Point HOME/XDG dirs at a temp folder and drop $NEWSREADER_CONFIG."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("NEWSREADER_CONFIG", raising=False)
    yield


@pytest.fixture(scope="session")
def settings():
    from tui.config import default_settings

    return default_settings()


@pytest.fixture(scope="session")
def nlp(settings):
    from tui.analysis import get_nlp

    return get_nlp(settings)


@pytest.fixture(scope="session")
def analyse(nlp, settings):
    """analyse(text) -> Analysis, with the real pipeline (loaded once per session), the learned
    boundaries off: the construct tests pin what the rules and the learned pass find; the
    boundary CRF, which relabels their contents the way PolNeAR draws them, has its own tests
    (test_quote_crf.py, with ``analyse_default``)."""
    from tui.analysis import analyze
    from tui.articles import article_from_text

    no_crf = settings.model_copy(update={"quotes": settings.quotes.model_copy(update={"boundaries": None})})

    def run(text: str):
        return analyze(article_from_text(text), no_crf, nlp=nlp)

    return run


@pytest.fixture(scope="session")
def analyse_default(nlp, settings):
    """analyse(text) -> Analysis with the default settings, learned boundaries included."""
    from tui.analysis import analyze
    from tui.articles import article_from_text

    def run(text: str):
        return analyze(article_from_text(text), settings, nlp=nlp)

    return run


@pytest.fixture(scope="session")
def analyse_rules(nlp, settings):
    """analyse(text) with the hand-written quote rules only (the learned passes off): for the
    unit tests of the rules."""
    from tui.analysis import analyze
    from tui.articles import article_from_text

    off = {"model": None, "boundaries": None}  # no learned pass, no learned boundaries
    rules_only = settings.model_copy(update={"quotes": settings.quotes.model_copy(update=off)})

    def run(text: str):
        return analyze(article_from_text(text), rules_only, nlp=nlp)

    return run


@pytest.fixture(scope="session")
def sample_analysis(nlp, settings):
    from tui.analysis import analyze
    from tui.articles import load_article

    return analyze(load_article(SAMPLE), settings, nlp=nlp)


def env_without_user_config(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NEWSREADER_CONFIG", None)
    env["HOME"] = str(tmp_path)
    env["XDG_CONFIG_HOME"] = str(tmp_path / ".config")
    env["XDG_CACHE_HOME"] = str(tmp_path / ".cache")
    env["XDG_DATA_HOME"] = str(tmp_path / ".local" / "share")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")  # this checkout's code
    return env


def run_cli(args, tmp_path: Path, cwd: Path | None = None, **kw):
    """``newsreader ARGS`` as a user runs it: a subprocess of this checkout's code, with the
    user's config and cache pointed at ``tmp_path``."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env_without_user_config(tmp_path), timeout=300, **kw)
