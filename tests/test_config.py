"""config.toml: defaults, overrides and messages that name the key and line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ksui.config import ConfigError, load_config

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_repository_config_loads() -> None:
    config = load_config(REPO / "config.toml")
    assert config.unit == "tkr"
    assert config.tolerance_ore == 100_000
    assert config.database.parent == REPO


def test_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, '[database]\npath = "a.sqlite"\n')
    assert load_config(path).database == tmp_path / "a.sqlite"
    monkeypatch.setenv("KSUI_DB", str(tmp_path / "env.sqlite"))
    assert load_config(path).database == tmp_path / "env.sqlite"
    assert load_config(path, db_override="cli.sqlite").database == Path("cli.sqlite")


def test_rules_are_read(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "[assessment]\nbra_at = 2.8\nok_at = 2\n"))
    assert config.rules.bra_at == Decimal("2.8")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[display]\nunit = "kr"\n', "config.toml:2: display.unit"),
        ('[defaults]\n\nyear = "2017"\n', "config.toml:3: defaults.year"),
        ('[defaults]\nperiod = "q3"\n', "config.toml:2: defaults.period"),
        ("[checks]\ntolerance_tkr = -1\n", "config.toml:2: checks.tolerance_tkr"),
        ("[display\nunit = 1\n", "ogiltig TOML"),
        ("[colours]\nx = 1\n", "okänd nyckel »colours«"),
        ('[keys]\n"screen.drift" = 2\n', "keys.screen.drift"),
    ],
)
def test_errors_name_key_and_line(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert needle in str(info.value)
