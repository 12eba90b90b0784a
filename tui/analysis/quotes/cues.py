"""The cue lexicon: which words report speech, belief, intention or stance, and how.

``Cues`` is ``config/lexicons/reporting_verbs.yaml`` parsed once per lexicon object (``cues_of``):
the classes of verbs and nouns (say, believe, plan, expect, refer to, claim that …), the phrases
("according to"), the ``mined`` section merged into the classes by the complement each lemma
takes, and the stance classes gated by ``quotes.stance``. Every rule asks it whether a token is a
cue of some class; no rule holds a word list of cues itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue lexicon, parsed from ``config/lexicons/reporting_verbs.yaml``: the cue classes, and
    the word lists that decide who speaks (``relative_pronouns`` … ``survey_nouns``)."""

    verbs: frozenset[str]
    belief_verbs: frozenset[str]
    nouns: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    object_verbs: frozenset[str] = frozenset()
    intention_verbs: frozenset[str] = frozenset()
    expectation_verbs: frozenset[str] = frozenset()
    headline_labels: frozenset[str] = frozenset()
    prep_verbs: dict[str, frozenset[str]] = field(default_factory=dict)
    prep_nouns: dict[str, frozenset[str]] = field(default_factory=dict)
    evidence_verbs: frozenset[str] = frozenset()
    evidence_nouns: frozenset[str] = frozenset()
    passive_questions: frozenset[str] = frozenset()
    impression_verbs: frozenset[str] = frozenset()
    judgement_verbs: frozenset[str] = frozenset()
    display_verbs: frozenset[str] = frozenset()
    display_nouns: frozenset[str] = frozenset()
    sign_nouns: frozenset[str] = frozenset()
    # who speaks (see the comments in the YAML)
    relative_pronouns: frozenset[str] = frozenset()
    own_pronouns: frozenset[str] = frozenset()
    not_speakers: frozenset[str] = frozenset()
    not_sign_speakers: frozenset[str] = frozenset()
    publishing_verbs: frozenset[str] = frozenset()
    survey_nouns: frozenset[str] = frozenset()

    @classmethod
    def from_lexicon(cls, lex: dict[str, Any] | None, stance: bool = False) -> "Cues":
        lex = lex or {}

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower().strip() for w in lex.get(key) or [] if str(w).strip())

        phrases = tuple(tuple(str(p).lower().split()) for p in lex.get("phrases") or [] if str(p).split())
        mined = lex.get("mined") if isinstance(lex.get("mined"), dict) else {}
        gated = frozenset() if stance else words("stance_verbs") | _prep_verbs(lex.get("prep_nouns")).keys()

        def mwords(key: str) -> frozenset[str]:  # a mined word of stance still waits for quotes.stance
            return frozenset(str(w).lower().strip() for w in mined.get(key) or [] if str(w).strip()) - gated

        mined_nouns = {k: v for k, v in _prep_verbs(mined.get("noun_prep")).items() if k not in gated}
        return cls(words("verbs"), words("belief_verbs") | mwords("ccomp"), words("nouns") | mwords("noun_ccomp"),
                   phrases,
                   words("object_verbs") | (words("stance_verbs") if stance else frozenset()) | mwords("dobj"),
                   words("intention_verbs") | mwords("xcomp"), words("expectation_verbs"), words("headline_labels"),
                   _merge(_prep_verbs(lex.get("prep_verbs")), _prep_verbs(mined.get("prep"))),
                   _merge(_prep_verbs(lex.get("prep_nouns")) if stance else {}, mined_nouns),
                   words("evidence_verbs"), words("evidence_nouns"), words("passive_questions"),
                   words("impression_verbs"), words("judgement_verbs"), words("display_verbs"),
                   words("display_nouns"), words("sign_nouns"),
                   relative_pronouns=words("relative_pronouns"), own_pronouns=words("own_pronouns"),
                   not_speakers=words("not_speakers"), not_sign_speakers=words("not_sign_speakers"),
                   publishing_verbs=words("publishing_verbs"), survey_nouns=words("survey_nouns"))

    def is_prep_cue(self, verb: "Token", prep: "Token") -> bool:
        """``prep`` is one of the prepositions that introduce what ``verb`` is about (referring to)."""
        return prep.lower_ in self.prep_verbs.get(verb.lemma_.lower(), ())

    def is_speech_verb(self, t: "Token") -> bool:
        return t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in self.verbs

    def is_clause_verb(self, t: "Token") -> bool:
        lemma = t.lemma_.lower()
        return t.pos_ in ("VERB", "AUX") and (lemma in self.verbs or lemma in self.belief_verbs or
                                              lemma in self.object_verbs)

    def is_report_verb(self, t: "Token") -> bool:
        """Any verb that can report (clause verbs, and verbs of intention, expectation and
        prepositions of content); clause verbs alone decide where a reported clause ends."""
        lemma = t.lemma_.lower()
        return self.is_clause_verb(t) or t.pos_ in ("VERB", "AUX") and (
            lemma in self.intention_verbs or lemma in self.expectation_verbs or lemma in self.prep_verbs or
            lemma in self.evidence_verbs or lemma in self.passive_questions)


def _prep_verbs(raw: Any) -> dict[str, frozenset[str]]:
    """``prep_verbs`` of the lexicon ({verb: [prepositions]}), lower-cased; anything else gives {}."""
    if not isinstance(raw, dict):
        return {}
    return {str(k).lower().strip(): frozenset(str(p).lower().strip() for p in (v or []) if str(p).strip())
            for k, v in raw.items() if isinstance(v, list)}


def _merge(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Two {word: prepositions} maps in one (the hand-written classes and the ``mined`` section)."""
    return {k: a.get(k, frozenset()) | b.get(k, frozenset()) for k in a.keys() | b.keys()}


_CUES: dict[tuple[int, bool], tuple[Any, Cues]] = {}


def cues_of(vocab: dict[str, Any], stance: bool) -> Cues:
    """The parsed cue lexicon, built once per lexicon object (the config layer caches those)."""
    key = (id(vocab), stance)
    hit = _CUES.get(key)
    if hit is None or hit[0] is not vocab:  # (an id can be reused once its object is gone)
        if len(_CUES) > 16:
            _CUES.clear()
        hit = _CUES[key] = (vocab, Cues.from_lexicon(vocab, stance=stance))
    return hit[1]
