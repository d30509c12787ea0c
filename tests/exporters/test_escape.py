"""`escape_inline` and `escape_cell`: any user text renders as exactly that text."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ksui.exporters.markdown import escape_cell, escape_inline
from tests.exporters.conftest import parser, plain, visible

MARKDOWN_HEAVY = st.text(
    alphabet=st.sampled_from(list("\\`*_[]<>#|~&!()-+=.:;'\"{}$^ \t\n\r1aZåÖ")), max_size=60
)
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)

NASTY = [
    "# Rubrik",
    "- lista\n1. numrerad\n> citat",
    "Ekonomi | HR",
    "*fet* _kursiv_ `kod` [länk](http://x.se) <b>html</b> ~~struken~~",
    "rad ett\n\n\nrad två  \n    indraget",
    "---",
    "===",
    "slut med backslash \\",
    "&amp; &nbsp; &#169;",
    "![bild](x.png)",
    "<http://example.se>",
    "a\\|b",
]


def render_inline(text: str) -> str:
    tokens = parser().parse(escape_inline(text))
    if not visible(text):
        assert tokens == []
        return ""
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    return plain(tokens[1])


@given(MARKDOWN_HEAVY)
@settings(max_examples=400)
def test_inline_renders_as_typed(text: str) -> None:
    assert render_inline(text) == visible(text)


@given(ANY_TEXT)
@settings(max_examples=300)
def test_inline_renders_any_unicode_as_typed(text: str) -> None:
    assert render_inline(text) == visible(text)


@given(st.sampled_from(NASTY))
@example("1) punkt")
def test_inline_nasty_examples(text: str) -> None:
    assert render_inline(text) == visible(text)


def render_cells(*cells: str) -> list[str]:
    header = "| " + " | ".join("h" for _ in cells) + " |"
    rule = "| " + " | ".join("--" for _ in cells) + " |"
    row = "| " + " | ".join(escape_cell(c) for c in cells) + " |"
    tokens = parser().parse("\n".join([header, rule, row]) + "\n")
    body = tokens[[t.type for t in tokens].index("tbody_open") :]
    trs = [t for t in body if t.type == "tr_open"]
    assert len(trs) == 1
    return [plain(t) for t in body if t.type == "inline"]


@given(MARKDOWN_HEAVY, MARKDOWN_HEAVY)
@settings(max_examples=400)
def test_cell_stays_one_cell(first: str, second: str) -> None:
    assert render_cells(first, second) == [visible(first), visible(second)]


@given(ANY_TEXT)
@settings(max_examples=300)
def test_cell_any_unicode(text: str) -> None:
    assert render_cells(text, "x") == [visible(text), "x"]


@given(st.sampled_from(NASTY))
def test_cell_nasty_examples(text: str) -> None:
    assert render_cells(text, "x") == [visible(text), "x"]


def test_escape_keeps_ordinary_text_readable() -> None:
    assert escape_inline("Ekonomi och styrning 2017") == "Ekonomi och styrning 2017"
    assert escape_cell("-34,9") == "-34,9"
    assert escape_cell("rad ett\nrad två") == "rad ett<br>rad två"
    assert escape_inline("rad ett\nrad två") == "rad ett\\\nrad två"
