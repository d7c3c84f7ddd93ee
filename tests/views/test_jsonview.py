"""`rectify status --json`: the contract (version, shape) and the shipped plan's content."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import support

from rectify_cli.model.numbering import cn

SHIPPED = "data/items.yaml"
LEDGER = "tests/plans/ledger.yaml"

COUNTS_KEYS = {"items", "measures", "overdue_items", "overdue_measures", "rate"}
BY_STATUS_KEYS = {"total", "todo", "doing", "done", "ongoing"}
TOP_KEYS = {"schema_version", "today", "plan", "nodes"}
PLAN_KEYS = {"schema", "title", "unit", "group", "plan_date", "declared_items", "status", "counts"}
GROUP_KEYS = {"id", "level", "title", "status", "counts", "children"}
ITEM_KEYS = {
    "id",
    "level",
    "title",
    "status",
    "owner",
    "dept",
    "due",
    "done_on",
    "overdue",
    "results",
    "measures",
}
MEASURE_KEYS = {
    "id",
    "level",
    "text",
    "status",
    "owner",
    "dept",
    "due",
    "overdue",
    "done_on",
    "done_by",
    "outcome",
    "notes",
}
NOTE_KEYS = {"date", "text", "evidence", "by"}


def status_json(run, *args: str) -> dict[str, Any]:
    code, out, err = run("status", "--json", *args)
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


def walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("children", []) + node.get("measures", []):
        yield from walk(child)


def everything(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for top in data["nodes"] for n in walk(top)]


def by_level(data: dict[str, Any], level: str) -> list[dict[str, Any]]:
    return [n for n in everything(data) if n["level"] == level]


@pytest.fixture
def shipped(run, in_root) -> dict[str, Any]:
    return status_json(run, "--plan", SHIPPED, "--today", "2025-04-01")


def test_status_json_schema_version_and_today(shipped) -> None:
    assert shipped["schema_version"] == 2
    assert shipped["today"] == "2025-04-01"


def test_status_json_shape_is_pinned(run, in_root) -> None:
    data = status_json(run, "--plan", LEDGER, "--today", "2025-04-01")
    assert set(data) == TOP_KEYS
    assert set(data["plan"]) == PLAN_KEYS
    counted = [data["plan"]["counts"]] + [g["counts"] for g in by_level(data, "category")]
    counted += [g["counts"] for g in by_level(data, "problem")]
    for counts in counted:
        assert set(counts) == COUNTS_KEYS
        assert set(counts["items"]) == set(counts["measures"]) == BY_STATUS_KEYS
    levels = {n["level"] for n in everything(data)}
    assert levels == {"category", "problem", "item", "measure"}
    for node in everything(data):
        expected = {
            "category": GROUP_KEYS,
            "problem": GROUP_KEYS,
            "item": ITEM_KEYS,
            "measure": MEASURE_KEYS,
        }[node["level"]]
        assert set(node) == expected, node["id"]
    notes = [note for m in by_level(data, "measure") for note in m["notes"]]
    assert notes == [
        {
            "date": "2025-03-10",
            "text": "召开第一季度专题学习会",
            "evidence": "会议记录.pdf",
            "by": None,
        }
    ]
    assert all(set(note) == NOTE_KEYS for note in notes)


def test_status_json_counts_of_the_shipped_plan(shipped) -> None:
    assert len(shipped["nodes"]) == 4
    assert len(by_level(shipped, "category")) == 4
    assert len(by_level(shipped, "problem")) == 8
    assert len(by_level(shipped, "item")) == 28
    assert len(by_level(shipped, "measure")) == 82
    assert shipped["plan"] == {
        "schema": 2,
        "title": "交通运输局关于区委第四巡察组反馈意见整改情况的通报",
        "unit": "大连金普新区交通运输局",
        "group": "区委第四巡察组",
        "plan_date": None,
        "declared_items": 28,
        "status": "doing",
        "counts": {
            "items": {"total": 28, "todo": 0, "doing": 25, "done": 0, "ongoing": 3},
            "measures": {"total": 82, "todo": 0, "doing": 74, "done": 0, "ongoing": 8},
            "overdue_items": 0,
            "overdue_measures": 0,
            "rate": 0.0,
        },
    }


def test_status_json_ids_follow_the_notice(shipped) -> None:
    categories = shipped["nodes"]
    assert [c["id"] for c in categories] == ["1", "2", "3", "4"]
    # (四) has its items directly, no problem level
    assert [c["level"] for c in categories[3]["children"]] == ["item"] * 3
    assert [c["id"] for c in categories[3]["children"]] == ["4.1", "4.2", "4.3"]
    item = next(n for n in everything(shipped) if n["id"] == "2.1.3")
    assert item["title"] == "在党规党纪教育做深做细方面。"  # as printed, its 。 included
    assert [m["id"] for m in item["measures"]] == ["2.1.3.1", "2.1.3.2", "2.1.3.3"]


def test_status_json_measure_texts_are_verbatim_from_the_notice(shipped) -> None:
    lines = support.SEED.read_text(encoding="utf-8").split("\n")
    assert len(lines) == 51

    def line(n: int) -> str:  # numbered from 1, as in docs/notice-anatomy.md
        return lines[n - 1]

    found = {n["id"]: n for n in everything(shipped)}
    # (二)1.(3), seed line 18: 三是 … 坚决防止反弹回潮。
    assert found["2.1.3.3"]["text"] == (
        "加强警示告诫和监督检查,既聚焦“关键少数”,又管住基层党员干部,严肃查处顶风违纪行为,"
        "坚决防止反弹回潮。"
    )
    assert line(18).startswith("(3)在党规党纪教育做深做细方面。一是")
    assert line(18).endswith("三是" + found["2.1.3.3"]["text"])
    # (一)1.(1), seed line 6: half-width angle brackets inside a title, then the results
    assert "《关于贯彻落实<交通强国建设纲要>的实施意见》" in found["1.1.1.3"]["text"]
    assert line(6).startswith("(1)" + found["1.1.1"]["title"] + "一是" + found["1.1.1.1"]["text"])
    assert found["1.1.1"]["results"].startswith("2021年11月,金普新区被")
    assert line(6).endswith("三是" + found["1.1.1.3"]["text"] + found["1.1.1"]["results"])
    # (二)3.(3), seed line 27: one measure and no 一是
    assert line(27) == "(3)在行业经营秩序监管招法不多方面。" + found["2.3.3.1"]["text"]
    # (三)2.(3), seed line 36: a measure of several sentences
    assert found["3.2.3.3"]["text"].startswith("扎实开展“三会一课”和党日活动。严格落实")
    assert line(36).endswith("三是" + found["3.2.3.3"]["text"])
    # (四)2., seed line 42: items directly under the category, numbered 1. 2. 3.
    assert line(42).startswith("2." + found["4.2"]["title"] + "一是" + found["4.2.1"]["text"])


def test_status_json_every_measure_is_in_its_item_line_of_the_notice(shipped) -> None:
    seed = support.SEED.read_text(encoding="utf-8").split("\n")
    for item in by_level(shipped, "item"):
        number = item["id"].split(".")[-1]
        head = f"{number}." if item["id"].startswith("4.") else f"({number})"
        line = next(line for line in seed if line.startswith(head + item["title"]))
        measures = item["measures"]
        position = 0
        for k, m in enumerate(measures, 1):
            enumerated = (cn(k) + "是" if len(measures) > 1 else "") + m["text"]
            position = line.index(enumerated, position) + len(enumerated)
            assert line[position - 1] in "。;", m["id"]  # the measure ends with its separator


def test_status_json_under_an_id(run, in_root) -> None:
    data = status_json(run, "2.1.3", "--plan", SHIPPED)
    assert [n["id"] for n in data["nodes"]] == ["2.1.3"]
    assert data["plan"]["counts"]["items"]["total"] == 28  # the plan's totals stay whole


def test_status_json_measure_fields_of_the_ledger(run, in_root) -> None:
    data = status_json(run, "1.1.2", "--plan", LEDGER, "--today", "2025-04-01")
    (item,) = data["nodes"]
    assert {k: item[k] for k in ("owner", "dept", "due", "status", "overdue")} == {
        "owner": "王副局长",
        "dept": "人事科",
        "due": "2025-04-15",
        "status": "doing",
        "overdue": False,
    }
    assert [(m["status"], m["owner"], m["due"]) for m in item["measures"]] == [
        ("doing", "王副局长", "2025-04-15"),  # status, owner and due from the item
        ("todo", "王副局长", "2025-05-30"),
    ]


def test_status_json_done_item_has_its_completion_date(run, in_root) -> None:
    data = status_json(run, "2", "--plan", LEDGER, "--today", "2025-04-01")
    found = {n["id"]: n for n in everything(data)}
    assert (found["2.2"]["status"], found["2.2"]["done_on"]) == ("done", "2025-01-20")
    assert (found["2.1"]["status"], found["2.1"]["done_on"]) == ("ongoing", None)
    assert found["2.1.1"]["overdue"] is False  # long-term, past its date, never overdue
    assert found["2"]["counts"]["rate"] == 50.0


def test_status_json_is_utf8_text_not_escapes(run, in_root) -> None:
    code, out, _ = run("status", "--json", "--plan", SHIPPED)
    assert code == 0
    assert "\\u" not in out
    assert "交通运输局" in out


def test_status_json_ignores_lang(run, in_root) -> None:
    chinese = run("status", "--json", "--plan", SHIPPED, "--today", "2025-04-01")
    english = run("status", "--json", "--plan", SHIPPED, "--today", "2025-04-01", "--lang", "en")
    assert chinese == english


@pytest.mark.parametrize("pretty", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize(
    ("target", "keep"),
    [(None, None), ((2, 1, 3), None), ((2, 1, 3, 1), None), ((2,), "done"), (None, "nothing")],
    ids=["all", "item", "measure", "category-done", "none-kept"],
)
def test_status_json_in_pieces_is_exactly_the_whole_dump(
    pretty: bool, target: tuple[int, ...] | None, keep: str | None
) -> None:
    """`status --json` writes its JSON one top-level node at a time; the pieces are exactly
    json.dumps of the whole, indented at a terminal and on one line when piped."""
    from datetime import date

    from rectify_cli.model.plan import Status
    from rectify_cli.planfile import reader
    from rectify_cli.views.jsonview import plan_json, plan_json_text

    plan, _ = reader.load(support.SHIPPED)
    day = date(2025, 6, 30)
    root = plan.find(target) if target else None
    kept = {
        None: None,
        "done": lambda m: m.status is Status.DONE,
        "nothing": lambda m: False,
    }[keep]
    whole = json.dumps(
        plan_json(plan, day, root, kept), ensure_ascii=False, indent=2 if pretty else None
    )
    pieces = list(plan_json_text(plan, day, root, kept, pretty=pretty))
    assert "".join(pieces) == whole
    assert len(pieces) == 2 + len(json.loads(whole)["nodes"])
