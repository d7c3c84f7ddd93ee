"""What a writer killed between its temporary file and the rename leaves beside the plan is
removed by the next command that takes the plan's lock; nothing else is touched."""

from __future__ import annotations

from pathlib import Path

from support import copy_plan

LEFT = [".items.yaml.a1b2_c3d.tmp", ".items.yaml.zzzzzzzz.tmp"]
KEPT = [
    ".items.yaml.bak.a1b2c3d4.tmp",  # another file's temporary file (report -o items.yaml.bak)
    ".items.yaml.short.tmp",
    ".items.yaml.ABCDEFGH.tmp",  # not a name tempfile makes
    "items.yaml.a1b2c3d4.tmp",
    ".other.yaml.a1b2c3d4.tmp",
]


def test_leftover_temporary_files_are_swept_under_the_lock(run, tmp_path: Path) -> None:
    plan = copy_plan(tmp_path)
    for name in LEFT + KEPT:
        (tmp_path / name).write_bytes(b"half a plan")
    code, _, err = run("done", "1.1.1.1", "--on", "2025-03-01", "--by", "办公室", "--plan", plan)
    assert (code, err) == (0, "")
    assert sorted(p.name for p in tmp_path.glob("*.tmp")) == sorted(KEPT)


def test_leftovers_beside_the_file_a_link_names(run, tmp_path: Path) -> None:
    real = tmp_path / "real"
    copy_plan(real, "plan.yaml")
    (tmp_path / "items.yaml").symlink_to(real / "plan.yaml")
    (real / ".plan.yaml.a1b2c3d4.tmp").write_bytes(b"half a plan")
    (tmp_path / ".items.yaml.a1b2c3d4.tmp").write_bytes(b"not this one's")
    args = ["done", "1.1.1.1", "--on", "2025-03-01", "--by", "办公室"]
    code, _, err = run(*args, "--plan", tmp_path / "items.yaml")
    assert (code, err) == (0, "")
    assert (tmp_path / "items.yaml").is_symlink()
    assert not (real / ".plan.yaml.a1b2c3d4.tmp").exists()
    assert (tmp_path / ".items.yaml.a1b2c3d4.tmp").exists()


def test_leftovers_of_the_plan_s_own_files_in_the_tool_folder(run, tmp_path: Path) -> None:
    """A kill while the journal (or the state, or the cache) was being rewritten leaves its
    temporary file in .rectify/: the next command under the lock removes it, and nothing of
    another plan's."""
    plan = copy_plan(tmp_path)
    folder = tmp_path / ".rectify"
    assert run("done", "1.1.1.1", "--on", "2025-03-01", "--by", "办公室", "--plan", plan)[0] == 0
    left = [".items.yaml.journal.jsonl.a1b2c3d4.tmp", ".items.yaml.state.zz9_zz9z.tmp",
            ".items.yaml.cache.abcdefgh.tmp"]  # fmt: skip
    kept = [".other.yaml.journal.jsonl.a1b2c3d4.tmp", ".items.yaml.journal.jsonl.short.tmp"]
    for name in left + kept:
        (folder / name).write_bytes(b"half a journal")
    code, _, err = run("done", "1.1.1.2", "--on", "2025-03-01", "--by", "办公室", "--plan", plan)
    assert (code, err) == (0, "")
    assert sorted(p.name for p in folder.glob("*.tmp")) == sorted(kept)
