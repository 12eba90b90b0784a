"""Speakers: from the surface mention of a quote's source to the entity it refers to.

The rules live in ``tui.analysis.resolve.EntityResolver`` (shared with the relation layer); this
module builds the resolver the quotes layer uses: over the article's entities, with the quotation
regions (mentions there never become antecedents) and the proper-noun tokens outside PERSON
entities (so "Wang said" finds Wang Yi where the NER tagged nothing). The entity layer clusters
names and aliases; the resolver never clusters names itself, so it improves when the entities do.

In ``resolve``'s order (details in ``tui.analysis.resolve``): a person mentioned at the head of
the speaker span is that person (not "Cameron's spokesman"); he/she is the main subject of its
sentence or of the sentence before (a he/she there followed back), else the first person named
in its sentence, else the latest person of a compatible gender (first names from
``tui.analysis.names``; resolved speakers count as mentions; names qualifying a noun and the quote's
own content do not); a surname is that person; his/her/the + a group noun (his campaign, the
campaign) is nobody named, a campaign is not its candidate; the + an organisation or place noun (the company, the city) is the one
of that kind named with that noun or mentioned most nearby; a definite role description (the
foreign minister) is the person introduced with its words, and nobody else (an unnamed
spokesman is not the last speaker); the + an epithet (the retired neurosurgeon) is the person
the text continues; an indefinite one (a spokeswoman) is nobody known. A relative pronoun (Jane
Doe, who said …) is resolved through its antecedent by the caller; an attribution whose parse
gave no subject takes the nearest subject before its cue (``nearest_source``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from ..lexicons import PersonWords
from ..resolve import EntityResolver

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from ...model import Entity

SpeakerResolver = EntityResolver  # the quotes layer's name for it


def build_resolver(text: str, entities: list["Entity"], lexicon: dict[str, Any] | PersonWords,
                   quoted: Sequence[tuple[int, int]], names: Sequence[tuple[int, int]] = (),
                   doc: "Doc | None" = None) -> EntityResolver:
    """A resolver over ``entities``; mentions inside the ``quoted`` regions never become antecedents.

    ``lexicon``: ``Lexicons.persons`` (or a lexicon dict with ``titles``, ``male``, ``female``,
    ``pronouns``, ``group_nouns`` …); ``names`` are the (start, end) of proper-noun tokens, to find
    surname mentions the NER missed; ``doc`` gives the sentences and their subjects (without it a
    pronoun goes to the latest person).
    """
    words = lexicon if isinstance(lexicon, PersonWords) else PersonWords.from_lexicon(lexicon)
    return EntityResolver(text, entities, words, quoted, names, doc=doc)
