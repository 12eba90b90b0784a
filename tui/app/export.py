"""Export an analysis as JSON (the contract) or Markdown; atomic writes. No Textual here."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..fsutil import write_atomic
from ..model import Analysis
from ..textsafe import one_line

__all__ = ["FORMATS", "default_export_path", "render", "to_markdown", "write_atomic"]

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
