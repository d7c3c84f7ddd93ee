"""The command line: the Typer app, its commands and the console entry point."""

from __future__ import annotations

from .app import app, entry, main

__all__ = ["app", "entry", "main"]
