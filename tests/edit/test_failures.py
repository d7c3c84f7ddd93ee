"""When the file system says no: a clear message, no traceback, the plan untouched, no litter."""

from __future__ import annotations

import os
import pwd
import resource
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rectify_cli import journal

Run = Callable[..., tuple[int, str, str]]
DONE = ["done", "2.1.3", "--on", "2024-05-01", "--by", "王芳"]


def test_done_missing_folder_exit_3(run: Run, tmp_path: Path) -> None:
    plan = tmp_path / "nowhere" / "items.yaml"
    message = f"找不到计划文件 {plan}。可用 rectify init 新建。\n"
    assert run(*DONE, "-p", plan) == (3, "", message)
    assert run("undo", "-p", plan) == (3, "", message)
    assert run("note", "2.1.3", "进展", "-p", plan) == (3, "", message)
    assert list(tmp_path.iterdir()) == []  # nothing created on the way


def test_done_missing_file_creates_nothing(run: Run, tmp_path: Path) -> None:
    plan = tmp_path / "items.yaml"
    assert run(*DONE, "-p", plan) == (3, "", f"找不到计划文件 {plan}。可用 rectify init 新建。\n")
    assert list(tmp_path.iterdir()) == []


def test_done_default_plan_missing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --plan and without ./data/items.yaml, edits never fall back to the example."""
    monkeypatch.chdir(tmp_path)
    assert run(*DONE) == (3, "", "找不到计划文件 data/items.yaml。可用 rectify init 新建。\n")
    assert list(tmp_path.iterdir()) == []


# -- a folder the user may not write ---------------------------------------------------------


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder under /tmp that another user can reach (pytest's tmp_path is private)."""
    where = Path(tempfile.mkdtemp(prefix="rectify-edit-"))
    where.chmod(0o755)
    yield where
    for folder in [where, *where.rglob("*")]:
        if folder.is_dir():
            folder.chmod(0o755)
    shutil.rmtree(where)


# Root ignores permissions, so as root the command runs as `nobody`. The dev interpreter may
# sit in a folder only root can read (/root/.pyenv): then a system interpreter of the same
# version runs it, with this environment's packages (and so this checkout) on its path.
AS_MODULE = (
    "import runpy, site, sys; site.addsitedir(sys.argv.pop(1)); sys.argv[0] = 'rectify'; "
    "runpy.run_module('rectify_cli', run_name='__main__', alter_sys=True)"
)


def unprivileged() -> tuple[dict[str, Any], list[str]] | None:
    """Popen arguments and the command line prefix that run the CLI as a user permissions
    apply to; None when the current user is one."""
    if os.geteuid() != 0:
        return None
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root and there is no `nobody` user to run the command as")
    who: dict[str, Any] = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
    version = "{}.{}".format(*sys.version_info[:2])
    candidates = [sys.executable, shutil.which(f"python{version}"), f"/usr/bin/python{version}"]
    for python in filter(None, candidates):
        try:
            probe = subprocess.run(
                [python, "-c", "import sys; print('{}.{}'.format(*sys.version_info[:2]))"],
                capture_output=True, text=True, cwd="/", **who,
            )  # fmt: skip
        except OSError:  # nobody may not even start it
            continue
        if probe.returncode == 0 and probe.stdout.strip() == version:
            return who, [python, "-c", AS_MODULE, sysconfig.get_paths()["purelib"]]
    pytest.skip(f"running as root and `nobody` can run no Python {version} interpreter")


@pytest.mark.parametrize("journal_folder_exists", [False, True])
def test_done_read_only_folder_exit_3(
    run_proc: Run,
    shared_folder: Path,
    copy_plan: Callable[..., Path],
    journal_folder_exists: bool,
) -> None:
    dropped = unprivileged()
    folder = shared_folder / "plan"
    plan = copy_plan(folder)
    plan.chmod(0o666)  # the file itself may be written; its folder may not
    if journal_folder_exists:  # then the journal can be written, but not the temp file
        (folder / ".rectify").mkdir()
        (folder / ".rectify").chmod(0o777)
    before = plan.read_bytes()
    listing = sorted(p.name for p in folder.iterdir())
    folder.chmod(0o555)

    if dropped is None:
        result = run_proc(*DONE, "-p", plan)
    else:
        who, prefix = dropped
        done = subprocess.run(
            [*prefix, *DONE, "-p", str(plan)],
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(shared_folder)},
            cwd=shared_folder,
            capture_output=True,
            text=True,
            timeout=60,
            **who,
        )
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        result = (done.returncode, done.stdout, done.stderr)

    where = plan if journal_folder_exists else folder
    assert result == (3, "", f"无法写入 {where}:Permission denied\n")
    assert plan.read_bytes() == before
    folder.chmod(0o755)
    assert sorted(p.name for p in folder.iterdir()) == listing  # no temp file left
    assert not list(folder.rglob("*.tmp"))
    assert journal.read(plan) == []  # the command that failed is not in the log


# -- a full disk ---------------------------------------------------------------------------


def limited(size: int) -> Callable[[], None]:
    """For Popen: files may not grow beyond `size` bytes; writing more fails with EFBIG."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@pytest.fixture
def new_size(tmp_path: Path, copy_plan: Callable[..., Path], run: Run) -> int:
    """The size of the shipped plan after DONE."""
    plan = copy_plan(tmp_path / "reference")
    assert run(*DONE, "-p", plan)[0] == 0
    return len(plan.read_bytes())


def test_done_disk_full_exit_3(
    run: Run,
    run_proc: Run,
    tmp_path: Path,
    copy_plan: Callable[..., Path],
    new_size: int,
) -> None:
    plan = copy_plan(tmp_path / "data")
    before = plan.read_bytes()
    assert new_size - 1 > len(before)  # the limit lets the old file be, not the new one
    result = run_proc(*DONE, "-p", plan, preexec_fn=limited(new_size - 1))
    assert result == (3, "", f"无法写入 {plan}:File too large\n")
    assert plan.read_bytes() == before
    assert sorted(p.name for p in plan.parent.iterdir()) == [".rectify", "items.yaml"]
    assert run("log", "-p", plan) == (0, "还没有修改记录。\n", "")
    assert run("undo", "-p", plan) == (6, "", "没有可以撤销的操作。\n")

    # room again: the same command works and can be undone
    assert run(*DONE, "-p", plan)[0] == 0
    assert len(plan.read_bytes()) == new_size
    assert run("undo", "-p", plan)[0] == 0
    assert plan.read_bytes() == before


def test_done_journal_write_fails_exit_3(
    run: Run, run_proc: Run, tmp_path: Path, copy_plan: Callable[..., Path]
) -> None:
    """The journal is written first; when it cannot be, the plan is not touched, and the line
    cut short in the journal does not swallow the next command's entry."""
    plan = copy_plan(tmp_path / "data")
    before = plan.read_bytes()
    where = plan.parent / ".rectify" / "items.yaml.journal.jsonl"
    result = run_proc(*DONE, "-p", plan, preexec_fn=limited(100))
    assert result == (3, "", f"无法写入 {where}:File too large\n")
    assert plan.read_bytes() == before
    assert len(where.read_bytes()) == 100  # a line cut short
    assert sorted(p.name for p in plan.parent.iterdir()) == [".rectify", "items.yaml"]

    assert run(*DONE, "-p", plan)[0] == 0
    assert [e.ids for e in journal.read(plan)] == [["2.1.3"]]
    assert run("undo", "-p", plan)[0] == 0
    assert plan.read_bytes() == before


def test_done_no_temp_files_after_success(
    run: Run, tmp_path: Path, copy_plan: Callable[..., Path]
) -> None:
    plan = copy_plan(tmp_path / "data")
    for args in (DONE, ["note", "2.1.3.1", "进展"], ["undo"], ["undo"]):
        assert run(*args, "-p", plan)[0] == 0
    assert sorted(p.name for p in plan.parent.iterdir()) == [".rectify", "items.yaml"]
    assert not list(plan.parent.rglob("*.tmp"))
