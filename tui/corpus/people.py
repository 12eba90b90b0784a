"""One source across articles: which entities of different articles are the same person (or the
same organisation), and their gender. Pure functions over plain rows; no spaCy, no SQLite.

Persons (label PERSON) are merged by name, with the word-level rules the per-article clustering
uses (``tui.aliases``: honorifics dropped, a run of words of a longer name, middle initials), made
stricter because two articles share no context:

1. **Full names** (two words or more, honorifics and titles removed) are one person when they are
   written the same (case, dots and possessives ignored): "Donald Trump" in every article.
2. A full name **without middle names** joins the one longer name with the same first and last
   name and the same suffix, when all such longer names agree (an initial agrees with a name
   that starts with it): "Donald Trump" = "Donald J. Trump"; "Hillary Clinton" = "Hillary
   Rodham Clinton". "George Bush" stays apart when both "George W. Bush" and "George H. W.
   Bush" occur; "Donald Trump Jr." is never "Donald Trump" (suffixes must be equal).
3. A **single name** ("Trump", "Mr. Trump") joins the full name it is a word of when there is
   one such person; when there are several ("Bill Clinton", "Hillary Clinton"), it joins the one
   whose gender agrees (both known), else the one seen in at least ``DOMINANCE`` times as many
   articles as the next; otherwise it stays a source of its own. A single name that no full
   name contains is a source of its own, merged with the same single name elsewhere.

Two different full names sharing a surname ("Bill Clinton", "Hillary Clinton") are never merged.
Other labels (ORG, GPE, NORP …) are merged when their names are equal after ``aliases.key`` (and
a listed country alias: "US" = "United States").

**Gender** of a merged person: the votes of its entities (each article's entity carries the gender
the analysis read from honorifics, gendered titles and he/she pronouns) and, when a first-name list
is available, of its first name; a clear majority (``GENDER_MAJORITY``) decides, otherwise it is
unknown. A surname never decides anything.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Mapping

from ..analysis.aliases import _DEFAULT_HONORIFICS, NAME_SUFFIXES, canonical_alias, clean_name, key

#: A single name goes to the most frequent of several persons only when that one is seen in at
#: least this many times as many articles as the next.
DOMINANCE = 3.0
#: Share of the known gender votes one gender needs.
GENDER_MAJORITY = 0.75

_INITIAL = re.compile(r"^[a-z]\.?$")


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One entity of one article, as the index stores it."""

    article: int
    eid: str
    name: str
    label: str
    gender: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)
class Source:
    """A merged source: one person (or organisation …) across articles."""

    id: int
    name: str
    label: str
    members: list[tuple[int, str]] = field(default_factory=list)  # (article id, entity id)
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None
    articles: set[int] = field(default_factory=set)


def name_words(name: str, honorifics: Iterable[str] = ()) -> tuple[str, ...]:
    """The words of a person's name, lower case, no dots, honorifics and titles dropped:
    "Mr. Donald J. Trump" -> ("donald", "j", "trump")."""
    return _name_words(name, _honorific_set(tuple(honorifics)))


@lru_cache(maxsize=16)
def _honorific_set(honorifics: tuple[str, ...]) -> frozenset[str]:
    return frozenset(h.lower().rstrip(".") for h in honorifics) | _DEFAULT_HONORIFICS


def _without_honorifics(name: str, hons: frozenset[str]) -> str:
    words = [w for w in clean_name(name).split(" ") if w]
    while len(words) > 1 and words[0].lower().rstrip(".") in hons:
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=65536)
def _name_words(name: str, hons: frozenset[str]) -> tuple[str, ...]:
    # The same stripping as aliases.strip_honorifics, with the word set built once.
    out = (w.strip(".,").lower().replace("’", "'") for w in _without_honorifics(name, hons).split(" "))
    return tuple(w for w in out if w)


def _split_suffix(words: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    if len(words) > 2 and words[-1] in {s.rstrip(".") for s in NAME_SUFFIXES}:
        return words[:-1], words[-1]
    return words, ""


def _middles_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Middle names of two longer forms of one name: equal, or an initial and a name it starts."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x == y:
            continue
        if len(x) == 1 and y.startswith(x) or len(y) == 1 and x.startswith(y):
            continue
        return False
    return True


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        p = self.parent.setdefault(x, x)
        while p != x:
            self.parent[x] = self.parent.setdefault(p, p)
            x, p = p, self.parent[p]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def merge_people(rows: Iterable[EntityRow], *, honorifics: Iterable[str] = (),
                 alias_index: Mapping[str, str] | None = None,
                 first_name_gender: Callable[[str], str | None] | None = None) -> tuple[list[Source], dict[tuple[int, str], int]]:
    """Merge entities across articles. Returns the sources and (article, entity id) -> source id.

    ``honorifics``: words dropped before names are compared (the titles lexicon); ``alias_index``:
    key(variant) -> canonical name for non-persons; ``first_name_gender(word) -> "f"|"m"|None``.
    """
    rows = list(rows)
    hons = tuple(honorifics)
    uf = _UnionFind()
    words_of: dict[tuple[int, str], tuple[str, ...]] = {}
    persons: list[EntityRow] = []
    for r in rows:
        ref = (r.article, r.eid)
        if r.label == "PERSON":
            w = name_words(r.name, hons)
            if not w:
                w = (key(r.name) or r.eid,)
            words_of[ref] = w
            persons.append(r)
            uf.find(("P", w))
        else:
            canon = canonical_alias(r.name, alias_index) if alias_index else None
            uf.find(("O", key(canon or r.name) or r.name))

    # 1-2. Full names: same words, then the short form onto its one longer form.
    full = {w for w in words_of.values() if len(w) >= 2}
    by_ends: dict[tuple[str, str, str], list[tuple[str, ...]]] = defaultdict(list)
    for w in full:
        core, suffix = _split_suffix(w)
        if len(core) >= 2:
            by_ends[(core[0], core[-1], suffix)].append(w)
    for (first, last, suffix), names in by_ends.items():
        short = [w for w in names if len(_split_suffix(w)[0]) == 2]
        longer = [w for w in names if len(_split_suffix(w)[0]) > 2]
        if not short or not longer:
            continue
        mids = [_split_suffix(w)[0][1:-1] for w in longer]
        if all(_middles_agree(mids[0], m) for m in mids[1:]):
            for w in longer:
                uf.union(("P", short[0]), ("P", w))

    # Articles per full-name person, and its gender votes (for rule 3).
    arts: dict = defaultdict(set)
    votes: dict = defaultdict(Counter)
    for r in persons:
        root = uf.find(("P", words_of[(r.article, r.eid)]))
        arts[root].add(r.article)
        if r.gender in ("f", "m"):
            votes[root][r.gender] += 1
    word_index: dict[str, set] = defaultdict(set)
    for w in full:
        core, _ = _split_suffix(w)
        root = uf.find(("P", w))
        for token in core:
            if not _INITIAL.match(token):
                word_index[token].add(root)

    # 3. Single names, decided per (word, gender).
    singles: dict[tuple[str, str | None], list[EntityRow]] = defaultdict(list)
    for r in persons:
        w = words_of[(r.article, r.eid)]
        if len(w) == 1:
            singles[(w[0], r.gender if r.gender in ("f", "m") else None)].append(r)
    for (word, gender), members in singles.items():
        cands = list(word_index.get(word, ()))
        if gender is not None and len(cands) > 1:
            fitting = [c for c in cands if _gender_of(votes[c]) in (gender, None)]
            known = [c for c in fitting if _gender_of(votes[c]) == gender]
            cands = known if len(known) == 1 else fitting
        target = None
        if len(cands) == 1:
            target = cands[0]
        elif len(cands) > 1:
            ranked = sorted(cands, key=lambda c: (-len(arts[c]), str(c)))
            if len(arts[ranked[0]]) >= DOMINANCE * len(arts[ranked[1]]):
                target = ranked[0]
        if target is not None:
            uf.union(target, ("P", (word,)))

    # Sources.
    groups: dict = defaultdict(list)
    for r in rows:
        ref = (r.article, r.eid)
        if r.label == "PERSON":
            node = ("P", words_of[ref])
        else:
            canon = canonical_alias(r.name, alias_index) if alias_index else None
            node = ("O", key(canon or r.name) or r.name)
        groups[uf.find(node)].append(r)
    sources: list[Source] = []
    member_of: dict[tuple[int, str], int] = {}
    for root in sorted(groups, key=str):
        members = groups[root]
        src = Source(id=len(sources), name=_display_name(members, hons), label=_label(members))
        names: Counter = Counter()
        g: Counter = Counter()
        for r in members:
            src.members.append((r.article, r.eid))
            src.articles.add(r.article)
            member_of[(r.article, r.eid)] = src.id
            for n in (r.name, *r.aliases):
                c = clean_name(n)
                if c:
                    names[c] += 1
            if r.gender in ("f", "m"):
                g[r.gender] += 1
        if src.label == "PERSON" and first_name_gender is not None:
            words = name_words(src.name, hons)
            if len(words) >= 2:  # a first name, never a lone (sur)name
                fg = first_name_gender(words[0])
                if fg in ("f", "m"):
                    g[fg] += 1
        src.gender = _gender_of(g) if src.label == "PERSON" else None
        seen = {key(src.name)}
        for n, _ in sorted(names.items(), key=lambda kv: (-kv[1], kv[0])):
            if key(n) not in seen:
                seen.add(key(n))
                src.aliases.append(n)
        sources.append(src)
    return sources, member_of


def _gender_of(votes: Counter) -> str | None:
    total = votes["f"] + votes["m"]
    if not total:
        return None
    top = "f" if votes["f"] > votes["m"] else "m"
    return top if votes[top] / total >= GENDER_MAJORITY else None


def _label(members: list[EntityRow]) -> str:
    return Counter(r.label for r in members).most_common(1)[0][0]


def _display_name(members: list[EntityRow], hons: tuple[str, ...]) -> str:
    """The name written in the most articles; for a person, a full name before a single one."""
    counts: Counter = Counter()
    for r in members:
        counts[_without_honorifics(r.name, _honorific_set(hons)) or r.name] += 1
    if members[0].label != "PERSON":
        return sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
    def rank(kv: tuple[str, int]) -> tuple:
        words = kv[0].split()
        initials = sum(1 for w in words[1:-1] if _INITIAL.match(w.lower()))
        return (len(words) < 2, -kv[1], initials, -len(words), kv[0])

    return sorted(counts.items(), key=rank)[0][0]


def description_gender(text: str, male: Iterable[str], female: Iterable[str]) -> str | None:
    """The gender a described speaker's words say ("a spokeswoman" -> "f"), or None."""
    words = {w.strip(".,").lower() for w in text.split()}
    f = bool(words & _word_set(tuple(female)))
    m = bool(words & _word_set(tuple(male)))
    return "f" if f and not m else "m" if m and not f else None


@lru_cache(maxsize=8)
def _word_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(x.lower().rstrip(".") for x in words)
