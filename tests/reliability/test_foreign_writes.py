"""Other programs writing the plan while rectify edits it (planfile/guard.py, planfile/lost.py):
an in-place writer that pauses mid-file (cp, a sync client, an editor saving without a rename),
and an editor saving an older copy over a `done`. The long race is `python tools/writerrace.py`
(its short run is the slow test at the end)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import support
from support import ON

from rectify_cli.model.plan import Status
from rectify_cli.planfile import journal, reader

Run = Callable[..., tuple[int, str, str]]

# Writes its standard input into the plan in place, in two halves, pausing between them.
WRITER = """
import sys, time
plan, cut, pause = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
data = sys.stdin.buffer.read()
with open(plan, "wb") as f:
    f.write(data[:cut]); f.flush()
    print("half", flush=True)
    time.sleep(pause)
    f.write(data[cut:])
"""


def two_categories(tool: Callable[[str], Any]) -> tuple[bytes, int]:
    """A plan of two categories of ten measures, and where the second starts: its first half
    alone is a valid plan too."""
    text = tool("contention").plan_text(2, 10).encode("utf-8")
    return text, text.index("    - title: 方面2".encode())


def start_writer(plan: Path, data: bytes, cut: int, pause: float) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-c", WRITER, str(plan), str(cut), str(pause)]
    pipe = subprocess.PIPE
    writer = subprocess.Popen(argv, stdin=pipe, stdout=pipe, env=support.clean_env())
    assert writer.stdin is not None and writer.stdout is not None
    writer.stdin.write(data)
    writer.stdin.close()
    assert writer.stdout.readline() == b"half\n"  # the first half is on disk now
    return writer


def measures(plan: Path) -> int:
    return sum(1 for _ in reader.load(plan)[0].measures())


def test_inplace_writer_pausing_mid_file_loses_nothing(
    run: Run, tmp_path: Path, tool: Callable[[str], Any]
) -> None:
    """`done` while another program is half-way through writing the plan in place: it waits
    for the writer to close the file, then edits the whole of it (it used to edit the first
    half, a valid plan, and the writer's second half went into the replaced file: 10 of 20
    measures gone, exit 0)."""
    plan = tmp_path / "plan.yaml"
    data, cut = two_categories(tool)
    plan.write_bytes(b"old\n")
    writer = start_writer(plan, data, cut, 0.6)
    code, out, err = run("done", "1.1.1", *ON, "-p", plan)
    assert writer.wait(10) == 0
    assert (code, err) == (0, "")
    assert out.startswith("1.1.1 状态:正在整改 → 已完成\n")
    assert measures(plan) == 20
    done = reader.load(plan)[0].find((1, 1, 1))
    assert done is not None and done.status is Status.DONE  # type: ignore[union-attr]
    assert plan.read_bytes().count(b"text: ") == 20


def test_writer_into_the_replaced_file_is_kept_and_named(
    run: Run, tmp_path: Path, tool: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the kernel cannot tell that the plan is being written (another user's file, no
    leases) and the writer pauses longer than a young file is left to settle, the edit goes
    ahead; what the writer writes after it goes into the replaced file, which stays reachable
    in the tool's folder. The next command says so, with where it is and how to merge."""
    monkeypatch.setattr("rectify_cli.planfile.guard.being_written", lambda real: False)
    plan = tmp_path / "plan.yaml"
    data, cut = two_categories(tool)
    plan.write_bytes(b"old\n")
    writer = start_writer(plan, data, cut, 1.0)
    code, _, err = run("done", "1.1.1", *ON, "-p", plan)
    assert (code, err) == (0, "")
    assert writer.wait(10) == 0
    kept = tmp_path / ".rectify" / "plan.yaml.replaced"
    assert kept.read_bytes() == data  # the writer's whole file, nothing lost
    warning = (
        f"警告：rectify 修改 {plan} 时，另一个程序仍在写入旧文件。它写入的版本保存在 {{other}}。"
        f"请对照两者（例如 diff {plan} {{other}}），"
        f"把需要的内容合并到 {plan}，然后删除 {{other}}。\n"
    )
    assert run("validate", "-p", plan)[2] == warning.format(other=kept)
    code, _, err = run("done", "1.1.2", *ON, "-p", plan)  # under the lock: moved aside
    others = sorted((tmp_path / ".rectify").glob("plan.yaml.other-*.yaml"))
    assert len(others) == 1 and others[0].read_bytes() == data
    assert (code, err) == (0, warning.format(other=others[0]))
    assert run("status", "-p", plan)[2] == warning.format(other=others[0])
    others[0].unlink()  # merged: no more warnings
    assert run("status", "-p", plan)[2] == ""


# -- an editor saving an older copy over a `done` ------------------------------------------


def lost_warning(plan: Path, at: str) -> str:
    return (
        f"警告：{plan} 被其他程序保存覆盖，文件中已没有 rectify 的 1 次修改：\n"
        f"    {at}  王芳  done 2.1.3\n"
        f"可用 rectify reapply -p {plan} 重新应用（rectify log 查看详情）；如是有意改回，"
        "rectify reapply --forget 不再提示。\n"
    )


def test_editor_saving_over_a_done_is_named_and_reapplied(run: Run, shipped_copy: Path) -> None:
    plan = shipped_copy
    old = plan.read_bytes()
    assert run("done", "2.1.3", *ON, "-p", plan)[0] == 0
    edited = plan.read_bytes()
    at = journal.read(plan)[-1].at
    plan.write_bytes(old)  # the editor had it open before the done, and saves
    code, out, err = run("status", "-p", plan)
    assert (code, err) == (0, lost_warning(plan, at))
    log = run("log", "-p", plan)[1]
    assert log.splitlines()[0] == (
        f"{at}  王芳  done 2.1.3 (已丢失：文件中已没有这次修改，可用 rectify reapply 重新应用)"
    )
    code, out, err = run("reapply", "-p", plan, "--by", "王芳")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "2.1.3.1 状态:正在整改 → 已完成"
    assert plan.read_bytes() == edited  # exactly what the done wrote
    assert run("status", "-p", plan)[2] == ""
    assert "已丢失" not in run("log", "-p", plan)[1]
    assert run("reapply", "-p", plan) == (6, "", f"{plan} 没有丢失的修改，不需要重新应用。\n")


def test_editor_saving_over_a_done_then_an_edit_marks_it(run: Run, shipped_copy: Path) -> None:
    """The next edit names the lost one too, and marks it in the journal: it stays named after
    that edit, until it is applied again or forgotten."""
    plan = shipped_copy
    old = plan.read_bytes()
    assert run("done", "2.1.3", *ON, "-p", plan)[0] == 0
    at = journal.read(plan)[-1].at
    plan.write_bytes(old)
    code, _, err = run("note", "1.1.1", "已整改", *ON, "-p", plan)
    assert (code, err) == (0, lost_warning(plan, at))
    assert [e.lost for e in journal.read(plan)] == [True, False]
    assert run("status", "-p", plan)[2] == lost_warning(plan, at)
    assert run("reapply", "--forget", "-p", plan) == (
        0, "已不再提示 1 次丢失的修改（记为已撤销）。\n", ""
    )  # fmt: skip
    assert run("status", "-p", plan)[2] == ""
    assert plan.read_bytes().count("已完成".encode()) == old.count("已完成".encode())


# -- the long race, short ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("lease", [True, False], ids=["lease", "no-lease"])
def test_writer_race_loses_nothing(tool: Callable[[str], Any], lease: bool) -> None:
    """An in-place writer pausing mid-file against `done`, at spread moments: 0 lost edits,
    also where the kernel cannot tell that the file is open for writing."""
    found = tool("writerrace").race(12, seed=3, lease=lease)
    assert found["lost"] == [], found["lost"]
    assert found["runs"] == 12


def test_reapplied_edit_then_changed_again_is_not_lost(run: Run, shipped_copy: Path) -> None:
    """A lost edit applied again and then changed by rectify (reopen) is not named again."""
    plan = shipped_copy
    old = plan.read_bytes()
    assert run("done", "2.1.3", *ON, "-p", plan)[0] == 0
    plan.write_bytes(old)
    assert run("note", "1.1.1", "已整改", *ON, "-p", plan)[0] == 0  # marks the done lost
    assert run("reapply", "-p", plan)[0] == 0
    code, _, err = run("reopen", "2.1.3", "-p", plan)
    assert (code, err) == (0, "")
    assert [e.lost for e in journal.read(plan)] == [False, False, False, False]
    assert run("status", "-p", plan)[2] == ""


def test_link_left_by_a_command_stopped_before_its_rename_is_no_warning(
    run: Run, shipped_copy: Path
) -> None:
    """Killed between linking the plan's inode in the tool's folder and the rename: the link
    is the plan itself, not another program's version; the next edit removes it."""
    plan = shipped_copy
    assert run("done", "2.1.3", *ON, "-p", plan)[0] == 0
    kept = plan.parent / ".rectify" / "items.yaml.replaced"
    kept.unlink()
    os.link(plan, kept)
    assert run("status", "-p", plan)[2] == ""
    code, _, err = run("note", "1.1.1", "已整改", *ON, "-p", plan)  # not taken for a hard link
    assert (code, err) == (0, "")
    assert not os.path.samefile(kept, plan)


def test_plan_held_open_for_writing_is_waited_for_then_refused(
    run: Run, shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program that keeps the plan open for writing longer than a command waits: refused,
    nothing written (where the kernel tells: Linux's leases)."""
    monkeypatch.setattr("rectify_cli.planfile.guard.WAIT", 0.2)
    plan = shipped_copy
    with open(plan, "r+b"):
        code, out, err = run("done", "2.1.3", *ON, "-p", plan)
    if sys.platform != "linux":
        pytest.skip("only Linux tells whether a file is open for writing")
    assert (code, out) == (6, "")
    assert (
        err == f"{plan} 正被另一个程序写入，已等待 0.2 秒仍未写完，已放弃本次修改，请稍后重试。\n"
    )
    assert plan.read_bytes() == support.SHIPPED.read_bytes()
    assert journal.read(plan) == []
