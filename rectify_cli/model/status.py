"""The four statuses of a measure, the words a plan may write for each, and the roll-up.

Pure: no I/O. plan.py and document.py build on these.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Status(StrEnum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    ONGOING = "ongoing"


# The Chinese labels are part of the file format (a plan may use either word), not UI text.
STATUS_LABELS: dict[Status, str] = {
    Status.TODO: "未开始",
    Status.DOING: "正在整改",
    Status.DONE: "已完成",
    Status.ONGOING: "长期坚持",
}
STATUS_WORDS: dict[str, Status] = {s.value: s for s in Status} | {
    label: s for s, label in STATUS_LABELS.items()
}


# The statuses in order, as a tuple: iterating an enum class runs Python code for each member,
# and counting a plan's items starts from a zero for each status.
STATUSES = tuple(Status)


def status_word(word: str) -> Status | None:
    """The status a word of the file means (English or Chinese), if any."""
    return STATUS_WORDS.get(word.strip())


def allowed_statuses() -> str:
    return ", ".join(f"{s.value}/{label}" for s, label in STATUS_LABELS.items())


def roll_up(statuses: Iterable[Status]) -> Status:
    """The status of a node from the statuses of its children.

    All done → done; all done or long-term (at least one long-term) → long-term;
    all not started (or no children) → not started; anything else → in progress.

    >>> roll_up([Status.DONE, Status.DONE]), roll_up([Status.DONE, Status.ONGOING])
    (<Status.DONE: 'done'>, <Status.ONGOING: 'ongoing'>)
    >>> roll_up([Status.TODO, Status.DONE]), roll_up([])
    (<Status.DOING: 'doing'>, <Status.TODO: 'todo'>)
    """
    seen = set(statuses)
    if not seen or seen == {Status.TODO}:
        return Status.TODO
    if seen == {Status.DONE}:
        return Status.DONE
    if seen <= {Status.DONE, Status.ONGOING}:
        return Status.ONGOING
    return Status.DOING
