"""Entry point: `ksui` with no command opens the TUI; commands run in batch mode."""

from __future__ import annotations


def main() -> None:
    """Run the CLI; it imports Textual only when the TUI is asked for.

    A plain `ksui summary` (the quick check over SSH) is answered without building the typer
    app, which alone costs more than the summary itself; anything else goes through typer.
    """
    from ksui.cli.commands.quick import fast_main

    code = fast_main()
    if code is not None:
        raise SystemExit(code)
    from ksui.cli.main import run

    run()


if __name__ == "__main__":
    main()
