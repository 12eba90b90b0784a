"""Entities: one entry per real-world entity in the article, in order of salience (issue #4).

The whole step, each part a small function in its own module:
  1. ``mentions.raw_mentions``: spaCy's named entities, trimmed ("the", possessives, honorifics),
     minus the ones inside photo credits and bylines (``mentions.credit_spans``);
  2. ``roles.role_hits``: the titles around person mentions ("Foreign Minister Wang Yi"); a
     mention with a title is a person;
  3. ``clusters.cluster``: mentions grouped per entity with the rules of
     ``tui.analysis.aliases.same_entity`` (full name / surname / title + surname, acronyms, listed
     country aliases), then the untagged acronyms and surnames; a mention takes its cluster's label;
  4. per cluster: the canonical name (``clusters.canonical_name``), aliases, titles, gender
     (honorifics and gendered titles, else ``gender.pronoun_gender``);
  5. ``salience.salience``: first-mention position, mention count, presence in the title and the
     lead; hidden labels (``entities.show``) dropped; ids E1.. follow the salience order.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...config import Settings
from ...model import Entity, Span
from ..aliases import clean_name, key
from ..context import DocContext
from ..lexicons import Lexicons
from .clusters import Cluster, add_acronym_mentions, add_surname_mentions, canonical_name, cluster, mark_pronouns_after
from .gender import pronoun_gender
from .mentions import NAME_LABELS, credit_spans, raw_mentions
from .roles import RoleHit, drop_title_words, role_hits, role_hits_for
from .salience import salience, title_and_lead


@dataclass(slots=True)
class EntityIndex:
    """What ``build_entities`` found, kept on the document context for the relation layer (not part
    of the JSON)."""

    clusters: list[Cluster]
    roles: dict[int, list[RoleHit]]  # mention start character -> the titles read around it
    ids: dict[int, str]  # cluster index -> entity id (shown clusters only)


_INDEX = "entities.index"  # the key of ``DocContext.shared``


def entity_index(ctx: DocContext, lex: Lexicons) -> EntityIndex:
    """What ``build_entities`` left on ``ctx``; when it did not run on this context (entities
    built elsewhere), the role hits alone, read now."""
    idx = ctx.shared.get(_INDEX)
    if idx is None:
        idx = ctx.shared[_INDEX] = EntityIndex([], role_hits_for(ctx, lex.entity), {})
    return idx


def build_entities(ctx: DocContext, lex: Lexicons, settings: Settings) -> list[Entity]:
    """One Entity per real-world entity of the article, shown labels only, ids E1.. by salience.
    What the relation layer reads besides (clusters, role hits) is left on ``ctx``: ``entity_index``."""
    lx = lex.entity
    doc = ctx.doc
    shown = list(settings.entities.show)
    labels = set(NAME_LABELS) | set(shown)
    text = ctx.text
    credits = credit_spans(text, lx)
    mentions = raw_mentions(doc, lx, labels, credits, text)
    numeric = [m for m in mentions if m.label not in NAME_LABELS]
    named = [m for m in mentions if m.label in NAME_LABELS]
    roles = role_hits(ctx, named, lx)
    named = drop_title_words(named, roles)
    for m in named:
        if m.start in roles:
            m.person_cue = True
            m.gender = next((g for h in roles[m.start]
                             if (g := lx.gender_of(doc[h.title_span[0]:h.title_span[1]].text))), None)
            m.label = "PERSON"  # "Chancellor Olaf Scholz" tagged ORG is a person
    mark_pronouns_after(doc, named)
    clusters = cluster(named, lx, ctx.sentence)
    add_acronym_mentions(ctx, clusters, credits)
    add_surname_mentions(ctx, clusters, lx, credits)
    # numbers and dates (if the user shows them): grouped by their exact text
    by_text: dict[tuple[str, str], Cluster] = {}
    for m in numeric:
        c = by_text.setdefault((m.label, key(m.text)), Cluster(label=m.label))
        c.add(m)
    clusters.extend(by_text.values())

    pron = pronoun_gender(ctx, clusters)
    for i, c in enumerate(clusters):
        if c.label != "PERSON" and any(m.person_cue for m in c.mentions):
            c.label = "PERSON"  # "Mr. Wang" / "Foreign Minister Wang" is a person whatever NER said
        for m in c.mentions:
            c.roles.extend(roles.get(m.start, []))
        g = None
        for h in c.roles:
            g = g or lx.gender_of(doc[h.title_span[0]:h.title_span[1]].text)
        c.gender = g or (pron.get(i) if c.label == "PERSON" else None)

    title, lead = title_and_lead(text)
    max_count = max((len(c.mentions) for c in clusters), default=1)
    scored = []
    for i, c in enumerate(clusters):
        if c.label not in shown or not c.mentions:
            continue
        scored.append((salience(c.mentions, len(text), max_count, title, lead), i, c))
    scored.sort(key=lambda t: (-t[0], t[2].mentions[0].start))
    entities: list[Entity] = []
    ids: dict[int, str] = {}
    for n, (score, i, c) in enumerate(scored, 1):
        name = canonical_name(c, lx)
        aliases = []
        for m in c.mentions:
            a = clean_name(m.text)
            if a != name and a not in aliases:
                aliases.append(a)
        titles = []
        for h in c.roles:
            if not h.honorific and h.title not in titles:
                titles.append(h.title)
        eid = f"E{n}"
        ids[i] = eid
        entities.append(Entity(
            id=eid, name=name, label=c.label,
            mentions=[Span.of(text, m.start, m.end) for m in c.mentions],
            salience=score, aliases=aliases, titles=titles,
            gender=c.gender if c.label == "PERSON" else None,
        ))
    ctx.shared[_INDEX] = EntityIndex(clusters, roles, ids)
    return entities
