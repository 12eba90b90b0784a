"""The YAML word lists under ``config/lexicons``, parsed once per settings and passed down to every stage.

``Lexicons`` holds each file's parsed YAML and, built once with it, the lists the entity and
relation layers read (``Lexicons.entity``: an ``EntityLexicon``). ``Lexicons.from_settings`` keeps
the last few per set of files (path and modification time), so a long reader session parses each
lexicon once and never grows a cache per article.

The lowest module of the analysis: entities, quotes and relations import the types from here, never
from the orchestrator (``tui.analysis``), so no arrow points upward.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..config import Settings, load_lexicon
from .aliases import key

#: The lexicon files, by their key under ``lexicons:`` in the settings.
FILES = ("reporting_verbs", "titles", "nationalities", "relation_verbs", "entity_patterns")

_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*")


def words(s: str) -> list[str]:
    """Lower-case words of ``s`` (dots and apostrophes at their ends left out)."""
    return [w.lower().strip(".'’") for w in _WORD.findall(s)]


@dataclass(frozen=True, slots=True)
class PersonWords:
    """The words the mention resolver (``tui.analysis.resolve``) reads: every word of a title or
    role (``roles``: "foreign", "minister" …), the words that carry a gender, and the pronouns
    that can name a person with the gender they require (None: any person)."""

    roles: frozenset[str]
    male: frozenset[str]
    female: frozenset[str]
    pronouns: dict[str, str | None]
    group_nouns: frozenset[str] = frozenset()  # his campaign, the campaign: a person's group
    organisation_nouns: frozenset[str] = frozenset()  # the company: an organisation
    place_nouns: frozenset[str] = frozenset()  # the city: a place
    epithets: frozenset[str] = frozenset()  # the retired neurosurgeon: the person just named

    @classmethod
    def from_lexicon(cls, lexicon: dict[str, Any]) -> "PersonWords":
        """From a lexicon's ``titles``, ``male``, ``female``, ``pronouns``, ``group_nouns``,
        ``organisation_nouns``, ``place_nouns`` and ``epithets`` keys."""
        roles: set[str] = set()
        for t in lexicon.get("titles") or []:
            roles.update(words(str(t)))
        pron = {str(k).lower(): (None if v in (None, "", "any") else str(v))
                for k, v in (lexicon.get("pronouns") or {"he": "m", "she": "f"}).items()}
        return cls(
            roles=frozenset(roles),
            male=frozenset(str(w).lower().strip(".") for w in lexicon.get("male") or []),
            female=frozenset(str(w).lower().strip(".") for w in lexicon.get("female") or []),
            pronouns=pron,
            group_nouns=_lower_set(lexicon.get("group_nouns")),
            organisation_nouns=_lower_set(lexicon.get("organisation_nouns")),
            place_nouns=_lower_set(lexicon.get("place_nouns")),
            epithets=_lower_set(lexicon.get("epithets")),
        )

    def gender_of_words(self, ws: Iterable[str]) -> str | None:
        """"m" or "f" when one of ``ws`` carries that gender (male first), else None."""
        ws = set(ws)
        if ws & self.male:
            return "m"
        if ws & self.female:
            return "f"
        return None


def _lower_set(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in (values or []))


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
    def parse(cls, lex: "Lexicons") -> "EntityLexicon":
        """The parsed lists of ``lex`` (built once per ``Lexicons``: see ``Lexicons.entity``)."""
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
            speech_cues=frozenset(_lower_list((lex.reporting_verbs or {}).get("verbs"))
                                  + _lower_list((lex.reporting_verbs or {}).get("nouns"))),
        )
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


@dataclass(frozen=True, slots=True)
class Lexicons:
    """The YAML word lists under config/lexicons, parsed; ``entity`` and ``persons``: the parsed
    lists of the entity and relation layers and of the mention resolver, built once here."""

    reporting_verbs: dict[str, Any]
    titles: dict[str, Any]
    nationalities: dict[str, Any]
    relation_verbs: dict[str, Any]
    entity_patterns: dict[str, Any]
    entity: EntityLexicon = field(init=False, repr=False, compare=False)
    persons: PersonWords = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "entity", EntityLexicon.parse(self))
        object.__setattr__(self, "persons", PersonWords.from_lexicon(self.reporting_verbs or {}))

    @classmethod
    def from_settings(cls, settings: Settings) -> "Lexicons":
        """The lexicons of ``settings``: the same object while the files are unchanged."""
        try:
            stamp = tuple((name, str(p), p.stat().st_mtime)
                          for name in FILES for p in [getattr(settings.lexicons, name)])
        except OSError:
            stamp = None  # load_lexicon raises the one-line error
        hit = _LOADED.get(stamp) if stamp is not None else None
        if hit is None:
            hit = cls(**{name: load_lexicon(settings, name) for name in FILES})
            if len(_LOADED) >= 8:
                _LOADED.clear()
            _LOADED[stamp] = hit
        return hit


#: Lexicons per set of files (path, modification time); at most eight.
_LOADED: dict[Any, Lexicons] = {}
