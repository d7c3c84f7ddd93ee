"""What done, reopen, set, note, undo and log say and do: exact output, exit code, file bytes."""

from __future__ import annotations

import contextlib
import json
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from rectify_cli.planfile import journal, reader

GOLDEN = Path(__file__).resolve().parent / "golden"
ON = ["--on", "2024-05-01", "--by", "王芳"]

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """The commented plan of the golden tests (1.1.1.2 and 2.1.2 done, the rest not)."""
    path = tmp_path / "plan.yaml"
    shutil.copyfile(GOLDEN / "comments.yaml", path)
    return path


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


FLOW = """\
title: 测试
findings:
  categories:
    - title: 方面
      items:
        - title: 意见
          measures:
            - text: 普通写法的措施
              status: doing
            - {text: 一行写完的措施, status: doing}
"""


def test_done_flow_entry_refused(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text(FLOW, encoding="utf-8")
    hint = (
        f"{path}:10: 这一项用 {{…}} 或 […] 写在一行里,无法安全修改。"
        "请改成每个字段单独一行(键: 值)的写法后重试。\n"
    )
    assert run("done", "1.1.2", *ON, "-p", path) == (6, "", hint)
    # the item: its first measure could be changed, but nothing is unless all can be
    assert run("done", "1.1", *ON, "-p", path) == (6, "", hint)
    assert run("note", "1.1.2", "进展", "-p", path) == (6, "", hint)
    assert path.read_text(encoding="utf-8") == FLOW
    assert entries(path) == []
    assert run("done", "1.1.1", *ON, "-p", path)[0] == 0  # the block entry is fine


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


def test_set_without_option_usage_error(run: Run, plan: Path) -> None:
    before = plan.read_bytes()
    assert run("set", "1.1.1.1", "-p", plan) == (
        2,
        "",
        "请至少给出 --status、--due、--owner、--dept 中的一项。\n",
    )
    assert plan.read_bytes() == before


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


def test_set_bad_due_usage_error(run: Run, plan: Path) -> None:
    before = plan.read_bytes()
    assert run("set", "1.1.1.1", "--due", "2024-6-30", "-p", plan) == (
        2,
        "",
        "日期“2024-6-30”无效,应为 YYYY-MM-DD。\n",
    )
    assert plan.read_bytes() == before


def test_set_bad_status_refused(run: Run, plan: Path) -> None:
    before = plan.read_bytes()
    assert run("set", "1.1.1.1", "--status", "完成", "-p", plan) == (
        2,
        "",
        "状态“完成”无效,可选:todo/未开始, doing/正在整改, done/已完成, ongoing/长期坚持\n",
    )
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


def test_done_keeps_permissions(run: Run, plan: Path) -> None:
    plan.chmod(0o640)
    run("done", "1.1.1.1", *ON, "-p", plan)
    assert stat.S_IMODE(plan.stat().st_mode) == 0o640
    run("undo", "-p", plan)
    assert stat.S_IMODE(plan.stat().st_mode) == 0o640


def test_note_journal_bounded(run: Run, plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the last KEEP commands are kept (trimmed at once with no slack), and only those
    can be undone."""
    monkeypatch.setattr(journal, "KEEP", 5)
    monkeypatch.setattr(journal, "SLACK", 0)
    states = [plan.read_bytes()]
    for day in range(1, 13):
        code, _, _ = run(
            "note", "1.1.1.1", f"第{day}次进展", "--on", f"2024-05-{day:02}", "-p", plan
        )
        assert code == 0
        states.append(plan.read_bytes())
    lines = journal.journal_path(plan).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    assert [json.loads(line)["changes"][0][3] for line in lines] == [
        f"2024-05-{day:02} 第{day}次进展" for day in range(8, 13)
    ]
    assert (plan.parent / ".rectify" / ".gitignore").read_text(encoding="utf-8") == "*\n"
    for expected in reversed(states[7:12]):
        assert run("undo", "-p", plan)[0] == 0
        assert plan.read_bytes() == expected
    assert run("undo", "-p", plan) == (6, "", "没有可以撤销的操作。\n")
    assert plan.read_bytes() == states[7]
    reader.load(plan)


def test_note_journal_trimmed_back_to_keep_past_the_slack(
    run: Run, plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full journal is not rewritten on every command: it grows to KEEP + SLACK entries,
    and the next command trims it back to the last KEEP."""
    monkeypatch.setattr(journal, "KEEP", 3)
    monkeypatch.setattr(journal, "SLACK", 2)
    counts = []
    for day in range(1, 10):
        assert run("note", "1.1.1.1", f"第{day}次", "--on", f"2024-05-{day:02}", "-p", plan)[0] == 0
        lines = journal.journal_path(plan).read_text(encoding="utf-8").splitlines()
        counts.append(len(lines))
    assert counts == [1, 2, 3, 4, 5, 3, 4, 5, 3]
    assert [json.loads(line)["changes"][0][3] for line in lines] == [
        f"2024-05-{day:02} 第{day}次" for day in (7, 8, 9)
    ]


def test_done_journal_beside_plan(run: Run, plan: Path) -> None:
    run("done", "1.1.1.1", *ON, "-p", plan)
    folder = plan.parent / ".rectify"
    names = {p.name for p in folder.iterdir()}
    assert {".gitignore", "plan.yaml.journal.jsonl", "plan.yaml.lock"} <= names
    assert not [name for name in names if name.endswith(".tmp")]
    assert sorted(p.name for p in plan.parent.iterdir()) == [".rectify", "plan.yaml"]
    (entry,) = entries(plan)
    assert (entry.by, entry.command, entry.ids) == ("王芳", "done", ["1.1.1.1"])
    assert entry.after == journal.digest(plan.read_bytes())


QUOTED_ENGLISH = """\
title: 测试
findings:
  categories:
    - title: 方面
      items:
        - title: 意见
          status: 'todo'
          measures:
            - text: 甲
              status: 'doing'
            - text: 乙
            - text: 丙
              status:
"""


def test_done_status_words_follow_file(run: Run, tmp_path: Path) -> None:
    """A file whose statuses are all quoted English words gets English words, also where a
    measure had no status or an empty one."""
    path = tmp_path / "plan.yaml"
    path.write_text(QUOTED_ENGLISH, encoding="utf-8")
    assert run("done", "1.1", *ON, "-p", path)[0] == 0
    assert path.read_text(encoding="utf-8") == QUOTED_ENGLISH.replace(
        "              status: 'doing'\n",
        "              status: 'done'\n              done_on: 2024-05-01\n"
        "              done_by: 王芳\n",
    ).replace(
        "            - text: 乙\n",
        "            - text: 乙\n              status: done\n              done_on: 2024-05-01\n"
        "              done_by: 王芳\n",
    ).replace(
        "              status:\n",
        "              status: done\n              done_on: 2024-05-01\n"
        "              done_by: 王芳\n",
    )


def test_done_symlinked_plan_stays_a_link(run: Run, plan: Path, tmp_path: Path) -> None:
    """A plan reached through a symlink: the file it names changes, the link stays a link."""
    before = plan.read_bytes()
    link = tmp_path / "link.yaml"
    link.symlink_to(plan)
    assert run("done", "1.1.1.1", *ON, "-p", link)[0] == 0
    assert link.is_symlink()
    assert plan.read_bytes() == (GOLDEN / "comments" / "done_measure.yaml").read_bytes()
    assert run("undo", "-p", link)[0] == 0
    assert link.is_symlink()
    assert plan.read_bytes() == before


@pytest.mark.parametrize("cache", ["cold", "warm"])
def test_done_in_a_file_with_two_boms_keeps_both(
    run: Run,
    tmp_path: Path,
    cross_checked: Callable[[], contextlib.AbstractContextManager[list[bool]]],
    cache: str,
) -> None:
    """A second BOM (an editor that added its own) is kept like the first. libyaml skips a BOM
    at the start of what it reads without counting it, so every position after it was one off:
    the edit was checked by reading the whole text, or refused when it was spliced from the
    whole tree (found by fuzzing the check of an edit)."""
    bom = b"\xef\xbb\xbf"
    shipped = (Path(__file__).resolve().parents[2] / "data" / "items.yaml").read_bytes()
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_bytes(bom + shipped)
    two.write_bytes(bom + bom + shipped)
    env = {"RECTIFY_NO_CACHE": "1" if cache == "cold" else None}
    for plan in (one, two):
        if cache == "warm":
            assert run("validate", "--plan", plan, env=env)[0] == 0
        with cross_checked() as told:
            assert run("done", "1.1.1.1", *ON, "--plan", plan, env=env)[0] == 0
        assert told == [True]  # from the changed lines: the positions are right
    assert two.read_bytes() == bom + one.read_bytes()
    assert one.read_bytes() != bom + shipped
    assert run("undo", "--plan", two)[0] == 0
    assert two.read_bytes() == bom + bom + shipped


@pytest.mark.parametrize(
    "names",
    [{}, {"USERNAME": "丁"}, {"LNAME": "丙", "USERNAME": "丁"}, {"USER": "乙", "LNAME": "丙"},
     {"LOGNAME": "甲", "USER": "乙"}],
)  # fmt: skip
def test_done_by_defaults_to_the_login_name(
    run: Run, plan: Path, monkeypatch: pytest.MonkeyPatch, names: dict[str, str]
) -> None:
    """With no --by and no $RECTIFY_USER, the change is made by the login name, found as
    getpass.getuser() finds it (LOGNAME, USER, LNAME, USERNAME, then the password database),
    which the command does without importing getpass."""
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
