"""The plan under git: edits on two branches merge without conflict, and .rectify/ stays out."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support import ON

from rectify_cli.model.plan import Status
from rectify_cli.planfile import journal, reader

Run = Callable[..., tuple[int, str, str]]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "HOME": str(repo)}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_done_two_branches_merge_cleanly(
    run: Run, tmp_path: Path, copy_plan: Callable[..., Path]
) -> None:
    repo = tmp_path / "repo"
    plan = copy_plan(repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "测试员")
    git(repo, "config", "user.email", "clerk@example.org")
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "add", "data/items.yaml")
    git(repo, "commit", "-q", "-m", "plan")

    git(repo, "checkout", "-q", "-b", "one")
    assert run("done", "2.1.3.1", *ON, "-p", plan)[0] == 0
    assert run("note", "2.1.3.2", "已召开专题会议", *ON, "-p", plan)[0] == 0
    assert git(repo, "status", "--porcelain") == " M data/items.yaml\n"  # .rectify/ is ignored
    git(repo, "commit", "-q", "-am", "one")

    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "-b", "two")
    assert run("done", "2.1.3.3", *ON, "-p", plan)[0] == 0
    assert run("set", "1.1.1.1", "--owner", "李四", "-p", plan)[0] == 0
    git(repo, "commit", "-q", "-am", "two")

    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "one")
    git(repo, "merge", "-q", "--no-edit", "two")  # fails the test on a conflict
    assert git(repo, "status", "--porcelain") == ""

    merged, _ = reader.load(plan)
    item = merged.find((2, 1, 3))
    assert item is not None
    first, second, third = item.measures  # type: ignore[union-attr]
    assert (first.status, third.status) == (Status.DONE, Status.DONE)
    assert second.status is Status.DOING
    assert [n.text for n in second.ledger.notes] == ["已召开专题会议"]
    owner = merged.find((1, 1, 1, 1))
    assert owner is not None
    assert owner.ledger.owner == "李四"  # type: ignore[union-attr]

    # the merge changed the file by other means: undo says so instead of guessing
    at = journal.read(plan)[-1].at
    assert run("undo", "-p", plan) == (
        6,
        "",
        f"{plan} 在上一次 rectify 操作({at})之后被其他方式改动过,不能撤销。\n",
    )
