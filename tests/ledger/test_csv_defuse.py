"""Formula defusing in the CSV ledger: a cell a spreadsheet could run as a formula starts with
an apostrophe, also when blanks (a space, NBSP, U+3000, any other whitespace, a zero-width
character) stand before the formula character or when that character is full-width (＝＋－＠,
as a Chinese IME types them); and undefusing gives back every value exactly."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

# the value → the CSV cell
DEFUSED = {
    " =1+1": "' =1+1",
    "   =1+1": "'   =1+1",
    "\u00a0=1+1": "'\u00a0=1+1",  # NBSP
    "\u3000=1+1": "'\u3000=1+1",  # the ideographic space
    "\u2003@SUM(A1)": "'\u2003@SUM(A1)",  # an em space
    "\n-2+3": "'\n-2+3",
    "\u200b=1+1": "'\u200b=1+1",  # a zero-width space
    "\ufeff+1": "'\ufeff+1",  # a BOM
    "＝1+1": "'＝1+1",
    "＋1": "'＋1",
    "－2+3": "'－2+3",
    "＠SUM(A1)": "'＠SUM(A1)",
    "\u3000＝HYPERLINK(\"http://x\")": "'\u3000＝HYPERLINK(\"http://x\")",
    "\t正文": "'\t正文",  # a tab or CR first, whatever follows (OWASP)
    "\r正文": "'\r正文",
    # apostrophes before a defused text: one more, so that undefusing gives them back
    "'=1+1": "''=1+1",
    "' =1+1": "'' =1+1",
    "''＝1": "'''＝1",
}  # fmt: skip
KEPT = ["正常文字", " 正常", "\u3000\u3000文字", "'不是公式", "' 文字", "2025-03-01 =cmd", "a=b",
        "1-2", "全角＝在中间", "'", "''"]  # fmt: skip


@pytest.mark.parametrize(("value", "cell"), DEFUSED.items(), ids=[repr(v) for v in DEFUSED])
def test_defuse_blank_or_full_width_before_a_formula(value: str, cell: str) -> None:
    from rectify_cli.ledger.rows import defuse, undefuse

    assert defuse(value) == cell
    assert undefuse(cell) == value


@pytest.mark.parametrize("value", KEPT)
def test_defuse_leaves_other_text_as_it_is(value: str) -> None:
    from rectify_cli.ledger.rows import defuse, undefuse

    assert defuse(value) == value
    assert undefuse(value) == value


PLAN = """\
schema: 1
title: 公式测试
findings:
  categories:
    - title: 方面
      items:
        - title: 在某方面
          measures:
{measures}"""


def test_export_csv_cells_exactly(run: Any, write_plan: Any) -> None:
    """Each value as a measure's text and its owner: the CSV holds the defused cell exactly."""
    q = lambda s: json.dumps(s)  # noqa: E731 (ASCII JSON is YAML: every character escaped)
    values = [*DEFUSED, *KEPT]
    measures = "".join(
        f"            - text: {q(v)}\n              owner: {q(v)}\n              status: 未开始\n"
        for v in values
    )
    plan = write_plan(PLAN.format(measures=measures))
    code, out, err = run("export", "-f", "csv", "--today", "2025-04-01", "-p", plan)
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"), newline="")))
    cells = {**DEFUSED, **{v: v for v in KEPT}}
    assert [(r[4], r[5]) for r in rows[1:]] == [(cells[v], cells[v]) for v in values]


def test_export_csv_reads_back_exactly(run: Any, write_plan: Any, tmp_path: Path) -> None:
    """The CSV file, read as CSV and undefused, is the ledger's rows exactly."""
    from rectify_cli.ledger.rows import rows, undefuse
    from rectify_cli.planfile import reader

    q = lambda s: json.dumps(s)  # noqa: E731
    measures = "".join(
        f"            - text: {q(v)}\n              dept: {q(v)}\n              status: 正在整改\n"
        f"              notes:\n                - date: 2025-03-01\n"
        f"                  text: {q(v)}\n"
        for v in [*DEFUSED, *KEPT]
    )
    plan = write_plan(PLAN.format(measures=measures))
    out = tmp_path / "ledger.csv"
    assert run("export", "-f", "csv", "-o", out, "--today", "2025-04-01", "-p", plan)[0] == 0
    read = csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline=""))
    loaded, _ = reader.load(plan)
    expected = [list(r.cells()) for r in rows(loaded, date(2025, 4, 1))]
    assert [[undefuse(c) for c in r] for r in list(read)[1:]] == expected
