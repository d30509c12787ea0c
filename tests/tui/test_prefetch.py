"""The first report is read in a forked process: same report, same checks, never a stale one."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from ksui.actions import edits
from ksui.config import Config
from ksui.store import Store, read
from ksui.tui import prefetch
from ksui.tui.analysis import Analysis, analyse
from ksui.tui.gateway import Gateway, Loaded, ReportKey, first_key

KEY = ReportKey("Kommunstyrelsen", 2017, "bokslut")
TKR = 100_000


@pytest.fixture
def alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the test process fork as ksui does at its start, where no other thread runs yet
    (pytest's own helper threads block on their pipes and hold no lock a child needs)."""
    monkeypatch.setattr(prefetch.threading, "active_count", lambda: 1)


def _analyse(data: object) -> Analysis:
    config = Config()
    return analyse(data, 0, config.tolerance_ore, config.rules)  # type: ignore[arg-type]


def _read_directly(path: Path) -> Loaded:
    gateway = Gateway(path)
    try:
        return gateway.load(KEY)
    finally:
        gateway.close()


@pytest.mark.usefixtures("alone")
def test_the_forked_read_is_the_report_and_its_analysis(demo_path: Path) -> None:
    gateway = Gateway(demo_path)
    try:
        gateway.prefetch(KEY, _analyse)
        loaded = gateway.load(KEY)
        assert loaded.data is not None and loaded.analysis is not None
        direct = _read_directly(demo_path)
        assert loaded.data == direct.data
        assert (loaded.committees, loaded.years, loaded.periods) == (
            direct.committees,
            direct.years,
            direct.periods,
        )
        fresh = _analyse(loaded.data)
        assert loaded.analysis.summary == fresh.summary
        assert list(loaded.analysis.narrative) == list(fresh.narrative)
        assert list(loaded.analysis.findings) == list(fresh.findings)
        # The app's own connection took the reading over: its baseline for other writers,
        # and the rows a period switch reuses.
        assert gateway.read_version == read.data_version(gateway.store)
        assert gateway._figure_rows(loaded.data.committee.id, 2017) == list(loaded.data.rows)
    finally:
        gateway.close()


def test_without_fork_the_first_report_is_read_on_a_thread(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> int:
        raise OSError("no fork here")

    monkeypatch.setattr(prefetch.threading, "active_count", lambda: 1)
    monkeypatch.setattr(prefetch.os, "fork", refuse)
    gateway = Gateway(demo_path)
    try:
        gateway.prefetch(KEY, _analyse)
        loaded = gateway.load(KEY)
        assert loaded.analysis is not None
        assert loaded.data == _read_directly(demo_path).data
    finally:
        gateway.close()


def test_a_process_with_other_threads_is_not_forked() -> None:
    import threading

    started = threading.Event()
    stop = threading.Event()
    other = threading.Thread(target=lambda: (started.set(), stop.wait()))
    other.start()
    try:
        started.wait()
        assert prefetch.fork_call(lambda: 1) is None
    finally:
        stop.set()
        other.join()


@pytest.mark.usefixtures("alone")
def test_a_write_after_the_forked_read_makes_the_app_read_again(demo_path: Path) -> None:
    gateway = Gateway(demo_path)
    try:
        gateway.prefetch(KEY, None)
        loaded = gateway.load(KEY)
        assert loaded.data is not None
        # Another process writes after the child read and before this connection opened:
        # the report shown would be old, so the baseline is one no poll ever matches.
        other = Store(demo_path)
        hr = read.org_tree(other).find("HR")[0].id
        edits.set_figure(other, hr, 2017, "bokslut", "actual", 5 * TKR)
        stamp = read.last_changeset(other) - 1
        other.close()
        gateway._adopt(loaded, stamp)
        assert gateway.read_version == -1
        assert gateway.data_version() != gateway.read_version
    finally:
        gateway.close()


@pytest.mark.usefixtures("alone")
def test_a_refusal_in_the_child_reaches_the_app(demo_path: Path) -> None:
    gateway = Gateway(demo_path)
    try:
        bad = ReportKey("Kommunstyrelsen", 2017, "bokslut")
        demo_path.write_bytes(b"not a database at all" * 100)
        gateway.prefetch(bad, None)
        with pytest.raises(Exception) as caught:
            gateway.load(bad)
        assert "ksui.sqlite" in str(caught.value)
    finally:
        gateway.close()


@pytest.mark.usefixtures("alone")
def test_fork_call_hands_back_values_and_errors() -> None:
    wait = prefetch.fork_call(lambda: {"figures": (1, 2, 3)})
    assert wait is not None and wait() == {"figures": (1, 2, 3)}

    def refuse() -> None:
        raise ValueError("okänd nämnd")

    wait = prefetch.fork_call(refuse)
    assert wait is not None
    with pytest.raises(ValueError, match="okänd nämnd"):
        wait()


@pytest.mark.usefixtures("alone")
def test_a_child_that_dies_says_so() -> None:
    wait = prefetch.fork_call(lambda: os.kill(os.getpid(), signal.SIGKILL))
    assert wait is not None
    with pytest.raises(prefetch.ChildFailed):
        wait()


@pytest.mark.usefixtures("alone")
def test_an_error_that_cannot_be_pickled_arrives_as_words() -> None:
    class Local(Exception):
        pass

    def refuse() -> None:
        raise Local("inte picklebar")

    wait = prefetch.fork_call(refuse)
    assert wait is not None
    with pytest.raises(RuntimeError, match="Local: inte picklebar"):
        wait()


@pytest.mark.usefixtures("alone")
def test_a_killed_child_falls_back_to_reading_here(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = Gateway(demo_path)

    def dies(key: ReportKey, analyse: object) -> object:
        os.kill(os.getpid(), signal.SIGKILL)
        raise AssertionError("unreachable")

    monkeypatch.setattr(gateway, "_read_apart", dies)
    try:
        gateway.prefetch(KEY, _analyse)
        loaded = gateway.load(KEY)
        assert loaded.analysis is not None
        assert loaded.data == _read_directly(demo_path).data
    finally:
        gateway.close()


async def test_the_app_paints_a_prefetched_analysis_without_computing_it_again(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.message import Message
    from textual.widgets import Static

    from ksui.tui import KsuiApp
    from tests.tui.conftest import sent, settle, text_of

    monkeypatch.setattr(prefetch.threading, "active_count", lambda: 1)
    config = Config(database=demo_path, theme="textual-dark")
    gateway = Gateway(demo_path)
    gateway.prefetch(first_key(config), _analyse)
    with gateway._lock:  # read by the time the app starts, as at a real start
        pass
    app = KsuiApp(config, gateway=gateway)
    seen: list[Message] = []
    async with app.run_test(message_hook=seen.append) as pilot:
        await settle(pilot)
        assert app.analysis is not None and app.analysis.version == app.version
        assert not sent(seen, KsuiApp.Analysed)  # it came with the report
        # Taken before the screens mounted: no worker read it again, and no message.
        assert not sent(seen, KsuiApp.ReportLoaded)
        summary = text_of(app.screen.query_one("#summary", Static))
        assert "Kommunstyrelsen redovisar ett överskott på 5,0 mkr" in summary


async def test_a_file_of_several_namnder_opens_on_the_first_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.make_large_db import main as make_file
    from ksui.tui import KsuiApp
    from tests.tui.conftest import settle

    path = tmp_path / "kommun.sqlite"
    assert make_file(["--committees", "2", "--units", "53", "--years", "1", str(path)]) == 0
    monkeypatch.setattr(prefetch.threading, "active_count", lambda: 1)
    config = Config(database=path, theme="textual-dark")
    gateway = Gateway(path)
    gateway.prefetch(first_key(config), _analyse)
    with gateway._lock:
        pass
    app = KsuiApp(config, gateway=gateway)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.data is not None and len(app.committees) == 2
        assert app.data.committee.name == app.committees[0].name
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Filen har 2 nämnder; visar") for m in said), said


@pytest.mark.usefixtures("alone")
def test_the_early_byte_arrives_before_the_answer() -> None:
    heard: list[bytes] = []

    def work() -> str:
        return f"svar efter {heard!r}"  # in the child: the parent's list stays empty there

    wait = prefetch.fork_call(work, early=lambda: b"K", on_early=heard.append)
    assert wait is not None and wait() == "svar efter []"
    assert heard == [b"K"]

    def refuse() -> bytes:
        raise ValueError("ingen fil")

    def fails() -> None:
        raise ValueError("ingen fil")

    heard.clear()
    wait = prefetch.fork_call(fails, early=refuse, on_early=heard.append)
    assert wait is not None
    with pytest.raises(ValueError, match="ingen fil"):
        wait()
    assert heard == [b"-"]  # a first step that failed still says so, and the work tells why


@pytest.mark.usefixtures("alone")
def test_the_reader_says_first_whether_a_kommun_is_coming(
    demo_path: Path, kommun_path: Path
) -> None:
    kommun_first = first_key(Config())
    assert kommun_first.kommun_first
    for path, kind in ((demo_path, b"N"), (kommun_path, b"K")):
        gateway = Gateway(path)
        try:
            assert gateway._kind_apart(kommun_first) == kind
            assert gateway._kind_apart(KEY) == b"N"  # a nämnd asked for by name
        finally:
            gateway.close()


def test_a_kommun_s_sources_arrive_without_the_consolidation() -> None:
    """A Provenance unpickled in a fresh process (the app receiving a kommun's totals) is
    the same value, and receiving it leaves ``ksui.store.consolidate`` unimported."""
    import pickle
    import subprocess
    import sys

    from ksui.store.consolidate import Provenance

    source = Provenance(7, "/tmp/namnd.sqlite", 3, "2026-11-30T10:00:00")
    script = (
        "import pickle, sys\n"
        "value = pickle.loads(sys.stdin.buffer.read())\n"
        "print(repr(value), 'ksui.store.consolidate' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(source),
        capture_output=True,
        check=True,
    )
    assert done.stdout.decode().split() == [*repr(source).split(), "False"]


def test_a_kommun_s_first_read_arrives_without_the_store(kommun_path: Path) -> None:
    """What the forked reader hands back for a kommun's file (its nämnder's totals and
    where each came from) is unpickled in a fresh process without importing the store,
    whose package (the connection, sqlite3, the lock guard) waits until after the first
    frame; and it is the same value as read."""
    import pickle
    import subprocess
    import sys

    kommun_first = first_key(Config())
    gateway = Gateway(kommun_path)
    try:
        loaded, _stamp = gateway._read_apart(kommun_first, None)
    finally:
        gateway.close()
    assert loaded.totals is not None and loaded.totals.sources
    script = (
        "import pickle, sys\n"
        "value = pickle.loads(sys.stdin.buffer.read())\n"
        "sys.stdout.buffer.write(pickle.dumps(value))\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith('ksui.store'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL),
        capture_output=True,
        check=True,
    )
    assert done.stderr.decode() == "[]"
    assert pickle.loads(done.stdout) == loaded
