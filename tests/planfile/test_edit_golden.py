"""Golden files: each editing command on each file style, compared byte for byte.

golden/<style>.yaml is the input plan (hand-written, never regenerated); golden/<style>/<case>.yaml
is the file expected after the command. Every style holds the same plan, so every case names
the same entries: 1.1.1.1 in progress with a trailing comment on its status line, 1.1.1.2 done
(comments on done_on and done_by), 1.1.1.3 with an owner and a note, item 1.1.2 whose measures
inherit owner, due and status from the item, and 2.1.2, done, whose lines end the file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import support
from support import CACHE, COLD, ON, WARM, copy_edit_golden

from rectify_cli.planfile import cache as parse_cache
from rectify_cli.planfile import decoding, journal, loader, reader, transaction

GOLDEN = support.EDIT_GOLDEN

STYLES = [
    "comments",  # comments everywhere, trailing ones on the lines that change; 2 spaces; LF
    "crlf",
    "bom",
    "indent4",
    "flat",  # `measures:\n- text: …`
    "quoted",  # '…' and "…" values beside plain ones
    "longlines",
    "english",  # status words in English, not Chinese labels
    "no_final_newline",
    "mixed",  # 4 spaces, flat, CRLF, BOM, English words, no final newline
]

CASES: dict[str, list[str]] = {
    "done_measure": ["done", "1.1.1.1", *ON],
    "done_item": ["done", "1.1.1", *ON],  # 1.1.1.2 is done already
    "done_note_evidence": [
        "done", "1.1.1.1", *ON, "--note", "已召开专题会议", "--evidence", "会议纪要.pdf",
    ],
    "done_inherited": ["done", "1.1.2", *ON],  # measures without a status of their own
    "done_last": ["done", "2.1.1", *ON],
    "reopen_measure": ["reopen", "1.1.1.2"],
    "reopen_last": ["reopen", "2.1.2"],  # removes the last lines of the file
    "set_status_owner_last": ["set", "2.1.2", "--status", "doing", "--owner", "李四"],
    "set_status_measure": ["set", "1.1.1.1", "--status", "ongoing"],
    "set_status_item": ["set", "1.1.2", "--status", "doing"],
    "set_due_measure": ["set", "1.1.1.1", "--due", "2024-12-31"],
    "set_owner_measure": ["set", "1.1.1.3", "--owner", "李四"],  # replaces, keeps the comment
    "set_dept_measure": ["set", "1.1.1.1", "--dept", "办公室"],
    "set_fields_item": [
        "set", "1.1.2", "--owner", "赵六", "--dept", "综合科", "--due", "2025-03-31",
    ],
    "note_measure_new": [
        "note", "1.1.1.1", "召开专题会议", *ON, "--evidence", "纪要.pdf",
    ],
    "note_measure_more": ["note", "1.1.1.3", "方案已印发", *ON],
    "note_item": ["note", "1.1.1", "整体进展顺利", *ON],
    "note_last": ["note", "2.1.2", "材料已归档", *ON],
}  # fmt: skip


# The last entry of a file that does not end with a line break: an edit there moves that break
# (edit.py), so the edited text is read whole to check it.
NO_FINAL_NEWLINE = {"no_final_newline", "mixed"}

Run = Callable[..., tuple[int, str, str]]
Golden = Callable[[Path, bytes], None]
Cross = Callable[[], contextlib.AbstractContextManager[list[bool]]]


# Cold: the plan is read whole for the edit. Warm: a command read it before, so the edit takes
# the plan from the cache and composes only the lines of the entries it changes. Same bytes.


@pytest.mark.parametrize("cache", CACHE)
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("style", STYLES)
def test_edit_golden(
    tmp_path: Path,
    run: Run,
    golden: Golden,
    cross_checked: Cross,
    style: str,
    case: str,
    cache: str,
) -> None:
    """Only the lines of the fields concerned change; undo then restores every byte. The
    edit is checked from its changed lines alone, and that check agrees with a whole read."""
    path = copy_edit_golden(tmp_path, style)
    before = path.read_bytes()
    env = CACHE[cache]
    if cache == "warm":
        assert run("validate", "--plan", path, env=env)[0] == 0
        hit = parse_cache.lookup(path, before, date.today())
        assert hit is not None and hit[2] is not None  # with the layout
    with cross_checked() as told:
        code, out, err = run(*CASES[case], "--plan", path, env=env)
    assert (code, err) == (0, "")
    assert told == [not (style in NO_FINAL_NEWLINE and case.endswith("_last"))]
    assert out
    golden(GOLDEN / style / f"{case}.yaml", path.read_bytes())
    reader.load(path)  # still valid

    code, out, err = run("undo", "--plan", path)
    assert (code, err) == (0, "")
    assert path.read_bytes() == before


def test_golden_files_all_used() -> None:
    """Every golden file belongs to a style and a case (none left over from a renamed case)."""
    expected = {f"{style}/{case}.yaml" for style in STYLES for case in CASES}
    expected |= {f"{style}.yaml" for style in STYLES}
    found = {str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*.yaml")}
    assert found == expected


@pytest.mark.parametrize("style", STYLES)
def test_undo_golden(tmp_path: Path, run: Run, style: str) -> None:
    """Three commands, three undos: the input file, byte for byte, and nothing left to undo."""
    path = copy_edit_golden(tmp_path, style)
    for case in ("done_item", "note_measure_more", "set_fields_item"):
        assert run(*CASES[case], "--plan", path)[0] == 0
    for _ in range(3):
        assert run("undo", "--plan", path)[0] == 0
    assert path.read_bytes() == (GOLDEN / f"{style}.yaml").read_bytes()
    assert all(e.undone for e in journal.read(path))
    assert run("undo", "--plan", path) == (6, "", "没有可以撤销的操作。\n")


# -- the short way -----------------------------------------------------------------------------
# An edit of a plan read before composes only the lines of the entries it changes (from the
# layout the cache keeps) and checks the edited items' new lines on their own (recheck.py); a
# file whose lines do not allow that is read whole to check it. These tests count the whole-text
# reads, so that falling back to the long way, which writes the same bytes, cannot pass unnoticed.

BY = ["--on", "2025-03-01", "--by", "办公室"]


@pytest.fixture
def whole_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many times a whole text is composed, and how long each was."""
    calls: list[int] = []
    real = loader.compose

    def compose(text: str, path: str, on_item: Any = None) -> Any:
        calls.append(len(text))
        return real(text, path, on_item)

    monkeypatch.delenv("RECTIFY_NO_CACHE", raising=False)
    monkeypatch.setattr(reader, "compose", compose)  # a read, and the fallback of an edit
    monkeypatch.setattr(transaction, "compose", compose)
    yield calls


def read_before(run: Callable[..., Any], plan: Path, whole_reads: list[int]) -> None:
    assert run("validate", "--plan", plan, env=WARM)[0] == 0
    whole_reads.clear()


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("style", STYLES)
def test_warm_edit_reads_no_whole_text(
    run: Callable[..., Any], tmp_path: Path, whole_reads: list[int], style: str, case: str
) -> None:
    plan = copy_edit_golden(tmp_path, style)
    read_before(run, plan, whole_reads)
    code, _, err = run(*CASES[case], "--plan", plan, env=WARM)
    assert (code, err) == (0, "")
    assert plan.read_bytes() == (GOLDEN / style / f"{case}.yaml").read_bytes()
    last = style in NO_FINAL_NEWLINE and case.endswith("_last")
    whole = [len(decoding.read(plan).text)] if last else []
    assert whole_reads == whole


def test_cold_edit_reads_the_old_text_only(
    run: Callable[..., Any], tmp_path: Path, whole_reads: list[int]
) -> None:
    plan = copy_edit_golden(tmp_path, "comments", "plan.yaml")
    before = len(decoding.read(plan).text)
    code, _, err = run(*CASES["done_item"], "--plan", plan, env=WARM)
    assert (code, err) == (0, "")
    assert whole_reads == [before]


@pytest.mark.parametrize(
    "args",
    [
        ["done", "1", *BY, "--note", "已开会"],  # notes for many measures that have none
        ["done", "1.1", *BY, "--note", "已开会"],
        ["note", "1.1.1.1", "第一条", *ON],
        ["set", "1.1.1", "--owner", "张三", "--dept", "办公室", "--due", "2025-12-31"],
    ],
    ids=["category-notes", "problem-notes", "note", "item-fields"],
)
def test_warm_edit_of_many_entries_takes_the_short_way(
    run: Callable[..., Any], tmp_path: Path, whole_reads: list[int], args: list[str]
) -> None:
    """Each entry is composed once, and an entry given its first notes gets one `notes:`.
    (Schema 1's item spans: a schema-2 plan is edited from its whole tree, see
    docs/architecture.md.)"""
    cold, warm = tmp_path / "cold.yaml", tmp_path / "warm.yaml"
    for plan in (cold, warm):
        support.copy_plan(tmp_path, plan.name, support.SHIPPED_V1)
    assert run(*args, "--plan", cold, env=COLD)[0] == 0
    read_before(run, warm, whole_reads)
    code, _, err = run(*args, "--plan", warm, env=WARM)
    assert (code, err) == (0, "")
    assert warm.read_bytes() == cold.read_bytes()
    assert whole_reads == []
