"""Flagged quotes, kept across runs and articles in ``flags.json`` under the user data dir.
Plain Python, no Textual.

A flag is keyed by the article's text (its sha256, ``userdata.text_key``) and the character
spans of the quote's content, never by quote ids or cache entries: a cache rebuild gives the
same text and the same spans, so flags survive it; an analysis that moved a boundary a little
finds its flag again by overlap (the flag is re-anchored). When the file at a flag's path now
holds a different text, the flag is dropped (``reconcile``) and the caller says so.

A flag also stores what the Flagged screen and the exports show (title, outlet, date, speaker,
kind, the words, the citation), so listing flags never loads an article.

Every change reads the file, applies itself and writes the file atomically, so two readers
flagging at once lose nothing but a change made in the same instant.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable

from .citation import cite, quote_text, speaker_label
from .model import Analysis, Quote
from .userdata import JsonFile, path_key

FILE_NAME = "flags.json"
Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Flag:
    article: str  # sha256 of the article's text
    path: str  # where the article was when flagged (absolute)
    spans: Spans  # the quote's content spans
    kind: str
    speaker: str
    text: str
    title: str
    source: str | None = None
    date: str | None = None
    citation: str = ""
    flagged: float = 0.0  # time.time() when flagged

    @property
    def key(self) -> tuple[str, Spans]:
        return (self.article, self.spans)

    @property
    def start(self) -> int:
        return self.spans[0][0] if self.spans else 0

    @property
    def end(self) -> int:
        return self.spans[-1][1] if self.spans else 0

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["spans"] = [list(s) for s in self.spans]
        return d

    @classmethod
    def from_json(cls, d: Any) -> "Flag | None":
        """A flag from the file, or None for an entry that is not one (skipped, never fatal)."""
        try:
            spans = tuple((int(s), int(e)) for s, e in d["spans"])
            if not spans or any(e < s or s < 0 for s, e in spans):
                return None
            return cls(article=str(d["article"]), path=str(d["path"]), spans=spans, kind=str(d.get("kind", "")),
                       speaker=str(d.get("speaker", "")), text=str(d.get("text", "")), title=str(d.get("title", "")),
                       source=None if d.get("source") is None else str(d["source"]),
                       date=None if d.get("date") is None else str(d["date"]),
                       citation=str(d.get("citation", "")), flagged=float(d.get("flagged", 0.0)))
        except (KeyError, TypeError, ValueError):
            return None


def spans_of(q: Quote) -> Spans:
    return tuple((s.start, s.end) for s in q.content)


def make_flag(analysis: Analysis, q: Quote, article: str) -> Flag:
    """The flag of quote ``q`` of ``analysis`` (whose text has the key ``article``)."""
    meta = analysis.meta
    return Flag(article=article, path=path_key(analysis.path), spans=spans_of(q), kind=q.kind,
                speaker=speaker_label(q, analysis), text=quote_text(q),
                title=str(meta.get("title") or Path(analysis.path).name),
                source=str(meta["source"]) if meta.get("source") else None,
                date=str(meta["date"]) if meta.get("date") else None,
                citation=cite(q, analysis), flagged=time.time())


def _overlap(a: Spans, b: Spans) -> float:
    """Jaccard overlap of two sets of character spans."""
    inter = 0
    for s1, e1 in a:
        for s2, e2 in b:
            inter += max(0, min(e1, e2) - max(s1, s2))
    union = sum(e - s for s, e in a) + sum(e - s for s, e in b) - inter
    return inter / union if union > 0 else 0.0


def match_quotes(flags: Iterable[Flag], quotes: list[Quote]) -> dict[int, Flag]:
    """Quote index -> its flag: the quote with exactly the flag's spans, else the quote that
    overlaps it most (Jaccard >= 0.5). A flag that matches no quote is left out."""
    by_spans = {spans_of(q): i for i, q in enumerate(quotes)}
    out: dict[int, Flag] = {}
    loose = []
    for f in flags:
        i = by_spans.get(f.spans)
        if i is not None:
            out[i] = f
        else:
            loose.append(f)
    for f in loose:
        best, best_i = 0.5, None
        for i, q in enumerate(quotes):
            if i in out or q.end <= f.start or q.start >= f.end:
                continue
            o = _overlap(f.spans, spans_of(q))
            if o >= best:
                best, best_i = o, i
        if best_i is not None:
            out[best_i] = f
    return out


class FlagStore:
    """``flags.json`` in ``folder``; every method reads the file afresh."""

    def __init__(self, folder: Path) -> None:
        self.file = JsonFile(Path(folder) / FILE_NAME)

    @property
    def warning(self) -> str | None:
        return self.file.warning

    def all(self) -> list[Flag]:
        """Every flag, newest first."""
        data = self.file.read()
        raw = data.get("flags")
        flags = [f for f in (Flag.from_json(d) for d in raw) if f is not None] if isinstance(raw, list) else []
        seen: set = set()
        unique = []
        for f in flags:
            if f.key not in seen:
                seen.add(f.key)
                unique.append(f)
        unique.sort(key=lambda f: -f.flagged)
        return unique

    def _write(self, flags: list[Flag]) -> bool:
        return self.file.write({"flags": [f.to_json() for f in flags]})

    def for_article(self, article: str) -> list[Flag]:
        return [f for f in self.all() if f.article == article]

    def toggle(self, flag: Flag, current: Flag | None = None) -> bool | None:
        """Flag ``flag``, or unflag it when it (or ``current``, the stored flag it matched) is
        there. True: now flagged; False: unflagged; None: the file could not be written."""
        flags = self.all()
        gone = {flag.key} | ({current.key} if current is not None else set())
        kept = [f for f in flags if f.key not in gone]
        now = len(kept) == len(flags)
        if now:
            kept.insert(0, flag)
        return now if self._write(kept) else None

    def remove(self, keys: Iterable[tuple[str, Spans]]) -> int | None:
        """Remove flags by key; how many went (None when the file could not be written)."""
        keys = set(keys)
        flags = self.all()
        kept = [f for f in flags if f.key not in keys]
        if len(kept) == len(flags):
            return 0
        return len(flags) - len(kept) if self._write(kept) else None

    def reconcile(self, path: str, article: str, quotes: list[Quote]) -> tuple[dict[int, Flag], list[Flag]]:
        """The article at ``path`` now has the text ``article`` and these quotes: drop the flags
        made on another text at this path, re-anchor the flags of this text whose quote moved a
        little. Returns (quote index -> flag, the dropped flags)."""
        path = path_key(path)
        flags = self.all()
        dropped = [f for f in flags if f.path == path and f.article != article]
        mine = [f for f in flags if f.article == article]
        matched = match_quotes(mine, quotes)
        moved = {}
        for i, f in matched.items():
            want = spans_of(quotes[i])
            if f.spans != want or f.path != path:
                moved[f.key] = Flag(**{**asdict(f), "spans": want, "path": path})
        if dropped or moved:
            gone = {f.key for f in dropped}
            kept = [moved.get(f.key, f) for f in flags if f.key not in gone]
            self._write(kept)
            matched = {i: moved.get(f.key, f) for i, f in matched.items()}
        return matched, dropped
