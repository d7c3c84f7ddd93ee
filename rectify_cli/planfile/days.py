"""What reading a plan depends on the day for, in one place: a completion date after today is
a warning (`in_future`). The parse cache stores, beside a reading, the range of days on which
it holds (`alike_days`), so that a plan read yesterday is served today unless one of its
completion dates lies between the two days: no cold read on the first command of a day."""

from __future__ import annotations

from datetime import date

from ..model.plan import Plan


def in_future(on: date, today: date) -> bool:
    """Whether a completion date is after today (a warning where the plan is read)."""
    return on > today


def alike_days(plan: Plan, today: date) -> tuple[int, int]:
    """The days (ordinals `lo <= d < hi`) on which reading `plan` warns exactly as it does
    today: `in_future` of every completion date in it gives the same answer on each of them.
    The parse cache serves a reading on those days (no cold read on the first command of a
    day); every ledger's date bounds the range, items' too, which only ever narrows it."""
    lo, hi = 0, date.max.toordinal() + 1
    for item in plan.items():
        for ledger in (item.ledger, *(m.ledger for m in item.measures)):
            on = ledger.done_on
            if on is None:
                continue
            if in_future(on, today):
                hi = min(hi, on.toordinal())
            else:
                lo = max(lo, on.toordinal())
    return lo, hi
