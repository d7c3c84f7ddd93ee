"""`rectify show` as a command: the IDs a clerk types, unknown or malformed ones (exit 5), no ID
(exit 2), the bundled example. The entry's table is in tests/views/test_show.py."""

from __future__ import annotations

SHIPPED = "data/items.yaml"


def test_show_accepts_full_width_id(run, in_root) -> None:
    expected = run("show", "2.2.3.3", "--plan", SHIPPED)
    assert run("show", "２．２．３．３", "--plan", SHIPPED) == expected


def test_show_unknown_id_exits_5(run, in_root) -> None:
    assert run("show", "2.2.3.9", "--plan", SHIPPED) == (
        5,
        "",
        "没有编号为 2.2.3.9 的条目。相近的编号:2.2.3.1, 2.2.3.2, 2.2.3.3\n",
    )


def test_show_bad_id_exits_5(run, in_root) -> None:
    assert run("show", "abc", "--plan", SHIPPED) == (
        5,
        "",
        "“abc”不是有效编号,应写成 2.1.3 这样的形式。\n",
    )


def test_show_without_id_is_a_usage_error(run, in_root) -> None:
    code, out, err = run("show", "--plan", SHIPPED)
    assert (code, out) == (2, "")
    assert err.endswith("\n错误：缺少参数 'IDENT'.\n")
    code, out, err = run("show", "--plan", SHIPPED, "--lang", "en")
    assert (code, out) == (2, "")
    assert err.endswith("\nError: Missing argument 'IDENT'.\n")


def test_show_uses_bundled_example_when_there_is_no_plan(run, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("show", "2.2.3.3")
    assert (code, err) == (
        0,
        "未找到 data/items.yaml,正在显示内置示例计划。用 rectify init 新建自己的计划。\n",
    )
    assert out.splitlines()[4].rstrip() == "2.2.3.3  每半年组织开展一次落实规章制度专项考核。"


def test_show_json_is_status_json_of_the_same_id(run, in_root) -> None:
    for ident in ("2", "2.1.3", "2.1.3.2"):
        shown = run("show", ident, "--json", "--today", "2025-04-01", "--plan", "data/items.yaml")
        status = run(
            "status", ident, "--json", "--today", "2025-04-01", "--plan", "data/items.yaml"
        )
        assert shown == status
        assert shown[0] == 0 and shown[1].startswith('{"schema_version": 2,')
