"""What an edit does to the file beside the lines it changes: the journal (beside the plan,
bounded), the file's permissions, link, BOMs and status words, and the entries it refuses."""

from __future__ import annotations

import contextlib
import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
import support
from support import CACHE, ON
from support import EDIT_GOLDEN as GOLDEN

from rectify_cli.planfile import journal, reader

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """The commented plan of the golden tests (1.1.1.2 and 2.1.2 done, the rest not)."""
    return support.copy_edit_golden(tmp_path, "comments", "plan.yaml")


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
    assert journal.read(path) == []
    assert run("done", "1.1.1", *ON, "-p", path)[0] == 0  # the block entry is fine


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
    (entry,) = journal.read(plan)
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


@pytest.mark.parametrize("cache", CACHE)
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
    shipped = support.SHIPPED_V1.read_bytes()  # (schema 1: its edits check the changed lines)
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_bytes(bom + shipped)
    two.write_bytes(bom + bom + shipped)
    env = CACHE[cache]
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
