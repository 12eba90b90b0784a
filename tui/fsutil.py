"""File writing shared by the cache and the export: atomic, so a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temp file in the same folder and a rename.

    Two writers at once each rename a complete file; the last one wins. A file that is replaced
    keeps its permission bits. Raises OSError (the temp file is removed).
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode & 0o777  # keep the mode of a file we replace
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        mode = 0o666 & ~mask
    # The temp name is the target's cut short: a legal 255-byte name plus a prefix and a
    # suffix would be too long for the file system.
    stem = os.fsdecode(os.fsencode(path.name)[:120])
    fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
