"""The corpus index file: schema, opening (a corrupt file is rebuilt with one warning) and writes.

One SQLite file, ``corpus.sqlite3`` in the analysis cache folder, holds every indexed article of
every folder (paths are absolute); a query reads the articles of the paths it is given. Each
article is written in one transaction (its old rows deleted, its new ones inserted), so an
interrupted build leaves whole articles only and the next build finishes the job; WAL mode and a
busy timeout let two builds and any number of readers run at once.

Schema (``SCHEMA_VERSION``; a file of another version is emptied and rebuilt):

* ``articles``: path, sha256 of the text, the analysis fingerprint (pipeline, settings, code),
  size and mtime of the file when indexed, title, date, outlet, length;
* ``entities``: per article, the analysis's entities (id, name, label, gender, aliases, titles,
  mention count, salience);
* ``quotes``: per article, each quote (its index in the analysis, id, kind, speaker entity id,
  speaker name and surface text, cue, first and last offset, the content spans as JSON, the
  content text, a score when the analysis gives one); ``quotes_fts`` is an FTS5 table over the
  content with the quote's rowid;
* ``relations``: per article, each relation (type, subject and object ids, predicate, evidence
  offsets, negation, count);
* ``merges``: the people merged for a selection of articles, keyed by the articles' ids and
  text hashes (and the name lists), so asking again about the same folder skips the merging.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import threading
import time
import weakref
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..model import Analysis

SCHEMA_VERSION = "1"
INDEX_NAME = "corpus.sqlite3"
BUSY_TIMEOUT_S = 60.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS info(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    title TEXT,
    date TEXT,
    outlet TEXT,
    n_chars INTEGER NOT NULL,
    indexed_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE TABLE IF NOT EXISTS entities(
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    eid TEXT NOT NULL,
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    gender TEXT,
    aliases TEXT NOT NULL,
    titles TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    salience REAL NOT NULL,
    PRIMARY KEY(article_id, eid));
CREATE TABLE IF NOT EXISTS quotes(
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    qid TEXT NOT NULL,
    kind TEXT NOT NULL,
    speaker_eid TEXT,
    speaker_name TEXT,
    speaker_text TEXT,
    cue TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    spans TEXT NOT NULL,
    content TEXT NOT NULL,
    score REAL);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id, speaker_eid);
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(content, tokenize='unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS relations(
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    rid TEXT NOT NULL,
    type TEXT NOT NULL,
    subject TEXT NOT NULL,
    predicate TEXT NOT NULL,
    object TEXT,
    object_text TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    negated INTEGER NOT NULL,
    count INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS relations_article ON relations(article_id);
CREATE TABLE IF NOT EXISTS merges(key TEXT PRIMARY KEY, data TEXT NOT NULL, used_at REAL NOT NULL);
"""

_TABLES = ("merges", "quotes_fts", "relations", "quotes", "entities", "articles", "info")


class CorpusError(Exception):
    """The index cannot be used (one-line message)."""


def index_path(settings) -> Path:
    """``corpus.sqlite3`` in the analysis cache folder."""
    return Path(settings.cache.folder()) / INDEX_NAME


def is_corrupt(exc: BaseException) -> bool:
    """SQLite's errors for a file that is not (or no longer) a database."""
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, sqlite3.IntegrityError):
        return False
    msg = str(exc).lower()
    return any(w in msg for w in ("malformed", "not a database", "corrupt", "disk image", "file is encrypted"))


@dataclass(frozen=True, slots=True)
class Known:
    """What the index holds about one file."""

    id: int
    sha256: str
    fingerprint: str
    size: int
    mtime_ns: int


class CorpusIndex:
    """The index file (``path``), or one for this run only (``path=None``: ``--no-cache``, tests).

    Every thread gets its own connection. A file that is not a database, or is damaged, is
    removed and rebuilt empty with one warning (``self.warning``); a file of another schema
    version is emptied without one.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = Path(path) if path is not None else None
        self.warning: str | None = None
        self._local = threading.local()
        self._generation = 0
        self._lock = threading.Lock()
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self._warn(f"corpus index kept for this run only: cannot create {self.path.parent}: "
                           f"{exc.strerror or exc}")
                self.path = None
        if self.path is None:
            # An index for this run only is a file in a private temporary folder, removed with the
            # object: SQLite's shared-cache memory databases lock whole tables and do not wait for
            # the busy timeout, so a query beside a build thread failed at once ("table is locked").
            tmp = tempfile.mkdtemp(prefix="newsreader-corpus-")
            self._cleanup = weakref.finalize(self, shutil.rmtree, tmp, True)
            self.path = Path(tmp) / INDEX_NAME
        self._setup()

    # -- connections -------------------------------------------------------------------------
    def _warn(self, message: str) -> None:
        self.warning = message
        warnings.warn(message, RuntimeWarning, stacklevel=3)

    def _raw_connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                              check_same_thread=False)
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        con.execute("PRAGMA foreign_keys = ON")
        try:
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.OperationalError:
            pass  # a file system without shared memory: the default journal still works
        return con

    def connection(self) -> sqlite3.Connection:
        """This thread's connection."""
        con = getattr(self._local, "con", None)
        if con is None or getattr(self._local, "generation", -1) != self._generation:
            con = self._raw_connect()
            self._local.con, self._local.generation = con, self._generation
        return con

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None

    # -- schema, corruption --------------------------------------------------------------------
    def _setup(self) -> None:
        try:
            self._create()
        except sqlite3.DatabaseError as exc:
            if self.path is None or not is_corrupt(exc):
                raise CorpusError(f"{self.path or 'corpus index'}: {exc}") from None
            self.reset(f"{exc}")

    def _create(self) -> None:
        con = self.connection()
        con.execute("BEGIN IMMEDIATE")
        try:
            row = None
            try:
                row = con.execute("SELECT value FROM info WHERE key = 'schema'").fetchone()
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):
                    raise
            if row is not None and row[0] != SCHEMA_VERSION:
                for t in _TABLES:
                    con.execute(f"DROP TABLE IF EXISTS {t}")
                row = None
            for stmt in _SCHEMA.split(";"):
                if stmt.strip():
                    con.execute(stmt)
            if row is None:
                con.execute("INSERT OR REPLACE INTO info(key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise

    def reset(self, why: str) -> None:
        """Remove a damaged index file and start an empty one (one warning)."""
        with self._lock:
            self.close()
            self._generation += 1
            if self.path is not None:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    try:
                        os.unlink(f"{self.path}{suffix}")
                    except OSError:
                        pass
            self._warn(f"corpus index {self.path} was damaged ({why.splitlines()[0]}); rebuilding it")
            self._create()

    # -- reads ----------------------------------------------------------------------------------
    def known(self) -> dict[str, Known]:
        rows = self.connection().execute("SELECT path, id, sha256, fingerprint, size, mtime_ns FROM articles")
        return {p: Known(i, s, f, z, m) for p, i, s, f, z, m in rows}

    def article_count(self) -> int:
        return int(self.connection().execute("SELECT count(*) FROM articles").fetchone()[0])

    # -- writes ---------------------------------------------------------------------------------
    def put(self, analysis: Analysis, *, path: str, sha256: str, fingerprint: str, size: int, mtime_ns: int,
            title: str | None, date: str | None, outlet: str | None) -> int:
        """Replace the rows of ``path`` with ``analysis``, in one transaction. Returns the article id."""
        con = self.connection()
        con.execute("BEGIN IMMEDIATE")
        try:
            _delete(con, [path])
            cur = con.execute(
                "INSERT INTO articles(path, sha256, fingerprint, size, mtime_ns, title, date, outlet, n_chars,"
                " indexed_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (path, sha256, fingerprint, size, mtime_ns, title, date, outlet, len(analysis.text), time.time()))
            aid = int(cur.lastrowid)
            con.executemany(
                "INSERT INTO entities VALUES (?,?,?,?,?,?,?,?,?)",
                [(aid, e.id, e.name, e.label, e.gender, json.dumps(list(e.aliases), ensure_ascii=False),
                  json.dumps(list(e.titles), ensure_ascii=False), len(e.mentions), float(e.salience))
                 for e in analysis.entities])
            for i, q in enumerate(analysis.quotes):
                content = " … ".join(s.text for s in q.content)
                score = getattr(q, "score", None)
                cur = con.execute(
                    'INSERT INTO quotes(article_id, ord, qid, kind, speaker_eid, speaker_name, speaker_text, cue,'
                    ' start, "end", spans, content, score) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
                    (aid, i, q.id, q.kind, q.speaker_entity, q.speaker_name, q.speaker.text if q.speaker else None,
                     q.cue.text if q.cue else None, q.start, q.end, json.dumps([[s.start, s.end] for s in q.content]),
                     content, float(score) if isinstance(score, (int, float)) else None))
                con.execute("INSERT INTO quotes_fts(rowid, content) VALUES (?, ?)", (cur.lastrowid, content))
            con.executemany(
                'INSERT INTO relations VALUES (?,?,?,?,?,?,?,?,?,?,?)',
                [(aid, r.id, r.type, r.subject, r.predicate, r.object, r.object_text, r.evidence.start,
                  r.evidence.end, int(r.negated), int(r.count)) for r in analysis.relations])
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        return aid

    def touch(self, path: str, size: int, mtime_ns: int) -> None:
        """The file changed on disk but not its text: remember its new size and mtime."""
        con = self.connection()
        con.execute("UPDATE articles SET size = ?, mtime_ns = ? WHERE path = ?", (size, mtime_ns, path))

    def remove(self, paths: Iterable[str]) -> int:
        paths = list(paths)
        if not paths:
            return 0
        con = self.connection()
        con.execute("BEGIN IMMEDIATE")
        try:
            n = _delete(con, paths)
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        return n


def _delete(con: sqlite3.Connection, paths: list[str]) -> int:
    n = 0
    for path in paths:
        row = con.execute("SELECT id FROM articles WHERE path = ?", (path,)).fetchone()
        if row is None:
            continue
        con.execute("DELETE FROM quotes_fts WHERE rowid IN (SELECT id FROM quotes WHERE article_id = ?)", (row[0],))
        con.execute("DELETE FROM articles WHERE id = ?", (row[0],))  # entities, quotes, relations cascade
        n += 1
    return n
