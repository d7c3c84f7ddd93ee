"""`rectify export`: the ledger as xlsx (read back cell by cell), CSV (bytes) and JSON."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from support import LEDGER_GOLDEN, SHIPPED

HEADER = (
    "序号", "方面", "问题", "反馈意见", "整改措施", "责任领导", "责任部门",
    "整改时限", "完成情况", "完成时间", "进展与佐证",
)  # fmt: skip
WIDTHS = {"A": 10, "B": 24, "C": 28, "D": 28, "E": 50, "F": 10, "G": 12, "H": 12, "I": 10}
WIDTHS |= {"J": 12, "K": 36}
GREEN, YELLOW, RED, BLUE = "00C6EFCE", "00FFEB9C", "00FFC7CE", "00BDD7EE"
LABELS = {"todo": "未开始", "doing": "正在整改", "done": "已完成", "ongoing": "长期坚持"}
LABELS |= {v: v for v in LABELS.values()}
FORMULAS = ("=1+1", '=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)")

# The ledger plan's rows at --today 2025-04-01, as a department sees them.
CAT1, PROB1 = "学习贯彻不够深入", "理论学习不够系统"
ITEM1, ITEM2 = "在理论学习缺乏针对性方面", "在制度执行不严方面"
CAT2 = "长期整改问题"
NOTE = "2025-03-10 召开第一季度专题学习会(佐证:会议记录.pdf)\n2025-03-25 筹备第二季度专题学习会"
LEDGER_ROWS = [
    ("1.1.1.1", CAT1, PROB1, ITEM1, "制定年度理论学习计划", "张局长", "办公室", "2025-03-31",
     "已完成", "2025-02-10", None),
    ("1.1.1.2", CAT1, PROB1, ITEM1, "每季度召开一次专题学习会", "张局长", "办公室",
     "2025-03-20", "正在整改", None, NOTE),
    ("1.1.2.1", CAT1, PROB1, ITEM2, "修订完善内部管理制度", "王副局长", "人事科", "2025-04-15",
     "正在整改", None, None),
    ("1.1.2.2", CAT1, PROB1, ITEM2, "开展制度执行情况检查", "王副局长", "人事科", "2025-05-30",
     "未开始", None, None),
    ("1.1.2.3", CAT1, PROB1, ITEM2, "清理过期文件", "王副局长", "人事科", "2025-03-01",
     "未开始", None, None),
    ("2.1.1", CAT2, None, "在公交线路整合方面", "整合现有公交资源", "赵局长", "运输科",
     "2025-01-31", "长期坚持", None, None),
    ("2.1.2", CAT2, None, "在公交线路整合方面", "完善公交线网布局", "赵局长", "运输科", None,
     "已完成", "2025-03-15", None),
    ("2.2.1", CAT2, None, "在出租车市场整合方面", "维护出租车行业稳定", None, "运输科", None,
     "已完成", "2025-01-20", None),
    ("2.3.1", CAT2, None, "在网约车管理方面", "规范网约车经营", None, None, None, "已完成",
     "2025-03-01", None),
]  # fmt: skip
# green done, yellow in progress, red overdue (doing or not started), blue long-term
LEDGER_FILLS = [GREEN, RED, YELLOW, None, RED, BLUE, GREEN, GREEN, GREEN]
LEDGER_SUMMARY = [
    ("方面", "反馈意见", "已完成", "正在整改", "未开始", "长期坚持", "逾期", "完成率"),
    (CAT1, 2, 0, 2, 0, 0, 2, 0),  # 完成率: a number, shown as a percent (test below)
    (CAT2, 3, 2, 0, 0, 1, 0, 0.6667),
    ("合计", 5, 2, 2, 0, 1, 2, 0.4),
]


def values(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def fill_of(cell: Any) -> str | None:
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None


def shipped_rows() -> list[tuple[Any, ...]]:
    """The shipped plan's ledger rows worked out from the raw YAML, apart from the tool."""
    raw = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    rows: list[tuple[Any, ...]] = []

    def item_rows(prefix: str, category: str, problem: str | None, item: dict[str, Any]) -> None:
        for m, measure in enumerate(item["measures"], 1):
            status = LABELS[measure.get("status") or item.get("status") or "todo"]
            rows.append((f"{prefix}.{m}", category, problem, item["title"], measure["text"],
                         None, None, None, status, None, None))  # fmt: skip

    tops = [f for block in raw["notice"] for f in block.get("findings", [])]
    for c, category in enumerate(tops, 1):
        for p, below in enumerate(category["findings"], 1):
            if "findings" not in below:  # an item directly under its category: (四)1.
                item_rows(f"{c}.{p}", category["title"], None, below)
                continue
            for i, item in enumerate(below["findings"], 1):
                item_rows(f"{c}.{p}.{i}", category["title"], below["title"], item)
    return rows


def test_export_xlsx_shipped_plan_one_row_per_measure(
    shipped: Path, export_xlsx: Callable[..., Path]
) -> None:
    book = load_workbook(export_xlsx(shipped))
    assert book.sheetnames == ["整改台账", "rectify_base", "汇总"]
    assert [book[n].sheet_state for n in book.sheetnames] == ["visible", "hidden", "visible"]
    sheet = book["整改台账"]
    rows = values(sheet)
    assert rows[0] == HEADER
    assert len(rows) == 1 + 82
    assert rows[1:] == shipped_rows()
    # a few rows spelled out: the first, the single measure of (二)3.(3), the last of (四)
    assert rows[1][:5] == (
        "1.1.1.1",
        "贯彻落实习近平新时代交通强国建设重要论述精神不够深入,履职尽责推进上级重大决策部署有所欠缺",
        "交通先行作用不够突出,对构建区域综合交通统筹融合发展缺少前瞻谋划和有力落实",
        "在综合交通运输体系建设牵头组织作用缺位方面。",
        "组织局党组成员持续深入学习习近平新时代中国特色社会主义思想,以及习近平总书记关于交通运输工作系列重要讲话精神。",
    )
    single = [r for r in rows if r[0].startswith("2.3.3.")]
    assert [(r[0], r[3]) for r in single] == [("2.3.3.1", "在行业经营秩序监管招法不多方面。")]
    assert rows[-1][0] == "4.3.3" and rows[-1][2] is None and rows[-1][8] == "长期坚持"
    fills = [fill_of(sheet.cell(row=r, column=9)) for r in range(2, 84)]
    assert fills.count(YELLOW) == 74 and fills.count(BLUE) == 8


def test_export_xlsx_ledger_plan_cell_by_cell(
    ledger_plan: Path, export_xlsx: Callable[..., Path]
) -> None:
    sheet = load_workbook(export_xlsx(ledger_plan))["整改台账"]
    assert values(sheet) == [HEADER, *LEDGER_ROWS]
    assert sheet.max_row == 10 and sheet.max_column == 11
    for row in sheet.iter_rows():
        for cell in row:  # text; an empty cell reads back as an empty inline string
            assert cell.data_type == "s" or cell.value is None, cell.coordinate


def test_export_xlsx_status_fill_colours(
    ledger_plan: Path, export_xlsx: Callable[..., Path]
) -> None:
    sheet = load_workbook(export_xlsx(ledger_plan))["整改台账"]
    assert [fill_of(sheet.cell(row=r, column=9)) for r in range(2, 11)] == LEDGER_FILLS
    # only the status cell is coloured, and the header never
    assert {fill_of(c) for row in sheet.iter_rows() for c in row if c.column != 9} == {None}
    assert fill_of(sheet["I1"]) is None


def test_export_xlsx_overdue_follows_today(
    ledger_plan: Path, export_xlsx: Callable[..., Path]
) -> None:
    """Before any deadline has passed nothing is red; the in-progress rows are yellow."""
    sheet = load_workbook(export_xlsx(ledger_plan, today="2025-01-01"))["整改台账"]
    fills = [fill_of(sheet.cell(row=r, column=9)) for r in range(2, 11)]
    assert fills == [GREEN, YELLOW, YELLOW, None, None, BLUE, GREEN, GREEN, GREEN]


def test_export_xlsx_layout_frozen_wrapped_widths(
    ledger_plan: Path, export_xlsx: Callable[..., Path]
) -> None:
    sheet = load_workbook(export_xlsx(ledger_plan))["整改台账"]
    assert sheet.freeze_panes == "A2"
    assert {k: sheet.column_dimensions[k].width for k in WIDTHS} == WIDTHS
    assert all(sheet.column_dimensions[k].customWidth for k in WIDTHS)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.alignment.wrap_text is True, cell.coordinate
            assert cell.alignment.vertical == "top", cell.coordinate
    for cell in sheet[1]:
        assert cell.font.bold is True
        assert cell.alignment.wrap_text is True
        assert cell.alignment.horizontal == "center"
    assert sheet.auto_filter.ref == "A1:K10"


def test_export_xlsx_print_setup(ledger_plan: Path, export_xlsx: Callable[..., Path]) -> None:
    sheet = load_workbook(export_xlsx(ledger_plan))["整改台账"]
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 == "9"  # A4
    assert sheet.print_title_rows == "$1:$1"  # the header row repeats on every page
    assert int(sheet.page_setup.fitToWidth) == 1
    assert int(sheet.page_setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True


def test_export_xlsx_summary_sheet_counts_and_rates(
    ledger_plan: Path, export_xlsx: Callable[..., Path]
) -> None:
    sheet = load_workbook(export_xlsx(ledger_plan))["汇总"]
    assert values(sheet) == LEDGER_SUMMARY
    assert sheet.freeze_panes == "A2"
    assert [c.font.bold for c in sheet[1]] == [True] * 8
    assert [c.font.bold for c in sheet[4]] == [True] * 8  # 合计
    assert [c.font.bold for c in sheet[2]] == [False] * 8


def test_export_xlsx_summary_sheet_shipped_plan(
    shipped: Path, export_xlsx: Callable[..., Path]
) -> None:
    assert values(load_workbook(export_xlsx(shipped))["汇总"]) == [
        ("方面", "反馈意见", "已完成", "正在整改", "未开始", "长期坚持", "逾期", "完成率"),
        ("贯彻落实习近平新时代交通强国建设重要论述精神不够深入,履职尽责推进上级重大决策部署有所欠缺",
         7, 0, 7, 0, 0, 0, 0),
        ("推动全面从严治党向纵深发展亟需持续发力,解决群众急难愁盼问题勇于担当意识不强",
         10, 0, 10, 0, 0, 0, 0),
        ("践行新时代党的组织路线有偏差,基层党组织标准化规范化建设存在薄弱环节",
         8, 0, 8, 0, 0, 0, 0),
        ("七届区委巡察长期整改问题", 3, 0, 0, 0, 3, 0, 0),
        ("合计", 28, 0, 25, 0, 3, 0, 0),
    ]  # fmt: skip


def test_export_xlsx_formula_text_stays_text(
    formula_plan: Path, export_xlsx: Callable[..., Path]
) -> None:
    path = export_xlsx(formula_plan)
    book = load_workbook(path)
    sheet = book["整改台账"]
    rows = values(sheet)
    assert rows[1:] == [
        ("1.1.1.1", "=1+1", "+cmd|' /C calc'!A0", "-2+3", "=1+1", "@SUM(A1)",
         '=HYPERLINK("http://x","y")', None, "正在整改", None, None),
        ("1.1.1.2", "=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "-2+3",
         '=HYPERLINK("http://x","y")', None, "正在整改", None, "2025-01-01 =cmd"),
        ("1.1.1.3", "=1+1", "+cmd|' /C calc'!A0", "-2+3", "+cmd|' /C calc'!A0", "@SUM(A1)",
         '=HYPERLINK("http://x","y")', None, "未开始", None, None),
        ("1.1.1.4", "=1+1", "+cmd|' /C calc'!A0", "-2+3", '=HYPERLINK("http://x","y")',
         "@SUM(A1)", '=HYPERLINK("http://x","y")', None, "正在整改", None, None),
    ]  # fmt: skip
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row]
    assert {c.data_type for c in cells if c.value is not None} <= {"s", "n"}
    assert {c.value for c in cells if c.data_type == "s"} >= set(FORMULAS)
    assert book["汇总"]["A2"].value == "=1+1" and book["汇总"]["A2"].data_type == "s"
    # and in the file itself: not one formula element anywhere
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert "<f>" not in xml and "<f " not in xml


def test_export_csv_formula_cells_start_with_apostrophe(run: Any, formula_plan: Path) -> None:
    code, out, err = run("export", "-f", "csv", "--today", "2025-04-01", "-p", formula_plan)
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert rows[1] == ["1.1.1.1", "'=1+1", "'+cmd|' /C calc'!A0", "'-2+3", "'=1+1", "'@SUM(A1)",
                       "'=HYPERLINK(\"http://x\",\"y\")", "", "正在整改", "", ""]  # fmt: skip
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    assert rows[2][10] == "2025-01-01 =cmd"  # not at the start of the cell: harmless


@pytest.mark.parametrize("value", FORMULAS)
def test_export_csv_defuses_each_formula_start(value: str) -> None:
    from rectify_cli.ledger.rows import defuse, undefuse

    assert defuse(value) == "'" + value
    assert undefuse(defuse(value)) == value
    assert defuse("正常文字") == "正常文字"
    assert undefuse("'不是公式") == "'不是公式"


def csv_bytes(cli: Any, plan: Path) -> bytes:
    """What `rectify export -f csv` writes on stdout, as bytes (CliRunner's text would turn
    CRLF into LF)."""
    result = cli("export", "-f", "csv", "--today", "2025-04-01", "-p", plan)
    assert result.code == 0 and result.err == "", result.err
    return result.out_bytes


def test_export_csv_bytes_bom_and_crlf(cli: Any, ledger_plan: Path, golden: Any) -> None:
    data = csv_bytes(cli, ledger_plan)
    assert data.startswith(b"\xef\xbb\xbf\xe5\xba\x8f\xe5\x8f\xb7,")  # BOM, then 序号
    header = ",".join(HEADER)
    assert data.startswith(b"\xef\xbb\xbf" + header.encode("utf-8") + b"\r\n")
    assert data.endswith(b"\r\n")
    assert data.count(b"\r\n") == 10  # the header and nine rows; a note's own line break is \n
    assert b"1.1.1.1,\xe5" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [tuple(r) for r in rows[1:]] == [
        tuple("" if v is None else v for v in row) for row in LEDGER_ROWS
    ]
    golden(LEDGER_GOLDEN / "ledger.csv", data)


def test_export_csv_to_file_same_bytes_as_stdout(run: Any, cli: Any, ledger_plan: Path) -> None:
    out = ledger_plan.parent / "ledger.csv"
    code, stdout, stderr = run("export", "-f", "csv", "-o", out, "--today", "2025-04-01",
                               "-p", ledger_plan)  # fmt: skip
    assert (code, stdout, stderr) == (0, "", f"已写入 {out}。\n")
    assert out.read_bytes() == csv_bytes(cli, ledger_plan)


@pytest.mark.parametrize("plan_name", ["ledger", "shipped"])
def test_export_json_equals_status_json(
    run: Any, plan_name: str, ledger_plan: Path, shipped: Path
) -> None:
    plan = ledger_plan if plan_name == "ledger" else shipped
    code, exported, err = run("export", "-f", "json", "--today", "2025-04-01", "-p", plan)
    assert (code, err) == (0, "")
    code, status, err = run("status", "--json", "--today", "2025-04-01", "-p", plan)
    assert (code, err) == (0, "")
    assert exported == status
    data = json.loads(exported)
    assert data["schema_version"] == 2 and data["today"] == "2025-04-01"
    assert set(data) == {"schema_version", "today", "plan", "nodes"}
    out = plan.parent / "ledger.json"
    assert run("export", "-f", "json", "-o", out, "--today", "2025-04-01", "-p", plan)[0] == 0
    assert out.read_text(encoding="utf-8") == status


def test_export_json_numbers(run: Any, ledger_plan: Path) -> None:
    _, out, _ = run("export", "-f", "json", "--today", "2025-04-01", "-p", ledger_plan)
    counts = json.loads(out)["plan"]["counts"]
    assert counts == {
        "items": {"total": 5, "todo": 0, "doing": 2, "done": 2, "ongoing": 1},
        "measures": {"total": 9, "todo": 2, "doing": 2, "done": 4, "ongoing": 1},
        "overdue_items": 2,
        "overdue_measures": 2,
        "rate": 40.0,
    }


def test_export_xlsx_without_output_is_usage_error(run: Any, ledger_plan: Path) -> None:
    code, out, err = run("export", "--format", "xlsx", "-p", ledger_plan)
    assert (code, out) == (2, "")
    assert err == "Excel 格式请用 -o 指定输出文件,例如 -o 整改台账.xlsx。\n"
    assert [p.name for p in ledger_plan.parent.iterdir() if p.name != ".rectify"] == ["items.yaml"]


def test_export_default_format_is_xlsx(run: Any, ledger_plan: Path) -> None:
    assert run("export", "-p", ledger_plan)[0] == 2  # xlsx, so -o is needed


def test_export_bad_format_is_usage_error(run: Any, ledger_plan: Path) -> None:
    code, out, err = run("export", "--format", "xls", "-p", ledger_plan)
    assert (code, out) == (2, "")
    assert err == "--format 的值“xls”无效,可选:xlsx csv json\n"


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
@pytest.mark.parametrize("spelling", ["same", "dotted"])
def test_export_output_naming_the_plan_is_refused(
    run: Any, ledger_plan: Path, fmt: str, spelling: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ledger_plan.parent.parent)
    before = ledger_plan.read_bytes()
    target = "data/items.yaml" if spelling == "same" else "./data/../data/items.yaml"
    code, out, err = run("export", "-f", fmt, "-o", target, "-p", "data/items.yaml")
    assert (code, out) == (6, "")
    assert err == "-o 指向计划文件本身,不会覆盖它。请换一个输出文件名。\n"
    assert ledger_plan.read_bytes() == before


def test_export_unwritable_output_exits_3(run: Any, ledger_plan: Path) -> None:
    target = ledger_plan.parent / "no-such-folder" / "ledger.xlsx"
    code, out, err = run("export", "-o", target, "-p", ledger_plan)
    assert (code, out) == (3, "")
    assert err.startswith(f"无法写入 {target}:")
    assert not target.exists()


CONTROL_PLAN = """\
schema: 1
title: 控制字符
unit: "测试\\a局"
findings:
  categories:
    - title: "方面\\f一"
      items:
        - title: 在某方面
          measures:
            - text: "第一行\\v第二行"
              owner: "张局长\\a"
              status: 正在整改
"""


def test_export_xlsx_control_characters_from_word(run: Any, tmp_path: Path) -> None:
    """Word's manual line break (\\v) and page break (\\f) become line breaks; a bell (\\a)
    is dropped: a worksheet cannot hold them, and the export must not crash on them."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(CONTROL_PLAN, encoding="utf-8")
    assert run("validate", "-p", plan)[0] == 0
    out = tmp_path / "ledger.xlsx"
    assert run("export", "-o", out, "-p", plan) == (0, "", f"已写入 {out}。\n")
    book = load_workbook(out)
    assert values(book["整改台账"])[1][:6] == (
        "1.1.1", "方面\n一", None, "在某方面", "第一行\n第二行", "张局长",
    )  # fmt: skip
    assert book["汇总"]["A2"].value == "方面\n一"
    before = plan.read_bytes()
    result = run("import", out, "--yes", "-p", plan)
    assert result == (0, "没有需要修改的内容,文件未改动。\n", "")
    assert plan.read_bytes() == before
    summary = tmp_path / "round.xlsx"
    assert run("summary", plan, "-o", summary) == (0, "", f"已写入 {summary}。\n")
    assert load_workbook(summary)["汇总"]["A2"].value == "测试局"


def test_export_xlsx_is_a_workbook_departments_fill_in_safely(
    shipped: Path, export_xlsx: Callable[..., Path]
) -> None:
    """完成情况 from a drop-down of the status words, the two date columns checked as
    2026-06-30, each with a prompt and an error in Chinese; those cells keep what is typed as
    text; the rate is a number shown as a percent; the workbook names the unit, not openpyxl."""
    book = load_workbook(export_xlsx(shipped))
    sheet = book["整改台账"]
    found = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert sorted(found) == ["H2:H83", "I2:I83", "J2:J83"]  # 82 measures, after the header
    status = found["I2:I83"]
    assert (status.type, status.formula1) == ("list", '"未开始,正在整改,已完成,长期坚持"')
    assert (status.prompt, status.error) == (
        "从列表中选择：未开始、正在整改、已完成、长期坚持。",
        "只能填写：未开始、正在整改、已完成、长期坚持。",
    )
    assert (status.showErrorMessage, status.showInputMessage, status.errorStyle) == (
        True, True, "stop",
    )  # fmt: skip
    for col, name in (("H", "整改时限"), ("J", "完成时间")):
        date_check = found[f"{col}2:{col}83"]
        assert date_check.type == "custom" and f"DATEVALUE({col}2)" in date_check.formula1
        assert date_check.errorTitle == f"{name}填写有误"
        assert [sheet[f"{col}{r}"].number_format for r in (2, 83)] == ["@", "@"]
    assert sheet["I2"].number_format == "@"
    assert book["汇总"]["H2"].number_format == "0.0%"
    props = book.properties
    assert (props.creator, props.lastModifiedBy) == ("大连金普新区交通运输局",) * 2
    assert props.title == "交通运输局关于区委第四巡察组反馈意见整改情况的通报（整改台账）"
