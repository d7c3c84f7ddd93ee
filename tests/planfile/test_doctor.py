"""A damaged tool folder (`.rectify/`): the journal a folder, `.rectify` a file, a journal entry
with fields of the wrong kinds. `log` and `undo` crashed (IsADirectoryError, NotADirectoryError,
TypeError); now each says what is wrong and names `rectify doctor`, which explains it and, with
--fix, moves what is damaged aside, never touching the plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import support

HINT = "运行 rectify doctor 查看，rectify doctor --fix 修复（计划文件不会被改动）。"
FIX_HINT = (
    "运行 rectify doctor --fix 修复：损坏的部分移到一旁另存（不删除），计划文件不会被改动。\n"
)
STAMP = "damaged-20261208T000000"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return support.copy_plan(tmp_path)


@pytest.fixture(autouse=True)
def fixed_stamp(monkeypatch) -> None:
    """The name a damaged part is moved aside to, made of a fixed time."""
    try:
        from rectify_cli.planfile import doctor
    except ImportError:  # (a checkout before doctor: the tests fail on what they check)
        return

    class Clock:
        @staticmethod
        def now():
            import datetime

            return datetime.datetime(2026, 12, 8, 0, 0, 0)

    monkeypatch.setattr(doctor, "datetime", Clock)


def journal_a_folder(plan: Path) -> Path:
    where = plan.parent / ".rectify" / "items.yaml.journal.jsonl"
    where.mkdir(parents=True)
    return where


def tool_folder_a_file(plan: Path) -> Path:
    where = plan.parent / ".rectify"
    where.write_text("not a folder\n", encoding="utf-8")
    return where


ENTRY = {"at": "2026-12-01T10:00:00", "by": "王芳", "command": "done", "ids": ["2.1.3"],
         "changes": [["2.1.3.1", "status", "正在整改", "已完成"]], "before": "a" * 64,
         "after": "b" * 64, "undo": [[0, 1, "x"]], "undone": False}  # fmt: skip


def wrong_types(plan: Path) -> Path:
    """Three lines: a whole entry, one with `ids` a number and `at` a number, a torn line."""
    where = plan.parent / ".rectify" / "items.yaml.journal.jsonl"
    where.parent.mkdir()
    bad = {**ENTRY, "ids": 4}
    lines = [json.dumps(ENTRY), json.dumps(bad, ensure_ascii=False), '{"at": "2026']
    where.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return where


@pytest.mark.parametrize("command", ["log", "undo"])
def test_journal_that_is_a_folder(command: str, plan: Path, cli) -> None:
    where = journal_a_folder(plan)
    result = cli(command, "-p", plan)
    assert (result.code, result.out) == (3, "")
    assert result.err == f"修改记录 {where} 应为文件，实际是文件夹；{HINT}\n"


@pytest.mark.parametrize("command", ["log", "undo", "done"])
def test_tool_folder_that_is_a_file(command: str, plan: Path, cli) -> None:
    where = tool_folder_a_file(plan)
    before = plan.read_bytes()
    args = ("2.1.3",) if command == "done" else ()
    result = cli(command, *args, "-p", plan)
    assert (result.code, result.out) == (3, "")
    assert result.err == (
        f"{where} 应为 rectify 的工具文件夹（存放修改记录、锁和缓存），实际是文件；{HINT}\n"
    )
    assert plan.read_bytes() == before


@pytest.mark.parametrize("command", ["log", "undo"])
def test_journal_entry_of_the_wrong_types(command: str, plan: Path, cli) -> None:
    where = wrong_types(plan)
    result = cli(command, "-p", plan)
    assert (result.code, result.out) == (4, "")
    assert result.err == (
        f"{where}:2:1: 错误: 这条修改记录已损坏：字段“ids”缺失、多余或类型不对。\n"
        "修改记录有 1 处损坏，未做任何操作；" + HINT + "\n"
    )


@pytest.mark.parametrize(
    ("entry", "field"),
    [({**ENTRY, "at": 1}, "at"), ({**ENTRY, "undone": "no"}, "undone"),
     ({**ENTRY, "changes": [["a", "b"]]}, "changes"), ({**ENTRY, "undo": [[0, "1", "x"]]}, "undo"),
     ({**ENTRY, "extra": 1}, "extra"), ({k: v for k, v in ENTRY.items() if k != "by"}, "by"),
     ([1, 2], "{}"), ({**ENTRY, "undo": [[True, 1, "x"]]}, "undo")],
)  # fmt: skip
def test_each_wrong_field_is_named(entry: object, field: str) -> None:
    from rectify_cli.planfile.entries import checked

    assert checked((json.dumps(entry) + "\n").encode()) == ([], [(1, field)])


def test_doctor_on_a_sound_folder_and_on_none(plan: Path, cli) -> None:
    assert (
        cli("doctor", "-p", plan).out == f"{plan.parent / '.rectify'}：工具文件夹完好，无需修复。\n"
    )
    assert cli("done", "2.1.3", "-p", plan).code == 0
    result = cli("doctor", "-p", plan, "--lang", "en")
    assert (result.code, result.out) == (
        0,
        f"{plan.parent / '.rectify'}: the tool folder is sound\n",
    )


def repaired(plan: Path, cli, explained: str, done: str) -> None:
    """doctor explains (exit 3), --fix repairs (exit 0) leaving the plan's bytes, and then the
    folder is sound, and done, log and undo work."""
    before = plan.read_bytes()
    assert cli("doctor", "-p", plan) == support.Output(3, explained, FIX_HINT, explained.encode())
    result = cli("doctor", "-p", plan, "--fix")
    assert (result.code, result.out, result.err) == (0, explained + done, "")
    assert plan.read_bytes() == before
    assert cli("doctor", "-p", plan).code == 0
    assert cli("done", "2.1.3", "-p", plan).code == 0
    assert cli("log", "-p", plan).code == 0
    assert cli("undo", "-p", plan).code == 0
    assert plan.read_bytes() == before


def test_doctor_moves_a_journal_folder_aside(plan: Path, cli) -> None:
    where = journal_a_folder(plan)
    (where / "something.txt").write_text("kept", encoding="utf-8")
    explained = f"{where} 应为修改记录文件，实际不是普通文件：log 和 undo 无法读取它。\n"
    repaired(plan, cli, explained, f"已把 {where} 移到 {where}.{STAMP}。\n")
    assert (Path(f"{where}.{STAMP}") / "something.txt").read_text(encoding="utf-8") == "kept"


def test_doctor_moves_a_tool_folder_file_aside(plan: Path, cli) -> None:
    where = tool_folder_a_file(plan)
    explained = f"{where} 应为工具文件夹，实际是文件：rectify 无法记录修改，也无法撤销。\n"
    repaired(plan, cli, explained, f"已把 {where} 移到 {where}.{STAMP}。\n")
    assert Path(f"{where}.{STAMP}").read_text(encoding="utf-8") == "not a folder\n"


def test_doctor_rewrites_a_journal_with_damaged_entries(plan: Path, cli) -> None:
    where = wrong_types(plan)
    old = where.read_bytes()
    explained = (
        f"{where}:2: 这条修改记录已损坏（字段“ids”缺失、多余或类型不对）："
        "log 和 undo 无法使用它。\n"
    )
    done = f"已重写 {where}：保留 1 条完好的记录，原文件另存为 {where}.{STAMP}。\n"
    before = plan.read_bytes()
    assert cli("doctor", "-p", plan).code == 3
    result = cli("doctor", "-p", plan, "--fix")
    assert (result.code, result.out) == (0, explained + done)
    assert Path(f"{where}.{STAMP}").read_bytes() == old
    # the whole entry written back, with the fields an older journal left out at their defaults
    whole = {**ENTRY, "ops": [], "lost": False}
    assert where.read_text(encoding="utf-8") == json.dumps(whole, ensure_ascii=False) + "\n"
    assert plan.read_bytes() == before
    log = cli("log", "-p", plan)
    assert log.out == "2026-12-01T10:00:00  王芳  done 2.1.3\n    2.1.3.1 状态:正在整改 → 已完成\n"


def test_doctor_moves_a_lock_or_cache_folder_aside(plan: Path, cli) -> None:
    folder = plan.parent / ".rectify"
    (folder / "items.yaml.lock").mkdir(parents=True)
    (folder / "items.yaml.cache").mkdir()
    explained = "".join(
        f"{folder / name} 应为文件，实际不是普通文件（锁或读取缓存）。\n"
        for name in ("items.yaml.cache", "items.yaml.lock")
    )
    done = "".join(
        f"已把 {folder / name} 移到 {folder / name}.{STAMP}。\n"
        for name in ("items.yaml.cache", "items.yaml.lock")
    )
    repaired(plan, cli, explained, done)
