"""Mention -> entity: which entity of the article a span, a token, a name, a pronoun or a role
description stands for. One resolver per document and per layer, used by the quote speakers
(``tui.analysis.quotes.speakers.build_resolver``) and by the relations (``EntityMap``).

``EntityResolver`` is built over the article's entities (their mention spans); mentions inside the
given quotation regions never become antecedents, and pronouns there are not read. Its rules:

* ``by_mention`` (characters) / ``at``, ``in_span`` (tokens): the entity with a mention there;
* ``by_surname``: a word of a person's name or alias ("Wang" -> Wang Yi); ``names`` (proper-noun
  tokens the NER left untagged) that repeat a word of exactly one person count as its mentions;
* ``named``: the entity called a name (canonical or alias, or the same entity by the alias rules);
* pronouns, two policies (merging them changes output on PolNeAR dev):
  ``speaker_pronoun`` (with the Doc): the main subject of its sentence before it, else the first
  person named in its sentence, else the main subject of the sentence before when it is a person
  (a he/she there is followed back; sentences naming nobody are skipped, up to
  ``SUBJECT_SENTENCES``), else the latest of the last ``SPEAKER_PRONOUN_PERSONS`` persons, one of
  the pronoun's gender first. Gender: first names (``tui.analysis.names``), honorifics, titles,
  he/she votes. Resolved speakers count as mentions (``note_speaker``); a name qualifying a noun
  ("the Obama administration") and the quote's own content never do. ``subject_pronoun``
  (relations): a he/she subject is the one person of a compatible, known gender in its paragraph
  or the previous sentence; ``they``: one coordinated subject of actors just before;
* role descriptions, two policies likewise: ``by_role`` (speakers: the last person, within
  ``SPEAKER_LOOKBACK`` person mentions, whose titles or surrounding words share a word of the
  description, else nobody) and ``described`` (relations: "the Chinese diplomat" is the
  last person within ``DESCRIPTION_SENTENCES`` sentences introduced with a title it refers to,
  ``titles.yaml: refers_to``, and of that country);
* ``by_kind`` (the company, the city), epithets (the retired neurosurgeon), ``nearest_source``
  (an attribution whose parse gave no subject); a group noun (his campaign, the campaign, her
  team) is nobody named: a campaign is not its candidate;
* ``resolve``: the speaker rules in order (head mention, pronoun, surname, group, kind, role,
  epithet).

No spaCy import at module level: the speakers' side works on characters only; the token side
needs the parsed ``Doc``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Sequence

from ..model import Entity
from .aliases import key, same_entity
from .lexicons import EntityLexicon, PersonWords, words
from .names import NameTables, first_name_gender, load_tables

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from .context import DocContext

#: Entity labels that can act in an INTERACTION (and be a "they").
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE"})
#: Subject pronouns resolved to a person by ``subject_pronoun``, with their gender.
SUBJECT_PRONOUNS = {"he": "m", "she": "f"}
#: Words that make a role description indefinite ("a spokeswoman" is nobody known).
INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "two", "three", "many"})
#: Person mentions searched back for the antecedent of a role description or a shared surname.
SPEAKER_LOOKBACK = 300
#: Distinct persons, most recent first, a speaker pronoun may refer to when no subject decides.
SPEAKER_PRONOUN_PERSONS = 3
#: Sentences searched back for a person as main subject (a speaker pronoun, an epithet).
SUBJECT_SENTENCES = 3
#: Sentences searched back for "the company", "the city".
KIND_SENTENCES = 3
#: Labels of a source named by the nearest subject ("… after Trump unleashed tweets criticizing …").
SOURCE_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_POSSESSIVE = re.compile(r"\w['’]s?\s")  # the prime minister's spokesman: someone else
_GENDER = {"female": "f", "male": "m"}
#: Sentences searched back for the person a role description refers to (relations).
DESCRIPTION_SENTENCES = 8
#: Words of a role description that say nothing about the role.
GENERIC_ROLE_WORDS = frozenset({"the", "a", "an", "this", "that", "his", "her", "its", "their", "our", "top",
                                "former", "new", "then", "also", "said", "mr.", "mrs.", "ms."})
_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*")  # as ``lexicons.words``, with the surface form kept


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One mention of an entity (characters), with the title words read around it (persons)."""

    start: int
    end: int
    entity: Entity
    title_words: frozenset[str] = frozenset()
    modifier: bool = False  # a name qualifying a noun ("the Obama administration"): no antecedent
    subject: bool = False  # the subject of a verb


@dataclass(frozen=True, slots=True)
class Subject:
    """The subject of a sentence's main verb (characters and its lower-case head word)."""

    start: int
    end: int
    word: str


@dataclass(slots=True)
class _MentionIndex:
    """The character side, sorted by start."""

    mentions: list[EntityMention]  # every entity mention (and surname mention)
    persons: list[EntityMention]   # PERSON mentions outside quotations
    starts: list[int] = field(default_factory=list)
    pstarts: list[int] = field(default_factory=list)
    genders: dict[str, str | None] = field(default_factory=dict)
    surnames: dict[str, list[Entity]] = field(default_factory=dict)
    sent_starts: list[int] = field(default_factory=list)  # (empty without the Doc)
    subjects: dict[int, list[Subject]] = field(default_factory=dict)  # sentence -> main subjects
    pronoun_at: dict[int, "Entity | None"] = field(default_factory=dict)  # speaker pronoun -> person


class EntityResolver:
    """Resolves mentions of one article to its entities.

    ``quoted``: (start, end) character regions inside quotations; ``names``: (start, end) of
    proper-noun tokens outside PERSON entities (surname mentions the NER missed); ``doc`` and ``lx``
    for the token side (``at``, ``subject_pronoun``, ``they``, ``described``, ``named``).
    """

    def __init__(self, text: str, entities: list[Entity], words: PersonWords,
                 quoted: Sequence[tuple[int, int]] = (), names: Sequence[tuple[int, int]] = (),
                 *, doc: "Doc | None" = None, lx: EntityLexicon | None = None,
                 name_tables: NameTables | None = None) -> None:
        self.text = text
        self._tables = name_tables
        self.entities = {e.id: e for e in entities}
        self._order = list(entities)
        self.words = words
        self._names = list(names)
        regions = sorted(quoted)
        self._qstarts = [a for a, _ in regions]
        self._qreach: list[int] = []  # the furthest end of the regions starting at or before each start
        for _, b in regions:
            self._qreach.append(max(b, self._qreach[-1]) if self._qreach else b)
        self._doc = doc
        self._lx = lx
        self._pronouns: dict[int, Entity] | None = None

    def in_quote(self, pos: int) -> bool:
        """Whether character ``pos`` is inside one of the quotation regions."""
        i = bisect.bisect_right(self._qstarts, pos) - 1
        return i >= 0 and self._qreach[i] > pos

    # -- the indexes, built on first use ----------------------------------------------------
    @cached_property
    def by_token(self) -> dict[int, str]:
        """Token index -> entity id (the first entity, in the given order, with a mention there)."""
        if self._doc is None:
            raise ValueError("the token side of the resolver needs the parsed Doc")
        out: dict[int, str] = {}
        for e in self._order:
            for m in e.mentions:
                span = self._doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                for t in span:
                    out.setdefault(t.i, e.id)
        return out

    @cached_property
    def _ix(self) -> _MentionIndex:
        text, vocab = self.text, self.words.roles
        mentions: list[EntityMention] = []
        for e in self._order:
            for s in e.mentions:
                tw = (_title_words_before(text, s.start, vocab) | _title_words_after(text, s.end, vocab)
                      if e.label == "PERSON" else frozenset())
                mentions.append(EntityMention(s.start, s.end, e, tw))
        mentions.sort(key=lambda m: (m.start, m.end))
        if self._names:
            mentions.extend(_surname_mentions(text, self._order, self._names, mentions, vocab))
            mentions.sort(key=lambda m: (m.start, m.end))
        sent_starts: list[int] = []
        subjects: dict[int, list[Subject]] = {}
        if self._doc is not None:
            mentions = [EntityMention(m.start, m.end, m.entity, m.title_words, *_syntactic_role(self._doc, m))
                        for m in mentions]
            sent_starts, subjects = sentence_subjects(self._doc, self.in_quote)
        persons = [m for m in mentions if m.entity.label == "PERSON" and not self.in_quote(m.start)]
        ix = _MentionIndex(mentions, persons, [m.start for m in mentions], [m.start for m in persons],
                           sent_starts=sent_starts, subjects=subjects)
        tables = self._tables or load_tables()
        first = {e.id: first_name_gender(e.name, tables) for e in self._order
                 if e.label == "PERSON" and (len(words(e.name)) >= 2 or _given_name_only(text, e.name))}
        for m in persons:
            e = m.entity
            if e.id not in ix.genders:
                ix.genders[e.id] = _GENDER.get(first.get(e.id) or "") or e.gender
            if ix.genders[e.id] is None:
                ix.genders[e.id] = self.words.gender_of_words(m.title_words)
        seen: set[str] = set()
        for m in mentions:
            e = m.entity
            if e.label != "PERSON" or e.id in seen:
                continue
            seen.add(e.id)
            for name in [e.name, *e.aliases]:
                for w in words(name):
                    if len(w) > 1 and w not in vocab:
                        ix.surnames.setdefault(w, []).append(e)
        return ix

    # -- by characters: speakers ---------------------------------------------------------
    def by_mention(self, start: int, end: int) -> "Entity | None":
        """The entity with a mention overlapping [start, end), PERSON first, then the widest overlap."""
        i = bisect.bisect_left(self._ix.starts, end)
        best: tuple[tuple[int, int], Entity] | None = None
        for m in reversed(self._ix.mentions[max(0, i - 8):i]):
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
            cands = self._ix.surnames.get(w)
            if not cands:
                continue
            if len(cands) == 1:
                return cands[0]
            return self._latest(lambda m: m.entity in cands, before) or cands[0]
        return None

    def note_speaker(self, start: int, end: int, entity: "Entity") -> None:
        """Count a resolved speaker as a mention of its person (for the pronouns after it)."""
        if entity.label != "PERSON" or start >= end:
            return
        i = bisect.bisect_left(self._ix.pstarts, start)
        if i < len(self._ix.pstarts) and self._ix.pstarts[i] == start:
            return  # already a mention there
        self._ix.pstarts.insert(i, start)
        self._ix.persons.insert(i, EntityMention(start, end, entity))
        self._ix.genders.setdefault(entity.id, entity.gender)

    def _person_at(self, start: int, end: int) -> "Entity | None":
        """The person with a mention (resolved speakers included) overlapping [start, end)."""
        i = bisect.bisect_left(self._ix.pstarts, end)
        for m in reversed(self._ix.persons[max(0, i - 6):i]):
            if m.start < end and m.end > start:
                return m.entity
        return None

    def _fits(self, e: "Entity", want: str | None) -> bool:
        return e.label == "PERSON" and (want is None or self._ix.genders.get(e.id) in (want, None))

    def _sentence(self, pos: int) -> int:
        return bisect.bisect_right(self._ix.sent_starts, pos) - 1

    def _subject_person(self, subj: Subject, want: str | None, depth: int) -> "tuple[bool, Entity | None]":
        """(whether ``subj`` is a person or a pronoun, the person if it fits ``want``)."""
        if subj.word in self.words.pronouns:
            g = self.words.pronouns[subj.word]
            if want is not None and g is not None and g != want:
                return True, None
            return True, self._pronoun_at(subj.word, subj.start, depth + 1)
        ent = self._person_at(subj.start, subj.end)
        if ent is not None:
            return True, ent if self._fits(ent, want) else None
        return False, None

    def _names_person(self, s: int, want: str | None) -> bool:
        """Whether sentence ``s`` names a person of the wanted gender (not as a modifier)."""
        lo = self._ix.sent_starts[s]
        hi = self._ix.sent_starts[s + 1] if s + 1 < len(self._ix.sent_starts) else len(self.text)
        k = bisect.bisect_left(self._ix.pstarts, lo)
        return any(not m.modifier and self._fits(m.entity, want)
                   for m in self._ix.persons[k:bisect.bisect_left(self._ix.pstarts, hi)])

    def _pronoun_at(self, pronoun: str, at: int, depth: int = 0, skip: tuple[int, int] = (0, 0)) -> "Entity | None":
        """The person of the he/she at ``at``; mentions in ``skip`` (what it says) are not candidates."""
        if at in self._ix.pronoun_at:
            return self._ix.pronoun_at[at]
        self._ix.pronoun_at[at] = None  # (a cycle resolves to nobody)
        ent = self._by_pronoun(pronoun, at, depth, skip)
        self._ix.pronoun_at[at] = ent
        return ent

    def speaker_pronoun(self, pronoun: str, before: int, last_speaker: "Entity | None" = None) -> "Entity | None":
        """The person a he/she speaker at ``before`` refers to (see the module docstring).
        ``last_speaker`` is not needed: resolved speakers are mentions (``note_speaker``)."""
        return self._pronoun_at(pronoun.lower(), before)

    def _by_pronoun(self, pronoun: str, at: int, depth: int, skip: tuple[int, int] = (0, 0)) -> "Entity | None":
        want = self.words.pronouns.get(pronoun, "?")
        if want == "?":
            return None
        return self._antecedent(want, at, depth, skip)

    def _antecedent(self, want: str | None, at: int, depth: int, skip: tuple[int, int] = (0, 0)) -> "Entity | None":
        """The person, of gender ``want`` (or any), that a reference at ``at`` continues."""
        i = bisect.bisect_left(self._ix.pstarts, at)
        if self._ix.sent_starts and depth < 4:
            si = self._sentence(at)
            lo = self._ix.sent_starts[si]
            for s in range(si, max(-1, si - 1 - SUBJECT_SENTENCES), -1):
                subs = [x for x in self._ix.subjects.get(s, ()) if x.end <= at]
                persons = False
                for subj in reversed(subs):
                    is_person, ent = self._subject_person(subj, want, depth)
                    if ent is not None:
                        return ent
                    persons = persons or is_person
                if s == si:  # no subject before it: the first person named in its sentence
                    k = bisect.bisect_left(self._ix.pstarts, lo)
                    for m in self._ix.persons[k:i]:
                        if not m.modifier and not skip[0] <= m.start < skip[1] and self._fits(m.entity, want):
                            return m.entity
                elif persons or self._names_person(s, want):
                    break  # a person who does not fit, or one named elsewhere in it: the latest person is
        recent: list[Entity] = []
        for m in reversed(self._ix.persons[max(0, i - 16):i]):
            if m.modifier or skip[0] <= m.start < skip[1]:
                continue
            if m.entity not in recent:
                recent.append(m.entity)
            if len(recent) == SPEAKER_PRONOUN_PERSONS:
                break
        fits = [e for e in recent if self._fits(e, want)]
        known = [e for e in fits if want is not None and self._ix.genders.get(e.id) == want]
        if known:  # one of the pronoun's gender before one of unknown gender
            return known[0]
        return fits[0] if fits else None

    def by_role(self, role_words: list[str], before: int, last_speaker: "Entity | None" = None) -> "Entity | None":
        """The person introduced with (some of) the words of a role description."""
        ws = {w for w in role_words if w not in GENERIC_ROLE_WORDS}
        if not ws:
            return None

        def shares(m: EntityMention) -> bool:
            titles = set(m.title_words)
            for t in m.entity.titles:
                titles.update(words(t))
            return bool(ws & titles)

        return self._latest(shares, before)

    def by_kind(self, noun: str, label: set[str], start: int) -> "Entity | None":
        """the company, the party, the city: the organisation or place last mentioned whose name
        has the noun, else the most mentioned one of that kind in the last few sentences."""
        i = bisect.bisect_left(self._ix.starts, start)
        lo = self._ix.sent_starts[max(0, self._sentence(start) - KIND_SENTENCES)] if self._ix.sent_starts else start - 600
        near: dict[str, int] = {}
        ents: dict[str, "Entity"] = {}
        for m in reversed(self._ix.mentions[max(0, i - SPEAKER_LOOKBACK):i]):
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

    def nearest_source(self, cue: int, content: list[tuple[int, int]]) -> "EntityMention | None":
        """The subject nearest before the cue at ``cue`` in its sentence, outside ``content``, that
        names a person, organisation, group or country: the source of an attribution whose parse
        gave the cue no subject ("… after Donald Trump unleashed tweets criticizing …"). Not an
        object ("Then, turning to Sanders, insisted …" is not Sanders)."""
        if not self._ix.sent_starts:
            return None
        lo = self._ix.sent_starts[self._sentence(cue)]
        i = bisect.bisect_left(self._ix.starts, cue)
        for m in reversed(self._ix.mentions[max(0, i - 40):i]):
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
        SPEAKER_LOOKBACK mentions, so that a long article stays linear)."""
        i = bisect.bisect_left(self._ix.pstarts, before)
        for k in range(i - 1, max(-1, i - 1 - SPEAKER_LOOKBACK), -1):
            m = self._ix.persons[k]
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
        group = last in self.words.group_nouns or " ".join(span_words[-2:]) in self.words.group_nouns
        if head is not None and head.label == "PERSON":
            return head
        if ent is not None and ent.label == "PERSON":
            return None if possessive else ent  # Cameron's spokesman, Kasich's campaign: someone else
        if len(span_words) == 1 and span_words[0] in self.words.pronouns:
            return self._pronoun_at(span_words[0], start, skip=content)
        # the entity at the head word, else a modifier that speaks through the head ("US officials",
        # "Russia's foreign ministry"), not one inside a definite description ("the two Republican presidents")
        other = head if head is not None else (ent if possessive or span_words[0] != "the" else None)
        person = self.by_surname([w for w, tok in zip(span_words, toks) if tok[:1].isupper()], before)
        if person is not None:
            return person
        if span_words[0] in INDEFINITE:
            return other
        if group:
            return other  # his campaign, the campaign, her team: not the candidate (nor anyone named)
        if other is None and span_words[0] == "the" and len(span_words) <= 4 and not possessive:
            kinds = self.words.organisation_nouns | self.words.place_nouns
            if last in kinds and not any(w in kinds for w in span_words[1:-1]):  # (not "the city council")
                return self.by_kind(last, {"ORG"} if last in self.words.organisation_nouns else {"GPE"}, start)
        if possessive or span_words[0] != "the" and last not in self.words.roles:
            return other
        if last in self.words.roles:
            person = self.by_role(span_words, start)
            if person is not None:
                return person
        if span_words[0] == "the" and last in self.words.epithets:  # the retired neurosurgeon: the one just named
            return self._antecedent(self.words.gender_of_words([last]), start, 0, content) or other
        return other


    # -- by tokens: relations -----------------------------------------------------------
    def at(self, tok: "Token | int") -> Entity | None:
        """The entity with a mention at token ``tok`` (the most salient when mentions overlap)."""
        i = tok if isinstance(tok, int) else tok.i
        eid = self.by_token.get(i)
        return self.entities.get(eid) if eid else None

    def in_span(self, start: int, end: int) -> Entity | None:
        """The entity of the first token of [start, end) that has one."""
        for i in range(start, end):
            e = self.at(i)
            if e is not None:
                return e
        return None

    def described(self, tok: "Token", roles: dict[str, set[str]], sc: "DocContext",
                  window: int = DESCRIPTION_SENTENCES) -> Entity | None:
        """The person a definite role description stands for: "the foreign minister", "the
        Chinese diplomat" -> the person mentioned last before it (within ``window`` sentences) who
        was introduced with a matching title (``titles.yaml: refers_to``) and, when the
        description names a nationality, with that country."""
        if tok.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        if any(c.dep_ in ("prep", "relcl", "acl", "appos") for c in tok.children):
            return None  # "the minister from Japan", "the senator who ...": someone else
        mods = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i]
        if any(c.pos_ == "PROPN" and c.ent_type_ != "NORP" for c in mods):
            return None
        lowers = sc.lowers
        start = min([tok.i] + [c.i for c in mods if c.ent_type_ != "NORP"])
        desc = None
        for i in range(start, tok.i + 1):
            n = self._lx.title_len(lowers, i, tok.i + 1)
            if n and i + n == tok.i + 1:
                desc = " ".join(lowers[i:tok.i + 1])
                break
        if desc is None or self._lx.is_honorific(desc):
            return None
        country = None
        for c in mods:
            if c.ent_type_ == "NORP":
                country = self._lx.country_of(c.text)
        first_sent = sc.sent_starts[max(0, sc.sentence(tok.i) - window)]
        best = None
        for i in range(tok.i - 1, first_sent - 1, -1):
            e = self.at(i)
            if e is None or e.label != "PERSON" or e is best:
                continue
            if not any(self._lx.describes(desc, t) for t in e.titles):
                continue
            if country and key(country) not in {key(x) for x in roles.get(e.id, ())}:
                continue
            best = e
            break
        return best

    def subject_pronoun(self, tok: "Token", sc: "DocContext") -> Entity | None:
        """The person a "he"/"she" subject stands for, when unambiguous: the one PERSON mentioned
        before it in its paragraph or in the previous sentence whose gender is not the other one,
        and that person's ``Entity.gender`` is known and matches. Not in a fronted subordinate
        clause whose main clause names a person ("Even as he accused X, Giuliani said"). A
        pronoun resolved this way counts as a mention for the next one ("Trump spoke. He said ...
        He accused ..."). Pronouns inside direct quotes are not read ("'He lied,' Trump said":
        someone else)."""
        if tok.lower_ not in SUBJECT_PRONOUNS or tok.pos_ != "PRON":
            return None
        if self._pronouns is None:
            self._pronouns = self._resolve_pronouns(tok.doc, sc)
        return self._pronouns.get(tok.i)

    def _resolve_pronouns(self, doc: "Doc", sc: "DocContext") -> dict[int, Entity]:
        text = sc.text
        out: dict[int, Entity] = {}
        for i in sc.where("lower", SUBJECT_PRONOUNS):
            tok = doc[i]
            if tok.pos_ != "PRON" or self.in_quote(tok.idx):
                continue
            g = SUBJECT_PRONOUNS[tok.lower_]
            sent = sc.sentence(i)
            prev_start = sc.sent_starts[max(0, sent - 1)]
            para = text.rfind("\n\n", 0, tok.idx)
            start_char = min(doc[prev_start].idx, para + 2 if para >= 0 else 0)
            found: set[str] = set()
            j = i - 1
            while j >= 0 and doc[j].idx >= start_char:
                e = self.at(j) or out.get(j)
                if e is not None and e.label == "PERSON":
                    found.add(e.id)
                j -= 1
            compatible = [eid for eid in found if self.entities[eid].gender in (None, g)]
            if len(compatible) != 1 or self.entities[compatible[0]].gender != g:
                continue  # nobody, several, or a person whose gender is unknown or conflicting
            if tok.head.dep_ == "advcl" and self._person_after(tok, sc):
                continue  # "Even as he accused X, Giuliani ...": the name follows
            out[i] = self.entities[compatible[0]]
        return out

    def they(self, tok: "Token", sc: "DocContext") -> list[Entity]:
        """The actors a "they" subject stands for, when unambiguous: the one coordinated subject
        of two or more actor entities ("Putin and Xi met in Beijing. They criticized NATO.")
        earlier in its paragraph or in the previous sentence, with no other coordinated subject
        and no plural noun between them and the pronoun ("... met voters. They ..."). Not inside
        direct quotes."""
        if tok.lower_ != "they" or tok.pos_ != "PRON" or self.in_quote(tok.idx):
            return []
        doc, i = tok.doc, tok.i
        sent = sc.sentence(i)
        prev_start = sc.sent_starts[max(0, sent - 1)]
        para = sc.text.rfind("\n\n", 0, tok.idx)
        start_char = min(doc[prev_start].idx, para + 2 if para >= 0 else 0)
        groups: list[tuple[int, list[Entity]]] = []
        plural_at = -1
        j = i - 1
        while j >= 0 and doc[j].idx >= start_char:
            t = doc[j]
            if t.tag_ in ("NNS", "NNPS") and self.at(j) is None:
                plural_at = max(plural_at, j)
            if t.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "conj" for c in t.children):
                toks = with_conjuncts(t, self)
                ents = [self.at(x) for x in toks]
                if len(toks) >= 2 and all(e is not None and e.label in ACTOR_LABELS for e in ents):
                    distinct = list({e.id: e for e in ents if e is not None}.values())
                    if len(distinct) >= 2:
                        groups.append((max(x.i for x in toks), distinct))
                else:
                    groups.append((max(x.i for x in toks), []))  # "Trump and his aides": unknown
            j -= 1
        if len(groups) != 1 or not groups[0][1] or plural_at > groups[0][0]:
            return []
        return groups[0][1]

    def _person_after(self, tok: "Token", sc: "DocContext") -> bool:
        sent = sc.sentence(tok.i)
        end = sc.sent_starts[sent + 1] if sent + 1 < len(sc.sent_starts) else len(tok.doc)
        return any((e := self.at(j)) is not None and e.label == "PERSON" for j in range(tok.i + 1, end))

    def named(self, name: str, labels: Iterable[str]) -> Entity | None:
        """The entity called ``name`` (canonical name or alias), among ``labels``."""
        labels = set(labels)
        for e in self.entities.values():
            if e.label not in labels:
                continue
            if key(e.name) == key(name) or any(key(a) == key(name) for a in e.aliases):
                return e
            if same_entity(name, e.name, e.label, e.label, self._lx.alias_index) and e.label != "PERSON":
                return e
        return None


EntityMap = EntityResolver  # the relation layer's name for it


def with_conjuncts(tok: "Token", emap: "EntityResolver | None" = None) -> list["Token"]:
    """A token and the tokens coordinated with it: "China and Russia" -> [China, Russia].

    With ``emap``, coordination is followed only from a token that is an entity: in "38 percent
    support, Gary Johnson 3 percent" the conjunct of "support" is not an object."""
    out = [tok]
    if emap is not None and emap.at(tok) is None:
        return out
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "conj" and c not in out:
                out.append(c)
                stack.append(c)
    return out


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


def _syntactic_role(doc: "Doc", m: EntityMention) -> tuple[bool, bool]:
    """(whether a mention qualifies a noun after it, "the Obama administration", "Clinton aides";
    whether it is the subject of a verb)."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span):
        return False, False
    last = span[-1]
    modifier = last.dep_ == "compound" and last.head.i >= span.end and last.head.pos_ == "NOUN"
    return modifier, span.root.dep_ in _SUBJECT_DEPS


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


def _surname_mentions(text: str, entities: list[Entity], names: list[tuple[int, int]], taken: list[EntityMention],
                      roles: frozenset[str]) -> list[EntityMention]:
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
        out.append(EntityMention(a, b, by_id[next(iter(ids))]))
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

