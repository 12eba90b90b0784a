"""Speakers: from the surface mention of a quote's source to the entity it refers to.

The rules live in ``tui.analysis.resolve.EntityResolver`` (shared with the relation layer); this
module builds the resolver the quotes layer uses: over the article's entities, with the quotation
regions (mentions there never become antecedents) and the proper-noun tokens outside PERSON
entities (so "Wang said" finds Wang Yi where the NER tagged nothing). The entity layer clusters
names and aliases; the resolver never clusters names itself, so it improves when the entities do.

In ``resolve``'s order: a speaker span that overlaps an entity mention is that entity (PERSON
first); he/she is, among the last three persons mentioned before the quote (outside quotations),
the last speaker unless its gender contradicts the pronoun, else the most recent person of the
pronoun's gender, else of unknown gender; a span that names a person by a word of a name or alias
(a surname) is that person; a definite role description (the foreign minister, the spokeswoman)
is the person whose titles or surrounding words share the role's words, failing that the last
speaker; an indefinite one (a spokeswoman) is nobody known. A relative pronoun (Jane Doe, who
said …) is resolved through its antecedent by the caller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from ..lexicons import PersonWords
from ..resolve import EntityResolver

if TYPE_CHECKING:  # pragma: no cover
    from ...model import Entity

SpeakerResolver = EntityResolver  # the quotes layer's name for it


def build_resolver(text: str, entities: list["Entity"], lexicon: dict[str, Any] | PersonWords,
                   quoted: Sequence[tuple[int, int]], names: Sequence[tuple[int, int]] = ()) -> EntityResolver:
    """A resolver over ``entities``; mentions inside the ``quoted`` regions never become antecedents.

    ``lexicon``: ``Lexicons.persons`` (or a lexicon dict with ``titles``, ``male``, ``female``,
    ``pronouns``); ``names`` are the (start, end) of proper-noun tokens, to find surname mentions
    the NER missed.
    """
    words = lexicon if isinstance(lexicon, PersonWords) else PersonWords.from_lexicon(lexicon)
    return EntityResolver(text, entities, words, quoted, names)
