"""What the app keeps between runs (``ksui.codecache``): its parsed stylesheets
(``ksui.tui.stylesheet``), and when it writes them.

A kept parse must be the parse: the same selectors and the same declared values (a layout
is a new object at every parse, so it is compared by its name), and the app must look the
same whether its stylesheets were parsed or unpickled.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.widgets import DataTable

from ksui import codecache
from ksui.config import Config
from ksui.tui import KsuiApp, stylesheet
from ksui.tui.stylesheet import KeptStylesheet
from tests.tui.conftest import until

#: ksui's own stylesheet, as the app reads it.
KSUI_TCSS = Path(stylesheet.__file__).with_name("ksui.tcss")


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[codecache.KeptFile]:
    """An empty kept file of the test's own in place of the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    found = codecache.kept("stylesheets-test.marshal")  # saved with the others
    monkeypatch.setattr(stylesheet, "_KEPT", found)
    yield found
    codecache._files.remove(found)


def _variables() -> dict[str, str]:
    return KsuiApp(Config()).get_css_variables()


def _sources() -> list[tuple[str, Any, bool, int, str]]:
    """ksui's stylesheet and a widget's default CSS, as Textual hands them to a parse."""
    return [
        (KSUI_TCSS.read_text(encoding="utf-8"), (str(KSUI_TCSS), ""), False, 0, ""),
        (DataTable.DEFAULT_CSS, ("textual", "DataTable.DEFAULT_CSS"), True, 0, "DataTable"),
    ]


def _shape(rules: list[RuleSet]) -> list[object]:
    """A parse as values: selectors, flags and every declared value (layouts by name)."""

    def value(found: object) -> object:
        name = getattr(found, "name", None)
        return ("layout", name) if name is not None and hasattr(found, "arrange") else found

    return [
        (
            rule.selector_set,
            rule.is_default_rules,
            rule.tie_breaker,
            rule.selector_names,
            rule.pseudo_classes,
            rule.styles.important,
            {key: value(found) for key, found in rule.styles.get_rules().items()},
        )
        for rule in rules
    ]


def test_a_kept_parse_is_the_parse(kept: codecache.KeptFile) -> None:
    variables = _variables()
    stock = [_shape(Stylesheet(variables=variables)._parse_rules(*s)) for s in _sources()]
    first = KeptStylesheet(variables=variables)
    parsed = [_shape(first._parse_rules(*source)) for source in _sources()]
    assert len(kept.fresh) == len(_sources())
    kept.save()
    again = codecache.KeptFile(kept.path.name)  # the next run's
    stylesheet._KEPT = again
    second = KeptStylesheet(variables=variables)
    unpickled = [_shape(second._parse_rules(*source)) for source in _sources()]
    assert parsed == stock and unpickled == stock
    assert not again.fresh and len(again.used) == len(_sources())


def test_another_theme_is_parsed_anew(kept: codecache.KeptFile) -> None:
    variables = _variables()
    KeptStylesheet(variables=variables)._parse_rules(*_sources()[0])
    other = {**variables, "primary": "#ff0000"}
    KeptStylesheet(variables=other)._parse_rules(*_sources()[0])
    assert len(kept.fresh) == 2


def test_a_source_with_errors_is_never_kept(kept: codecache.KeptFile) -> None:
    broken = ("Static { colour: red; }", ("test", ""), False, 0, "")
    rules = KeptStylesheet(variables=_variables())._parse_rules(*broken)
    assert any(rule.errors for rule in rules)
    assert not kept.fresh


def test_a_damaged_entry_is_parsed_anew(kept: codecache.KeptFile) -> None:
    variables = _variables()
    source = _sources()[1]
    stock = _shape(Stylesheet(variables=variables)._parse_rules(*source))
    KeptStylesheet(variables=variables)._parse_rules(*source)
    (key,) = kept.fresh
    kept.stored = {key: pickle.dumps(["no rules"])[:-3]}
    kept.fresh.clear()
    assert _shape(KeptStylesheet(variables=variables)._parse_rules(*source)) == stock
    assert key in kept.fresh  # parsed, and kept again


async def test_the_app_looks_the_same_from_kept_stylesheets(
    kept: codecache.KeptFile, demo_path: Path
) -> None:
    """The Översikt and Drift as drawn from parsed and from unpickled stylesheets."""

    async def draw() -> list[str]:
        app = KsuiApp(Config(database=demo_path, theme="textual-dark"))
        shots = []
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            shots.append(app.export_screenshot())
            await pilot.press("2")
            await app.workers.wait_for_complete()
            await pilot.pause()
            shots.append(app.export_screenshot())
        return shots

    parsed = await draw()
    assert kept.fresh
    kept.save()
    stylesheet._KEPT = again = codecache.KeptFile(kept.path.name)
    unpickled = await draw()
    assert again.used and not again.fresh
    assert unpickled == parsed


async def test_the_app_keeps_its_start_once_its_first_frame_is_out(
    kept: codecache.KeptFile, demo_path: Path
) -> None:
    """What the start worked out is written once the first frame is out, not when the app
    ends: a session that is killed (an SSH link that drops) has kept it all the same."""
    app = KsuiApp(Config(database=demo_path, theme="textual-dark"))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, "the first frame", lambda: app.first_frame_shown)
        # The save runs on a thread of its own: wait for its file.
        await until(pilot, "the kept stylesheets", kept.path.is_file)
        assert codecache._read(kept.path)


def test_a_source_without_rules_is_kept_too(kept: codecache.KeptFile) -> None:
    """A source that parses to no rules is a kept answer, not a miss written again each run."""
    empty = ("/* nothing here */", ("test", ""), False, 0, "")
    assert KeptStylesheet(variables=_variables())._parse_rules(*empty) == []
    kept.save()
    stylesheet._KEPT = again = codecache.KeptFile(kept.path.name)
    assert KeptStylesheet(variables=_variables())._parse_rules(*empty) == []
    assert again.used and not again.fresh
