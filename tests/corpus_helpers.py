"""A crafted analyser for the corpus tests (deterministic, no spaCy): every ``“…,” NAME said.``
is a direct quote of the PERSON NAME, ``Mr.``/``Ms.`` before the name give the gender, and
``FAIL`` in a text makes the analysis raise."""

from __future__ import annotations

import re
from pathlib import Path

from tui.articles import Article
from tui.model import Analysis, Entity, Quote, Span

QUOTE = re.compile(r"\u201c([^\u201d]+?),\u201d ((?:Mr\. |Ms\. )?)([A-Z][\w.]*(?: [A-Z][\w.]*)*) said")


def crafted_analysis(article: Article, settings=None) -> Analysis:
    t = article.text
    if "FAIL" in t:
        raise RuntimeError("crafted failure")
    entities: dict[str, Entity] = {}
    quotes: list[Quote] = []
    for m in QUOTE.finditer(t):
        name = m.group(3)
        ent = entities.get(name)
        if ent is None:
            ent = entities[name] = Entity(f"E{len(entities) + 1}", name, "PERSON")
        if m.group(2) == "Mr. ":
            ent.gender = "m"
        elif m.group(2) == "Ms. ":
            ent.gender = "f"
        who = Span.of(t, m.start(3), m.end(3))
        ent.mentions.append(who)
        quotes.append(Quote(f"Q{len(quotes) + 1}", "direct", [Span.of(t, m.start(1), m.end(1))],
                            cue=Span.of(t, m.end() - 4, m.end()), speaker=who, speaker_entity=ent.id,
                            speaker_name=ent.name))
    a = Analysis(article.path, t, dict(article.meta), {"name": "crafted", "version": "1"},
                 list(entities.values()), quotes, [])
    a.validate()
    return a


def write_article(folder: Path, name: str, date: str, *quotes: tuple[str, str], title: str | None = None) -> Path:
    """An article file: a header with title and date, then one paragraph per (speaker, words)."""
    body = "\n\n".join(f"\u201c{words},\u201d {who} said." for who, words in quotes)
    p = folder / name
    p.write_text(f"title: {title or name}\ndate: {date}\n\n{body}\n", encoding="utf-8")
    return p
