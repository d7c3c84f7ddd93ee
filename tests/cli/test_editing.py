"""What done, reopen, set, note, undo and log say and do: exact output, exit code, file bytes.
What an edit does to the file itself is in tests/planfile (test_edits.py, test_edit_golden.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import support
from support import ON

from rectify_cli.planfile import journal, reader

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """The commented plan of the golden tests (1.1.1.2 and 2.1.2 done, the rest not)."""
    return support.copy_edit_golden(tmp_path, "comments", "plan.yaml")


def entries(path: Path) -> list[journal.Entry]:
    return journal.read(path)


def test_done_reports_each_change(run: Run, plan: Path) -> None:
    assert run("done", "1.1.1.1", *ON, "-p", plan) == (
        0,
        "1.1.1.1 状态:正在整改 → 已完成\n"
        "1.1.1.1 完成时间:- → 2024-05-01\n"
        "1.1.1.1 完成人:- → 王芳\n"
        "  1.1.1 在第一条意见方面:正在整改\n",
        "",
    )
    assert [e.ids for e in entries(plan)] == [["1.1.1.1"]]


def test_done_item_skips_measures_already_done(run: Run, plan: Path) -> None:
    run("done", "1.1.1.1", *ON, "-p", plan)
    assert run("done", "1.1.1", *ON, "-p", plan) == (
        0,
        "1.1.1.1 已经是“已完成”,未改动。\n"
        "1.1.1.2 已经是“已完成”,未改动。\n"
        "1.1.1.3 状态:未开始 → 已完成\n"
        "1.1.1.3 完成时间:- → 2024-05-01\n"
        "1.1.1.3 完成人:- → 王芳\n"
        "  1.1.1 在第一条意见方面:已完成\n",
        "",
    )


def test_done_already_done_changes_nothing(run: Run, plan: Path) -> None:
    before = plan.read_bytes()
    assert run("done", "1.1.1.2", *ON, "-p", plan) == (
        0,
        "1.1.1.2 已经是“已完成”,未改动。\n没有需要修改的内容,文件未改动。\n",
        "",
    )
    assert plan.read_bytes() == before
    assert entries(plan) == []
    assert run("log", "-p", plan) == (0, "还没有修改记录。\n", "")


def test_done_already_done_english(run: Run, plan: Path) -> None:
    assert run("done", "1.1.1.2", "-p", plan, "--lang", "en") == (
        0,
        "1.1.1.2 is already done; nothing changed\nnothing to change; the file is untouched\n",
        "",
    )


def test_set_same_value_changes_nothing(run: Run, plan: Path) -> None:
    before = plan.read_bytes()
    assert run("set", "1.1.2", "--owner", "刘七", "-p", plan) == (
        0,
        "没有需要修改的内容,文件未改动。\n",
        "",
    )
    assert plan.read_bytes() == before
    assert entries(plan) == []


def test_done_unknown_id_among_several_changes_nothing(run: Run, plan: Path) -> None:
    """All or none: the two known IDs are not marked because the third is unknown."""
    before = plan.read_bytes()
    assert run("done", "1.1.1.1", "1.1.9", "2.1.1", *ON, "-p", plan) == (
        5,
        "",
        "没有编号为 1.1.9 的条目。相近的编号:1.1.1, 1.1.2\n",
    )
    assert run("done", "1.1.1.1", "9.9", "-p", plan) == (
        5,
        "",
        "没有编号为 9.9 的条目。相近的编号:1, 2\n",
    )
    assert plan.read_bytes() == before
    assert entries(plan) == []


def test_done_malformed_id_exit_5(run: Run, plan: Path) -> None:
    before = plan.read_bytes()
    assert run("done", "1.1.1.1", "2.01", "-p", plan) == (
        5,
        "",
        "“2.01”不是有效编号,应写成 2.1.3 这样的形式。\n",
    )
    assert plan.read_bytes() == before


def test_reopen_removes_completion(run: Run, plan: Path) -> None:
    assert run("reopen", "1.1.1.2", "-p", plan) == (
        0,
        "1.1.1.2 状态:已完成 → 正在整改\n"
        "1.1.1.2 完成时间:2024-03-01 → -\n"
        "1.1.1.2 完成人:张三 → -\n"
        "  1.1.1 在第一条意见方面:正在整改\n",
        "",
    )
    measure = reader.load(plan)[0].find((1, 1, 1, 2))
    assert measure is not None
    assert measure.ledger.done_on is None


@pytest.mark.parametrize(
    "args",
    [
        ["done", "1.1.1.1", "--on", "2024-13-01"],
        ["done", "1.1.1.1", "--on", "2024/5/1"],
        ["note", "1.1.1.1", "进展", "--on", "2024-02-30"],
        ["set", "1.1.1.1", "--status", "done", "--on", "yesterday"],
    ],
)
def test_done_bad_on_date_usage_error(run: Run, plan: Path, args: list[str]) -> None:
    before = plan.read_bytes()
    value = args[args.index("--on") + 1]
    assert run(*args, "-p", plan) == (2, "", f"日期“{value}”无效,应为 YYYY-MM-DD。\n")
    assert plan.read_bytes() == before
    assert entries(plan) == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "请至少给出 --status、--due、--owner、--dept 中的一项。\n"),
        (["--due", "2024-6-30"], "日期“2024-6-30”无效,应为 YYYY-MM-DD。\n"),
        (
            ["--status", "完成"],
            "状态“完成”无效,可选:todo/未开始, doing/正在整改, done/已完成, ongoing/长期坚持\n",
        ),
    ],
    ids=["without-option", "bad-due", "bad-status"],
)
def test_set_usage_error_changes_nothing(
    run: Run, plan: Path, options: list[str], message: str
) -> None:
    before = plan.read_bytes()
    assert run("set", "1.1.1.1", *options, "-p", plan) == (2, "", message)
    assert plan.read_bytes() == before


def test_note_category_usage_error(run: Run, plan: Path) -> None:
    """Notes belong to items and measures: a category or problem is a usage mistake (2)."""
    before = plan.read_bytes()
    for ident in ("1", "1.1"):
        assert run("note", ident, "进展", "-p", plan) == (
            2,
            "",
            f"进展只能记在反馈意见或措施上,{ident} 是方面或问题。\n",
        )
    assert plan.read_bytes() == before
    assert entries(plan) == []


def test_status_since_lists_completed(run: Run, plan: Path) -> None:
    run("done", "1.1.1.1", *ON, "-p", plan)
    assert run("status", "--since", "2024-05-01", "-p", plan) == (
        0,
        "2024-05-01 以来完成的整改措施               \n"
        "                                            \n"
        " 编号      内容         完成         完成人 \n"
        " ────────────────────────────────────────── \n"
        " 1.1.1.1   第一项措施   2024-05-01   王芳   \n"
        "                                            \n",
        "",
    )
    code, out, _ = run("status", "--since", "2024-03-01", "-p", plan)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[4:7]] == ["1.1.1.2", "2.1.2", "1.1.1.1"]
    assert run("status", "--since", "2024-05-02", "-p", plan) == (0, "没有符合条件的措施。\n", "")


def test_undo_restores_and_reports(run: Run, plan: Path) -> None:
    before = plan.read_bytes()
    run("done", "1.1.1", *ON, "-p", plan)
    at = entries(plan)[-1].at
    assert run("undo", "-p", plan) == (
        0,
        f"已撤销:{at} 王芳 执行的 done 1.1.1。文件已恢复原样。\n",
        "",
    )
    assert plan.read_bytes() == before


def test_undo_nothing_to_undo(run: Run, plan: Path) -> None:
    before = plan.read_bytes()
    assert run("undo", "-p", plan) == (6, "", "没有可以撤销的操作。\n")
    run("note", "1.1.1.1", "进展", *ON, "-p", plan)
    assert run("undo", "-p", plan)[0] == 0
    assert run("undo", "-p", plan) == (6, "", "没有可以撤销的操作。\n")
    assert plan.read_bytes() == before


def test_undo_after_other_change_refused(run: Run, plan: Path) -> None:
    run("done", "1.1.1.1", *ON, "-p", plan)
    at = entries(plan)[-1].at
    edited = plan.read_bytes().replace(b"unit: ", b"unit:  ")
    plan.write_bytes(edited)  # the clerk's own edit in a text editor
    assert run("undo", "-p", plan) == (
        6,
        "",
        f"{plan} 在上一次 rectify 操作({at})之后被其他方式改动过,不能撤销。\n",
    )
    assert plan.read_bytes() == edited
    assert not entries(plan)[-1].undone


def test_undo_twice_undoes_two_commands(run: Run, plan: Path) -> None:
    first = plan.read_bytes()
    run("done", "1.1.1.1", *ON, "-p", plan)
    second = plan.read_bytes()
    run("set", "1.1.1.3", "--owner", "李四", "-p", plan)
    assert run("undo", "-p", plan)[0] == 0
    assert plan.read_bytes() == second
    assert run("undo", "-p", plan)[0] == 0
    assert plan.read_bytes() == first


def test_log_lists_changes(run: Run, plan: Path) -> None:
    run("done", "1.1.1.1", *ON, "-p", plan)
    run("note", "1.1.1.3", "方案已印发", "--evidence", "印发通知.pdf", *ON, "-p", plan)
    run("undo", "-p", plan)
    first, second = entries(plan)
    assert run("log", "-p", plan) == (
        0,
        f"{first.at}  王芳  done 1.1.1.1\n"
        "    1.1.1.1 状态:正在整改 → 已完成\n"
        "    1.1.1.1 完成时间:- → 2024-05-01\n"
        "    1.1.1.1 完成人:- → 王芳\n"
        f"{second.at}  王芳  note 1.1.1.3 (已撤销)\n"
        "    1.1.1.3 进展: → 2024-05-01 方案已印发 [印发通知.pdf]\n",
        "",
    )
    assert run("log", "-p", plan, "--lang", "en")[1].splitlines()[1] == (
        "    1.1.1.1 status: 正在整改 → 已完成"
    )


def test_log_empty(run: Run, plan: Path) -> None:
    assert run("log", "-p", plan) == (0, "还没有修改记录。\n", "")


@pytest.mark.parametrize(
    "names",
    [{}, {"USERNAME": "丁"}, {"LNAME": "丙", "USERNAME": "丁"}, {"USER": "乙", "LNAME": "丙"},
     {"LOGNAME": "甲", "USER": "乙"}],
)  # fmt: skip
def test_done_by_defaults_to_the_login_name(
    run: Run, plan: Path, monkeypatch: pytest.MonkeyPatch, names: dict[str, str]
) -> None:
    """With no --by and no $RECTIFY_USER, the change is made by the login name, found as
    getpass.getuser() finds it (LOGNAME, USER, LNAME, USERNAME, then the password database)."""
    import getpass

    env: dict[str, str | None] = dict.fromkeys(
        ("RECTIFY_USER", "LOGNAME", "USER", "LNAME", "USERNAME")
    )
    env.update(names)
    with monkeypatch.context() as m:
        for name, value in env.items():
            m.delenv(name, raising=False) if value is None else m.setenv(name, value)
        login = getpass.getuser()
    code, out, _ = run("done", "1.1.1.1", "--on", "2024-05-01", "-p", plan, env=env)
    assert (code, out.splitlines()[2]) == (0, f"1.1.1.1 完成人:- → {login}")


def notes_of(plan) -> dict[str, list[str]]:
    from rectify_cli.planfile import reader

    loaded, _ = reader.load(plan)
    found: dict[str, list[str]] = {}
    for node in loaded.nodes():
        ledger = getattr(node, "ledger", None)
        if ledger is not None and ledger.notes:
            found[node.id] = [n.text for n in ledger.notes]
    return found


def test_done_note_is_recorded_once_where_it_was_named(run, tmp_path) -> None:
    """`done ITEM --note` is one note on the item, not a copy on each of its measures; on a
    problem, one on each of its items the command moves; on a measure, on the measure."""
    import support

    on = ["--on", "2025-03-01", "--by", "办公室"]
    plan = support.copy_plan(tmp_path, source=support.SHIPPED_V1)
    assert run("done", "2.1.3", *on, "--note", "已开会", "--plan", plan)[0] == 0
    assert notes_of(plan) == {"2.1.3": ["已开会"]}
    assert run("done", "2.1", *on, "--note", "已整改", "--plan", plan)[0] == 0
    assert notes_of(plan) == {
        "2.1.1": ["已整改"], "2.1.2": ["已整改"], "2.1.3": ["已开会"], "2.1.4": ["已整改"],
    }  # fmt: skip
    assert run("done", "1.1.1.1", *on, "--note", "已学习", "--plan", plan)[0] == 0
    assert notes_of(plan)["1.1.1.1"] == ["已学习"]
