"""Property: whatever a plan's ledger fields say, exporting the ledger and importing it back
unedited changes nothing (no spurious edit, no row set aside)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import examples

# Chinese and ASCII, the formula starters, brackets of both widths, quotes, YAML's specials.
ALPHABET = list("张王李局长办公室运输科=+-@'\"()（）:：,;#&*!|%ab01 ")
# and in owners, departments and measures: control characters a worksheet cannot hold
# (the bell; Word's manual line break \v), which the export drops or turns into line breaks
CONTROL = ["\x07", "\v"]


def not_defused(text: str) -> bool:
    """Not an apostrophe before a formula starter: read back as a defused formula (xfail)."""
    return not (text.lstrip().startswith("'") and text.lstrip()[1:2] in "=+-@")


field_text = st.text(ALPHABET + CONTROL, min_size=1, max_size=10).filter(
    lambda t: not_defused(t) and any(c.isalnum() for c in t)
)
# a note is one line of its cell, trimmed
note_text = st.text(ALPHABET, min_size=1, max_size=10).filter(
    lambda t: not_defused(t) and t == t.strip() and "佐证" not in t
)


def plan_text(owner: str, dept: str, note: str, evidence: str | None, measure: str) -> str:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731 (a JSON string is YAML)
    evidence_line = f"\n                  evidence: {q(evidence)}" if evidence else ""
    return f"""\
schema: 1
title: 性质测试
findings:
  categories:
    - title: 方面
      items:
        - title: 在某方面
          owner: {q(owner)}
          measures:
            - text: {q(measure)}
              status: 正在整改
              dept: {q(dept)}
              due: 2025-06-30
              notes:
                - date: 2025-03-01
                  text: {q(note)}{evidence_line}
            - text: 第二项措施
              status: 已完成
              done_on: 2025-03-02
              owner: {q(dept)}
"""


@settings(
    max_examples=examples(25, quick=5),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    owner=field_text,
    dept=field_text,
    note=note_text,
    evidence=st.none() | note_text,
    measure=field_text,
)
def test_import_unedited_export_is_a_no_op(
    run: Any, owner: str, dept: str, note: str, evidence: str | None, measure: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.yaml"
        plan.write_text(plan_text(owner, dept, note, evidence, measure), encoding="utf-8")
        assert run("validate", "-p", plan)[0] == 0
        ledger = Path(folder) / "ledger.xlsx"
        assert run("export", "-o", ledger, "--today", "2025-04-01", "-p", plan)[0] == 0
        before = plan.read_bytes()
        result = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", plan)
        assert result == (0, "没有需要修改的内容,文件未改动。\n", ""), result
        assert plan.read_bytes() == before


@pytest.mark.parametrize("value", ["'=x", "'+1", "'-"])
def test_import_unedited_export_keeps_a_leading_apostrophe(
    run: Any, value: str, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text(value, "办公室", "开会", None, "措施"), encoding="utf-8")
    ledger = tmp_path / "ledger.xlsx"
    assert run("export", "-o", ledger, "-p", plan)[0] == 0
    result = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", plan)
    assert result == (0, "没有需要修改的内容,文件未改动。\n", "")
