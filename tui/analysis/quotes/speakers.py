"""Speakers: from the surface mention of a quote's source to the entity it refers to.

Offline rules over the article's entities (``tui.analysis.entities.build`` clusters names and aliases; this
module never clusters names itself, so it improves when the entities do):

* a speaker span that overlaps an entity mention is that entity (PERSON first);
* a speaker span that names a person by a word of an entity's name or alias (a surname) is that
  person (the one mentioned last before the quote when several share the word);
* he/she is, among the persons whose gender does not contradict the pronoun (gender from
  honorifics, titles, he/she votes and, for a full name, the first-name list of ``tui.analysis.names``):
  the main subject of the same sentence before the pronoun, else the first person named in
  it, else the main subject of the sentence before when it is a person (a he/she there is
  resolved the same way) who fits (sentences naming nobody, such as "The hall was quiet.", are
  skipped, up to three), else the person mentioned last
  before it (outside quotations; resolved speakers of earlier quotes count as mentions), one of
  the pronoun's gender before one of unknown gender;
* his/her/the + a group noun (his campaign, her team, the campaign) is the person whose group it
  is: the pronoun's person, or the person last named with that noun ("Cruz's campaign");
  the + an organisation or place noun (the company, the party, the city) is the organisation or
  place last mentioned whose name has that noun, else the most mentioned one of the right kind
  in the last sentences;
* a definite role description (the foreign minister, the Chinese diplomat, the spokeswoman) is
  the person whose titles, or the words around one of whose mentions ("Chinese Foreign Minister
  Wang Yi", "Maria Zakharova, a spokeswoman for …"), share the role's words; failing that,
  nobody (an unnamed spokesman is not the last speaker); an indefinite one (a spokeswoman) and a
  possessed one (the prime minister's spokesman) are nobody known;
* a relative pronoun (Jane Doe, who said …) is resolved through its antecedent by the caller.

Proper-noun tokens that repeat a word of exactly one PERSON entity's name count as mentions of
that person where the NER tagged nothing (or something else), so "Wang said" finds Wang Yi.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from ..names import first_name_gender, load_tables

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from ...model import Entity
    from ..names import NameTables

INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "two", "three", "many"})
LOOKBACK = 300  # person mentions searched back for an antecedent
PRONOUN_WINDOW = 3  # distinct persons, most recent first, a pronoun may refer to
KNOWN_FIRST = True  # among them, one of the pronoun's gender before one of unknown gender
SUBJECT_SENTENCES = 3  # sentences searched back for a person as main subject
ORG_SENTENCES = 3  # sentences searched back for "the company", "the city"
_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*")
_GENERIC_ROLE_WORDS = frozenset({"the", "a", "an", "this", "that", "his", "her", "its", "their", "our", "top",
                                 "former", "new", "then", "also", "said", "mr.", "mrs.", "ms."})
_POSSESSIVE = re.compile(r"\w['’]s?\s", re.I)  # the prime minister's spokesman: someone else
_GENDER = {"female": "f", "male": "m"}
SOURCE_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def words(s: str) -> list[str]:
    """Lower-case words of ``s``."""
    return [w.lower().strip(".'’") for w in _WORD.findall(s)]


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    entity: "Entity"
    title_words: frozenset[str] = frozenset()
    modifier: bool = False  # a name used to qualify a noun ("the Obama administration"): no antecedent
    subject: bool = False  # the subject of a verb


@dataclass(frozen=True, slots=True)
class Subject:
    """The subject of a sentence's main verb: a person mention, a pronoun, or something else."""

    start: int
    end: int
    word: str  # its lower-case head word


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
    sent_starts: list[int] = field(default_factory=list)  # the start of every sentence (empty: unknown)
    subjects: dict[int, list[Subject]] = field(default_factory=dict)  # sentence -> main subjects
    group_nouns: frozenset[str] = frozenset()
    epithets: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()
    org_nouns: frozenset[str] = frozenset()
    first_name_gender: "dict[str, str | None] | None" = None  # entity id -> gender of its first name
    _starts: list[int] = field(default_factory=list)
    _pstarts: list[int] = field(default_factory=list)
    _genders: dict[str, str | None] = field(default_factory=dict)
    _surnames: dict[str, list["Entity"]] = field(default_factory=dict)
    _at: dict[int, "Entity | None"] = field(default_factory=dict)  # pronoun position -> its person

    def __post_init__(self) -> None:
        self._starts = [m.start for m in self.mentions]
        self._pstarts = [m.start for m in self.person_mentions]
        first = self.first_name_gender or {}
        for m in self.person_mentions:
            e = m.entity
            if e.id not in self._genders:
                self._genders[e.id] = _GENDER.get(first.get(e.id) or "") or e.gender
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

    def note_speaker(self, start: int, end: int, entity: "Entity") -> None:
        """Count a resolved speaker as a mention of its person (for the pronouns after it)."""
        if entity.label != "PERSON" or start >= end:
            return
        i = bisect.bisect_left(self._pstarts, start)
        if i < len(self._pstarts) and self._pstarts[i] == start:
            return  # already a mention there
        self._pstarts.insert(i, start)
        self.person_mentions.insert(i, Mention(start, end, entity))
        self._genders.setdefault(entity.id, entity.gender)

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

    def _person_at(self, start: int, end: int) -> "Entity | None":
        """The person with a mention (resolved speakers included) overlapping [start, end)."""
        i = bisect.bisect_left(self._pstarts, end)
        for m in reversed(self.person_mentions[max(0, i - 6):i]):
            if m.start < end and m.end > start:
                return m.entity
        return None

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

    def _fits(self, e: "Entity", want: str | None) -> bool:
        return e.label == "PERSON" and (want is None or self._genders.get(e.id) in (want, None))

    def _sentence(self, pos: int) -> int:
        return bisect.bisect_right(self.sent_starts, pos) - 1

    def _subject_person(self, subj: Subject, want: str | None, depth: int) -> "tuple[bool, Entity | None]":
        """(whether ``subj`` is a person or a pronoun, the person if it fits ``want``)."""
        if subj.word in self.pronouns:
            g = self.pronouns[subj.word]
            if want is not None and g is not None and g != want:
                return True, None
            return True, self._pronoun_at(subj.word, subj.start, depth + 1)
        ent = self._person_at(subj.start, subj.end)
        if ent is not None:
            return True, ent if self._fits(ent, want) else None
        return False, None

    def _names_person(self, s: int, want: str | None) -> bool:
        """Whether sentence ``s`` names a person of the wanted gender (not as a modifier)."""
        lo = self.sent_starts[s]
        hi = self.sent_starts[s + 1] if s + 1 < len(self.sent_starts) else len(self.text)
        k = bisect.bisect_left(self._pstarts, lo)
        return any(not m.modifier and self._fits(m.entity, want)
                   for m in self.person_mentions[k:bisect.bisect_left(self._pstarts, hi)])

    def _pronoun_at(self, pronoun: str, at: int, depth: int = 0, skip: tuple[int, int] = (0, 0)) -> "Entity | None":
        """The person of the he/she at ``at``; mentions in ``skip`` (what it says) are not candidates."""
        if at in self._at:
            return self._at[at]
        self._at[at] = None  # (a cycle resolves to nobody)
        ent = self._by_pronoun(pronoun, at, depth, skip)
        self._at[at] = ent
        return ent

    def by_pronoun(self, pronoun: str, before: int, last_speaker: "Entity | None" = None) -> "Entity | None":
        """The person a he/she at ``before`` refers to (see the module docstring). ``last_speaker``
        is not needed: resolved speakers are mentions (``note_speaker``)."""
        return self._pronoun_at(pronoun.lower(), before)

    def _by_pronoun(self, pronoun: str, at: int, depth: int, skip: tuple[int, int] = (0, 0)) -> "Entity | None":
        want = self.pronouns.get(pronoun, "?")
        if want == "?":
            return None
        return self._antecedent(want, at, depth, skip)

    def _antecedent(self, want: str | None, at: int, depth: int, skip: tuple[int, int] = (0, 0)) -> "Entity | None":
        """The person, of gender ``want`` (or any), that a reference at ``at`` continues."""
        i = bisect.bisect_left(self._pstarts, at)
        if self.sent_starts and depth < 4:
            si = self._sentence(at)
            lo = self.sent_starts[si]
            for s in range(si, max(-1, si - 1 - SUBJECT_SENTENCES), -1):
                subs = [x for x in self.subjects.get(s, ()) if x.end <= at]
                persons = False
                for subj in reversed(subs):
                    is_person, ent = self._subject_person(subj, want, depth)
                    if ent is not None:
                        return ent
                    persons = persons or is_person
                if s == si:  # no subject before it: the first person named in its sentence
                    k = bisect.bisect_left(self._pstarts, lo)
                    for m in self.person_mentions[k:i]:
                        if not m.modifier and not skip[0] <= m.start < skip[1] and self._fits(m.entity, want):
                            return m.entity
                elif persons or self._names_person(s, want):
                    break  # a person who does not fit, or one named elsewhere in it: the latest person is
        recent: list[Entity] = []
        for m in reversed(self.person_mentions[max(0, i - 16):i]):
            if m.modifier or skip[0] <= m.start < skip[1]:
                continue
            if m.entity not in recent:
                recent.append(m.entity)
            if len(recent) == PRONOUN_WINDOW:
                break
        fits = [e for e in recent if self._fits(e, want)]
        if KNOWN_FIRST:
            known = [e for e in fits if want is not None and self._genders.get(e.id) == want]
            if known:
                return known[0]
        return fits[0] if fits else None

    def by_role(self, role_words: list[str], before: int, last_speaker: "Entity | None" = None) -> "Entity | None":
        """The person introduced with (some of) the words of a role description."""
        ws = {w for w in role_words if w not in _GENERIC_ROLE_WORDS}
        if not ws:
            return None

        def shares(m: Mention) -> bool:
            titles = set(m.title_words)
            for t in m.entity.titles:
                titles.update(words(t))
            return bool(ws & titles)

        return self._latest(shares, before)

    def by_group(self, span_words: list[str], start: int) -> "Entity | None":
        """his campaign, her team: the pronoun's person; the campaign: the person last named with
        that noun ("Cruz's campaign", "the Sanders campaign")."""
        noun = span_words[-1]
        first = span_words[0]
        if first in ("his", "her"):
            return self._pronoun_at("he" if first == "his" else "she", start)
        if first != "the":
            return None
        pat = re.compile(r"(?:['’]s?)?\s+(?:[\w-]+\s+){0,2}" + re.escape(noun) + r"\b", re.I)
        return self._latest(lambda m: pat.match(self.text, m.end, m.end + 40) is not None, start)

    def by_kind(self, noun: str, label: set[str], start: int) -> "Entity | None":
        """the company, the party, the city: the organisation or place last mentioned whose name
        has the noun, else the most mentioned one of that kind in the last few sentences."""
        i = bisect.bisect_left(self._starts, start)
        lo = self.sent_starts[max(0, self._sentence(start) - ORG_SENTENCES)] if self.sent_starts else start - 600
        near: dict[str, int] = {}
        ents: dict[str, "Entity"] = {}
        for m in reversed(self.mentions[max(0, i - LOOKBACK):i]):
            if m.entity.label not in label:
                continue
            if noun in words(m.entity.name):
                return m.entity
            if m.start >= lo:
                near[m.entity.id] = near.get(m.entity.id, 0) + 1
                ents[m.entity.id] = m.entity
        if not near:
            return None
        return ents[max(near, key=lambda k: (len(ents[k].mentions), near[k]))]

    def nearest_source(self, cue: int, content: list[tuple[int, int]]) -> "Mention | None":
        """The subject nearest before the cue at ``cue`` in its sentence, outside ``content``, that
        names a person, organisation, group or country: the source of an attribution whose parse
        gave the cue no subject ("… after Donald Trump unleashed tweets criticizing …"). Not an
        object ("Then, turning to Sanders, insisted …" is not Sanders)."""
        if not self.sent_starts:
            return None
        lo = self.sent_starts[self._sentence(cue)]
        i = bisect.bisect_left(self._starts, cue)
        for m in reversed(self.mentions[max(0, i - 40):i]):
            if m.start < lo:
                break
            if m.end > cue or m.entity.label not in SOURCE_LABELS or not m.subject:
                continue
            if any(a < m.end and m.start < b for a, b in content):
                continue
            return m
        return None

    def _latest(self, ok, before: int) -> "Entity | None":
        """The entity of the last person mention before ``before`` that passes ``ok`` (within
        LOOKBACK mentions, so that a long article stays linear)."""
        i = bisect.bisect_left(self._pstarts, before)
        for k in range(i - 1, max(-1, i - 1 - LOOKBACK), -1):
            m = self.person_mentions[k]
            if ok(m):
                return m.entity
        return None

    def resolve(self, start: int, end: int, before: int, last_speaker: "Entity | None" = None,
                content: tuple[int, int] = (0, 0)) -> "Entity | None":
        """The entity the speaker ``text[start:end]`` refers to, for a quote starting at ``before``
        whose content spans ``content`` (no antecedent of its own speaker)."""
        if start >= end:
            return None
        ent = self.by_mention(start, end)
        span = self.text[start:end]
        span_words = words(span)
        if not span_words:
            return ent
        last = span_words[-1]
        toks = _WORD.findall(span)
        head = self.by_mention(end - len(toks[-1]), end) if toks else None  # the entity at the head word
        possessive = bool(_POSSESSIVE.search(span))
        group = last in self.group_nouns or " ".join(span_words[-2:]) in self.group_nouns
        if head is not None and head.label == "PERSON":
            return head
        if ent is not None and ent.label == "PERSON":
            return ent if not possessive or group else None  # Cameron's spokesman is not Cameron
        if len(span_words) == 1 and span_words[0] in self.pronouns:
            return self._pronoun_at(span_words[0], start, skip=content)
        other = head if head is not None else (ent if possessive else None)  # Russia's foreign ministry
        person = self.by_surname([w for w, tok in zip(span_words, toks) if tok[:1].isupper()], before)
        if person is not None:
            return person
        if span_words[0] in INDEFINITE:
            return other
        if len(span_words) >= 2 and group:
            return self.by_group(span_words, start) or other
        if other is None and span_words[0] == "the" and len(span_words) <= 4 and not possessive:
            kinds = self.org_nouns | self.place_nouns
            if last in kinds and not any(w in kinds for w in span_words[1:-1]):  # (not "the city council")
                return self.by_kind(last, {"ORG"} if last in self.org_nouns else {"GPE"}, start)
        if possessive or span_words[0] != "the" and last not in self.roles:
            return other
        if last in self.roles:
            person = self.by_role(span_words, start)
            if person is not None:
                return person
        if span_words[0] == "the" and last in self.epithets:  # the retired neurosurgeon: the one just named
            return self._antecedent(self._gender_of([last]), start, 0, content) or other
        return other


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


_SUBJECT_DEPS = ("nsubj", "nsubjpass")


def sentence_subjects(doc: "Doc", inside_quote=lambda pos: False) -> tuple[list[int], dict[int, list[Subject]]]:
    """The start of every sentence of ``doc`` and the subjects of its main verb (and of the verbs
    joined to it: "X arrived and Y spoke"), outside quotations, in text order."""
    starts: list[int] = []
    subjects: dict[int, list[Subject]] = {}
    for si, sent in enumerate(doc.sents):
        starts.append(sent.start_char)
        root = sent.root
        verbs = [root] + [c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
        subs = [c for v in verbs for c in v.children if c.dep_ in _SUBJECT_DEPS and not inside_quote(c.idx)]
        if subs:
            subjects[si] = [Subject(t.idx, t.idx + len(t.text), t.lower_) for t in sorted(subs, key=lambda t: t.i)]
    return starts, subjects


def _given_name_only(text: str, name: str) -> bool:
    """Whether a one-word name is never the last word of a longer name in ``text`` ("Jane", not
    the "Clinton" of "Hillary Clinton"), so the first-name list may tell its gender."""
    return re.search(r"[A-Z][\w.'’-]*\s+" + re.escape(name) + r"\b", text) is None


def _syntactic_role(doc: "Doc", m: Mention) -> tuple[bool, bool]:
    """(whether a mention qualifies a noun after it, "the Obama administration", "Clinton aides";
    whether it is the subject of a verb)."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span):
        return False, False
    last = span[-1]
    modifier = last.dep_ == "compound" and last.head.i >= span.end and last.head.pos_ == "NOUN"
    return modifier, span.root.dep_ in _SUBJECT_DEPS


def build_resolver(text: str, entities: list["Entity"], lexicon: dict, quoted: list[tuple[int, int]],
                   names: list[tuple[int, int]] = (), doc: "Doc | None" = None,
                   name_tables: "NameTables | None" = None) -> SpeakerResolver:
    """A resolver over ``entities``; mentions inside the ``quoted`` regions never become antecedents.

    ``names`` are the (start, end) of proper-noun tokens, to find surname mentions the NER missed;
    ``doc`` gives the sentences and their subjects (without it a pronoun goes to the latest person);
    ``name_tables`` the first-name genders (default: the packaged lists).
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
    if doc is not None:
        roles_of = {(m.start, m.end): _syntactic_role(doc, m) for m in mentions}
        mentions = [Mention(m.start, m.end, m.entity, m.title_words, *roles_of[(m.start, m.end)]) for m in mentions]
        persons = [m for m in mentions if m.entity.label == "PERSON" and not inside_quote(m.start)]
    pron = {str(k).lower(): (None if v in (None, "", "any") else str(v))
            for k, v in (lexicon.get("pronouns") or {"he": "m", "she": "f"}).items()}
    starts, subjects = sentence_subjects(doc, inside_quote) if doc is not None else ([], {})
    tables = name_tables or load_tables()
    first = {e.id: first_name_gender(e.name, tables) for e in entities
             if e.label == "PERSON" and (len(words(e.name)) >= 2 or _given_name_only(text, e.name))}

    def nouns(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in lexicon.get(key) or [])

    return SpeakerResolver(
        text=text,
        mentions=mentions,
        person_mentions=persons,
        male=frozenset(str(w).lower().strip(".") for w in lexicon.get("male") or []),
        female=frozenset(str(w).lower().strip(".") for w in lexicon.get("female") or []),
        pronouns=pron,
        roles=vocab,
        sent_starts=starts,
        subjects=subjects,
        group_nouns=nouns("group_nouns"),
        epithets=nouns("epithets"),
        org_nouns=nouns("organisation_nouns"),
        place_nouns=nouns("place_nouns"),
        first_name_gender=first,
    )
