"""The undo journal: one JSON line per command, beside the plan in `.rectify/`, never inside it.

Each entry records who changed what, the plan's hash before and after, and the splices that
turn the new text back into the old one. The journal is written before the plan is replaced:
an entry whose `before` hash still matches the file is a command that never took effect.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import WriteFailed
from ..records import Record
from .splice import Splice
from .toolfolder import adopt, ensure_folder, file_for

KEEP = 200  # the last KEEP commands can always be undone; older ones are dropped
# Once the journal holds KEEP + SLACK entries, the next command trims it back to KEEP: reading and
# rewriting a full journal on every command cost each edit more than the edit itself.
SLACK = 50


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def journal_path(plan: Path) -> Path:
    return file_for(plan, "journal.jsonl")


class Entry(Record):
    """One command: when, by whom, what it changed, the plan's hashes, how to undo it."""

    __slots__ = _fields = (
        "at",
        "by",
        "command",
        "ids",
        "changes",
        "before",
        "after",
        "undo",
        "undone",
        "ops",
        "lost",
    )
    at: str  # ISO timestamp
    by: str
    command: str
    ids: list[str]
    changes: list[list[str]]  # [id, field, old, new]
    before: str  # sha256 of the plan's bytes before
    after: str  # and after
    undo: Sequence[Sequence[Any]]  # [start, end, text] splices
    undone: bool
    ops: Sequence[Sequence[Any]]  # the edit records, to apply them again (lost.py)
    lost: bool  # the plan was found without this change after another program saved it

    def __init__(
        self,
        at: str,
        by: str,
        command: str,
        ids: list[str],
        changes: list[list[str]],
        before: str,
        after: str,
        undo: Sequence[Sequence[Any]] = (),
        undone: bool = False,
        ops: Sequence[Sequence[Any]] = (),
        lost: bool = False,
    ) -> None:
        put = object.__setattr__
        put(self, "at", at)
        put(self, "by", by)
        put(self, "command", command)
        put(self, "ids", ids)
        put(self, "changes", changes)
        put(self, "before", before)
        put(self, "after", after)
        put(self, "undo", undo)
        put(self, "undone", undone)
        put(self, "ops", ops)
        put(self, "lost", lost)

    def undo_splices(self) -> list[Splice]:
        return [Splice(int(a), int(b), str(c)) for a, b, c in self.undo]


def read(plan: Path) -> list[Entry]:
    """All readable entries; a line cut short by a crash is ignored. A damaged tool folder
    (the journal a folder, `.rectify` a file) or an entry whose fields are of the wrong kinds
    is refused, naming `rectify doctor` (entries.py)."""
    from .entries import checked, raw_journal

    where = journal_path(plan)
    found, damaged = checked(raw_journal(where))
    if damaged:
        from ..errors import Issue, PlanInvalid

        issues = [Issue(str(where), n, 1, "journal_entry_bad", {"field": f}) for n, f in damaged]
        raise PlanInvalid(issues, "journal")
    return [Entry(**fields) for fields in found]


def any_lost(plan: Path) -> bool:
    """Whether an entry may be marked lost, without reading the entries (a command that finds
    the plan as rectify left it asks only this). JSON escapes every quote inside a string, so
    the mark's text cannot stand inside a value."""
    try:
        return b'"lost": true' in journal_path(plan).read_bytes()
    except OSError:
        return False


def append(plan: Path, entry: Entry) -> None:
    ensure_folder(plan)
    where = journal_path(plan)
    with contextlib.suppress(OSError):
        if where.read_bytes().count(b"\n") >= KEEP + SLACK - 1:  # only then can it be full
            entries = read(plan)
            if len(entries) >= KEEP + SLACK:
                rewrite(plan, [*entries[-(KEEP - 1) :], entry])
                return
    line = json.dumps(entry._asdict(), ensure_ascii=False) + "\n"
    try:
        with open(where, "a+b") as f:
            adopt(where, plan)
            size = f.seek(0, os.SEEK_END)
            if size:
                f.seek(size - 1)
                if f.read(1) != b"\n":
                    line = "\n" + line  # after a line cut short by a crash or a full disk
            f.write(line.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
    except OSError as e:
        raise WriteFailed("file_unwritable", path=str(where), reason=e.strerror or str(e)) from None


def drop(plan: Path, entry: Entry) -> None:
    """Forget `entry` (the last one) after its command failed; best effort."""
    entries = read(plan)
    if entries and entries[-1] == entry:
        with contextlib.suppress(WriteFailed):
            rewrite(plan, entries[:-1])


def rewrite(plan: Path, entries: list[Entry]) -> None:
    from .atomic import replace_atomically

    text = "".join(json.dumps(e._asdict(), ensure_ascii=False) + "\n" for e in entries)
    from .toolfolder import owner

    replace_atomically(journal_path(plan), text.encode("utf-8"), owner=owner(plan))
