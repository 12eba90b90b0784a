"""Entity mentions: spaCy's named entities, trimmed ("the", possessives, honorifics and titles
before a person), minus those inside photo credits and bylines.

``raw_mentions`` is step 1 of ``tui.analysis.entities.build``; ``credit_spans`` finds the credits
(agency names and credit words are in ``entity_patterns.yaml``). The label sets shared by the
entity layer live here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from ..aliases import clean_name
from ..lexicons import EntityLexicon

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

#: Labels that name things (the rest are numbers and dates).
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW",
                         "WORK_OF_ART", "LANGUAGE"})
#: ("Wang" tagged ORG). Places are not: "Jordan" the country is not "Jim Jordan".
PERSON_CONFUSABLE = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "PERSON", "EVENT", "LAW"})
#: Labels whose short forms may join by acronym or listed alias across labels (US tagged ORG).
PLACE_OR_ORG = frozenset({"ORG", "GPE", "LOC", "FAC"})


@dataclass(slots=True)
class Mention:
    """One trimmed entity mention (characters and tokens)."""

    start: int
    end: int
    text: str
    label: str
    tok: tuple[int, int]
    person_cue: bool = False  # preceded by a title or an honorific
    proper: bool = True       # every word a proper noun (not "Obama Says" / "Murdoch In" from a headline)
    gender: str | None = None  # from an honorific or gendered title before it ("Mrs. Clinton")
    nearby: bool = False       # a shared surname resolved by a full name just before it
    pronoun_after: str | None = None  # "m"/"f": a he/she/his/her right after a bare surname

    @property
    def name(self) -> str:
        return self.text


# ---------------------------------------------------------------------------------------------
# 1. Credits, bylines and raw mentions

_SEG = r"[A-Z][\w.'’&-]*(?:[ \t]+(?:[A-Z][\w.'’&-]*|via|for|and|of|de|van|von))*"
_SLASHED = re.compile(rf"{_SEG}(?:[ \t]*/[ \t]*{_SEG})+")


def credit_spans(text: str, lx: EntityLexicon) -> list[tuple[int, int]]:
    """Character ranges of photo credits and bylines.

    * a run of capitalised segments joined by slashes that names an agency:
      ``MIKHAIL METZEL / SPUTNIK / AFP via Getty Images``, ``(AP Photo/Evan Vucci)``;
    * ``... via Getty Images`` / ``Photo: NAME`` / ``Photo by NAME``: to the end of the line;
    * a short line starting with "By": ``By Jane Doe, Reuters``.
    The agency names and the credit words are in ``entity_patterns.yaml``.
    """
    spans: list[tuple[int, int]] = []
    agencies = [a for a in lx.credit_agencies if a]
    agency_re = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(agencies, key=len, reverse=True)) + r")\b") \
        if agencies else None
    for m in _SLASHED.finditer(text):
        if agency_re is not None and agency_re.search(m.group(0)):
            spans.append((m.start(), m.end()))
    if agency_re is not None:
        for m in re.finditer(r"\bvia[ \t]+(?=" + agency_re.pattern + ")", text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            # back to the start of the credit: after the last sentence end on the line
            seg_start = max(text.rfind(". ", line_start, m.start()) + 2, line_start)
            line_end = text.find("\n", m.end())
            spans.append((seg_start, len(text) if line_end < 0 else line_end))
    if lx.credit_words:
        words = "|".join(re.escape(w) for w in sorted(lx.credit_words, key=len, reverse=True) if w != "by")
        for m in re.finditer(rf"(?im)(?:^|\(|\.\s)[ \t]*(?:{words})[ \t]*(?::|by\b)[^\n)]*", text):
            spans.append((m.start(), m.end()))
        for m in re.finditer(r"(?m)^[ \t]*By[ \t]+[A-Z][^\n]{0,80}$", text):
            if len(m.group(0).split()) <= 10 and not re.search(r"[.!?][\"”]?\s*$", m.group(0).rstrip()) \
                    or (agency_re is not None and agency_re.search(m.group(0))):
                spans.append((m.start(), m.end()))
    return sorted(spans)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def trim_mention(text: str, start: int, end: int, label: str, lx: EntityLexicon) -> tuple[int, int] | None:
    """The characters of a mention without "the", a possessive, quotes or (for persons) a leading
    honorific or title: "the United States’" -> "United States", "Mr. Wang" -> "Wang"."""
    raw = text[start:end]
    name = clean_name(raw)
    if label == "PERSON":
        m = re.search(r"['’]s\s+(?=[A-Z])", name)
        if m:  # "the Green Party’s Jill Stein" -> "Jill Stein"
            name = name[m.end():]
        words = name.split(" ")
        while len(words) > 1 and (lx.is_title(words[0]) or lx.is_title(" ".join(words[:2]))):
            words = words[2:] if lx.is_title(" ".join(words[:2])) and len(words) > 2 else words[1:]
        name = " ".join(words)
    if not name:
        return None
    i = raw.find(name)
    if i < 0:
        return start, end
    return start + i, start + i + len(name)


def raw_mentions(doc: "Doc", lx: EntityLexicon, labels: Iterable[str] | None = None,
                 credits: list[tuple[int, int]] | None = None, text: str | None = None) -> list[Mention]:
    """spaCy's entities as trimmed mentions, without those inside credits and bylines.

    A PERSON "name" in capitals with slashes or one with no capital letter is dropped.
    """
    keep = set(labels) if labels is not None else set(NAME_LABELS)
    text = text if text is not None else doc.text  # spaCy rebuilds it at every access
    if credits is None:
        credits = credit_spans(text, lx)
    out: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in keep or not ent.text.strip():
            continue
        if credits and _inside(credits, ent.start_char, ent.end_char):
            continue
        if "/" in ent.text or not any(c.isupper() for c in ent.text):
            continue
        trimmed = trim_mention(text, ent.start_char, ent.end_char, ent.label_, lx)
        if trimmed is None:
            continue
        s, e = trimmed
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        proper = all(t.pos_ in ("PROPN", "PUNCT") or not t.text[:1].isalpha() or t.text.isupper()
                     for t in span) and not any(t.is_stop for t in span[1:]) \
            if ent.label_ == "PERSON" else True  # not "Murdoch In" from a headline
        out.append(Mention(s, e, text[s:e], ent.label_, (span.start, span.end), proper=proper))
    return out
