"""The sources table and quote lists as text table, JSON, CSV and Markdown.

Article text and file names are data: control characters (ANSI/OSC escapes) become visible
symbols in every format, and Markdown syntax in them is escaped.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from ..textsafe import one_line
from .query import GENDER_WORDS, KINDS, Corpus, QuoteRow, SourceRow

FORMATS = ("table", "json", "csv", "markdown")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def safe(s: object) -> str:
    """Text on one line (whitespace runs as one space), through the one sanitiser: controls, bidi
    overrides and non-UTF-8 bytes as visible symbols."""
    return one_line(" ".join(str(s if s is not None else "").split()))


def md(s: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", safe(s))


def gender_line(corpus: Corpus) -> str:
    """"People 120: 21 % women, 54 % men, 25 % unknown · their quotes: …"."""
    g = corpus.gender_share()
    n = sum(g.values())
    q = corpus.gender_quote_share()
    nq = sum(q.values())
    if not n:
        return "People 0"

    def pct(part: int, whole: int) -> str:
        return f"{100 * part / whole:.0f} %" if whole else "–"

    return (f"People {n}: {pct(g['f'], n)} women, {pct(g['m'], n)} men, {pct(g['unknown'], n)} unknown"
            f" · their quotes: {pct(q['f'], nq)} / {pct(q['m'], nq)} / {pct(q['unknown'], nq)}")


SOURCE_COLUMNS = ("name", "label", "quotes", "direct", "mixed", "indirect", "articles", "first", "last",
                  "outlets", "gender", "aliases")
QUOTE_COLUMNS = ("source", "date", "outlet", "title", "path", "quote", "kind", "start", "end", "content")


def source_cells(s: SourceRow) -> list[str]:
    return [s.name, s.label or "-", str(s.quotes), *(str(s.kinds.get(k, 0)) for k in KINDS), str(len(s.articles)),
            s.first or "", s.last or "", "; ".join(o for o, _ in s.outlets.most_common()), GENDER_WORDS[s.gender],
            "; ".join(s.aliases)]


def quote_cells(q: QuoteRow) -> list[str]:
    return [q.source, q.date or "", q.outlet or "", q.title or "", q.path, q.qid, q.kind, str(q.start), str(q.end),
            q.content]


def _table(header: tuple[str, ...], rows: list[list[str]], widths: dict[str, int]) -> str:
    cells = [[safe(c) for c in r] for r in rows]
    w = []
    for i, h in enumerate(header):
        longest = max([len(h)] + [len(r[i]) for r in cells])
        w.append(min(longest, widths.get(h, 40)))

    def fit(text: str, width: int) -> str:
        return text if len(text) <= width else text[: max(0, width - 1)] + "…"

    lines = ["  ".join(h.ljust(w[i]) for i, h in enumerate(header)).rstrip()]
    for r in cells:
        lines.append("  ".join(fit(c, w[i]).ljust(w[i]) for i, c in enumerate(r)).rstrip())
    return "\n".join(lines) + "\n"


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(header)
    for r in rows:
        out.writerow([safe(c) for c in r])
    return buf.getvalue()


def _markdown(title: str, header: tuple[str, ...], rows: list[list[str]], intro: str = "") -> str:
    out = [f"# {md(title)}", ""]
    if intro:
        out += [md(intro), ""]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "|".join("---:" if h in ("quotes", "direct", "mixed", "indirect", "articles", "start", "end")
                               else "---" for h in header) + "|")
    for r in rows:
        out.append("| " + " | ".join(md(c) for c in r) + " |")
    return "\n".join(out) + "\n"


def render_sources(corpus: Corpus, sources: list[SourceRow], fmt: str) -> str:
    rows = [source_cells(s) for s in sources]
    if fmt == "json":
        return json.dumps({"articles": len(corpus.articles), "quotes": corpus.quotes,
                           "unattributed": corpus.unattributed,
                           "gender": {GENDER_WORDS[k]: n for k, n in corpus.gender_share().items()},
                           "sources": [s.to_json() for s in sources]}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(SOURCE_COLUMNS, rows)
    if fmt == "markdown":
        intro = (f"{len(corpus.articles)} articles, {corpus.quotes} quotes ({corpus.unattributed} without a "
                 f"speaker). {gender_line(corpus)}")
        return _markdown("Sources", SOURCE_COLUMNS, rows, intro)
    return _table(SOURCE_COLUMNS, rows, {"name": 28, "outlets": 24, "aliases": 40, "label": 8})


def render_quotes(quotes: list[QuoteRow], fmt: str, title: str = "Quotes") -> str:
    rows = [quote_cells(q) for q in quotes]
    if fmt == "json":
        return json.dumps([q.to_json() for q in quotes], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(QUOTE_COLUMNS, rows)
    if fmt == "markdown":
        return _markdown(title, QUOTE_COLUMNS, rows)
    short = [[r[0], r[1], r[2], Path(r[4]).name, r[6], f"{r[7]}-{r[8]}", r[9]] for r in rows]
    return _table(("source", "date", "outlet", "file", "kind", "offsets", "content"), short,
                  {"source": 24, "outlet": 14, "file": 36, "content": 80})
