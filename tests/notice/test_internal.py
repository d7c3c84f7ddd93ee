"""Public and internal: the ledger's fields never reach the notice, in any format, while a
custom template can still ask for them by name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import FIRST_ITEM

Cli = Callable[..., Any]
WritePlan = Callable[..., Path]

# Each internal field carries its own marker, so a failure names the field that leaked.
MARKERS = {
    "item owner": "ZQX1OWNERITEM",
    "item dept": "ZQX2DEPTITEM",
    "measure owner": "ZQX3OWNERMEASURE",
    "measure dept": "ZQX4DEPTMEASURE",
    "done_by": "ZQX5DONEBY",
    "outcome": "ZQX6OUTCOME",
    "note text": "ZQX7NOTETEXT",
    "note evidence": "ZQX8EVIDENCE.pdf",
    "note by": "ZQX9NOTEBY",
    "item outcome": "ZQX10ITEMOUTCOME",
    "item note": "ZQX11ITEMNOTE",
    "unit": "ZQX12UNIT",
    "group": "ZQX13GROUP",
}
# Dates no public text mentions: due (item, measure), done_on, note dates, plan_date.
DATES = {
    "item due": ("2039-08-17", "2039"),
    "measure due": ("2038-09-23", "2038"),
    "done_on": ("2023-02-14", "2023"),
    "note date": ("2022-11-05", "2022"),
    "plan_date": ("2037-05-05", "2037"),
}

PLAN = f"""\
schema: 1
title: 测试局关于巡察反馈意见整改情况的通报
unit: {MARKERS["unit"]}
group: {MARKERS["group"]}
plan_date: {DATES["plan_date"][0]}
intro:
  heading: 巡察整改工作组织推进情况
  paragraphs:
    - 局党组召开专题会议研究整改工作。
findings:
{FIRST_ITEM}\
              owner: {MARKERS["item owner"]}
              dept: {MARKERS["item dept"]}
              due: {DATES["item due"][0]}
              outcome: {MARKERS["item outcome"]}
              notes:
                - date: {DATES["note date"][0]}
                  text: {MARKERS["item note"]}
              measures:
                - text: 制定年度学习计划
                  status: done
                  done_on: {DATES["done_on"][0]}
                  done_by: {MARKERS["done_by"]}
                  outcome: {MARKERS["outcome"]}
                - text: 每月开展一次集中学习
                  owner: {MARKERS["measure owner"]}
                  dept: {MARKERS["measure dept"]}
                  due: {DATES["measure due"][0]}
                  status: doing
                  notes:
                    - date: {DATES["note date"][0]}
                      text: {MARKERS["note text"]}
                      evidence: {MARKERS["note evidence"]}
                      by: {MARKERS["note by"]}
              results: 已完成学习计划修订。
next_steps:
  heading: 下一步整改工作计划
  paragraphs:
    - 持续巩固整改成果。
closing: 欢迎监督。
editor: 办公室
"""


def leaks(text: str) -> list[str]:
    found = [field for field, marker in MARKERS.items() if marker in text]
    found += [
        field
        for field, (iso, year) in DATES.items()
        if iso in text or year in text or iso[5:] in text
    ]
    return found


def test_report_internal_plan_is_valid(cli: Cli, write_plan: WritePlan) -> None:
    """The markers sit in real ledger fields: the plan loads and the ledger shows them."""
    path = write_plan(PLAN)
    result = cli("status", "--json", "--today", "2024-06-30", "--plan", str(path))
    assert result.code == 0, result.err
    assert MARKERS["measure owner"] in result.out
    assert MARKERS["done_by"] in result.out
    assert MARKERS["note evidence"] in result.out
    result = cli("validate", "--plan", str(path))
    assert result.code == 0, result.err
    assert result.err == ""


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
@pytest.mark.parametrize(
    "options", [(), ("--stats",), ("--marks",), ("--stats", "--marks")], ids=str
)
def test_report_internal_fields_never_printed(
    cli: Cli, write_plan: WritePlan, fmt: str, options: tuple[str, ...]
) -> None:
    path = write_plan(PLAN)
    result = cli("report", "-f", fmt, "--plan", str(path), "--as-of", "2024-06-30", *options)
    assert result.code == 0, result.err
    assert leaks(result.out) == []
    assert leaks(result.err) == []
    assert "已完成学习计划修订。" in result.out  # results are public


@pytest.mark.parametrize("options", [(), ("--stats", "--marks")], ids=str)
def test_report_internal_fields_never_in_word(
    cli: Cli,
    write_plan: WritePlan,
    read_docx: Callable[[Path], str],
    read_docx_xml: Callable[[Path], str],
    tmp_path: Path,
    options: tuple[str, ...],
) -> None:
    out = tmp_path / "通报.docx"
    path = write_plan(PLAN)
    args = ("--as-of", "2024-06-30", "-o", str(out), *options)
    result = cli("report", "-f", "docx", "--plan", str(path), *args)
    assert result.code == 0, result.err
    text = read_docx(out)
    assert "已完成学习计划修订。" in text
    assert leaks(text) == []
    # nor anywhere in the package (document, footers), but the unit as the document's author
    # in its properties (docProps/core.xml): the office that publishes the notice
    assert leaks(read_docx_xml(out)) == ["unit"]
    import zipfile

    with zipfile.ZipFile(out) as package:
        parts = {
            n: package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml")
        }
    assert [n for n, xml in parts.items() if MARKERS["unit"] in xml] == ["docProps/core.xml"]


def test_report_internal_fields_reachable_by_a_custom_template(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    """The public notice leaves them out; a clerk's own template may ask for them by name."""
    template = tmp_path / "ledger.txt.j2"
    template.write_text(
        "{% for item in plan.items() %}{% for measure in item.measures %}"
        "{{ measure.id }} {{ measure.owner }} {{ measure.dept }} {{ measure.due }}"
        " {{ measure.ledger.done_by }}\n"
        "{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    path = write_plan(PLAN)
    result = cli("report", "--plan", str(path), "--template", str(template))
    assert result.code == 0, result.err
    assert result.out.rstrip("\n").split("\n") == [
        "1.1.1.1 ZQX1OWNERITEM ZQX2DEPTITEM 2039-08-17 ZQX5DONEBY",
        "1.1.1.2 ZQX3OWNERMEASURE ZQX4DEPTMEASURE 2038-09-23 None",
    ]
