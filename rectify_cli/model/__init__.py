"""The plan as immutable data: its nodes and ledgers, statuses and roll-up, IDs and numerals,
filters, and the records of a change. Pure: no I/O, no typer, rich or jinja2.

The node types are named here as `rectify_cli.model.X`, the name they had before the model
became a package: a template's error message names the type (`'rectify_cli.model.Plan
object' has no attribute …`), and code outside may import them from here."""

from __future__ import annotations

from .plan import Counts, Group, Item, Ledger, Measure, Note, Plan, Section, Status

__all__ = ["Counts", "Group", "Item", "Ledger", "Measure", "Note", "Plan", "Section", "Status"]

for _type in (Counts, Group, Item, Ledger, Measure, Note, Plan, Section, Status):
    _type.__module__ = __name__
