"""The analysis: one spaCy parse, then entities, quotes and relations as plain data.

No Textual import here; the app, the CLI and the tests all call ``analyze``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .articles import Article
from .config import Settings, load_lexicon
from .model import Analysis
from .nlp import load_pipeline, pipeline_info

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc


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


def get_nlp(settings: Settings) -> "Language":
    lex = Lexicons.from_settings(settings)
    return load_pipeline(settings.pipeline.names, lex.entity_patterns)


def analyze_doc(doc: "Doc", article: Article, settings: Settings, lex: Lexicons | None = None,
                pipeline: dict[str, str] | None = None) -> Analysis:
    """Everything newsreader reads from one parsed article."""
    from .entities import build_entities
    from .quotes import extract_quotes
    from .relations import extract_relations

    lex = lex or Lexicons.from_settings(settings)
    entities = build_entities(doc, lex, settings)
    quotes = extract_quotes(doc, lex, entities, settings)
    relations = extract_relations(doc, lex, entities, quotes, settings)
    return Analysis(
        path=article.path,
        text=article.text,
        meta=dict(article.meta),
        pipeline=dict(pipeline or {}),
        entities=entities,
        quotes=quotes,
        relations=relations,
    )


def _prepare(nlp: "Language", text: str) -> None:
    if len(text) >= nlp.max_length:
        nlp.max_length = len(text) + 1


def analyze(article: Article, settings: Settings, *, nlp: "Language | None" = None) -> Analysis:
    """Parse ``article`` with the configured pipeline and extract entities, quotes and relations."""
    nlp = nlp or get_nlp(settings)
    _prepare(nlp, article.text)
    doc = nlp(article.text)
    return analyze_doc(doc, article, settings, Lexicons.from_settings(settings), pipeline_info(nlp))


def analyze_many(articles: Iterable[Article], settings: Settings, *, nlp: "Language | None" = None,
                 batch_size: int | None = None) -> Iterator[Analysis]:
    """Analyse many articles with ``nlp.pipe`` (one pass, batched)."""
    nlp = nlp or get_nlp(settings)
    lex = Lexicons.from_settings(settings)
    info = pipeline_info(nlp)
    arts = list(articles)
    for a in arts:
        _prepare(nlp, a.text)
    docs = nlp.pipe((a.text for a in arts), batch_size=batch_size or settings.pipeline.batch_size)
    for art, doc in zip(arts, docs):
        yield analyze_doc(doc, art, settings, lex, info)
