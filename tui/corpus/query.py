"""Questions over the index: the sources of a selection of articles, a source's quotes, full-text
search of quote contents, quotes per day. Reads SQLite, merges people with ``people``; no UI."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from ..analysis.aliases import clean_name, key
from ..config import CONFIG_DIR, ConfigError, Settings, load_lexicon
from .people import EntityRow, Source, description_gender, merge_people, name_words
from .store import CorpusIndex

KINDS = ("direct", "mixed", "indirect")
GENDER_WORDS = {"f": "female", "m": "male", None: "unknown", "unknown": "unknown"}


@dataclass(slots=True)
class SourceRow:
    """One row of the sources table."""

    id: int
    name: str
    label: str  # PERSON, ORG, … or "" for a speaker described but not named ("a source")
    aliases: list[str] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    articles: set[int] = field(default_factory=set)
    first: str | None = None
    last: str | None = None
    outlets: Counter = field(default_factory=Counter)
    gender: str | None = None
    refs: dict[tuple[int, str | None, str | None], int] = field(default_factory=dict)  # (article, entity, text) -> quotes
    members: list[tuple[int, str]] = field(default_factory=list)  # (article id, entity id) merged here

    @property
    def quotes(self) -> int:
        return sum(self.kinds.values())

    def to_json(self) -> dict:
        return {"name": self.name, "label": self.label or None, "aliases": list(self.aliases),
                "quotes": {"total": self.quotes, **{k: self.kinds.get(k, 0) for k in KINDS}},
                "articles": len(self.articles), "first_date": self.first, "last_date": self.last,
                "outlets": [o for o, _ in self.outlets.most_common()],
                "gender": GENDER_WORDS[self.gender]}


@dataclass(slots=True)
class QuoteRow:
    """One quote with its article."""

    id: int
    source: str
    path: str
    title: str | None
    date: str | None
    outlet: str | None
    ord: int
    qid: str
    kind: str
    start: int
    end: int
    spans: list[tuple[int, int]]
    content: str
    cue: str | None = None
    speaker_text: str | None = None

    def to_json(self) -> dict:
        return {"source": self.source, "path": self.path, "title": self.title, "date": self.date,
                "outlet": self.outlet, "quote": self.qid, "kind": self.kind, "start": self.start, "end": self.end,
                "spans": [list(s) for s in self.spans], "content": self.content, "cue": self.cue,
                "speaker": self.speaker_text}


@dataclass
class Corpus:
    """The sources of a selection of articles, merged across them."""

    sources: list[SourceRow]
    articles: dict[int, tuple[str, str | None, str | None, str | None]]  # id -> path, title, date, outlet
    quotes: int
    unattributed: int
    source_of: dict[tuple[int, str | None, str | None], int]  # (article, entity id, described text) -> source id

    def quote_article_ids(self, source: SourceRow) -> list[int]:
        """The article of each quote of ``source``."""
        return [ref[0] for ref, n in source.refs.items() for _ in range(n)]

    def by_id(self, source_id: int) -> SourceRow | None:
        for s in self.sources:
            if s.id == source_id:
                return s
        return None

    def gender_share(self) -> dict[str, int]:
        """People (PERSON sources) by gender: {"f": n, "m": n, "unknown": n}."""
        c = Counter(s.gender or "unknown" for s in self.sources if s.label == "PERSON")
        return {"f": c["f"], "m": c["m"], "unknown": c["unknown"]}

    def gender_quote_share(self) -> dict[str, int]:
        c: Counter = Counter()
        for s in self.sources:
            if s.label == "PERSON":
                c[s.gender or "unknown"] += s.quotes
        return {"f": c["f"], "m": c["m"], "unknown": c["unknown"]}


def _lexicon(settings: Settings, name: str) -> dict:
    try:
        return load_lexicon(settings, name) or {}
    except ConfigError:
        return {}


@dataclass(frozen=True)
class NameLists:
    honorifics: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]
    alias_index: dict

    def gender_of_words(self, text: str) -> str | None:
        """The gender a described speaker's gendered title says ("a spokeswoman" -> "f")."""
        return description_gender(text, self.male, self.female)

    @classmethod
    def from_settings(cls, settings: Settings) -> "NameLists":
        t = _lexicon(settings, "titles")
        nat = _lexicon(settings, "nationalities")
        alias_index: dict[str, str] = {}
        for canon, variants in (nat.get("country_aliases") or {}).items():
            alias_index[key(str(canon))] = str(canon)
            for v in variants or []:
                alias_index[key(str(v))] = str(canon)
        hons = tuple(str(w).lower() for w in (t.get("honorifics") or []) + (t.get("titles") or []))
        return cls(hons, tuple(str(w) for w in t.get("male") or []), tuple(str(w) for w in t.get("female") or []),
                   alias_index)


@lru_cache(maxsize=1)
def not_sources() -> frozenset[str]:
    """Speaker words that name nobody (``config/lexicons/sources.yaml``)."""
    import yaml

    try:
        data = yaml.safe_load((CONFIG_DIR / "lexicons" / "sources.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return frozenset()
    return frozenset(str(w).lower() for w in data.get("not_sources") or [])


@lru_cache(maxsize=1)
def first_name_gender_lookup():
    """The packaged first-name gender list, when the analysis has one (else None)."""
    for mod, attr in (("tui.analysis.firstnames", "first_name_gender"), ("tui.firstnames", "first_name_gender")):
        try:
            m = __import__(mod, fromlist=[attr])
            return getattr(m, attr)
        except (ImportError, AttributeError):
            continue
    return None


def _select(index: CorpusIndex, paths: Iterable[str] | None) -> dict:
    con = index.connection()
    con.execute("CREATE TEMP TABLE IF NOT EXISTS sel(path TEXT PRIMARY KEY)")
    con.execute("CREATE TEMP TABLE IF NOT EXISTS sel_ids(id INTEGER PRIMARY KEY)")
    con.execute("DELETE FROM sel")
    con.execute("DELETE FROM sel_ids")
    cols = "a.id, a.path, a.title, a.date, a.outlet, a.sha256"
    if paths is None:
        sql = f"SELECT {cols} FROM articles a"
    else:
        con.executemany("INSERT OR IGNORE INTO sel(path) VALUES (?)", [(p,) for p in paths])
        sql = f"SELECT {cols} FROM articles a JOIN sel ON sel.path = a.path"
    arts = {r[0]: r[1:] for r in con.execute(sql)}
    con.executemany("INSERT INTO sel_ids(id) VALUES (?)", [(i,) for i in arts])
    return arts


MERGES_KEPT = 16


def _merge_key(arts: dict, names: "NameLists", first_names: bool) -> str:
    h = hashlib.sha256(repr((names.honorifics, sorted(names.alias_index.items()), first_names)).encode())
    for aid in sorted(arts):
        h.update(f"{aid}:{arts[aid][4]};".encode())
    return h.hexdigest()


def _load_merge(data: str) -> tuple[list[Source], dict[tuple[int, str], int]]:
    sources, member_of = [], {}
    for sid, name, label, aliases, gender, members in json.loads(data):
        src = Source(sid, name, label, [(a, e) for a, e in members], list(aliases), gender)
        sources.append(src)
        for a, e in members:
            member_of[(a, e)] = sid
    return sources, member_of


def _store_merge(index: CorpusIndex, key_: str, sources: list[Source], speakers: set) -> None:
    """Keep the merge of the quoted sources (a cache: a failure to write is no error)."""
    keep = [[s.id, s.name, s.label, s.aliases, s.gender, s.members] for s in sources
            if any(m in speakers for m in s.members)]
    con = index.connection()
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT OR REPLACE INTO merges(key, data, used_at) VALUES (?, ?, ?)",
                    (key_, json.dumps(keep, ensure_ascii=False), time.time()))
        con.execute("DELETE FROM merges WHERE key NOT IN (SELECT key FROM merges ORDER BY used_at DESC LIMIT ?)",
                    (MERGES_KEPT,))
        con.execute("COMMIT")
    except sqlite3.Error:
        if con.in_transaction:
            con.execute("ROLLBACK")


def _in_window(date: str | None, since: str | None, until: str | None) -> bool:
    if not since and not until:
        return True
    return bool(date) and (not since or date >= since) and (not until or date <= until)


def load_corpus(index: CorpusIndex, settings: Settings, paths: Iterable[str] | None = None, *,
                since: str | None = None, until: str | None = None, names: NameLists | None = None) -> Corpus:
    """The sources of the indexed articles among ``paths`` (every indexed article when None),
    dated within ``since``..``until`` (ISO dates; an undated article is left out by either)."""
    names = names or NameLists.from_settings(settings)
    first_names = first_name_gender_lookup()
    con = index.connection()
    con.execute("BEGIN")  # one snapshot while a build writes
    try:
        arts = _select(index, paths)
        # One row per article, speaker and kind (not per quote): the counts are all a table needs.
        quotes = con.execute(
            "SELECT q.article_id, q.speaker_eid, CASE WHEN q.speaker_eid IS NULL THEN q.speaker_text END,"
            " q.kind, count(*) FROM quotes q JOIN sel_ids s ON s.id = q.article_id GROUP BY 1, 2, 3, 4").fetchall()
        mkey = _merge_key(arts, names, first_names is not None)
        cached = con.execute("SELECT data FROM merges WHERE key = ?", (mkey,)).fetchone()
        ents = [] if cached is not None else con.execute(
            "SELECT e.article_id, e.eid, e.name, e.label, e.gender, e.aliases FROM entities e"
            " JOIN sel_ids s ON s.id = e.article_id WHERE e.label = 'PERSON' OR EXISTS"
            " (SELECT 1 FROM quotes q WHERE q.article_id = e.article_id AND q.speaker_eid = e.eid)").fetchall()
    finally:
        con.execute("COMMIT")
    # People are merged over every article given (a "Trump" of the week is the "Donald Trump" of
    # the month); the dates only choose the quotes counted.
    if cached is not None:
        merged, member_of = _load_merge(cached[0])
    else:
        rows = [EntityRow(a, e, n, lab, g, tuple(_json_list(al))) for a, e, n, lab, g, al in ents]
        merged, member_of = merge_people(rows, honorifics=names.honorifics, alias_index=names.alias_index,
                                         first_name_gender=first_names)
        _store_merge(index, mkey, merged, {(q[0], q[1]) for q in quotes if q[1] is not None})
    arts = {a: v[:4] for a, v in arts.items() if _in_window(v[2], since, until)}
    quotes = [q for q in quotes if q[0] in arts]
    sources: dict[int, SourceRow] = {}
    described: dict[str, SourceRow] = {}
    source_of: dict[tuple[int, str | None, str | None], int] = {}
    unattributed = total = 0
    by_src: dict[int, Source] = {s.id: s for s in merged}
    next_id = len(merged)
    nobody = not_sources()
    for aid, eid, stext, kind, n in quotes:
        total += n
        row: SourceRow | None = None
        if eid is not None and (aid, eid) in member_of:
            sid = member_of[(aid, eid)]
            row = sources.get(sid)
            if row is None:
                s = by_src[sid]
                row = sources[sid] = SourceRow(sid, s.name, s.label, list(s.aliases), gender=s.gender,
                                               members=list(s.members))
        elif eid is None and stext and (shown := clean_name(stext)) and shown.lower() not in nobody:
            k = " ".join(name_words(stext))
            row = described.get(k)
            if row is None:
                row = described[k] = SourceRow(next_id, shown, "", gender=names.gender_of_words(stext))
                sources[next_id] = row
                next_id += 1
            elif shown != row.name and shown not in row.aliases:
                row.aliases.append(shown)
        if row is None:
            unattributed += n
            continue
        row.kinds[kind] += n
        ref = (aid, eid, stext)
        row.refs[ref] = row.refs.get(ref, 0) + n
        source_of[ref] = row.id
        if aid not in row.articles:
            row.articles.add(aid)
            _, _, date, outlet = arts[aid]
            if date:
                row.first = date if row.first is None or date < row.first else row.first
                row.last = date if row.last is None or date > row.last else row.last
            if outlet:
                row.outlets[outlet] += 1
    listed = sorted(sources.values(), key=lambda s: (-s.quotes, s.name.lower()))
    return Corpus(listed, arts, total, unattributed, source_of)


def _json_list(raw: str | None) -> list[str]:
    try:
        v = json.loads(raw or "[]")
    except ValueError:
        return []
    return [str(x) for x in v] if isinstance(v, list) else []


def matches(source: SourceRow, name: str) -> bool:
    """Does ``name`` name this source: its name or an alias, or words of its name ("Trump")?"""
    k = key(name)
    if not k:
        return False
    if any(key(n) == k for n in (source.name, *source.aliases)):
        return True
    want = name_words(name)
    for n in (source.name, *source.aliases):
        have = name_words(n)
        if want and any(have[i:i + len(want)] == want for i in range(len(have) - len(want) + 1)):
            return True
    return False


def find_sources(corpus: Corpus, name: str) -> list[SourceRow]:
    """The sources ``name`` names, most quoted first."""
    return [s for s in corpus.sources if matches(s, name)]


_QUOTE_COLS = 'id, article_id, ord, qid, kind, start, "end", spans, content, cue, speaker_text, speaker_eid'


def quotes_of(index: CorpusIndex, corpus: Corpus, source: SourceRow) -> list[QuoteRow]:
    """The quotes of ``source``, by date, article and position."""
    con = index.connection()
    rows = []
    for aid, eid, stext in source.refs:
        if eid is not None:
            rows += con.execute(f"SELECT {_QUOTE_COLS} FROM quotes WHERE article_id = ? AND speaker_eid = ?",
                                (aid, eid)).fetchall()
        else:
            rows += con.execute(f"SELECT {_QUOTE_COLS} FROM quotes WHERE article_id = ? AND speaker_eid IS NULL"
                                " AND speaker_text = ?", (aid, stext)).fetchall()
    out = _quote_rows(corpus, rows)
    out.sort(key=lambda q: (q.date or "9999", q.path, q.start))
    return out


def _quote_rows(corpus: Corpus, rows: list) -> list[QuoteRow]:
    names = {s.id: s.name for s in corpus.sources}
    out: list[QuoteRow] = []
    for r in rows:
        art = corpus.articles.get(r[1])
        if art is None:
            continue
        ref = (r[1], r[11], r[10] if r[11] is None else None)
        spans = [tuple(x) for x in json.loads(r[7])]
        out.append(QuoteRow(r[0], names.get(corpus.source_of.get(ref, -1), ""), art[0], art[1], art[2], art[3],
                            r[2], r[3], r[4], r[5], r[6], spans, r[8], r[9], r[10]))
    return out


def fts_query(text: str) -> str:
    """User text as an FTS5 query: every word must occur (each quoted, so no syntax error);
    "a phrase in double quotes" must occur as written."""
    parts: list[str] = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text):
        t = phrase if phrase else word
        t = t.replace('"', "")
        if t.strip():
            parts.append('"' + t.strip() + '"')
    return " ".join(parts)


def search(index: CorpusIndex, corpus: Corpus, text: str, limit: int | None = None) -> list[QuoteRow]:
    """Quotes of the corpus whose content matches ``text`` (full-text: every word, any order)."""
    q = fts_query(text)
    if not q:
        return []
    con = index.connection()
    ids = [qid for qid, aid in con.execute(
        "SELECT f.rowid, q.article_id FROM quotes_fts f JOIN quotes q ON q.id = f.rowid"
        " WHERE quotes_fts MATCH ? ORDER BY f.rank", (q,)) if aid in corpus.articles]
    if limit is not None:
        ids = ids[:limit]
    rows = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows += con.execute(f"SELECT {_QUOTE_COLS} FROM quotes WHERE id IN ({','.join('?' * len(chunk))})",
                            chunk).fetchall()
    rank = {qid: i for i, qid in enumerate(ids)}
    rows.sort(key=lambda r: rank[r[0]])
    return _quote_rows(corpus, rows)


def per_day(quotes: Iterable[QuoteRow]) -> list[tuple[str, int]]:
    """Quotes per date (dated quotes only), every day from the first to the last included."""
    from datetime import date, timedelta

    c = Counter(q.date for q in quotes if q.date)
    days = []
    for d in c:
        try:
            days.append(date.fromisoformat(d))
        except ValueError:
            continue
    if not days:
        return []
    first, last = min(days), max(days)
    if (last - first).days > 3660:
        return sorted((d, n) for d, n in c.items())
    out = []
    d = first
    while d <= last:
        out.append((d.isoformat(), c.get(d.isoformat(), 0)))
        d += timedelta(days=1)
    return out


def kinds_text(s: SourceRow) -> str:
    return "/".join(str(s.kinds.get(k, 0)) for k in KINDS)
