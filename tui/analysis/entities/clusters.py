"""Clustering: mentions grouped per real-world entity, and each cluster's canonical name.

``cluster`` applies the name rules of ``tui.analysis.aliases.same_entity`` (full name / surname /
title + surname, acronyms, listed country aliases) with blocking by shared words; a bare surname
shared by several persons follows ``_surname_choice``. ``add_acronym_mentions`` and
``add_surname_mentions`` add the untagged acronyms and surnames spaCy left out;
``canonical_name`` picks the name shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from ..aliases import clean_name, key, looks_like_acronym, same_entity, strip_honorifics
from ..lexicons import EntityLexicon
from ..names import first_name_gender
from .mentions import PERSON_CONFUSABLE, PLACE_OR_ORG, Mention, _inside
from .roles import RoleHit

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from ..context import DocContext


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


def add_acronym_mentions(ctx: "DocContext", clusters: list[Cluster], credits: list[tuple[int, int]]) -> None:
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
    doc = ctx.doc
    for i in ctx.where("orth", forms):
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


def add_surname_mentions(ctx: "DocContext", clusters: list[Cluster], lx: EntityLexicon,
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
    doc = ctx.doc
    n = len(doc)
    for i in ctx.where("orth", words):
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
