"""The sources and quotes listings go through the one sanitiser (tui.textsafe): escapes, bidi
overrides and non-UTF-8 bytes never reach the terminal or an export."""

from tui.corpus.render import md, safe


def test_listing_cells_neutralise_escapes_bidi_and_surrogates():
    hostile = "Ann\x1b]0;pwned\x07 Lee\u202e evil\udcff\nnext"
    out = safe(hostile)
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\udcff" not in out
    assert "\n" not in out and out.startswith("Ann")
    assert "\u202e" not in md(hostile) and "\x1b" not in md(hostile)
