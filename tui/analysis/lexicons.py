"""The YAML word lists under ``config/lexicons``, parsed once per settings and passed down to every stage.

The lowest module of the analysis: entities, quotes and relations import the type from here, never
from the orchestrator (``tui.analysis``), so no arrow points upward.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..config import Settings, load_lexicon


@dataclass(frozen=True, slots=True)
class Lexicons:
    """The YAML word lists under config/lexicons, parsed."""

    reporting_verbs: dict[str, Any]
    titles: dict[str, Any]
    nationalities: dict[str, Any]
    relation_verbs: dict[str, Any]
    entity_patterns: dict[str, Any]

    @classmethod
    def from_settings(cls, settings: Settings) -> "Lexicons":
        return cls(**{name: load_lexicon(settings, name) for name in cls.__slots__})
