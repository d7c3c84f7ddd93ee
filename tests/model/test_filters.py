"""The measure filters of `rectify status` (--overdue, --due-within, --owner, --dept, --status,
an ID), all of which must hold: which measures they keep, read from `status --json`."""

from __future__ import annotations

import json

import pytest

LEDGER = "tests/plans/ledger.yaml"
TODAY = "2025-04-01"


def kept(run, *args: str) -> list[str]:
    code, out, err = run("status", "--json", "--plan", LEDGER, *args)
    assert (code, err) == (0, "")

    def measures(node: dict) -> list[str]:
        below = node.get("children", []) + node.get("measures", [])
        own = [node["id"]] if node["level"] == "measure" else []
        return own + [m for child in below for m in measures(child)]

    return [m for node in json.loads(out)["nodes"] for m in measures(node)]


ALL_MEASURES = ["1.1.1.1", "1.1.1.2", "1.1.2.1", "1.1.2.2", "2.1.1", "2.1.2", "2.2.1"]


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        ([], ALL_MEASURES),
        (["--overdue"], ["1.1.1.2"]),
        (["--overdue", "--today", "2025-03-20"], []),  # due today: not late yet
        (["--overdue", "--today", "2025-03-21"], ["1.1.1.2"]),
        (["--overdue", "--today", "2025-06-01"], ["1.1.1.2", "1.1.2.1", "1.1.2.2"]),
        (["--due-within", "20"], ["1.1.1.2", "1.1.2.1"]),
        (["--due-within", "14"], ["1.1.1.2", "1.1.2.1"]),  # due in exactly 14 days
        (["--due-within", "13"], ["1.1.1.2"]),
        (["--due-within", "0"], ["1.1.1.2"]),  # late counts as due
        (["--due-within", "60"], ["1.1.1.2", "1.1.2.1", "1.1.2.2"]),  # never done/long-term
        (["--owner", "张"], ["1.1.1.1", "1.1.1.2"]),  # inherited from the item
        (["--owner", "王副局长"], ["1.1.2.1", "1.1.2.2"]),
        (["--owner", "钱"], []),
        (["--dept", "运输科"], ["2.1.1", "2.1.2", "2.2.1"]),
        (["--dept", "办公"], ["1.1.1.1", "1.1.1.2"]),
        (["--status", "done"], ["1.1.1.1", "2.1.2", "2.2.1"]),
        (["--status", "已完成"], ["1.1.1.1", "2.1.2", "2.2.1"]),
        (["--status", "正在整改"], ["1.1.1.2", "1.1.2.1"]),
        (["--status", "todo", "--status", "ongoing"], ["1.1.2.2", "2.1.1"]),
        (["--status", "doing", "--owner", "王"], ["1.1.2.1"]),  # every filter must hold
        (["--dept", "运输", "--overdue"], []),
        (["1.1", "--status", "done"], ["1.1.1.1"]),  # under an ID
        (["2.1.2"], ["2.1.2"]),
    ],
)
def test_status_filters_keep_the_right_measures(args, ids, run, in_root) -> None:
    today = [] if "--today" in args else ["--today", TODAY]
    assert kept(run, *args, *today) == ids
