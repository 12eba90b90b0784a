"""Mention -> entity: which entity of the article a token, a pronoun or a role description stands for.

``EntityMap`` is built once per document over the shown entities (the relation layer's view:
token -> entity, he/she and "they" subjects, definite role descriptions, names).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..model import Entity
from .aliases import key, same_entity
from .lexicons import EntityLexicon

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from .context import DocContext

#: Entity labels that can act in an INTERACTION (and be a "they").
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE"})
#: Subject pronouns resolved to a person (INTERACTION), with their gender ("they": ``EntityMap.they``).
PRONOUN_GENDER = {"he": "m", "she": "f"}


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

    def described(self, tok: "Token", roles: dict[str, set[str]], sc: DocContext, window: int = 8) -> Entity | None:
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

    def pronoun(self, tok: "Token", sc: DocContext) -> Entity | None:
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

    def _resolve_pronouns(self, doc: "Doc", sc: DocContext) -> dict[int, Entity]:
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

    def they(self, tok: "Token", sc: DocContext) -> list[Entity]:
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

    def _person_after(self, tok: "Token", sc: DocContext) -> bool:
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


def with_conjuncts(tok: "Token", emap: "EntityMap | None" = None) -> list["Token"]:
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
