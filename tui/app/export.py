"""Export an analysis as JSON (the contract) or Markdown, the quotes of an article as a Markdown
list of citations, the flagged quotes as Markdown or CSV; atomic writes. No Textual here."""

from __future__ import annotations

import csv
import io
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..citation import cite, source_label
from ..flags import Flag
from ..fsutil import write_atomic
from ..model import Analysis
from ..textsafe import one_line

__all__ = ["FLAG_FORMATS", "FORMATS", "Exporter", "analysis_exporter", "default_export_path", "flags_csv",
           "flags_exporter", "flags_markdown", "quotes_markdown", "render", "to_markdown", "write_atomic"]

FORMATS = {"json": ".newsreader.json", "markdown": ".newsreader.md"}


NAME_MAX = 255  # bytes in one file name on the usual file systems


def _fits(name: str, limit: int) -> str:
    """``name`` cut (by characters) to at most ``limit`` bytes in the file-system encoding."""
    while name and len(os.fsencode(name)) > limit:
        name = name[: -max(1, (len(os.fsencode(name)) - limit) // 4)]
    return name


def default_export_path(analysis: Analysis, fmt: str, folder: Path | None = None) -> Path:
    """``<stem>.newsreader.json`` (or ``.md``) in ``folder`` (default: the working directory).

    The stem is the article's, with anything the terminal would act on (controls, bidi marks,
    bytes that are not UTF-8, newlines) turned into ``_`` and cut so the name fits in 255 bytes."""
    stem = Path(analysis.path).stem or "article"
    stem = "".join(c if one_line(c) == c else "_" for c in stem)
    stem = _fits(stem, NAME_MAX - len(FORMATS[fmt].encode())) or "article"
    if folder is None:
        try:
            folder = Path.cwd()
        except OSError:  # the working directory was deleted
            folder = Path.home()
    return folder / f"{stem}{FORMATS[fmt]}"


# Article text is data: control characters, bidi controls and non-UTF-8 bytes go through the
# one sanitiser (they would act on the terminal of whoever prints the file, or reorder a table
# row), and Markdown's inline syntax (``[bold]x[/]``, ``*``, ``<b>``) is escaped so the export
# shows it literally.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def _md_escape(s: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", one_line(" ".join(s.split())))


def to_markdown(a: Analysis) -> str:
    title = a.meta.get("title") or Path(a.path).name
    out = [f"# {_md_escape(str(title))}", ""]
    for key in ("date", "source", "author", "url"):
        if a.meta.get(key):
            out.append(f"- **{key}**: {_md_escape(str(a.meta[key]))}")
    out.append(f"- **file**: {_md_escape(Path(a.path).name)}")
    if a.pipeline:
        out.append(f"- **pipeline**: {_md_escape(', '.join(f'{k} {v}' for k, v in a.pipeline.items()))}")
    out += ["", f"## Entities ({len(a.entities)})", ""]
    if a.entities:
        out += ["| Entity | Label | Mentions | Salience |", "|---|---|---:|---:|"]
        for e in sorted(a.entities, key=lambda e: -e.salience):
            out.append(f"| {_md_escape(e.name)} | {_md_escape(e.label)} | {len(e.mentions)} | {e.salience:.3f} |")
    out += ["", f"## Quotes ({len(a.quotes)})", ""]
    for i, q in enumerate(a.quotes, 1):
        speaker = q.speaker_name or (q.speaker.text if q.speaker else "unknown speaker")
        cue = f", {q.cue.text}" if q.cue else ""
        content = " … ".join(_md_escape(s.text) for s in q.content)
        out.append(f"{i}. **{_md_escape(speaker)}** ({q.kind}{_md_escape(cue)}): “{content}”")
    out += ["", f"## Relations ({len(a.relations)})", ""]
    for r in a.relations:
        subj = a.entity(r.subject)
        obj = a.entity(r.object)
        pred = ("not " if r.negated else "") + r.predicate
        obj_name = obj.name if obj else (r.object_text or "")
        line = f"- {r.type}: **{_md_escape(subj.name if subj else r.subject)}** — {_md_escape(pred)}"
        if obj_name:
            line += f" — **{_md_escape(obj_name)}**"
        line += f" (“{_md_escape(r.evidence.text)}”)"
        out.append(line)
    return "\n".join(out) + "\n"


def render(a: Analysis, fmt: str) -> str:
    return a.dumps(indent=2) + "\n" if fmt == "json" else to_markdown(a)


def quotes_markdown(a: Analysis) -> str:
    """Every quote of ``a`` as a citation in a Markdown list, under the article's source."""
    out = [f"Quotes from {_md_escape(source_label(a.meta, a.path))}:", ""]
    out += [f"- {_md_escape(cite(q, a, with_source=False))}" for q in a.quotes]
    return "\n".join(out) + "\n"


FLAG_FORMATS = {"markdown": ".md", "csv": ".csv"}
CSV_COLUMNS = ("article", "date", "source", "speaker", "kind", "quote", "citation", "path", "start", "end", "flagged")


def default_flags_path(fmt: str, folder: Path | None = None) -> Path:
    return (folder or Path.cwd()) / f"newsreader-flagged{FLAG_FORMATS[fmt]}"


def flags_markdown(flags: Iterable[Flag]) -> str:
    """Flagged quotes grouped by article: a heading per article, a citation per quote."""
    flags = list(flags)
    out = [f"# Flagged quotes ({len(flags)})", ""]
    groups: dict[str, list[Flag]] = {}
    for f in flags:
        groups.setdefault(f.article, []).append(f)
    for group in groups.values():
        f0 = group[0]
        facts = ", ".join(x for x in (f0.source, f0.date) if x)
        out.append(f"## {_md_escape(f0.title)}" + (f" ({_md_escape(facts)})" if facts else ""))
        out.append("")
        out.append(f"File: {_md_escape(f0.path)}")
        out.append("")
        out += [f"- {_md_escape(f.citation)}" for f in sorted(group, key=lambda f: f.start)]
        out.append("")
    return "\n".join(out)


def _csv_cell(value: object) -> str:
    """One cell: controls visible, and a leading = + - @ made inert (a spreadsheet would run it)."""
    s = one_line(" ".join(str(value).split()))
    return "'" + s if s[:1] in ("=", "+", "-", "@") else s


def flags_csv(flags: Iterable[Flag]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for f in flags:
        when = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(f.flagged)) if f.flagged else ""
        row = (f.title, f.date or "", f.source or "", f.speaker, f.kind, f.text, f.citation, f.path, f.start, f.end, when)
        w.writerow([_csv_cell(v) for v in row])
    return buf.getvalue()


@dataclass(frozen=True)
class Exporter:
    """What the export dialog writes: its formats (id -> label, file suffix), a default path per
    format and folder, and the text of each format."""

    title: str
    formats: dict[str, tuple[str, str]]
    default_path: Callable[[str, Path | None], Path]
    render: Callable[[str], str]

    def suffix(self, fmt: str) -> str:
        return self.formats[fmt][1]


def analysis_exporter(a: Analysis) -> Exporter:
    return Exporter("Export the analysis",
                    {"json": ("JSON (the full analysis)", FORMATS["json"]),
                     "markdown": ("Markdown (a summary)", FORMATS["markdown"])},
                    lambda fmt, folder: default_export_path(a, fmt, folder), lambda fmt: render(a, fmt))


def flags_exporter(flags: list[Flag]) -> Exporter:
    return Exporter(f"Export {len(flags)} flagged quote{'s' if len(flags) != 1 else ''}",
                    {"markdown": ("Markdown (citations by article)", FLAG_FORMATS["markdown"]),
                     "csv": ("CSV (one row per quote)", FLAG_FORMATS["csv"])},
                    default_flags_path, lambda fmt: flags_markdown(flags) if fmt == "markdown" else flags_csv(flags))
