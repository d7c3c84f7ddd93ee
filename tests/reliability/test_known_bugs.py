"""Bugs found by the fuzzing in files another helper is changing (notice_import.py,
ledger_import.py): each is pinned here by a strict xfail test of the right behaviour, so that
its fix makes the test pass, and strict xfail then fails until the mark is removed; a fixed one
stays as plain tests of what it now does (N1-N7 of the notice import are all fixed, and the
fuzz target no longer counts them apart: a regression is a failure)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import targets
from support import copy_plan

from rectify_cli.notice import notice_import
from rectify_cli.planfile import decoding, reader

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


def imported(run: Run, tmp_path: Path, notice: str, *args: str) -> tuple[Path, str, str, str]:
    """`import NOTICE -o plan.yaml` (exit 0) and `validate` (exit 0): (notice, plan's text,
    stdout, stderr of the import)."""
    source = tmp_path / "通报.txt"
    source.write_text(notice, encoding="utf-8", newline="")
    plan = tmp_path / "plan.yaml"
    code, out, err = run("import", source, "-o", plan, *args)
    assert code == 0, err
    assert run("validate", "-p", plan)[0] == 0
    text = plan.read_bytes().decode("utf-8")
    assert text.splitlines() == text.split("\n")[:-1]  # no line break but the \n ending a line
    return source, text, out, err


def unplaced(source: Path, *lines: tuple[int, str]) -> str:
    return "".join(f"{source}:{n}: 无法归类,已作为注释留在新计划末尾:{t}\n" for n, t in lines)


COMMENTS = "\n# 以下原文未能归类,保留在此,请手工放到合适位置:\n"


# -- N3: a part numeral with no heading (was: `heading: ""`) ---------------------------------


def test_import_notice_part_without_heading(run: Run, tmp_path: Path) -> None:
    """The next line is not numbered: it is taken as the heading, and the plan says so."""
    _, text, out, err = imported(run, tmp_path, "一、\n局党组研究部署。\n" + BODY)
    assert err == ""
    assert out == f"已生成计划 {tmp_path / 'plan.yaml'}:1 条反馈意见、2 项措施。\n"
    assert (
        "\nintro:\n"
        "  heading: 局党组研究部署。  # 通报第 1 行只有编号,已与第 2 行合并,请核对\n"
        "  paragraphs: []\n"
    ) in text


def test_import_notice_part_heading_on_the_next_line(run: Run, tmp_path: Path) -> None:
    notice = "一、\n\n巡察整改工作组织推进情况\n局党组研究部署整改工作。\n" + BODY
    _, text, _, err = imported(run, tmp_path, notice)
    assert err == ""
    assert (
        "  heading: 巡察整改工作组织推进情况  # 通报第 1 行只有编号,已与第 3 行合并,请核对\n"
        in text
    )
    plan = tmp_path / "plan.yaml"
    assert run("report", "-p", plan)[1] == (
        "一、巡察整改工作组织推进情况\n局党组研究部署整改工作。\n" + BODY
    )


def test_import_notice_part_numeral_alone_is_a_comment(run: Run, tmp_path: Path) -> None:
    """Nothing to take as its heading (the next line is the next part): no introduction."""
    source, text, _, err = imported(run, tmp_path, "一、\n" + BODY)
    assert err == unplaced(source, (1, "一、"))
    assert "\nintro:" not in text
    assert text.endswith(COMMENTS + "# 第 1 行:一、\n")


def test_import_notice_next_steps_numeral_alone(run: Run, tmp_path: Path) -> None:
    """三、 followed by 一是…: its paragraphs are comments, the closing and editor in place."""
    notice = (
        INTRO + BODY + "三、\n一是持续整改。\n二是建立机制。\n欢迎监督,联系电话:1。\n责编:某局\n"
    )
    source, text, _, err = imported(run, tmp_path, notice)
    assert err == unplaced(source, (7, "三、"), (8, "一是持续整改。"), (9, "二是建立机制。"))
    assert "\nnext_steps:" not in text
    assert text.endswith(
        "closing: 欢迎监督,联系电话:1。  # 结束语\n"
        "editor: 某局  # 责编\n" + COMMENTS + "# 第 7 行:三、\n# 第 8 行:一是持续整改。\n"
        "# 第 9 行:二是建立机制。\n"
    )


def test_import_notice_findings_numeral_alone(run: Run, tmp_path: Path) -> None:
    """The findings' heading has a default in the plan format: used, and marked as such."""
    notice = INTRO + "二、\n" + BODY.split("\n", 1)[1]
    _, text, _, err = imported(run, tmp_path, notice)
    assert err == ""
    assert "\n  heading: 反馈问题整改落实情况  # 通报第 3 行只有编号,这是默认标题,请核对\n" in text


def test_import_notice_part_numeral_alone_in_english(run: Run, tmp_path: Path) -> None:
    source, _, out, err = imported(run, tmp_path, "一、\n" + BODY, "--lang", "en")
    assert (
        err == f"{source}:1: could not place this line; kept as a comment at the plan's end: 一、\n"
    )
    assert out == f"wrote {tmp_path / 'plan.yaml'}: 1 feedback items, 2 measures\n"


# -- N7: a number with no title (was: `title: ""`) ---------------------------------------------

HEAD = "二、反馈问题整改落实情况\n"
JOINED = "只有编号,已与第 {} 行合并,请核对"


@pytest.mark.parametrize(
    ("notice", "line"),
    [
        (
            HEAD + "(一)\n学习不够深入\n1.理论学习不够系统\n(1)在方面。一是甲;二是乙。\n",
            "    - title: 学习不够深入  # 通报第 2 行" + JOINED.format(3),
        ),
        (
            HEAD + "(一)学习不够深入\n1.\n理论学习不够系统\n(1)在方面。一是甲;二是乙。\n",
            "        - title: 理论学习不够系统  # 通报第 3 行" + JOINED.format(4),
        ),
        (
            HEAD + "(一)学习不够深入\n1.理论学习不够系统\n(1)\n在方面。一是甲;二是乙。\n",
            "            - title: 在方面  # 通报第 4 行" + JOINED.format(5),
        ),
        (
            HEAD + "(一)学习不够深入\n1.\n在方面。一是甲;二是乙。\n",  # straight under (一)
            "        - title: 在方面  # 通报第 3 行" + JOINED.format(4),
        ),
        (
            HEAD + "（一）\u3000\n学习不够深入\n1.理论学习不够系统\n（1）在方面。一是甲;二是乙。\n",
            "    - title: 学习不够深入  # 通报第 2 行" + JOINED.format(3),
        ),
    ],
    ids=["category", "problem", "item", "item under its category", "full-width space"],
)
def test_import_notice_number_with_its_title_on_the_next_line(
    run: Run, tmp_path: Path, notice: str, line: str
) -> None:
    _, text, out, err = imported(run, tmp_path, notice)
    assert err == ""
    assert out == f"已生成计划 {tmp_path / 'plan.yaml'}:1 条反馈意见、2 项措施。\n"
    assert line + "\n" in text
    # rendered, the number and its text are one line
    one_line = re.sub(r"^([(（][一1][)）]|1\.)\u3000?\n", r"\1", notice, flags=re.MULTILINE)
    # (without an introduction the findings are part 一)
    assert run("report", "-p", tmp_path / "plan.yaml")[1] == one_line.replace("二、", "一、", 1)


TWO = HEAD + "(一)学习不够深入\n1.理论学习不够系统\n(1)在学习计划方面。一是甲;二是乙。\n"


@pytest.mark.parametrize(
    ("notice", "lines", "measures", "cut"),
    [
        (HEAD + "(一)\n1.理论学习不够系统\n(1)在方面。一是甲;二是乙。\n(二)制度执行不严\n"
         "1.制度不健全\n(1)在制度方面。一是修订制度。\n",
         [(2, "(一)"), (3, "1.理论学习不够系统"), (4, "(1)在方面。一是甲;二是乙。")], 1, None),
        (TWO + "2.\n(1)在制度方面。一是修订制度;二是开展检查。\n",
         [(5, "2."), (6, "(1)在制度方面。一是修订制度;二是开展检查。")], 2, None),
        (TWO + "(2)。一是修订制度;二是开展检查。\n",
         [(5, "(2)。一是修订制度;二是开展检查。")], 2, None),
        (TWO + "(2)\u3000。一是修订制度。\n", [(5, "(2)\u3000。一是修订制度。")], 2, None),
        (TWO + "(2)在制度方面。\u3000。\n", [(5, "(2)在制度方面。\u3000。")], 2, None),
        (TWO + "(2)\n(3)\n", [(5, "(2)"), (6, "(3)")], 2, 6),
    ],
    ids=["category", "problem", "item", "blank title", "blank measure", "bare items at the end"],
)  # fmt: skip
def test_import_notice_number_without_a_title(
    run: Run,
    tmp_path: Path,
    notice: str,
    lines: list[tuple[int, str]],
    measures: int,
    cut: int | None,
) -> None:
    """No title anywhere: the line is kept as a comment with what is under it, and said; the
    rest is imported (a plan needs a title there, and none is made up)."""
    source, text, out, err = imported(run, tmp_path, notice)
    stop = f"{source}:{cut}: 通报在此处中断,已导入此前的内容。\n" if cut else ""
    assert err == unplaced(source, *lines) + stop
    assert out == f"已生成计划 {tmp_path / 'plan.yaml'}:1 条反馈意见、{measures} 项措施。\n"
    assert text.endswith(COMMENTS + "".join(f"# 第 {n} 行:{t}\n" for n, t in lines))


@pytest.mark.parametrize(
    "notice",
    [
        HEAD + "(一)学习不够深入\n1.\n(1)在学习计划方面。一是甲;二是乙。\n",
        HEAD + "(一)学习不够深入\n1.理论学习不够系统\n(1)。一是甲;二是乙。\n",
    ],
    ids=["problem", "item"],
)
def test_import_notice_nothing_but_a_number_without_a_title(
    run: Run, tmp_path: Path, notice: str
) -> None:
    """The only item has no place in a plan: nothing to import, no plan written."""
    source = tmp_path / "通报.txt"
    source.write_text(notice, encoding="utf-8")
    code, out, err = run("import", source, "-o", tmp_path / "plan.yaml")
    assert (code, out) == (4, "")
    assert err == (
        f"{source}:4:1: 错误: findings(反馈问题部分) 下没有内容,应至少有一项 (一)。\n"
        "通报文件有 1 处错误,未生成计划。\n"
    )
    assert not (tmp_path / "plan.yaml").exists()


# -- N4: raw control characters and line breaks in a comment (was: the plan did not load) ---

# every character YAML reads as a line break or refuses, every line break of str.splitlines
BREAKING = ["\r", "\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]
REFUSED = ["\x00", "\x01", "\x08", "\x1b", "\x1f", "\x7f", "\x80", "\x9f", "\ufffe", "\uffff"]


@pytest.mark.parametrize("char", BREAKING + REFUSED)
def test_import_notice_unplaced_line_with_control_character(
    run: Run, tmp_path: Path, char: str
) -> None:
    source, text, _, err = imported(run, tmp_path, INTRO + BODY + f"这一行无法归类{char}它的后半\n")
    escaped = f"这一行无法归类\\u{ord(char):04x}它的后半"
    assert err == unplaced(source, (7, escaped))
    assert text.endswith(COMMENTS + f"# 第 7 行:{escaped}\n")


@pytest.mark.parametrize("char", ["\t", "\u200b", "\ufeff", "\u202e", "\u3000", "\\u2028", "😀"])
def test_import_notice_unplaced_line_with_printable_character(
    run: Run, tmp_path: Path, char: str
) -> None:
    """What a comment can hold stays as it is (a tab, a zero-width or bidi character, text
    that looks like an escape)."""
    source, text, _, err = imported(run, tmp_path, INTRO + BODY + f"这一行无法归类{char}它的后半\n")
    assert err == unplaced(source, (7, f"这一行无法归类{char}它的后半"))
    assert text.endswith(COMMENTS + f"# 第 7 行:这一行无法归类{char}它的后半\n")


def test_import_notice_unplaced_line_with_every_character() -> None:
    """Every code point but \\n (which ends the line) in one line that cannot be placed: the
    plan loads, the comment is one line, and reads back as the notice's line."""
    line = "x" + "".join(chr(c) for c in range(0x110000) if c != 10)
    result = notice_import.parse(INTRO + BODY + line + "\n")
    reader.parse(decoding.Source(Path("p.yaml"), result.text, result.text.encode(), False))
    assert result.text.splitlines() == result.text.split("\n")[:-1]
    comment = result.text.split("\n")[-2]
    assert comment.startswith("# 第 7 行:x") and result.unplaced == [(7, comment[8:])]
    escapes = re.findall(r"\\u([0-9a-f]{4})", comment)
    assert len(escapes) == 30 + 33 + 2048 + 4  # C0 but tab and \n, DEL and C1, surrogates, …
    assert {chr(int(e, 16)) for e in escapes} >= set(BREAKING + REFUSED)
    assert re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), comment[8:]) == line


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
    loaded, _ = reader.load(plan)  # valid
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
    plan = copy_plan(tmp_path, source=targets.LEDGER_PLAN)
    source = tmp_path / "退回台账.xlsx"
    source.write_bytes(DAMAGED[how]())
    code, _, err = run("import", source, "--yes", "-p", plan)  # asserts no traceback
    assert code == 4
    assert err.startswith(f"{source}:1:1: 错误: 无法读取台账文件:")
    assert plan.read_bytes() == targets.LEDGER_PLAN.read_bytes()


def test_import_damaged_workbook_zip_itself_is_refused(run: Run, tmp_path: Path) -> None:
    """What already works: a file that is not a zip at all, or is cut in half."""
    plan = copy_plan(tmp_path, source=targets.LEDGER_PLAN)
    whole = targets.workbook_bytes(targets.exported().grid, [], "整改台账")
    for data in (b"not a workbook", whole[: len(whole) // 2]):
        source = tmp_path / "退回台账.xlsx"
        source.write_bytes(data)
        code, out, err = run("import", source, "--yes", "-p", plan)
        assert (code, out) == (4, "")
        assert err.startswith(f"{source}:1:1: 错误: 无法读取台账文件:")


def test_import_workbook_whose_zip_directory_points_before_the_file_is_damaged(
    run: Run, tmp_path: Path
) -> None:
    """L2: zipfile seeks to a negative offset and raises OSError(EINVAL); that is a damaged
    ledger (exit 4), not a file that cannot be read (exit 3)."""
    plan = copy_plan(tmp_path, source=targets.LEDGER_PLAN)
    data = bytearray(targets.workbook_bytes(targets.exported().grid, [], "整改台账"))
    end = data.rfind(b"PK\x05\x06")  # end of central directory: its offset field at +16
    offset = int.from_bytes(data[end + 16 : end + 20], "little")
    data[end + 16 : end + 20] = (offset + 10**6).to_bytes(4, "little")
    source = tmp_path / "退回台账.xlsx"
    source.write_bytes(bytes(data))
    code, out, err = run("import", source, "--yes", "-p", plan)
    assert (code, out) == (4, "")
    assert err == (
        f"{source}:1:1: 错误: 无法读取台账文件:[Errno 22] Invalid argument\n"
        "台账文件有 1 处错误,未做任何修改。\n"
    )
    assert plan.read_bytes() == targets.LEDGER_PLAN.read_bytes()


def test_import_workbook_that_cannot_be_read_is_exit_3(run: Run, tmp_path: Path) -> None:
    plan = copy_plan(tmp_path, source=targets.LEDGER_PLAN)
    folder = tmp_path / "台账.xlsx"
    folder.mkdir()
    code, out, err = run("import", folder, "--yes", "-p", plan)
    assert (code, out, err) == (3, "", f"无法读取 {folder}:Is a directory\n")
