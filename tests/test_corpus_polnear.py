"""On PolNeAR dev, the sources table counts exactly the quotes ``extract`` gives per article:
for every source, its quotes (per kind) are the sum over the articles' entities merged into it.
A few articles in the fast suite, the whole of dev under ``-m slow``."""

from __future__ import annotations

from collections import Counter

import pytest

from tui.corpus.build import build
from tui.corpus.query import load_corpus
from tui.corpus.store import CorpusIndex
from tui.extract import analyse_paths

from .conftest import POLNEAR_DEV

TEXTS = POLNEAR_DEV / "text"
pytestmark = pytest.mark.skipif(not TEXTS.is_dir(), reason="PolNeAR is not available")


def check_counts(files, settings, nlp, tmp_path) -> None:
    from tui.analysis import analyze_many

    s = settings.model_copy(update={"cache": settings.cache.model_copy(update={"dir": tmp_path / "cache"})})
    index = CorpusIndex(tmp_path / "cache" / "corpus.sqlite3")
    report = build(index, files, s, analyze_batch=lambda arts: analyze_many(arts, s, nlp=nlp))
    assert not report.errors and report.analysed == report.files
    # extract, as the CLI runs it (the analyses come from the cache the build filled)
    per_article: dict[str, Counter] = {}
    total = Counter()
    for a in analyse_paths(files, s, progress=False):
        per_article[a.path] = Counter((q.speaker_entity, q.kind) for q in a.quotes)
        total.update(q.kind for q in a.quotes)
    corpus = load_corpus(index, s, report.paths)
    path_of = {aid: art[0] for aid, art in corpus.articles.items()}
    seen: set = set()
    for src in corpus.sources:
        if not src.label:  # a speaker described, not named: no entity to sum over
            continue
        expected = Counter()
        for aid, eid in src.members:
            assert (aid, eid) not in seen  # an entity is merged into one source only
            seen.add((aid, eid))
            for (speaker, kind), n in per_article[path_of[aid]].items():
                if speaker == eid:
                    expected[kind] += n
        assert +src.kinds == +expected, src.name
    assert sum(s.quotes for s in corpus.sources) + corpus.unattributed == sum(total.values()) == corpus.quotes
    named = sum(n for c in per_article.values() for (speaker, _), n in c.items() if speaker is not None)
    assert sum(s.quotes for s in corpus.sources if s.label) == named


def test_quotes_per_source_equal_extract_summed_on_a_few_dev_articles(settings, nlp, tmp_path):
    files = sorted(TEXTS.glob("*.txt"))[::17][:5]
    check_counts([str(f) for f in files], settings, nlp, tmp_path)


@pytest.mark.slow
def test_quotes_per_source_equal_extract_summed_on_all_of_dev(settings, nlp, tmp_path):
    check_counts([str(TEXTS)], settings, nlp, tmp_path)
