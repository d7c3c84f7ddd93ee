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


def style_fonts(style: Any) -> tuple[str | None, str | None]:
    """The style's own Chinese and Latin fonts (w:eastAsia, w:ascii)."""
    fonts = style.element.rPr.rFonts
    return fonts.get(qn("w:eastAsia")), fonts.get(qn("w:ascii"))


def outline_level(style: Any) -> int | None:
    found = style.element.pPr.find(qn("w:outlineLvl"))
    return None if found is None else int(found.get(qn("w:val"))) + 1


def test_report_docx_title_centred_22pt_not_bold(seed_docx: Any) -> None:
    title = seed_docx.paragraphs[0]
    assert title.text == "交通运输局关于区委第四巡察组反馈意见整改情况的通报"
    style = title.style
    assert style.name == "公文标题"
    assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert style.paragraph_format.first_line_indent == 0
    assert style.font.size == Pt(22)
    assert style.font.bold is False
    assert style_fonts(style) == ("方正小标宋简体", "SimSun")  # SimSun for Latin characters
    assert outline_level(style) is None
    # the formatting is the style's: nothing set on the text itself
    assert [(r.font.size, r.font.name, r.font.bold) for r in title.runs] == [(None, None, None)]


def test_report_docx_body_16pt_fangsong_indented_exact_28pt(seed_docx: Any) -> None:
    body = seed_docx.paragraphs[1:]
    assert len(body) == 51  # the seed's 51 lines
    for paragraph in body:
        fmt = paragraph.style.paragraph_format
        assert fmt.first_line_indent == Pt(32), paragraph.text[:20]
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert fmt.line_spacing == Pt(28)
        assert fmt.space_before == Pt(0)
        assert fmt.space_after == Pt(0)
        assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY  # 两端对齐, never centred
        assert paragraph.style.font.size == Pt(16)
        assert paragraph.style.font.bold is False
        assert all(r.font.size is None and r.font.bold is None for r in paragraph.runs)
    fangsong = [
        p for p in body if not p.text.startswith(("一、", "二、", "三、")) and p.text[:1] != "("
    ]
    fangsong += paragraphs_starting(seed_docx, ("(1)", "(2)", "(3)", "(4)"))
    assert len(fangsong) == 51 - 3 - 4
    for paragraph in fangsong:
        assert style_fonts(paragraph.style) == ("仿宋_GB2312", "FangSong"), paragraph.text[:20]


def test_report_docx_headings_are_word_headings_with_outline_levels(seed_docx: Any) -> None:
    """一、 (一) 1. (1) are Word's Heading 1–4 (标题 1–4 in a Chinese Word), so the navigation
    pane and a table of contents see them; the rest is Normal, the body text."""
    levels = [(p.style.name, p.text[:3]) for p in seed_docx.paragraphs[1:]]
    assert [t for name, t in levels if name == "Heading 1"] == ["一、巡", "二、反", "三、下"]
    assert [t for name, t in levels if name == "Heading 2"] == ["(一)", "(二)", "(三)", "(四)"]
    assert len([t for name, t in levels if name == "Heading 3"]) == 8
    assert len([t for name, t in levels if name == "Heading 4"]) == 28
    # the feedback items: (1)… under a problem, 1.… where a category has no problems, as (四)
    items = [t for name, t in levels if name == "Heading 4"]
    assert items[:3] == ["(1)", "(2)", "(3)"] and items[-3:] == ["1.在", "2.在", "3.在"]
    assert {name for name, _ in levels} == {"Normal", *(f"Heading {n}" for n in range(1, 5))}
    for n in range(1, 5):
        style = seed_docx.styles[f"Heading {n}"]
        assert outline_level(style) == n
        assert style.font.color.rgb == docx.shared.RGBColor(0, 0, 0)
        assert style.font.bold is False and style.font.italic is False
    assert outline_level(seed_docx.styles["Normal"]) is None


def test_report_docx_part_headings_heiti(seed_docx: Any) -> None:
    parts = paragraphs_starting(seed_docx, ("一、", "二、", "三、"))
    assert [p.text for p in parts] == [
        "一、巡察整改工作组织推进情况",
        "二、反馈问题整改落实情况",
        "三、下一步整改工作计划",
    ]
    for paragraph in parts:
        assert style_fonts(paragraph.style) == ("黑体", "SimHei")


def test_report_docx_category_headings_kaiti(seed_docx: Any) -> None:
    categories = paragraphs_starting(seed_docx, ("(一)", "(二)", "(三)", "(四)"))
    assert [p.text[:3] for p in categories] == ["(一)", "(二)", "(三)", "(四)"]
    for paragraph in categories:
        assert style_fonts(paragraph.style) == ("楷体_GB2312", "KaiTi")


def test_report_docx_properties_name_the_plan_and_no_thumbnail(tmp_path: Path, cli: Cli) -> None:
    import zipfile

    out = tmp_path / "通报.docx"
    args = ("report", "-f", "docx", "--as-of", "2024-06-30", "--plan", str(SHIPPED), "-o", str(out))
    assert cli(*args).code == 0
    props = docx.Document(str(out)).core_properties
    assert props.title == "交通运输局关于区委第四巡察组反馈意见整改情况的通报"
    assert (props.author, props.last_modified_by) == ("大连金普新区交通运输局",) * 2
    assert props.created.date().isoformat() == "2024-06-30"
    assert props.keywords == "巡察整改"
    assert not [n for n in zipfile.ZipFile(out).namelist() if "thumbnail" in n]


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
    """The Word text is the text notice, character for character (the seed's half-width
    commas and brackets included), after the plan's title as the heading."""
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
    """Title always printed; the text version's characters (a schema-1 plan too: a
    full-width notice is the plan's `full_width`, for every format), stats and marks."""
    out = tmp_path / "通报.docx"
    args = ("--stats", "--marks", "--as-of", "2024-06-30", "-o", str(out))
    result = cli("report", "-f", "docx", "--plan", str(write_plan(SMALL)), *args)
    assert result.code == 0, result.err
    document = docx.Document(str(out))
    text = cli("report", "--plan", str(write_plan(SMALL)), *args[:4]).out
    assert [p.text for p in document.paragraphs] == [
        "测试局关于巡察反馈意见整改情况的通报",
        *text.rstrip("\n").split("\n"),
    ]
    assert "局党组召开专题会议(第1次),研究整改工作。" in text  # the plan's own characters
