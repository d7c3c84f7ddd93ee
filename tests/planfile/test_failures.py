"""When the file system says no: a clear message, no traceback, the plan untouched, no litter."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rectify_cli.planfile import journal

Run = Callable[..., tuple[int, str, str]]
Limited = Callable[[int], Callable[[], None]]
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


@pytest.mark.parametrize("journal_folder_exists", [False, True])
def test_done_read_only_folder_exit_3(
    run_proc: Run,
    shared_folder: Path,
    copy_plan: Callable[..., Path],
    unprivileged: Callable[[], Run | None],
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
        result = dropped(*DONE, "-p", plan, home=shared_folder)

    where = plan if journal_folder_exists else folder
    assert result == (3, "", f"无法写入 {where}:Permission denied\n")
    assert plan.read_bytes() == before
    folder.chmod(0o755)
    assert sorted(p.name for p in folder.iterdir()) == listing  # no temp file left
    assert not list(folder.rglob("*.tmp"))
    assert journal.read(plan) == []  # the command that failed is not in the log


# -- a full disk ---------------------------------------------------------------------------


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
    limited: Limited,
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
    run: Run, run_proc: Run, tmp_path: Path, copy_plan: Callable[..., Path], limited: Limited
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


def test_undo_stands_when_the_journal_cannot_be_rewritten_after(run, tmp_path, monkeypatch) -> None:
    """A full disk after the plan was restored (the journal's rewrite needs room for a copy):
    the undo stands and says the journal is not marked, rather than reporting a failure for a
    plan it did restore; the next undo passes the entry over."""
    import support

    from rectify_cli.errors import WriteFailed
    from rectify_cli.planfile import journal

    plan = support.copy_plan(tmp_path)
    original = plan.read_bytes()
    assert run("done", "2.1.3", "--on", "2024-05-01", "--by", "王芳", "--plan", plan)[0] == 0

    def full(*_args: object, **_kw: object) -> None:
        raise WriteFailed("file_unwritable", path="journal", reason="No space left on device")

    monkeypatch.setattr(journal, "rewrite", full)
    code, out, err = run("undo", "--plan", plan)
    assert (code, out.startswith("已撤销:")) == (0, True)
    assert err == (
        "计划已恢复，但修改记录未能写入（No space left on device）：rectify log 仍把这次修改列为"
        "未撤销，再次 undo 会跳过它。\n"
    )
    assert plan.read_bytes() == original
    monkeypatch.undo()
    assert run("undo", "--plan", plan) == (6, "", "没有可以撤销的操作。\n")
