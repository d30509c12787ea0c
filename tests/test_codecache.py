"""What a start would work out again, kept between runs (``ksui.codecache``): the
dataclasses' compiled code here, the parsed stylesheets in tests/tui/test_stylesheet.py.

Each test is one or two "runs": ``install`` reads the cache file as a start would, ``save``
writes it as the end of a command would. What must hold: a class made from the cache is
the class the stock ``dataclasses`` makes, a second run compiles nothing, and a missing,
damaged, foreign or unwritable cache is only ever a miss.
"""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from typing import Any

import pytest

from ksui import codecache


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own, with the cache taken out again afterwards."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    codecache.uninstall()  # an earlier in-process `ksui` run may have installed it
    yield tmp_path
    codecache.uninstall()


#: The dataclasses' kept file's name: the interpreter's bytecode version is in it.
NAME = f"dataclasses-{sys.implementation.cache_tag}.marshal"


def _path() -> Path:
    """The dataclasses' kept file in this test's cache folder (installed or not)."""
    return Path(os.environ["XDG_CACHE_HOME"]) / "ksui" / NAME


def _make() -> type[Any]:
    """A class using what dataclasses compiles: defaults, a factory, order, frozen, post-init."""

    @dataclass(frozen=True, order=True)
    class Line:
        unit: str
        amount: int = 0
        notes: tuple[str, ...] = field(default_factory=tuple)
        shown: bool = field(default=True, compare=False)

        def __post_init__(self) -> None:
            if self.amount < 0 and not self.notes:
                object.__setattr__(self, "notes", ("underskott",))

    return Line


def _behaviour(cls: type[Any]) -> list[object]:
    """What a class does, as values two classes can be compared by."""
    a, b = cls("Ekonomi", -5), cls("Ekonomi", 7, ("x",), shown=False)
    try:
        a.amount = 3
        assigned = True
    except dataclasses.FrozenInstanceError:
        assigned = False
    return [
        repr(a),
        repr(b),
        a == cls("Ekonomi", -5),
        a < b,
        sorted([b, a]) == [a, b],
        hash(a) == hash(cls("Ekonomi", -5)),
        a.notes,
        assigned,
        dataclasses.replace(b, amount=1).amount,
        dataclasses.asdict(b),
        cls.__init__.__annotations__.get("return"),
    ]


def test_a_class_from_the_cache_is_the_class_dataclasses_makes(cache_home: Path) -> None:
    stock = _behaviour(_make())
    codecache.install()
    first = _behaviour(_make())  # compiled, and kept
    codecache.save()
    codecache.uninstall()
    codecache.install()  # the next run
    second = _behaviour(_make())
    assert first == stock and second == stock
    # The generated __init__'s return annotation is the object None, as dataclasses makes
    # it: the cache compiles without this module's ``from __future__ import annotations``.
    assert stock[-1] is None


def test_the_second_run_compiles_nothing(cache_home: Path) -> None:
    codecache.install()
    _make()
    assert codecache.code_file() is not None and codecache.code_file().fresh
    codecache.save()
    assert _path().is_file()
    assert codecache.code_file().path == cache_home / "ksui" / NAME
    codecache.uninstall()
    codecache.install()
    _make()
    cache = codecache.code_file()
    assert cache is not None
    assert not cache.fresh and cache.used
    before = _path().stat().st_mtime_ns
    codecache.save()  # nothing new: nothing written
    assert _path().stat().st_mtime_ns == before


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00garbage that is no marshal data",
        marshal.dumps((b"\x00\x00\r\n", {"1": marshal.dumps(compile("1", "", "eval"))})),
        marshal.dumps(["not", "a", "pair"]),
        marshal.dumps((MAGIC_NUMBER, {"text": b"\x00not code"})),
    ],
    ids=["empty", "garbage", "another-python", "wrong-shape", "damaged-entry"],
)
def test_a_damaged_or_foreign_cache_is_only_a_miss(cache_home: Path, content: bytes) -> None:
    path = _path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    stock = _behaviour(_make())
    codecache.install()
    assert _behaviour(_make()) == stock
    codecache.save()  # replaced by a good one
    codecache.uninstall()
    codecache.install()
    _make()
    assert codecache.code_file() is not None and not codecache.code_file().fresh


def test_an_entry_whose_code_is_damaged_is_compiled_again(cache_home: Path) -> None:
    codecache.install()
    cls = _make()
    cache = codecache.code_file()
    assert cache is not None
    texts = list(cache.fresh)
    cache.save()
    cache.stored = {text: b"\xff" for text in texts}  # unreadable code under every text
    again = _make()
    assert _behaviour(again) == _behaviour(cls)
    assert set(cache.fresh) == set(texts)


def test_an_unwritable_cache_folder_is_a_cache_not_kept(cache_home: Path) -> None:
    (cache_home / "ksui").write_text("a file where the folder should be", encoding="utf-8")
    codecache.install()
    _make()
    codecache.save()  # no exception, nothing written
    assert (cache_home / "ksui").is_file()
    assert not list(cache_home.glob("**/*.marshal"))


def test_nothing_is_written_where_python_writes_no_bytecode(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    codecache.install()
    _make()
    codecache.save()
    assert not _path().exists()


def test_past_the_limit_only_what_this_run_used_is_kept(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codecache.install()
    _make()
    codecache.save()
    cache = codecache.code_file()
    assert cache is not None
    old = {f"# an old text {n}\n": marshal.dumps(compile("pass", "", "exec")) for n in range(5)}
    cache.stored = {**cache.stored, **old}
    monkeypatch.setattr(codecache, "LIMIT", len(cache.stored))
    codecache.uninstall()
    codecache.install()
    cache = codecache.code_file()
    assert cache is not None
    cache.stored = {**cache.stored, **old}
    _make()  # uses the kept texts; the old ones are never asked for

    @dataclass
    class Other:  # one new text, past the limit
        name: str

    used = set(cache.used)
    assert used
    codecache.save()
    written = codecache._read(_path())
    assert used <= set(written)
    assert not set(old) & set(written)
    assert set(written) - used - set(old)  # Other's __init__ (its text differs by Python)


def test_the_command_line_keeps_the_cache_for_the_next_command(
    tmp_path: Path, demo_path: Path
) -> None:
    """Two real `ksui summary` runs: the first writes the cache, the second adds nothing."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-m", "ksui", "--db", str(demo_path), "summary"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    path = tmp_path / "cache" / "ksui" / NAME
    assert path.is_file()
    texts = set(codecache._read(path))
    assert len(texts) > 20
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    assert set(codecache._read(path)) == texts


def test_no_home_to_keep_it_in_is_a_cache_not_kept(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch, demo_path: Path
) -> None:
    """Path.home() raises where HOME is unset and the user has no passwd entry (a
    container): the command runs as ever, with nothing kept."""

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    codecache.install()
    stock = _behaviour(_make())
    assert codecache.code_file() is not None and codecache.code_file().path is None
    codecache.save()
    codecache.uninstall()
    import io

    import ksui.__main__

    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    argv = ["ksui", "--db", str(demo_path), "drift", "--format", "json"]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as exit_info:
        ksui.__main__.main()
    assert exit_info.value.code == 0
    assert "Kommunstyrelsen" in out.getvalue()
    assert _behaviour(_make()) == stock


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="no user ids to own a file")
@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_cache_others_may_write_to_is_neither_read_nor_written(
    cache_home: Path, what: str
) -> None:
    """The kept bytes are code ksui runs: a folder or file group or others may write to could
    hold someone else's. It is read as empty and never written to."""
    codecache.install()
    _make()
    codecache.save()
    folder = cache_home / "ksui"
    (folder if what == "folder" else _path()).chmod(0o777 if what == "folder" else 0o666)
    before = _path().read_bytes()
    codecache.uninstall()
    codecache.install()
    _make()
    cache = codecache.code_file()
    assert cache is not None and not cache.stored and cache.fresh  # compiled, not read
    codecache.save()
    if what == "folder":
        assert _path().read_bytes() == before  # not written where others may write
    folder.chmod(0o700)
    _path().chmod(0o600)


def test_two_saves_at_once_keep_both_runs_entries(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's save after its first frame and the command's at its end may overlap: the
    second waits for the first and writes what it wrote, its own entries on top."""
    import threading

    kept = codecache.KeptFile("overlap.marshal")
    kept.put("a", b"1")
    writing, go_on = threading.Event(), threading.Event()
    replace = os.replace

    def slow_replace(src: str, dst: Any) -> None:
        if not writing.is_set():
            writing.set()
            go_on.wait(10)
        replace(src, dst)

    monkeypatch.setattr(codecache.os, "replace", slow_replace)
    first = threading.Thread(target=kept.save)
    first.start()
    assert writing.wait(10)
    kept.put("b", b"2")
    second = threading.Thread(target=kept.save)
    second.start()
    go_on.set()
    first.join(10)
    second.join(10)
    assert kept.path is not None
    assert codecache._read(kept.path) == {"a": b"1", "b": b"2"}
