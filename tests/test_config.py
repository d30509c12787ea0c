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
        ("[checks]\ntolerance_tkr = nan\n", "config.toml:2: checks.tolerance_tkr: "),
        ("[checks]\ntolerance_tkr = 1e400\n", "config.toml:2: checks.tolerance_tkr: "),
        ("[checks]\ntolerance_tkr = -inf\n", "config.toml:2: checks.tolerance_tkr: "),
        ("[checks]\ntolerance_tkr = 1e300\n", "config.toml:2: checks.tolerance_tkr: "),
        ("[assessment]\nbra_at = nan\n", "config.toml:2: assessment.bra_at: "),
        ('[assessment]\nok_at = "inf"\n', "config.toml:2: assessment.ok_at: "),
        (
            "[checks]\n# a comment\ntolerans_tkr = 1\n",
            "config.toml:3: checks.tolerans_tkr: okänd nyckel",
        ),
        (
            '[display]\nunit = "tkr"\ncolour = "red"\n',
            "config.toml:3: display.colour: okänd nyckel",
        ),
        ('[database]\npaht = "a.sqlite"\n', "config.toml:2: database.paht: okänd nyckel"),
        ('[organisation]\nnamn = "X"\n', "config.toml:2: organisation.namn: okänd nyckel"),
        ('[defaults]\nperiod = "t1"\nyr = 2017\n', "config.toml:3: defaults.yr: okänd nyckel"),
        ("[assessment]\nbra = 2\n", "config.toml:2: assessment.bra: okänd nyckel"),
        ("[import]\nkolada = 1\n", "config.toml:2: import.kolada: okänd nyckel"),
        (
            "[import.sie]\ndimension = 1\ndimensionen = 2\n",
            "config.toml:3: import.sie.dimensionen: okänd",
        ),
        ('[import.sie.accounts]\n"30" = 3\n', "config.toml:2: import.sie.accounts.30: "),
        ('[kolada]\n"U07414" = 7\n', "config.toml:2: kolada.U07414: "),
        ('[keys]\nedit = ["e", "f"]\n', "config.toml:2: keys.edit: "),
    ],
)
def test_errors_name_key_and_line(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert needle in str(info.value)


def test_unknown_key_suggests_the_known_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "[checks]\ntolerans_tkr = 1\n"))
    message = str(info.value)
    assert "tolerance_tkr" in message and "\n" not in message


def test_keys_table_accepts_any_binding_id(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[keys]\n"screen.drift" = "f2"\nnot_yet_known = "x"\n'))
    assert config.keys == {"screen.drift": "f2", "not_yet_known": "x"}
