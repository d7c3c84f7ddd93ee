"""A published notice's plain text read into a new plan file (with comments).

The genre's numbering is recognised: 一、 parts, (一) categories, 1. problems, (1) items and
一是 measures, with half- or full-width brackets and `.` or `．`. A number standing alone on
its line takes the next line as its text when that line is not numbered itself (the plan says
so in a comment); one with no text at all cannot be in a plan and is kept as a comment, with
what is under it. A line that cannot be placed is reported and kept in the plan as a comment,
its control characters and line breaks escaped; a notice cut off mid-way is imported as far as
it goes. Nothing is made up (but the findings part's default heading when it has none, marked
in the plan): rendering the plan gives back the input text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Issue, PlanInvalid
from ..model.numbering import cn, from_cn
from ..planfile.splice import scalar

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
    joined: int | None = None  # the line its text was on, when its number stood alone


@dataclass
class ParsedProblem:
    line: int
    title: str
    items: list[ParsedItem] = field(default_factory=list)
    joined: int | None = None


@dataclass
class ParsedGroup:
    line: int
    title: str
    problems: list[ParsedProblem] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    joined: int | None = None


@dataclass
class ParsedPart:
    line: int
    heading: str  # "" when the numeral stands alone and no line of text follows it
    lines: list[tuple[int, str]] = field(default_factory=list)
    joined: int | None = None


@dataclass
class Result:
    text: str  # the new plan file
    items: int
    measures: int
    unplaced: list[tuple[int, str]]  # as in the plan's comments: control characters escaped
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
    if any(p.endswith(("。", ";", "；")) or not p.strip() for p in pieces):
        return None  # the renderer could not give these back byte for byte
    return title, pieces, separator or "。", results


def parse(text: str, path: str = "notice.txt") -> Result:
    if not text.strip():
        raise PlanInvalid([Issue(path, 1, 1, "empty_file", {})], "notice")
    lines = _lines(text)
    title, parts, unplaced = _parts(lines)
    findings = next((i for i, part in enumerate(parts)
                     if any(CATEGORY.match(t) for _n, t in part.lines)), None)  # fmt: skip
    stopped: int | None = None
    intro = parts[findings - 1] if findings else None
    steps = parts[findings + 1] if findings is not None and findings + 1 < len(parts) else None
    groups: list[ParsedGroup] = []
    if findings is not None:
        # parts before the introduction or after the next steps: the plan has no place for them
        for part in parts[: max(findings - 1, 0)] + parts[findings + 2 :]:
            unplaced += _part_lines(part, lines)
        groups, stopped = _findings(
            parts[findings].lines, lines, unplaced, findings + 1 == len(parts)
        )
    steps_paragraphs, closing, editor = _next_steps(steps, unplaced)
    # a part without a heading cannot be in a valid plan (the findings' has a default): its
    # numeral and paragraphs are kept as comments; a closing and editor line stay in place
    if intro is not None and not intro.heading:
        unplaced += _part_lines(intro, lines)
    if steps is not None and not steps.heading:
        unplaced += [(steps.line, lines[steps.line - 1]), *steps_paragraphs]
        steps, steps_paragraphs = None, []
    numbered, paragraphs = _numbered([t for _n, t in steps_paragraphs])
    if findings is None:
        stopped = len(lines)
    items = [i for g in groups for p in g.problems for i in p.items] + [
        i for g in groups for i in g.items
    ]
    if not items:  # nothing to import: a plan without findings would not be valid
        raise PlanInvalid([Issue(path, stopped or len(lines), 1, "no_children",
                                 {"what": "findings", "child": "(一)"})], "notice")  # fmt: skip
    assert findings is not None
    full_width = any(CATEGORY.match(t) and t.startswith("（") for _n, t in parts[findings].lines)
    declared = DECLARED.search(" ".join(t for _n, t in intro.lines) if intro else "")
    count = len(items)
    unplaced = [(n, visible(t)) for n, t in sorted(unplaced)]
    text_out = _write(
        title=title, intro=intro if intro is not None and intro.heading else None,
        findings=parts[findings], groups=groups, steps=steps, steps_paragraphs=paragraphs,
        numbered=numbered, closing=closing, editor=editor,
        declared=int(declared.group(1)) if declared else None, count=count, unplaced=unplaced,
        full_width=full_width,
    )  # fmt: skip
    return Result(text_out, count, sum(len(i.measures) for i in items), unplaced, stopped)


def _lines(text: str) -> list[str]:
    """The notice's lines, but the blank ones at its end."""
    # a notice copied from a web page indents its paragraphs with full-width spaces (　　)
    lines = [line.lstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _parts(lines: list[str]) -> tuple[str, list[ParsedPart], list[tuple[int, str]]]:
    """The notice's title, its parts (一、 二、 …) with their lines, and the lines between the
    title and the first part (the plan has no place for them)."""
    title = ""
    parts: list[ParsedPart] = []
    unplaced: list[tuple[int, str]] = []
    taken = 0  # a line taken as the heading of the part numeral before it
    for number, line in enumerate(lines, 1):
        if number == taken:
            continue
        m = PART.match(line)
        if m and (not parts or _numeral(m.group(1)) == len(parts) + 1):
            part = ParsedPart(number, m.group(2) if m.group(2).strip() else "")
            if not part.heading and (after := _text_after(lines, number)):
                part.heading, part.joined = lines[after - 1], after
                taken = after
            parts.append(part)
        elif not parts and number == 1:
            title = line
        elif not line.strip():  # a blank line carries no text of the notice
            continue
        elif parts:
            parts[-1].lines.append((number, line))
        else:  # between the title and the first part: the plan has no place for it
            unplaced.append((number, line))
    return title, parts, unplaced


def _next_steps(
    steps: ParsedPart | None, unplaced: list[tuple[int, str]]
) -> tuple[list[tuple[int, str]], str, str]:
    """The next steps part's paragraphs, the closing line and the editor's name; what comes
    after either of those two goes to `unplaced`."""
    paragraphs: list[tuple[int, str]] = []
    closing, editor = "", ""
    for number, line in steps.lines if steps is not None else ():
        if (m := EDITOR.match(line)) and m.group(1).strip() and not editor:
            editor = m.group(1)
        elif any(h in line for h in CLOSING_HINTS) and not closing:
            closing = line
        elif closing or editor:
            unplaced.append((number, line))
        else:
            paragraphs.append((number, line))
    return paragraphs, closing, editor


def _numbered(paragraphs: list[str]) -> tuple[bool, list[str]]:
    """Whether the paragraphs are numbered 一是, 二是 …, each with text after it (a paragraph
    cannot be empty), and the paragraphs without those numbers when they are."""
    numbered = bool(paragraphs) and all(
        (m := ENUMERATED.match(p)) and m.group(1) == cn(i) and m.group(2).strip()
        for i, p in enumerate(paragraphs, 1)
    )
    if numbered:
        paragraphs = [ENUMERATED.match(p).group(2) for p in paragraphs]  # type: ignore[union-attr]
    return numbered, paragraphs


class _Left:
    """What the findings part leaves out of the plan: its lines kept as comments, and the line
    the notice looks cut off at."""

    def __init__(self, lines: list[str], unplaced: list[tuple[int, str]], last_line: int) -> None:
        self.lines = lines
        self.unplaced = unplaced
        self.last_line = last_line  # the part's last line when the notice ends with it, else 0
        self.stopped: int | None = None

    def keep(self, number: int, joined: int | None) -> None:
        """Keep line `number`, and the line `joined` to it, as comments."""
        self.unplaced.extend((n, self.lines[n - 1]) for n in (number, joined) if n)

    def cut(self, number: int, joined: int | None) -> None:
        """A bare number or a heading with nothing under it: where a notice was cut off when
        it is its last line."""
        if self.last_line and (joined or number) == self.last_line:
            self.stopped = joined or number

    def item(self, into: list[ParsedItem], number: int, body: str, joined: int | None) -> None:
        """An item line's item added `into` its problem's or category's items, or kept as a
        comment when it is not whole (cut off inside its title, or no title)."""
        item, ok = _item(number, body, joined)
        if _whole(item):
            into.append(item)
        else:  # nothing to import, kept as a comment
            self.keep(number, joined)
        self.stopped = self.stopped if ok else (joined or number)


def _findings(
    body: list[tuple[int, str]], lines: list[str], unplaced: list[tuple[int, str]], last: bool
) -> tuple[list[ParsedGroup], int | None]:
    """The findings part's categories, problems and items; what cannot be placed goes to
    `unplaced`. `last`: the notice ends with this part. Also the line it looks cut off at."""
    groups: list[ParsedGroup] = []
    left = _Left(lines, unplaced, body[-1][0] if last and body else 0)
    group: ParsedGroup | None = None  # None: no category yet, or one kept as a comment
    problem: ParsedProblem | None = None
    at = 0
    while at < len(body):
        number, line = body[at]
        at += 1
        if m := CATEGORY.match(line):
            title, joined, at = _title(m.group(2), body, at)
            problem = None
            group = ParsedGroup(number, title, joined=joined) if title else None
            if group is not None:
                groups.append(group)
            else:  # a category without a title: it and everything under it are comments
                left.keep(number, None)
                left.cut(number, None)
        elif group is None:
            unplaced.append((number, line))
        elif m := ITEM.match(line):
            if problem is None:
                unplaced.append((number, line))
                continue
            body_text, joined, at = _title(m.group(2), body, at)
            if not body_text:
                left.keep(number, None)
                left.cut(number, None)
                continue
            left.item(problem.items, number, body_text, joined)
        elif m := NUMBERED.match(line):
            body_text, joined, at = _title(m.group(2), body, at)
            problem = _numbered_line(left, group, problem, number, body_text, joined)
        else:
            unplaced.append((number, line))
    return _headed(groups, left), left.stopped


def _numbered_line(
    left: _Left, group: ParsedGroup, problem: ParsedProblem | None, number: int, body: str,
    joined: int | None,
) -> ParsedProblem | None:  # fmt: skip
    """A `1.` line under a category: an item straight under it, or a problem; the problem that
    the item lines after it go under."""
    # an item straight under its category has text after its title's 。; a problem title may
    # end with 。 and have nothing after it
    if body.partition("。")[2] and not group.problems:
        left.item(group.items, number, body, joined)
        return problem
    if group.items or not body:
        # a problem after items straight under the category (the plan cannot hold both), or
        # a number without a title: it and its items are kept as comments
        left.keep(number, joined)
        if not body:
            left.cut(number, None)
        return None
    problem = ParsedProblem(number, body, joined=joined)
    group.problems.append(problem)
    return problem


def _headed(groups: list[ParsedGroup], left: _Left) -> list[ParsedGroup]:
    """The groups and problems with something under them."""
    # a heading with nothing under it cannot be in a valid plan: keep it as a comment; as
    # the last line of a notice that ends there, it is where the notice was cut off
    for g in groups:
        for p in [p for p in g.problems if not p.items]:
            g.problems.remove(p)
            left.keep(p.line, p.joined)
            left.cut(p.line, p.joined)
        if not g.problems and not g.items:
            left.keep(g.line, g.joined)
            left.cut(g.line, g.joined)
    return [g for g in groups if g.problems or g.items]


def _title(text: str, body: list[tuple[int, str]], at: int) -> tuple[str, int | None, int]:
    """The text after a number; when there is none, the next line's if it is text of its own
    (not numbered): (text or "", that line's number or None, where to go on)."""
    if text.strip():
        return text, None, at
    if at < len(body) and _own_text(body[at][1]):
        return body[at][1], body[at][0], at + 1
    return "", None, at


def _text_after(lines: list[str], number: int) -> int | None:
    """The next non-blank line after line `number` (1-based) when it is text of its own."""
    for after in range(number + 1, len(lines) + 1):
        if lines[after - 1].strip():
            return after if _own_text(lines[after - 1]) else None
    return None


def _own_text(line: str) -> bool:
    """A line that can be the text of a number standing alone before it: not numbered itself
    (一、 (一) 1. (1) 一是), not the closing or the editor line."""
    numbered = (PART, CATEGORY, NUMBERED, ITEM, ENUMERATED, EDITOR)
    return not any(p.match(line) for p in numbered) and not any(h in line for h in CLOSING_HINTS)


def _part_lines(part: ParsedPart, lines: list[str]) -> list[tuple[int, str]]:
    heading = [(n, lines[n - 1]) for n in (part.line, part.joined) if n]
    return heading + part.lines


def _whole(item: ParsedItem) -> bool:
    """A title and every measure have text: what the plan requires of an item."""
    return bool(item.title.strip()) and all(m.strip() for m in item.measures)


def _numeral(text: str) -> int:
    """A part's Chinese numeral; 0 for one the genre never writes (一十一), so that line is
    not taken for a part."""
    try:
        return from_cn(text)
    except ValueError:
        return 0


def _item(number: int, body: str, joined: int | None = None) -> tuple[ParsedItem, bool]:
    """An item line; when its measures cannot be split faithfully, the whole body after the
    title is kept as one measure (it renders back the same). False when it looks cut off."""
    split = split_item(body)
    if split is not None:
        title, measures, separator, results = split
        return ParsedItem(number, title, measures, separator, results, joined), True
    title, _, rest = body.partition("。")
    complete = rest.endswith("。")
    return ParsedItem(number, title, [rest[:-1] if complete else rest], joined=joined), complete


def from_file(path: Path) -> Result:
    import errno
    import os

    from ..errors import PlanUnreadable
    from ..planfile.decoding import read

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


def import_notice(source: Path, output: Path | None, *, write: bool = True) -> Result:
    """A published notice made into a new plan file at `output` (-o), unless not `write`."""
    from ..errors import BadUsage
    from ..planfile.starter import create

    if output is None:
        raise BadUsage("import_needs_output")
    result = from_file(source)
    if write:
        create(output, result.text)
    return result


def _q(value: str) -> str:
    return scalar(value)


def _write(
    *, title: str, intro: ParsedPart | None, findings: ParsedPart, groups: list[ParsedGroup],
    steps: ParsedPart | None, steps_paragraphs: list[str], numbered: bool, closing: str,
    editor: str, declared: int | None, count: int, unplaced: list[tuple[int, str]],
    full_width: bool = False,
) -> str:  # fmt: skip
    out = _head(title, declared, count, full_width)
    if intro is not None:
        out += ["", "intro:", f"  heading: {_q(intro.heading)}{_joined(intro)}"]
        out += _paragraphs([t for _n, t in intro.lines])
    out += _findings_yaml(findings, groups)
    if steps is not None:
        out += ["", "next_steps:", f"  heading: {_q(steps.heading)}{_joined(steps)}",
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


def _head(title: str, declared: int | None, count: int, full_width: bool) -> list[str]:
    """The plan's lines before its parts: what the file is, its title and style."""
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
    return out


def _findings_yaml(findings: ParsedPart, groups: list[ParsedGroup]) -> list[str]:
    """The plan's findings: its heading, categories, problems and items."""
    if findings.heading:
        heading = f"{_q(findings.heading)}{_joined(findings)}"
    else:  # the schema's default; said, not slipped in
        heading = f"反馈问题整改落实情况  # 通报第 {findings.line} 行只有编号,这是默认标题,请核对"
    out = ["", "findings:", f"  heading: {heading}", "  categories:"]
    for group in groups:
        out.append(f"    - title: {_q(group.title)}{_joined(group)}")
        if group.items:
            out.append("      items:")
            out += _items(group.items, 8)
        else:
            out.append("      problems:")
            for problem in group.problems:
                out += [
                    f"        - title: {_q(problem.title)}{_joined(problem)}",
                    "          items:",
                ]
                out += _items(problem.items, 12)
    return out


def _joined(entry: ParsedPart | ParsedGroup | ParsedProblem | ParsedItem) -> str:
    """A comment after a heading or title whose number stood alone on its line."""
    if entry.joined is None:
        return ""
    return f"  # 通报第 {entry.line} 行只有编号,已与第 {entry.joined} 行合并,请核对"


# Characters a comment cannot hold raw: what YAML's reader refuses (C0 and C1 controls but the
# tab, DEL, surrogates, U+FFFE/U+FFFF) and every line break of YAML or of str.splitlines (LF,
# CR, VT, FF, FS, GS, RS, NEL, U+2028, U+2029); the set edit.scalar escapes in quoted values.
_INVISIBLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")


def visible(text: str) -> str:
    """`text` on one line that YAML accepts: such characters written as `\\uXXXX`."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _paragraphs(texts: list[str]) -> list[str]:
    """A part's paragraphs; `[]` when the notice gives none (an empty key would not validate)."""
    return ["  paragraphs:", *(f"    - {_q(t)}" for t in texts)] if texts else ["  paragraphs: []"]


def _items(items: list[ParsedItem], indent: int) -> list[str]:
    pad = " " * indent
    out = []
    for item in items:
        out.append(f"{pad}- title: {_q(item.title)}{_joined(item)}")
        if item.separator != "。":
            out.append(f"{pad}  separator: {_q(item.separator)}")
        out.append(f"{pad}  measures:")
        for text in item.measures:
            out += [f"{pad}    - text: {_q(text)}", f"{pad}      status: 正在整改"]
        if item.results:
            out.append(f"{pad}  results: {_q(item.results)}")
    return out
