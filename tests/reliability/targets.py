"""Fuzz targets, shared by tests/reliability/test_fuzz.py (short runs) and tools/fuzz.py (long).

Each target is a hypothesis strategy of inputs and a check that runs one input and returns a
label for the statistics; the check raises AssertionError (or lets an undocumented exception
out) when the tool misbehaves. The checks go through the command functions of `rectify_cli.cli`
(the code a command runs once its arguments are parsed), which turn every documented error
into an exit code, as the real command line does, without Typer's per-call start-up cost.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import re
import shutil
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import typer
import yaml
from hypothesis import strategies as st

from rectify_cli.cli import documents, editing, reading
from rectify_cli.errors import PlanInvalid, UnknownId
from rectify_cli.messages import t
from rectify_cli.model import changes
from rectify_cli.model.numbering import format_id, parse_id
from rectify_cli.model.plan import Group, Item, Measure, Note, Plan, Status
from rectify_cli.notice import assemble, importer
from rectify_cli.planfile import decoding, journal, loader, reader, recheck, splice
from rectify_cli.planfile.emit import dump
from rectify_cli.planfile.schema import ALL_KEYS, CHINESE_KEYS
from rectify_cli.planfile.splice import last_end, line_after, line_start

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "items.yaml"
LEDGER_PLAN = ROOT / "tests" / "plans" / "ledger.yaml"
STARTER = ROOT / "rectify_cli" / "planfile" / "starter.yaml"
BAD = ROOT / "tests" / "bad"
SEED_NOTICE = ROOT / "tests" / "notice" / "golden" / "seed.txt"  # the published notice
NOTICE_CORPUS = ROOT / "tests" / "notice" / "corpus"  # other offices' notices
TODAY = "2025-04-01"

Result = tuple[int, str, str]


def call(command: Callable[..., Any], **kwargs: Any) -> Result:
    """Run a command function of the CLI; (exit code, stdout, stderr). Anything but an exit
    (a traceback on the real command line) propagates."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            command(**kwargs)
            code = 0
        except typer.Exit as e:
            code = int(e.exit_code)
    text_out, text_err = out.getvalue(), err.getvalue()
    # the whole phrase: a value may well be the word "Traceback" (hypothesis tries it)
    assert "Traceback (most recent call last)" not in text_out + text_err
    return code, text_out, text_err


# -- seeds and mutations --------------------------------------------------------------------


def _seed_texts() -> list[str]:
    texts = [SHIPPED.read_text(encoding="utf-8"), LEDGER_PLAN.read_text(encoding="utf-8")]
    texts.append(STARTER.read_text(encoding="utf-8"))
    for path in sorted(BAD.glob("*.yaml")):
        try:
            texts.append(path.read_bytes().decode("utf-8-sig"))
        except UnicodeDecodeError:
            continue
    return texts


SEEDS = _seed_texts()
RAW_SEEDS = [p.read_bytes() for p in sorted(BAD.glob("*.yaml"))]

# What a clerk, an editor or a broken copy puts into a plan: YAML's indicators, slips of the
# IME, invisible characters, dates and statuses right and wrong, tags and anchors.
TOKENS = [
    ": ", ":", "- ", "-", "\t", "#", " # 注释", "&a ", "*a", "!!python/object/apply:os.system [id]",
    "!x ", "!!binary ", "[", "]", "{", "}", "'", '"', "\n", "\r\n", "\r", "  ", "    ", "：",
    "\u3000", "\ufeff", "\x00", "\x1a", "\x7f", "\x85", "\u2028", "---\n", "...\n", "? ", "|\n",
    ">-\n", "%YAML 1.1\n", "<<: *a\n", ",", "`", "@", "%", "\\", '\\"', "\\x", "null", "~",
    "yes", "on", "2026-02-30", "2026/6/30", "2026-06-30", "已完成", "完成", "done", "ongoing",
    "status: ", "text: ", "title: ", "measures:\n", "items: []\n", "problems:\n", "notes:\n",
    "- date: 2024-01-01\n  text: 进展\n", "0x1F", "1e9", "-1", "99999999999999999999", "😀",
    "𠀀", "\u202e", "<script>", "{{ 7*7 }}", "=1+1",
]  # fmt: skip
VALUES = [
    "", " ", "''", '""', "[]", "{}", "[a, b]", "{a: b}", "|", ">", "null", "~", "yes", "no",
    "是", "否", "on", "true", "1", "0", "-1", "二十八", "2026-06-30", "2026-6-30", "2026/06/30",
    "2026年6月30日", "2026-02-30", "0000-00-00", "9999-12-31", "46203", "todo", "doing", "done",
    "ongoing", "未开始", "正在整改", "已完成", "长期坚持", "完成", "finished", "。", ";", "；",
    '"完\\n成"', '"a\\u2028b"', '"\\x85"', "'第一行\n\n  第二行'", "|\n  多行\n  文字",
    ",", "half", "full", "&a x", "*a", "!!str x", "!!python/name:os.system", "- x", "x: y",
    "'a'b'", '"\\q"', "#", "a #b", "文字" * 300, "\t", "\u3000", "\u2028", "=HYPERLINK(1)",
]  # fmt: skip
KEYS = [
    *sorted(ALL_KEYS),
    *sorted(CHINESE_KEYS),
    "Status",
    "stauts",
    "x",
    "<<",
    "? x",
    "",
    '"x\\ny"',
]
ENCODINGS = ["utf-8"] * 12 + ["utf-8-sig", "utf-16", "utf-16-be", "gbk", "crlf", "cr"]
KINDS = 10


def _lines(text: str) -> list[str]:
    return text.split("\n")


def mutate(text: str, edits: list[tuple[int, int, int]]) -> str:
    """Apply edits to `text`: (kind, a, b) with a and b any numbers, read modulo what fits."""
    for kind, a, b in edits:
        lines = _lines(text)
        line = a % len(lines)
        pos = a % (len(text) + 1)
        k = kind % KINDS
        if k == 0:  # insert a token
            text = text[:pos] + TOKENS[b % len(TOKENS)] + text[pos:]
        elif k == 1:  # delete a few characters
            text = text[:pos] + text[pos + 1 + b % 16 :]
        elif k == 2:  # duplicate a line
            lines.insert(line, lines[line])
            text = "\n".join(lines)
        elif k == 3:  # delete a line
            del lines[line]
            text = "\n".join(lines)
        elif k == 4:  # swap two lines
            other = b % len(lines)
            lines[line], lines[other] = lines[other], lines[line]
            text = "\n".join(lines)
        elif k == 5:  # indent a line more or less
            shift = b % 7 - 3
            stripped = lines[line].lstrip(" ")
            indent = max(0, len(lines[line]) - len(stripped) + shift)
            lines[line] = " " * indent + stripped
            text = "\n".join(lines)
        elif k == 6:  # cut the file short
            text = text[:pos]
        elif k == 7:  # a line from another plan
            donor = _lines(SEEDS[b % len(SEEDS)])
            lines.insert(line, donor[a % len(donor)])
            text = "\n".join(lines)
        elif k == 8:  # another value after a key
            head, colon, _ = lines[line].partition(": ")
            if colon:
                lines[line] = head + ": " + VALUES[b % len(VALUES)]
                text = "\n".join(lines)
        else:  # a new key line, indented like its neighbour
            indent = len(lines[line]) - len(lines[line].lstrip(" "))
            new = " " * indent + KEYS[b % len(KEYS)] + ": " + VALUES[(a + b) % len(VALUES)]
            lines.insert(line, new)
            text = "\n".join(lines)
    return text


def encode(text: str, encoding: str) -> bytes:
    if encoding == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8")
    if encoding == "cr":
        return text.replace("\n", "\r").encode("utf-8")
    if encoding == "utf-8":
        return text.encode("utf-8", errors="surrogatepass")
    return text.encode(encoding, errors="replace")


def flip(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for at, value in flips:
        if out:
            out[at % len(out)] = value % 256
    return bytes(out)


edits = st.lists(st.tuples(st.integers(0, 2**16), st.integers(0, 2**20), st.integers(0, 2**16)),
                 max_size=8)  # fmt: skip
GOOD = 3  # the first seeds are valid plans: most mutations start from one of them
few_edits = st.lists(
    st.tuples(st.integers(0, 2**16), st.integers(0, 2**20), st.integers(0, 2**16)), max_size=3
)
byte_flips = st.one_of(
    st.just([]), st.just([]), st.just([]),
    st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)), min_size=1, max_size=2),
)  # fmt: skip
mutated_plans = st.builds(
    lambda seed, es, enc, fl: flip(encode(mutate(SEEDS[seed], es), enc), fl),
    st.one_of(st.integers(0, GOOD - 1), st.integers(0, len(SEEDS) - 1)),
    st.one_of(few_edits, edits),
    st.sampled_from(ENCODINGS),
    byte_flips,
)
YAMLISH = list(":-#&*!|>'\"%@`[]{},? \n\t\r") + list("ab1") + ["测", "：", "\u3000", "\ufeff"]
yamlish_text = st.text(alphabet=st.sampled_from(YAMLISH), max_size=200).map(
    lambda s: s.encode("utf-8")
)
# Plan-shaped trees of the schema's own keys, dumped by PyYAML in block or flow style.
scalars = st.one_of(st.sampled_from(VALUES), st.text(max_size=12), st.integers(), st.booleans())
trees = st.recursive(
    scalars,
    lambda kids: st.one_of(
        st.lists(kids, max_size=4), st.dictionaries(st.sampled_from(KEYS), kids, max_size=5)
    ),
    max_leaves=25,
)
dumped_trees = st.builds(
    lambda tree, flow: yaml.safe_dump(
        {"title": "测试", "findings": tree}, allow_unicode=True, default_flow_style=flow
    ).encode("utf-8"),
    trees,
    st.booleans(),
)
BASE_TREES = [yaml.load(text, Loader=yaml.BaseLoader) for text in SEEDS[:GOOD]]


def mutate_tree(index: int, changes: list[tuple[int, int, int]]) -> bytes:
    """A valid plan changed as data (values, keys, entries), written back by PyYAML: the YAML
    stays well formed, so these reach the schema's checks rather than the parser's."""
    tree = copy.deepcopy(BASE_TREES[index])
    for kind, a, b in changes:
        places: list[tuple[Any, Any]] = []
        stack = [tree]
        while stack:
            node = stack.pop()
            keys = list(node) if isinstance(node, dict) else range(len(node))
            for key in keys:
                places.append((node, key))
                if isinstance(node[key], dict | list):
                    stack.append(node[key])
        if not places:
            break
        node, key = places[a % len(places)]
        k = kind % 5
        if k == 0:
            node[key] = VALUES[b % len(VALUES)]
        elif k == 1:
            del node[key]
        elif k == 2:
            node[key] = [[], {}, [node[key]], {"text": node[key]}][b % 4]
        elif k == 3 and isinstance(node, dict):
            node[KEYS[b % len(KEYS)]] = VALUES[a % len(VALUES)]
        elif k == 4 and isinstance(node, list):
            node.insert(b % (len(node) + 1), copy.deepcopy(node[key]))
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode("utf-8")


tree_mutants = st.builds(
    mutate_tree,
    st.integers(0, GOOD - 1),
    st.lists(st.tuples(*[st.integers(0, 2**16)] * 3), min_size=1, max_size=4),
)
loader_inputs = st.one_of(
    mutated_plans,
    mutated_plans,
    tree_mutants,
    tree_mutants,
    dumped_trees,
    yamlish_text,
    st.sampled_from(RAW_SEEDS),
    st.binary(max_size=300),
)


# -- (a) loading and validation -------------------------------------------------------------

ISSUE_LINE = re.compile(r"(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (错误|警告|error|warning): ")
COUNT_LINE = re.compile(r"(计划文件有 \d+ 处错误。|the plan has \d+ error\(s\))")


def line_limit(raw: bytes) -> int:
    """How many lines the file has, however they are counted (\\n, \\r, YAML's breaks)."""
    counts = [raw.count(b"\n"), raw.count(b"\r")]
    with contextlib.suppress(UnicodeDecodeError):
        counts.append(len(re.split(decoding.LINE_BREAK, raw.decode("utf-8"))) - 1)
    return max(counts) + 1


def check_loader(scratch: Path, raw: bytes, lang: str) -> str:
    """Only a valid plan (exit 0) or the list of its problems (exit 4), one line each, each at
    a place inside the file."""
    path = scratch / "plan.yaml"
    path.write_bytes(raw)
    try:
        reader.load(path)
        label = "valid"
    except PlanInvalid as e:
        label = "invalid:" + min(e.issues, key=lambda i: (i.line, i.col)).key
    code, out, err = call(reading.validate, plan=str(path), lang=lang)
    assert code == (0 if label == "valid" else 4), (label, code, out, err)
    limit = line_limit(raw)
    issues = err.splitlines()
    if code == 4:
        assert out == ""
        assert COUNT_LINE.fullmatch(issues.pop()), err
        assert issues, err
    for line in issues:
        m = ISSUE_LINE.match(line)
        assert m and m["path"] == str(path), f"not one issue per line: {err!r}"
        assert 1 <= int(m["line"]) <= limit and int(m["col"]) >= 1, (line, limit)
    return label


# -- (b) IDs ---------------------------------------------------------------------------------

_SHIPPED_PLAN: list[Plan] = []


def shipped_plan() -> Plan:
    if not _SHIPPED_PLAN:
        _SHIPPED_PLAN.append(reader.load(SHIPPED)[0])
    return _SHIPPED_PLAN[0]


ID_CHARS = "0123456789.。．，、 ()（）一二三四五六七八九十百零０１２３４５６７８９\u3000-+e_٣𝟐"
paths = st.lists(st.integers(1, 120), min_size=1, max_size=5).map(tuple)


def _printed(path: tuple[int, ...], full: bool) -> str:
    from rectify_cli.model.numbering import cn

    o, c = ("（", "）") if full else ("(", ")")
    out = f"{o}{cn(path[0])}{c}" if path[0] < 1000 else str(path[0])
    rest = list(path[1:])
    if rest:
        out += f"{rest.pop(0)}."
    if rest:
        out += f"{o}{rest.pop(0)}{c}"
    return out + "".join(str(n) for n in rest)


ids = st.one_of(
    st.text(max_size=24),
    st.text(alphabet=st.sampled_from(ID_CHARS), max_size=16),
    paths.map(format_id),
    paths.map(
        lambda p: format_id(p).translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    ),
    st.builds(_printed, paths.filter(lambda p: len(p) <= 4), st.booleans()),
)


def check_id(text: str) -> str:
    """parse_id reads an ID or raises ValueError; what it reads is a path of positive numbers
    that reads back the same; the commands find it or say it is unknown (exit 5)."""
    try:
        path = parse_id(text)
    except ValueError:
        label = "refused"
    else:
        assert path and all(isinstance(n, int) and n >= 1 for n in path), path
        assert parse_id(format_id(path)) == path
        label = "read"
    try:
        node = shipped_plan().by_id(text)
    except UnknownId as e:
        assert label == "refused" or e.key == "unknown_id"
        for lang in ("zh", "en"):
            message = t(e.key, lang, **e.args_)
            assert "\n" not in message.strip("\n") or "\n" in text
        return label + (", unknown" if e.key == "unknown_id" else "")
    assert label == "read"
    assert node.path == parse_id(text)
    return "found"


# -- (c) notice import -----------------------------------------------------------------------

NOTICE = SEED_NOTICE.read_text(encoding="utf-8")
NOTICE_TOKENS = [
    "一、", "二、", "三、", "四、", "十一、", "(一)", "（二）", "(十)", "1.", "２．", "12.", "(1)",
    "（3）", "一是", "二是", "三是", "十一是", "。", ";", "；", "，", "责编:", "责编：", "欢迎",
    "联系电话", "2024年3月,", "28条意见", "\u3000\u3000", "\t", "\r", "\n", "\n\n", ":", "#",
    "- ", "'", '"', "&", "*", "!", "{{", "%", "\\", "\x00", "\x85", "\u2028", "\ufeff", "😀",
    # what other offices' notices print (their labels, status words and marks)
    "①", "②", "反馈问题一：", "问题2:", "整改措施：", "整改情况:", "整改结果：", "已整改完成。",
    "（已完成）", "(正在整改)", "长期坚持", "二、已完成整改的问题", "三、需长期坚持整改的问题",
]  # fmt: skip
# (the first 17 are markers: mutate_notice starts a line with one of them)


def mutate_notice(text: str, edits: list[tuple[int, int, int]]) -> str:
    for kind, a, b in edits:
        lines = text.split("\n")
        line = a % len(lines)
        pos = a % (len(text) + 1)
        k = kind % 6
        if k == 0:
            text = text[:pos] + NOTICE_TOKENS[b % len(NOTICE_TOKENS)] + text[pos:]
        elif k == 1:
            text = text[:pos] + text[pos + 1 + b % 40 :]
        elif k == 2:
            lines.insert(line, lines[b % len(lines)])
            text = "\n".join(lines)
        elif k == 3:
            del lines[line]
            text = "\n".join(lines)
        elif k == 4:
            text = text[:pos]
        else:  # a line starts with another numbering
            lines[line] = NOTICE_TOKENS[b % 17] + lines[line]
            text = "\n".join(lines)
    return text


NOTICE_LINES = NOTICE.split("\n")
# a part of the notice (quicker to import than all of it): its first four lines, 一、 to the
# first category, then the lines from one to another
excerpts = st.builds(
    lambda a, b: "\n".join(NOTICE_LINES[:4] + NOTICE_LINES[min(a, b) : max(a, b) + 1]),
    st.integers(0, len(NOTICE_LINES) - 1),
    st.integers(0, len(NOTICE_LINES) - 1),
)
# other offices' notices (tests/notice/corpus: labels, status groups, circled measures, no
# parts, ...), each whole or its first three lines and a run of the others
CORPUS = [p.read_text(encoding="utf-8") for p in sorted(NOTICE_CORPUS.glob("*.txt"))]


def corpus_excerpt(which: int, a: int, b: int) -> str:
    lines = CORPUS[which % len(CORPUS)].split("\n")
    a, b = a % len(lines), b % len(lines)
    return "\n".join(lines[:3] + lines[min(a, b) : max(a, b) + 1])


corpus_excerpts = st.builds(corpus_excerpt, *[st.integers(0, 2**16)] * 3)
notices = st.one_of(
    st.builds(mutate_notice, st.just(NOTICE), edits),
    st.builds(mutate_notice, excerpts, edits),
    st.builds(mutate_notice, excerpts, edits).map(lambda s: s.replace("\n", "\r\n")),
    st.builds(mutate_notice, st.sampled_from(CORPUS), edits),
    st.builds(mutate_notice, corpus_excerpts, edits),
    st.lists(st.sampled_from([*NOTICE_TOKENS, *"测试方面"]), max_size=60).map("".join),
)


class InvalidImport(AssertionError):
    """The plan a notice import writes does not read back."""

    def __init__(self, issues: list[Any], text: str) -> None:
        lines = text.split("\n")
        found = [f"{i.line}:{i.col} {i.key} {i.args} | {lines[min(i.line, len(lines)) - 1][:80]!r}"
                 for i in issues]  # fmt: skip
        super().__init__(f"the imported plan does not read back: {found}")
        self.issues = issues


def import_notice(text: str) -> str:
    """What `rectify import NOTICE.txt` does with a notice's text, checked: `read_notice` does
    not raise; the YAML `dump` writes of its plan reads back (`reader.parse`) with no error to
    the same plan, whose paragraphs join into the text exactly, with as many items and measures."""
    found = importer.read_notice(text)
    yaml_text = dump(found.plan)
    source = decoding.Source(Path("imported.yaml"), yaml_text, yaml_text.encode("utf-8"), 0)
    try:
        plan, _ = reader.parse(source)
    except PlanInvalid as e:
        raise InvalidImport([i for i in e.issues if not i.warning], yaml_text) from None
    assert plan == found.plan, "the plan read back differs from the plan written"
    assert plan.document is not None
    assert assemble.join(assemble.paragraphs(plan), plan.document) == text, "not the text back"
    assert sum(1 for _ in plan.items()) == sum(1 for _ in found.plan.items()), "items differ"
    assert sum(1 for _ in plan.measures()) == sum(1 for _ in found.plan.measures()), "measures"
    said = {key for n, key in found.warnings if not n}
    if "kept_as_text" in said:
        label = "imported-plain"  # the structure did not give the text back: plain paragraphs
    elif not found.plan.categories:
        label = "no-findings"
    elif "status_words_unbound" in said:
        label = "imported, status words as text"
    else:
        label = "imported"
    return label + (", truncated" if found.truncated else "")


def check_notice(scratch: Path, text: str) -> str:
    """Any text is read into a plan (`read_notice` never raises) whose YAML reads back, with no
    error, to the same plan, and whose report is the text again, byte for byte. N10, found by
    this target, is fixed: a regression is a failure like any other."""
    return import_notice(text)


# -- (d) ledger import -----------------------------------------------------------------------

HEADER_WORDS = ["序号", "方面", "问题", "反馈意见", "整改措施", "责任领导", "责任部门", "整改时限",
                "完成情况", "完成时间", "进展与佐证", "状态", "序 号", "编号", ""]  # fmt: skip
CELLS: list[Any] = [
    None, "", " ", "已完成", "正在整改", "未开始", "长期坚持", "done", "完成", "x", "2025-03-01",
    "2025-3-1", "2025/03/01", "2026-02-30", "2099-01-01", "2025-03-01 召开会议",
    "2025-03-01 召开会议(佐证:纪要.pdf)\n2025-03-02 又一次", "2025-03-01 进展（佐证：材料）",
    "不是进展", "1.1.1.1", "1.1.1.2", "9.9.9.9", "１．１．１．１", "=1+1", "'=1+1", "@SUM(A1)",
    "文字" * 2000, 0, -1, 3.5, 45000, 1e308, True, date(2025, 3, 1), date(2099, 1, 1),
]  # fmt: skip
CELL_KINDS = 12  # 0-2: a data cell; 3-7: anything else; 8-11: a data cell


@dataclass
class Workbook:
    """The exported ledger of LEDGER_PLAN, as a grid of cells and the zip it came from."""

    parts: dict[str, bytes]
    grid: list[list[Any]]
    date_style: int


def _exported() -> Workbook:
    from openpyxl import load_workbook

    from rectify_cli.ledger import xlsx_writer

    plan, _ = reader.load(LEDGER_PLAN)
    data = xlsx_writer.render(plan, date.fromisoformat(TODAY), lambda rows: rows)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = load_workbook(io.BytesIO(data))[xlsx_writer.LEDGER_SHEET]
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    # a cell style with a built-in date format, for cells that hold real dates
    styles = parts["xl/styles.xml"].decode("utf-8")
    m = re.search(r'<cellXfs count="(\d+)">', styles)
    assert m
    count = int(m.group(1))
    styles = styles.replace(m.group(0), f'<cellXfs count="{count + 1}">', 1).replace(
        "</cellXfs>", '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
        "</cellXfs>", 1)  # fmt: skip
    parts["xl/styles.xml"] = styles.encode("utf-8")
    return Workbook(parts, grid, count)


_WORKBOOK: list[Workbook] = []


def exported() -> Workbook:
    if not _WORKBOOK:
        _WORKBOOK.append(_exported())
    return _WORKBOOK[0]


def _column(n: int) -> str:
    name = ""
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


def _cell(ref: str, value: Any, date_style: int) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, date):
        serial = (value - date(1899, 12, 30)).days
        return f'<c r="{ref}" s="{date_style}"><v>{serial}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if value.startswith("=") and len(value) > 1:  # a real formula; data_only reads its value
        return f'<c r="{ref}"><f>{escape(value[1:])}</f><v>2</v></c>'
    text = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 0x20)  # XML 1.0
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def workbook_bytes(grid: list[list[Any]], merged: list[str], sheet_name: str) -> bytes:
    book = exported()
    rows = []
    for r, row in enumerate(grid, 1):
        cells = "".join(_cell(f"{_column(c)}{r}", v, book.date_style) for c, v in enumerate(row, 1))
        rows.append(f'<row r="{r}">{cells}</row>')
    merges = "".join(f'<mergeCell ref="{m}"/>' for m in merged)
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(rows)}</sheetData>"
        + (f'<mergeCells count="{len(merged)}">{merges}</mergeCells>' if merged else "")
        + "</worksheet>"
    )
    parts = dict(book.parts)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    if sheet_name != "整改台账":
        workbook = parts["xl/workbook.xml"].decode("utf-8")
        parts["xl/workbook.xml"] = workbook.replace(
            'name="整改台账"', f'name="{escape(sheet_name, {chr(34): "&quot;"})}"'
        ).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:  # stored: quicker to write
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


# What departments type into each column, right and wrong.
BY_COLUMN: dict[int, list[Any]] = {
    0: [
        "1.1.1.1",
        "1.1.1.2",
        "1.1.2.1",
        "2.1.1",
        "9.9.9.9",
        "１．１．１．１",
        " 1.1.1.1 ",
        "",
        None,
    ],
    4: ["制定年度理论学习计划", "改过的措施", "", None],
    5: ["张局长", "李四", "=1+1", "'=1+1", "@SUM(A1)", " ", None],
    6: ["办公室", "人事科", "+cmd|' /C calc'!A0", "", None],
    7: ["2025-06-30", "2025-6-30", "2025/06/30", date(2025, 6, 30), 45838, "明年", "", None],
    8: ["已完成", "正在整改", "未开始", "长期坚持", "done", "完成", "", None],
    9: ["2025-03-01", date(2025, 3, 1), "2099-01-01", "2025-02-30", 45717, "", None],
    10: [
        "2025-03-01 召开会议",
        "2025-03-01 召开会议(佐证:纪要.pdf)\n2025-03-02 又一次",
        "2025-03-01 进展（佐证：材料）",
        "不是进展",
        "",
        None,
    ],
}


def mutate_grid(edits: list[tuple[int, int, int, int]]) -> tuple[list[list[Any]], list[str], str]:
    grid = [list(row) for row in exported().grid]
    merged: list[str] = []
    sheet = "整改台账"
    for kind, a, b, c in edits:
        k = kind % CELL_KINDS
        r, col = a % (len(grid) + 1), b % 12
        if k in (0, 1, 2, 8, 9, 10, 11):  # a data cell, as a department fills it in
            r = 1 + a % len(grid)
            col = sorted(BY_COLUMN)[b % len(BY_COLUMN)]
            while r >= len(grid):
                grid.append([None] * 11)
            grid[r] += [None] * (col + 1 - len(grid[r]))
            grid[r][col] = BY_COLUMN[col][c % len(BY_COLUMN[col])]
        elif k == 3:  # any cell, anything
            while r >= len(grid):
                grid.append([None] * 11)
            row = grid[r]
            while col >= len(row):
                row.append(None)
            row[col] = HEADER_WORDS[c % len(HEADER_WORDS)] if r == 0 else CELLS[c % len(CELLS)]
        elif k == 4 and len(grid) > 1:  # a row removed or repeated
            if c % 2:
                del grid[max(1, r % len(grid))]
            else:
                grid.insert(r, list(grid[max(1, r % len(grid))]))
        elif k == 5:  # a column removed or two swapped; an empty row
            other = c % 12
            for row in grid:
                row += [None] * (12 - len(row))
                if c % 3 == 0:
                    del row[col]
                elif c % 3 == 1:
                    row[col], row[other] = row[other], row[col]
            if c % 3 == 2:
                grid.insert(r, [None] * (c % 12))
        elif k == 6:
            merged.append(f"{_column(col + 1)}{r + 1}:{_column(col + 1 + c % 3)}{r + 1 + c % 2}")
        else:
            sheet = ["整改台账", "Sheet1", "台账", "整改台账 ", "汇总"][c % 5]
    return grid, merged, sheet


ledgers = st.lists(st.tuples(*[st.integers(0, 2**16)] * 4), min_size=1, max_size=4).map(
    lambda es: workbook_bytes(*mutate_grid(es))
)


def check_ledger(scratch: Path, data: bytes) -> str:
    """`rectify import LEDGER.xlsx --yes`: only documented exits (0, 3, 4, 6); what it writes
    validates without a warning, and undoes byte for byte."""
    folder = scratch / "ledger"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    plan = folder / "items.yaml"
    plan.write_bytes(LEDGER_PLAN.read_bytes())
    before = plan.read_bytes()
    source = folder / "returned.xlsx"
    source.write_bytes(data)
    args = {"source": source, "output": None, "yes": True, "dry_run": False, "today": TODAY,
            "by": "核对员", "plan": str(plan), "lang": None}  # fmt: skip
    code, out, err = call(documents.import_, **args)
    # 3: a damaged zip can make the reader fail as a file does (EINVAL on a seek)
    assert code in (0, 3, 4, 6), (code, out, err)
    assert "未通过核对" not in err, f"the edit did not verify: {err}"
    label = {0: "applied", 3: "unreadable", 4: "invalid ledger", 6: "refused"}[code]
    if code == 6:
        label += ": " + err.splitlines()[-1][:30]
    _, warnings = reader.load(plan, date.fromisoformat(TODAY))  # still valid
    assert not warnings, f"the import left a plan that validate warns about: {warnings}"
    if code != 0:
        assert plan.read_bytes() == before
        return label
    entries = journal.read(plan)
    if plan.read_bytes() == before:
        assert entries == []
        return "nothing to change"
    assert entries[-1].after == journal.digest(plan.read_bytes())
    code, out, err = call(editing.undo, plan=str(plan), lang=None)
    assert code == 0, err
    assert plan.read_bytes() == before
    return label


def container_damage(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """A workbook damaged as a file: a part cut short or emptied, bytes flipped, the file cut."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    names = sorted(parts)
    flips, cut = [], False
    for kind, a, b in edits:
        name = names[a % len(names)]
        if kind % 4 == 0:
            parts[name] = parts[name][: b % (len(parts[name]) + 1)]
        elif kind % 4 == 1:
            parts[name] = b""
        elif kind % 4 == 2:
            flips.append((a, b))
        else:
            cut = True
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    raw = flip(out.getvalue(), flips)
    return raw[: len(raw) // 2] if cut else raw


damaged_ledgers = st.builds(
    container_damage,
    st.just(b"").map(lambda _: workbook_bytes(exported().grid, [], "整改台账")),
    st.lists(st.tuples(*[st.integers(0, 2**16)] * 3), min_size=1, max_size=3),
)


def check_damaged_ledger(scratch: Path, data: bytes) -> str:
    """As check_ledger; a workbook damaged as a file must be refused with a message (exit 4),
    never a traceback."""
    try:
        return check_ledger(scratch, data)
    except Exception as e:
        frames = [f.name for f in traceback.extract_tb(e.__traceback__)]
        if "read" in frames and not isinstance(e, AssertionError):  # ledger_import.read
            return f"known bug L1 a damaged workbook crashes the import ({type(e).__name__})"
        raise


# -- (e) the edit path -----------------------------------------------------------------------

EDIT_TEXTS = [
    "王五", "张 三", "a: b", "2024-01-01", "123", "yes", "null", "#号", "x # y", "'引号'",
    '"双引号"', "- 列表", "[括号]", "{花括号}", "It's", "冒号：全角", "第一行\n第二行", "tab\t后",
    "* 星号", "&锚", "!标签", "%百分", "@at", "`反引号`", "|竖线", ">大于", "?问号", "=1+1",
    "<script>alert(1)</script>", "{{ 7*7 }}", "😀", "𠀀", "\u202e反向", "2024-02-30", "1e999",
    "0x1F", "!!python/name:os.system", "a\x85b", "a\u2028b", "a\x7fb",
]  # fmt: skip
edit_values = st.one_of(
    st.sampled_from(EDIT_TEXTS),
    # what a command line can carry: any text without NUL, with something in it
    st.text(min_size=1, max_size=16).filter(lambda s: "\x00" not in s and s.strip() != ""),
)
EDIT_PLANS = {"shipped": SHIPPED.read_bytes(), "ledger": LEDGER_PLAN.read_bytes(),
              "starter": STARTER.read_bytes()}  # fmt: skip
EDIT_PLANS["shipped, BOM and CRLF"] = b"\xef\xbb\xbf" + EDIT_PLANS["shipped"].replace(
    b"\n", b"\r\n"
)


@dataclass(frozen=True)
class EditOp:
    command: str  # done, reopen, set-status, owner, dept, due, note
    target: int  # an index into the plan's IDs (and a few that do not exist)
    value: str

    def args(self, ident: str, plan: Path) -> tuple[Callable[..., Any], dict[str, Any]]:
        common = {"plan": str(plan), "lang": None, "by": "王芳"}
        on = "2024-05-01"
        if self.command == "done":
            return editing.done, {**common, "ids": [ident], "on": on, "note": None,
                                  "evidence": None}  # fmt: skip
        if self.command == "reopen":
            return editing.reopen, {**common, "ids": [ident]}
        if self.command == "note":
            return editing.note, {**common, "ident": ident, "text": self.value, "on": on,
                                  "evidence": self.value[:4]}  # fmt: skip
        fields = dict.fromkeys(("status", "due", "owner", "dept"))
        if self.command == "set-status":
            fields["status"] = self.value
        elif self.command == "due":
            fields["due"] = self.value
        else:
            fields[self.command] = self.value
        return editing.set_, {**common, **fields, "ids": [ident], "on": on}


STATUS_WORDS = [
    "todo",
    "doing",
    "done",
    "ongoing",
    "未开始",
    "正在整改",
    "已完成",
    "长期坚持",
    "完成",
]
edit_ops = st.one_of(
    st.builds(EditOp, st.sampled_from(["done", "reopen"]), st.integers(0, 999), st.just("")),
    st.builds(EditOp, st.just("set-status"), st.integers(0, 999), st.sampled_from(STATUS_WORDS)),
    st.builds(EditOp, st.sampled_from(["owner", "dept", "note"]), st.integers(0, 999), edit_values),
    st.builds(
        EditOp,
        st.just("due"),
        st.integers(0, 999),
        st.sampled_from(["2024-06-30", "2025-01-01", "2024-02-30", "2024/6/30"]),
    ),
)
# the small plans more often: an edit of the shipped plan costs four times as much
edits_on_plans = st.tuples(
    st.sampled_from(["ledger", "ledger", "starter", "starter", *sorted(EDIT_PLANS)]),
    st.lists(edit_ops, min_size=1, max_size=2),
)


def entry_spans(text: str) -> dict[tuple[int, ...], tuple[int, int]]:
    """Where each item and measure is written: from the start of its first line to the end of
    the line of its last value."""
    root = loader.compose(text, "plan")
    spans: dict[tuple[int, ...], tuple[int, int]] = {}

    def walk(node: Any, path: tuple[int, ...], level: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            return
        for n, child in enumerate(node.value, 1):
            if not isinstance(child, yaml.MappingNode):
                continue
            here = (*path, n)
            keys = {k.value: v for k, v in child.value}
            if level in ("item", "measure"):
                end = line_after(text, last_end(child))
                spans[here] = (line_start(text, child.start_mark.index), end)
            for key, kind in (("problems", "problem"), ("items", "item"), ("measures", "measure")):
                if key in keys:
                    walk(keys[key], here, kind)

    def walk2(node: Any, here: tuple[int, ...]) -> None:
        """A schema-2 finding: a group's findings nest; an item is an entry, as its measures."""
        if not isinstance(node, yaml.MappingNode):
            return
        keys = {k.value: v for k, v in node.value}
        if isinstance(keys.get("findings"), yaml.SequenceNode):
            for n, child in enumerate(keys["findings"].value, 1):
                walk2(child, (*here, n))
            return
        spans[here] = (line_start(text, node.start_mark.index), line_after(text, last_end(node)))
        if isinstance(keys.get("measures"), yaml.SequenceNode):
            for n, child in enumerate(keys["measures"].value, 1):
                end = line_after(text, last_end(child))
                spans[(*here, n)] = (line_start(text, child.start_mark.index), end)

    top = {k.value: v for k, v in root.value}  # type: ignore[union-attr]
    if "notice" in top:  # schema 2: the findings in the notice's parts, numbered in print order
        k = 0
        for block in top["notice"].value:
            keys = {key.value: v for key, v in block.value}
            nodes = [block] if "finding" in keys else []
            if "part" in keys and isinstance(keys.get("findings"), yaml.SequenceNode):
                nodes = keys["findings"].value
            for node in nodes:
                k += 1
                walk2(node, (k,))
        return spans
    findings = top["findings"]
    categories = next((v for k, v in findings.value if k.value == "categories"), None)
    walk(categories, (), "category")
    return spans


def skeleton(text: str, touched: set[tuple[int, ...]]) -> str:
    """The text with every touched entry replaced by its ID: what must not change."""
    spans = entry_spans(text)
    cut = sorted((spans[path], path) for path in touched if path in spans)
    out, at = [], 0
    for (start, end), path in cut:
        if start < at:  # inside an entry already cut
            continue
        out += [text[at:start], f"<{format_id(path)}>"]
        at = end
    out.append(text[at:])
    return "".join(out)


def touched_by(plan: Plan, path: tuple[int, ...]) -> set[tuple[int, ...]]:
    """The entries an edit of `path` may rewrite: a measure or an item (with its measures)
    itself; every item of a category or problem."""
    node = plan.find(path)
    if isinstance(node, Group):
        return {item.path for item in node.items()}
    assert isinstance(node, Item | Measure)
    return {path}


_EDIT_START: dict[str, Plan] = {}


def check_edit(scratch: Path, plan_name: str, ops: list[EditOp]) -> str:
    """Edits keep the file valid, leave every untouched entry's bytes as they were, and undo
    back to the original bytes."""
    folder = scratch / "edit"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    path = folder / "items.yaml"
    original = EDIT_PLANS[plan_name]
    path.write_bytes(original)
    if plan_name not in _EDIT_START:
        _EDIT_START[plan_name] = reader.load(path)[0]
    plan = _EDIT_START[plan_name]
    nodes = [n.id for n in plan.nodes()] + ["9.9", "1.99.1", "0"]
    made, labels = 0, []
    for op in ops:
        ident = nodes[op.target % len(nodes)]
        before = path.read_bytes()
        command, kwargs = op.args(ident, path)
        code, out, err = call(command, **kwargs)
        assert code in (0, 2, 5, 6), (op, ident, code, out, err)
        assert "未通过核对" not in err, f"{op} on {ident}: the edit did not verify: {err}"
        after = path.read_bytes()
        new_plan, _ = reader.load(path)  # valid
        if code != 0 or after == before:
            assert after == before, (op, code, err)
            labels.append(f"{op.command}:{code if code else 'no change'}")
            continue
        made += 1
        labels.append(f"{op.command}:changed")
        old_text, new_text = before.decode("utf-8-sig"), after.decode("utf-8-sig")
        touched = touched_by(plan, parse_id(ident))
        assert skeleton(old_text, touched) == skeleton(new_text, touched), (op, ident)
        assert journal.read(path)[-1].after == journal.digest(after)
        plan = new_plan
    for _ in range(made):
        code, _, err = call(editing.undo, plan=str(path), lang=None)
        assert code == 0, err
    assert path.read_bytes() == original
    assert call(editing.undo, plan=str(path), lang=None)[0] == 6
    return " ".join(labels) if len(ops) == 1 else f"{made} of {len(ops)} changed"


def check_recheck(scratch: Path, text: str, kind: int, target: int) -> str:
    """An edit of a plan written any which way, checked from its changed lines alone
    (recheck.check) where that tells, reads exactly as the whole edited text does: the same
    plan, the same warnings, the same layout."""
    today, on = date(2025, 4, 1), date(2024, 5, 1)
    path = scratch / "plan.yaml"
    try:
        text = decoding.decode(text.encode("utf-8", "surrogatepass"), str(path))  # as read
        source = decoding.Source(path, text, b"", 0)
        plan, warnings, layout = reader.parse_with_layout(source, today)
    except PlanInvalid:
        return "not a valid plan"
    nodes = [n for n in plan.nodes() if isinstance(n, Item | Measure)]
    node = nodes[target % len(nodes)]
    k = kind % 5
    change = (
        changes.set_status([node], Status.DONE, on, "王芳") if k == 0
        else changes.set_status([node], Status.DOING, on, None) if k == 1
        else changes.note(node, Note(on, "进展", "纪要", None)) if k == 2
        else changes.set_fields([node], {"owner": "李四"}) if k == 3
        else changes.set_fields([node], {"due": date(2024, 6, 30)})
    )  # fmt: skip
    if not change.ops:
        return "no change"
    root = loader.compose(text, str(path))  # the whole tree, where the items are
    assert layout == splice.layout(text, root)  # as found while reading, items let go at once
    try:
        entry = functools.partial(splice.locate, root)
        style = splice.status_style(text)
        splices = splice.splices_at(text, entry, splice.sequence_offset(root), change.ops, style)
    except splice.Unsafe:
        return "unsafe to edit"
    new = splice.apply(text, splices)
    intended = change.apply(plan)
    before = (plan, warnings, layout)
    paths = [op.path for op in change.ops]
    checked = recheck.check(text, new, splices, paths, before, intended, str(path), today)
    try:
        whole = reader.parse_with_layout(decoding.Source(path, new, b"", False), today)
    except PlanInvalid:
        whole = None
    if checked is None:
        return "read whole" if whole and whole[0] == intended else "read whole: refused"
    assert whole is not None, "told from its lines, but the whole edited text does not read"
    assert checked.plan == whole[0]
    assert checked.issues == whole[1]
    assert checked.layout == whole[2]
    return "told from its lines"


# Plans written any which way: the valid seeds mutated (re-indented, quoted, commented, ...)
mutated_texts = st.builds(
    lambda seed, es, crlf: mutate(SEEDS[seed], es).replace("\n", "\r\n" if crlf else "\n"),
    st.integers(0, GOOD - 1),
    few_edits,
    st.booleans(),
)


# Every target: its inputs and its check (a function of the scratch folder and one input).
TARGETS: dict[str, tuple[Any, Callable[..., str]]] = {
    "loader": (
        st.tuples(loader_inputs, st.sampled_from(["zh", "en"])),
        lambda scratch, x: check_loader(scratch, *x),
    ),
    "ids": (ids, lambda _scratch, x: check_id(x)),
    "notice": (notices, check_notice),
    "ledger": (st.one_of(ledgers, ledgers, ledgers, damaged_ledgers), check_damaged_ledger),
    "edit": (edits_on_plans, lambda scratch, x: check_edit(scratch, *x)),
    "recheck": (
        st.tuples(mutated_texts, st.integers(0, 4), st.integers(0, 999)),
        lambda scratch, x: check_recheck(scratch, *x),
    ),
}
