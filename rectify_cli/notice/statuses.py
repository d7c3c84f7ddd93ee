"""The status words a notice prints, and the ledger status each stands for.

A notice prints an item's status in its own words, in three places: a status line
(`整改结果：已整改完成。`, also run in after the measures), a mark after a measure
(`（已完成）`), and the heading of a part grouped by status (`二、需长期坚持整改的问题`: the word
is 长期坚持整改). Each word maps to one of the four statuses; 阶段性完成 and 基本完成 are
`doing`, since the work is not finished, and a completion rate counts only `done`, as notices
do (688 of 697 done is 98.71%, though the rest are 基本完成).
"""

from __future__ import annotations

import re

from ..model.plan import Status
from .findings import Node
from .lines import Line
from .outline import Outline

_STATUS_LINE = re.compile(
    r"(?:^|(?<=[。；;]))\s*(?:整改结果|整改进度|整改进展|完成情况)[:：]([^。，,；;]+)"
)
_MARK = re.compile(
    r"[(（]((?:已|正在|持续|长期|基本|阶段性|需)[^()（）]{0,8}?(?:完成|整改|推进|坚持))[)）]"
)
# The spans a plan binds to the ledger (importer.py reads them, assemble.py prints them): the
# word of a status line (整改结果：已整改完成。), and of a mark that ends a measure ((已完成)。).
_LINE_WORD = re.compile(
    r"(?:整改结果|整改进度|整改进展|完成情况|整改状态)[:：]([^。，,；;()（）]+)"
)
_END_MARK = re.compile(r"[(（]([^()（）]{2,10})[)）][。；;，,]?\s*$")


def line_word(text: str) -> tuple[int, int, int] | None:
    """Where a status line starts in `text`, and its word: (label, start, end), the spaces
    after the word left out (web copies have them); None without one. The word may be no
    status word: the caller tells (status_of).

    >>> text = "二是定期检查。整改结果：已整改完成 。"
    >>> line_word(text), text[12:17]
    ((7, 12, 17), '已整改完成')
    """
    m = _LINE_WORD.search(text)
    if m is None:
        return None
    return m.start(), m.start(1), m.start(1) + len(m.group(1).rstrip())


def end_mark(text: str) -> tuple[int, int] | None:
    """Where the word of a mark ending `text` stands, `（已完成）。` and spaces after it
    included; None without one."""
    m = _END_MARK.search(text)
    return None if m is None else m.span(1)


# The words notices print, by the status they stand for (a word not listed is told by its stem)
VOCABULARY: dict[str, Status] = {
    "已整改完成": Status.DONE,
    "已完成": Status.DONE,
    "整改完成": Status.DONE,
    "已完成整改": Status.DONE,
    "已销号": Status.DONE,
    "正在整改": Status.DOING,
    "正在推进整改": Status.DOING,
    "持续推进": Status.DOING,
    "阶段性完成": Status.DOING,
    "基本完成": Status.DOING,
    "长期坚持": Status.ONGOING,
    "长期坚持整改": Status.ONGOING,
    "未开始": Status.TODO,
    "尚未整改": Status.TODO,
}


def status_of(word: str) -> Status | None:
    """The status a printed word stands for, or None when it is not a status word.

    >>> status_of("已整改完成"), status_of("基本完成"), status_of("需长期坚持整改")
    (<Status.DONE: 'done'>, <Status.DOING: 'doing'>, <Status.ONGOING: 'ongoing'>)
    """
    if word in VOCABULARY:
        return VOCABULARY[word]
    if "长期" in word or "坚持" in word:
        return Status.ONGOING
    if word.startswith("已") and "完成" in word:
        return Status.DONE
    if re.search(r"正在|推进|阶段性|基本", word):
        return Status.DOING
    return None


def words_in(line: Line) -> list[str]:
    """The status words of a line: its status lines' and its marks'."""
    text = line.text
    return [m.group(1).strip() for m in _STATUS_LINE.finditer(text)] + _MARK.findall(text)


def group_word(heading: str) -> str:
    """`需长期坚持整改的问题` → `长期坚持整改`: the status word of a part grouped by status."""
    return re.sub(r"的问题.*$", "", re.sub(r"^需", "", heading))


def item_words(item: Node) -> list[str]:
    """The status words printed for an item, in its title's line and its body."""
    lines = ([item.title] if item.title is not None else []) + list(item.body)
    return [word for line in lines for word in words_in(line)]


def printed(found: Outline) -> list[str]:
    """Every distinct status word the notice prints: those of its status lines and marks in
    the order it first prints them, then those of its status groups' headings. (The first word
    of a status is the one a changed status line or mark prints: a heading's is never printed
    for another, 已整改完成的问题 stays as it is.)"""
    words = [word for part in found.parts for line in part.lines for word in words_in(line)]
    words += [
        group_word(p.heading.rest) for p in found.parts if p.role == "status_group" and p.heading
    ]
    return list(dict.fromkeys(words))
