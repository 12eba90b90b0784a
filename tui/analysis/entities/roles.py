"""The lexicons of the entity layer, parsed once, and the title/role patterns around person names.

Shared by ``entities`` (Entity.titles, gender) and ``relations`` (ROLE, MEMBER_OF). No Textual.
A role is read from the surface around a PERSON mention, not from the parse, because spaCy's small
model attaches appositions unreliably; each pattern is a small function with its own docstring.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from ..aliases import key

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span as SpacySpan

    from ..lexicons import Lexicons

#: Labels that name things (the rest are numbers and dates).
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW",
                         "WORK_OF_ART", "LANGUAGE"})
#: Labels that can be the organisation or country of a role.
ROLE_OBJECT_LABELS = frozenset({"ORG", "GPE", "NORP"})
_POSS = frozenset({"'s", "’s", "'", "’"})
_PUNCT_END = frozenset({",", ".", ";", ":", ")", "—", "–", "-", "!", "?", "\"", "”", "’"})


def _lower_list(values: Any) -> list[str]:
    return [str(v).lower() for v in (values or [])]


def title_key(phrase: str) -> str:
    """A title as spaCy's tokens, lower case, space-joined: "Secretary-General" ->
    "secretary - general", "Sen." -> "sen."; so a doc's token run is compared without rebuilding
    its text."""
    parts = []
    for w in phrase.lower().split():
        parts += [p for p in re.split(r"(-)", w) if p]
    return " ".join(parts)


@dataclass(slots=True)
class EntityLexicon:
    """Everything lexical the entity and relation layers read, from the YAML files."""

    titles: frozenset[str]
    honorifics: frozenset[str]
    abbreviations: dict[str, str]
    modifiers: frozenset[str]
    male: frozenset[str]
    female: frozenset[str]
    nationalities: dict[str, str]          # key("Chinese") -> "China"
    parties: dict[str, str]                # key("Republican") -> "Republican Party"
    party_letters: dict[str, str]
    country_aliases: dict[str, list[str]]  # canonical -> variants
    alias_index: dict[str, str]            # key(variant) -> canonical
    countries: frozenset[str]              # keys of every country of the nationality list
    credit_agencies: list[str]
    credit_words: list[str]
    max_title_words: int = 1
    title_keys: frozenset[str] = frozenset()     # title_key of every title and honorific
    refers_to: dict[str, frozenset[str]] = field(default_factory=dict)
    verb_classes: dict[str, dict[str, Any]] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    verb_lemmas: frozenset[str] = frozenset()  # every lemma that can start an INTERACTION
    not_said: frozenset[str] = frozenset()     # quote cues that are stances, not speech
    speech_cues: frozenset[str] = frozenset()  # lemmas of saying (reporting_verbs verbs + nouns)

    @classmethod
    def from_lex(cls, lex: "Lexicons") -> "EntityLexicon":
        cached = _CACHE.get(id(lex))
        if cached is not None and cached[0] is lex:
            return cached[1]
        t = lex.titles or {}
        titles = frozenset(_lower_list(t.get("titles")))
        honorifics = frozenset(_lower_list(t.get("honorifics")))
        nat = lex.nationalities or {}
        nationalities = nat.get("nationalities") if isinstance(nat.get("nationalities"), dict) else {
            k: v for k, v in nat.items() if isinstance(v, str)}
        aliases = {str(k): [str(v) for v in (vs or [])] for k, vs in (nat.get("country_aliases") or {}).items()}
        alias_index: dict[str, str] = {}
        for canon, variants in aliases.items():
            alias_index[key(canon)] = canon
            for v in variants:
                alias_index[key(v)] = canon
        ep = lex.entity_patterns or {}
        rv = lex.relation_verbs or {}
        classes: dict[str, dict[str, Any]] = {}
        for name, spec in rv.items():
            if not isinstance(name, str) or not name.isupper():
                continue
            if isinstance(spec, list):  # the old shape: CLASS: [lemmas]
                spec = {"verbs": [w for w in spec if " " not in str(w)],
                        "phrases": [w for w in spec if " " in str(w)]}
            classes[name] = {
                "verbs": frozenset(_lower_list(spec.get("verbs"))),
                "phrases": [tuple(p.split()) for p in _lower_list(spec.get("phrases"))],
                "nouns": frozenset(_lower_list(spec.get("nouns"))),
                "reciprocal": bool(spec.get("reciprocal", False)),
            }
        every = titles | honorifics
        lx = cls(
            titles=titles,
            honorifics=honorifics,
            abbreviations={str(k).lower(): str(v) for k, v in (t.get("abbreviations") or {}).items()},
            modifiers=frozenset(_lower_list(t.get("modifiers"))),
            male=frozenset(_lower_list(t.get("male"))),
            female=frozenset(_lower_list(t.get("female"))),
            nationalities={key(k): str(v) for k, v in (nationalities or {}).items()},
            parties={key(k): str(v) for k, v in (nat.get("parties") or {}).items()},
            party_letters={str(k).upper(): str(v) for k, v in (nat.get("party_letters") or {}).items()},
            country_aliases=aliases,
            alias_index=alias_index,
            countries=frozenset(key(str(v)) for v in (nationalities or {}).values()),
            credit_agencies=[str(a) for a in (ep.get("credit_agencies") or [])],
            credit_words=_lower_list(ep.get("credit_words")),
            max_title_words=max((len(title_key(w).split()) for w in every), default=1),
            title_keys=frozenset(title_key(w) for w in every),
            refers_to={str(k).lower(): frozenset(_lower_list(v)) for k, v in (t.get("refers_to") or {}).items()},
            verb_classes=classes,
            light_verbs=frozenset(_lower_list(rv.get("light_verbs"))),
            verb_lemmas=frozenset(
                [w for spec in classes.values() for w in spec["verbs"]]
                + [p[0] for spec in classes.values() for p in spec["phrases"]]
                + _lower_list(rv.get("light_verbs"))),
            not_said=frozenset(_lower_list(rv.get("not_said"))),
            speech_cues=frozenset(_lower_list((getattr(lex, "reporting_verbs", None) or {}).get("verbs"))
                                  + _lower_list((getattr(lex, "reporting_verbs", None) or {}).get("nouns"))),
        )
        _CACHE[id(lex)] = (lex, lx)
        return lx

    # -- titles ---------------------------------------------------------------------------
    def is_title(self, phrase: str) -> bool:
        p = phrase.lower()
        return p in self.titles or p in self.honorifics or title_key(p) in self.title_keys

    def title_len(self, lowers: list[str], j: int, limit: int) -> int:
        """Length in tokens of the longest title starting at token ``j`` (0 if none)."""
        for n in range(min(self.max_title_words, limit - j), 0, -1):
            if " ".join(lowers[j:j + n]) in self.title_keys:
                return n
        return 0

    def title_len_before(self, lowers: list[str], s: int) -> int:
        """Length in tokens of the longest title ending just before token ``s`` (0 if none)."""
        for n in range(min(self.max_title_words, s), 0, -1):
            if " ".join(lowers[s - n:s]) in self.title_keys:
                return n
        return 0

    def is_honorific(self, phrase: str) -> bool:
        p = phrase.lower()
        return p in self.honorifics or p.rstrip(".") in {h.rstrip(".") for h in self.honorifics}

    def display_title(self, phrase: str) -> str:
        """How a title is shown: "foreign minister" -> "Foreign Minister", "sen." -> "Senator"."""
        p = " ".join(phrase.lower().split())
        if p in self.abbreviations:
            return self.abbreviations[p]
        return "-".join(" ".join(w[:1].upper() + w[1:] if w not in ("of", "and", "the") else w
                                 for w in part.split(" ")) for part in p.split("-"))

    def describes(self, description: str, title: str) -> bool:
        """Can the role description ("the minister", "the Chinese diplomat") refer to a person
        introduced with ``title`` ("Foreign Minister")?"""
        d, t = description.lower(), title.lower()
        return d == t or t.endswith(" " + d) or t in self.refers_to.get(d, ())

    def gender_of(self, phrase: str) -> str | None:
        p = phrase.lower()
        if p in self.male or p.rstrip(".") in self.male:
            return "m"
        if p in self.female or p.rstrip(".") in self.female:
            return "f"
        return None

    def country_of(self, norp: str) -> str | None:
        """The country of a nationality adjective: "Chinese" -> "China"."""
        return self.nationalities.get(key(norp))

    def party_of(self, norp: str) -> str | None:
        return self.parties.get(key(norp))


_CACHE: dict[int, tuple[Any, EntityLexicon]] = {}


# ---------------------------------------------------------------------------------------------
# One pass over the doc's attributes (numpy), shared by the entity and relation layers: iterating
# spaCy tokens in Python is the main cost of these layers, so rules look only at candidates.


class DocScan:
    """Token attribute columns of a doc and its sentence starts."""

    def __init__(self, doc: "Doc"):
        import numpy as np
        from spacy.attrs import ENT_TYPE, LEMMA, LOWER, ORTH, POS

        self.doc = doc
        self.text = doc.text  # spaCy rebuilds doc.text at every access: read it once per doc
        self.np = np
        self.arr = doc.to_array([ORTH, LOWER, LEMMA, POS, ENT_TYPE])
        self.sent_starts = [s.start for s in doc.sents]
        self._lowers: list[str] | None = None

    def where(self, column: str, values: Iterable[str]) -> list[int]:
        """Token indices whose ``column`` (orth, lower, lemma) is one of ``values``."""
        col = {"orth": 0, "lower": 1, "lemma": 2}[column]
        strings = self.doc.vocab.strings
        hashes = self.np.array([strings[v] for v in values], dtype=self.arr.dtype)
        if not len(hashes) or not len(self.arr):
            return []
        return self.np.isin(self.arr[:, col], hashes).nonzero()[0].tolist()

    def untagged(self) -> list[int]:
        """Token indices outside every entity."""
        if not len(self.arr):
            return []
        return (self.arr[:, 4] == 0).nonzero()[0].tolist()

    @property
    def lowers(self) -> list[str]:
        """The lower-case form of every token (built on first use)."""
        if self._lowers is None:
            strings = self.doc.vocab.strings
            self._lowers = [strings[h] for h in self.arr[:, 1].tolist()]
        return self._lowers

    def sentence(self, i: int) -> int:
        """The index of the sentence that holds token ``i``."""
        return bisect.bisect_right(self.sent_starts, i) - 1


_SCANS: dict[int, DocScan] = {}


def scan(doc: "Doc") -> DocScan:
    """The DocScan of ``doc`` (the last one is kept for the relation layer)."""
    s = _SCANS.get(id(doc))
    if s is not None and s.doc is doc:
        return s
    s = DocScan(doc)
    _SCANS.clear()
    _SCANS[id(doc)] = s
    return s


# ---------------------------------------------------------------------------------------------
# Role patterns


@dataclass(slots=True)
class RoleHit:
    """A title read next to a person mention (token indices into the doc)."""

    person: tuple[int, int]            # token span of the person name
    title: str                         # display form: "Foreign Minister"
    title_span: tuple[int, int]        # token span of the title words
    org: tuple[int, int] | None        # token span of the organisation/country mention
    org_text: str | None               # "China" for "Chinese", else the mention text
    org_label: str | None
    party: str | None                  # "Republican Party" for "Republican Sen. ..."
    evidence: tuple[int, int]          # token span of the whole pattern
    honorific: bool = False            # Mr./Mrs.: gender only, not a role


def _match_title(doc: "Doc", j: int, limit: int, lx: EntityLexicon) -> int:
    """Length in tokens of the longest title starting at token ``j`` (0 if none)."""
    return lx.title_len(scan(doc).lowers, j, limit)


def _ent_ending_at(ents_by_end: dict[int, "SpacySpan"], i: int) -> "SpacySpan | None":
    return ents_by_end.get(i)


def _ent_starting_at(doc: "Doc", ents_by_start: dict[int, "SpacySpan"], j: int) -> "SpacySpan | None":
    """The entity starting at token ``j``, or at the "the" just before it ("the Federal Reserve"
    is often one entity with its article)."""
    e = ents_by_start.get(j)
    if e is None and j > 0 and doc[j - 1].lower_ == "the":
        e = ents_by_start.get(j - 1)
    return e


def _org_from_ent(ent: "SpacySpan", lx: EntityLexicon) -> tuple[str | None, str | None]:
    """(country or organisation text, party) for a modifier entity before a title."""
    if ent.label_ == "NORP":
        party = lx.party_of(ent.text)
        if party:
            return None, party
        return lx.country_of(ent.text), None
    if ent.label_ in ("ORG", "GPE"):
        return ent.text, None
    return None, None


def roles_before(doc: "Doc", s: int, ents_by_end: dict[int, "SpacySpan"], lx: EntityLexicon) -> RoleHit | None:
    """Pattern 1, a title before the name: ``[NORP|GPE's|ORG] [modifier] TITLE PERSON``.

    "Chinese Foreign Minister Wang Yi" -> Foreign Minister / China; "Microsoft CEO Satya Nadella"
    -> CEO / Microsoft; "Russia's Foreign Minister Sergey Lavrov"; "Republican Sen. Ted Cruz"
    -> Senator (and the party); "Mr. Wang" -> an honorific (gender only).
    """
    best = lx.title_len_before(scan(doc).lowers, s)
    if not best or any(t.is_punct and t.text not in "-." for t in doc[s - best:s]):
        return None
    t0 = s - best
    title_text = doc[t0:s].text
    honorific = lx.is_honorific(title_text)
    i = t0
    while i > 0 and doc[i - 1].lower_ in lx.modifiers:
        i -= 1
    org = org_text = org_label = party = None
    ev0 = i
    # "Russia's" : an entity followed by a possessive marker
    if i > 1 and doc[i - 1].text in _POSS and (e := _ent_ending_at(ents_by_end, i - 1)) is not None:
        org, org_label = (e.start, e.end), e.label_
        org_text, party = _org_from_ent(e, lx)
        ev0 = e.start
    elif (e := _ent_ending_at(ents_by_end, i)) is not None and e.label_ in ROLE_OBJECT_LABELS:
        org, org_label = (e.start, e.end), e.label_
        org_text, party = _org_from_ent(e, lx)
        ev0 = e.start
        if party:
            org = None
    if org_text is None and not party:
        org = None
    return RoleHit((s, s), lx.display_title(title_text), (t0, s), org, org_text, org_label, party,
                   (ev0, s), honorific=honorific)


def roles_after(doc: "Doc", e: int, ents_by_start: dict[int, "SpacySpan"], lx: EntityLexicon) -> RoleHit | None:
    """Pattern 2, an apposition after the name: ``PERSON, [the|a] [GPE's|NORP] TITLE [of|at|for ORG|GPE],``.

    "Sergey Lavrov, Russia's foreign minister," -> Foreign Minister / Russia; "Satya Nadella, the
    chief executive of Microsoft," -> Chief Executive / Microsoft. The apposition must end at
    punctuation or at the end of the sentence, so "Lavrov, a minister who ..." is not read.
    """
    n = len(doc)
    if e >= n or doc[e].text != ",":
        return None
    sent_end = doc[e].sent.end
    j = e + 1
    org = org_text = org_label = party = None
    if j < sent_end and doc[j].lower_ in ("the", "a", "an"):
        j += 1
    while j < sent_end and doc[j].lower_ in lx.modifiers:
        j += 1
    ent = _ent_starting_at(doc, ents_by_start, j)
    if ent is not None and ent.label_ in ROLE_OBJECT_LABELS and ent.label_ != "PERSON":
        after = ent.end
        if after < sent_end and doc[after].text in _POSS:
            after += 1
        elif ent.label_ != "NORP" and not (after < sent_end and _match_title(doc, after, sent_end, lx)):
            ent = None
        if ent is not None:
            org, org_label = (ent.start, ent.end), ent.label_
            org_text, party = _org_from_ent(ent, lx)
            j = after
    while j < sent_end and doc[j].lower_ in lx.modifiers:
        j += 1
    k = _match_title(doc, j, sent_end, lx)
    if not k or lx.is_honorific(doc[j:j + k].text):
        return None
    title_span = (j, j + k)
    title_text = doc[j:j + k].text
    j += k
    if j < sent_end and doc[j].lower_ in ("of", "at", "for", "in") and org is None:
        m = j + 1
        if m < sent_end and doc[m].lower_ == "the":
            m += 1
        ent2 = _ent_starting_at(doc, ents_by_start, m)
        if ent2 is None or ent2.label_ not in ("ORG", "GPE"):
            return None
        org, org_label, org_text = (ent2.start, ent2.end), ent2.label_, ent2.text
        j = ent2.end
    if j < sent_end and doc[j].text not in _PUNCT_END and not doc[j].is_punct:
        return None
    if org_text is None:
        org = None
    return RoleHit((e, e), lx.display_title(title_text), title_span, org, org_text, org_label, party,
                   (e + 1, j))


_PARTY_PAREN = re.compile(r"^\(\s*([RDI])\s*[-–.,]\s*[A-Z][A-Za-z. ]{1,20}\)")


def party_after(text: str, end_char: int, lx: EntityLexicon) -> tuple[str, int] | None:
    """Pattern 3, a party letter after the name: "Ted Cruz (R-Texas)" -> Republican Party."""
    rest = text[end_char:end_char + 30]
    stripped = rest.lstrip()
    m = _PARTY_PAREN.match(stripped)
    if not m:
        return None
    party = lx.party_letters.get(m.group(1))
    if not party:
        return None
    return party, end_char + (len(rest) - len(stripped)) + m.end()
