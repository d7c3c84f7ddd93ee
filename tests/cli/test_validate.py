"""`rectify validate`: the corpus of bad plans, accepted variants, warnings, plan discovery."""

from __future__ import annotations

import re
import time

import pytest
from support import BAD, SHIPPED

SHIPPED_VALID = "4 个方面、28 条反馈意见、82 项整改措施。"

MINIMAL = """\
schema: 1
title: 测试局关于巡察反馈意见整改情况的通报
findings:
  categories:
    - title: 学习贯彻不够深入
      items:
        - title: 在理论学习缺乏针对性方面
          measures:
{measures}"""


def minimal(*measures: str) -> str:
    return MINIMAL.format(measures="".join(measures))


def measure(text: str, *fields: str) -> str:
    lines = [f"            - text: {text}\n"]
    lines += [f"              {field}\n" for field in fields]
    return "".join(lines)


BAD_PLANS = sorted(p.stem for p in BAD.glob("*.yaml"))


def test_validate_bad_corpus_covers_every_kind() -> None:
    required = {
        "yaml_syntax",
        "measures_is_text",
        "measure_is_text",
        "title_is_list",
        "unknown_key_typo",
        "unknown_key_chinese",
        "missing_title",
        "missing_item_title",
        "no_measures",
        "bad_status",
        "impossible_date",
        "malformed_date",
        "declared_items_mismatch",
        "duplicate_key",
        "anchor_alias",
        "alias_bomb",
        "python_tag",
        "empty",
        "comments_only",
        "top_level_list",
        "top_level_scalar",
        "gbk",
        "utf16",
        "binary",
        "fullwidth_colon",
        "no_space_after_colon",
        "tab_indent",
        "problems_and_items",
        "colon_in_text",
        "many_errors",
    }
    assert required <= set(BAD_PLANS)
    assert sorted(p.stem for p in BAD.glob("*.expected")) == BAD_PLANS


@pytest.mark.parametrize("name", BAD_PLANS)
def test_validate_bad_plan_reports_golden_errors(name, run, golden, in_root) -> None:
    code, out, err = run("validate", "--plan", f"tests/bad/{name}.yaml")
    assert out == ""
    golden(BAD / f"{name}.expected", f"exit: {code}\n{err}")
    assert code == 4


def test_validate_many_errors_reports_every_error_sorted_by_line(run, in_root) -> None:
    code, _, err = run("validate", "--plan", "tests/bad/many_errors.yaml")
    lines = err.splitlines()
    places = [
        tuple(int(n) for n in m.groups())
        for m in (re.match(r"tests/bad/many_errors\.yaml:(\d+):(\d+): ", line) for line in lines)
        if m
    ]
    kinds = [line.split(": ")[1] for line in lines[:-1]]
    assert code == 4
    # empty title, unknown key, bad status, malformed date, impossible date, no measures,
    # measure as text, malformed date, and a warning: each at its place, in file order
    assert places == [
        (3, 7),
        (9, 11),
        (12, 23),
        (13, 20),
        (15, 24),
        (17, 21),
        (24, 19),
        (26, 24),
        (28, 27),
    ]
    assert kinds == ["错误"] * 8 + ["警告"]
    assert lines[-1] == "计划文件有 8 处错误。"


def test_validate_alias_bomb_is_refused_quickly(run, in_root) -> None:
    start = time.perf_counter()
    code, _, err = run("validate", "--plan", "tests/bad/alias_bomb.yaml")
    assert time.perf_counter() - start < 2
    assert code == 4
    assert err.startswith(
        "tests/bad/alias_bomb.yaml:2:5: 错误: 不允许使用 YAML 锚点 &a0,请删除。\n"
    )


def test_validate_shipped_plan_is_valid(run, in_root) -> None:
    assert run("validate") == (0, f"data/items.yaml:计划有效。{SHIPPED_VALID}\n", "")


def test_validate_shipped_plan_in_english(run, in_root) -> None:
    assert run("validate", "--lang", "en") == (
        0,
        "data/items.yaml: valid. 4 categories, 28 feedback items, 82 measures\n",
        "",
    )


def test_validate_accepts_utf8_bom(run, tmp_path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SHIPPED.read_bytes())
    assert run("validate", "--plan", str(path)) == (0, f"{path}:计划有效。{SHIPPED_VALID}\n", "")


def test_validate_accepts_crlf_line_ends(run, tmp_path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(SHIPPED.read_bytes().replace(b"\n", b"\r\n"))
    assert b"\r\n" in path.read_bytes()
    assert run("validate", "--plan", str(path)) == (0, f"{path}:计划有效。{SHIPPED_VALID}\n", "")


def test_validate_bom_and_crlf_errors_keep_their_positions(run, tmp_path) -> None:
    text = (BAD / "unknown_key_typo.yaml").read_bytes()
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"))
    code, _, err = run("validate", "--plan", str(path))
    assert code == 4
    assert err.startswith(f"{path}:11:15: 错误: 措施 中没有“stauts”这个字段")


@pytest.mark.parametrize(
    "word", ["todo", "doing", "done", "ongoing", "未开始", "正在整改", "已完成", "长期坚持"]
)
def test_validate_accepts_status_in_english_and_chinese(word, run, plan_file, tmp_path) -> None:
    extra = ("done_on: 2025-01-10",) if word in ("done", "已完成") else ()
    path = plan_file(tmp_path, minimal(measure("制定学习计划", f"status: {word}", *extra)))
    assert run("validate", "--plan", str(path)) == (
        0,
        f"{path}:计划有效。1 个方面、1 条反馈意见、1 项整改措施。\n",
        "",
    )


def test_validate_warns_done_without_done_on(run, plan_file, tmp_path) -> None:
    path = plan_file(tmp_path, minimal(measure("制定学习计划", "status: 已完成")))
    assert run("validate", "--plan", str(path)) == (
        0,
        f"{path}:计划有效。1 个方面、1 条反馈意见、1 项整改措施。\n另有 1 条警告。\n",
        f"{path}:10:23: 警告: 已完成的措施没有完成时间 done_on。\n",
    )


def test_validate_warns_done_on_when_not_done(run, plan_file, tmp_path) -> None:
    path = plan_file(
        tmp_path, minimal(measure("制定学习计划", "status: 正在整改", "done_on: 2025-01-10"))
    )
    assert run("validate", "--plan", str(path)) == (
        0,
        f"{path}:计划有效。1 个方面、1 条反馈意见、1 项整改措施。\n另有 1 条警告。\n",
        f"{path}:11:24: 警告: 有完成时间 done_on,但状态是“正在整改”。\n",
    )


def test_validate_item_status_is_inherited_by_its_measures(run, plan_file, tmp_path) -> None:
    text = minimal(measure("制定学习计划", "done_on: 2025-01-10")).replace(
        "          measures:", "          status: done\n          measures:"
    )
    path = plan_file(tmp_path, text)
    # done through the item: no "done_on without done" warning
    assert run("validate", "--plan", str(path)) == (
        0,
        f"{path}:计划有效。1 个方面、1 条反馈意见、1 项整改措施。\n",
        "",
    )


def test_validate_errors_in_english(run, in_root) -> None:
    code, out, err = run("validate", "--plan", "tests/bad/malformed_date.yaml", "--lang", "en")
    assert (code, out) == (4, "")
    assert err == (
        "tests/bad/malformed_date.yaml:12:20: error: malformed date 2022/2/28; "
        "expected YYYY-MM-DD, i.e. 2022-02-28\n"
        "the plan has 1 error(s)\n"
    )


def test_validate_errors_in_english_from_environment(run, in_root) -> None:
    code, _, err = run(
        "validate", "--plan", "tests/bad/unknown_key_chinese.yaml", env={"RECTIFY_LANG": "en"}
    )
    assert code == 4
    assert err.startswith(
        "tests/bad/unknown_key_chinese.yaml:11:15: error: unknown key '状态' in the measure "
        "(did you mean 'status'?); allowed: text, owner, dept, due, status,"
    )


def test_validate_missing_file_exits_3(run, tmp_path) -> None:
    path = tmp_path / "nope.yaml"
    assert run("validate", "--plan", str(path)) == (
        3,
        "",
        f"找不到计划文件 {path}。可用 rectify init 新建。\n",
    )


def test_validate_folder_exits_3(run, tmp_path) -> None:
    assert run("validate", "--plan", str(tmp_path)) == (
        3,
        "",
        f"{tmp_path} 是文件夹,不是计划文件。\n",
    )


def test_validate_with_no_plan_anywhere_exits_3(run, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("validate") == (3, "", "找不到计划文件 data/items.yaml。可用 rectify init 新建。\n")


def test_validate_finds_plan_in_environment(run, plan_file, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = plan_file(tmp_path, minimal(measure("制定学习计划")), name="env.yaml")
    assert run("validate", env={"RECTIFY_PLAN": str(path)}) == (
        0,
        f"{path}:计划有效。1 个方面、1 条反馈意见、1 项整改措施。\n",
        "",
    )


def test_validate_plan_option_beats_environment(run, plan_file, tmp_path) -> None:
    chosen = plan_file(tmp_path, minimal(measure("制定学习计划")), name="chosen.yaml")
    code, out, _ = run(
        "validate", "--plan", str(chosen), env={"RECTIFY_PLAN": str(tmp_path / "other.yaml")}
    )
    assert (code, out) == (0, f"{chosen}:计划有效。1 个方面、1 条反馈意见、1 项整改措施。\n")


def test_validate_environment_beats_data_folder(run, plan_file, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    plan_file(tmp_path / "data", "not: [a plan", name="items.yaml")
    path = plan_file(tmp_path, minimal(measure("制定学习计划")), name="env.yaml")
    code, out, _ = run("validate", env={"RECTIFY_PLAN": str(path)})
    assert (code, out) == (0, f"{path}:计划有效。1 个方面、1 条反馈意见、1 项整改措施。\n")


def test_validate_uses_data_items_yaml_in_current_folder(run, plan_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    plan_file(tmp_path / "data", minimal(measure("制定学习计划")), name="items.yaml")
    assert run("validate") == (
        0,
        "data/items.yaml:计划有效。1 个方面、1 条反馈意见、1 项整改措施。\n",
        "",
    )


def test_empty_document_at_the_end_of_a_file_without_a_final_line_break(write_plan, run) -> None:
    """Its node is after the last line (libyaml's mark): told at the end of that line."""
    path = write_plan("# 说明\n---\n# 注释")
    code, out, err = run("validate", "--plan", path)
    assert (code, out) == (4, "")
    message = "错误: 文件顶层应为“键: 值”形式的映射,实际是空值。"
    assert err == f"{path}:3:5: {message}\n计划文件有 1 处错误。\n"
