"""An edit keeps the plan the file it was: reached through any name (the lock, the journal and
the cache belong to the real file), its hard links (refused unless --break-links), its owner,
group and mode, its read-only mark; and no output is written onto it or into its tool folder."""

from __future__ import annotations

import os
import pwd
from collections.abc import Callable
from pathlib import Path

import pytest
from support import ON, SHIPPED

from rectify_cli.planfile import journal
from rectify_cli.planfile.lock import locked

Run = Callable[..., tuple[int, str, str]]


def test_edit_through_a_symlink_uses_the_real_files_journal(run: Run, tmp_path: Path) -> None:
    """`done` through a symlink in another folder, `undo` through the real name (and the
    other way): one journal, beside the real file; none beside the link."""
    plan = tmp_path / "real" / "items.yaml"
    plan.parent.mkdir()
    plan.write_bytes(SHIPPED.read_bytes())
    link = tmp_path / "elsewhere" / "计划.yaml"
    link.parent.mkdir()
    link.symlink_to(plan)
    assert run("done", "2.1.3", *ON, "-p", link)[0] == 0
    assert not (link.parent / ".rectify").exists()
    assert [e.command for e in journal.read(plan)] == ["done"]
    code, out, _ = run("undo", "-p", plan)
    assert code == 0 and out.startswith("已撤销:")
    assert plan.read_bytes() == SHIPPED.read_bytes()
    assert link.is_symlink()


def test_lock_through_a_symlink_is_the_real_files(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the real name's lock is held, a command through a symlink waits for it (it took a
    lock of its own, beside the link: about 90 of 240 mixed commands failed)."""
    plan = tmp_path / "items.yaml"
    plan.write_bytes(SHIPPED.read_bytes())
    (tmp_path / "sub").mkdir()
    link = tmp_path / "sub" / "link.yaml"
    link.symlink_to(plan)
    with locked(plan):
        code, out, err = run("done", "2.1.3", *ON, "-p", link, env={"RECTIFY_LOCK_TIMEOUT": "0.2"})
    assert (code, out, err) == (7, "", f"{link} 正被另一个 rectify 进程修改,请稍后再试。\n")
    assert plan.read_bytes() == SHIPPED.read_bytes()


def test_hard_linked_plan_is_refused_unless_break_links(run: Run, tmp_path: Path) -> None:
    plan = tmp_path / "items.yaml"
    plan.write_bytes(SHIPPED.read_bytes())
    second = tmp_path / "副本.yaml"
    os.link(plan, second)
    code, out, err = run("done", "2.1.3", *ON, "-p", plan)
    assert (code, out) == (6, "")
    assert err == (
        f"{plan} 有 2 个名字（硬链接），修改会把它们分成内容不同的两个文件，已放弃。"
        "确需只修改这个名字，请加 --break-links（其他名字保留原内容）。\n"
    )
    assert plan.read_bytes() == SHIPPED.read_bytes() and plan.stat().st_nlink == 2
    assert journal.read(plan) == []
    assert run("done", "2.1.3", *ON, "-p", plan, "--break-links")[0] == 0
    assert second.read_bytes() == SHIPPED.read_bytes()  # the other name keeps what it had
    assert plan.read_bytes() != SHIPPED.read_bytes() and plan.stat().st_nlink == 1
    assert run("undo", "-p", plan)[0] == 0  # the replaced inode is not taken for a link
    assert plan.read_bytes() == SHIPPED.read_bytes()


def test_read_only_plan_is_refused(run: Run, tmp_path: Path) -> None:
    """A plan marked read-only (0444) is not edited, not even by root (it was, silently)."""
    plan = tmp_path / "items.yaml"
    plan.write_bytes(SHIPPED.read_bytes())
    plan.chmod(0o444)
    code, out, err = run("done", "2.1.3", *ON, "-p", plan)
    assert (code, out) == (3, "")
    assert err == (
        f"{plan} 是只读文件（权限 0444），rectify 不会修改它。"
        f"确需修改，请先执行 chmod u+w {plan}。\n"
    )
    assert plan.read_bytes() == SHIPPED.read_bytes()
    assert not (tmp_path / ".rectify").exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_root_editing_another_users_plan_keeps_owner_group_and_mode(
    run: Run, tmp_path: Path
) -> None:
    nobody = pwd.getpwnam("nobody")
    plan = tmp_path / "items.yaml"
    plan.write_bytes(SHIPPED.read_bytes())
    os.chown(plan, nobody.pw_uid, nobody.pw_gid)
    plan.chmod(0o600)
    assert run("done", "2.1.3", *ON, "-p", plan)[0] == 0
    assert run("note", "1.1.1", "已整改", *ON, "-p", plan)[0] == 0
    found = plan.stat()
    assert (found.st_uid, found.st_gid, found.st_mode & 0o7777) == (
        nobody.pw_uid, nobody.pw_gid, 0o600,
    )  # fmt: skip
    tool = tmp_path / ".rectify"
    for path in [tool, *tool.iterdir()]:
        assert (path.stat().st_uid, path.stat().st_gid) == (nobody.pw_uid, nobody.pw_gid), path
    assert run("undo", "-p", plan)[0] == 0
    assert (plan.stat().st_uid, plan.stat().st_mode & 0o7777) == (nobody.pw_uid, 0o600)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_tool_folder_made_root_s_before_is_given_back(run: Run, tmp_path: Path) -> None:
    """A `.rectify/` an older version left root's (journal, cache, lock) is the plan owner's
    again after root's next edit: that user can go on editing and undoing."""
    nobody = pwd.getpwnam("nobody")
    plan = tmp_path / "items.yaml"
    plan.write_bytes(SHIPPED.read_bytes())
    assert run("done", "2.1.3", *ON, "-p", plan)[0] == 0  # all of it root's
    tool = tmp_path / ".rectify"
    for path in [plan, tool, *tool.iterdir()]:
        os.chown(path, 0, 0)
    os.chown(plan, nobody.pw_uid, nobody.pw_gid)
    assert run("note", "1.1.1", "已整改", *ON, "-p", plan)[0] == 0
    owners = {p.name: (p.stat().st_uid, p.stat().st_gid) for p in [tool, *tool.iterdir()]}
    assert owners == dict.fromkeys(owners, (nobody.pw_uid, nobody.pw_gid))
    assert sorted(owners) == [
        ".gitignore", ".rectify", "items.yaml.cache", "items.yaml.journal.jsonl",
        "items.yaml.lock", "items.yaml.replaced", "items.yaml.state",
    ]  # fmt: skip


def test_user_who_may_not_write_the_plan_is_refused(
    tmp_path: Path, unprivileged: Callable[[], Callable[..., tuple[int, str, str]] | None]
) -> None:
    """Write permission on the folder but not on the file: refused (the user used to replace
    the file and become its owner)."""
    dropped = unprivileged()
    if dropped is None:
        pytest.skip("needs root, to run the command as another user")
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    tmp_path.chmod(0o755)
    plan = folder / "items.yaml"
    plan.write_bytes(SHIPPED.read_bytes())
    plan.chmod(0o644)
    code, out, err = dropped("done", "2.1.3", *ON, "-p", "shared/items.yaml", home=tmp_path)
    assert (code, out) == (3, "")
    assert err == (
        "你没有写入 shared/items.yaml 的权限（文件属于 root，权限 0644），rectify 不会修改它。"
        "请由 root 修改，或请其给你写入权限。\n"
    )
    assert plan.read_bytes() == SHIPPED.read_bytes() and plan.stat().st_uid == 0


# -- outputs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "output",
    [".rectify/items.yaml.journal.jsonl", ".rectify/通报.txt", "link/items.yaml.journal.jsonl"],
)
def test_output_into_the_tool_folder_is_refused(run: Run, tmp_path: Path, output: str) -> None:
    """`report -o .rectify/…` erased the undo history; any file of the tool's folder, by any
    name, is refused and the journal kept."""
    plan = tmp_path / "items.yaml"
    plan.write_bytes(SHIPPED.read_bytes())
    assert run("done", "2.1.3", *ON, "-p", plan)[0] == 0
    (tmp_path / "link").symlink_to(tmp_path / ".rectify")
    history = journal.journal_path(plan).read_bytes()
    target = tmp_path / output
    code, out, err = run("report", "-p", plan, "-o", target)
    assert (code, out) == (6, "")
    assert err == (
        f"-o {target} 在 rectify 的工具文件夹 {tmp_path / '.rectify'} 里"
        "（那里是撤销记录、锁和缓存），不会写入。请换一个输出位置。\n"
    )
    assert journal.journal_path(plan).read_bytes() == history
    assert run("export", "-f", "csv", "-p", plan, "-o", target)[0] == 6


def test_output_onto_a_hard_link_of_the_plan_is_refused(run: Run, tmp_path: Path) -> None:
    plan = tmp_path / "items.yaml"
    plan.write_bytes(SHIPPED.read_bytes())
    second = tmp_path / "通报.txt"
    os.link(plan, second)
    assert run("report", "-p", plan, "-o", second) == (
        6, "", "-o 指向计划文件本身,不会覆盖它。请换一个输出文件名。\n"
    )  # fmt: skip
    assert plan.read_bytes() == SHIPPED.read_bytes() and plan.stat().st_nlink == 2
