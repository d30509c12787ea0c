"""Reading the first report in a forked process, on the machine's other core.

A thread in the app's own process shares the interpreter lock with Textual's start: the
report's Python work (rows, roll-ups, summary, checks) then waits for Textual's imports and
the two run one after the other. A child forked before Textual is imported does the same
work truly in parallel and hands back its result, pickled, through a pipe; the parent only
waits on the pipe (which holds no lock) and unpickles.

Where ``os.fork`` is missing (Windows) or fails, ``fork_call`` returns None and the caller
reads on a thread as before. The child never touches the terminal, never runs the parent's
exit handlers (``os._exit``) and sends an exception back rather than a traceback.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections.abc import Callable
from typing import Any


class ChildFailed(Exception):
    """The child ended without an answer (killed, out of memory): read in-process instead."""


def fork_call(
    work: Callable[[], Any],
    *,
    early: Callable[[], bytes] | None = None,
    on_early: Callable[[bytes], object] | None = None,
) -> Callable[[], Any] | None:
    """Start ``work()`` in a forked child; return a function that waits for its result.

    The returned function returns what ``work`` returned, raises what it raised (or
    ``ChildFailed`` when the child died without a word), and must be called exactly once.
    None when the platform cannot fork; nothing has been started then.

    ``early``: a quick first step in the child whose one byte the waiting function hands
    to ``on_early`` as soon as it arrives, before ``work`` is done (the parent can prepare
    for the answer meanwhile, say import what it will be made of).
    """
    if not hasattr(os, "fork") or threading.active_count() > 1:
        # A child forked beside other threads may inherit a lock one of them held (the
        # import lock, say) and wait for it forever: fork only a process that is still alone.
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        _child(work, read_end, write_end, early)
    os.close(write_end)

    def wait() -> Any:
        try:
            with os.fdopen(read_end, "rb") as pipe:
                if early is not None:
                    first = pipe.read(1)  # blocks without the interpreter lock
                    if first and on_early is not None:
                        on_early(first)
                payload = pipe.read()
        finally:
            _reap(pid)
        if not payload:
            raise ChildFailed("the reading process ended without an answer")
        ok, value = pickle.loads(payload)  # our own child's answer, through our own pipe
        if ok:
            return value
        if isinstance(value, Exception):
            raise value
        raise ChildFailed(f"the reading process was stopped ({type(value).__name__})")

    return wait


def _child(  # pragma: no cover
    work: Callable[[], Any],
    read_end: int,
    write_end: int,
    early: Callable[[], bytes] | None = None,
) -> None:
    """Run the work, write the pickled outcome, and leave without the parent's cleanup."""
    code = 0
    try:
        os.close(read_end)
        with os.fdopen(write_end, "wb") as pipe:
            if early is not None:
                try:
                    first = early()[:1] or b"-"
                except BaseException:  # the work that follows fails the same way, and says so
                    first = b"-"
                pipe.write(first)
                pipe.flush()
            try:
                payload = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # handed to the parent, which decides what it means
                payload = _pickled_error(exc)
            pipe.write(payload)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _pickled_error(exc: BaseException) -> bytes:
    """The exception itself when it pickles, else its words under a plain type."""
    try:
        return pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


def _reap(pid: int) -> None:
    """Collect the child's exit status so it leaves no zombie behind."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
