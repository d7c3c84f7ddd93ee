"""Property: any sequence of edits on any small plan, in any file style, keeps the file valid,
leaves every line of the untouched entries in place, is checked from its changed lines alone
exactly as a whole read would check it, and undoing them all restores every byte."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import examples

from rectify_cli.errors import Refused
from rectify_cli.model import changes
from rectify_cli.model.plan import STATUS_LABELS, Item, Measure, Note, Plan, Status
from rectify_cli.planfile import reader, transaction
from rectify_cli.planfile.splice import scalar

Path_ = tuple[int, ...]

# Values that need care: quoting, dates and numbers as text, YAML indicators, line breaks.
TEXTS = [
    "王五", "张 三", "a: b", "2024-01-01", "123", "yes", "null", "#号", "x # y", "'引号'",
    '"双引号"', "- 列表", "[括号]", "{花括号}", "It's", "冒号：全角", "第一行\n第二行", "tab\t后",
    "* 星号", "&锚", "!标签", "%百分", "@at", "`反引号`", "|竖线", ">大于", "?问号",
]  # fmt: skip
DAYS = [date(2024, 1, d) for d in (2, 15, 31)] + [date(2024, 5, 1)]


@dataclass(frozen=True)
class Style:
    indent: int  # 2 or 4
    flat: bool  # sequences not indented under their key
    crlf: bool
    comments: bool
    english: bool
    final_newline: bool
    bom: bool
    reverse_keys: bool  # ledger keys in the opposite of the usual order


@dataclass(frozen=True)
class MeasureSpec:
    status: Status | None
    owner: str | None
    due: date | None
    notes: int


@dataclass(frozen=True)
class ItemSpec:
    status: Status | None  # the default for its measures
    owner: str | None
    measures: tuple[MeasureSpec, ...]
    results: bool


# A category holds items directly, or problems that hold items.
CategorySpec = tuple[bool, tuple[tuple[ItemSpec, ...], ...]]

statuses = st.sampled_from([*Status, None])
measure_specs = st.builds(
    MeasureSpec,
    statuses,
    st.sampled_from([None, "王五", "a: b"]),
    st.sampled_from([None, date(2024, 6, 30)]),
    st.integers(0, 2),
)
item_specs = st.builds(
    ItemSpec,
    statuses,
    st.sampled_from([None, "刘七"]),
    st.lists(measure_specs, min_size=1, max_size=3).map(tuple),
    st.booleans(),
)
category_specs = st.tuples(
    st.booleans(),
    st.lists(st.lists(item_specs, min_size=1, max_size=2).map(tuple), min_size=1, max_size=2).map(
        tuple
    ),
)
plans = st.tuples(
    st.builds(Style, st.sampled_from([2, 4]), *[st.booleans()] * 7),
    st.lists(category_specs, min_size=1, max_size=2),
)


class Writer:
    """Lines of a plan, each tagged with the item or measure it belongs to (None: neither)."""

    def __init__(self, style: Style) -> None:
        self.style = style
        self.lines: list[tuple[str, Path_ | None]] = []

    def key(self, col: int, text: str, tag: Path_ | None, dash: bool = False) -> None:
        if self.style.comments and dash:
            self.lines.append((" " * col + "# 下面一项", None))
        comment = "  # 注释" if self.style.comments else ""
        self.lines.append((" " * col + ("- " if dash else "") + text + comment, tag))

    def seq_col(self, key_col: int) -> int:
        return key_col + (0 if self.style.flat else self.style.indent)

    def word(self, status: Status) -> str:
        return status.value if self.style.english else STATUS_LABELS[status]

    def ledger(self, col: int, fields: list[tuple[str, str]], tag: Path_) -> None:
        for name, value in reversed(fields) if self.style.reverse_keys else fields:
            self.key(col, f"{name}: {value}", tag)

    def measure(self, col: int, spec: MeasureSpec, path: Path_) -> None:
        self.key(col, f"text: 措施{'.'.join(map(str, path))}", path, dash=True)
        col += 2
        fields = []
        if spec.status is not None:
            fields.append(("status", self.word(spec.status)))
            if spec.status is Status.DONE:
                fields += [("done_on", "2024-03-01"), ("done_by", "张三")]
        if spec.owner:
            fields.append(("owner", scalar(spec.owner)))
        if spec.due:
            fields.append(("due", spec.due.isoformat()))
        self.ledger(col, fields, path)
        if spec.notes:
            self.key(col, "notes:", path)
            for n in range(spec.notes):
                self.key(self.seq_col(col), f"date: 2024-02-0{n + 1}", path, dash=True)
                self.key(self.seq_col(col) + 2, f"text: 进展{n + 1}", path)

    def item(self, col: int, spec: ItemSpec, path: Path_) -> None:
        self.key(col, f"title: 意见{'.'.join(map(str, path))}", path, dash=True)
        col += 2
        fields = [("owner", spec.owner)] if spec.owner else []
        if spec.status is not None:
            fields.append(("status", self.word(spec.status)))
        self.ledger(col, fields, path)
        self.key(col, "measures:", path)
        for n, measure in enumerate(spec.measures, 1):
            self.measure(self.seq_col(col), measure, (*path, n))
        if spec.results:
            self.key(col, "results: 已取得成效。", path)

    def plan(self, categories: list[CategorySpec]) -> None:
        step = self.style.indent
        self.lines.append(("# 生成的计划", None))
        self.key(0, "title: 测试计划", None)
        self.key(0, "findings:", None)
        self.key(step, "categories:", None)
        for c, (direct, groups) in enumerate(categories, 1):
            col = self.seq_col(step)
            self.key(col, f"title: 方面{c}", None, dash=True)
            if direct:
                self.key(col + 2, "items:", None)
                for i, item in enumerate((x for g in groups for x in g), 1):
                    self.item(self.seq_col(col + 2), item, (c, i))
                continue
            self.key(col + 2, "problems:", None)
            for p, items in enumerate(groups, 1):
                pcol = self.seq_col(col + 2)
                self.key(pcol, f"title: 问题{c}.{p}", None, dash=True)
                self.key(pcol + 2, "items:", None)
                for i, item in enumerate(items, 1):
                    self.item(self.seq_col(pcol + 2), item, (c, p, i))

    def text(self) -> str:
        newline = "\r\n" if self.style.crlf else "\n"
        text = newline.join(line for line, _ in self.lines)
        if self.style.final_newline:
            text += newline
        return text

    def raw(self) -> bytes:
        return ("\ufeff" if self.style.bom else "").encode() + self.text().encode("utf-8")


@dataclass(frozen=True)
class Op:
    kind: str  # done, reopen, status, owner, dept, due, note
    target: int  # index into the plan's items and measures
    value: str | date | Status | None = None

    def make(self, target: Path_) -> Callable[[Plan], changes.Change]:
        def make(plan: Plan) -> changes.Change:
            node = plan.find(target)
            assert node is not None
            on = date(2024, 5, 1)
            if self.kind == "done":
                return changes.set_status([node], Status.DONE, on, "王芳")
            if self.kind == "reopen":
                return changes.set_status([node], Status.DOING, on, None)
            if self.kind == "status":
                assert isinstance(self.value, Status)
                return changes.set_status([node], self.value, on, "王芳")
            if self.kind == "note":
                assert isinstance(self.value, str)
                return changes.note(node, Note(on, self.value, self.value[:3] or None, "王芳"))
            assert isinstance(self.value, str | date)
            return changes.set_fields([node], {self.kind: self.value})

        return make


ops = st.one_of(
    st.builds(Op, st.sampled_from(["done", "reopen"]), st.integers(0, 99)),
    st.builds(Op, st.just("status"), st.integers(0, 99), st.sampled_from(list(Status))),
    st.builds(
        Op, st.sampled_from(["owner", "dept", "note"]), st.integers(0, 99), st.sampled_from(TEXTS)
    ),
    st.builds(Op, st.just("due"), st.integers(0, 99), st.sampled_from(DAYS)),
)


def touched_by(plan: Plan, target: Path_) -> set[Path_]:
    node = plan.find(target)
    if isinstance(node, Item):
        return {target, *(m.path for m in node.measures)}
    return {target}


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(line == hay for hay in it) for line in needles)


ONE_MEASURE = [
    (True, ((ItemSpec(None, None, (MeasureSpec(Status.TODO, None, None, 0),), False),),))
]


@settings(
    max_examples=examples(150),
    deadline=None,
    database=None,  # nothing written into the project folder
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plans, st.lists(ops, max_size=8))
# found by this test: removing the last lines of a file without a final line break added one
@example(
    (Style(2, False, False, False, False, False, False, False), ONE_MEASURE),
    [Op("done", 0), Op("reopen", 0)],
)
@example(
    (Style(4, True, True, True, True, False, True, True), ONE_MEASURE),
    [Op("done", 1), Op("status", 1, Status.DOING), Op("owner", 1, "a: b"), Op("note", 0, "x")],
)
def test_undo_after_any_edit_sequence(
    cross_checked: Callable[[], contextlib.AbstractContextManager[list[bool]]],
    spec: tuple[Style, list[CategorySpec]],
    sequence: list[Op],
) -> None:
    style, categories = spec
    writer = Writer(style)
    writer.plan(categories)
    original = writer.raw()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.yaml"
        path.write_bytes(original)
        plan, _ = reader.load(path, date(2024, 5, 1))
        targets = [n.path for n in plan.nodes() if isinstance(n, Item | Measure)]
        touched: set[Path_] = set()
        made = 0
        for op in sequence:
            target = targets[op.target % len(targets)]
            try:  # the check from the changed lines alone, where it tells, agrees with a whole read
                with cross_checked():
                    change, _ = transaction.change(path, op.kind, "王芳", op.make(target))
            except Refused as e:  # every entry here is written in block style
                pytest.fail(f"{op} on {target} refused: {e.key} {e.args_}")
            if change.ops:
                made += 1
                touched |= touched_by(plan, target)
            raw = path.read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf") == style.bom
            assert (raw.count(b"\n") == raw.count(b"\r\n")) if style.crlf else b"\r" not in raw
            assert raw.endswith(b"\n") == style.final_newline
            reader.load(path)  # still valid

        kept = [line for line, tag in writer.lines if tag not in touched]
        now = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").split("\n")
        assert is_subsequence(kept, now)

        for _ in range(made):
            transaction.undo(path)
        assert path.read_bytes() == original
        with pytest.raises(Refused):
            transaction.undo(path)
