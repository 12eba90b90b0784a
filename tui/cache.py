"""The analysis cache: one JSON file per analysis, paid once.

Key: sha256 of the text + pipeline name and version + a hash of the analysis-relevant settings
and of the analysis code. Writes are atomic (temp file + rename), so two instances at once never
leave a partial entry; a corrupt entry is ignored and rebuilt; a folder that cannot be written
degrades to no cache with one warning. Reading an entry never imports spaCy.
"""

from __future__ import annotations

import hashlib
import warnings
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .config import Settings
from .fsutil import write_atomic
from .model import Analysis, ContractError


# What an entry depends on besides the text and settings: the analysis package (every module,
# recursively) and the contract. Article loading is left out (``get`` takes meta and path from the
# loader), and so are the app, the CLI and the cache itself.
CODE_PATHS = ("analysis", "model.py")


def code_hash(root: Path, paths: tuple[str, ...] = CODE_PATHS) -> str:
    """A hash of the ``.py`` files under ``paths`` of ``root`` (folders recursively, names included)."""
    h = hashlib.sha256()
    files: list[Path] = []
    for name in paths:
        path = root / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    for path in files:
        try:
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
        except OSError:
            pass
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def _code_hash() -> str:
    """The analysis code's hash, once per process: new rules, new entries."""
    return code_hash(Path(__file__).resolve().parent)


@lru_cache(maxsize=8)
def installed_pipeline(names: tuple[str, ...]) -> tuple[str, str] | None:
    """The first of ``names`` installed (name, version), read from package metadata without spaCy."""
    for name in names:
        for dist in (name, name.replace("_", "-")):
            try:
                return name, metadata.version(dist)
            except metadata.PackageNotFoundError:
                continue
    return None


@lru_cache(maxsize=1)
def _spacy_version() -> str:
    try:
        return metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return "none"


# An entry holds the text once in "text" and again in its spans (mentions, quotes, evidence),
# up to 6 bytes a character (``\\u001b``): a file far larger than that is not one of ours and is
# not parsed (a crafted 45 MB entry would cost seconds and gigabytes).
MAX_ENTRY_FACTOR = 32


class AnalysisCache:
    def __init__(self, settings: Settings, folder: Path | None = None, enabled: bool = True) -> None:
        self.settings = settings
        self.folder = Path(folder) if folder is not None else settings.cache.folder()
        self.enabled = enabled and settings.cache.enabled
        self.warning: str | None = None
        self._fingerprint: str | None = None

    def _warn(self, message: str) -> None:
        """One warning: a line on the CLI's stderr, and ``warning`` for the reader to show once
        (it clears it)."""
        self.warning = message
        warnings.warn(message, RuntimeWarning, stacklevel=3)

    def _disable(self, why: str) -> None:
        if self.enabled:
            self.enabled = False
            self._warn(f"analysis cache disabled: {why}")

    def key(self, text: str) -> str | None:
        pipe = installed_pipeline(tuple(self.settings.pipeline.names))
        if pipe is None:
            return None
        if self._fingerprint is None:
            self._fingerprint = self.settings.analysis_fingerprint()
        h = hashlib.sha256()
        for part in (text, pipe[0], pipe[1], _spacy_version(), self._fingerprint, _code_hash()):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, text: str, path: str | None = None, meta: dict | None = None) -> Analysis | None:
        if not self.enabled:
            return None
        key = self.key(text)
        if key is None:
            return None
        p = self._path(key)
        try:
            if p.stat().st_size > MAX_ENTRY_FACTOR * (len(text) + 16384):
                raise ContractError("far larger than an analysis of this text")
            raw = p.read_text(encoding="utf-8")
            a = Analysis.loads(raw)
            if a.text != text:
                raise ContractError("its text is not the article's")
        except FileNotFoundError:
            return None
        except OSError:
            return None  # unreadable: left alone, the analysis is simply recomputed
        except (ContractError, UnicodeDecodeError) as exc:
            # Corrupt, partial or crafted: never trusted. Dropped and rebuilt, with one warning.
            why = str(exc).splitlines()[0][:120] if str(exc) else exc.__class__.__name__
            self._warn(f"cache entry {p} is invalid ({why}): discarded, the analysis is rebuilt")
            try:
                p.unlink()
            except OSError:
                pass
            return None
        if path is not None:
            a.path = path
        if meta is not None:
            a.meta = dict(meta)
        return a

    def put(self, analysis: Analysis) -> None:
        if not self.enabled:
            return
        key = self.key(analysis.text)
        if key is None:
            return
        p = self._path(key)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(p, analysis.dumps())
        except OSError as exc:
            self._disable(f"{self.folder}: {exc.strerror or exc}")
