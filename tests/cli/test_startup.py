"""What a command imports on its way: the quick check and the JSON output stay light.

Untimed guards (timings live in bench/): each runs the command as a whole process under
``python -X importtime`` and reads the modules it imported, so a module-level import that
drags the app, the use cases or Rich onto a path that does not need them fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

#: What no batch read needs: the app, Textual and typer's optional extras.
NEVER = ("textual", "pydantic", "ksui.tui")


def imported(demo_path: Path, tmp_path: Path, *args: str) -> tuple[set[str], str]:
    """The modules `ksui --db DEMO ARGS` imports, and what it printed."""
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    env = {**os.environ, "KSUI_CONFIG": str(config), "COLUMNS": "100"}
    for name in ("KSUI_DB", "NO_COLOR", "FORCE_COLOR"):
        env.pop(name, None)
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ksui", "--db", str(demo_path), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    modules = {
        line.rsplit("|", 1)[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert modules, "python -X importtime reported nothing"
    return modules, proc.stdout


def under(modules: set[str], *packages: str) -> set[str]:
    """The modules that are one of ``packages`` or inside one."""
    return {m for m in modules if any(m == p or m.startswith(f"{p}.") for p in packages)}


def test_summary_imports_neither_the_cli_framework_nor_the_use_cases(
    demo_path: Path, tmp_path: Path
) -> None:
    modules, out = imported(demo_path, tmp_path, "summary")
    assert "Kommunbidrag" in out
    assert "rich.table" in modules  # it did run, and printed with Rich
    # A read of one nämnd: no typer, no app, no writes, imports or exports.
    assert not under(modules, *NEVER, "typer", "ksui.actions", "ksui.exporters")
    assert not under(modules, "ksui.store.writes", "ksui.store.undo", "ksui.importers")


#: What a nämnd's summary does not need: the kommun's lines and tables (a kommun file's
#: only) and what only a write asks for (the user's name for the audit).
NOT_FOR_A_NAMND = ("ksui.core.kommun", "ksui.store.kommun", "ksui.tables.kommun", "getpass")


def test_a_namnds_summary_loads_nothing_of_a_kommun_nor_of_a_write(
    demo_path: Path, tmp_path: Path
) -> None:
    modules, out = imported(demo_path, tmp_path, "summary")
    assert "Kommunbidrag" in out and "Kontroller:" in out
    assert not under(modules, *NOT_FOR_A_NAMND)


def test_the_summarys_modules_import_no_kommun_module_nor_the_claims_patterns() -> None:
    """Importing what the summary runs leaves the kommun's modules and the claims' patterns
    (compiled at import, read only when there is a text to check) unloaded: each is
    imported where a kommun file or a text asks for it."""
    code = (
        "import sys\n"
        "import ksui.cli.commands.quick, ksui.core.narrative, ksui.core.validation\n"
        "import ksui.render.summary, ksui.store.read\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    modules = set(proc.stdout.split())
    assert "ksui.core.validation.texts" in modules and "ksui.store.read" in modules
    assert not under(modules, *NOT_FOR_A_NAMND, "ksui.core.claims")


@pytest.mark.parametrize(
    "args",
    [("drift", "--format", "json"), ("investments", "--format", "json")],
    ids=["drift", "investments"],
)
def test_json_output_never_loads_rich_or_the_app(
    demo_path: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    modules, out = imported(demo_path, tmp_path, *args)
    assert out.lstrip().startswith(("{", "["))
    assert "typer" in modules  # the full CLI ran
    assert not under(modules, *NEVER, "rich")


def every_command() -> list[list[str]]:
    """Each command and each command of a group, as the words that name it."""
    from typer.main import get_command

    from ksui.cli.main import app

    root = get_command(app)
    found: list[list[str]] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        found.append([name])
        for sub in getattr(command, "commands", {}):
            found.append([name, sub])
    return found


@pytest.mark.parametrize("words", every_command(), ids=" ".join)
def test_a_run_builds_only_its_command_and_reads_the_same(
    words: list[str], cli_env: dict[str, str | None]
) -> None:
    from typer.testing import CliRunner

    from ksui.cli.main import app, only_command

    slim = only_command(["--db", "x.sqlite", *words])
    assert slim is not app
    assert len(slim.registered_commands) + len(slim.registered_groups) == 1
    for tail in (["--help"], ["--inget-sådant"]):
        args = ["--db", "x.sqlite", *words, *tail]
        full = CliRunner().invoke(app, args, env=cli_env)
        alone = CliRunner().invoke(slim, args, env=cli_env)
        assert (alone.exit_code, alone.output) == (full.exit_code, full.output)


@pytest.mark.parametrize(
    "argv",
    [[], ["--help"], ["--db", "x", "--help", "drift"], ["--db"], ["dirft"], ["--", "drift"]],
)
def test_help_and_unknown_commands_get_the_whole_app(argv: list[str]) -> None:
    from ksui.cli.main import app, only_command

    assert only_command(argv) is app
