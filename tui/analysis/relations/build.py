"""Relations (issue #4): a closed set of typed rows between consolidated entities.

* ``ROLE``        person - title - organisation or country ("Chinese Foreign Minister Wang Yi");
* ``MEMBER_OF``   person -> party or organisation ("Republican Sen. Ted Cruz", "a member of X");
* ``INTERACTION`` actor - verb class - actor, classes from ``relation_verbs.yaml`` (after
  CAMEO/PLOVER), read from the dependency parse; negation flagged;
* ``SAID``        speaker entity -> quote (from the quotes layer).

Precision over recall: a row is made only when the surface pattern or the dependency evidence is
clear, and both ends resolve to entities of the article. Duplicates are merged; ``count`` is the
number of sentences that support a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from ..aliases import key, same_entity
from ...model import Entity, Quote, Relation, Span
from ..entities.roles import DocScan, EntityLexicon, RoleHit, party_after, scan

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from ..lexicons import Lexicons
    from ...config import Settings

#: Entity labels that can act in an INTERACTION.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE"})
#: Entity labels a person can be a member of.
GROUP_LABELS = frozenset({"ORG", "NORP"})
#: Subject pronouns resolved to a person (INTERACTION), with their gender ("they": ``EntityMap.they``).
PRONOUN_GENDER = {"he": "m", "she": "f"}
#: Words of a SAID row's object_text.
QUOTE_WORDS = 8


@dataclass(slots=True)
class Row:
    """A relation before merging."""

    type: str
    subject: str
    predicate: str
    start: int
    end: int
    object: str | None = None
    object_text: str | None = None
    negated: bool = False
    quote: str | None = None
    sentence: int = -1

    def key(self) -> tuple:
        if self.type == "SAID":
            return (self.type, self.quote)
        return (self.type, self.subject, self.predicate.lower(), self.object,
                None if self.object else key(self.object_text or ""), self.negated)


class EntityMap:
    """Token -> entity id, and country/party name -> entity id, for the shown entities."""

    def __init__(self, doc: "Doc", entities: list[Entity], lx: EntityLexicon):
        self.entities = {e.id: e for e in entities}
        self.by_token: dict[int, str] = {}
        for e in entities:
            for m in e.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                for t in span:
                    self.by_token.setdefault(t.i, e.id)
        self.lx = lx
        self.quoted: list[tuple[int, int]] = []  # direct quotes: pronouns there are not resolved
        self._pronouns: dict[int, Entity] | None = None

    def at(self, tok: "Token | int") -> Entity | None:
        i = tok if isinstance(tok, int) else tok.i
        eid = self.by_token.get(i)
        return self.entities.get(eid) if eid else None

    def in_span(self, start: int, end: int) -> Entity | None:
        for i in range(start, end):
            e = self.at(i)
            if e is not None:
                return e
        return None

    def described(self, tok: "Token", roles: dict[str, set[str]], sc: DocScan, window: int = 8) -> Entity | None:
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
            n = self.lx.title_len(lowers, i, tok.i + 1)
            if n and i + n == tok.i + 1:
                desc = " ".join(lowers[i:tok.i + 1])
                break
        if desc is None or self.lx.is_honorific(desc):
            return None
        country = None
        for c in mods:
            if c.ent_type_ == "NORP":
                country = self.lx.country_of(c.text)
        first_sent = sc.sent_starts[max(0, sc.sentence(tok.i) - window)]
        best = None
        for i in range(tok.i - 1, first_sent - 1, -1):
            e = self.at(i)
            if e is None or e.label != "PERSON" or e is best:
                continue
            if not any(self.lx.describes(desc, t) for t in e.titles):
                continue
            if country and key(country) not in {key(x) for x in roles.get(e.id, ())}:
                continue
            best = e
            break
        return best

    def pronoun(self, tok: "Token", sc: DocScan) -> Entity | None:
        """The person a "he"/"she" subject stands for, when unambiguous: the one PERSON mentioned
        before it in its paragraph or in the previous sentence whose gender is not the other one,
        and that person's ``Entity.gender`` is known and matches. Not in a fronted subordinate
        clause whose main clause names a person ("Even as he accused X, Giuliani said"). A
        pronoun resolved this way counts as a mention for the next one ("Trump spoke. He said ...
        He accused ..."). Pronouns inside direct quotes are not read ("'He lied,' Trump said":
        someone else)."""
        if tok.lower_ not in PRONOUN_GENDER or tok.pos_ != "PRON":
            return None
        if self._pronouns is None:
            self._pronouns = self._resolve_pronouns(tok.doc, sc)
        return self._pronouns.get(tok.i)

    def _resolve_pronouns(self, doc: "Doc", sc: DocScan) -> dict[int, Entity]:
        text = sc.text
        out: dict[int, Entity] = {}
        quoted = self.quoted
        for i in sc.where("lower", PRONOUN_GENDER):
            tok = doc[i]
            if tok.pos_ != "PRON" or any(a <= tok.idx < b for a, b in quoted):
                continue
            g = PRONOUN_GENDER[tok.lower_]
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

    def they(self, tok: "Token", sc: DocScan) -> list[Entity]:
        """The actors a "they" subject stands for, when unambiguous: the one coordinated subject
        of two or more actor entities ("Putin and Xi met in Beijing. They criticized NATO.")
        earlier in its paragraph or in the previous sentence, with no other coordinated subject
        and no plural noun between them and the pronoun ("... met voters. They ..."). Not inside
        direct quotes."""
        if tok.lower_ != "they" or tok.pos_ != "PRON" or any(a <= tok.idx < b for a, b in self.quoted):
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
                toks = _with_conjuncts(t, self)
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

    def _person_after(self, tok: "Token", sc: DocScan) -> bool:
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
            if same_entity(name, e.name, e.label, e.label, self.lx.alias_index) and e.label != "PERSON":
                return e
        return None


def _sent_index(doc: "Doc") -> DocScan:
    return scan(doc)


def _sent_of(tok: "Token", sidx: DocScan) -> int:
    return sidx.sentence(tok.i)


# ---------------------------------------------------------------------------------------------
# ROLE and MEMBER_OF


def _role_object(doc: "Doc", hit: RoleHit, emap: EntityMap) -> tuple[str | None, str | None]:
    """(object id, object text) of a role: the NORP adjective's country ("Chinese" -> China) when
    the country is an entity of the article, else its name as text; an ORG/GPE mention's entity."""
    if hit.org is None or hit.org_text is None:
        return None, None
    if hit.org_label == "NORP":
        e = emap.named(hit.org_text, ("GPE",))
        return (e.id, e.name) if e else (None, hit.org_text)
    e = emap.in_span(*hit.org)
    if e is not None and e.label in ("ORG", "GPE"):
        return e.id, e.name
    return None, hit.org_text


def role_rows(doc: "Doc", roles: dict[int, list[RoleHit]], emap: EntityMap, sidx: DocScan) -> list[Row]:
    """ROLE rows from the title patterns around person names (see ``tui.analysis.entities.roles``); MEMBER_OF rows
    for a party adjective in the same pattern ("Republican Sen. Ted Cruz")."""
    rows = []
    for hits in roles.values():
        for h in hits:
            person = emap.in_span(*h.person)
            if person is None or person.label != "PERSON":
                continue
            start, end = doc[h.evidence[0]].idx, doc[h.evidence[1] - 1].idx + len(doc[h.evidence[1] - 1])
            sent = _sent_of(doc[h.person[0]], sidx)
            if h.party:
                obj = emap.named(h.party, GROUP_LABELS)
                rows.append(Row("MEMBER_OF", person.id, "member of", start, end,
                                obj.id if obj else None, obj.name if obj else h.party, sentence=sent))
            if h.honorific:
                continue
            oid, otext = _role_object(doc, h, emap)
            rows.append(Row("ROLE", person.id, h.title, start, end, oid, otext, sentence=sent))
    return rows


def member_rows(doc: "Doc", emap: EntityMap, lx: EntityLexicon, sidx: DocScan, text: str) -> list[Row]:
    """MEMBER_OF rows from three patterns:

    * a party word right before the name: "Democrat Joe Manchin", "Republican Mitt Romney";
    * a party letter after the name: "Ted Cruz (R-Texas)";
    * "member of ORG" in apposition or as the complement of "be": "Ann Lee, a member of the
      Labour Party," / "Lee is a member of Hamas".
    """
    rows: list[Row] = []
    ents_by_end = {e.end: e for e in doc.ents}
    seen_person_starts = set()
    for e in emap.entities.values():
        if e.label != "PERSON":
            continue
        for m in e.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or span.start in seen_person_starts:
                continue
            seen_person_starts.add(span.start)
            sent = _sent_of(span[0], sidx)
            before = ents_by_end.get(span.start)
            if before is not None and before.label_ == "NORP" and (party := lx.party_of(before.text)):
                obj = emap.named(party, GROUP_LABELS)
                rows.append(Row("MEMBER_OF", e.id, "member of", before.start_char, m.end,
                                obj.id if obj else None, obj.name if obj else party, sentence=sent))
            pa = party_after(text, m.end, lx)
            if pa is not None:
                party, end = pa
                obj = emap.named(party, GROUP_LABELS)
                rows.append(Row("MEMBER_OF", e.id, "member of", m.start, end,
                                obj.id if obj else None, obj.name if obj else party, sentence=sent))
    for i in sidx.where("lemma", ["member"]):
        tok = doc[i]
        group = _pobj_entity(tok, ("of",), emap, GROUP_LABELS)
        if group is None:
            continue
        person_tok = None
        if tok.dep_ == "appos":
            person_tok = tok.head
        elif tok.dep_ == "attr" and tok.head.lemma_ == "be":
            person_tok = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if person_tok is None or _negated(tok.head if tok.dep_ == "attr" else tok):
            continue
        person = emap.at(person_tok)
        if person is None or person.label != "PERSON":
            continue
        gtok = group[1]
        s = min(person_tok.idx, tok.idx)
        end = max(gtok.idx + len(gtok), tok.idx + len(tok))
        s = min(s, _mention_start(person, person_tok))
        rows.append(Row("MEMBER_OF", person.id, "member of", s, end, group[0].id, group[0].name,
                        sentence=_sent_of(tok, sidx)))
    return rows


def _mention_start(e: Entity, tok: "Token") -> int:
    for m in e.mentions:
        if m.start <= tok.idx < m.end:
            return m.start
    return tok.idx


def _pobj_entity(tok: "Token", preps: tuple[str, ...], emap: EntityMap, labels) -> tuple[Entity, "Token"] | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    e = emap.at(p)
                    if e is not None and e.label in labels:
                        return e, p
    return None


# ---------------------------------------------------------------------------------------------
# INTERACTION


def _negated(verb: "Token") -> bool:
    """A "not"/"never"/"n't" on the verb or on its auxiliaries: "did not meet"."""
    for c in verb.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in c.children):
            return True
    return False


def _with_conjuncts(tok: "Token", emap: "EntityMap | None" = None) -> list["Token"]:
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


def _subjects(verb: "Token", emap: "EntityMap") -> tuple[list["Token"], bool]:
    """The subjects of a verb, inherited along verb coordination ("X met Y and praised Z");
    (tokens, passive). A passive verb's agent ("by X") is its subject."""
    v = verb
    for _ in range(4):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            s = subj[0]
            if s.dep_ == "nsubjpass":
                agent = [p for c in v.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
                return (_with_conjuncts(agent[0], emap) if agent else []), True
            return _with_conjuncts(s, emap), False
        if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
            v = v.head
            continue
        break
    return [], False


def _objects(verb: "Token", passive: bool, preps: set[str], emap: "EntityMap") -> list["Token"]:
    """Direct objects (or the passive subject), and objects of the given prepositions."""
    out: list["Token"] = []
    holders = [verb] + [c for c in verb.children if c.dep_ == "dobj"]
    if passive:
        out += [t for c in verb.children if c.dep_ == "nsubjpass" for t in _with_conjuncts(c, emap)]
    else:
        out += [t for c in verb.children if c.dep_ == "dobj" for t in _with_conjuncts(c, emap)]
    for c in (c for h in holders for c in h.children):
        if c.dep_ in ("prep", "prt") and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    out += _with_conjuncts(p, emap)
            if c.dep_ == "prt":  # "call on X": particle, the actor is the direct object
                out += [t for d in verb.children if d.dep_ == "dobj" for t in _with_conjuncts(d, emap)]
    return out


def _verb_class(verb: "Token", lx: EntityLexicon) -> list[tuple[str, set[str], bool]]:
    """(class, prepositions that take the other actor, via a noun) for a verb token.

    A plain verb of the class takes its direct object; a phrase "call on" takes the object of
    "on"; a light verb with an event noun ("hold a meeting with") takes the object of "with".
    """
    lemma = verb.lemma_.lower()
    found = []
    for name, spec in lx.verb_classes.items():
        preps = set()
        hit = lemma in spec["verbs"]
        for phrase in spec["phrases"]:
            if phrase[0] != lemma or len(phrase) < 2:
                continue
            holders = [verb]
            if len(phrase) >= 3:  # "impose sanctions on", "hold talks with": verb + object + prep
                holders = [c for c in verb.children if c.dep_ == "dobj"
                           and phrase[1] in (c.lower_, c.lemma_.lower())]
                if not holders:
                    continue
                holders.append(verb)
            for h in holders:
                # the particle or preposition right after the verb (or its object): "called on X",
                # not "called X ... on Twitter"
                if any(c.lower_ == phrase[-1] and c.dep_ in ("prep", "prt") and 0 < c.i - h.i <= 2
                       for c in h.children):
                    hit = True
                    preps.add(phrase[-1])
        if hit:
            found.append((name, preps, False))
    return found


def _noun_events(verb: "Token", lx: EntityLexicon) -> list[tuple[str, "Token"]]:
    """Event nouns after a light verb: "holds a meeting with", "signed an agreement with"."""
    if verb.lemma_.lower() not in lx.light_verbs:
        return []
    out = []
    for c in verb.children:
        if c.dep_ != "dobj":
            continue
        for name, spec in lx.verb_classes.items():
            if c.lemma_.lower() in spec["nouns"] or c.lower_ in spec["nouns"]:
                out.append((name, c))
    return out


def _span_of(e: Entity, tok: "Token") -> tuple[int, int]:
    for m in e.mentions:
        if m.start <= tok.idx < m.end:
            return m.start, m.end
    return tok.left_edge.idx, tok.idx + len(tok)  # a role description: "The Chinese diplomat"


def interaction_rows(doc: "Doc", emap: EntityMap, lx: EntityLexicon, sidx: DocScan,
                     role_orgs: dict[str, set[str]] | None = None) -> list[Row]:
    """INTERACTION rows: subject and object (or prepositional object) of a classed verb are both
    actor entities (PERSON, ORG, GPE) and differ; coordinated subjects and objects each give a
    row; "X and Y met" gives X-Y for reciprocal classes; negation is flagged."""
    rows: list[Row] = []
    role_orgs = role_orgs or {}
    for i in sidx.where("lemma", lx.verb_lemmas):
        verb = doc[i]
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        classes = _verb_class(verb, lx)
        nouns = _noun_events(verb, lx)
        if not classes and not nouns:
            continue
        subj_toks, passive = _subjects(verb, emap)
        subjects = [(emap.at(t) or emap.described(t, role_orgs, sidx) or emap.pronoun(t, sidx), t)
                    for t in subj_toks]
        subjects += [(e, t) for t in subj_toks for e in emap.they(t, sidx)]
        subjects = [(e, t) for e, t in subjects if e is not None and e.label in ACTOR_LABELS]
        if not subjects:
            continue
        neg = _negated(verb)
        sent = _sent_of(verb, sidx)
        jobs: list[tuple[str, list["Token"], bool, "Token"]] = []
        for name, preps, _ in classes:
            jobs.append((name, _objects(verb, passive, preps, emap), lx.verb_classes[name]["reciprocal"], verb))
        for name, noun in nouns:
            objs = []
            for holder in (noun, verb):
                for c in holder.children:
                    if c.dep_ == "prep" and c.lower_ == "with":
                        objs += [t for p in c.children if p.dep_ == "pobj" for t in _with_conjuncts(p, emap)]
            jobs.append((name, objs, lx.verb_classes[name]["reciprocal"], noun))
        any_with = any(c.dep_ == "prep" and c.lower_ == "with"
                       for h in [verb] + [d for d in verb.children if d.dep_ == "dobj"] for c in h.children)
        for name, obj_toks, reciprocal, cue in jobs:
            objects = [(emap.at(t) or emap.described(t, role_orgs, sidx), t) for t in obj_toks]
            objects = [(e, t) for e, t in objects if e is not None and e.label in ACTOR_LABELS]
            pairs = [(s, o) for s in subjects for o in objects if s[0].id != o[0].id]
            if not obj_toks and not any_with and reciprocal and len(subjects) >= 2:
                pairs = [(subjects[i], subjects[j]) for i in range(len(subjects))
                         for j in range(i + 1, len(subjects)) if subjects[i][0].id != subjects[j][0].id]
            for (se, st), (oe, ot) in pairs:
                a = _span_of(se, st)
                b = _span_of(oe, ot)
                start = min(a[0], b[0], verb.idx)
                end = max(a[1], b[1], verb.idx + len(verb), cue.idx + len(cue))
                rows.append(Row("INTERACTION", se.id, name, start, end, oe.id, oe.name, neg, sentence=sent))
    return rows


# ---------------------------------------------------------------------------------------------
# SAID


def _is_clause(doc: "Doc", q: Quote) -> bool:
    """Whether a reported content is a clause with a subject of its own (what someone said)."""
    for part in q.content:
        span = doc.char_span(part.start, part.end, alignment_mode="expand")
        if span is not None and any(t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for t in span):
            return True
    return False


def _not_speech(doc: "Doc", q: Quote, lx: EntityLexicon) -> bool:
    """True when the quote's cue is not a verb or noun of saying (the ``verbs`` and ``nouns`` of
    reporting_verbs.yaml: "wanted to", "planned to" are left out), is an act that INTERACTION
    already reads ("criticized X", "urged X to ...") or is a stance listed under ``not_said`` in
    relation_verbs.yaml ("dismissed the report", "declined to say more")."""
    if q.cue is None:
        return False
    span = doc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span.root
    lemma = tok.lemma_.lower()
    if lemma in lx.not_said:
        return True
    if lx.speech_cues and lemma not in lx.speech_cues and not q.cue.text.lower().startswith("according"):
        return True  # a cue of thought or plan ("wanted to", "planned to"), not of speech
    return tok.pos_ in ("VERB", "AUX") and bool(_verb_class(tok, lx))


#: Head nouns through which an organisation or a country speaks: "US officials said", "a Boeing
#: spokesman said", "the Kremlin's press office said" (titles of ``titles.yaml`` count too).
SPEAKER_HEADS = frozenset({
    "official", "officials", "spokesman", "spokeswoman", "spokesperson", "spokespeople",
    "government", "ministry", "authorities", "authority", "diplomat", "diplomats", "source",
    "sources", "representative", "representatives", "statement", "embassy", "military", "office",
    "leadership", "leaders", "leader", "negotiators", "aides", "aide", "lawyer", "lawyers",
    "executive", "executives", "management", "board", "administration", "agency", "department"})
#: What an organisation publishes (not a country): "a new poll by Harvard's Institute of Politics".
ORG_SOURCE_HEADS = frozenset({"poll", "polls", "survey", "report", "study", "analysis", "reporting",
                              "data", "figures", "research"})


def _not_the_speaker(doc: "Doc", q: Quote, emap: "EntityMap", lx: EntityLexicon) -> bool:
    """True when the speaker entity only modifies the phrase that speaks: "the Paris terror
    attacks highlight", "Republican primary voters said", "a recent poll of Indiana voters" (the
    attacks, voters, poll speak, not Paris, the Republicans, Indiana). An organisation or country
    speaks through its officials: "US officials said" keeps the United States. A nationality or
    party adjective alone ("Mexican", "Republican") never speaks; a plural group ("Democrats")
    may."""
    e = emap.entities.get(q.speaker_entity or "")
    if e is None:
        return False
    if e.label == "NORP" and not e.name.endswith("s"):
        return True
    if q.speaker is None:
        return False
    span = doc.char_span(q.speaker.start, q.speaker.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    if not any(emap.by_token.get(t.i) == e.id for t in span):
        return False  # "the minister", "he": resolved by the quotes layer
    root = span.root
    if emap.by_token.get(root.i) == e.id or root.pos_ not in ("NOUN", "PROPN"):
        return False
    if e.label in ("ORG", "GPE") and (root.lower_ in SPEAKER_HEADS or lx.is_title(root.lower_)):
        return False
    if e.label == "ORG" and root.lower_ in ORG_SOURCE_HEADS:
        return False
    return True


def said_rows(quotes: list[Quote], emap: EntityMap, doc: "Doc | None" = None,
              lx: EntityLexicon | None = None) -> list[Row]:
    """One SAID row per quote whose speaker is an entity: subject = the speaker, predicate = the
    cue ("said", "added"), object_text = the quote's first words, evidence = the cue (or the
    quote's content when it has no cue). Quotes cued by an interaction or stance verb are left to
    INTERACTION (see ``_not_speech``)."""
    rows = []
    for q in quotes or []:
        if not q.speaker_entity or q.speaker_entity not in emap.entities:
            continue
        if doc is not None and lx is not None and (_not_speech(doc, q, lx) or _not_the_speaker(doc, q, emap, lx)):
            continue
        if doc is not None and q.kind == "indirect" and not _is_clause(doc, q):
            continue  # "ordered troopers to the border", "published the letter": acts, not speech
        words = " ".join(" ".join(s.text for s in q.content).split()).strip(" \"“”‘’'")
        parts = words.split(" ")
        first = " ".join(parts[:QUOTE_WORDS]) + ("…" if len(parts) > QUOTE_WORDS else "")
        ev = q.cue or q.content[0]
        predicate = " ".join(q.cue.text.lower().split()) if q.cue else "said"
        rows.append(Row("SAID", q.speaker_entity, predicate or "said", ev.start, ev.end, None, first,
                        quote=q.id, sentence=q.start))
    return rows


# ---------------------------------------------------------------------------------------------


def merge_rows(rows: list[Row], text: str) -> list[Relation]:
    """Merge duplicate rows (same type, subject, predicate, object, negation); the first evidence is
    kept and ``count`` is the number of distinct supporting sentences. A ROLE without an object
    joins the same person's same title with one ("Gov. Blagojevich" -> Governor of Illinois).
    Ids R1.. in text order."""
    groups: dict[tuple, list[Row]] = {}
    # a bare title repeats a fuller one: "Gov. Blagojevich" after "Illinois Gov. Rod Blagojevich"
    placed: dict[tuple, tuple] = {}
    for r in sorted(rows, key=lambda r: (r.start, r.end)):
        if r.type == "ROLE" and (r.object or r.object_text):
            placed.setdefault((r.subject, r.predicate.lower()), r.key())
    for r in sorted(rows, key=lambda r: (r.start, r.end)):
        k = r.key()
        if r.type == "ROLE" and not (r.object or r.object_text):
            k = placed.get((r.subject, r.predicate.lower()), k)
        groups.setdefault(k, []).append(r)
    out = []
    for n, rs in enumerate(sorted(groups.values(), key=lambda rs: rs[0].start), 1):
        r = next((x for x in rs if x.object or x.object_text), rs[0]) if rs[0].type == "ROLE" else rs[0]
        out.append(Relation(
            id=f"R{n}", type=r.type, subject=r.subject, predicate=r.predicate,
            evidence=Span.of(text, r.start, r.end), object=r.object, object_text=r.object_text,
            negated=r.negated, count=len({x.sentence for x in rs}), quote=r.quote,
        ))
    return out


def extract_relations(doc: "Doc", lex: "Lexicons", entities: list[Entity], quotes: list[Quote],
                      settings: "Settings") -> list[Relation]:
    """ROLE, MEMBER_OF, INTERACTION and SAID rows between the given entities, merged."""
    from ..entities.build import index_for, role_hits_for

    lx = EntityLexicon.from_lex(lex)
    text = scan(doc).text
    emap = EntityMap(doc, entities, lx)
    emap.quoted = [(c.start, c.end) for q in quotes or [] if q.kind != "indirect" for c in q.content]
    sidx = _sent_index(doc)
    idx = index_for(doc)
    roles = idx.roles if idx is not None else role_hits_for(doc, lx)
    rows = role_rows(doc, roles, emap, sidx)
    role_orgs: dict[str, set[str]] = {}
    for r in rows:
        if r.type == "ROLE" and r.object_text:
            role_orgs.setdefault(r.subject, set()).add(r.object_text)
    rows += member_rows(doc, emap, lx, sidx, text)
    rows += interaction_rows(doc, emap, lx, sidx, role_orgs)
    rows += said_rows(quotes, emap, doc, lx)
    return merge_rows(rows, text)
