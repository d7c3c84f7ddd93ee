"""Plans that number past 999: 1,000 measures in one item crashed every `report` format and
1,000 categories crashed `status` (`cannot write 1000 in Chinese numerals`), though both plans
validated. The markers now follow the standard reading (一千, 一千零一)."""

from __future__ import annotations

from pathlib import Path

import pytest
import support

HEAD = "schema: 1\ntitle: 测试局关于巡察反馈意见整改情况的通报\nfindings:\n  categories:\n"
CATEGORY = (
    "    - title: 方面{n}\n      problems:\n        - title: 问题\n          items:\n"
    "            - title: 在意见方面\n              measures:\n"
)
MEASURE = "                - text: 措施{n}\n"


def many_measures(folder: Path) -> Path:
    """One item of 1,001 measures."""
    measures = "".join(MEASURE.format(n=i) for i in range(1, 1002))
    return support.write_plan_in(folder, HEAD + CATEGORY.format(n=1) + measures)


def many_categories(folder: Path) -> Path:
    """1,001 categories of one measure each."""
    body = "".join(CATEGORY.format(n=i) + MEASURE.format(n=i) for i in range(1, 1002))
    return support.write_plan_in(folder, HEAD + body)


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_thousand_measures_in_one_item_print_in_every_format(fmt: str, tmp_path: Path, cli):
    plan = many_measures(tmp_path)
    result = cli("report", "-p", plan, "-f", fmt)
    assert result.code == 0, result.err
    assert "九百九十九是措施999。一千是措施1000。一千零一是措施1001。" in result.out


def test_a_thousand_measures_in_one_item_print_in_word(tmp_path: Path, cli) -> None:
    pytest.importorskip("docx")
    plan, output = many_measures(tmp_path), tmp_path / "通报.docx"
    assert cli("report", "-p", plan, "-f", "docx", "-o", output).code == 0
    assert "一千是措施1000。一千零一是措施1001。" in support.docx_text(output)


def test_a_thousand_categories_show_in_status_and_print(tmp_path: Path, cli) -> None:
    plan = many_categories(tmp_path)
    assert cli("validate", "-p", plan).code == 0
    status = cli("status", "-p", plan)
    assert status.code == 0, status.err
    assert " (一千零一)    方面1001 " in status.out
    report = cli("report", "-p", plan)
    assert "(一千)方面1000" in report.out and "(一千零一)方面1001" in report.out
    assert cli("show", "(一千零一)1.(1)", "-p", plan).code == 0


def test_a_thousand_categories_in_schema_2(tmp_path: Path, cli) -> None:
    """After `rectify migrate` the markers come from the styles (document.numbered)."""
    plan = many_categories(tmp_path)
    before = cli("report", "-p", plan).out_bytes
    assert cli("migrate", "-p", plan).code == 0
    assert cli("report", "-p", plan).out_bytes.rstrip(b"\n") == before.rstrip(b"\n")
    assert " (一千零一)    方面1001 " in cli("status", "-p", plan).out
