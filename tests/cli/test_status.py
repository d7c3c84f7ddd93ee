"""`rectify status` as a command: the IDs a clerk types, unknown ones (exit 5), usage errors
(exit 2), an invalid or missing plan (4, 3), the language and where the plan is found. The
tables themselves are in tests/views/test_status.py."""

from __future__ import annotations

import pytest
import support

GOLDEN = support.VIEWS_GOLDEN / "status"
SHIPPED = "data/items.yaml"
LEDGER = "tests/plans/ledger.yaml"
TODAY = "2025-04-01"
BUNDLED_NOTICE = "未找到 data/items.yaml,正在显示内置示例计划。用 rectify init 新建自己的计划。\n"


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


def test_status_lang_from_environment_gives_english(run, in_root) -> None:
    english = run("status", "--plan", SHIPPED, "--lang", "en")
    assert run("status", "--plan", SHIPPED, env={"RECTIFY_LANG": "en"}) == english
    assert run("status", "--plan", SHIPPED, env={"RECTIFY_LANG": "en_US.UTF-8"}) == english


def test_status_lang_option_beats_environment(run, in_root) -> None:
    chinese = run("status", "--plan", SHIPPED)
    assert run("status", "--plan", SHIPPED, "--lang", "zh", env={"RECTIFY_LANG": "en"}) == chinese
    assert "完成率" in chinese[1]


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
    assert err == (
        "用法 rectify status [OPTIONS] [TARGET]\n运行“rectify status --help”查看帮助。\n\n"
        "错误：'--due-within' 的值不对：'abc' 不是数字。\n"
    )
    code, out, err = run("status", "--plan", SHIPPED, "--due-within", "abc", "--lang", "en")
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
