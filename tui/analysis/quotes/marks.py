"""Pairing quotation marks in raw text: pure string code, no spaCy.

News text is messy: curly marks typed the wrong way round (``role. “`` closes a quote), marks
glued to the next word (``”he said``), apostrophes that look like closing single marks
(``United States’``, ``don’t``), stray marks and missing closers. ``find_quotes`` never raises; it
returns the quoted regions of every paragraph in text order.

Rules, per paragraph (a paragraph is a run of text between blank lines or line breaks):

* Double marks (“ ” " « » „ ‟) open a quote when none is open; while one is open, *any* double
  mark closes it (a closer typed as an opener is common), except a curly “ that opens a word
  inside a quote opened with “ and is followed by two ”: a quotation nested in the quotation;
  and a curly “ inside a quote opened with a straight ", up to its ” (an article quoting
  another, whose own quotations are curly): the straight quote goes on after it.
* A mark that cannot open (glued to the word before it and followed by a space or the end, like
  ``done” and``) is a stray closer when no quote is open, and is skipped.
* Single marks (‘ ’ ') pair only outside double quotes, only when the opener starts a word after a
  space and the closer ends a word before a space or punctuation; a ’ between letters is an
  apostrophe, and an unpaired single mark is ignored.
* A quote still open at the end of its paragraph ends there. When the next paragraph opens a quote
  at its start, the region is marked ``continued`` (news convention for multi-paragraph quotes).
* An excerpt of another article quoted as a block: a paragraph that opens with a straight mark it
  never closes, holds curly quotations of its own and no first- or second-person word outside
  them (narrative, not speech), in an article whose own quotations elsewhere are curly, is not a
  quote: its curly quotations are (a doctor had typed “homicidal ideation.”). So is such a
  paragraph without curly quotations right after one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_MARKS = frozenset("“”\"«»„‟")
SINGLE_MARKS = frozenset("‘’'‹›")
ALL_MARKS = DOUBLE_MARKS | SINGLE_MARKS
_PARAGRAPH = re.compile(r"[^\n\r]+")
# Double marks, and the two-apostrophe and two-backtick marks of some wire styles (''…'' ``…'').
_DOUBLE = re.compile(r"''|``|[“”\"«»„‟]")


@dataclass(frozen=True, slots=True)
class QuoteRegion:
    """A quoted region: ``start``/``end`` bound the words inside the marks (whitespace trimmed).

    ``open_at``/``close_at`` are the offsets of the marks (``close_at`` is None for a missing
    closer, ``close_len`` the closer's length: 2 for '' and ``); ``continued`` says the quote goes
    on in the next paragraph; ``single`` marks a region quoted with single marks.
    """

    start: int
    end: int
    open_at: int
    close_at: int | None
    paragraph: int
    continued: bool = False
    single: bool = False
    close_len: int = 1

    @property
    def after_close(self) -> int | None:
        """The offset right after the closing mark (None for a missing closer)."""
        return None if self.close_at is None else self.close_at + self.close_len


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _can_open(text: str, i: int, lo: int) -> bool:
    """A mark at ``i`` can open: it is at the paragraph start, or after a space or opening punctuation."""
    before = text[i - 1] if i > lo else ""
    return before == "" or before.isspace() or before in "([{—–-/:" or before in ALL_MARKS


def _can_close(text: str, i: int, hi: int) -> bool:
    """A mark at ``i`` can close: it is at the paragraph end, or before a space or punctuation."""
    after = text[i + 1] if i + 1 < hi else ""
    return after == "" or after.isspace() or not after.isalnum()


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every non-empty line of ``text``: newsreader's paragraphs."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _single_regions(text: str, lo: int, hi: int, para: int) -> list[QuoteRegion]:
    """Quotes in single marks within ``text[lo:hi]`` (a stretch outside double quotes)."""
    out: list[QuoteRegion] = []
    open_at: int | None = None
    for i in range(lo, hi):
        ch = text[i]
        if ch not in SINGLE_MARKS:
            continue
        before = text[i - 1] if i > lo else ""
        after = text[i + 1] if i + 1 < hi else ""
        if before.isalnum() and after.isalnum() or ch == "'" and "'" in (before, after):
            continue  # don’t, O’Brien; a '' double mark
        if open_at is None:
            if ch in "‘'‹" and _can_open(text, i, lo) and after.isalnum():
                open_at = i
        elif ch in "’'›" and before and not before.isspace() and _can_close(text, i, hi):
            if ch in "’'" and before in "sS" and after.isspace() and text.find("’" if ch == "’" else "'", i + 1, hi) != -1:
                continue  # "the States’ role ... ’": a possessive; a later mark closes
            s, e = _trimmed(text, open_at + 1, i)
            if e > s:
                out.append(QuoteRegion(s, e, open_at, i, para, single=True))
            open_at = None
    return out


def _nested(text: str, marks: list, k: int, open_at: int, lo: int) -> bool:
    """Whether the curly opener ``marks[k]``, inside a quotation opened by a curly opener, starts a
    quotation nested in it: it can open, and the next two marks of the paragraph are closers
    (the inner one, then the outer one)."""
    i = marks[k].start()
    if text[open_at] != "“" or text[i] != "“" or k + 2 >= len(marks) or not _can_open(text, i, lo):
        return False
    if i + 1 >= len(text) or not text[i + 1].isalnum():
        return False
    return marks[k + 1].group() == "”" and marks[k + 2].group() == "”"


def _curly_inside_straight(text: str, marks: list, k: int, open_at: int, lo: int) -> int:
    """When the curly opener ``marks[k]`` opens a quotation nested in one opened with a straight
    mark (an article quoting another, whose own quotations are curly): how many marks after it
    the nested quotation takes (its closer ”); 0 when it is no such opener."""
    i = marks[k].start()
    if text[open_at] != '"' or text[i] != "“" or not _can_open(text, i, lo):
        return 0
    for j in range(k + 1, len(marks)):
        g = marks[j].group()
        if g == "”":
            return j - k
        if g != "“":
            return 0  # a straight mark first: no nesting to read
    return 0


# First- and second-person words: quoted speech has them; a quoted excerpt of a news report does not.
_SPEAKER_WORDS = re.compile(r"\b(?:I|me|my|mine|we|us|our|ours|you|your|yours)\b", re.IGNORECASE)
_INNER_CURLY = re.compile(r"“[^“”]*”")


def _excerpt_inner(text: str, region: QuoteRegion, inner: list[tuple[int, int]], lo: int,
                   follows: bool = False) -> list[QuoteRegion] | None:
    """When the straight-quoted ``region``, left open at the end of its paragraph, is an excerpt of
    another article quoted as a block (it opens the paragraph, its own quotations are curly pairs
    after its first word, or it ``follows`` such an excerpt paragraph, and it has no first- or
    second-person word outside them: narrative, not speech), its curly quotations as regions of
    their own; else None."""
    if text[region.open_at] != '"' or region.close_at is not None or not (inner or follows):
        return None
    if region.open_at != _trimmed(text, lo, region.end)[0] or inner and inner[0][0] <= region.start:
        return None
    if _SPEAKER_WORDS.search(_INNER_CURLY.sub(" ", text[region.start:region.end])):
        return None
    out = []
    for a, b in inner:
        s, e = _trimmed(text, a + 1, b)
        if e > s:
            out.append(QuoteRegion(s, e, a, b, region.paragraph))
    return out


def _paragraph_regions(text: str, lo: int, hi: int, para: int,
                       inner: list[tuple[int, int]] | None = None) -> tuple[list[QuoteRegion], bool]:
    """The quotes of one paragraph, and whether the last one is left open at its end. ``inner``
    collects the curly quotations paired inside a straight one (their mark offsets)."""
    out: list[QuoteRegion] = []
    open_at: int | None = None
    open_len = 1
    outside_from = lo
    marks = list(_DOUBLE.finditer(text, lo, hi))
    skip = 0
    for k, m in enumerate(marks):
        i, n = m.start(), len(m.group())
        if skip:
            skip -= 1
            continue
        if open_at is not None and _nested(text, marks, k, open_at, lo):
            skip = 1  # “… wearing “Settle For Hillary” shirts …”: a quotation inside the quotation
            continue
        if open_at is not None and (n_in := _curly_inside_straight(text, marks, k, open_at, lo)):
            if inner is not None and n_in == 1:
                inner.append((i, marks[k + 1].start()))
            skip = n_in  # "… chanting “U-S-A!” …": curly marks pair inside a straight quotation
            continue
        if open_at is None:
            after = text[i + n] if i + n < hi else ""
            if _is_space(after) and not _can_open(text, i, lo):
                continue  # a stray closer: "done” and"
            if after == "" or (after.isspace() and i + n + 1 >= hi):
                continue  # a lone mark at the end of the paragraph
            out.extend(_single_regions(text, outside_from, i, para))
            open_at, open_len = i, n
        else:
            s, e = _trimmed(text, open_at + open_len, i)
            if e > s:
                out.append(QuoteRegion(s, e, open_at, i, para, close_len=n))
            open_at = None
            outside_from = i + n
    if open_at is not None:
        s, e = _trimmed(text, open_at + open_len, hi)
        if e > s:
            out.append(QuoteRegion(s, e, open_at, None, para))
            return out, True
        return out, False
    out.extend(_single_regions(text, outside_from, hi, para))
    return out, False


def _opens_with_quote(text: str, lo: int, hi: int) -> bool:
    s, _ = _trimmed(text, lo, hi)
    return s < hi and _DOUBLE.match(text, s) is not None


def find_quotes(text: str) -> list[QuoteRegion]:
    """Every quoted region of ``text``, in text order. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    paras = paragraphs(text)
    out: list[QuoteRegion] = []
    excerpts: list[tuple[int, list[QuoteRegion]]] = []  # (index in out, its curly quotations)
    follows = False  # the paragraph before is an excerpt
    for n, (lo, hi) in enumerate(paras):
        inner: list[tuple[int, int]] = []
        regions, left_open = _paragraph_regions(text, lo, hi, n, inner)
        parts = _excerpt_inner(text, regions[-1], inner, lo, follows) if left_open and regions else None
        follows = parts is not None
        if parts is not None:
            excerpts.append((len(out) + len(regions) - 1, parts))
        if left_open and regions:
            nxt = paras[n + 1] if n + 1 < len(paras) else None
            if nxt is not None and _opens_with_quote(text, *nxt):
                last = regions[-1]
                regions[-1] = QuoteRegion(last.start, last.end, last.open_at, None, n, continued=True)
        out.extend(regions)
    if excerpts:
        # Only where the article's own quotations are curly: the straight mark is then a block-quote
        # marker, not the article's quoting style.
        block = {i for i, _ in excerpts}
        if any(text[r.open_at] == "“" for i, r in enumerate(out) if i not in block):
            for i, parts in reversed(excerpts):
                out[i:i + 1] = parts
    return out
