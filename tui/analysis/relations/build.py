"""Relations (issue #4): a closed set of typed rows between consolidated entities, one module per type.

* ``ROLE``        person - title - organisation or country ("Chinese Foreign Minister Wang Yi"),
                  and ``MEMBER_OF`` person -> party or organisation ("Republican Sen. Ted Cruz",
                  "a member of X"): ``roles``;
* ``INTERACTION`` actor - verb class - actor, classes from ``relation_verbs.yaml`` (after
  CAMEO/PLOVER), read from the dependency parse; negation flagged: ``interactions``;
* ``SAID``        speaker entity -> quote (from the quotes layer): ``said``.

Precision over recall: a row is made only when the surface pattern or the dependency evidence is
clear, and both ends resolve to entities of the article (``tui.analysis.resolve.EntityResolver``).
Duplicates are merged (``rows.merge_rows``); ``count`` is the number of sentences that support a row.
"""

from __future__ import annotations

from ...config import Settings
from ...model import Entity, Quote, Relation
from ..context import DocContext
from ..entities.build import entity_index
from ..lexicons import Lexicons
from ..resolve import EntityMap
from .interactions import interaction_rows
from .roles import member_rows, role_rows
from .rows import merge_rows
from .said import said_rows


def extract_relations(ctx: DocContext, lex: Lexicons, entities: list[Entity], quotes: list[Quote],
                      settings: Settings) -> list[Relation]:
    """ROLE, MEMBER_OF, INTERACTION and SAID rows between the given entities, merged. The role hits
    are those ``build_entities`` left on ``ctx`` (read again when it did not run on it)."""
    lx = lex.entity
    doc, text = ctx.doc, ctx.text
    # pronouns inside direct and mixed quotes are someone else's ("'He lied,' Trump said")
    quoted = [(c.start, c.end) for q in quotes or [] if q.kind != "indirect" for c in q.content]
    emap = EntityMap(text, entities, lex.persons, quoted, doc=doc, lx=lx)
    rows = role_rows(doc, entity_index(ctx, lex).roles, emap, ctx)
    role_orgs: dict[str, set[str]] = {}
    for r in rows:
        if r.type == "ROLE" and r.object_text:
            role_orgs.setdefault(r.subject, set()).add(r.object_text)
    rows += member_rows(doc, emap, lx, ctx, text)
    rows += interaction_rows(doc, emap, lx, ctx, role_orgs)
    rows += said_rows(quotes, emap, doc, lx)
    return merge_rows(rows, text)
