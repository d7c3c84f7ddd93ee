"""A parse cache beside the plan (`.rectify/NAME.cache`): the model of the plan, stored with
the very bytes it was read from and served only when the file holds those bytes now, so that it
can never serve a stale plan — not after an edit made within the same second, nor after one
that keeps the file's size. (Comparing the bytes costs less than hashing them.)

The model is stored with `marshal`, which holds only plain values (no code runs on loading);
any error reading it is a miss. Writing it is best effort: a read-only folder only costs speed.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from .. import __version__
from ..errors import Issue
from ..model.plan import Group, Item, Ledger, Measure, Note, Plan, Section, Status
from ..settings import value
from .days import alike_days

FORMAT = 12  # 12: layouts in the text read as LF (lineends.py)
Value = Any  # marshal-able primitives


def path_for(plan: Path) -> Path:
    from .toolfolder import file_for

    return file_for(plan, "cache")


def key() -> tuple[int, str]:
    """What the cached model depends on besides the file's bytes and the day: the code that
    read them. The day is a range stored beside the key (days.alike_days), so that a plan
    read yesterday is served today unless a completion date lies between the two."""
    return (FORMAT, __version__)


def get(plan: Path, raw: bytes, today: date) -> tuple[Plan, list[Issue]] | None:
    hit = lookup(plan, raw, today, with_layout=False)
    return (hit[0], hit[1]) if hit is not None else None


def lookup(
    plan: Path, raw: bytes, today: date, *, with_layout: bool = True
) -> tuple[Plan, list[Issue], Value] | None:
    """The plan, its warnings, and the layout stored with them (None if none was, or if not
    asked for: only an edit needs it)."""
    if value("RECTIFY_NO_CACHE"):
        return None
    from .loader import paused_gc

    try:
        with paused_gc(), path_for(plan).open("rb") as f:
            # a miss stops at the first part that differs; each part is let go once read
            head = marshal.loads(_part(f))
            if head[:2] != key() or not head[2] <= today.toordinal() < head[3]:
                return None
            if _part(f) != raw:
                return None
            model, issues = marshal.loads(_checked(_part(f), head[4]))
            layout = marshal.loads(_checked(_part(f), head[5])) if with_layout else None
            return _plan(model), [Issue(str(plan), *i) for i in issues], layout
    except Exception:
        return None


def _part(f: BinaryIO) -> bytes:
    """The file is four parts (the key with the checksums of the last two, the plan file's
    bytes, the plan, the layout), each after its length."""
    size = int.from_bytes(f.read(8), "little")
    data = f.read(size)
    if len(data) != size:
        raise EOFError(f.name)
    return data


def _checked(part: bytes, checksum: int) -> bytes:
    """A part whose bytes were damaged since they were written (a disk's fault, a copy cut
    short) is a miss: an edit trusts the stored plan and layout for the entries it leaves."""
    if zlib.crc32(part) != checksum:
        raise ValueError("damaged")
    return part


def put(
    plan: Path, raw: bytes, today: date, model: Plan, issues: list[Issue], layout: Value = None
) -> None:
    """Best effort, and not synced to disk: a cache lost in a crash is only a miss. `layout`
    is where the entries lie in the text (edit.Layout's fields), for the next edit."""
    if value("RECTIFY_NO_CACHE"):
        return
    from .atomic import replace_atomically
    from .loader import paused_gc

    # without the path: the same file named another way (./a/../a/x.yaml) is told as named now
    found = [(i.line, i.col, i.key, i.args, i.warning) for i in issues]
    with paused_gc():
        stored, spans = marshal.dumps((_dump_plan(model), found)), marshal.dumps(layout)
    days = alike_days(model, today)
    head = marshal.dumps((*key(), *days, zlib.crc32(stored), zlib.crc32(spans)))
    parts = [head, raw, stored, spans]
    chunks = [c for part in parts for c in (len(part).to_bytes(8, "little"), part)]
    with contextlib.suppress(Exception):
        target = path_for(plan)
        if target.parent.is_dir() or _make_folder(plan):
            from .toolfolder import owner

            replace_atomically(target, chunks, durable=False, owner=owner(plan))


def _make_folder(plan: Path) -> bool:
    from .toolfolder import ensure_folder

    ensure_folder(plan)
    return True


def _day(d: date | None) -> int | None:
    return d.toordinal() if d else None


def _undate(n: int | None) -> date | None:
    return date.fromordinal(n) if n is not None else None


def _dump_ledger(x: Ledger) -> Value:
    notes = tuple((n.on.toordinal(), n.text, n.evidence, n.by) for n in x.notes)
    status = x.status.value if x.status else None
    return (x.owner, x.dept, _day(x.due), status, _day(x.done_on), x.done_by, notes, x.outcome)


def _ledger(v: Value) -> Ledger:
    owner, dept, due, status, done_on, done_by, notes, outcome = v
    kept = tuple(Note(date.fromordinal(n[0]), *n[1:]) for n in notes) if notes else ()
    return Ledger(owner, dept, _undate(due), _STATUS[status] if status else None,
                  _undate(done_on), done_by, kept, outcome)  # fmt: skip


_STATUS = {s.value: s for s in Status}


def _dump_node(node: Group | Item) -> Value:
    if isinstance(node, Item):
        measures = tuple((m.path, m.text, _dump_ledger(m.ledger), _freeze(m.form))
                         for m in node.measures)  # fmt: skip
        return ("i", node.path, node.title, node.separator, node.results,
                _dump_ledger(node.ledger), measures, _freeze(node.form))  # fmt: skip
    return ("g", node.path, node.level, node.title, tuple(_dump_node(c) for c in node.children),
            _freeze(node.form))  # fmt: skip


def _node(v: Value, ledger: Callable[[Value], Ledger]) -> Group | Item:
    if v[0] == "i":
        _, path, title, separator, results, ledger_v, measures, form = v
        own = ledger(ledger_v)
        under = tuple(Measure.under(own, p, text, ledger(m), _thaw(f))
                      for p, text, m, f in measures)  # fmt: skip
        return Item(path, title, under, own, separator, results, _thaw(form))
    _, path, level, title, children, form = v
    return Group(path, level, title, tuple(_node(c, ledger) for c in children), _thaw(form))


# A schema-2 plan's notice (model/document.py): its records as (type name, fields…), a status
# as its value, a tuple of them as a list, so that marshal holds them and they come back whole.
@functools.cache
def _records() -> dict[str, Any]:
    """The record types by name (imported only for a schema-2 plan)."""
    from ..model import document as d

    kinds = (d.Layout, d.Spacing, d.Segment, d.Form, d.Text, d.Statistics, d.Point, d.Part,
             d.Numbering, d.Document)  # fmt: skip
    return {t.__name__: t for t in kinds}


def _freeze(x: Any) -> Value:
    if x is None or isinstance(x, str | int):
        return x if not isinstance(x, Status) else ("S", x.value)
    if hasattr(x, "_fields"):
        return (type(x).__name__, *(_freeze(v) for v in x))
    return [_freeze(v) for v in x]


def _thaw(v: Value) -> Any:
    if isinstance(v, list):
        return tuple(_thaw(x) for x in v)
    if isinstance(v, tuple):
        if v[0] == "S":
            return Status(v[1])
        return _records()[v[0]](*(_thaw(x) for x in v[1:]))
    return v


def _dump_section(s: Section | None) -> Value:
    return (s.heading, s.paragraphs, s.numbered) if s else None


def _section(v: Value) -> Section | None:
    return Section(v[0], tuple(v[1]), v[2]) if v else None


def _dump_plan(p: Plan) -> Value:
    return (
        p.title, tuple(_dump_node(c) for c in p.categories), p.findings_heading,
        _dump_section(p.intro), _dump_section(p.next_steps), p.closing, p.editor, p.unit,
        p.group, _day(p.plan_date), p.declared_items, p.full_width, p.show_title,
        _freeze(p.document),
    )  # fmt: skip


def _plan(v: Value) -> Plan:
    (title, categories, findings, intro, steps, closing, editor, unit, group, plan_date,
     declared, full_width, show_title, document) = v  # fmt: skip
    # Ledgers are immutable: equal ones are one object (most measures' hold a status alone)
    ledgers: dict[Value, Ledger] = {}

    def ledger(v: Value) -> Ledger:
        found = ledgers.get(v)
        if found is None:
            found = ledgers[v] = _ledger(v)
        return found

    groups = tuple(_node(c, ledger) for c in categories)
    return Plan(title, groups, findings, _section(intro), _section(steps), closing, editor,
                unit, group, _undate(plan_date), declared, full_width, show_title,
                _thaw(document))  # fmt: skip
