"""Bugs found by the fuzzing in files another helper is changing (notice_import.py,
ledger_import.py): each is pinned here by a strict xfail test of the right behaviour, so that
its fix makes the test pass, and strict xfail then fails until the mark is removed. The fuzz
targets count these kinds apart ("known bug N1" ...) and go on looking for new ones."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import targets

from rectify_cli import plan_io

Run = Callable[..., tuple[int, str, str]]

BODY = (
    "二、反馈问题整改落实情况\n(一)学习不够深入\n1.理论学习不够系统\n"
    "(1)在学习计划方面。一是制定计划;二是召开会议。\n"
)
INTRO = "一、巡察整改工作组织推进情况\n局党组研究部署整改工作。\n"


def import_and_validate(run: Run, tmp_path: Path, notice: str) -> tuple[str, int, str]:
    """`import NOTICE -o plan.yaml` (exit 0), then `validate` the plan it wrote."""
    source = tmp_path / "通报.txt"
    source.write_text(notice, encoding="utf-8", newline="")
    plan = tmp_path / "plan.yaml"
    code, out, err = run("import", source, "-o", plan)
    assert code == 0, err
    code, _, err = run("validate", "-p", plan)
    return out, code, err


NOT_VALID = "notice_import.py writes a plan that does not validate"


def test_import_notice_part_without_paragraphs(run: Run, tmp_path: Path) -> None:
    _, code, err = import_and_validate(run, tmp_path, "一、巡察整改工作组织推进情况\n" + BODY)
    assert code == 0, err  # now: plan.yaml:13:14: paragraphs 应为以“- ”开头的列表,实际是空的


def test_import_notice_next_steps_without_paragraphs(run: Run, tmp_path: Path) -> None:
    _, code, err = import_and_validate(run, tmp_path, INTRO + BODY + "三、下一步整改工作计划\n")
    assert code == 0, err


def test_import_notice_blank_line_in_a_part(run: Run, tmp_path: Path) -> None:
    notice = "一、组织推进情况\n局党组研究部署。\n\n局党组召开会议。\n" + BODY
    _, code, err = import_and_validate(run, tmp_path, notice)
    assert code == 0, err


@pytest.mark.xfail(strict=True, reason=f'N3: {NOT_VALID}: `heading: ""`')
def test_import_notice_part_without_heading(run: Run, tmp_path: Path) -> None:
    _, code, err = import_and_validate(run, tmp_path, "一、\n局党组研究部署。\n" + BODY)
    assert code == 0, err


@pytest.mark.parametrize(
    "notice",
    [
        "二、反馈问题整改落实情况\n(一)\n学习不够深入\n1.理论学习不够系统\n(1)在方面。一是甲;二是乙。\n",
        "二、反馈问题整改落实情况\n(一)学习不够深入\n1.\n(1)在学习计划方面。一是甲;二是乙。\n",
        "二、反馈问题整改落实情况\n(一)学习不够深入\n1.理论学习不够系统\n(1)。一是甲;二是乙。\n",
    ],
    ids=["category", "problem", "item"],
)
@pytest.mark.xfail(strict=True, reason=f'N7: {NOT_VALID}: a bare number gives `title: ""`')
def test_import_notice_number_without_a_title(run: Run, tmp_path: Path, notice: str) -> None:
    _, code, err = import_and_validate(run, tmp_path, notice)
    assert code == 0, err


@pytest.mark.parametrize("char", ["\r", "\u2028", "\x85", "\x00", "\x7f", "\x1b"])
@pytest.mark.xfail(strict=True, reason=f"N4: {NOT_VALID}: raw characters in a comment")
def test_import_notice_unplaced_line_with_control_character(
    run: Run, tmp_path: Path, char: str
) -> None:
    notice = INTRO + BODY + f"这一行无法归类{char}它的后半\n"
    _, code, err = import_and_validate(run, tmp_path, notice)
    assert code == 0, err


def test_import_notice_odd_part_numeral(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "通报.txt"
    source.write_text(INTRO + BODY + "一十一、下一步整改工作计划\n持续整改。\n", encoding="utf-8")
    code, _, _ = run("import", source, "-o", tmp_path / "plan.yaml")  # asserts no traceback
    assert code in (0, 4)


def test_import_notice_category_with_items_then_a_problem(run: Run, tmp_path: Path) -> None:
    notice = (
        "二、反馈问题整改落实情况\n(一)学习不够深入\n1.在学习计划方面。一是制定计划;二是召开会议。\n"
        "2.制度执行不严\n(1)在制度方面。一是修订制度;二是开展检查。\n"
    )
    source = tmp_path / "通报.txt"
    source.write_text(notice, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    code, out, err = run("import", source, "-o", plan)
    assert code == 0, err
    loaded, _ = plan_io.load(plan)  # valid
    items, measures = sum(1 for _ in loaded.items()), sum(1 for _ in loaded.measures())
    # it says what it wrote, and drops nothing silently: imported, or reported as not placed
    # (was: "2 items, 4 measures" announced, 1 and 2 written, no line reported)
    assert out.endswith(f":{items} 条反馈意见、{measures} 项措施。\n"), out
    assert items == 2 or "修订制度" in err


def damaged(part: str, body: bytes) -> bytes:
    data = targets.workbook_bytes(targets.exported().grid, [], "整改台账")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[part] = body
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


DAMAGED = {
    "sheet cut short": lambda: damaged("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row"),
    "workbook part empty": lambda: damaged("xl/workbook.xml", b""),
    "content types empty": lambda: damaged("[Content_Types].xml", b""),
    "styles without fonts": lambda: damaged("xl/styles.xml", b"<styleSheet/>"),
}


@pytest.mark.parametrize("how", sorted(DAMAGED))
def test_import_damaged_workbook_is_refused(
    run: Run, tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    plan = tmp_path / "items.yaml"
    plan.write_bytes(targets.LEDGER_PLAN.read_bytes())
    source = tmp_path / "退回台账.xlsx"
    source.write_bytes(DAMAGED[how]())
    code, _, err = run("import", source, "--yes", "-p", plan)  # asserts no traceback
    assert code == 4
    assert err.startswith(f"{source}:1:1: 错误: 无法读取台账文件:")
    assert plan.read_bytes() == targets.LEDGER_PLAN.read_bytes()


def test_import_damaged_workbook_zip_itself_is_refused(run: Run, tmp_path: Path) -> None:
    """What already works: a file that is not a zip at all, or is cut in half."""
    plan = tmp_path / "items.yaml"
    plan.write_bytes(targets.LEDGER_PLAN.read_bytes())
    whole = targets.workbook_bytes(targets.exported().grid, [], "整改台账")
    for data in (b"not a workbook", whole[: len(whole) // 2]):
        source = tmp_path / "退回台账.xlsx"
        source.write_bytes(data)
        code, out, err = run("import", source, "--yes", "-p", plan)
        assert (code, out) == (4, "")
        assert err.startswith(f"{source}:1:1: 错误: 无法读取台账文件:")
