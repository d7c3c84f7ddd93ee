"""`rectify show`: one entry in full, pinned as golden files (80 columns, no colour). The
command's IDs and errors are in tests/cli/test_show.py."""

from __future__ import annotations

import pytest
import support

GOLDEN = support.VIEWS_GOLDEN / "show"
SHIPPED = "data/items.yaml"
LEDGER = "tests/plans/ledger.yaml"
TODAY = "2025-04-01"

CASES = {
    "measure_2.2.3.3": (SHIPPED, "2.2.3.3", []),
    "item_2.1.3": (SHIPPED, "2.1.3", []),
    "item_4.2": (SHIPPED, "4.2", []),
    "ledger_measure_overdue": (LEDGER, "1.1.1.2", []),
    "ledger_measure_done": (LEDGER, "2.1.2", []),
    "ledger_item": (LEDGER, "1.1.1", []),
    "ledger_category": (LEDGER, "1", []),
    "ledger_measure_en": (LEDGER, "2.1.2", ["--lang", "en"]),
}


@pytest.mark.parametrize("name", CASES)
def test_show_golden(name, run, golden, in_root) -> None:
    plan, ident, extra = CASES[name]
    code, out, err = run("show", ident, "--plan", plan, "--today", TODAY, *extra)
    assert (code, err) == (0, "")
    golden(GOLDEN / f"{name}.txt", out)


def test_show_measure_exact(run, in_root) -> None:
    code, out, err = run("show", "2.2.3.3", "--plan", SHIPPED)
    assert (code, err) == (0, "")
    assert [line.rstrip() for line in out.splitlines()] == [
        "2        推动全面从严治党向纵深发展亟需持续发力,解决群众急难愁盼问题勇于担当意识",
        "         不强",
        "2.2      作风转变缺乏韧劲,形式主义顽疾凸显",
        "2.2.3    在一些制度执行“挂空挡”方面。",
        "2.2.3.3  每半年组织开展一次落实规章制度专项考核。",
        "状态  正在整改",
    ]


def test_show_item_lists_its_measures(run, in_root) -> None:
    code, out, _ = run("show", "2.1.3", "--plan", SHIPPED)
    lines = [line.rstrip() for line in out.splitlines()]
    assert code == 0
    assert lines[:5] == [
        "2      推动全面从严治党向纵深发展亟需持续发力,解决群众急难愁盼问题勇于担当意识不",
        "       强",
        "2.1    管党治党政治责任扛得不够牢,权力运行监督制约笼子编的不够结实",
        "2.1.3  在党规党纪教育做深做细方面。",
        "状态  正在整改",
    ]
    assert [line.split()[0] for line in lines if line.startswith(" 2.1.3.")] == [
        "2.1.3.1",
        "2.1.3.2",
        "2.1.3.3",
    ]


def test_show_ledger_measure_fields(run, in_root) -> None:
    code, out, _ = run("show", "2.1.2", "--plan", LEDGER, "--today", TODAY)
    assert code == 0
    assert [line.rstrip() for line in out.splitlines()] == [
        "2      长期整改问题",
        "2.1    在公交线路整合方面",
        "2.1.2  完善公交线网布局",
        "状态      已完成",
        "责任领导  赵局长",
        "责任部门  运输科",
        "完成时间  2025-03-15",
        "完成人    孙强",
        "整改成效  新开通公交线路2条",
    ]


def test_show_long_measure_text_starts_on_the_id_line(run, in_root) -> None:
    code, out, _ = run("show", "2.1.3.2", "--plan", SHIPPED)
    assert code == 0
    assert out.splitlines()[4].startswith("2.1.3.2  坚持把监督检查")


def test_show_overdue_deadline_is_visible_without_colour(run, in_root) -> None:
    code, out, _ = run("show", "1.1.1.2", "--plan", LEDGER, "--today", TODAY)
    assert code == 0
    assert "逾期 12 天" in out
