"""Property: whatever a plan's ledger fields and notes say, exporting the ledger and importing
it back unedited changes nothing (no spurious edit, no row set aside, the plan's bytes as they
were), and the CSV ledger, read as CSV and undefused, holds every cell exactly.

The texts are hostile: the export's own note format (`2025-03-01 …(佐证:…)`, both widths),
line breaks of every kind inside a note (LF, CR LF, CR, U+2028, NEL), quotes, formula starters
(ASCII and full-width, after blanks), tabs, full-width forms, control characters a worksheet
cannot hold, texts longer than a cell holds, blank evidence, measures without notes."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from support import examples

from rectify_cli.ledger.rows import rows, undefuse
from rectify_cli.model.plan import Note
from rectify_cli.planfile import reader

NO_CHANGE = (0, "没有需要修改的内容,文件未改动。\n", "")
# Chinese and ASCII, the formula starters, brackets of both widths, quotes, YAML's specials.
ALPHABET = list("张王李局长办公室运输科=+-@'\"()（）:：,;#&*!|%ab01 ")
PIECES = [
    "2025-03-01 ", "2025-03-02 ", "(佐证:", "（佐证：", ")", "）", "佐证", "；", ";",
    "\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", '"', "'", "“", "”", "\\",
    "=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", " ", "\u3000", "\u00a0", "\u200b",
    "Ａ１", "，", "。", "会议记录.pdf", "{{", "}}",
]  # fmt: skip
# control characters a worksheet cannot hold (the bell; Word's manual line break \v), which
# the export drops or turns into line breaks
CONTROL = ["\x07", "\v"]
# a cell holds 32,767 characters: texts longer than that, and long ones within it
LONG = st.sampled_from([3000, 33000]).map(lambda n: "长" * n)
hostile = st.one_of(
    st.lists(st.sampled_from(PIECES) | st.text(ALPHABET, max_size=3), max_size=8).map("".join),
    st.lists(st.sampled_from(PIECES + CONTROL), max_size=4).map("".join),
    LONG,
)
text = hostile.filter(lambda t: not t.isspace() and t != "")  # a text a plan must have
note = st.tuples(st.sampled_from(["2025-03-01", "2025-03-02"]), text, st.none() | hostile)
measure = st.fixed_dictionaries(
    {"text": text, "owner": st.none() | text, "dept": st.none() | text,
     "status": st.sampled_from(["正在整改", "未开始", "长期坚持", "已完成"]),
     "notes": st.lists(note, max_size=3)},
)  # fmt: skip


def q(value: str) -> str:
    return json.dumps(value)  # ASCII JSON is YAML: every character escaped


def plan_text(owner: str, measures: list[dict[str, Any]]) -> str:
    return f"""\
schema: 1
title: 性质测试
findings:
  categories:
    - title: 方面
      items:
        - title: 在某方面
          owner: {q(owner)}
          due: 2025-06-30
          measures:
{"".join(measure_text(m) for m in measures)}"""


def measure_text(m: dict[str, Any]) -> str:
    pad = " " * 14
    lines = [f"            - text: {q(m['text'])}", f"{pad}status: {m['status']}"]
    if m["status"] == "已完成":
        lines.append(f"{pad}done_on: 2025-03-02")
    lines += [f"{pad}{key}: {q(m[key])}" for key in ("owner", "dept") if m[key] is not None]
    if m["notes"]:
        lines.append(f"{pad}notes:")
    for on, note_text, evidence in m["notes"]:
        lines += [f"{pad}  - date: {on}", f"{pad}    text: {q(note_text)}"]
        if evidence is not None:
            lines.append(f"{pad}    evidence: {q(evidence)}")
    return "".join(line + "\n" for line in lines)


def check_round_trip(run: Any, text: str) -> None:
    """`text` written as a plan that validates: its xlsx ledger imports as no change, its CSV
    ledger undefuses to the rows exactly."""
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.yaml"
        plan.write_text(text, encoding="utf-8")
        code = run("validate", "-p", plan)[0]
        # (a control character: a plan that may be refused, which no ledger is made of)
        if code != 0 and any(c in text for c in ("\\u0007", "\\u000b")):
            assume(False)
        assert code == 0
        ledger = Path(folder) / "ledger.xlsx"
        assert run("export", "-o", ledger, "--today", "2025-04-01", "-p", plan)[0] == 0
        before = plan.read_bytes()
        result = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", plan)
        assert result == NO_CHANGE, result
        assert plan.read_bytes() == before
        out = Path(folder) / "ledger.csv"
        assert run("export", "-f", "csv", "-o", out, "--today", "2025-04-01", "-p", plan)[0] == 0
        csv.field_size_limit(max(csv.field_size_limit(), 1 << 20))  # a cell of 100,000 characters
        cells = csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline=""))
        loaded, _ = reader.load(plan)
        expected = [list(r.cells()) for r in rows(loaded, date(2025, 4, 1))]
        assert [[undefuse(c) for c in r] for r in list(cells)[1:]] == expected


@settings(
    max_examples=examples(200, quick=10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(owner=text, measures=st.lists(measure, min_size=1, max_size=3))
def test_import_unedited_export_is_a_no_op(
    run: Any, owner: str, measures: list[dict[str, Any]]
) -> None:
    check_round_trip(run, plan_text(owner, measures))


@pytest.mark.parametrize("value", ["'=x", "'+1", "'-", "' ＝1", "''@"])
def test_import_unedited_export_keeps_a_leading_apostrophe(run: Any, value: str) -> None:
    m = {"text": value, "owner": value, "dept": value, "status": "正在整改",
         "notes": [("2025-03-01", value, value)]}  # fmt: skip
    check_round_trip(run, plan_text(value, [m]))


def test_import_unedited_export_of_the_hostile_notes_together(run: Any) -> None:
    """One plan of every piece: each as a note's text and evidence, and all in one note."""
    notes = [("2025-03-01", p, p) for p in PIECES if p.strip()]
    notes.append(("2025-03-02", "".join(PIECES), "".join(PIECES)))
    m = {"text": "措施", "owner": None, "dept": None, "status": "正在整改", "notes": notes}
    check_round_trip(run, plan_text("张局长", [m]))


ADDED = "2025-03-30 新增进展"


def append_a_note(ledger: Path, returned: Path, older: bool) -> list[str]:
    """The ledger as a department returns it: the line ADDED at the end of every notes cell
    that can hold it (32,767 characters), and (`older`) its base sheet without the notes column,
    as exported before it had one. The IDs of the measures whose cell got the line."""
    from openpyxl import load_workbook

    book = load_workbook(ledger)
    got = []
    for row in book["整改台账"].iter_rows(min_row=2):
        value = row[10].value
        new = f"{value}\n{ADDED}" if value else ADDED
        if len(new) <= 32767:
            row[10].value = new
            got.append(row[0].value)
    if older:
        book["rectify_base"].delete_cols(7)
    book.save(returned)
    return got


@settings(
    max_examples=examples(150, quick=5),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(owner=text, measures=st.lists(measure, min_size=1, max_size=3), older=st.booleans())
def test_import_reads_a_line_added_after_hostile_notes_as_one_note(
    run: Any, owner: str, measures: list[dict[str, Any]], older: bool
) -> None:
    """A line added to each notes cell is one new note, whatever the notes before it hold: also
    read against the plan's notes alone (`older`), each cell split into the notes it holds."""
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.yaml"
        text_ = plan_text(owner, measures)
        plan.write_text(text_, encoding="utf-8")
        code = run("validate", "-p", plan)[0]
        if code != 0 and any(c in text_ for c in ("\\u0007", "\\u000b")):
            assume(False)
        loaded, _ = reader.load(plan)
        before = {m.id: list(m.ledger.notes) for m in loaded.measures()}
        ledger, returned = Path(folder) / "ledger.xlsx", Path(folder) / "returned.xlsx"
        assert run("export", "-o", ledger, "--today", "2025-04-01", "-p", plan)[0] == 0
        got = append_a_note(ledger, returned, older)
        result = run("import", returned, "--yes", "--today", "2025-04-01", "-p", plan)
        shown = "".join(f"{ident} 进展: → {ADDED}\n" for ident in got)
        applied = f"已应用 {len(got)} 处修改(可用 rectify undo 撤销)。\n" if got else NO_CHANGE[1]
        assert result == (0, shown + applied, ""), result
        loaded, _ = reader.load(plan)
        new = Note(date(2025, 3, 30), "新增进展")
        for m in loaded.measures():
            assert list(m.ledger.notes) == before[m.id] + ([new] if m.id in got else [])
