"""Entry point: `ksui` with no command opens the TUI; commands run in batch mode."""

from __future__ import annotations


def main() -> None:
    """Run the CLI behind the terminal guard, turning any bug into exit code 3.

    First the process's stdout and stderr are wrapped (``ksui.cli.terminal``), so no byte
    of any command reaches the terminal unsanitised. A plain `ksui` (the app) and `ksui
    summary` (the quick check over SSH) start without building the typer app, which alone
    costs more than the summary itself; anything else goes through typer. Exit codes: 0
    done, 1 findings or a refused file, 2 a user's mistake, 3 a crash (one line, and the
    traceback in a crash file), 130 interrupted. Dataclasses reuse the code compiled for
    them in earlier runs (``ksui.codecache``), and keep what was new at the end.
    """
    import contextlib
    import gc
    import sys

    # Starting allocates many objects and frees few: the collector's passes over them are
    # wasted (see ``_dispatch``, which turns it back on for anything long-running).
    gc.disable()
    from ksui import codecache

    with contextlib.suppress(Exception):  # a cache never stops a command
        codecache.install()  # before anything creates a dataclass: Textual's, Rich's, ours
    from ksui.cli.terminal import install

    quick = False
    try:
        install(sys.argv[1:])
        code, quick = _dispatch(sys.argv[1:])
        if sys.stdout is not None:
            sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("ksui: avbrutet\n")
        code = 130
    except BrokenPipeError:
        code = _closed_pipe()
    except BaseException as exc:
        code = _crash(exc)
    with contextlib.suppress(Exception):
        codecache.save()
    if quick:
        _leave(code)
    gc.enable()  # as it was, also where a failure came before ``_dispatch`` turned it on
    raise SystemExit(code)


def _dispatch(argv: list[str]) -> tuple[int, bool]:
    """Pick the fast TUI start, the fast summary or the full CLI.

    Returns the exit code, and whether it was the quick summary: a read that has closed
    its database and written its output, so nothing is left for the interpreter's exit.
    """
    import gc

    from ksui.cli.launch import fast_tui

    code = fast_tui(argv)  # turns the collector on before the app runs
    if code is not None:
        return code, False
    from ksui.cli.commands.quick import fast_main

    code = fast_main(argv)
    if code is not None:
        return code, True
    gc.enable()  # an import or an export may allocate without bound
    from ksui.cli.main import run

    return run(), False


def _leave(code: int) -> None:
    """End the quick summary at once: its output flushed, its database closed and its
    cache written, the interpreter's own tear-down (every module's objects freed, one by
    one) is all that is left, and it is a sixth of the command's time."""
    import os
    import sys

    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            if stream in (sys.stdout, sys.__stdout__):
                raise SystemExit(_closed_pipe()) from None
    os._exit(code)


def _crash(exc: BaseException) -> int:
    """A user's mistake that slipped through is still exit 2; anything else is a crash."""
    import sys

    from ksui.cli.context import USER_ERRORS
    from ksui.core.text import one_line

    if isinstance(exc, USER_ERRORS):
        sys.stderr.write(f"ksui: {one_line(exc)}\n")
        return 2
    from ksui.cli.crash import report

    return report(exc)


def _closed_pipe() -> int:
    """`ksui log | head`: the reader left; end quietly like any Unix tool (128 + SIGPIPE)."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    return 141


if __name__ == "__main__":
    main()
