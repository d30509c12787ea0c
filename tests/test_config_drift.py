"""config.toml's [drift] threshold_tkr: the deviation Drift's n jumps to, checked like the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksui.config import Config, ConfigError, load_config

TKR = 100_000


def test_the_threshold_defaults_to_500_tkr_and_is_read_in_tkr(tmp_path: Path) -> None:
    assert Config().deviation_threshold_ore == 500 * TKR
    path = tmp_path / "config.toml"
    path.write_text("[drift]\nthreshold_tkr = 1250.5\n", encoding="utf-8")
    assert load_config(path).deviation_threshold_ore == 1_250_500 * 100


@pytest.mark.parametrize(
    ("value", "needle"),
    [("-1", "får inte vara negativ"), ('"mycket"', "ska vara ett tal"), ("nan", "ändligt")],
)
def test_a_bad_threshold_names_the_key_and_line(tmp_path: Path, value: str, needle: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[display]\nunit = "tkr"\n\n[drift]\nthreshold_tkr = {value}\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"{path}:5: drift.threshold_tkr" in str(caught.value)
    assert needle in str(caught.value)


def test_a_misspelt_key_in_drift_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[drift]\nthreshold = 100\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="threshold_tkr"):
        load_config(path)
