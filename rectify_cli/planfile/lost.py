"""Edits lost to another program's save: an editor that had the plan open before `rectify done`
and saves its older copy over it. The journal knows every edit's records (`ops`); an edit
whose latest values the plan no longer holds is lost. `rectify log` marks it, every command
names it, and `rectify reapply` applies it again.

Which edits are lost is judged only when the plan is not as rectify left it (its identity is
in `.rectify/NAME.state`), from the newest journaled edit back: a field a newer edit set is
judged by that one, and the first edit the plan still holds ends the search (what came before
it was there when the plan was saved)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model.changes import AddNote, Change, Op, SetField, add_note
from ..model.plan import Item, Measure, Note, Plan, Status
from ..records import Record

if TYPE_CHECKING:
    from .journal import Entry


def encode(ops: list[Op]) -> list[list[Any]]:
    """The edit records as the journal holds them."""
    out: list[list[Any]] = []
    for op in ops:
        if isinstance(op, AddNote):
            n = op.note
            out.append(["note", list(op.path), n.on.isoformat(), n.text, n.evidence, n.by])
        else:
            out.append(["set", list(op.path), op.key, _value(op.value)])
    return out


def _value(value: object) -> Any:
    if isinstance(value, Status):
        return {"status": value.value}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def decode(stored: Any) -> list[Op]:
    """The edit records of a journal entry; those it cannot read are left out."""
    ops: list[Op] = []
    for record in stored if isinstance(stored, list) else []:
        try:
            kind, path = record[0], tuple(int(n) for n in record[1])
            if kind == "note":
                on, text, evidence, by = record[2:6]
                ops.append(AddNote(path, Note(date.fromisoformat(on), text, evidence, by)))
            elif kind == "set":
                ops.append(SetField(path, str(record[2]), _unvalue(record[3])))
        except (TypeError, ValueError, IndexError, KeyError):
            continue
    return ops


def _unvalue(value: Any) -> Any:
    if isinstance(value, dict) and "status" in value:
        return Status(value["status"])
    if isinstance(value, dict):
        return date.fromisoformat(value["date"])
    return value


def _holds(plan: Plan, op: Op) -> bool | None:
    """Whether the plan holds what `op` did (None: it has no such item or measure now)."""
    node = plan.find(op.path)
    if not isinstance(node, Item | Measure):
        return None
    if isinstance(op, AddNote):
        return op.note in node.ledger.notes
    return bool(getattr(node.ledger, op.key, object()) == op.value)


def find(entries: list[Entry], plan: Plan) -> list[int]:
    """The indexes of the live entries whose edits the plan lost (see the module's text)."""
    found: list[int] = []
    judged: set[tuple[tuple[int, ...], str]] = set()
    for i in range(len(entries) - 1, -1, -1):
        entry = entries[i]
        if entry.undone:
            continue
        verdicts = []
        for op in decode(entry.ops):
            field = (op.path, op.key if isinstance(op, SetField) else "note" + repr(op.note))
            if field not in judged:
                judged.add(field)
                verdicts.append(_holds(plan, op))
        if any(v is True for v in verdicts):
            break  # the plan holds this edit: it was saved after it
        if any(v is False for v in verdicts):
            found.append(i)
    return sorted(found)


def marks(entries: list[Entry], plan: Plan, digest: str) -> list[Entry]:
    """The entries marked as `plan` (whose bytes hash to `digest`) has them: a marked edit it
    holds again (applied again, or by hand) lost no more; unless the plan is as the last edit
    left it, the edits it lost (find) marked."""
    live = [e for e in entries if not e.undone]
    as_left = bool(live) and live[-1].after == digest
    if as_left and not any(e.lost for e in entries):
        return entries
    out = [
        e._replace(lost=False) if e.lost and _held(plan, e) else e for e in entries
    ]  # fmt: skip
    for i in [] if as_left else find(entries, plan):
        out[i] = out[i]._replace(lost=True)
    return out


def _held(plan: Plan, entry: Entry) -> bool:
    """Whether the plan holds what the entry did (what it has no place for aside)."""
    return not any(_holds(plan, op) is False for op in decode(entry.ops))


def missing(plan: Plan, entries: list[Entry]) -> Change:
    """`rectify reapply`: the edits of the lost entries the plan does not hold, as one change."""
    change = Change()
    for entry in entries:
        change.ids += [i for i in entry.ids if i not in change.ids]
        for op in decode(entry.ops):
            node = plan.find(op.path)
            if not isinstance(node, Item | Measure) or _holds(plan, op):
                continue
            if isinstance(op, AddNote):
                add_note(change, node, op.note)
            else:
                change.set(node, op.key, getattr(node.ledger, op.key), op.value)
    return change


class Notices(Record):
    """What another program did to the plan: versions of it kept, edits it lost."""

    __slots__ = _fields = ("others", "lost")
    others: list[Path]
    lost: list[Entry]

    def __init__(self, others: list[Path], lost: list[Entry]) -> None:
        object.__setattr__(self, "others", others)
        object.__setattr__(self, "lost", lost)


def notices(path: Path, plan: Plan | None = None) -> Notices:
    """What `_notices` finds; nothing where the tool's folder cannot be read (it warns, it
    never stands in a command's way)."""
    try:
        return _notices(path, plan)
    except OSError:
        return Notices([], [])


def _notices(path: Path, plan: Plan | None = None) -> Notices:
    """The versions of the plan kept in the tool's folder (guard.py) and the lost edits: those
    the journal marks that `plan` (as it is now) does not hold again, and, unless the plan is
    as rectify left it, those it lost since."""
    from . import guard, journal, toolfolder

    real = toolfolder.real(path)
    others = guard.foreign_versions(real, keep=False)
    if not journal.any_lost(real) and (plan is None or guard.as_left(real)):
        return Notices(others, [])  # (nothing marked, nothing to judge: the journal unread)
    if not journal.journal_path(real).exists():
        return Notices(others, [])
    entries = journal.read(real)
    return Notices(others, [entries[i] for i in _lost(entries, plan, real)])


def _lost(entries: list[Entry], plan: Plan | None, real: Path) -> list[int]:
    from . import guard

    flagged = {i for i, e in enumerate(entries) if e.lost and not e.undone}
    if plan is None and flagged:
        from ..errors import RectifyError
        from .reader import load

        try:
            plan = load(real, cached=True)[0]
        except RectifyError:
            return sorted(flagged)
    if plan is None:
        return []
    flagged = {i for i in flagged if not _held(plan, entries[i])}
    if not guard.as_left(real):
        flagged.update(find(entries, plan))
    return sorted(flagged)


def marked(path: Path, plan: Plan) -> list[Entry]:
    """The entries the journal marks lost whose edits `plan` does not hold again."""
    from . import journal, toolfolder

    real = toolfolder.real(path)
    entries = journal.read(real)
    return [entries[i] for i in _lost(entries, plan, real) if entries[i].lost]


def forget(path: Path) -> int:
    """`reapply --forget`: the lost edits are marked undone (undo and reapply pass them by),
    and no longer named. How many."""
    from . import journal, toolfolder
    from .lock import locked
    from .reader import load

    real = toolfolder.real(path)
    with locked(real):
        plan = load(path)[0]
        entries = journal.read(real)
        found = _lost(entries, plan, real)
        for i in found:
            entries[i] = entries[i]._replace(lost=False, undone=True)
        if found:
            journal.rewrite(real, entries)
    return len(found)
