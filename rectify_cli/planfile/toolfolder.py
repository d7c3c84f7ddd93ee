"""The tool's folder beside the plan, `.rectify/`: the journal, the lock and the parse cache live
there, never inside the plan. It belongs to the real file: a symlink or a relative name of the
plan finds the same folder, the same lock and the same journal. It belongs to the plan's owner
too: root editing another user's plan leaves nothing in it that this user cannot write."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

NAME = ".rectify"


def real(plan: Path) -> Path:
    """The plan's real path: every symlink resolved (once, by the caller that keeps it);
    relative to the working folder where the name given was (a folder above it that this user
    may not enter does not stand in the way, as it does not for the name given)."""
    found = os.path.realpath(plan)
    if not os.path.isabs(plan):
        found = os.path.relpath(found)
    return Path(found)


def folder(plan: Path) -> Path:
    return real(plan).parent / NAME


def file_for(plan: Path, suffix: str) -> Path:
    """`.rectify/NAME.suffix` of the real file."""
    target = real(plan)
    return target.parent / NAME / f"{target.name}.{suffix}"


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
    adopt(where, plan)
    ignore = where / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    adopt(ignore, plan)
    return where


def owner(plan: Path) -> tuple[int, int] | None:
    """The (uid, gid) the tool's files of `plan` must have, when this process could give them
    another (root); None otherwise, when what it makes is its own user's anyway."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    try:
        found = os.stat(real(plan))
    except OSError:
        return None
    return found.st_uid, found.st_gid


def adopt(path: Path, plan: Path) -> None:
    """Give `path` (made by this process in the tool's folder) the plan's owner; best effort."""
    wanted = owner(plan)
    if wanted is None:
        return
    with contextlib.suppress(OSError):
        found = os.lstat(path)
        if (found.st_uid, found.st_gid) != wanted:
            os.chown(path, *wanted, follow_symlinks=False)
