"""The one write path: under the lock, read the plan, work out the change, splice it into the
text, check that the result reads as exactly the intended plan, journal it, replace the file
atomically and update the cache; and undo, the same way back."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import Issue, PlanInvalid, Refused, WriteFailed
from ..model.plan import Plan
from . import cache, guard, lineends, toolfolder
from .atomic import current_bytes, replace_atomically
from .decoding import Source, encode, read
from .loader import Loader, compose, paused_gc
from .lock import locked

if TYPE_CHECKING:
    from ..model.changes import Change, Op
    from . import journal, recheck, splice

    # the splices carrying out an edit, the new text, and what it reads as
    Attempt = tuple[list[splice.Splice], str, recheck.Checked]


def change(
    path: Path, command: str, by: str, plan_change: Callable[[Plan], Change],
    break_links: bool = False,
) -> tuple[Change, Plan]:  # fmt: skip
    """Read the plan under the lock, work out the change, splice it into the text, check that
    the result reads as exactly the intended plan, journal it, and replace the file."""
    from . import splice

    with opened(path, break_links) as (real, seen, source):
        today = date.today()
        plan, warnings, stored = _known(source, today)
        _mark_lost(real, plan, source.raw)
        outcome = plan_change(plan)
        if not outcome.ops:
            return outcome, plan
        intended = outcome.apply(plan)
        # Compose only the lines of the items that change. A shortcut only: whatever goes
        # wrong on it (a layout that does not fit the text, or a damaged one, lines that do not
        # read alone, or a text that is not the intended plan), the whole tree decides.
        attempt = _by_layout(source, outcome.ops, plan, warnings, stored, intended, today)
        if attempt is None:
            attempt = _by_tree(path, source, outcome.ops, plan, warnings, intended, today)
        if attempt is None:
            raise Refused("verify_failed", path=str(path))
        splices, new_text, checked = attempt
        written = lineends.carry(source.written, splices, new_text)  # in the file's line ends
        if written is None:
            raise Refused("verify_failed", path=str(path))
        data = encode(source, splice.apply(source.written, written))
        undo = [[s.start, s.end, s.text] for s in splice.inverse(source.written, written)]
        raw = source.raw
        del attempt, new_text, source  # the texts are done with: their memory goes back now
        if current_bytes(real) != raw:
            raise Refused("changed_meanwhile", path=str(path))
        _journaled_replace((path, real, seen), command, by, outcome, raw, data, undo)
        cache.put(real, data, today, checked.plan, checked.issues, tuple(checked.layout))
        return outcome, checked.plan


Target = tuple[Path, Path, tuple[int, int, int, int]]  # the plan as named, its real path, identity


@contextlib.contextmanager
def opened(
    path: Path, break_links: bool = False
) -> Iterator[tuple[Path, tuple[int, int, int, int], Source]]:
    """The plan's real path (symlinks resolved once), its identity, and its bytes as read under
    its lock, once no other program is writing it (guard.py); refused before anything is made
    if it may not be written."""
    real = toolfolder.real(path)
    guard.check_writable(path, real, break_links)
    with locked(real, named=path):
        guard.foreign_versions(real, keep=True)
        seen = guard.quiet_identity(path, real)
        source = read(real)._replace(path=path)  # told as named
        if guard.identity(os.stat(real)) != seen:  # written while it was read
            raise Refused("changed_meanwhile", path=str(path))
        yield real, seen, source


def _replace(target: Target, data: bytes, raw: bytes) -> None:
    """Replace the plan's bytes `raw` by `data` through the guard (guard.before_rename)."""
    path, real, identity = target

    def check(new: Path) -> None:
        guard.before_rename(path, real, identity, new)

    replace_atomically(real, data, expected=raw, before_rename=check, named=path)


def _mark_lost(real: Path, plan: Plan, raw: bytes) -> None:
    """Mark in the journal the edits the plan lost to another program's save (lost.py)."""
    from . import journal, lost

    if guard.as_left(real) and not journal.any_lost(real):
        return  # as the last edit left it, nothing marked: the journal unread
    entries = journal.read(real)
    marked = lost.marks(entries, plan, journal.digest(raw))
    if marked != entries:
        journal.rewrite(real, marked)


def _known(source: Source, today: date) -> tuple[Plan, list[Issue], Any]:
    """The plan, its warnings and its layout (as the cache stores it): from the cache when it
    has the layout, else from the text."""
    hit = cache.lookup(source.path, source.raw, today)
    if hit is not None and hit[2] is not None:
        return hit
    from .reader import parse_with_layout  # (not needed on a cache hit)

    # read whole: what it finds is as good as the cache
    plan, warnings, found = parse_with_layout(source, today)
    return plan, warnings, tuple(found)


def _by_layout(
    source: Source, ops: list[Op], plan: Plan, warnings: list[Issue], stored: Any,
    intended: Plan, today: date,
) -> Attempt | None:  # fmt: skip
    """The edit spliced where the stored layout says its items lie, each composed from its own
    lines, and checked (_checked); None whatever goes wrong on the way (see change)."""
    from . import splice

    with contextlib.suppress(Exception):
        layout = splice.Layout(*stored)
        splices, new_text = _spliced(source, ops, *_entries(source.text, layout))
        return _checked(source, new_text, splices, ops, (plan, warnings, layout), intended, today)
    return None


def _by_tree(
    path: Path, source: Source, ops: list[Op], plan: Plan, warnings: list[Issue],
    intended: Plan, today: date,
) -> Attempt | None:  # fmt: skip
    """The edit spliced at its entries in the whole text's tree, and checked (_checked); an edit
    that cannot be spliced safely is refused."""
    from . import splice

    with paused_gc():
        root = compose(source.text, str(path))
    assert root is not None
    entry = functools.partial(splice.locate, root)
    try:
        splices, new_text = _spliced(source, ops, entry, splice.sequence_offset(root))
    except splice.Unsafe as e:
        raise Refused("unsafe_" + e.key, path=str(path), line=e.line) from None
    layout = splice.layout(source.text, root)
    root = None  # the old text's tree is done with: its memory goes back
    del entry
    return _checked(source, new_text, splices, ops, (plan, warnings, layout), intended, today)


def _journaled_replace(
    target: Target, command: str, by: str, outcome: Change, raw: bytes, data: bytes,
    undo: list[list[Any]],
) -> None:  # fmt: skip
    """Journal the change, then replace the plan's bytes `raw` by `data`."""
    from . import journal, lost

    record = journal.Entry(
        at=datetime.now().isoformat(timespec="seconds"), by=by, command=command,
        ids=outcome.ids, changes=outcome.lines(), before=journal.digest(raw),
        after=journal.digest(data), undo=undo, ops=lost.encode(outcome.ops),
    )  # fmt: skip
    real = target[1]
    journal.append(real, record)
    try:
        _replace(target, data, raw)
    except (WriteFailed, Refused):
        journal.drop(real, record)  # the command never took effect: `log` must not list it
        raise


def _checked(
    source: Source,
    new_text: str,
    splices: list[splice.Splice],
    ops: list[Op],
    before: tuple[Plan, list[Issue], splice.Layout],
    intended: Plan,
    today: date,
) -> Attempt | None:
    """The edit with what its text reads as, if that is the intended plan (else None): from
    the changed items' lines alone where their shape allows (recheck.py), else read whole."""
    from . import recheck

    args = (source.text, new_text, splices, [op.path for op in ops], before, intended)
    checked = recheck.check(*args, str(source.path), today)
    if checked is None:
        whole = _reread(source, new_text, today)
        if whole is None or whole[0] != intended:
            return None
        checked = recheck.Checked(*whole)
    return splices, new_text, checked


def _spliced(
    source: Source,
    ops: list[Op],
    entry: Callable[[tuple[int, ...]], yaml.MappingNode],
    sequence_offset: int,
) -> tuple[list[splice.Splice], str]:
    """The splices that carry out `ops`, and the new text."""
    from . import splice

    style = splice.status_style(source.text)
    splices = splice.splices_at(source.text, entry, sequence_offset, ops, style)
    return splices, splice.apply(source.text, splices)


def _reread(
    source: Source, new_text: str, today: date
) -> tuple[Plan, list[Issue], splice.Layout] | None:
    """What the new text reads as, whole (None if it does not parse): the check that matters
    is that this is the intended plan."""
    from .reader import parse_with_layout

    try:
        return parse_with_layout(Source(source.path, new_text, b"", source.bom), today)
    except PlanInvalid:
        return None


def _entries(
    text: str, layout: splice.Layout
) -> tuple[Callable[[tuple[int, ...]], yaml.MappingNode], int]:
    """The entries' nodes by path, each item composed from its own lines only (see
    splice.Layout), a measure from its item's; a path the layout does not know, or lines that do
    not compose to one item, raise LookupError like splice.locate. Whatever this yields, the
    edited text is checked."""
    from . import recheck, splice

    items: dict[tuple[int, ...], yaml.MappingNode] = {}

    def item(path: tuple[int, ...]) -> yaml.MappingNode:
        if path not in items:
            start, end, line = layout.spans[path]  # KeyError is a LookupError
            try:
                with paused_gc():
                    node = yaml.compose(text[start:end], Loader=Loader)
            except yaml.YAMLError:
                raise LookupError(path) from None
            if not isinstance(node, yaml.SequenceNode) or len(node.value) != 1:
                raise LookupError(path)  # the item's `- ` is on its first line
            recheck.shift_marks(node.value[0], start, line)
            items[path] = node.value[0]
        return items[path]

    def entry(path: tuple[int, ...]) -> yaml.MappingNode:
        if path in layout.spans:
            found = item(path)
        else:  # a measure: the one at its place in its item's list
            measures = splice.child(item(path[:-1]), "measures")
            if not isinstance(measures, yaml.SequenceNode) or len(measures.value) < path[-1]:
                raise LookupError(path)
            found = measures.value[path[-1] - 1]
        if not isinstance(found, yaml.MappingNode):
            raise LookupError(path)
        return found

    return entry, layout.sequence_offset


def rewrite(
    path: Path, command: str, by: str, make: Callable[[Plan, Source], tuple[str, Plan]],
    break_links: bool = False,
) -> tuple[Plan, Plan]:  # fmt: skip
    """Replace the whole plan (`migrate`): under the lock, `make` gives the new text and the
    plan it must read as, from the plan and its file as read. The text, in the file's line
    ends and BOMs, is read back and must be that plan; it is journaled with the old text as
    its undo, and replaces the file atomically. The plan before and after."""
    from . import journal
    from .reader import parse

    with opened(path, break_links) as (real, seen, source):
        today = date.today()
        plan, _warnings = parse(source, today)
        new_text, intended = make(plan, source)
        checked, issues = parse(Source(source.path, new_text, b"", source.bom), today)
        if checked != intended:
            raise Refused("verify_failed", path=str(path))
        new_text = lineends.rewritten(source.written, new_text)
        data = encode(source, new_text)
        if current_bytes(real) != source.raw:
            raise Refused("changed_meanwhile", path=str(path))
        record = journal.Entry(
            at=datetime.now().isoformat(timespec="seconds"), by=by, command=command, ids=[],
            changes=[], before=journal.digest(source.raw), after=journal.digest(data),
            undo=[[0, len(new_text), source.written]],
        )  # fmt: skip
        journal.append(real, record)
        try:
            _replace((path, real, seen), data, source.raw)
        except (WriteFailed, Refused):
            journal.drop(real, record)
            raise
        cache.put(real, data, today, checked, issues)
        return plan, checked


def undo(path: Path, break_links: bool = False, told: list[str] | None = None) -> journal.Entry:
    """Restore the plan exactly as it was before the last command of this tool. Once the plan
    is restored the undo stands: a journal that cannot then be rewritten (a full disk) leaves
    the entry unmarked, which the next undo passes over as never replaced, and its reason is
    put in `told` for the clerk."""
    from . import journal, splice

    with opened(path, break_links) as (real, seen, source):
        current = journal.digest(source.raw)
        entries = journal.read(real)
        live = [i for i, e in enumerate(entries) if not e.undone]
        while live and entries[live[-1]].before == current and entries[live[-1]].after != current:
            i = live.pop()  # journaled, but the plan was never replaced
            entries[i] = entries[i]._replace(undone=True)
        if not live:
            raise Refused("nothing_to_undo", path=str(path))
        last = entries[live[-1]]
        if last.after != current:
            raise Refused("changed_since", path=str(path), at=last.at)
        data = encode(source, splice.apply(source.written, last.undo_splices()))
        if journal.digest(data) != last.before:
            raise Refused("verify_failed", path=str(path))
        _replace((path, real, seen), data, source.raw)
        # a crash before the journal is rewritten leaves an entry that undo skips next time
        entries[live[-1]] = last = last._replace(undone=True)
        try:
            journal.rewrite(real, entries)
        except WriteFailed as e:
            if told is None:
                raise
            told.append(str(e.args_.get("reason", "")))
        return last
