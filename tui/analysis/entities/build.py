"""Entities: one entry per real-world entity in the article, in order of salience (issue #4).

Steps, each a small function:
  1. ``raw_mentions``: spaCy's named entities, trimmed ("the", possessives, honorifics), minus the
     ones inside photo credits and bylines (``credit_spans``);
  2. ``cluster``: mentions grouped per entity with the rules of ``tui.analysis.aliases.same_entity``
     (full name / surname / title + surname, acronyms, listed country aliases); a mention takes
     its cluster's label;
  3. per cluster: the canonical name (longest proper mention), aliases, titles (from the role
     patterns of ``tui.analysis.entities.roles``), gender (honorifics, gendered titles, he/she pronouns);
  4. ``salience``: first-mention position, mention count, presence in the title and the lead;
  5. hidden labels (``entities.show``) dropped; ids E1.. follow the salience order.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable

from ..aliases import clean_name, key, looks_like_acronym, same_entity, strip_honorifics
from ..names import first_name_gender
from ...model import Entity, Span
from .roles import NAME_LABELS, EntityLexicon, RoleHit, roles_after, roles_before, scan

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from ..lexicons import Lexicons
    from ...config import Settings

#: Labels that may be a misread person name when they equal a part of a PERSON name
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


@dataclass(slots=True)
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    label: str = ""
    names: dict[str, str] = field(default_factory=dict)  # key -> first surface form
    roles: list[RoleHit] = field(default_factory=list)
    gender: str | None = None

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        self.names.setdefault(key(m.text), m.text)


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


# ---------------------------------------------------------------------------------------------
# 2. Clustering


def _compatible(m: Mention, c: Cluster, lx: EntityLexicon) -> bool:
    """May mention ``m`` join cluster ``c``? (see ``tui.analysis.aliases.same_entity`` for the name rules)"""
    if m.label == "NORP" and c.label == "PERSON" and " " not in m.text.strip() \
            and lx.country_of(m.text) is None and lx.party_of(m.text) is None:
        la = lb = "PERSON"  # "Albanese" tagged NORP after "Anthony Albanese"
    elif (m.label == "NORP") != (c.label == "NORP"):
        return False
    elif m.label == c.label:
        la = lb = m.label
    elif c.label == "PERSON" and m.label in PERSON_CONFUSABLE:
        la = lb = "PERSON"
    elif c.label == "PERSON" and m.label in ("GPE", "LOC") and " " not in m.text.strip() \
            and key(m.text) not in lx.alias_index and key(m.text) not in lx.countries:
        la = lb = "PERSON"  # "Scholz" tagged GPE after "Olaf Scholz"; never a known country
    elif c.label in PLACE_OR_ORG and m.label in PLACE_OR_ORG:
        # across place/organisation labels only exact names, acronyms and listed aliases
        la, lb = m.label, c.label
        if "ORG" in (la, lb):
            la = lb = "GPE"  # avoid the organisation prefix rule across labels
    else:
        return False
    for n in c.names.values():
        if la == "PERSON" and m.label in ("NORP", "GPE", "LOC") and len(n.split()) < 2:
            continue
        if same_entity(m.text, n, la, lb, lx.alias_index):
            return True
    return False


def _block_keys(name: str, lx: EntityLexicon, full: bool) -> set[str]:
    """Keys under which a name is filed (``full``) or looked up: its words, its key, its acronyms
    and its listed canonical alias."""
    out = set(_name_keys(name, full))
    canon = lx.alias_index.get(key(name))
    if canon:
        out.add("k:" + key(canon))
    return out


@lru_cache(maxsize=8192)
def _name_keys(name: str, full: bool) -> frozenset[str]:
    from ..aliases import acronym, name_tokens

    base = strip_honorifics(name)
    out = {"w:" + w for w in name_tokens(base)}
    out.add("k:" + key(base))
    if full:
        a = acronym(name)
        if a:
            out.add("k:" + a.lower())
            words = [w for w in re.split(r"[\s\-]+", clean_name(name)) if w]
            out.add("k:" + "".join(w[0] for w in words if w[0].isalpha()).lower())
    return frozenset(out)


def _recent(c: Cluster, pos: int) -> int:
    before = [x.start for x in c.mentions if x.start <= pos]
    return max(before) if before else -1


def _is_full(m: Mention) -> bool:
    return len(strip_honorifics(m.text).split()) >= 2


def _first_gender(c: Cluster, before: int) -> str | None:
    """"m"/"f" from the first name of the cluster's first full name before ``before``."""
    for x in c.mentions:
        if x.start < before and x.proper and _is_full(x):
            g = first_name_gender(x.text)
            return {"female": "f", "male": "m"}.get(g or "")
    return None


_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


def mark_pronouns_after(doc: "Doc", mentions: list[Mention], window: int = 8) -> None:
    """A bare one-word name followed, in its sentence and within ``window`` tokens, by he/she/his/
    her/him with no other name between gets that pronoun's gender ("Clinton said her plan …")."""
    for m in mentions:
        if m.label != "PERSON" or _is_full(m) or m.gender:
            continue
        k = m.tok[1]
        stop = min(len(doc), k + window)
        while k < stop and not doc[k].is_sent_start:
            t = doc[k]
            if t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
                break
            g = _PRONOUN_GENDER.get(t.lower_)
            if g:
                m.pronoun_after = g
                break
            k += 1


def _surname_choice(m: Mention, cands: list[Cluster], sent_of: Callable[[int], int]) -> Cluster:
    """The person a bare surname shared by several persons stands for ("Clinton" with Hillary and
    Chelsea Clinton in the article):

    * never one addressed with an honorific of the other gender before ("Mrs." / "Mr. Clinton");
    * a person named in full earlier in the same sentence or in the previous sentence ("daughter
      Chelsea Clinton. Clinton said ...": Chelsea); the most recent when several are;
    * else the person most salient so far: most mentions before this one (full names and this same
      surname already resolved this way, which comes in text order; a first name alone and a
      surname resolved by a nearby full name do not count, so one doubtful local reading does not
      snowball), then most full mentions, then the one introduced first. Only proper full names
      count: "Clinton Hid Past Health" from a headline is not a person introduced first. A surname in a title before any full name goes to the one introduced first.
    """
    if m.gender:  # "Mr. Clinton" is not the one called "Mrs. Clinton" before
        other = "f" if m.gender == "m" else "m"
        same_g = [c for c in cands if not any(x.gender == other for x in c.mentions if x.start < m.start)]
        cands = same_g or cands
    elif m.pronoun_after:  # "Clinton … her": Hillary, not Bill (their first names tell)
        same_g = [c for c in cands if _first_gender(c, m.start) == m.pronoun_after]
        cands = same_g or cands
    s = sent_of(m.tok[0])
    local = []
    for c in cands:
        near = [x.start for x in c.mentions if x.start < m.start and _is_full(x) and x.proper
                and s - 1 <= sent_of(x.tok[0]) <= s]
        if near:
            local.append((max(near), c))
    if local:
        m.nearby = True
        return max(local, key=lambda t: t[0])[1]

    k = key(strip_honorifics(m.text))

    def rank(c: Cluster) -> tuple[int, int, int]:
        before = [x for x in c.mentions if x.start < m.start]
        full = sum(1 for x in before if _is_full(x) and x.proper)
        same = sum(1 for x in before if not _is_full(x) and not x.nearby and key(strip_honorifics(x.text)) == k)
        first = min((x.start for x in c.mentions if x.proper), default=1 << 30)
        return (full + same, full, -first)

    return max(cands, key=rank)


def cluster(mentions: list[Mention], lx: EntityLexicon,
            sent_of: Callable[[int], int] | None = None) -> list[Cluster]:
    """Group mentions per entity: longest names first, then each shorter name joins a cluster
    it matches (the one mentioned most recently before it when several match). A bare surname
    shared by several persons follows ``_surname_choice`` (``sent_of``: token -> sentence)."""

    def length(m: Mention) -> tuple[int, int]:
        base = strip_honorifics(m.text)
        return len(base.split()), len(base)

    order = sorted(mentions, key=lambda m: (-length(m)[0], -length(m)[1], m.start))
    clusters: list[Cluster] = []
    # blocking: only clusters sharing a word, an acronym or a listed alias are compared
    index: dict[str, list[int]] = {}

    def register(ci: int, name: str) -> None:
        for k in _block_keys(name, lx, full=True):
            lst = index.setdefault(k, [])
            if not lst or lst[-1] != ci:
                lst.append(ci)

    for m in order:
        near = sorted({ci for k in _block_keys(m.text, lx, full=False) for ci in index.get(k, ())})
        cands = [clusters[ci] for ci in near if _compatible(m, clusters[ci], lx)]
        if len(cands) > 1 and sent_of is not None and not _is_full(m) \
                and sum(1 for c in cands if c.label == "PERSON") >= 2:
            best = _surname_choice(m, [c for c in cands if c.label == "PERSON"], sent_of)
            new_name = key(m.text) not in best.names
            best.add(m)
            if new_name:
                register(clusters.index(best), m.text)
        elif cands:
            best = max(cands, key=lambda c: (_recent(c, m.start), -min(x.start for x in c.mentions)))
            new_name = key(m.text) not in best.names
            best.add(m)
            if new_name:
                register(clusters.index(best), m.text)
        else:
            c = Cluster(label=m.label)
            c.add(m)
            clusters.append(c)
            register(len(clusters) - 1, m.text)
    for c in clusters:
        c.mentions.sort(key=lambda x: x.start)
    return clusters


def add_acronym_mentions(doc: "Doc", clusters: list[Cluster], credits: list[tuple[int, int]]) -> None:
    """Untagged acronyms of a mentioned name join its cluster: "the EEU" after "Eurasian Economic
    Union" (spaCy often leaves such tokens untagged). Only exact initials of a multiword ORG, GPE,
    LOC, FAC or EVENT name count, and only when a single cluster has them."""
    from ..aliases import acronym

    by_acr: dict[str, list[Cluster]] = {}
    for c in clusters:
        if c.label not in PLACE_OR_ORG and c.label != "EVENT":
            continue
        for n in list(c.names.values()):
            a = acronym(n)
            if a and len(a) >= 2 and c not in by_acr.get(a, []):
                by_acr.setdefault(a, []).append(c)
    if not by_acr:
        return
    forms = set(by_acr) | {".".join(a) + "." for a in by_acr}
    for i in scan(doc).where("orth", forms):
        tok = doc[i]
        if tok.ent_type_ or not tok.is_upper or len(tok.text) < 2:
            continue
        t = tok.text.replace(".", "")
        cands = by_acr.get(t)
        if not cands or len(cands) != 1 or _inside(credits, tok.idx, tok.idx + len(tok.text)):
            continue
        c = cands[0]
        c.add(Mention(tok.idx, tok.idx + len(tok.text), tok.text, c.label, (tok.i, tok.i + 1)))
        c.mentions.sort(key=lambda x: x.start)


def add_surname_mentions(doc: "Doc", clusters: list[Cluster], lx: EntityLexicon,
                         credits: list[tuple[int, int]]) -> None:
    """Untagged surnames join their person: "Modi" after "Narendra Modi" when spaCy left it out.

    Only a capitalised proper-noun token, equal to a word (3+ letters) of exactly one multiword
    PERSON name mentioned before it, not beside another proper noun, and not a title or a
    nationality."""
    words: dict[str, list[Cluster]] = {}
    first: dict[int, int] = {}
    for c in clusters:
        if c.label != "PERSON":
            continue
        for n in c.names.values():
            parts = strip_honorifics(n).split()
            if len(parts) < 2:
                continue
            for w in parts:
                if len(w) >= 3 and w[0].isupper() and w.isalpha() and c not in words.get(w, []):
                    words.setdefault(w, []).append(c)
        first[id(c)] = c.mentions[0].start
    if not words:
        return
    covered = {i for c in clusters for m in c.mentions for i in range(m.tok[0], m.tok[1])}
    n = len(doc)
    for i in scan(doc).where("orth", words):
        tok = doc[i]
        cands = words.get(tok.text)
        if not cands or len(cands) != 1 or tok.i in covered or tok.ent_type_:
            continue
        c = cands[0]
        if tok.idx < first[id(c)] or tok.pos_ != "PROPN" or lx.is_title(tok.text) \
                or lx.country_of(tok.text) or _inside(credits, tok.idx, tok.idx + len(tok)):
            continue
        if (tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN") or (tok.i + 1 < n and doc[tok.i + 1].pos_ == "PROPN"):
            continue
        c.add(Mention(tok.idx, tok.idx + len(tok), tok.text, "PERSON", (tok.i, tok.i + 1)))
        c.mentions.sort(key=lambda x: x.start)


def canonical_name(c: Cluster, lx: EntityLexicon) -> str:
    """The longest proper mention: most words, then most characters. Come last: names in
    capitals only (credits, headlines), acronyms, names with a word that is not a proper noun
    ("Obama Says" in a headline), and a name that only adds words before another name of two
    words or more ("Crooked Hillary Clinton" vs "Hillary Clinton"). Only names written in the
    article count: "Britain" stays "Britain" though the lexicon lists it under United Kingdom."""
    from ..aliases import is_name_part

    names = [strip_honorifics(clean_name(m.text)) for m in c.mentions]
    improper = {n for n, m in zip(names, c.mentions) if not m.proper}
    distinct = list(dict.fromkeys(names))
    padded = {a for a in distinct if c.label == "PERSON" and any(
        len(b.split()) >= 2 and is_name_part(b, a) and a.endswith(" " + b)
        for b in distinct if b != a and b not in improper)}

    def rank(n: str) -> tuple[int, int, int, int, int]:
        proper = not (n.isupper() and len(n) > 4) and not looks_like_acronym(n)
        return (int(proper), int(n not in improper), int(n not in padded), len(n.split()), len(n))

    return max(distinct, key=rank)


# ---------------------------------------------------------------------------------------------
# 3. Titles, gender


def _role_hits(doc: "Doc", mentions: list[Mention], lx: EntityLexicon) -> dict[int, list[RoleHit]]:
    """Role patterns around each PERSON mention (keyed by the mention's start character)."""
    ents = [e for e in doc.ents]
    by_end = {e.end: e for e in ents}
    by_start = {e.start: e for e in ents}
    out: dict[int, list[RoleHit]] = {}
    for m in mentions:
        if m.label != "PERSON" and not _looks_like_person_name(m):
            continue
        s, e = m.tok
        hits = []
        h = roles_before(doc, s, by_end, lx)
        if h is not None:
            h.person = (s, e)
            h.evidence = (h.evidence[0], e)
            hits.append(h)
        h = roles_after(doc, e, by_start, lx)
        if h is not None:
            h.person = (s, e)
            h.evidence = (s, h.evidence[1])
            hits.append(h)
        if hits:
            out[m.start] = hits
    return out


def drop_title_words(mentions: list[Mention], roles: dict[int, list[RoleHit]]) -> list[Mention]:
    """Mentions inside a title before a name are part of the title, not entities: the "State" of
    "Secretary of State Antony Blinken"."""
    spans = [h.title_span for hits in roles.values() for h in hits]
    if not spans:
        return mentions
    return [m for m in mentions if not any(a <= m.tok[0] and m.tok[1] <= b for a, b in spans)]


def role_hits_for(doc: "Doc", lx: EntityLexicon) -> dict[int, list[RoleHit]]:
    """The role patterns of a doc on their own (when the entities were built elsewhere)."""
    return _role_hits(doc, raw_mentions(doc, lx), lx)


def _looks_like_person_name(m: Mention) -> bool:
    return m.label in PERSON_CONFUSABLE and 1 <= len(m.text.split()) <= 3 and m.text[:1].isupper()


_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
             "herself": "f"}


def pronoun_gender(doc: "Doc", clusters: list[Cluster], window: int = 2) -> dict[int, str]:
    """Gender from he/she pronouns: each third-person pronoun votes for the PERSON cluster
    mentioned last before it (within ``window`` sentences); a cluster gets a gender when its votes
    agree (no vote for the other gender). Cheap and approximate; honorifics and gendered titles
    take precedence."""
    persons = [(m.start, i) for i, c in enumerate(clusters) if c.label == "PERSON" for m in c.mentions]
    persons.sort()
    if not persons:
        return {}
    votes: dict[int, dict[str, int]] = {}
    starts = [p for p, _ in persons]
    sc = scan(doc)
    for i in sc.where("lower", _PRONOUNS):
        tok = doc[i]
        g = _PRONOUNS[tok.lower_]
        k = bisect.bisect_left(starts, tok.idx) - 1
        if k < 0:
            continue
        pos, ci = persons[k]
        first_sent = sc.sent_starts[max(0, sc.sentence(i) - window)]
        if pos < doc[first_sent].idx:
            continue
        votes.setdefault(ci, {"m": 0, "f": 0})[g] += 1
    out = {}
    for ci, v in votes.items():
        if v["m"] and not v["f"]:
            out[ci] = "m"
        elif v["f"] and not v["m"]:
            out[ci] = "f"
    return out


# ---------------------------------------------------------------------------------------------
# 4. Salience


def title_and_lead(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """Character ranges of the title (first line of the body) and of the lead (first paragraph
    after the title, or the title's paragraph when the article has no separate title line)."""
    from ...articles import parse_header

    _, body = parse_header(text)
    i = body
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    line_end = text.find("\n", i)
    line_end = n if line_end < 0 else line_end
    title = (i, line_end)
    j = line_end
    while j < n and text[j].isspace():
        j += 1
    para_end = text.find("\n\n", j)
    para_end = n if para_end < 0 else para_end
    lead = (j, para_end) if j < n else title
    return title, lead


def salience(mentions: list[Mention], text_len: int, max_count: int,
             title: tuple[int, int], lead: tuple[int, int]) -> float:
    """0..1: 0.4 mention count (log, relative to the most mentioned), 0.3 first-mention position,
    0.2 in the title, 0.1 in the lead."""
    count = len(mentions)
    first = mentions[0].start
    score = 0.4 * math.log1p(count) / math.log1p(max(max_count, 1))
    score += 0.3 * (1.0 - first / max(text_len, 1))
    if any(title[0] <= m.start < title[1] for m in mentions):
        score += 0.2
    if any(lead[0] <= m.start < lead[1] for m in mentions):
        score += 0.1
    return score


# ---------------------------------------------------------------------------------------------
# The whole step


@dataclass(slots=True)
class EntityIndex:
    """What ``build_entities`` found, kept for the relation layer (not part of the JSON)."""

    clusters: list[Cluster]
    roles: dict[int, list[RoleHit]]
    ids: dict[int, str]  # cluster index -> entity id (shown clusters only)


#: The last index per doc, for extract_relations of the same analysis (a weak cache).
_LAST: dict[int, tuple["Doc", EntityIndex]] = {}


def index_for(doc: "Doc") -> EntityIndex | None:
    hit = _LAST.get(id(doc))
    return hit[1] if hit is not None and hit[0] is doc else None


def build_entities(doc: "Doc", lex: "Lexicons", settings: "Settings") -> list[Entity]:
    """One Entity per real-world entity of the article, shown labels only, ids E1.. by salience."""
    lx = EntityLexicon.from_lex(lex)
    shown = list(settings.entities.show)
    labels = set(NAME_LABELS) | set(shown)
    text = scan(doc).text
    credits = credit_spans(text, lx)
    mentions = raw_mentions(doc, lx, labels, credits, text)
    numeric = [m for m in mentions if m.label not in NAME_LABELS]
    named = [m for m in mentions if m.label in NAME_LABELS]
    roles = _role_hits(doc, named, lx)
    named = drop_title_words(named, roles)
    for m in named:
        if m.start in roles:
            m.person_cue = True
            m.gender = next((g for h in roles[m.start]
                             if (g := lx.gender_of(doc[h.title_span[0]:h.title_span[1]].text))), None)
            m.label = "PERSON"  # "Chancellor Olaf Scholz" tagged ORG is a person
    mark_pronouns_after(doc, named)
    clusters = cluster(named, lx, scan(doc).sentence)
    add_acronym_mentions(doc, clusters, credits)
    add_surname_mentions(doc, clusters, lx, credits)
    # numbers and dates (if the user shows them): grouped by their exact text
    by_text: dict[tuple[str, str], Cluster] = {}
    for m in numeric:
        c = by_text.setdefault((m.label, key(m.text)), Cluster(label=m.label))
        c.add(m)
    clusters.extend(by_text.values())

    pron = pronoun_gender(doc, clusters)
    for i, c in enumerate(clusters):
        if c.label != "PERSON" and any(m.person_cue for m in c.mentions):
            c.label = "PERSON"  # "Mr. Wang" / "Foreign Minister Wang" is a person whatever NER said
        for m in c.mentions:
            c.roles.extend(roles.get(m.start, []))
        g = None
        for h in c.roles:
            g = g or lx.gender_of(doc[h.title_span[0]:h.title_span[1]].text)
        c.gender = g or (pron.get(i) if c.label == "PERSON" else None)

    title, lead = title_and_lead(text)
    max_count = max((len(c.mentions) for c in clusters), default=1)
    scored = []
    for i, c in enumerate(clusters):
        if c.label not in shown or not c.mentions:
            continue
        scored.append((salience(c.mentions, len(text), max_count, title, lead), i, c))
    scored.sort(key=lambda t: (-t[0], t[2].mentions[0].start))
    entities: list[Entity] = []
    ids: dict[int, str] = {}
    for n, (score, i, c) in enumerate(scored, 1):
        name = canonical_name(c, lx)
        aliases = []
        for m in c.mentions:
            a = clean_name(m.text)
            if a != name and a not in aliases:
                aliases.append(a)
        titles = []
        for h in c.roles:
            if not h.honorific and h.title not in titles:
                titles.append(h.title)
        eid = f"E{n}"
        ids[i] = eid
        entities.append(Entity(
            id=eid, name=name, label=c.label,
            mentions=[Span.of(text, m.start, m.end) for m in c.mentions],
            salience=score, aliases=aliases, titles=titles,
            gender=c.gender if c.label == "PERSON" else None,
        ))
    _LAST.clear()
    _LAST[id(doc)] = (doc, EntityIndex(clusters, roles, ids))
    return entities
