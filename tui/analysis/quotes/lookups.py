"""Per-article look-ups the quotation rules share, built once per document and kept on its context.

A rule that reads every token between a cue and one of its quotations costs the distance between
them; run for each of hundreds of quotations hanging on one verb (``He said “‘“‘…’”’” today.``)
it made the analysis quadratic (issue #14: 12 s for 1,000 nested pairs, minutes for 240 KB). The
rules ask these questions instead, each answered by bisection over positions read once (with
numpy over the token arrays), and what they compute once per cue verb is remembered here:

* ``sent_start(k)``: where the sentence of token ``k`` starts (what ``doc[k].sent.start`` gives,
  without walking back over the sentence at every call);
* ``first_that(lo, hi)``: the first complementizer "that" (a ``mark``) in tokens ``lo..hi - 1``;
* ``mark_char_in(a, b)``: a double quotation mark (“ ” ") among characters ``a..b - 1``;
* ``mark_token_in(lo, hi)`` / ``mark_or_colon_token_in(lo, hi)``: a token that is a quotation
  mark (or a run of them), or a colon or semicolon, among tokens ``lo..hi - 1``;
* ``per_cue``: a dict the rules use to remember, per cue token, what depends on the cue alone.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from ..context import DocContext

_KEY = "quotes.lookups"
MARK_CHARS = "“”\""  # (a token counts when its text is a substring of this, as the rules test it)
_MARK_CHAR = re.compile("[“”\"]")


def lookups(ctx: "DocContext") -> "Lookups":
    """The look-ups of the article of ``ctx`` (built on first use, then kept in ``ctx.shared``)."""
    found = ctx.shared.get(_KEY)
    if found is None:
        found = ctx.shared[_KEY] = Lookups(ctx)
    return found


def _substrings(s: str) -> list[str]:
    return sorted({s[a:b] for a in range(len(s)) for b in range(a + 1, len(s) + 1)})


class Lookups:
    """See the module docstring. Every list is built on first use only."""

    def __init__(self, ctx: "DocContext") -> None:
        self.ctx = ctx
        self.per_cue: dict[Any, Any] = {}
        self._sents: list[int] | None = None
        self._thats: list[int] | None = None
        self._mark_chars: list[int] | None = None
        self._marks: list[int] | None = None
        self._stops: list[int] | None = None

    def _where(self, attr: int, values: list[str], second: tuple[int, str] | None = None) -> list[int]:
        import numpy as np

        doc = self.ctx.doc
        if not len(doc):
            return []
        strings = doc.vocab.strings
        cols = [attr] + ([second[0]] if second else [])
        arr = doc.to_array(cols).reshape(len(doc), len(cols))
        keep = np.isin(arr[:, 0], [strings[v] for v in values])
        if second:
            keep &= arr[:, 1] == strings[second[1]]
        return np.flatnonzero(keep).tolist()

    def sent_start(self, k: int) -> int:
        if self._sents is None:
            import numpy as np
            from spacy.attrs import SENT_START

            doc = self.ctx.doc
            self._sents = np.flatnonzero(doc.to_array([SENT_START]).reshape(-1) == 1).tolist() if len(doc) else []
        i = bisect.bisect_right(self._sents, k) - 1
        return self._sents[i] if i >= 0 else 0

    def first_that(self, lo: int, hi: int) -> "Token | None":
        if self._thats is None:
            from spacy.attrs import DEP, LOWER

            self._thats = self._where(LOWER, ["that"], (DEP, "mark"))
        i = bisect.bisect_left(self._thats, lo)
        return self.ctx.doc[self._thats[i]] if i < len(self._thats) and self._thats[i] < hi else None

    def mark_char_in(self, a: int, b: int) -> bool:
        if self._mark_chars is None:
            self._mark_chars = [m.start() for m in _MARK_CHAR.finditer(self.ctx.text)]
        return _any_in(self._mark_chars, a, b)

    def mark_token_in(self, lo: int, hi: int) -> bool:
        if self._marks is None:
            from spacy.attrs import ORTH

            self._marks = self._where(ORTH, _substrings(MARK_CHARS))
        return _any_in(self._marks, lo, hi)

    def mark_or_colon_token_in(self, lo: int, hi: int) -> bool:
        if self._stops is None:
            from spacy.attrs import ORTH

            self._stops = self._where(ORTH, _substrings(MARK_CHARS) + [":", ";"])
        return _any_in(self._stops, lo, hi)


def _any_in(sorted_positions: list[int], lo: int, hi: int) -> bool:
    """Whether one of ``sorted_positions`` lies in ``lo..hi - 1``."""
    i = bisect.bisect_left(sorted_positions, lo)
    return i < len(sorted_positions) and sorted_positions[i] < hi
