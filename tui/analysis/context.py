"""One parsed article as every stage reads it: built once per document, passed down explicitly.

``DocContext`` holds the spaCy ``Doc``, its text (spaCy rebuilds ``doc.text`` at every access, so it
is read once), the token start offsets as a plain list (no ``Token`` objects built) and the
char -> token lookup by bisection. What a stage computes once per document for later stages (the
title/role scan, the entity index) belongs here too, instead of module globals keyed by ``id()``:
the context lives exactly as long as the analysis of its document.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


class DocContext:
    """The document, its text and token offsets; ``at(char)`` gives the token at a character."""

    def __init__(self, doc: "Doc", text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        from spacy.attrs import IDX

        self.starts: list[int] = doc.to_array([IDX]).tolist() if len(doc) else []
        # Per-document results shared between stages (name -> value), set by the stage that owns them.
        self.shared: dict[str, Any] = {}

    def at(self, char: int) -> int:
        """The index of the token containing or following ``char``."""
        i = bisect.bisect_right(self.starts, char) - 1
        if i < 0:
            return 0
        t = self.doc[i]
        if char >= t.idx + len(t.text) and i + 1 < len(self.doc):
            return i + 1
        return i
