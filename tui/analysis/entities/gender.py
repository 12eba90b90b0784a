"""Gender of a person cluster from the he/she pronouns that follow its mentions.

Honorifics and gendered titles (``EntityLexicon.gender_of``) take precedence; this vote is the
fallback ``tui.analysis.entities.build`` uses for a PERSON with neither.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..context import DocContext
    from .clusters import Cluster

_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
             "herself": "f"}


def pronoun_gender(ctx: "DocContext", clusters: list["Cluster"], window: int = 2) -> dict[int, str]:
    """Gender from he/she pronouns: each third-person pronoun votes for the PERSON cluster
    mentioned last before it (within ``window`` sentences); a cluster gets a gender when its votes
    agree (no vote for the other gender). Cheap and approximate; honorifics and gendered titles
    take precedence."""
    persons = [(m.start, i) for i, c in enumerate(clusters) if c.label == "PERSON" for m in c.mentions]
    persons.sort()
    if not persons:
        return {}
    votes: dict[int, dict[str, int]] = {}
    starts = [p for p, _ in persons]
    doc = ctx.doc
    for i in ctx.where("lower", _PRONOUNS):
        tok = doc[i]
        g = _PRONOUNS[tok.lower_]
        k = bisect.bisect_left(starts, tok.idx) - 1
        if k < 0:
            continue
        pos, ci = persons[k]
        first_sent = ctx.sent_starts[max(0, ctx.sentence(i) - window)]
        if pos < doc[first_sent].idx:
            continue
        votes.setdefault(ci, {"m": 0, "f": 0})[g] += 1
    out = {}
    for ci, v in votes.items():
        if v["m"] and not v["f"]:
            out[ci] = "m"
        elif v["f"] and not v["m"]:
            out[ci] = "f"
    return out
