"""The analysis API: chunked parsing of long texts keeps every offset."""

from hypothesis import given, strategies as st

from tui.analysis import CHUNK_CHARS, analyze_many, split_chunks
from tui.articles import article_from_text

from .conftest import SAMPLE


@given(st.text(alphabet="ab .\n", max_size=3000), st.integers(min_value=10, max_value=500))
def test_chunks_join_back_and_stay_small(text, size):
    chunks = split_chunks(text, size)
    assert "".join(chunks) == text
    assert all(0 < len(c) <= size for c in chunks)


def test_chunks_cut_at_paragraphs():
    text = ("A sentence here. " * 20 + "\n\n") * 10
    chunks = split_chunks(text, 1000)
    assert len(chunks) > 1 and all(c.endswith("\n\n") for c in chunks)


def test_long_article_is_parsed_in_chunks_with_the_same_offsets(analyse):
    body = SAMPLE.read_text(encoding="utf-8")
    text = body * (CHUNK_CHARS // len(body) + 2)
    assert len(split_chunks(text)) > 1  # this text goes through the chunked path
    a = analyse(text)
    a.validate()
    assert a.text == text
    wang = [e for e in a.entities if e.name == "Wang Yi"]
    assert wang and len(wang[0].mentions) >= 2 * 7  # every copy of the sample contributes
    last_copy = len(text) - len(body)
    assert any(q.start >= last_copy for q in a.quotes)  # quotes found in the last chunk too


def test_analyze_many_keeps_input_order_with_long_texts(nlp, settings):
    long_text = "Ann Lee spoke. " * (CHUNK_CHARS // 15 + 10)
    arts = [article_from_text("Bob spoke.", "a"), article_from_text(long_text, "b"), article_from_text("Cy spoke.", "c")]
    out = list(analyze_many(arts, settings, nlp=nlp))
    assert [a.path for a in out] == ["a", "b", "c"] and out[1].text == long_text


def test_the_analysis_layer_does_not_import_textual():
    import subprocess
    import sys

    from .conftest import ROOT

    code = ("import sys, tui.analysis, tui.analysis.entities.build, tui.analysis.quotes.build, tui.analysis.relations.build, tui.extract, tui.evaluate, tui.cache\n"
            "assert not [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')], 'Textual imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_no_unsafe_loading_anywhere():
    """yaml.safe_load only; no pickle, no eval/exec in the package."""
    import re

    from .conftest import ROOT

    bad = re.compile(r"yaml\.load\(|yaml\.unsafe_load|\bpickle\b|\beval\(|\bexec\(|\bmarshal\b")
    hits = [f"{p.relative_to(ROOT)}:{i}" for p in (ROOT / "tui").rglob("*.py")
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if bad.search(line)]
    assert not hits, hits
