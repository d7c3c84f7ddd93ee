"""A notice's outline: its head, its parts with their roles, and its tail (docs/notice-import.md).

The second step of reading any office's notice, after notice/lines.py: the lines before the
first part are the head, the closing lines after the last part the tail, and each part's role
is told from its heading and, where the heading does not say, from what it holds (the findings
part is the one whose nodes carry measures, labelled bodies or status lines), not from where it
stands. A notice without 一、 parts is one part without a heading.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .lines import Line

TAIL = frozenset({"closing", "contact", "signature", "date", "editor"})
# 已整改完成的问题, 需长期坚持整改的问题, 正在推进整改的问题, 基本完成的问题, 阶段性完成的问题
_STATUS_GROUP = re.compile(
    r"^(?:已|需|正在|尚未|基本|阶段性|长期|持续)\S{0,10}(?:完成|整改|坚持)的问题"
)
_RUN_IN_MEASURE = re.compile(r"[。：:；;](?:一是|①)")
_NODE_KINDS = frozenset({"paren_cn", "arabic", "paren_arabic", "circled"})


class Part(NamedTuple):
    """One 一、 part: its heading line (None for a notice without parts), role and lines."""

    heading: Line | None
    role: str  # overview, findings, status_group, next_steps, other
    lines: tuple[Line, ...]


class Outline(NamedTuple):
    head: tuple[Line, ...]
    parts: tuple[Part, ...]
    tail: tuple[Line, ...]


def outline(lines: list[Line]) -> Outline:
    """The head, the parts and the tail of a notice's classified lines."""
    starts = [i for i, line in enumerate(lines) if line.kind == "part"]
    end = _tail_start(lines)
    if not starts:
        first = min(next((i for i, line in enumerate(lines) if _opens_body(line)), end), end)
        body = tuple(lines[first:end])
        findings = _holds_findings(body) or any(line.kind == "shi" for line in body)
        alone = Part(None, "findings" if findings else "other", body)
        return Outline(tuple(lines[:first]), (alone,) if body else (), tuple(lines[end:]))
    end = max(end, starts[-1] + 1)
    parts = []
    for start, stop in zip(starts, [*starts[1:], end], strict=True):
        body = tuple(lines[start + 1 : stop])
        parts.append(Part(lines[start], part_role(lines[start].rest, body), body))
    return Outline(tuple(lines[: starts[0]]), tuple(parts), tuple(lines[end:]))


def _tail_start(lines: list[Line]) -> int:
    """Where the closing lines at the end begin (blank lines before them stay in the body)."""
    end = len(lines)
    while end > 0 and lines[end - 1].kind in TAIL | {"blank"}:
        end -= 1
    while end < len(lines) and lines[end].kind == "blank":
        end += 1
    return end


def _opens_body(line: Line) -> bool:
    """The first line of a notice without parts that is no longer its head."""
    return line.kind in _NODE_KINDS | {"shi", "label", "body"}


def part_role(heading: str, body: tuple[Line, ...]) -> str:
    """overview, findings, status_group, next_steps or other, from the heading and the body."""
    if "下一步" in heading:
        return "next_steps"
    if _STATUS_GROUP.match(heading):
        return "status_group"
    if _holds_findings(body) or re.search(r"问题(?!导向)|措施", heading):
        return "findings"
    if re.search("反馈意见|意见整改", heading) and _numbered_measures(body):
        return "findings"  # 巡察反馈意见整改落实情况, its measures one a paragraph
    if re.search(r"成效|成果", heading):
        return "other"
    return "overview"


def _numbered_measures(body: tuple[Line, ...]) -> bool:
    """Numbered lines with 一是 paragraphs under them."""
    kinds = {line.kind for line in body}
    return "shi" in kinds and bool(kinds & _NODE_KINDS)


def _holds_findings(body: tuple[Line, ...]) -> bool:
    """Whether these lines hold findings: nodes that carry measures run in after their title,
    labelled bodies (整改情况:) or status lines, numbered problem labels, ① measures."""
    for line in body:
        if line.kind in ("label", "body"):
            return True
        if line.kind == "circled":
            return True
        if line.kind in _NODE_KINDS and _RUN_IN_MEASURE.search(line.rest):
            return True
    return False
