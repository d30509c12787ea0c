"""Entry point: `ksui` with no command opens the TUI; commands run in batch mode."""

from __future__ import annotations


def main() -> None:
    """Run the CLI; it imports Textual only when the TUI is asked for.

    A plain `ksui` (the app) and `ksui summary` (the quick check over SSH) start without
    building the typer app, which alone costs more than the summary itself; anything else
    goes through typer.
    """
    import sys

    from ksui.cli.launch import fast_tui

    code = fast_tui(sys.argv[1:])
    if code is not None:
        raise SystemExit(code)
    from ksui.cli.commands.quick import fast_main

    code = fast_main()
    if code is not None:
        raise SystemExit(code)
    from ksui.cli.main import run

    run()


if __name__ == "__main__":
    main()
