"""`rectify status`: tables pinned as golden files (80 columns, no colour, the clerk's markup
as text). The command's IDs and errors are in tests/cli, its filters in tests/model."""

from __future__ import annotations

import pytest
import support

GOLDEN = support.VIEWS_GOLDEN / "status"
SHIPPED = "data/items.yaml"
LEDGER = "tests/plans/ledger.yaml"
TODAY = "2025-04-01"

SHIPPED_CASES = {
    "overview": [],
    "category_2": ["2"],
    "item_2.1.3": ["2.1.3"],
    "all": ["--all"],
    "overview_en": ["--lang", "en"],
}
LEDGER_CASES = {
    "ledger_overview": [],
    "ledger_all": ["--all"],
    "ledger_overdue": ["--overdue"],
    "ledger_due_within_20": ["--due-within", "20"],
    "ledger_owner": ["--owner", "张"],
    "ledger_dept": ["--dept", "运输"],
    "ledger_status": ["--status", "done", "--status", "长期坚持"],
    "ledger_since": ["--since", "2025-02-01"],
    "ledger_all_en": ["--all", "--lang", "en"],
}


@pytest.mark.parametrize("name", SHIPPED_CASES)
def test_status_shipped_plan_golden(name, run, golden, in_root) -> None:
    code, out, err = run("status", *SHIPPED_CASES[name], "--plan", SHIPPED)
    assert (code, err) == (0, "")
    golden(GOLDEN / f"{name}.txt", out)


@pytest.mark.parametrize("name", LEDGER_CASES)
def test_status_ledger_plan_golden(name, run, golden, in_root) -> None:
    code, out, err = run("status", *LEDGER_CASES[name], "--plan", LEDGER, "--today", TODAY)
    assert (code, err) == (0, "")
    golden(GOLDEN / f"{name}.txt", out)


def test_status_overview_totals_of_the_shipped_plan(run, in_root) -> None:
    code, out, _ = run("status", "--plan", SHIPPED)
    assert code == 0
    assert out.splitlines()[-2:] == [
        "28条反馈意见 · 已完成 0 · 正在整改 25 · 长期坚持 3 · 完成率 0.0%",
        "82项整改措施 · 已完成 0 · 正在整改 74 · 长期坚持 8",
    ]


def test_status_overview_totals_of_the_ledger_plan(run, in_root) -> None:
    code, out, _ = run("status", "--plan", LEDGER, "--today", TODAY)
    assert code == 0
    assert out.splitlines()[-3:] == [
        "4条反馈意见 · 已完成 1 · 正在整改 2 · 长期坚持 1 · 逾期 1 · 完成率 25.0%",
        "7项整改措施 · 已完成 3 · 正在整改 2 · 未开始 1 · 长期坚持 1 · 逾期 1",
        "1项措施 20 天内到期，详见 rectify due。",
    ]


def test_status_lines_fit_in_80_columns(run, in_root) -> None:
    from rich.cells import cell_len

    for args in (["--all"], []):
        code, out, _ = run("status", *args, "--plan", SHIPPED)
        assert code == 0
        assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_status_lang_option_gives_english(run, in_root) -> None:
    code, out, _ = run("status", "--plan", SHIPPED, "--lang", "en")
    assert code == 0
    assert out.splitlines()[-2:] == [
        "28 feedback items · done 0 · in progress 25 · long-term 3 · completion 0.0%",
        "82 measures · done 0 · in progress 74 · long-term 8",
    ]


def test_status_no_color_output_has_no_escape_codes(run, in_root) -> None:
    code, out, _ = run("status", "--all", "--plan", LEDGER, "--today", TODAY)
    assert code == 0
    assert "\x1b" not in out


def test_status_colour_terminal_gets_colours(run, in_root) -> None:
    # the control for the NO_COLOR tests: a colour terminal does get escape codes
    env = {"NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    code, out, _ = run("status", "--all", "--plan", LEDGER, "--today", TODAY, env=env)
    assert code == 0
    assert "\x1b[32m" in out or "\x1b[32;" in out  # green: done


def test_status_no_color_on_a_colour_terminal_has_no_escape_codes(run, in_root) -> None:
    env = {"FORCE_COLOR": "1", "TERM": "xterm-256color"}
    code, out, _ = run("status", "--all", "--plan", LEDGER, "--today", TODAY, env=env)
    assert code == 0
    assert "\x1b" not in out


def test_status_nothing_matches(run, in_root) -> None:
    code, out, err = run(
        "status", "--plan", LEDGER, "--today", TODAY, "--status", "done", "--owner", "王"
    )
    assert (code, out, err) == (0, "没有符合条件的措施。\n", "")


def test_status_since_with_nothing_completed(run, in_root) -> None:
    assert run("status", "--plan", LEDGER, "--since", "2025-03-16") == (
        0,
        "没有符合条件的措施。\n",
        "",
    )


MARKUP = ":warning:[bold]粗[/bold][link=http://x]链[/link]"


@pytest.mark.parametrize("args", [["status"], ["status", "--all"], ["status", "1"], ["show", "1"]])
def test_status_shows_markup_in_the_plan_as_written(args, run, plan_file, tmp_path) -> None:
    """Rich's markup and emoji codes in a title are the clerk's text, not formatting."""
    text = support.SHIPPED.read_text(encoding="utf-8")
    plan = plan_file(tmp_path, text.replace("title: 贯彻落实", f"title: {MARKUP}贯彻落实", 1))
    code, out, err = run(*args, "--plan", plan, env={"COLUMNS": "200"})
    assert (code, err) == (0, "")
    assert MARKUP in out
    assert "⚠" not in out
