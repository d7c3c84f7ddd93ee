"""Properties of the importer over generated notices (notice_strategies.py: a grammar of the
genre's forms and layouts, in wording of its own).

1. The plan gives the notice back byte for byte, and the importer never falls back to plain
   text (no `kept_as_text`) nor leaves the status words unbound.
2. The plan's YAML (emit.dump) reads back (reader.parse) into the same plan, without errors.
3. Marking one item's measures done (model/changes.set_status, as `rectify done` does) changes
   only the bound spans: status lines, measures with a status mark, and the parts grouped by
   status (whose membership may move).
4. The plan holds the items and measures the generator wrote, with the statuses it printed.

The default run tries a few notices per property; the slow suite (`pytest -m slow`) or
RECTIFY_HYPOTHESIS=thorough tries 2,000. The forms the importer first read
wrongly are pinned, each with its minimal notice, at the end of this file (P5, a bare CR among
mixed line ends moved by `done`, with the others).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from notice.notice_strategies import (
    LINE_WORDS,
    MARK_WORDS,
    MARKED,
    STATUS,
    Grammar,
    Notice,
    notices,
)
from support import examples

from rectify_cli.model.changes import set_status
from rectify_cli.model.document import DEFAULT_WORDS
from rectify_cli.model.plan import Item, Plan, Status
from rectify_cli.notice.assemble import join, paragraphs
from rectify_cli.notice.importer import Found, read_notice
from rectify_cli.notice.lines import split
from rectify_cli.planfile.decoding import Source
from rectify_cli.planfile.emit import dump
from rectify_cli.planfile.reader import parse

# The whole grammar: the forms found read wrongly at first are read right now, each pinned by
# its minimal notice below.
DEFAULT = Grammar()


PROPERTY = settings(
    max_examples=examples(2000, quick=20),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def rendered(plan: Plan) -> str:
    assert plan.document is not None
    return join(paragraphs(plan), plan.document)


def read(notice: Notice) -> Found:
    found = read_notice(notice.text)
    assert found.plan.document is not None
    return found


def reparsed(plan: Plan) -> Plan:
    text = dump(plan)
    back, issues = parse(Source(Path("p.yaml"), text, text.encode("utf-8"), 0))
    assert [i for i in issues if not i.warning] == []
    return back


def items(plan: Plan) -> list[Item]:
    return list(plan.items())


# Every status word a generated notice prints, and the words a plan prints for a status its
# notice has no word for; longest first, so that 已整改完成 is not read as 已完成 in part.
WORDS = sorted(
    {w for words in (*LINE_WORDS.values(), *MARK_WORDS.values()) for w in words}
    | set(DEFAULT_WORDS.values()),
    key=len,
    reverse=True,
)
_WORD = re.compile("|".join(map(re.escape, WORDS)))
_MARKER = re.compile(
    r"^([ \t\u3000\u00a0\ufeff]*)(?:[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、])"
)


def unbound(line: tuple[str, str]) -> tuple[str, str]:
    """A line (text, end) less its status words: what an edit of the ledger may change."""
    return _WORD.sub("□", line[0]), line[1]


def unnumbered(text: str) -> str:
    """A line's text less its status words and its findings marker (a moved item's changes)."""
    return _MARKER.sub(r"\1#", _WORD.sub("□", text))


# -- 1. byte for byte ------------------------------------------------------------------------


@PROPERTY
@given(notices(DEFAULT))
def test_generated_notice_reads_back_byte_for_byte(notice: Notice) -> None:
    for feature in sorted(notice.features):
        event(feature)
    # the generator's own check: its lines are the text's lines
    assert len(split(notice.text)) == len(notice.lines)
    found = read(notice)
    assert rendered(found.plan) == notice.text
    assert (0, "kept_as_text") not in found.warnings
    assert [w for w in found.warnings if w[1] == "kept_as_text"] == []
    assert (0, "status_words_unbound") not in found.warnings


# -- 2. YAML ---------------------------------------------------------------------------------


@PROPERTY
@given(notices(DEFAULT))
def test_generated_plan_reads_back_from_its_yaml(notice: Notice) -> None:
    found = read(notice)
    assert reparsed(found.plan) == found.plan


# -- 3. ledger-only edits --------------------------------------------------------------------


@PROPERTY
@given(notice=notices(DEFAULT), data=st.data())
def test_marking_an_item_done_changes_only_bound_spans(notice: Notice, data: st.DataObject) -> None:
    plan = reparsed(read(notice).plan)
    found = items(plan)
    assert len(found) == notice.items
    k = data.draw(st.integers(0, len(found) - 1), label="item")
    change = set_status([found[k]], Status.DONE, date(2024, 10, 8), "测试员")
    edited = change.apply(plan)
    assert all(m.status is Status.DONE for m in items(edited)[k].measures)
    text = rendered(edited)
    before, after = split(notice.text), split(text)
    assert len(after) == len(before)
    for n, (old, new, line) in enumerate(zip(before, after, notice.lines, strict=True), 1):
        if old == new or line.group:
            continue
        assert line.tag in (STATUS, MARKED) and line.item == k, f"line {n}: {old!r} → {new!r}"
        assert unbound(old) == unbound(new), f"line {n}: more than its status words changed"
    # in the parts grouped by status, the same lines, moved and renumbered
    grouped = [n for n, line in enumerate(notice.lines) if line.group]
    assert Counter(unnumbered(before[n][0]) for n in grouped) == Counter(
        unnumbered(after[n][0]) for n in grouped
    )
    # the edited notice is a notice the importer reads as well (a status group the edit
    # leaves with its lead paragraph and no item included)
    again = read_notice(text)
    assert rendered(again.plan) == text
    assert len(items(again.plan)) == notice.items


# -- 4. the structure ------------------------------------------------------------------------


@PROPERTY
@given(notices(DEFAULT))
def test_generated_items_and_measures_are_found(notice: Notice) -> None:
    found = items(read(notice).plan)
    assert len(found) == notice.items
    assert sum(len(item.measures) for item in found) == notice.measures
    for item, printed in zip(found, notice.statuses, strict=True):
        if printed is not None:
            assert item.status is printed, item.title


# -- findings: forms the importer read wrongly, each at its smallest -------------------------

PART = "一、反馈问题整改落实情况\n"


def structure(text: str) -> tuple[int, int]:
    found = read_notice(text)
    assert rendered(found.plan) == text  # the text itself always comes back
    plan = found.plan
    return len(items(plan)), sum(len(item.measures) for item in plan.items())


@pytest.mark.parametrize("label", ["整改结果：已整改完成。", "整改成效：甲制度得到完善。"])
def test_circled_measures_before_a_status_line(label: str) -> None:
    text = f"{PART}1.关于甲的问题\n①修订完善甲制度。\n②建立健全乙机制。\n{label}\n"
    assert structure(text) == (1, 2)


@pytest.mark.parametrize("label", ["整改结果：已整改完成。", "整改成效：甲制度得到完善。"])
def test_paren_arabic_item_after_a_status_line(label: str) -> None:
    text = (
        f"{PART}(一)甲方面\n(1)关于甲的问题\n整改措施：一是修订完善甲制度。\n{label}\n"
        "(2)关于乙的问题\n整改措施：一是修订完善乙制度。\n"
    )
    assert structure(text) == (2, 2)


def test_findings_heading_without_wenti() -> None:
    text = "一、巡察反馈意见整改落实情况\n(一)甲方面\n1.关于甲的问题\n一是修订完善甲制度。\n"
    assert structure(text) == (1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "一、已整改完成的问题\n1.关于甲的问题。一是修订完善甲制度。\n二、正在整改的问题\n无。\n",
        "一、反馈问题整改落实情况\n经逐项核查，反馈问题均已整改完成。\n二、下一步工作打算\n持续巩固整改成果。\n",
    ],
)
def test_part_of_prose_only(text: str) -> None:
    found = read_notice(text)
    assert rendered(found.plan) == text
    assert [w for w in found.warnings if w[1] == "kept_as_text"] == []
    assert all(item.title for item in found.plan.items())


def test_moved_paragraph_ending_with_cr() -> None:
    # a paragraph ending in a bare CR, moved by `done` before a blank line ending in LF: the
    # two would read as one CR LF; the moved paragraph ends in CR LF, the blank line stays
    text = (
        "一、已整改完成的问题\n\n1.关于甲的问题。一是修订完善甲制度。\n\n"
        "二、正在整改的问题\n\n1.关于乙的问题。一是修订完善乙制度。\r\r"
        "三、下一步工作打算\n\n持续巩固整改成果。\n"
    )
    plan = read_notice(text).plan
    assert rendered(plan) == text
    change = set_status([items(plan)[1]], Status.DONE, date(2024, 10, 8), "测试员")
    edited = rendered(change.apply(plan))
    assert edited == (
        "一、已整改完成的问题\n\n1.关于甲的问题。一是修订完善甲制度。\n\n"
        "2.关于乙的问题。一是修订完善乙制度。\r\n\n"
        "二、正在整改的问题\n\r三、下一步工作打算\n\n持续巩固整改成果。\n"
    )
    assert len(split(edited)) == len(split(text))
    assert rendered(read_notice(edited).plan) == edited


@pytest.mark.parametrize("space", [" ", "\u3000", "\u00a0"])
def test_measures_label_with_a_space_after_it(space: str) -> None:
    text = f"{PART}1.关于甲的问题\n整改措施：{space}\n一是修订完善甲制度。\n二是建立健全乙机制。\n"
    assert structure(text) == (1, 2)


@pytest.mark.parametrize(
    "item",
    [
        "1.关于甲的问题。一是修订完善甲制度（已完成）。 ",
        "1.关于甲的问题\n一是修订完善甲制度（已完成）。\u3000",
    ],
)
def test_status_mark_with_a_space_after_it(item: str) -> None:
    text = f"{PART}{item}\n"
    assert structure(text) == (1, 1)
    assert items(read_notice(text).plan)[0].status is Status.DONE


def test_status_word_with_a_space_after_it() -> None:
    def item(n: str, word: str) -> str:
        return f"{n}.关于{n}的问题\n整改措施：一是修订完善{n}制度。\n整改结果：{word}\n"

    text = PART + item("1", "已完成 ") + item("2", "正在整改")
    plan = read_notice(text).plan
    assert rendered(plan) == text
    change = set_status([items(plan)[1]], Status.DONE, date(2024, 10, 8), "测试员")
    assert rendered(change.apply(plan)) == PART + item("1", "已完成 ") + item("2", "已完成")
