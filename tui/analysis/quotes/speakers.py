"""Speakers: from the surface mention of a quote's source to the entity it refers to.

Offline rules over the article's entities (``tui.analysis.entities.build`` clusters names and aliases; this
module never clusters names itself, so it improves when the entities do):

* a speaker span that overlaps an entity mention is that entity (PERSON first);
* a speaker span that names a person by a word of an entity's name or alias (a surname) is that
  person (the one mentioned last before the quote when several share the word);
* he/she is, among the last three persons mentioned before the quote (outside quotations), the
  last speaker unless its gender contradicts the pronoun, else the most recent person of the
  pronoun's gender, else of unknown gender;
* a definite role description (the foreign minister, the Chinese diplomat, the spokeswoman) is
  the person whose titles, or the words around one of whose mentions ("Chinese Foreign Minister
  Wang Yi", "Maria Zakharova, a spokeswoman for …"), share the role's words; failing that, the
  last speaker; an indefinite one (a spokeswoman) is nobody known;
* a relative pronoun (Jane Doe, who said …) is resolved through its antecedent by the caller.

Proper-noun tokens that repeat a word of exactly one PERSON entity's name count as mentions of
that person where the NER tagged nothing (or something else), so "Wang said" finds Wang Yi.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from ...model import Entity

INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "two", "three", "many"})
LOOKBACK = 300  # person mentions searched back for an antecedent
PRONOUN_WINDOW = 3  # distinct persons, most recent first, a pronoun may refer to
_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*")
_GENERIC_ROLE_WORDS = frozenset({"the", "a", "an", "this", "that", "his", "her", "its", "their", "our", "top",
                                 "former", "new", "then", "also", "said", "mr.", "mrs.", "ms."})


def words(s: str) -> list[str]:
    """Lower-case words of ``s``."""
    return [w.lower().strip(".'’") for w in _WORD.findall(s)]


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    entity: "Entity"
    title_words: frozenset[str] = frozenset()


@dataclass(slots=True)
class SpeakerResolver:
    """Resolves speaker spans of one article to its entities (built once per article)."""

    text: str
    mentions: list[Mention]  # every entity mention, sorted by start
    person_mentions: list[Mention]  # PERSON mentions outside quotations, sorted by start
    male: frozenset[str]
    female: frozenset[str]
    pronouns: dict[str, str | None]
    roles: frozenset[str]
    _starts: list[int] = field(default_factory=list)
    _pstarts: list[int] = field(default_factory=list)
    _genders: dict[str, str | None] = field(default_factory=dict)
    _surnames: dict[str, list["Entity"]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._starts = [m.start for m in self.mentions]
        self._pstarts = [m.start for m in self.person_mentions]
        for m in self.person_mentions:
            e = m.entity
            if e.id not in self._genders:
                self._genders[e.id] = e.gender
            if self._genders[e.id] is None:
                self._genders[e.id] = self._gender_of(m.title_words)
        seen: set[str] = set()
        for m in self.mentions:
            e = m.entity
            if e.label != "PERSON" or e.id in seen:
                continue
            seen.add(e.id)
            for name in [e.name, *e.aliases]:
                for w in words(name):
                    if len(w) > 1 and w not in self.roles:
                        self._surnames.setdefault(w, []).append(e)

    def _gender_of(self, title_words: Iterable[str]) -> str | None:
        ws = set(title_words)
        if ws & self.male:
            return "m"
        if ws & self.female:
            return "f"
        return None

    # -- the rules ---------------------------------------------------------------------------
    def by_mention(self, start: int, end: int) -> "Entity | None":
        """The entity with a mention overlapping [start, end), PERSON first, then the widest overlap."""
        i = bisect.bisect_left(self._starts, end)
        best: tuple[tuple[int, int], Entity] | None = None
        for m in reversed(self.mentions[max(0, i - 8):i]):
            if m.end <= start or m.start >= end:
                continue
            overlap = min(end, m.end) - max(start, m.start)
            key = (int(m.entity.label == "PERSON"), overlap)
            if best is None or key > best[0]:
                best = (key, m.entity)
        return best[1] if best else None

    def by_surname(self, span_words: list[str], before: int) -> "Entity | None":
        """The person one of whose name words (a surname) the speaker span uses."""
        for w in reversed(span_words):
            cands = self._surnames.get(w)
            if not cands:
                continue
            if len(cands) == 1:
                return cands[0]
            return self._latest(lambda m: m.entity in cands, before) or cands[0]
        return None

    def by_pronoun(self, pronoun: str, before: int, last_speaker: "Entity | None" = None) -> "Entity | None":
        """A person mentioned just before ``before`` whose gender fits the pronoun: among the last
        few persons mentioned, the last speaker if its gender does not contradict the pronoun,
        else the most recent person of the pronoun's gender, else of unknown gender."""
        want = self.pronouns.get(pronoun.lower(), "?")
        if want == "?":
            return None
        i = bisect.bisect_left(self._pstarts, before)
        recent: list[Entity] = []
        for m in reversed(self.person_mentions[max(0, i - 12):i]):
            if m.entity not in recent:
                recent.append(m.entity)
            if len(recent) == PRONOUN_WINDOW:
                break
        fits = [e for e in recent if want is None or self._genders.get(e.id) in (want, None)]
        if not fits:
            return None
        known = [e for e in fits if want is not None and self._genders.get(e.id) == want]
        if last_speaker is not None and last_speaker in fits:
            return last_speaker
        return known[0] if known else fits[0]

    def by_role(self, role_words: list[str], before: int, last_speaker: "Entity | None") -> "Entity | None":
        """The person introduced with (some of) the words of a role description."""
        ws = {w for w in role_words if w not in _GENERIC_ROLE_WORDS}
        if not ws:
            return None

        def shares(m: Mention) -> bool:
            titles = set(m.title_words)
            for t in m.entity.titles:
                titles.update(words(t))
            return bool(ws & titles)

        hit = self._latest(shares, before)
        if hit is not None:
            return hit
        if last_speaker is not None and last_speaker.label == "PERSON":
            return last_speaker
        return self._latest(lambda m: bool(m.title_words or m.entity.titles), before)

    def _latest(self, ok, before: int) -> "Entity | None":
        """The entity of the last person mention before ``before`` that passes ``ok`` (within
        LOOKBACK mentions, so that a long article stays linear)."""
        i = bisect.bisect_left(self._pstarts, before)
        for k in range(i - 1, max(-1, i - 1 - LOOKBACK), -1):
            m = self.person_mentions[k]
            if ok(m):
                return m.entity
        return None

    def resolve(self, start: int, end: int, before: int, last_speaker: "Entity | None" = None) -> "Entity | None":
        """The entity the speaker ``text[start:end]`` refers to, for a quote starting at ``before``."""
        if start >= end:
            return None
        ent = self.by_mention(start, end)
        span_words = words(self.text[start:end])
        if ent is not None and ent.label == "PERSON":
            return ent
        if len(span_words) == 1 and span_words[0] in self.pronouns:
            return self.by_pronoun(span_words[0], before, last_speaker)
        person = self.by_surname([w for w, tok in zip(span_words, _WORD.findall(self.text[start:end]))
                                  if tok[:1].isupper()], before)
        if person is not None:
            return person
        if span_words and span_words[-1] in self.roles and span_words[0] not in INDEFINITE:
            return self.by_role(span_words, before, last_speaker) or ent
        return ent


def _title_words_before(text: str, start: int, vocabulary: frozenset[str], limit: int = 60) -> frozenset[str]:
    """The words right before a name that describe it: "Chinese Foreign Minister" before "Wang Yi".

    Reads back over capitalised words and title words (``vocabulary``) on the same line.
    """
    lo = max(0, start - limit)
    seg = text[lo:start]
    seg = re.split(r"[\n.;:,“”\"()]", seg)[-1]
    out: list[str] = []
    for tok in reversed(seg.split()):
        w = tok.lower().strip(".'’")
        if tok[:1].isupper() or w in vocabulary:
            out.append(w)
        else:
            break
    return frozenset(out)


def _surname_mentions(text: str, entities: list["Entity"], names: list[tuple[int, int]], taken: list[Mention],
                      roles: frozenset[str]) -> list[Mention]:
    """Extra PERSON mentions: proper-noun tokens (``names``) that repeat a word of a PERSON entity's
    name ("Wang" after "Wang Yi") where the NER tagged nothing. Only a word that belongs to exactly
    one PERSON entity counts, so this finds mentions without clustering names."""
    owners: dict[str, set[str]] = {}
    by_id = {e.id: e for e in entities if e.label == "PERSON"}
    for e in by_id.values():
        for name in [e.name, *e.aliases]:
            for w in words(name):
                if len(w) > 2 and w not in roles:
                    owners.setdefault(w, set()).add(e.id)
    taken = [m for m in taken if m.entity.label == "PERSON"]
    starts = [m.start for m in taken]
    out = []
    for a, b in names:
        ids = owners.get(text[a:b].lower())
        if not ids or len(ids) != 1:
            continue
        i = bisect.bisect_right(starts, a) - 1
        if i >= 0 and taken[i].end > a:
            continue  # already inside a mention
        out.append(Mention(a, b, by_id[next(iter(ids))]))
    return out


_APPOSITION = re.compile(r",\s+(?:(?:a|an|the|his|her|its|their)\s+)?([^,.;:()\n“”\"]{1,80})")


def _title_words_after(text: str, end: int, vocabulary: frozenset[str]) -> frozenset[str]:
    """The words of an apposition after a name that holds a title word:
    "Maria Zakharova, a spokeswoman for the Russian Foreign Ministry," -> spokeswoman, russian …"""
    m = _APPOSITION.match(text, end, min(len(text), end + 90))
    if not m:
        return frozenset()
    ws = words(m.group(1))
    return frozenset(ws) if any(w in vocabulary for w in ws) else frozenset()


def build_resolver(text: str, entities: list["Entity"], lexicon: dict, quoted: list[tuple[int, int]],
                   names: list[tuple[int, int]] = ()) -> SpeakerResolver:
    """A resolver over ``entities``; mentions inside the ``quoted`` regions never become antecedents.

    ``names`` are the (start, end) of proper-noun tokens, to find surname mentions the NER missed.
    """
    roles: set[str] = set()
    for t in lexicon.get("titles") or []:
        roles.update(words(str(t)))
    vocab = frozenset(roles)
    qstarts = [a for a, _ in quoted]

    def inside_quote(pos: int) -> bool:
        i = bisect.bisect_right(qstarts, pos) - 1
        return i >= 0 and quoted[i][0] <= pos < quoted[i][1]

    mentions: list[Mention] = []
    for e in entities:
        for s in e.mentions:
            tw = (_title_words_before(text, s.start, vocab) | _title_words_after(text, s.end, vocab)
                  if e.label == "PERSON" else frozenset())
            mentions.append(Mention(s.start, s.end, e, tw))
    mentions.sort(key=lambda m: (m.start, m.end))
    if names:
        mentions.extend(_surname_mentions(text, entities, list(names), mentions, vocab))
        mentions.sort(key=lambda m: (m.start, m.end))
    persons = [m for m in mentions if m.entity.label == "PERSON" and not inside_quote(m.start)]
    pron = {str(k).lower(): (None if v in (None, "", "any") else str(v))
            for k, v in (lexicon.get("pronouns") or {"he": "m", "she": "f"}).items()}
    return SpeakerResolver(
        text=text,
        mentions=mentions,
        person_mentions=persons,
        male=frozenset(str(w).lower().strip(".") for w in lexicon.get("male") or []),
        female=frozenset(str(w).lower().strip(".") for w in lexicon.get("female") or []),
        pronouns=pron,
        roles=vocab,
    )
