"""A published notice's plain text read into a new plan file (with comments).

The genre's numbering is recognised: 一、 parts, (一) categories, 1. problems, (1) items and
一是 measures, with half- or full-width brackets and `.` or `．`. A line that cannot be placed
is reported and kept in the plan as a comment; a notice cut off mid-way is imported as far as
it goes. Rendering the plan gives back the input text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .edit import scalar
from .errors import Issue, PlanInvalid
from .numbering import cn, from_cn

_CN = "一二三四五六七八九十百零"
PART = re.compile(rf"^([{_CN}]+)、(.*)$")
CATEGORY = re.compile(rf"^[(（]([{_CN}]+)[)）](.*)$")
NUMBERED = re.compile(r"^(\d+)[.．](.*)$")
ITEM = re.compile(r"^[(（](\d+)[)）](.*)$")
ENUMERATED = re.compile(rf"^([{_CN}]+)是(.*)$")
EDITOR = re.compile(r"^责编[:：](.*)$")
DECLARED = re.compile(r"(\d+)条(?:意见|问题|反馈意见)")
RESULTS_START = re.compile(r"^\d{4}年\d{1,2}月")
CLOSING_HINTS = ("欢迎", "通信地址", "联系电话", "电子邮箱", "邮政编码")


@dataclass
class ParsedItem:
    line: int
    title: str
    measures: list[str]
    separator: str = "。"
    results: str = ""


@dataclass
class ParsedGroup:
    title: str
    problems: list[tuple[str, list[ParsedItem]]] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    line: int = 0
    problem_lines: list[int] = field(default_factory=list)


@dataclass
class Result:
    text: str  # the new plan file
    items: int
    measures: int
    unplaced: list[tuple[int, str]]
    stopped_at: int | None


def split_item(body: str) -> tuple[str, list[str], str, str] | None:
    """`title。一是…;二是…。results` → (title, measures, separator, results); None when the
    measures cannot be told apart faithfully."""
    if "。" not in body:
        return None
    title, rest = body.split("。", 1)
    if not rest.endswith("。"):
        return None
    if not rest.startswith("一是"):
        return title, [rest[:-1]], "。", ""
    pieces = []
    at = 2
    separator = ""
    n = 2
    while True:
        m = re.compile(rf"([。;；]){cn(n)}是").search(rest, at)
        if not m:
            break
        if separator and m.group(1) != separator:
            return None
        separator = m.group(1)
        pieces.append(rest[at : m.start()])
        at = m.end()
        n += 1
    last = rest[at:]
    results = ""
    for m in re.finditer("。", last):
        tail = last[m.end() :]
        if tail and RESULTS_START.match(tail):
            last, results = last[: m.start() + 1], tail
            break
    pieces.append(last[:-1])
    if len(pieces) == 1:
        return None  # a lone 一是, or 二是 after a separator not known: keep the text whole
    if any(p.endswith(("。", ";", "；")) or not p for p in pieces):
        return None  # the renderer could not give these back byte for byte
    return title, pieces, separator or "。", results


def parse(text: str, path: str = "notice.txt") -> Result:
    if not text.strip():
        raise PlanInvalid([Issue(path, 1, 1, "empty_file", {})], "notice")
    # a notice copied from a web page indents its paragraphs with full-width spaces (　　)
    lines = [line.lstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    title = ""
    parts: list[tuple[str, list[tuple[int, str]]]] = []
    for number, line in enumerate(lines, 1):
        m = PART.match(line)
        if m and (not parts or _numeral(m.group(1)) == len(parts) + 1):
            parts.append((m.group(2), []))
        elif not parts and number == 1:
            title = line
        elif parts and line.strip():  # a blank line carries no text of the notice
            parts[-1][1].append((number, line))
    findings = next((i for i, (_h, body) in enumerate(parts)
                     if any(CATEGORY.match(t) for _n, t in body)), None)  # fmt: skip
    unplaced: list[tuple[int, str]] = []
    stopped: int | None = None
    intro = parts[findings - 1] if findings else None
    steps = parts[findings + 1] if findings is not None and findings + 1 < len(parts) else None
    groups: list[ParsedGroup] = []
    closing, editor = "", ""
    if findings is not None:
        current_problem: list[ParsedItem] | None = None
        for number, line in parts[findings][1]:
            if m := CATEGORY.match(line):
                groups.append(ParsedGroup(m.group(2), line=number))
                current_problem = None
            elif not groups:
                unplaced.append((number, line))
            elif m := ITEM.match(line):
                if current_problem is None:
                    unplaced.append((number, line))
                    continue
                item, ok = _item(number, m.group(2))
                if item.measures != [""]:
                    current_problem.append(item)
                else:  # cut off inside its title: nothing to import, keep the line as a comment
                    unplaced.append((number, line))
                stopped = stopped if ok else number
            elif m := NUMBERED.match(line):
                # an item straight under its category has text after its title's 。; a problem
                # title may end with 。 and have nothing after it
                if m.group(2).partition("。")[2] and not groups[-1].problems:
                    item, ok = _item(number, m.group(2))
                    groups[-1].items.append(item)
                    stopped = stopped if ok else number
                elif groups[-1].items:
                    # a problem after items straight under the category: the plan cannot
                    # hold both, so it and its items are kept as comments, not dropped
                    unplaced.append((number, line))
                    current_problem = None
                else:
                    current_problem = []
                    groups[-1].problems.append((m.group(2), current_problem))
                    groups[-1].problem_lines.append(number)
            else:
                unplaced.append((number, line))
        # a heading with nothing under it cannot be in a valid plan: keep it as a comment; as
        # the last line of a notice that ends there, it is where the notice was cut off
        last_line = parts[findings][1][-1][0] if parts[findings][1] else 0
        cut_here = findings + 1 == len(parts)
        for group in groups:
            for problem, line_no in zip(list(group.problems), group.problem_lines, strict=True):
                if not problem[1]:
                    group.problems.remove(problem)
                    unplaced.append((line_no, lines[line_no - 1]))
                    if cut_here and line_no == last_line:
                        stopped = line_no
            if not group.problems and not group.items:
                unplaced.append((group.line, lines[group.line - 1]))
                if cut_here and group.line == last_line:
                    stopped = group.line
        groups = [g for g in groups if g.problems or g.items]
        unplaced.sort()
    steps_paragraphs: list[str] = []
    if steps is not None:
        for number, line in steps[1]:
            if m := EDITOR.match(line):
                editor = m.group(1)
            elif any(h in line for h in CLOSING_HINTS) and not closing:
                closing = line
            elif closing or editor:
                unplaced.append((number, line))
            else:
                steps_paragraphs.append(line)
    numbered = bool(steps_paragraphs) and all(
        (m := ENUMERATED.match(p)) and m.group(1) == cn(i)
        for i, p in enumerate(steps_paragraphs, 1)
    )
    if numbered:
        steps_paragraphs = [ENUMERATED.match(p).group(2) for p in steps_paragraphs]  # type: ignore[union-attr]
    if findings is None:
        stopped = len(lines)
    items = [i for g in groups for _t, p in g.problems for i in p] + [
        i for g in groups for i in g.items
    ]
    if not items:  # nothing to import: a plan without findings would not be valid
        raise PlanInvalid([Issue(path, stopped or len(lines), 1, "no_children",
                                 {"what": "findings", "child": "(一)"})], "notice")  # fmt: skip
    full_width = findings is not None and any(
        CATEGORY.match(t) and t.startswith("（") for _n, t in parts[findings][1]
    )
    intro_text = " ".join(t for _n, t in intro[1]) if intro else ""
    declared = DECLARED.search(intro_text)
    count = len(items)
    text_out = _write(
        title=title, intro=intro, findings=parts[findings][0] if findings is not None else "",
        groups=groups, steps=steps[0] if steps else None, steps_paragraphs=steps_paragraphs,
        numbered=numbered, closing=closing, editor=editor,
        declared=int(declared.group(1)) if declared else None, count=count, unplaced=unplaced,
        full_width=full_width,
    )  # fmt: skip
    return Result(text_out, count, sum(len(i.measures) for i in items), unplaced, stopped)


def _numeral(text: str) -> int:
    """A part's Chinese numeral; 0 for one the genre never writes (一十一), so that line is
    not taken for a part."""
    try:
        return from_cn(text)
    except ValueError:
        return 0


def _item(number: int, body: str) -> tuple[ParsedItem, bool]:
    """An item line; when its measures cannot be split faithfully, the whole body after the
    title is kept as one measure (it renders back the same). False when it looks cut off."""
    split = split_item(body)
    if split is not None:
        title, measures, separator, results = split
        return ParsedItem(number, title, measures, separator, results), True
    title, _, rest = body.partition("。")
    complete = rest.endswith("。")
    return ParsedItem(number, title, [rest[:-1] if complete else rest]), complete


def from_file(path: Path) -> Result:
    import errno
    import os

    from .errors import PlanUnreadable
    from .plan_io import read

    try:
        source = read(path)
    except PlanUnreadable as e:
        if e.key != "file_missing":
            raise
        # not "plan file not found, run rectify init": it is the notice that is missing
        raise PlanUnreadable(
            "file_unreadable", path=str(path), reason=os.strerror(errno.ENOENT)
        ) from None
    except PlanInvalid as e:  # not UTF-8: the notice is at fault, not a plan
        raise PlanInvalid(e.issues, "notice") from None
    return parse(source.text, str(path))


def _q(value: str) -> str:
    return scalar(value)


def _write(
    *, title: str, intro: tuple[str, list[tuple[int, str]]] | None, findings: str,
    groups: list[ParsedGroup], steps: str | None, steps_paragraphs: list[str], numbered: bool,
    closing: str, editor: str, declared: int | None, count: int, unplaced: list[tuple[int, str]],
    full_width: bool = False,
) -> str:  # fmt: skip
    out = [
        "# 巡察整改方案计划文件,由 rectify import 从已发布的通报生成。",
        "# 格式说明见 docs/plan-format.md。导入的措施状态均为“正在整改”,请按实际修改:",
        "# todo 未开始 / doing 正在整改 / done 已完成 / ongoing 长期坚持。",
        "",
        "schema: 1  # 文件格式版本,请勿修改",
        f"title: {_q(title or '巡察整改情况通报')}  # 通报标题",
    ]
    if declared is not None and declared == count:
        out.append(f"declared_items: {declared}  # 通报中写明的反馈意见条数")
    elif declared is not None:
        out.append(
            f"# declared_items: {declared}  # 通报写明 {declared} 条,导入到 {count} 条,请核对"
        )
    brackets = "full" if full_width else "half"
    out += ["style:", f"  punctuation: {brackets}  # 编号括号:half 半角 / full 全角",
            f"  show_title: {'true' if title else 'false'}  # 文本版是否印出标题行"]  # fmt: skip
    if intro is not None:
        out += ["", "intro:", f"  heading: {_q(intro[0])}"]
        out += _paragraphs([t for _n, t in intro[1]])
    out += [
        "",
        "findings:",
        f"  heading: {_q(findings or '反馈问题整改落实情况')}",
        "  categories:",
    ]
    for group in groups:
        out.append(f"    - title: {_q(group.title)}")
        if group.items:
            out.append("      items:")
            out += _items(group.items, 8)
        else:
            out.append("      problems:")
            for problem, items in group.problems:
                out += [f"        - title: {_q(problem)}", "          items:"]
                out += _items(items, 12)
    if steps is not None:
        out += ["", "next_steps:", f"  heading: {_q(steps)}",
                f"  numbered: {'true' if numbered else 'false'}"]  # fmt: skip
        out += _paragraphs(steps_paragraphs)
    if closing:
        out += ["", f"closing: {_q(closing)}  # 结束语"]
    if editor:
        out.append(f"editor: {_q(editor)}  # 责编")
    if unplaced:
        out += ["", "# 以下原文未能归类,保留在此,请手工放到合适位置:"]
        out += [f"# 第 {n} 行:{t}" for n, t in unplaced]
    return "\n".join(out) + "\n"


def _paragraphs(texts: list[str]) -> list[str]:
    """A part's paragraphs; `[]` when the notice gives none (an empty key would not validate)."""
    return ["  paragraphs:", *(f"    - {_q(t)}" for t in texts)] if texts else ["  paragraphs: []"]


def _items(items: list[ParsedItem], indent: int) -> list[str]:
    pad = " " * indent
    out = []
    for item in items:
        out.append(f"{pad}- title: {_q(item.title)}")
        if item.separator != "。":
            out.append(f"{pad}  separator: {_q(item.separator)}")
        out.append(f"{pad}  measures:")
        for text in item.measures:
            out += [f"{pad}    - text: {_q(text)}", f"{pad}      status: 正在整改"]
        if item.results:
            out.append(f"{pad}  results: {_q(item.results)}")
    return out
