"""Loading articles: .txt and .md (the text is the file, offsets are standoff), .html via trafilatura.

Every failure is an ``ArticleError`` with a one-line message naming the file.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
HEADER_KEYS = ("title", "date", "author", "source", "url")

_HEADER_KEY = re.compile(r"(title|date|author|source|url)(?=[\s:=])", re.IGNORECASE)
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class ArticleError(Exception):
    """An article cannot be loaded (one-line message that names the file)."""


@dataclass(slots=True)
class Article:
    path: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.name


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def list_articles(folder: str | os.PathLike) -> list[Path]:
    """The supported files directly in ``folder``, sorted by name (unreadable entries skipped)."""
    folder = Path(folder)
    out = []
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        raise ArticleError(f"{folder}: cannot list folder ({exc.strerror or exc})") from None
    for e in entries:
        if e.name.startswith("."):
            continue
        try:
            if e.is_file() and is_supported(Path(e.name)):
                out.append(Path(e.path))
        except OSError:
            continue
    return sorted(out, key=lambda p: p.name)


def probe(path: str | os.PathLike) -> os.stat_result:
    """``os.stat(path)``, or an ArticleError naming the path: missing, a broken link or a link
    loop, a name too long for the file system (``Path.exists`` raises on that one), a NUL byte."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        try:
            os.lstat(path)
        except OSError:
            raise ArticleError(f"{path}: no such file or folder") from None
        raise ArticleError(f"{path}: broken symbolic link (its target is missing or a link loop)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ArticleError(f"{path}: cannot read (broken symbolic link: a link loop)") from None
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except ValueError:  # an embedded NUL byte
        raise ArticleError(f"{path}: not a valid file name") from None


def expand_paths(paths: list[str | os.PathLike]) -> list[Path | ArticleError]:
    """Files as given, folders expanded to their supported files (sorted). Missing paths become errors."""
    out: list[Path | ArticleError] = []
    for raw in paths:
        p = Path(raw)
        try:
            st = probe(p)
        except ArticleError as exc:
            out.append(exc)
            continue
        if stat.S_ISDIR(st.st_mode):
            try:
                found = list_articles(p)
            except ArticleError as exc:
                out.append(exc)
                continue
            # An empty folder is an input error, not silent success with nothing printed.
            out.extend(found or [ArticleError(f"{p}: no articles here (.txt, .md, .html)")])
        else:
            out.append(p)
    return out


# ---------------------------------------------------------------------------------------------


def _decode(data: bytes, path: Path) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise ArticleError(f"{path}: not UTF-8 and its encoding could not be detected")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise ArticleError(f"{path}: not UTF-8 and not decodable as {best.encoding}") from None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 has NUL bytes
    if b"\x00" in head:
        return True
    if not head:
        return False
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl / len(head) > 0.10


def normalise_date(value: str) -> str | None:
    m = _DATE.search((value or "")[:200])  # a date is written near the start of its value
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


_FRONT_KEY = re.compile(r"[A-Za-z_][\w-]*")


def _header_line(line: str) -> tuple[str, str] | None:
    """``title: x``, ``date 2021-12-31``, ``url = …``: (key, value) or None.

    No regex over the value: a lazy ``(\\S.*?)\\s*$`` retried the trailing-space match at every
    character, so a line with 60,000 spaces took seconds (loading is linear in the file size)."""
    s = line.strip()
    m = _HEADER_KEY.match(s)
    if m is None:
        return None
    rest = s[m.end():]
    after = rest.lstrip()
    if after[:1] in (":", "=") and after[1:2].isspace():
        after = after[1:].lstrip()
    elif not rest[:1].isspace():
        return None  # `title:x`: a separator needs a space after it
    return (m.group(1).lower(), after) if after else None


def _front_line(line: str) -> tuple[str, str] | None:
    """A front-matter ``key: value`` line: (key, value stripped) or None (linear, as above)."""
    s = line.strip()
    m = _FRONT_KEY.match(s)
    if m is None:
        return None
    rest = s[m.end():].lstrip()
    if not rest.startswith(":"):
        return None
    return m.group(), rest[1:].strip()


def _front_matter(text: str) -> tuple[dict[str, Any], int] | None:
    """A Markdown-style YAML front matter block (``---`` … ``---``): the known keys of its
    ``key: value`` lines, and the offset after the closing line; None when there is none."""
    lines = text.splitlines(keepends=True)
    pos = 0
    i = 0
    while i < len(lines) and not lines[i].strip():
        pos += len(lines[i])
        i += 1
    if i >= len(lines) or lines[i].strip() != "---":
        return None
    pos += len(lines[i])
    meta: dict[str, Any] = {}
    for line in lines[i + 1 : i + 200]:
        pos += len(line)
        if line.strip() in ("---", "..."):
            return (meta, pos) if meta else None
        m = _front_line(line)
        if not m and line.strip() and not line.startswith((" ", "\t", "-", "#")):
            return None  # prose between two rules, not front matter
        if m and m[0].lower() in HEADER_KEYS and m[0].lower() not in meta:
            key, value = m[0].lower(), m[1].strip("\"'").strip()
            if value:
                meta[key] = (normalise_date(value) or value) if key == "date" else value
    return None


def parse_header(text: str) -> tuple[dict[str, Any], int]:
    """Read a leading header of known keys (``date 2021-12-31``, ``title: ...``).

    Returns the metadata and the offset where the body starts. Blank lines before and inside the
    header are allowed; the header ends at the first line that is not a known key. A front matter
    block between ``---`` lines (Markdown) is a header too: its known keys are read, the rest is
    skipped.
    """
    front = _front_matter(text)
    if front is not None:
        return front
    meta: dict[str, Any] = {}
    pos = 0
    body = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if not stripped:
            pos += len(line)
            continue
        m = _header_line(line)
        if not m or m[0] in meta:
            break
        key, value = m
        meta[key] = normalise_date(value) if key == "date" else value
        if key == "date" and meta[key] is None:
            meta[key] = value  # keep what was written rather than lose it
        pos += len(line)
        body = pos
    return meta, body


def _first_line(text: str, start: int = 0) -> str | None:
    for line in text[start:].splitlines():
        s = line.strip().lstrip("#").strip()
        if s:
            return s if len(s) <= 120 else s[:117].rstrip() + "…"
    return None


def _load_html(data: bytes, path: Path) -> Article:
    import trafilatura

    raw = _decode(data, path)
    try:
        text = trafilatura.extract(raw, include_comments=False, include_tables=False, favor_precision=True)
        md = trafilatura.extract_metadata(raw)
    except Exception as exc:  # trafilatura raises many kinds on odd markup
        raise ArticleError(f"{path}: cannot extract the article from HTML ({exc.__class__.__name__})") from None
    if not text:
        raise ArticleError(f"{path}: no article text found in the HTML")
    meta: dict[str, Any] = {}
    if md is not None:
        for key in ("title", "author", "url", "sitename", "date", "description"):
            val = getattr(md, key, None)
            if val:
                meta["source" if key == "sitename" else key] = str(val)
    meta["date"] = normalise_date(meta.get("date", "")) if meta.get("date") else None
    meta.setdefault("title", _first_line(text))
    meta["format"] = "html"
    return Article(str(path), text, meta)


def load_article(path: str | os.PathLike, *, max_mb: float = 20) -> Article:
    """Load one article. Raises ArticleError with a one-line message."""
    path = Path(path)
    suffix = path.suffix.lower()
    st = probe(path)
    if stat.S_ISDIR(st.st_mode):
        raise ArticleError(f"{path}: is a folder, not an article")
    if not stat.S_ISREG(st.st_mode):
        # A FIFO, socket or device would block the read (or never end): refuse it.
        raise ArticleError(f"{path}: not a regular file (a pipe, socket or device), not an article")
    size = st.st_size
    if size > max_mb * 1024 * 1024:
        raise ArticleError(f"{path}: too large ({size / 1048576:.1f} MB; the limit is articles.max_mb = {max_mb:g})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if _looks_binary(data):
        raise ArticleError(f"{path}: looks like a binary file, not an article")
    if suffix in HTML_SUFFIXES:
        return _load_html(data, path)
    text = _decode(data, path)
    if "\x00" in text:
        raise ArticleError(f"{path}: looks like a binary file, not an article")
    meta, body = parse_header(text)
    if "title" not in meta:
        meta["title"] = _first_line(text, body)
    meta.setdefault("date", None)
    meta["format"] = "markdown" if suffix in (".md", ".markdown") else "text"
    return Article(str(path), text, meta)


def article_from_text(text: str, path: str = "<text>") -> Article:
    """An article from a string (tests, stdin)."""
    meta, body = parse_header(text)
    meta.setdefault("title", _first_line(text, body))
    meta.setdefault("date", None)
    return Article(path, text, meta)
