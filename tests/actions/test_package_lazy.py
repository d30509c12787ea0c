"""``ksui.actions`` loads its use cases on first use, and every name it exports resolves.

Reading one use case's answer (the Kommunen screen's totals, unpickled from the forked
reader) imports ``ksui.actions`` first; importing every use case with it cost the screen's
first paint some 30 ms.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import ksui.actions

HEAVY = ("edits", "history", "imports", "locks", "lookup", "structure")


def _loaded_after(code: str) -> set[str]:
    """The ``ksui.actions`` submodules a fresh interpreter has loaded after running ``code``."""
    probe = (
        f"{code}\nimport sys\n"
        "print(' '.join(m for m in sys.modules if m.startswith('ksui.actions.')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_the_package_alone_imports_no_use_case() -> None:
    assert _loaded_after("import ksui.actions") == set()


def test_the_kommun_totals_import_no_other_use_case() -> None:
    found = _loaded_after("import ksui.actions.kommun_totals")
    assert "ksui.actions.kommun_totals" in found
    assert not found & {f"ksui.actions.{name}" for name in HEAVY}


def test_a_name_imports_its_own_module_only() -> None:
    found = _loaded_after("from ksui.actions import ActionError")
    assert found == {"ksui.actions.errors"}


@pytest.mark.parametrize("name", ksui.actions.__all__)
def test_every_exported_name_resolves(name: str) -> None:
    value = getattr(ksui.actions, name)
    assert value is not None
    if name in HEAVY:
        assert value is importlib.import_module(f"ksui.actions.{name}")
    elif name == "UNREAD":
        assert value is importlib.import_module("ksui.actions.edits").UNREAD
    else:  # a class, under its own name
        assert value.__name__ == name


def test_the_submodules_import_as_before() -> None:
    from ksui.actions import ActionError, edits
    from ksui.actions.errors import ActionError as Same

    assert ActionError is Same
    assert edits.__name__ == "ksui.actions.edits"
    assert set(dir(ksui.actions)) >= set(ksui.actions.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="ingen_sadan"):
        ksui.actions.ingen_sadan  # noqa: B018  (the look-up is the test)
    with pytest.raises(ImportError):
        from ksui.actions import ingen_sadan  # noqa: F401
