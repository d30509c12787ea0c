"""Hostile text (Rich markup, ANSI escapes, NUL, Markdown specials, huge lines) stays text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from ksui.cli.main import app
from ksui.render.cells import clean, plain
from ksui.render.tables import drift_table, investments_table
from ksui.store import Store, read, writes

HOSTILE_NAME = "[bold red]Ekonomi[/] \x1b[31mröd\x1b[0m |x| *y* `z` \x00slut"
HOSTILE_COMMENT = (
    "Rad ett\n[link=http://x]klick[/link] [länk](http://evil) <b>fet</b> "
    "\x1b]0;titel\x07 # rubrik? " + "å" * 5000
)


@pytest.fixture
def hostile(store: Store) -> Store:
    ekonomi = store.conn.execute("SELECT id FROM unit WHERE name = 'Ekonomi'").fetchone()[0]
    writes.set_field(store, "unit", ekonomi, "name", HOSTILE_NAME)
    writes.set_comment(store, "unit", ekonomi, 2017, HOSTILE_COMMENT)
    project = store.conn.execute("SELECT id FROM investment_project LIMIT 1").fetchone()[0]
    writes.set_comment(store, "investment_project", project, 2017, HOSTILE_COMMENT)
    return store


def test_clean_makes_controls_visible_and_caps_length() -> None:
    assert clean("a\x1b[31mb\x00c") == "a␛[31mb␀c"
    assert len(clean("x" * 10_000)) == 2000
    assert plain("[bold]x[/]").plain == "[bold]x[/]"
    assert plain("a\nb").plain == "a ↵ b"


def render(renderable: object, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None, force_terminal=False)
    console.print(renderable)
    return console.export_text()


def test_tables_show_hostile_text_literally_and_keep_their_width(hostile: Store) -> None:
    data = read.load_report(hostile, read.find_committee(hostile, None), 2017, "bokslut")
    text = render(drift_table(data.drift(), 2017), width=140)
    assert "[bold red]Ekonomi[/]" in text
    assert "\x1b" not in text and "\x00" not in text
    assert "␛[31mröd" in text
    assert all(len(line) <= 140 for line in text.splitlines())
    inv = render(investments_table(data.categories, data=data), width=120)
    assert "[link=http://x]klick[/link]" in inv
    assert "\x07" not in inv and "\x1b" not in inv
    assert all(len(line) <= 120 for line in inv.splitlines())


def test_cli_output_is_literal(hostile: Store, demo_path: Path, tmp_path: Path) -> None:
    hostile.close()
    config = tmp_path / "c.toml"
    config.write_text("", encoding="utf-8")
    env = {"COLUMNS": "160", "KSUI_CONFIG": str(config), "NO_COLOR": "1"}
    runner = CliRunner()
    for command in (["drift"], ["summary"], ["investments", "--comments"]):
        result = runner.invoke(app, ["--db", str(demo_path), *command], env=env)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\x00" not in result.stdout
    drift = runner.invoke(app, ["--db", str(demo_path), "drift"], env=env).stdout
    assert "[bold red]Ekonomi[/]" in drift


def test_markdown_export_escapes_everything(hostile: Store, demo_path: Path) -> None:
    from markdown_it import MarkdownIt

    hostile.close()
    result = CliRunner().invoke(
        app, ["--db", str(demo_path), "export", "markdown"], env={"KSUI_CONFIG": "/dev/null"}
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "\x1b" not in text and "\x00" not in text
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    # No hostile text became a heading or a link.
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not any("rubrik" in h for h in headings)
    assert not any(t.type == "link_open" for t in tokens)
