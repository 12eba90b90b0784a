"""One parsed article as every stage reads it: built once per document, passed down explicitly.

``DocContext`` holds the spaCy ``Doc``, its text (spaCy rebuilds ``doc.text`` at every access, so it
is read once), the token start offsets as a plain list (no ``Token`` objects built) and the
char -> token lookup by bisection; on first use, the token attribute columns (orth, lower, lemma,
POS, entity type) as one numpy array, the lower-case forms and the sentence starts, so that rules
look only at candidate tokens (iterating spaCy tokens in Python is the main cost of the entity and
relation layers). What a stage computes once per document for later stages (the entity clusters
and role hits) goes in ``shared``, instead of module globals keyed by ``id()``: the context lives
exactly as long as the analysis of its document.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

#: Columns of ``DocContext.where``.
_COLUMNS = {"orth": 0, "lower": 1, "lemma": 2}


class DocContext:
    """The document, its text and token offsets; ``at(char)`` gives the token at a character."""

    def __init__(self, doc: "Doc", text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        from spacy.attrs import IDX

        self.starts: list[int] = doc.to_array([IDX]).tolist() if len(doc) else []
        # Per-document results shared between stages (name -> value), set by the stage that owns them.
        self.shared: dict[str, Any] = {}
        self._arr: Any = None
        self._sent_starts: list[int] | None = None
        self._lowers: list[str] | None = None

    def at(self, char: int) -> int:
        """The index of the token containing or following ``char``."""
        i = bisect.bisect_right(self.starts, char) - 1
        if i < 0:
            return 0
        t = self.doc[i]
        if char >= t.idx + len(t.text) and i + 1 < len(self.doc):
            return i + 1
        return i

    # -- token columns, built on first use -----------------------------------------------------
    @property
    def arr(self) -> Any:
        """The columns ORTH, LOWER, LEMMA, POS, ENT_TYPE of every token (a numpy array)."""
        if self._arr is None:
            from spacy.attrs import ENT_TYPE, LEMMA, LOWER, ORTH, POS

            self._arr = self.doc.to_array([ORTH, LOWER, LEMMA, POS, ENT_TYPE])
        return self._arr

    def where(self, column: str, values: Iterable[str]) -> list[int]:
        """Token indices whose ``column`` (orth, lower, lemma) is one of ``values``."""
        import numpy as np

        arr = self.arr
        strings = self.doc.vocab.strings
        hashes = np.array([strings[v] for v in values], dtype=arr.dtype)
        if not len(hashes) or not len(arr):
            return []
        return np.isin(arr[:, _COLUMNS[column]], hashes).nonzero()[0].tolist()

    def untagged(self) -> list[int]:
        """Token indices outside every entity."""
        arr = self.arr
        if not len(arr):
            return []
        return (arr[:, 4] == 0).nonzero()[0].tolist()

    @property
    def lowers(self) -> list[str]:
        """The lower-case form of every token."""
        if self._lowers is None:
            strings = self.doc.vocab.strings
            self._lowers = [strings[h] for h in self.arr[:, 1].tolist()]
        return self._lowers

    @property
    def sent_starts(self) -> list[int]:
        """The index of the first token of every sentence."""
        if self._sent_starts is None:
            self._sent_starts = [s.start for s in self.doc.sents]
        return self._sent_starts

    def sentence(self, i: int) -> int:
        """The index of the sentence that holds token ``i``."""
        return bisect.bisect_right(self.sent_starts, i) - 1
