"""The corpus index: incremental builds, removed and bad files, interruption, two builds at once, a
corrupt index file, the queries and the ``sources``/``search`` commands."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import warnings
from pathlib import Path

import pytest

from tui.corpus.build import article_facts, build, per_article
from tui.corpus.query import fts_query, load_corpus, per_day, quotes_of, search
from tui.corpus.store import CorpusIndex, index_path

from .conftest import run_cli
from .corpus_helpers import crafted_analysis, write_article


@pytest.fixture
def tmp_settings(settings, tmp_path):
    """The default settings with the cache (and so the index) in a temp folder."""
    return settings.model_copy(update={"cache": settings.cache.model_copy(update={"dir": tmp_path / "cache"})})


@pytest.fixture
def folder(tmp_path):
    f = tmp_path / "news"
    f.mkdir()
    write_article(f, "a.txt", "2016-09-01", ("Donald Trump", "We will win"), ("Hillary Clinton", "Stronger together"))
    write_article(f, "b.txt", "2016-09-02", ("Mr. Trump", "It is rigged"), ("Bill Clinton", "She is ready"))
    write_article(f, "c.txt", "2016-09-04", ("Donald J. Trump", "Believe me"), ("Trump", "Huge"))
    return f


def counting(calls: list):
    def analyzer(article, settings):
        calls.append(Path(article.path).name)
        return crafted_analysis(article)

    return analyzer


def test_build_indexes_then_only_what_changed(folder, tmp_settings):
    index = CorpusIndex(index_path(tmp_settings))
    calls: list[str] = []
    r = build(index, [folder], tmp_settings, analyze_batch=per_article(counting(calls), tmp_settings))
    assert sorted(calls) == ["a.txt", "b.txt", "c.txt"] and r.analysed == 3 and not r.errors
    assert index.article_count() == 3
    # Nothing changed: nothing read, nothing analysed.
    calls.clear()
    r = build(index, [folder], tmp_settings, analyze_batch=per_article(counting(calls), tmp_settings))
    assert calls == [] and r.unchanged == 3
    # Touched but the same text: re-stamped, not analysed; a changed text: from the analysis cache
    # when it was analysed before, else analysed.
    os.utime(folder / "a.txt", ns=(1, 1))
    write_article(folder, "b.txt", "2016-09-02", ("Mr. Trump", "It is not rigged"))
    r = build(index, [folder], tmp_settings, analyze_batch=per_article(counting(calls), tmp_settings))
    assert calls == ["b.txt"] and r.unchanged == 2 and r.analysed == 1
    corpus = load_corpus(index, tmp_settings, r.paths)
    assert "It is not rigged" in [q.content for s in corpus.sources for q in quotes_of(index, corpus, s)]
    # A removed file drops out.
    (folder / "c.txt").unlink()
    r = build(index, [folder], tmp_settings, analyze_batch=per_article(counting(calls), tmp_settings))
    assert r.removed == 1 and index.article_count() == 2


def test_sources_merge_across_articles_and_count(folder, tmp_settings):
    index = CorpusIndex(None)
    r = build(index, [folder], tmp_settings, analyze_batch=per_article(crafted_analysis, tmp_settings))
    corpus = load_corpus(index, tmp_settings, r.paths)
    by_name = {s.name: s for s in corpus.sources}
    trump = by_name["Donald Trump"]
    assert trump.quotes == 4 and len(trump.articles) == 3
    assert {"Trump", "Donald J. Trump"} <= set(trump.aliases)
    assert trump.first == "2016-09-01" and trump.last == "2016-09-04"
    assert trump.gender == "m"  # from "Mr." in one article
    assert by_name["Hillary Clinton"].quotes == 1 and by_name["Bill Clinton"].quotes == 1
    assert corpus.quotes == 6 and corpus.unattributed == 0
    # The quotes of a source, by date, with their article and offsets.
    qs = quotes_of(index, corpus, trump)
    assert [q.date for q in qs] == ["2016-09-01", "2016-09-02", "2016-09-04", "2016-09-04"]
    text = (folder / "c.txt").read_text(encoding="utf-8")
    assert all(text[q.start:q.end] == q.content for q in qs if q.path.endswith("c.txt"))
    assert per_day(qs) == [("2016-09-01", 1), ("2016-09-02", 1), ("2016-09-03", 0), ("2016-09-04", 2)]
    # Asked again, the merge comes from the index (the same answer).
    assert index.connection().execute("SELECT count(*) FROM merges").fetchone()[0] == 1
    again = load_corpus(index, tmp_settings, r.paths)
    assert [(s.name, s.quotes, s.aliases, s.gender) for s in again.sources] == \
        [(s.name, s.quotes, s.aliases, s.gender) for s in corpus.sources]
    # Dates narrow the articles.
    later = load_corpus(index, tmp_settings, r.paths, since="2016-09-02", until="2016-09-03")
    assert {s.name: s.quotes for s in later.sources} == {"Donald Trump": 1, "Bill Clinton": 1}


def test_full_text_search(folder, tmp_settings):
    index = CorpusIndex(None)
    r = build(index, [folder], tmp_settings, analyze_batch=per_article(crafted_analysis, tmp_settings))
    corpus = load_corpus(index, tmp_settings, r.paths)
    found = search(index, corpus, "rigged")
    assert [(q.source, q.content) for q in found] == [("Donald Trump", "It is rigged")]
    assert [q.content for q in search(index, corpus, '"stronger together"')] == ["Stronger together"]
    assert search(index, corpus, "together stronger OR") == []  # words, not FTS syntax
    assert fts_query('a "b c" NEAR(') == '"a" "b c" "NEAR("'


def test_bad_file_is_reported_and_skipped(folder, tmp_settings):
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02binary\xff" * 50)
    write_article(folder, "fails.txt", "2016-09-03", ("Jane Roe", "FAIL here"))
    index = CorpusIndex(None)
    r = build(index, [folder], tmp_settings, analyze_batch=per_article(crafted_analysis, tmp_settings), batch=8)
    assert len(r.errors) == 2
    assert any("bad.txt" in e for e in r.errors) and any("fails.txt" in e and "crafted failure" in e for e in r.errors)
    assert index.article_count() == 3  # the other three, in the same batch as the failing one
    assert {s.name for s in load_corpus(index, tmp_settings, r.paths).sources} >= {"Donald Trump"}


def test_interrupted_build_is_finished_by_the_next(folder, tmp_settings):
    index = CorpusIndex(index_path(tmp_settings))
    calls: list[str] = []

    def dies_on_c(article, settings):
        if article.path.endswith("c.txt"):
            raise KeyboardInterrupt
        return counting(calls)(article, settings)

    with pytest.raises(KeyboardInterrupt):
        build(index, [folder], tmp_settings, analyze_batch=per_article(dies_on_c, tmp_settings), batch=1)
    assert index.article_count() == 2  # whole articles only
    calls.clear()
    r = build(CorpusIndex(index_path(tmp_settings)), [folder], tmp_settings,
              analyze_batch=per_article(counting(calls), tmp_settings))
    assert calls == ["c.txt"] and r.unchanged == 2


def test_two_builds_at_once_leave_a_consistent_index(folder, tmp_settings):
    for i in range(12):
        write_article(folder, f"more{i:02}.txt", "2016-09-05", ("Donald Trump", f"Number {i}"))
    errors: list[BaseException] = []

    def run():
        try:
            build(CorpusIndex(index_path(tmp_settings)), [folder], tmp_settings, use_cache=False,
                  analyze_batch=per_article(crafted_analysis, tmp_settings), batch=1)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    index = CorpusIndex(index_path(tmp_settings))
    con = index.connection()
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert index.article_count() == 15
    assert con.execute("SELECT count(*) FROM quotes").fetchone()[0] == 6 + 12
    assert con.execute("SELECT count(*) FROM quotes_fts").fetchone()[0] == 6 + 12
    corpus = load_corpus(index, tmp_settings, None)
    assert {s.name: s.quotes for s in corpus.sources}["Donald Trump"] == 4 + 12


def test_corrupt_index_is_rebuilt_with_one_warning(folder, tmp_settings):
    path = index_path(tmp_settings)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        index = CorpusIndex(path)
        r = build(index, [folder], tmp_settings, analyze_batch=per_article(crafted_analysis, tmp_settings))
    assert len([w for w in caught if "corpus index" in str(w.message)]) == 1
    assert "damaged" in index.warning and r.analysed == 3 and index.article_count() == 3


def test_damage_found_during_a_build_restarts_it_on_a_fresh_file(folder, tmp_settings):
    index = CorpusIndex(index_path(tmp_settings))
    build(index, [folder], tmp_settings, analyze_batch=per_article(crafted_analysis, tmp_settings))
    index.close()
    raw = bytearray(index.path.read_bytes())
    for off in range(4096, len(raw), 4096):  # every page after the first: garbage
        raw[off:off + 64] = b"\xff" * 64
    index.path.write_bytes(bytes(raw))
    for suffix in ("-wal", "-shm"):
        Path(f"{index.path}{suffix}").unlink(missing_ok=True)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        again = CorpusIndex(index.path)
        r = build(again, [folder], tmp_settings, analyze_batch=per_article(crafted_analysis, tmp_settings))
    assert again.article_count() == 3 and not r.errors


def test_facts_from_meta_or_file_name():
    assert article_facts("/x/breitbart_2016-09-12_slug.txt", {}) == (None, "2016-09-12", "breitbart")
    assert article_facts("/x/a.txt", {"title": "T", "date": "2020-01-02", "source": "Wire"}) == ("T", "2020-01-02", "Wire")
    assert article_facts("/x/notes.txt", {}) == (None, None, None)


# -- the commands -------------------------------------------------------------------------------

def _seed_cache(folder: Path, tmp_path: Path) -> None:
    """Put the crafted analyses in the analysis cache the CLI will read (under tmp_path)."""
    from tui.cache import AnalysisCache
    from tui.config import load_settings

    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path / ".cache")
    try:
        s = load_settings(use_user=False)
        cache = AnalysisCache(s)
        from tui.articles import load_article

        for p in sorted(folder.iterdir()):
            if p.suffix == ".txt":
                cache.put(crafted_analysis(load_article(p)))
    finally:
        if old is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = old


def test_cli_sources_quotes_and_search(folder, tmp_path):
    _seed_cache(folder, tmp_path)
    r = run_cli(["sources", str(folder), "--format", "json"], tmp_path)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    top = doc["sources"][0]
    assert top["name"] == "Donald Trump" and top["quotes"] == {"total": 4, "direct": 4, "mixed": 0, "indirect": 0}
    assert top["articles"] == 3 and top["gender"] == "male" and top["first_date"] == "2016-09-01"
    assert doc["gender"] == {"female": 0, "male": 1, "unknown": 2}
    r = run_cli(["sources", str(folder), "--format", "csv", "--speaker", "Clinton"], tmp_path)
    assert r.returncode == 0 and sorted(line.split(",")[0] for line in r.stdout.splitlines()[1:]) == \
        ["Bill Clinton", "Hillary Clinton"]
    r = run_cli(["sources", "--quotes", "Mr. Trump", str(folder), "--format", "json"], tmp_path)
    assert r.returncode == 0 and len(json.loads(r.stdout)) == 4
    r = run_cli(["search", "rigged", str(folder)], tmp_path)
    assert r.returncode == 0 and "It is rigged" in r.stdout
    assert (tmp_path / ".cache" / "newsreader" / "corpus.sqlite3").is_file()  # next to the analyses


def test_cli_errors_one_line_each(folder, tmp_path):
    _seed_cache(folder, tmp_path)
    (folder / "bad.txt").write_bytes(b"\x00\x01binary" * 50)
    r = run_cli(["sources", str(folder)], tmp_path)
    assert r.returncode == 1 and "Donald Trump" in r.stdout
    assert [line for line in r.stderr.splitlines() if "bad.txt" in line] and len(r.stderr.splitlines()) == 1
    r = run_cli(["sources", str(tmp_path / "missing")], tmp_path)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "no such file" in r.stderr
    r = run_cli(["sources", "--quotes", "Nobody Atall", str(folder / "a.txt")], tmp_path)
    assert r.returncode == 2 and "no source named" in r.stderr
    r = run_cli(["sources", str(folder), "--since", "yesterday"], tmp_path)
    assert r.returncode == 2 and "expected a date" in r.stderr


def test_cli_output_keeps_control_characters_inert(tmp_path):
    f = tmp_path / "news"
    f.mkdir()
    write_article(f, "x.txt", "2016-09-01", ("Donald Trump", "red \x1b[31malert\x1b[0m"))
    _seed_cache(f, tmp_path)
    r = run_cli(["search", "red", str(f)], tmp_path)
    assert r.returncode == 0 and "\x1b" not in r.stdout and "\u241b[31malert" in r.stdout


def test_an_index_path_that_cannot_be_a_database_is_one_clear_error(tmp_path):
    from tui.corpus.store import CorpusError

    (tmp_path / "corpus.sqlite3").mkdir()
    with pytest.raises(CorpusError, match="corpus.sqlite3"):
        CorpusIndex(tmp_path / "corpus.sqlite3")
