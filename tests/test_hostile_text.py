"""Hostile text (Rich markup, ANSI escapes, NUL, Markdown specials, huge lines) stays text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
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


# -- the choke point: streams and consoles (ksui.cli.terminal, ksui.render.safe) ------------

PAYLOAD = "A\x1b[2J\x1b]52;c;SGVsbG8=\x07\x9b31m\u202eB\udcff"


def test_safe_stream_shows_every_control_and_refuses_bytes() -> None:
    import io

    from ksui.cli.terminal import SafeStream

    raw = io.StringIO()
    stream = SafeStream(raw)
    stream.write(PAYLOAD + "\tx\n")
    assert raw.getvalue() == "A␛[2J␛]52;c;SGVsbG8=␇�31m⟦RLO⟧B�\tx\n"
    # click treats a stream that takes bytes as binary and would go around the wrapper.
    with pytest.raises(TypeError):
        stream.write(b"")  # type: ignore[arg-type]


def test_safe_console_sends_only_its_own_colour_codes() -> None:
    import io
    import re

    from ksui.render.safe import SafeConsole

    out = io.StringIO()
    console = SafeConsole(file=out, force_terminal=True, color_system="standard", width=80)
    console.print(Text(PAYLOAD, style="bold red"), markup=False)  # not built with plain()
    written = out.getvalue()
    assert "\x1b[" in written  # Rich's own bold red
    assert not re.sub(r"\x1b\[[0-9;]*m", "", written).count("\x1b")
    assert "\x9b" not in written and "\u202e" not in written and "\x07" not in written
    assert "␛[2J" in written and "⟦RLO⟧" in written


def test_fail_is_one_visible_line(capsys: pytest.CaptureFixture[str]) -> None:
    from ksui.cli.context import fail

    fail("okänd enhet »" + PAYLOAD + "\nrad två«")
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and "↵ rad två" in err


def test_data_to_a_terminal_is_sanitised_but_keeps_crlf(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from ksui.cli.terminal import write_data

    class Tty(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    tty = Tty(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", tty)
    write_data("a,\x1b[2J\u202e\r\nb,c\r\n")
    assert tty.buffer.getvalue().decode() == "a,␛[2J⟦RLO⟧\r\nb,c\r\n"  # type: ignore[attr-defined]
    pipe = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    monkeypatch.setattr(sys, "stdout", pipe)
    write_data("– \u202e\n")
    assert pipe.buffer.getvalue() == "– \u202e\n".encode()  # type: ignore[attr-defined]


def test_install_wraps_stderr_always_and_stdout_unless_a_document_goes_to_a_pipe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    import sys

    from ksui.cli.terminal import SafeStream, command_of, install

    for argv, document in (
        (["drift"], False),
        (["--db", "x", "export", "markdown"], True),
        (["--db=x", "log"], False),
    ):
        out = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(io.BytesIO(), encoding="latin-1"))
        install(argv)
        assert isinstance(sys.stderr, SafeStream)
        assert isinstance(sys.stdout, SafeStream) is not document
        assert (out.encoding == "utf-8") is document
        sys.stdout.write("— ●\n")
        sys.stdout.flush()
        expected = "— ●\n".encode() if document else b"- *\n"
        assert out.buffer.getvalue() == expected
    assert command_of(["--config", "c.toml", "--db", "x", "summary"]) == "summary"
    assert command_of([]) is None


def test_table_titles_are_literal_even_on_a_markup_console() -> None:
    from ksui.render.tables import goals_table

    title = "KF-mål [link=http://evil]klick[/link] [bold]x\x1b[2J"
    console = Console(width=120, record=True, color_system=None, markup=True)
    console.print(goals_table([], title=title))
    text = console.export_text()
    assert "[link=http://evil]klick[/link]" in text and "[bold]x␛[2J" in text
