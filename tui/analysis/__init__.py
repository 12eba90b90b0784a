"""The analysis: one spaCy parse, then entities, quotes and relations as plain data.

``analyze`` / ``analyze_many`` are the entry points (the CLI, the app's analyser and the tests call
them); ``Lexicons`` is re-exported from ``lexicons``. ``analyze_doc`` runs the three stages on one
``DocContext`` (``context``), each with the same shape: the context, the lexicons, what the earlier
stages produced and the settings.

No Textual import here; the app, the CLI and the tests all call ``analyze``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from ..articles import Article
from ..config import Settings
from ..model import Analysis
from .context import DocContext
from .lexicons import Lexicons
from .pipeline import load_pipeline, pipeline_info

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc


def get_nlp(settings: Settings) -> "Language":
    lex = Lexicons.from_settings(settings)
    return load_pipeline(settings.pipeline.names, lex.entity_patterns)


def analyze_doc(doc: "Doc", article: Article, settings: Settings, lex: Lexicons | None = None,
                pipeline: dict[str, str] | None = None) -> Analysis:
    """Everything newsreader reads from one parsed article."""
    from .entities.build import build_entities
    from .quotes.boundaries import refine_quotes
    from .quotes.build import extract_quotes
    from .relations.build import extract_relations

    lex = lex or Lexicons.from_settings(settings)
    ctx = DocContext(doc, article.text)  # this document's state, shared by the three stages
    entities = build_entities(ctx, lex, settings)
    quotes = refine_quotes(doc, article.text, extract_quotes(ctx, lex, entities, settings), settings)
    relations = extract_relations(ctx, lex, entities, quotes, settings)
    return Analysis(
        path=article.path,
        text=article.text,
        meta=dict(article.meta),
        pipeline=dict(pipeline or {}),
        entities=entities,
        quotes=quotes,
        relations=relations,
    )


CHUNK_CHARS = 50_000


def split_chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Consecutive slices of ``text`` of about ``size`` characters that join back to ``text``,
    cut at a paragraph break where there is one (else a line break, a sentence end or a space)."""
    out: list[str] = []
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            for sep in ("\n\n", "\n", ". ", " "):
                k = text.rfind(sep, start + size // 2, end)
                if k > start:
                    end = k + len(sep)
                    break
        out.append(text[start:end])
        start = end
    return out


def parse(nlp: "Language", text: str) -> "Doc":
    """The parsed text. A long text is parsed in paragraph-aligned chunks joined into one Doc
    (same text and offsets): a 1 MB article then needs a quarter of the memory and less time."""
    if len(text) <= CHUNK_CHARS:
        if len(text) >= nlp.max_length:
            nlp.max_length = len(text) + 1
        return nlp(text)
    from spacy.tokens import Doc

    docs = list(nlp.pipe(split_chunks(text), batch_size=4))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # never seen; offsets must point into the text, so parse it whole
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        return nlp(text)
    return doc


def analyze(article: Article, settings: Settings, *, nlp: "Language | None" = None) -> Analysis:
    """Parse ``article`` with the configured pipeline and extract entities, quotes and relations."""
    nlp = nlp or get_nlp(settings)
    doc = parse(nlp, article.text)
    return analyze_doc(doc, article, settings, Lexicons.from_settings(settings), pipeline_info(nlp))


def analyze_many(articles: Iterable[Article], settings: Settings, *, nlp: "Language | None" = None,
                 batch_size: int | None = None) -> Iterator[Analysis]:
    """Analyse many articles with ``nlp.pipe`` (one pass, batched)."""
    nlp = nlp or get_nlp(settings)
    lex = Lexicons.from_settings(settings)
    info = pipeline_info(nlp)
    arts = list(articles)
    short = [a for a in arts if len(a.text) <= CHUNK_CHARS]
    docs = iter(nlp.pipe((a.text for a in short), batch_size=batch_size or settings.pipeline.batch_size))
    for art in arts:  # in input order; long texts are parsed on their own, in chunks
        doc = next(docs) if len(art.text) <= CHUNK_CHARS else parse(nlp, art.text)
        yield analyze_doc(doc, art, settings, lex, info)
