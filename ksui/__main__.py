"""Entry point: `ksui` with no command opens the TUI; commands run in batch mode."""

from __future__ import annotations


def main() -> None:
    """Run the CLI; it imports Textual only when the TUI is asked for."""
    from ksui.cli.main import run

    run()


if __name__ == "__main__":
    main()
