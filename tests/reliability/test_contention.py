"""Crashes and contention, short runs: a kill storm over every editing command, 8 processes
editing at once, and what happens when the file system or another program gets in the way.
The long runs are `python tools/killstorm.py` (500 kills) and `python tools/contention.py`
(8 × 50); tests/planfile already kills `done`/`set`/`note` 200 times, runs 4 × 25 `done` at once,
and shows that a killed holder's lock does not block the next command."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import support
from support import ON

from rectify_cli.planfile import journal, recheck

Run = Callable[..., tuple[int, str, str]]
Limited = Callable[[int], Callable[[], None]]


@pytest.mark.slow
def test_killstorm_every_command_leaves_old_or_new(tool: Callable[[str], Any]) -> None:
    """500 kills over done, set, note, undo and import (about two minutes): the plan is the old
    or the new bytes, valid, and its journal undoes it (or refuses cleanly); the next command
    gets the lock."""
    killstorm = tool("killstorm")
    found = killstorm.storm(500, list(killstorm.COMMANDS), jobs=2, seed=11, log=lambda _: None)
    assert found.failures == []
    assert sum(found.outcomes.values()) == 500
    assert max(found.lock_waits) < 5
    print(f"\nkill storm: {dict(found.outcomes)}; temp files left: {dict(found.leftovers)}")


@pytest.mark.slow
def test_contention_eight_processes_all_recorded(tool: Callable[[str], Any]) -> None:
    """8 processes, 6 edits each (done, set --owner, note on measures of their own) at once:
    every edit is in the plan, and the journal chains from one to the next."""
    contention = tool("contention")
    found = contention.contend(workers=8, each=6)
    assert found["missing"] == []
    assert found["recorded"] == found["edits"] == 48
    assert found["entries"] == 48


@pytest.mark.slow
def test_contention_sixteen_processes_through_mixed_names(tool: Callable[[str], Any]) -> None:
    """16 processes, 3 edits each, naming the plan four ways (absolute, a symlink elsewhere,
    relative, through a symlinked folder): every edit recorded, no command failed, one
    journal chaining from one to the next."""
    contention = tool("contention")
    found = contention.contend(workers=16, each=3, fresh=True, mixed=True)
    assert found["missing"] == []
    assert (found["recorded"], found["failed"], found["entries"]) == (48, 0, 48)


# -- a full disk -----------------------------------------------------------------------------


@pytest.fixture
def office(shipped_copy: Path) -> Path:
    """A copy of the shipped plan as data/items.yaml, with a `done` already journaled."""
    return shipped_copy


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(
    "args",
    [
        ["note", "2.1.3.2", "已召开专题会议", *ON],
        ["set", "1.1.1", "--owner", "李四", "--due", "2024-12-31"],
        ["done", "4", *ON],
    ],
    ids=["note", "set", "done-category"],
)
def test_disk_full_edit_changes_nothing(
    run: Run, run_proc: Run, limited: Limited, office: Path, args: list[str]
) -> None:
    before = office.read_bytes()
    code, out, err = run_proc(*args, "-p", office, preexec_fn=limited(len(before)))
    assert (code, out, err) == (3, "", f"无法写入 {office}:File too large\n")
    assert office.read_bytes() == before
    assert [p.name for p in office.parent.iterdir()] == [".rectify", "items.yaml"] or sorted(
        p.name for p in office.parent.iterdir()
    ) == [".rectify", "items.yaml"]
    assert not [p for p in office.parent.rglob("*.tmp")]
    assert journal.read(office) == []  # the command that failed is not in the log
    assert run("undo", "-p", office) == (6, "", "没有可以撤销的操作。\n")


def test_disk_full_undo_changes_nothing_and_can_be_retried(
    run: Run, run_proc: Run, limited: Limited, office: Path
) -> None:
    original = office.read_bytes()
    assert run("done", "2.1.3", *ON, "-p", office)[0] == 0
    done = office.read_bytes()
    code, out, err = run_proc("undo", "-p", office, preexec_fn=limited(len(original) - 1))
    assert (code, out, err) == (3, "", f"无法写入 {office}:File too large\n")
    assert office.read_bytes() == done
    assert not [p for p in office.parent.rglob("*.tmp")]
    assert [e.undone for e in journal.read(office)] == [False]
    code, out, _ = run("undo", "-p", office)
    assert code == 0 and out.startswith("已撤销:")
    assert office.read_bytes() == original


TEMP_FULL = f"无法生成 {{path}}:临时文件夹 {tempfile.gettempdir()} 无法写入(File too large)\n"


@pytest.mark.parametrize(
    "args",
    [
        ["report", "-o", "通报.txt"],
        ["report", "-f", "html", "-o", "通报.txt"],
        ["export", "-f", "csv", "-o", "通报.txt"],
        ["export", "-o", "通报.txt"],
    ],
    ids=["report", "report-html", "export-csv", "export-xlsx"],
)
def test_disk_full_output_keeps_the_old_file(
    run_proc: Run, limited: Limited, office: Path, args: list[str]
) -> None:
    """-o writes a temporary file and renames it: a full disk leaves the old output whole."""
    old = office.parent / "通报.txt"
    old.write_bytes(b"x" * 2000)
    code, out, err = run_proc(*args, "-p", office, cwd=office.parent, preexec_fn=limited(2000))
    if args[:2] == ["export", "-o"]:  # openpyxl's temporary files fill up first
        assert (code, out, err) == (3, "", TEMP_FULL.format(path=args[-1]))
    else:
        assert (code, out, err) == (3, "", f"无法写入 {args[-1]}:File too large\n")
    assert old.read_bytes() == b"x" * 2000
    assert not [p for p in office.parent.rglob("*.tmp")]


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        (
            300,
            f"无法生成 汇总.xlsx:临时文件夹 {tempfile.gettempdir()} 无法写入(工作表没有写完整,"
            "磁盘可能已满)\n",
        ),
        (3000, "无法写入 汇总.xlsx:File too large\n"),
    ],
    ids=["temporary-files", "output"],
)
def test_disk_full_summary_xlsx_keeps_the_old_file(
    run_proc: Run, limited: Limited, office: Path, limit: int, message: str
) -> None:
    """The round summary's workbook goes through openpyxl's temporary files too. Small as it
    is, openpyxl saved it with its sheet cut short and no error (an xlsx Excel cannot open,
    exit 0): each sheet is now checked to end where a sheet ends."""
    old = office.parent / "汇总.xlsx"
    old.write_bytes(b"x" * 200)
    code, out, err = run_proc(
        "summary", office, "-o", "汇总.xlsx", cwd=office.parent, preexec_fn=limited(limit)
    )
    assert (code, out, err) == (3, "", message)
    assert old.read_bytes() == b"x" * 200
    assert not [p for p in office.parent.rglob("*.tmp")]


@pytest.mark.parametrize("limit", [2000, 60_000])
def test_disk_full_xlsx_without_lxml(
    run_proc: Run, limited: Limited, office: Path, limit: int
) -> None:
    """Installed without the docx extra there is no lxml: openpyxl writes through the standard
    library, and a full disk is an OSError there, at the first row or half-way."""
    hide = office.parent.parent / "no-lxml"
    hide.mkdir()
    (hide / "lxml.py").write_text("raise ImportError('not installed here')\n", encoding="utf-8")
    env = {"PYTHONPATH": str(hide)}
    code, out, err = run_proc(
        "export", "-o", "台账.xlsx", "-p", office, cwd=office.parent, env=env,
        preexec_fn=limited(limit),
    )  # fmt: skip
    assert (code, out, err) == (3, "", TEMP_FULL.format(path="台账.xlsx"))
    assert not (office.parent / "台账.xlsx").exists()
    assert run_proc("export", "-o", "台账.xlsx", "-p", office, cwd=office.parent, env=env)[0] == 0


@pytest.mark.parametrize("how", ["init", "import notice"])
def test_disk_full_new_plan_leaves_no_file(
    run_proc: Run, limited: Limited, tmp_path: Path, how: str
) -> None:
    target = tmp_path / "new.yaml"
    if how == "init":
        args: list[Any] = ["init", target, "--example"]
    else:
        notice = tmp_path / "通报.txt"
        measure = "组织党员干部深入学习" * 20
        notice.write_text(
            "二、反馈问题整改落实情况\n(一)学习不够深入\n1.理论学习不够系统\n"
            f"(1)在学习计划方面。一是{measure};二是召开会议。\n",
            encoding="utf-8",
        )
        args = ["import", notice, "-o", target]
    code, out, err = run_proc(*args, preexec_fn=limited(1000))
    assert (code, out) == (3, "")
    assert err == f"无法写入 {target}:File too large\n"
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# -- a folder the user may not write -------------------------------------------------------


@pytest.fixture
def read_only(
    run: Run,
    run_proc: Run,
    tool: Callable[[str], Any],
    unprivileged: Callable[[], Run | None],
) -> Iterator[Callable[..., Any]]:
    """`read_only(*args)`: run the CLI in a folder it may not write (its .rectify/ it may, so
    that the journal can be read and kept), on a plan with a journaled `done`; returns
    (exit code, stdout, stderr). The plan is `plan/items.yaml`, beside a returned ledger."""
    import shutil
    import tempfile

    where = Path(tempfile.mkdtemp(prefix="rectify-ro-"))
    where.chmod(0o755)
    folder = where / "plan"
    plan = support.copy_plan(folder)
    tool("killstorm").returned_ledger(folder)
    assert run("done", "2.1.3", *ON, "-p", plan)[0] == 0
    for p in [folder, *folder.rglob("*")]:
        p.chmod(0o777 if p.is_dir() else 0o666)

    def run_there(*args: Any) -> tuple[int, str, str]:
        dropped = unprivileged()
        argv = [str(a) for a in args]
        folder.chmod(0o555)
        try:
            if dropped is None:
                return run_proc(*argv, cwd=where)
            return dropped(*argv, home=where)
        finally:
            folder.chmod(0o777)

    run_there.plan = plan  # type: ignore[attr-defined]
    yield run_there
    shutil.rmtree(where)


@pytest.mark.parametrize(
    "args",
    [["undo"], ["import", "plan/退回台账.xlsx", "--yes", "--today", "2024-06-01"]],
    ids=["undo", "import"],
)
def test_read_only_folder_exit_3_nothing_changed(
    read_only: Callable[..., Any], args: list[str]
) -> None:
    plan: Path = read_only.plan  # type: ignore[attr-defined]
    before = plan.read_bytes()
    entries = journal.read(plan)
    code, _, err = read_only(*args, "-p", "plan/items.yaml")
    assert code == 3
    assert err.endswith("\n无法写入 plan/items.yaml:Permission denied\n") or err == (
        "无法写入 plan/items.yaml:Permission denied\n"
    )
    assert plan.read_bytes() == before
    assert journal.read(plan) == entries  # the `done` is still there to undo, not undone
    assert not [p for p in plan.parent.rglob("*.tmp")]


# -- a plan replaced under the tool's feet ----------------------------------------------------

EDITOR = "巡查整改"  # what "another program" writes: the shipped plan with one word changed


def saved_by_editor(plan: Path) -> bytes:
    data = plan.read_bytes().replace("巡察整改".encode(), EDITOR.encode(), 1)
    plan.write_bytes(data)
    return data


@pytest.mark.parametrize("moment", ["after reading", "after the journal"])
def test_plan_saved_by_another_program_meanwhile_is_kept(
    run: Run, office: Path, monkeypatch: pytest.MonkeyPatch, moment: str
) -> None:
    """Another program (an editor, a sync client) does not take rectify's lock. Saved while
    `done` works out its change, or between the journal and the rename, its bytes win: the
    command is refused (6), nothing of it is written or journaled."""
    saved: list[bytes] = []
    if moment == "after reading":
        real = recheck.check

        def check(*args: Any) -> Any:  # the check of the edited text: after reading
            result = real(*args)
            saved.append(saved_by_editor(office))
            return result

        monkeypatch.setattr(recheck, "check", check)
    else:
        real_append = journal.append

        def append(plan: Path, entry: journal.Entry) -> None:
            real_append(plan, entry)
            saved.append(saved_by_editor(plan))

        monkeypatch.setattr(journal, "append", append)
    code, out, err = run("done", "2.1.3", *ON, "-p", office)
    assert (code, out) == (6, "")
    assert err == f"{office} 在读取后被其他程序改动,已放弃本次修改,请重试。\n"
    assert office.read_bytes() == saved[0]
    assert journal.read(office) == []
    assert not [p for p in office.parent.rglob("*.tmp")]


def test_plan_deleted_meanwhile_is_not_recreated(
    run: Run, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_append = journal.append

    def append(plan: Path, entry: journal.Entry) -> None:
        real_append(plan, entry)
        plan.unlink()

    monkeypatch.setattr(journal, "append", append)
    code, out, err = run("done", "2.1.3", *ON, "-p", office)
    assert (code, out, err) == (6, "", f"{office} 在读取后被其他程序改动,已放弃本次修改,请重试。\n")
    assert not office.exists()
    assert journal.read(office) == []


def test_plan_deleted_before_the_check_exit_6(
    run: Run, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = recheck.check

    def check(*args: Any) -> Any:
        result = real(*args)
        office.unlink()
        return result

    monkeypatch.setattr(recheck, "check", check)
    code, out, err = run("done", "2.1.3", *ON, "-p", office)
    assert (code, out, err) == (6, "", f"{office} 在读取后被其他程序改动,已放弃本次修改,请重试。\n")
    assert not office.exists()


def test_plan_saved_by_another_program_during_undo_is_kept(
    run: Run, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("done", "2.1.3", *ON, "-p", office)[0] == 0
    saved: list[bytes] = []
    real = journal.digest

    def digest(raw: bytes) -> str:  # undo hashes the bytes it will write, just before writing
        if not saved and raw != office.read_bytes():
            saved.append(saved_by_editor(office))
        return real(raw)

    monkeypatch.setattr(journal, "digest", digest)
    code, out, err = run("undo", "-p", office)
    assert (code, out) == (6, "")
    assert err == f"{office} 在读取后被其他程序改动,已放弃本次修改,请重试。\n"
    assert office.read_bytes() == saved[0]
    assert [e.undone for e in journal.read(office)] == [False]


def test_plan_replaced_between_commands_undo_refuses(run: Run, office: Path) -> None:
    """Changed by other means after a command: undo says so rather than guess (no loss)."""
    assert run("done", "2.1.3", *ON, "-p", office)[0] == 0
    saved = saved_by_editor(office)
    at = journal.read(office)[-1].at
    assert run("undo", "-p", office) == (
        6,
        "",
        f"{office} 在上一次 rectify 操作({at})之后被其他方式改动过,不能撤销。\n",
    )
    assert office.read_bytes() == saved
