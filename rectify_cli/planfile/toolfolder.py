"""The tool's folder beside the plan, `.rectify/`: the journal, the lock and the parse cache live
there, never inside the plan."""

from __future__ import annotations

from pathlib import Path


def folder(plan: Path) -> Path:
    return plan.parent / ".rectify"


def ensure_folder(plan: Path) -> Path:
    """The `.rectify/` folder beside the plan, with a .gitignore so that git never sees it;
    never beside a device, a named pipe or a socket (`-p /dev/null` makes no `/dev/.rectify/`)."""
    import os

    from .inputs import regular

    regular(plan, os.stat(plan))
    where = folder(plan)
    if os.path.lexists(where) and not where.is_dir():  # (a file, or a link to none)
        from ..errors import PlanUnreadable

        raise PlanUnreadable("tool_folder_not_folder", path=str(where), what="file")
    where.mkdir(exist_ok=True)
    ignore = where / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    return where
