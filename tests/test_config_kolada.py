"""config.toml [kolada]: the comparison group and the own kommun, checked key by key."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksui.config import ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_group_and_own_kommun_are_read_beside_the_mapping(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            '[kolada]\n"U07414" = "Trygghet"\njamforelse = ["0114", "0138", "0114"]\n'
            'kommun = "0181"\n',
        )
    )
    assert config.kolada == {"U07414": "Trygghet"}
    assert config.kolada_group == ("0114", "0138")
    assert config.kolada_own == "0181"


def test_without_them_there_is_no_group(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[kolada]\n"U07414" = "Trygghet"\n'))
    assert config.kolada_group == () and config.kolada_own is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[kolada]\njamforelse = "0114"\n', "config.toml:2: kolada.jamforelse: ska vara en lista"),
        ("[kolada]\njamforelse = [114]\n", "config.toml:2: kolada.jamforelse: 114 är ingen"),
        ('[kolada]\njamforelse = ["0114", "114"]\n', "kolada.jamforelse: '114' är ingen kommunkod"),
        ('[kolada]\njamforelse = ["01140"]\n', "kolada.jamforelse: '01140' är ingen kommunkod"),
        ('[kolada]\n"U1" = "x"\n\njamforelse = ["abcd"]\n', "config.toml:4: kolada.jamforelse"),
        ('[kolada]\nkommun = "181"\n', "config.toml:2: kolada.kommun: '181' är ingen kommunkod"),
        ('[kolada]\nkommun = "0000"\n', "kolada.kommun: '0000' är ingen kommunkod"),
        ("[kolada]\nkommun = 181\n", "kolada.kommun: ska vara en text"),
    ],
)
def test_bad_values_name_the_key_and_line(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert expected in str(info.value)
