"""How a process runs the app: `main` builds only the command it runs, and `entry` (the console
script) ends the process without tearing down what it built."""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable
from typing import Any

import typer

from .app import app, complete_id


def main() -> None:
    """Console-script entry point. Typer builds every registered command on each start; when
    the first argument names a command, only that one is built (a tenth of `status`'s start-up),
    and the group's completion options are not: they go before a command's name, so could not
    be given (1.2 M instructions). Help, a mistyped command and shell completion still see them
    all. What Typer builds has its annotations evaluated once (see evaluate_annotations).

    The cyclic garbage collector is off: a command runs for a moment, and the plan it builds is
    a large tree without cycles that every collection would walk for nothing (measured: 10,000
    measures, `done` 1.14 s → 0.91 s; 100,000, `status --json` 8.6 s → 2.7 s and less memory)."""
    import gc

    gc.disable()
    writable_output()
    sys.argv[1:] = words(sys.argv[1:])
    every, completion = app.registered_commands, app._add_completion
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    app.registered_commands = [c for c in every if command_name(c) == name] or every
    if len(app.registered_commands) == 1 and "_RECTIFY_COMPLETE" not in os.environ:
        app._add_completion = False  # a shell asking for completions (click's variable) needs them
    group = app.registered_callback.callback if app.registered_callback else None
    for function in (group, complete_id, *(c.callback for c in app.registered_commands)):
        evaluate_annotations(function)
    try:
        app(prog_name="rectify")
    finally:
        app.registered_commands, app._add_completion = every, completion


def words(args: list[str]) -> list[str]:
    """The command line as click is to read it (global options after the command's name),
    click's messages in the language asked for."""
    from ..messages import lang_from_env
    from . import clicktext

    clicktext.install(lang_from_env(clicktext.asked_lang(args)))
    return clicktext.globals_after_command(args)


def writable_output() -> None:
    """Output in an encoding that cannot hold every character (GBK: a Chinese Windows
    console, or `PYTHONIOENCODING=gbk`, as a redirect there gets) prints `?` for a character it
    lacks instead of stopping the command with a traceback. The plan's own files are written
    in UTF-8 whatever the console's encoding; this is only what the terminal shows."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding.startswith("utf") or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(errors="replace")
        except (ValueError, OSError):  # a stream that cannot be changed any more
            continue


def entry() -> None:
    """The `rectify` command (console script and `python -m rectify_cli`): `main`, then the
    process ends without tearing down what it built.

    An interpreter that exits the ordinary way frees its objects one by one and runs a last
    garbage collection over all of them: about 0.018 s of `done`'s 0.12 s on the shipped plan,
    more on a larger plan. None of that concerns the clerk's files: every write is flushed,
    synced and closed before its command returns. So the exit handlers run (those of the
    libraries a command used, such as openpyxl's removal of its temporary files), the output is
    flushed, and the process ends. An error that escapes, an exit with a message, a thread still
    running, or output that cannot be flushed (a reader that closed the pipe) leave the ordinary
    way."""
    import atexit

    try:
        main()
        code = 0
    except SystemExit as e:
        if not isinstance(e.code, int | None):
            raise
        code = e.code or 0
    run_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's; elsewhere: the usual exit
    threading = sys.modules.get("threading")
    if run_handlers is None or (threading is not None and threading.active_count() > 1):
        raise SystemExit(code)  # the usual exit waits for a thread that is still running
    run_handlers()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: started with the descriptor closed (or by pythonw)
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code)


def evaluate_annotations(function: Callable[..., Any] | None) -> None:
    """Evaluate a function's annotations once, in place, before Typer builds what it is for."""
    # They are source text (`from __future__ import annotations`), and Typer evaluates each one
    # four times: it looks at a function twice, each time for inspect.signature and for
    # typing.get_type_hints. Evaluated once here: 9 M instructions less in `status`, 2.4 M in
    # `done`. The values are those Typer would get; handles_errors' wrapper shares the dict of
    # the function it wraps (functools.wraps).
    if function is None:
        return
    unwrapped = inspect.unwrap(function)
    namespace, annotations = unwrapped.__globals__, unwrapped.__annotations__
    for key, text in annotations.items():
        if isinstance(text, str):  # a bare name (most are an alias) is looked up, not compiled
            annotations[key] = namespace[text] if text in namespace else eval(text, namespace)


def command_name(info: typer.models.CommandInfo) -> str:
    """The name typer gives a registered command: its own, or its function's."""
    function = info.callback.__name__ if info.callback else ""
    return info.name or typer.main.get_command_name(function)
