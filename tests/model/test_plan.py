"""The model: status roll-up up the tree, counts and completion rate, overdue, lookups."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import LEDGER, SHIPPED

from rectify_cli.model.plan import (
    CATEGORY,
    PROBLEM,
    Group,
    Item,
    Ledger,
    Measure,
    Plan,
    Status,
    count,
    roll_up,
)
from rectify_cli.planfile.reader import load

TODO, DOING, DONE, ONGOING = Status.TODO, Status.DOING, Status.DONE, Status.ONGOING
TODAY = date(2025, 4, 1)


def measure(status: Status, due: date | None = None, k: int = 1, **ledger: object) -> Measure:
    return Measure(
        path=(1, 1, k),
        text=f"措施{k}",
        ledger=Ledger(status=status, due=due, **ledger),  # type: ignore[arg-type]
        status=status,
        owner=None,
        dept=None,
        due=due,
    )


def item(*statuses: Status, k: int = 1) -> Item:
    measures = tuple(measure(s, k=n) for n, s in enumerate(statuses, 1))
    return Item(path=(1, k), title=f"意见{k}", measures=measures)


# -- roll_up -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        ([], TODO),  # nothing under it: not started
        ([TODO], TODO),
        ([TODO, TODO], TODO),
        ([DONE], DONE),
        ([DONE, DONE, DONE], DONE),
        ([ONGOING], ONGOING),
        ([DONE, ONGOING], ONGOING),  # done or long-term, at least one long-term
        ([ONGOING, ONGOING, DONE], ONGOING),
        ([DOING], DOING),
        ([TODO, DONE], DOING),  # anything else is in progress
        ([TODO, DOING], DOING),
        ([DOING, DONE], DOING),
        ([TODO, ONGOING], DOING),
        ([DOING, ONGOING], DOING),
        ([TODO, DOING, DONE, ONGOING], DOING),
    ],
)
def test_model_roll_up_rules(children: list[Status], expected: Status) -> None:
    assert roll_up(children) is expected
    assert roll_up(reversed(children)) is expected  # order does not matter
    assert roll_up(iter(children)) is expected  # any iterable, read once


def test_model_roll_up_every_pair_of_statuses() -> None:
    table = {frozenset(pair): roll_up(pair) for pair in itertools.product(Status, repeat=2)}
    assert table == {
        frozenset({TODO}): TODO,
        frozenset({DOING}): DOING,
        frozenset({DONE}): DONE,
        frozenset({ONGOING}): ONGOING,
        frozenset({DONE, ONGOING}): ONGOING,
        frozenset({TODO, DOING}): DOING,
        frozenset({TODO, DONE}): DOING,
        frozenset({TODO, ONGOING}): DOING,
        frozenset({DOING, DONE}): DOING,
        frozenset({DOING, ONGOING}): DOING,
    }


@given(st.lists(st.sampled_from(Status), max_size=8))
def test_model_roll_up_depends_only_on_the_set_of_statuses(statuses: list[Status]) -> None:
    assert roll_up(statuses) is roll_up(sorted(set(statuses)))
    assert roll_up(statuses) is roll_up(statuses + statuses)


@given(st.lists(st.lists(st.sampled_from(Status), min_size=1, max_size=4), min_size=1))
def test_model_roll_up_of_done_children_is_done_at_every_level(groups: list[list[Status]]):
    # a parent is done exactly when every measure below it is done, however they are grouped
    everything_done = all(s is DONE for group in groups for s in group)
    assert (roll_up(roll_up(g) for g in groups) is DONE) == everything_done


def plan_text(
    a: str | None, b: str | None, item: str | None, c: str | None, d: str | None, **item_ledger: str
) -> str:
    """Category 1 with problem 1.1 and items 1.1.1 (measures a, b) and 1.1.2 (its own status
    `item` and ledger, measures: one without a status, then c); category 2 with item 2.1 (d)."""

    def fields(indent: int, **values: str | None) -> list[str]:
        return [f"{' ' * indent}{k}: {v}" for k, v in values.items() if v is not None]

    lines = [
        "schema: 1",
        "title: 测试局关于巡察反馈意见整改情况的通报",
        "findings:",
        "  categories:",
        "    - title: 方面一",
        "      problems:",
        "        - title: 问题一",
        "          items:",
        "            - title: 意见一",
        "              measures:",
        "                - text: 措施一",
        *fields(18, status=a),
        "                - text: 措施二",
        *fields(18, status=b),
        "            - title: 意见二",
        *fields(14, status=item, **item_ledger),
        "              measures:",
        "                - text: 措施三",
        "                - text: 措施四",
        *fields(18, status=c),
        "    - title: 方面二",
        "      items:",
        "        - title: 意见三",
        "          measures:",
        "            - text: 措施五",
        *fields(14, status=d),
    ]
    return "\n".join(lines) + "\n"


def load_plan(tmp_path: Path, *statuses: str | None, **item_ledger: str) -> Plan:
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text(*statuses, **item_ledger), encoding="utf-8")
    return load(path, TODAY)[0]


def statuses_of(plan: Plan) -> dict[str, str]:
    return {node.id: node.status.value for node in plan.nodes()} | {"plan": plan.status.value}


def test_model_status_rolls_up_item_problem_category_plan(tmp_path: Path) -> None:
    plan = load_plan(tmp_path, "done", "doing", "todo", "todo", "ongoing")
    assert statuses_of(plan) == {
        "1": "doing",
        "1.1": "doing",
        "1.1.1": "doing",
        "1.1.1.1": "done",
        "1.1.1.2": "doing",
        "1.1.2": "todo",
        "1.1.2.1": "todo",
        "1.1.2.2": "todo",
        "2": "ongoing",
        "2.1": "ongoing",
        "2.1.1": "ongoing",
        "plan": "doing",
    }


def test_model_status_all_done_rolls_up_to_done_plan(tmp_path: Path) -> None:
    plan = load_plan(tmp_path, "done", "已完成", "done", "done", "done")
    assert set(statuses_of(plan).values()) == {"done"}


def test_model_status_done_and_long_term_roll_up_to_long_term(tmp_path: Path) -> None:
    plan = load_plan(tmp_path, "done", "done", "done", "done", "长期坚持")
    assert statuses_of(plan)["1"] == "done"
    assert statuses_of(plan)["2"] == "ongoing"
    assert statuses_of(plan)["plan"] == "ongoing"


def test_model_item_status_is_inherited_by_measures_without_their_own(tmp_path: Path) -> None:
    plan = load_plan(tmp_path, "todo", "todo", "正在整改", "done", "todo")
    found = {node.id: node for node in plan.nodes()}
    assert found["1.1.2.1"].status is DOING  # no status of its own: the item's
    assert found["1.1.2.2"].status is DONE  # its own status wins
    assert found["1.1.2"].status is DOING
    assert statuses_of(plan)["1"] == "doing"


def test_model_measures_without_any_status_are_not_started(tmp_path: Path) -> None:
    plan = load_plan(tmp_path, None, None, None, None, None)
    assert [m.status for m in plan.measures()] == [TODO] * 5
    assert plan.status is TODO


# -- counts and the completion rate -----------------------------------------------------------


def test_model_count_counts_items_and_measures_by_status() -> None:
    items = [item(DONE, DONE, k=1), item(DONE, DOING, k=2), item(TODO, k=3), item(ONGOING, k=4)]
    c = count(items, TODAY)
    assert c.items == {TODO: 1, DOING: 1, DONE: 1, ONGOING: 1}
    assert c.measures == {TODO: 1, DOING: 1, DONE: 3, ONGOING: 1}
    assert (c.total_items, c.total_measures) == (4, 6)


def test_model_rate_counts_only_fully_done_items() -> None:
    # 3 of 4 measures done is still one unfinished item: the rate is 1 item in 4
    items = [item(DONE, k=1), item(DONE, DONE, DONE, DOING, k=2), item(ONGOING, k=3), item(TODO)]
    assert count(items, TODAY).rate == 25.0


def test_model_rate_of_the_genre_example() -> None:
    # 截至目前,巡察反馈25个问题,已完成整改19个、正在整改6个,整改完成率76%。
    items = [item(DONE, k=k) for k in range(19)] + [item(DONE, DOING, k=k) for k in range(6)]
    c = count(items, TODAY)
    assert (c.total_items, c.items[DONE], c.items[DOING], c.rate) == (25, 19, 6, 76.0)


def test_model_rate_of_no_items_is_zero() -> None:
    c = count([], TODAY)
    assert (c.total_items, c.total_measures, c.rate) == (0, 0, 0.0)
    assert c.items == dict.fromkeys(Status, 0)


def test_model_count_of_the_shipped_plan() -> None:
    plan = load(SHIPPED, TODAY)[0]
    c = count(plan.items(), TODAY)
    assert c.items == {TODO: 0, DOING: 25, DONE: 0, ONGOING: 3}
    assert c.measures == {TODO: 0, DOING: 74, DONE: 0, ONGOING: 8}
    assert (c.overdue_items, c.overdue_measures, c.rate) == (0, 0, 0.0)
    assert plan.declared_items == c.total_items == 28


# -- overdue -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        (TODO, date(2025, 3, 31), True),
        (DOING, date(2025, 3, 31), True),
        (DOING, date(2020, 1, 1), True),
        (DOING, TODAY, False),  # due today is not late yet
        (DOING, date(2025, 4, 2), False),
        (DONE, date(2025, 3, 31), False),  # done is never overdue
        (ONGOING, date(2025, 3, 31), False),  # long-term is never overdue
        (TODO, None, False),  # no deadline, never late
        (DOING, None, False),
    ],
)
def test_model_measure_overdue(status: Status, due: date | None, overdue: bool) -> None:
    assert measure(status, due).is_overdue(TODAY) is overdue


def test_model_item_is_overdue_when_any_measure_is() -> None:
    late = measure(DOING, date(2025, 3, 1), k=1)
    on_time = measure(DOING, date(2025, 5, 1), k=2)
    assert Item((1, 1), "意见", (late, on_time)).is_overdue(TODAY)
    assert not Item((1, 1), "意见", (on_time,)).is_overdue(TODAY)


def test_model_count_overdue_items_and_measures() -> None:
    late = date(2025, 3, 1)
    items = [
        Item((1, 1), "a", (measure(DOING, late, 1), measure(TODO, late, 2))),
        Item((1, 2), "b", (measure(DONE, late, 1), measure(ONGOING, late, 2))),
        Item((1, 3), "c", (measure(TODO, late, 1),)),
    ]
    c = count(items, TODAY)
    assert (c.overdue_items, c.overdue_measures) == (2, 3)


def test_model_inherited_due_date_makes_a_measure_overdue(tmp_path: Path) -> None:
    plan = load_plan(tmp_path, "done", "doing", "todo", "doing", "ongoing", due="2025-03-01")
    found = {node.id: node for node in plan.nodes()}
    assert [found[i].due for i in ("1.1.2.1", "1.1.2.2")] == [date(2025, 3, 1)] * 2
    assert found["1.1.2.1"].is_overdue(TODAY) and found["1.1.2.2"].is_overdue(TODAY)
    assert count(plan.items(), TODAY).overdue_items == 1


# -- done_on, lookups ----------------------------------------------------------------------


def test_model_item_done_on_is_the_last_measure_date_once_all_are_done() -> None:
    first = measure(DONE, k=1, done_on=date(2025, 2, 1))
    last = measure(DONE, k=2, done_on=date(2025, 3, 1))
    assert Item((1, 1), "意见", (first, last)).done_on == date(2025, 3, 1)
    assert Item((1, 1), "意见", (first, measure(DOING, k=2))).done_on is None
    assert Item((1, 1), "意见", (measure(DONE, k=1),)).done_on is None


def test_model_find_nodes_by_path() -> None:
    plan = load(SHIPPED, TODAY)[0]
    found = plan.find((2, 1, 3))
    assert isinstance(found, Item)
    assert found.title == "在党规党纪教育做深做细方面。"  # schema 2: as printed
    assert isinstance(plan.find((2,)), Group) and plan.find((2,)).level == CATEGORY  # type: ignore[union-attr]
    assert isinstance(plan.find((2, 1)), Group) and plan.find((2, 1)).level == PROBLEM  # type: ignore[union-attr]
    four_two = plan.find((4, 2))
    assert isinstance(four_two, Item) and four_two.title == "在两区出租车市场整合方面。"
    assert isinstance(plan.find((2, 1, 3, 2)), Measure)
    for missing in [(5,), (0,), (2, 1, 9), (2, 1, 3, 4), (2, 1, 3, 2, 1), (4, 2, 3, 1)]:
        assert plan.find(missing) is None


def test_model_nodes_are_in_notice_order() -> None:
    plan = load(SHIPPED, TODAY)[0]
    ids = [node.id for node in plan.nodes()]
    assert ids[:6] == ["1", "1.1", "1.1.1", "1.1.1.1", "1.1.1.2", "1.1.1.3"]
    assert ids[-4:] == ["4.3", "4.3.1", "4.3.2", "4.3.3"]
    assert len(ids) == 4 + 8 + 28 + 82


def test_model_nearest_ids_lists_the_siblings_under_the_deepest_parent() -> None:
    plan = load(SHIPPED, TODAY)[0]
    assert plan.nearest_ids((2, 1, 9)) == ["2.1.1", "2.1.2", "2.1.3", "2.1.4"]
    assert plan.nearest_ids((9, 9)) == ["1", "2", "3", "4"]
    assert plan.nearest_ids((2, 1, 3, 7)) == ["2.1.3.1", "2.1.3.2", "2.1.3.3"]
    assert plan.nearest_ids((1, 1, 2, 9), limit=3) == ["1.1.2.1", "1.1.2.2", "1.1.2.3"]


def test_model_nearest_ids_below_a_measure_names_the_measure() -> None:
    plan = load(SHIPPED, TODAY)[0]
    assert "2.1.3.1" in plan.nearest_ids((2, 1, 3, 1, 1))


def test_model_ancestors_outermost_first() -> None:
    plan = load(SHIPPED, TODAY)[0]
    assert [n.id for n in plan.ancestors((2, 1, 3, 2))] == ["2", "2.1", "2.1.3"]
    assert [n.id for n in plan.ancestors((4, 2))] == ["4"]
    assert plan.ancestors((1,)) == []


def test_model_group_items_include_items_at_any_depth() -> None:
    plan = load(SHIPPED, TODAY)[0]
    assert [len(list(c.items())) for c in plan.categories] == [7, 10, 8, 3]
    assert [sum(len(i.measures) for i in c.items()) for c in plan.categories] == [26, 26, 22, 8]


@pytest.mark.parametrize(
    "path", [SHIPPED, LEDGER], ids=["data/items.yaml", "tests/plans/ledger.yaml"]
)
def test_total_of_the_categories_counts_is_the_plans_count(path: Path) -> None:
    from rectify_cli.model.plan import count, total
    from rectify_cli.planfile import reader

    plan, _ = reader.load(path)
    day = date(2025, 6, 30)
    parts = [count(c.items(), day) for c in plan.categories]
    assert total(parts) == count(plan.items(), day)
    assert total([]) == count([], day)
