"""The Word version in the official layout (GB/T 9704-2012), read back with python-docx."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import support
from support import FIRST_ITEM, NOTICE_OPENING, SEED, SHIPPED

docx = pytest.importorskip("docx")
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402

Cli = Callable[..., Any]

NEEDS_OUTPUT = "Word 格式请用 -o 指定输出文件,例如 -o 通报.docx。\n"
DOCX_MISSING = "生成 Word 文档需要 python-docx:请运行 pip install 'rectify-cli[docx]'。\n"


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory, cli: Cli) -> Any:
    """The shipped plan as a Word document, written once for this module."""
    out = tmp_path_factory.mktemp("docx") / "通报.docx"
    result = cli("report", "-f", "docx", "--plan", str(SHIPPED), "-o", str(out))
    assert result.code == 0, result.out + result.err
    assert result.out == ""
    assert result.err == f"已写入 {out}。\n"
    return docx.Document(str(out))


def east_asia(run: Any) -> str | None:
    fonts = run._r.rPr.rFonts
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def paragraphs_starting(document: Any, prefixes: tuple[str, ...]) -> list[Any]:
    return [p for p in document.paragraphs if p.text.startswith(prefixes)]


def test_report_docx_page_is_a4_with_official_margins(seed_docx: Any) -> None:
    for section in seed_docx.sections:
        assert section.page_width.mm == pytest.approx(210, abs=0.1)
        assert section.page_height.mm == pytest.approx(297, abs=0.1)
        assert section.top_margin.mm == pytest.approx(37, abs=0.1)
        assert section.bottom_margin.mm == pytest.approx(35, abs=0.1)
        assert section.left_margin.mm == pytest.approx(28, abs=0.1)
        assert section.right_margin.mm == pytest.approx(26, abs=0.1)
        # the text block of the standard: 156 mm wide, 225 mm high
        width = section.page_width.mm - section.left_margin.mm - section.right_margin.mm
        height = section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm
        assert width == pytest.approx(156, abs=0.1)
        assert height == pytest.approx(225, abs=0.1)


def test_report_docx_title_centred_22pt_not_bold(seed_docx: Any) -> None:
    title = seed_docx.paragraphs[0]
    assert title.text == "交通运输局关于区委第四巡察组反馈意见整改情况的通报"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.paragraph_format.first_line_indent in (None, 0)
    assert len(title.runs) == 1
    run = title.runs[0]
    assert run.font.size == Pt(22)
    assert run.font.bold is False
    assert east_asia(run) == "方正小标宋简体"
    assert run.font.name == "SimSun"  # the fallback for the Latin characters


def test_report_docx_body_16pt_fangsong_indented_exact_28pt(seed_docx: Any) -> None:
    body = seed_docx.paragraphs[1:]
    assert len(body) == 51  # the seed's 51 lines
    for paragraph in body:
        fmt = paragraph.paragraph_format
        assert fmt.first_line_indent == Pt(32), paragraph.text[:20]
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert fmt.line_spacing == Pt(28)
        assert fmt.space_before == Pt(0)
        assert fmt.space_after == Pt(0)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY  # 两端对齐, never centred
        for run in paragraph.runs:
            assert run.font.size == Pt(16)
            assert run.font.bold is False
    fangsong = [
        p for p in body if not p.text.startswith(("一、", "二、", "三、")) and p.text[:1] != "("
    ]
    fangsong += paragraphs_starting(seed_docx, ("(1)", "(2)", "(3)", "(4)"))
    assert len(fangsong) == 51 - 3 - 4
    for paragraph in fangsong:
        assert [east_asia(r) for r in paragraph.runs] == ["仿宋_GB2312"], paragraph.text[:20]
        assert [r.font.name for r in paragraph.runs] == ["FangSong"]


def test_report_docx_part_headings_heiti(seed_docx: Any) -> None:
    parts = paragraphs_starting(seed_docx, ("一、", "二、", "三、"))
    assert [p.text for p in parts] == [
        "一、巡察整改工作组织推进情况",
        "二、反馈问题整改落实情况",
        "三、下一步整改工作计划",
    ]
    for paragraph in parts:
        assert [east_asia(r) for r in paragraph.runs] == ["黑体"]
        assert [r.font.name for r in paragraph.runs] == ["SimHei"]


def test_report_docx_category_headings_kaiti(seed_docx: Any) -> None:
    categories = paragraphs_starting(seed_docx, ("(一)", "(二)", "(三)", "(四)"))
    assert [p.text[:3] for p in categories] == ["(一)", "(二)", "(三)", "(四)"]
    for paragraph in categories:
        assert [east_asia(r) for r in paragraph.runs] == ["楷体_GB2312"]
        assert [r.font.name for r in paragraph.runs] == ["KaiTi"]


def test_report_docx_odd_and_even_page_numbers(seed_docx: Any) -> None:
    assert seed_docx.settings.odd_and_even_pages_header_footer is True
    section = seed_docx.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        assert footer.is_linked_to_previous is False
        assert len(footer.paragraphs) == 1
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert [r.text for r in paragraph.runs] == ["— ", " —"]
        fields = paragraph._p.findall(qn("w:fldSimple"))
        assert [f.get(qn("w:instr")).strip() for f in fields] == ["PAGE"]
        # every run, the page number itself included, in 四号 (14 pt) 宋体
        runs = paragraph._p.iter(qn("w:r"))
        for run in runs:
            rpr = run.find(qn("w:rPr"))
            assert rpr is not None
            assert rpr.find(qn("w:sz")).get(qn("w:val")) == "28"
            assert rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"


def test_report_docx_prints_the_notice_s_own_characters(seed_docx: Any) -> None:
    """A schema-2 plan's Word text is its text notice, character for character (the seed's
    half-width commas and brackets included), after the plan's title as the heading; a
    schema-1 plan's is widened (test_report_docx_small_plan_paragraphs)."""
    seed = SEED.read_text(encoding="utf-8")
    assert [p.text for p in seed_docx.paragraphs] == [
        "交通运输局关于区委第四巡察组反馈意见整改情况的通报",
        *seed.split("\n"),
    ]


def test_report_docx_needs_output(cli: Cli, tmp_path: Path) -> None:
    result = cli("report", "--format", "docx", "--plan", str(SHIPPED))
    assert result.code != 0
    assert result.out == ""
    assert result.err == NEEDS_OUTPUT


def test_report_docx_needs_output_is_a_usage_error(cli: Cli) -> None:
    assert cli("report", "--format", "docx", "--plan", str(SHIPPED)).code == 2


BLOCK_DOCX = (
    "import sys\n"
    "sys.modules['docx'] = None  # as if the docx extra were not installed\n"
    "sys.argv = ['rectify', *sys.argv[1:]]\n"
    "from rectify_cli.cli import main\n"
    "main()\n"
)


def test_report_docx_missing_python_docx_exits_8(tmp_path: Path) -> None:
    out = tmp_path / "通报.docx"
    proc = support.python(
        BLOCK_DOCX, "report", "-f", "docx", "--plan", SHIPPED, "-o", out,
        text=True, encoding="utf-8", cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "RECTIFY_LANG": "zh", "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 8
    assert proc.stdout == ""
    assert proc.stderr == DOCX_MISSING
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_report_docx_missing_python_docx_does_not_touch_text(tmp_path: Path) -> None:
    """Without python-docx, the other formats work as before."""
    proc = support.python(
        BLOCK_DOCX, "report", "--plan", SHIPPED, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == SEED.read_bytes()


# The introduction's paragraph with half-width brackets and a comma, for Word to widen.
INTRO = NOTICE_OPENING.replace("专题会议研究", "专题会议(第1次),研究")
SMALL = f"""{INTRO}\
findings:
{FIRST_ITEM}\
              separator: ;
              measures:
                - text: 制定年度学习计划
                  status: done
                  done_on: 2024-03-01
                - text: 每周三8:30集中学习
              results: 2024年3月,已完成学习计划修订。
next_steps:
  heading: 下一步整改工作计划
  numbered: true
  paragraphs:
    - 持续巩固整改成果。
closing: 联系电话:88020507;电子邮箱:jb@example.cn。
editor: 办公室
"""


def test_report_docx_small_plan_paragraphs(
    cli: Cli, write_plan: Callable[..., Path], tmp_path: Path
) -> None:
    """Title always printed; full-width numbering, punctuation, stats and marks."""
    out = tmp_path / "通报.docx"
    args = ("--stats", "--marks", "--as-of", "2024-06-30", "-o", str(out))
    result = cli("report", "-f", "docx", "--plan", str(write_plan(SMALL)), *args)
    assert result.code == 0, result.err
    document = docx.Document(str(out))
    assert [p.text for p in document.paragraphs] == [
        "测试局关于巡察反馈意见整改情况的通报",
        "一、巡察整改工作组织推进情况",
        "局党组召开专题会议（第1次），研究整改工作。",
        "截至2024年6月30日，巡察反馈的1条意见已完成整改0条、正在整改1条，整改完成率0%。",
        "二、反馈问题整改落实情况",
        "（一）理论学习不够深入",
        "1.学习制度落实不到位",
        "（1）在学习计划不完善方面。一是制定年度学习计划；二是每周三8:30集中学习。"
        "2024年3月，已完成学习计划修订。（正在整改）",
        "三、下一步整改工作计划",
        "一是持续巩固整改成果。",
        "联系电话：88020507；电子邮箱：jb@example.cn。",
        "责编：办公室",
    ]
