"""Control characters a Word file cannot hold (`\\v` from Word's manual line breaks, `\\f` from
a PDF's page breaks, ESC …): `report -f docx` crashed on one (lxml ValueError), and importing a
notice that holds one put it in the plan. Now `validate` warns where it is, `import` names its
line, and every format prints: the Word file breaks the line at a `\\v` or `\\f` and leaves any
other out."""

from __future__ import annotations

from pathlib import Path

import pytest
import support
from support import FIRST_ITEM, NOTICE_OPENING

PLAN = (
    NOTICE_OPENING
    + "findings:\n"
    + FIRST_ITEM
    + (
        "              measures:\n"
        '                - text: "制定学习\\v计划"\n'
        '                - text: "完善\\x1b制度"\n'
    )
)


def test_validate_warns_at_the_text_holding_one(write_plan, cli) -> None:
    plan = write_plan(PLAN)
    result = cli("validate", "-p", plan)
    assert result.code == 0
    assert result.err == (
        f"{plan}:17:25: 警告: 这段文字的第 5 个字符是控制字符 U+000B（常见于从 Word 或 PDF 复制的"
        "文字），Word 版通报无法容纳：\\v、\\f 印作换行，其余不印出；请核对后删除它。\n"
        f"{plan}:18:25: 警告: 这段文字的第 3 个字符是控制字符 U+001B（常见于从 Word 或 PDF 复制的"
        "文字），Word 版通报无法容纳：\\v、\\f 印作换行，其余不印出；请核对后删除它。\n"
    )
    english = cli("validate", "-p", plan, "--lang", "en")
    assert english.err.splitlines()[0] == (
        f"{plan}:17:25: warning: character 5 of this text is the control character U+000B (text "
        "copied from Word or a PDF has them), which a Word file cannot hold: \\v and \\f print "
        "as a line break, others not at all; check the text and delete it"
    )


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_every_text_format_prints_it(fmt: str, write_plan, cli) -> None:
    result = cli("report", "-p", write_plan(PLAN), "-f", fmt)
    assert result.code == 0
    assert "制定学习\v计划" in result.out and "完善\x1b制度" in result.out


def test_the_word_notice_breaks_the_line_at_a_vertical_tab(write_plan, cli, tmp_path) -> None:
    pytest.importorskip("docx")
    output = tmp_path / "通报.docx"
    result = cli("report", "-p", write_plan(PLAN), "-f", "docx", "-o", output)
    assert result.code == 0, result.err
    xml = support.docx_xml(output)
    assert "制定学习</w:t><w:br/><w:t>计划" in xml and "完善制度" in xml


def test_import_names_the_line_and_the_plan_prints_in_word(tmp_path: Path, cli) -> None:
    pytest.importorskip("docx")
    lines = support.seed_bytes().decode("utf-8").split("\n")
    lines[3] = lines[3][:10] + "\x0b" + lines[3][10:]
    notice = tmp_path / "通报.txt"
    notice.write_bytes("\n".join(lines).encode("utf-8"))
    plan = tmp_path / "new.yaml"
    result = cli("import", notice, "-o", plan)
    assert result.code == 0
    assert result.err.splitlines()[0] == (
        f"{notice}:4:11: 这一行有控制字符 U+000B，已原样导入；Word 版通报无法容纳它（\\v、\\f "
        "印作换行，其余不印出），请核对原文后在计划中删除它。"
    )
    assert cli("report", "-p", plan).out_bytes == notice.read_bytes()
    assert cli("report", "-p", plan, "-f", "docx", "-o", tmp_path / "n.docx").code == 0
