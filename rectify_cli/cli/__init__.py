"""The command line: the Typer app, its commands (registered here, when the package is
imported) and the console entry point."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import documents, editing, reading
from .app import app
from .entrypoint import entry, main

# In the order `rectify --help` lists them.
COMMANDS: dict[str, Callable[..., Any]] = {
    "validate": reading.validate,
    "status": reading.status,
    "show": reading.show,
    "due": reading.due,
    "find": reading.find,
    "init": editing.init,
    "report": documents.report,
    "export": documents.export,
    "import": documents.import_,
    "summary": documents.summary,
    "chart": documents.chart,
    "done": editing.done,
    "reopen": editing.reopen,
    "set": editing.set_,
    "note": editing.note,
    "undo": editing.undo,
    "reapply": editing.reapply,
    "migrate": editing.migrate,
    "log": reading.log,
    "doctor": editing.doctor,
}
for _name, _command in COMMANDS.items():
    app.command(_name)(_command)

__all__ = ["app", "entry", "main"]
