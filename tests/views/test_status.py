"""`rectify status`: tables pinned as golden files (80 columns, no colour), filters, IDs."""

from __future__ import annotations

import json

import pytest
import support

GOLDEN = support.VIEWS_GOLDEN / "status"
SHIPPED = "data/items.yaml"
LEDGER = "tests/plans/ledger.yaml"
TODAY = "2025-04-01"
BUNDLED_NOTICE = "未找到 data/items.yaml,正在显示内置示例计划。用 rectify init 新建自己的计划。\n"

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
    assert out.splitlines()[-2:] == [
        "4条反馈意见 · 已完成 1 · 正在整改 2 · 长期坚持 1 · 逾期 1 · 完成率 25.0%",
        "7项整改措施 · 已完成 3 · 正在整改 2 · 未开始 1 · 长期坚持 1 · 逾期 1",
    ]


def test_status_lines_fit_in_80_columns(run, in_root) -> None:
    from rich.cells import cell_len

    for args in (["--all"], []):
        code, out, _ = run("status", *args, "--plan", SHIPPED)
        assert code == 0
        assert max(cell_len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize(
    "ident", ["２．１．３", "2。1。3", "(二)1.(3)", "（二）1．（3）", " 2.1.3 "]
)
def test_status_accepts_the_ways_a_clerk_types_an_id(ident, run, in_root) -> None:
    expected = run("status", "2.1.3", "--plan", SHIPPED)
    assert expected[0] == 0
    assert run("status", ident, "--plan", SHIPPED) == expected


def test_status_unknown_id_lists_the_nearest(run, in_root) -> None:
    assert run("status", "2.1.9", "--plan", SHIPPED) == (
        5,
        "",
        "没有编号为 2.1.9 的条目。相近的编号:2.1.1, 2.1.2, 2.1.3, 2.1.4\n",
    )


def test_status_unknown_category_lists_the_categories(run, in_root) -> None:
    assert run("status", "５", "--plan", SHIPPED) == (
        5,
        "",
        "没有编号为 5 的条目。相近的编号:1, 2, 3, 4\n",
    )


def test_status_unknown_measure_lists_its_siblings(run, in_root) -> None:
    assert run("status", "4.2.9", "--plan", SHIPPED) == (
        5,
        "",
        "没有编号为 4.2.9 的条目。相近的编号:4.2.1, 4.2.2, 4.2.3\n",
    )


def test_status_unknown_id_in_english(run, in_root) -> None:
    assert run("status", "2.1.9", "--plan", SHIPPED, "--lang", "en") == (
        5,
        "",
        "no entry numbered 2.1.9; nearest IDs: 2.1.1, 2.1.2, 2.1.3, 2.1.4\n",
    )


@pytest.mark.parametrize("ident", ["abc", "2..1", "0", "二"])
def test_status_bad_id_text_exits_5(ident, run, in_root) -> None:
    assert run("status", ident, "--plan", SHIPPED) == (
        5,
        "",
        f"“{ident}”不是有效编号,应写成 2.1.3 这样的形式。\n",
    )


def test_status_lang_option_gives_english(run, in_root) -> None:
    code, out, _ = run("status", "--plan", SHIPPED, "--lang", "en")
    assert code == 0
    assert out.splitlines()[-2:] == [
        "28 feedback items · done 0 · in progress 25 · long-term 3 · completion 0.0%",
        "82 measures · done 0 · in progress 74 · long-term 8",
    ]


def test_status_lang_from_environment_gives_english(run, in_root) -> None:
    english = run("status", "--plan", SHIPPED, "--lang", "en")
    assert run("status", "--plan", SHIPPED, env={"RECTIFY_LANG": "en"}) == english
    assert run("status", "--plan", SHIPPED, env={"RECTIFY_LANG": "en_US.UTF-8"}) == english


def test_status_lang_option_beats_environment(run, in_root) -> None:
    chinese = run("status", "--plan", SHIPPED)
    assert run("status", "--plan", SHIPPED, "--lang", "zh", env={"RECTIFY_LANG": "en"}) == chinese
    assert "完成率" in chinese[1]


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


def test_status_bad_today_is_a_usage_error(run, in_root) -> None:
    assert run("status", "--plan", SHIPPED, "--today", "2025/4/1") == (
        2,
        "",
        "日期“2025/4/1”无效,应为 YYYY-MM-DD。\n",
    )


def test_status_bad_since_is_a_usage_error(run, in_root) -> None:
    assert run("status", "--plan", SHIPPED, "--since", "2025-02-30") == (
        2,
        "",
        "日期“2025-02-30”无效,应为 YYYY-MM-DD。\n",
    )


def test_status_unknown_status_filter_is_a_usage_error(run, in_root) -> None:
    assert run("status", "--plan", SHIPPED, "--status", "完成") == (
        2,
        "",
        "状态“完成”无效,可选:todo/未开始, doing/正在整改, done/已完成, ongoing/长期坚持\n",
    )


def test_status_due_within_must_be_a_number(run, in_root) -> None:
    code, out, err = run("status", "--plan", SHIPPED, "--due-within", "abc")
    assert (code, out) == (2, "")
    assert err.lower().startswith("usage: rectify status [options] [target]\n")
    assert "Invalid value for '--due-within'" in err


def test_status_invalid_plan_exits_4(run, in_root) -> None:
    code, out, err = run("status", "--plan", "tests/bad/bad_status.yaml")
    assert (code, out) == (4, "")
    assert err == (support.BAD / "bad_status.expected").read_text(encoding="utf-8").removeprefix(
        "exit: 4\n"
    )


def test_status_missing_plan_file_exits_3(run, in_root) -> None:
    assert run("status", "--plan", "tests/nope.yaml") == (
        3,
        "",
        "找不到计划文件 tests/nope.yaml。可用 rectify init 新建。\n",
    )


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


# -- which measures the filters keep, read from --json -------------------------------------


def kept(run, *args: str) -> list[str]:
    code, out, err = run("status", "--json", "--plan", LEDGER, *args)
    assert (code, err) == (0, "")

    def measures(node: dict) -> list[str]:
        below = node.get("children", []) + node.get("measures", [])
        own = [node["id"]] if node["level"] == "measure" else []
        return own + [m for child in below for m in measures(child)]

    return [m for node in json.loads(out)["nodes"] for m in measures(node)]


ALL_MEASURES = ["1.1.1.1", "1.1.1.2", "1.1.2.1", "1.1.2.2", "2.1.1", "2.1.2", "2.2.1"]


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        ([], ALL_MEASURES),
        (["--overdue"], ["1.1.1.2"]),
        (["--overdue", "--today", "2025-03-20"], []),  # due today: not late yet
        (["--overdue", "--today", "2025-03-21"], ["1.1.1.2"]),
        (["--overdue", "--today", "2025-06-01"], ["1.1.1.2", "1.1.2.1", "1.1.2.2"]),
        (["--due-within", "20"], ["1.1.1.2", "1.1.2.1"]),
        (["--due-within", "14"], ["1.1.1.2", "1.1.2.1"]),  # due in exactly 14 days
        (["--due-within", "13"], ["1.1.1.2"]),
        (["--due-within", "0"], ["1.1.1.2"]),  # late counts as due
        (["--due-within", "60"], ["1.1.1.2", "1.1.2.1", "1.1.2.2"]),  # never done/long-term
        (["--owner", "张"], ["1.1.1.1", "1.1.1.2"]),  # inherited from the item
        (["--owner", "王副局长"], ["1.1.2.1", "1.1.2.2"]),
        (["--owner", "钱"], []),
        (["--dept", "运输科"], ["2.1.1", "2.1.2", "2.2.1"]),
        (["--dept", "办公"], ["1.1.1.1", "1.1.1.2"]),
        (["--status", "done"], ["1.1.1.1", "2.1.2", "2.2.1"]),
        (["--status", "已完成"], ["1.1.1.1", "2.1.2", "2.2.1"]),
        (["--status", "正在整改"], ["1.1.1.2", "1.1.2.1"]),
        (["--status", "todo", "--status", "ongoing"], ["1.1.2.2", "2.1.1"]),
        (["--status", "doing", "--owner", "王"], ["1.1.2.1"]),  # every filter must hold
        (["--dept", "运输", "--overdue"], []),
        (["1.1", "--status", "done"], ["1.1.1.1"]),  # under an ID
        (["2.1.2"], ["2.1.2"]),
    ],
)
def test_status_filters_keep_the_right_measures(args, ids, run, in_root) -> None:
    today = [] if "--today" in args else ["--today", TODAY]
    assert kept(run, *args, *today) == ids


def test_status_uses_bundled_example_when_there_is_no_plan(
    run, tmp_path, monkeypatch, golden
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("status")
    assert (code, err) == (0, BUNDLED_NOTICE)
    golden(GOLDEN / "overview.txt", out)


def test_status_bundled_notice_in_english(run, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("status", "--lang", "en")
    assert (code, err) == (
        0,
        "no data/items.yaml here: showing the bundled example plan; "
        "start your own with `rectify init`\n",
    )


def test_status_finds_plan_in_environment(run, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("status", "--today", TODAY, env={"RECTIFY_PLAN": str(support.LEDGER)})
    assert (code, err) == (0, "")
    assert out.startswith("测试局关于巡察反馈意见整改情况的通报")


def test_status_finds_data_items_yaml_in_current_folder(run, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "items.yaml").write_bytes(support.LEDGER.read_bytes())
    code, out, err = run("status", "--today", TODAY)
    assert (code, err) == (0, "")
    assert out.startswith("测试局关于巡察反馈意见整改情况的通报")


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
