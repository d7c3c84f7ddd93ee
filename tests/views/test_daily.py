"""The daily views: `rectify due`, `status --sort`, `status --by`, `rectify find`, and the
default status's reminder of what falls due (golden files, 80 columns, no colour)."""

from __future__ import annotations

import pytest
import support

GOLDEN = support.VIEWS_GOLDEN / "daily"
LEDGER = "tests/plans/ledger.yaml"
TODAY = ["--today", "2025-04-01"]

CASES = {
    "due": ["due", *TODAY],
    "due_within_60": ["due", "--within", "60", *TODAY],
    "due_en": ["due", *TODAY, "--lang", "en"],
    "sort_due": ["status", "--sort", "due", *TODAY],
    "sort_status_overdue": ["status", "--sort", "status", "--status", "doing", *TODAY],
    "by_dept": ["status", "--by", "dept", *TODAY],
    "by_owner_all": ["status", "--by", "owner", "--all", *TODAY],
    "by_dept_sorted_by_due": ["status", "--by", "dept", "--all", "--sort", "due", *TODAY],
    "by_owner_en": ["status", "--by", "owner", *TODAY, "--lang", "en"],
    "find": ["find", "学习"],
    "find_two_words": ["find", "季度", "pdf"],
}


@pytest.mark.parametrize("name", CASES)
def test_daily_view_golden(name: str, run, golden, in_root) -> None:
    code, out, err = run(*CASES[name], "--plan", LEDGER)
    assert (code, err) == (0, "")
    golden(GOLDEN / f"{name}.txt", out)


def test_status_says_what_falls_due_within_20_days(run, in_root) -> None:
    code, out, _ = run("status", "--plan", LEDGER, "--today", "2025-04-10")
    assert code == 0
    assert out.splitlines()[-1] == "1项措施 20 天内到期（其中1项 10 天内），详见 rectify due。"
    code, out, _ = run("status", "--plan", LEDGER, "--today", "2025-04-01", "--lang", "en")
    assert out.splitlines()[-1] == "1 measures fall due within 20 days; see rectify due"
    code, out, _ = run("status", "--plan", LEDGER, "--today", "2025-06-01")
    assert out.splitlines()[-1].startswith("7项整改措施")  # nothing falls due: no line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--by", "部门"], "--by 的值应为 dept、owner 之一，不是 部门。\n"),
        (["status", "--sort", "date"], "--sort 的值应为 id、due、status 之一，不是 date。\n"),
    ],
)
def test_daily_view_bad_choice(args: list[str], message: str, run, in_root) -> None:
    assert run(*args, "--plan", LEDGER) == (2, "", message)


def test_nothing_due_and_nothing_found(run, in_root) -> None:
    assert run("due", "--plan", LEDGER, "--today", "2024-01-01", "--within", "3") == (
        0,
        "没有逾期或 3 天内到期的措施。\n",
        "",
    )
    assert run("find", "高铁", "--plan", LEDGER) == (0, "没有找到“高铁”。\n", "")


def test_find_marks_the_words_on_a_colour_terminal(run, in_root) -> None:
    env = {"NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    code, out, _ = run("find", "专题", "--plan", LEDGER, env=env)
    assert code == 0
    assert "每季度召开一次\x1b[7m专题\x1b[0m学习会" in out
