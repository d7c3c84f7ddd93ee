"""A journal's bytes read back (journal.py writes them): the tool folder and the journal
must be what they should (a folder, a regular file), and each entry's fields present and of
their kinds; what is not is named, for `log`, `undo` and `rectify doctor` (doctor.py)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from ..errors import PlanUnreadable


def raw_journal(where: Path) -> bytes:
    """The bytes of the journal at `where` (none if there is none yet); a tool folder that is
    a file, or a journal that is a folder or no regular file, refused (exit 3) naming
    `rectify doctor`."""
    for path, key in ((where.parent, "tool_folder_not_folder"), (where, "journal_not_file")):
        try:
            status = os.stat(path)
        except FileNotFoundError:
            return b""
        except OSError:  # (NotADirectoryError: a parent is a file)
            raise PlanUnreadable(key, path=str(path), what="other") from None
        if stat.S_ISDIR(status.st_mode) != (path == where.parent):
            raise PlanUnreadable(key, path=str(path), what=_kind(status.st_mode))
    if not stat.S_ISREG(status.st_mode):
        raise PlanUnreadable("journal_not_file", path=str(where), what=_kind(status.st_mode))
    try:
        return where.read_bytes()
    except OSError as e:
        raise PlanUnreadable("file_unreadable", path=str(where), reason=e.strerror or "") from None


def _kind(mode: int) -> str:
    return "folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


# an entry's fields and what each holds (undo and undone may be left out)
_FIELDS: dict[str, Any] = {
    "at": str, "by": str, "command": str, "ids": [str], "changes": [[str]], "before": str,
    "after": str, "undo": [list], "undone": bool, "ops": [list], "lost": bool,
}  # fmt: skip
# fields an entry may leave out (older journals have no ops or lost)
OPTIONAL = ("undo", "undone", "ops", "lost")


def checked(raw: bytes) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """The fields of each whole entry of a journal's bytes, and each damaged one's line and
    first wrong field.
    A line that is no JSON (cut short by a crash or a full disk, maybe inside a character) is
    skipped, as is a blank one. Entries end in "\\n" only (splitlines() would also cut at a
    U+2028 or NEL that JSON leaves inside a value)."""
    found: list[dict[str, Any]] = []
    damaged: list[tuple[int, str]] = []
    for number, line in enumerate(raw.decode("utf-8", errors="replace").split("\n"), 1):
        try:
            data = json.loads(line)
        except ValueError:
            continue
        wrong = _wrong_field(data)
        if wrong is None:
            found.append(data)
        else:
            damaged.append((number, wrong))
    return found, damaged


def _wrong_field(data: Any) -> str | None:
    """The first field of a decoded entry that is missing, unknown or of the wrong kind."""
    if not isinstance(data, dict):
        return "{}"
    for name in [*_FIELDS, *data]:
        if name not in _FIELDS or (name not in data and name not in OPTIONAL):
            return str(name)
        if name in data and not _holds(data[name], _FIELDS[name]):
            return str(name)
    if not all(len(c) == 4 for c in data["changes"]):
        return "changes"
    undo = data.get("undo", [])
    if not all(len(s) == 3 and _holds(s[:2], [int]) and isinstance(s[2], str) for s in undo):
        return "undo"
    return None


def _holds(value: Any, kind: Any) -> bool:
    if isinstance(kind, list):
        return isinstance(value, list) and all(_holds(v, kind[0]) for v in value)
    return isinstance(value, kind) and not (kind is int and isinstance(value, bool))
