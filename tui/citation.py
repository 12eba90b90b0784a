"""Citations of quotes, ready to paste. Plain Python, no Textual.

* a direct quote: ``“…” — Wang Yi, Foreign Minister (Title, Outlet, 2021-12-31)``;
* a mixed or indirect quote is cited as what it is, reported speech, and never gets quotation
  marks it does not have in the article: ``Wang Yi, Foreign Minister, said that … (…)``. When the
  article reports it with a verb right before the content (``accused the United States of
  casting “serious doubt” …``, ``says that …``) that verb is kept; the quotation marks inside a
  mixed quote are the article's own.

The strings are the article's words with whitespace (line breaks included) collapsed to single
spaces; control characters are left to the caller's sanitiser, which every output path applies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import Analysis, Quote

UNKNOWN = "unknown speaker"
# Reporting words kept as they are when they stand right before the content; others become
# "said that" (a noun such as "claim" or a frame such as "according to" would not read).
_IRREGULAR = {"said", "told", "wrote", "thought", "felt", "knew", "held", "saw", "spoke", "put",
              "read", "made", "gave", "took", "found", "meant", "taught", "swore", "foresaw"}
_LOWER_FIRST = {"The", "A", "An", "It", "Its", "This", "That", "These", "Those", "There", "We",
                "They", "He", "She", "Our", "Their", "His", "Her", "Some", "Many", "Most", "No"}


def squash(text: str) -> str:
    """Whitespace runs (line breaks included) as one space, trimmed."""
    return " ".join(text.split())


def quote_text(q: Quote) -> str:
    """The content of ``q``: its spans joined with `` … ``."""
    return " … ".join(squash(s.text) for s in q.content if s.text.strip())


def speaker_name(q: Quote) -> str:
    if q.speaker_name:
        return squash(q.speaker_name)
    if q.speaker is not None and q.speaker.text.strip():
        return squash(q.speaker.text)
    return UNKNOWN


def speaker_title(q: Quote, analysis: Analysis) -> str | None:
    """The first title the speaker was introduced with (``Foreign Minister``), if any."""
    e = analysis.entity(q.speaker_entity)
    if e is not None and e.titles:
        title = squash(e.titles[0])
        return title or None
    return None


def speaker_label(q: Quote, analysis: Analysis) -> str:
    """``Wang Yi, Foreign Minister``, ``a spokeswoman`` or ``unknown speaker``."""
    name = speaker_name(q)
    title = speaker_title(q, analysis) if name != UNKNOWN else None
    if title and title.lower() not in name.lower():
        return f"{name}, {title}"
    return name


def source_label(meta: dict[str, Any], path: str) -> str:
    """``Title, Outlet, 2021-12-31`` from what the metadata has (the file name without a title)."""
    title = squash(str(meta.get("title") or "")) or Path(path).name
    parts = [title] + [squash(str(meta[k])) for k in ("source", "date") if meta.get(k)]
    return ", ".join(p for p in parts if p)


def _reporting_words(q: Quote, text: str) -> str:
    """``accused``, ``says that`` when the article's cue stands right before the content and
    reads as a verb; otherwise ``said that``."""
    cue = q.cue
    if cue is None or not q.content or cue.end > q.content[0].start:
        return "said that"
    gap = text[cue.end : q.content[0].start].replace(",", " ").split()
    words = squash(cue.text).split()
    if not words or len(words) > 2 or [w.lower() for w in gap] not in ([], ["that"]):
        return "said that"
    last = words[-1].lower()
    verb = last in _IRREGULAR or last.endswith("ed") or (last.endswith("s") and not last.endswith("ss"))
    if not verb or not words[0][:1].islower():
        return "said that"
    return " ".join(words + gap)


def _lower_first(content: str) -> str:
    first, _, rest = content.partition(" ")
    if first in _LOWER_FIRST and rest:
        return first.lower() + " " + rest
    return content


def cite(q: Quote, analysis: Analysis, *, with_source: bool = True) -> str:
    """One quote as a citation (see the module docstring)."""
    content = quote_text(q)
    source = f" ({source_label(analysis.meta, analysis.path)})" if with_source else ""
    label = speaker_label(q, analysis)
    if q.kind == "direct":
        content = content.rstrip(",;: ")
        who = f" — {label}" if label != UNKNOWN else ""
        return f"“{content}”{who}{source}"
    if label == UNKNOWN:
        return f"Unattributed: {content}{source}"
    verb = _reporting_words(q, analysis.text)
    lead = f"{label}," if ", " in label else label
    return f"{lead[:1].upper()}{lead[1:]} {verb} {_lower_first(content)}{source}"


def first_words(text: str, n: int = 60) -> str:
    text = squash(text)
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
