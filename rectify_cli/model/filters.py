"""Measure filters for `status`: one predicate built from the command's options."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..errors import BadUsage
from .plan import OPEN, Measure, Status, allowed_statuses, status_word

Keep = Callable[[Measure], bool]


def parse_status(word: str) -> Status:
    """A status given on the command line, in English or Chinese; a usage error otherwise."""
    status = status_word(word)
    if status is None:
        raise BadUsage("bad_status_option", value=word, allowed=allowed_statuses())
    return status


def measure_filter(
    statuses: list[str] | None,
    owner: str | None,
    dept: str | None,
    overdue: bool,
    due_within: int | None,
    today: date,
    lang: str,
) -> Keep | None:
    """A predicate over measures, or None when no filter is asked for. All filters must hold;
    --owner and --dept match part of the name; --due-within N keeps open measures due in N days
    or already late."""
    wanted = {parse_status(word) for word in statuses or ()}
    tests: list[Keep] = []
    if wanted:
        tests.append(lambda m: m.status in wanted)
    if owner:
        tests.append(lambda m: owner in (m.owner or ""))
    if dept:
        tests.append(lambda m: dept in (m.dept or ""))
    if overdue:
        tests.append(lambda m: m.is_overdue(today))
    if due_within is not None:
        tests.append(
            lambda m: m.status in OPEN and m.due is not None and (m.due - today).days <= due_within
        )
    if not tests:
        return None
    return lambda m: all(test(m) for test in tests)
