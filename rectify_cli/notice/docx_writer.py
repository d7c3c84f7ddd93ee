"""The notice as a Word document in the official layout (GB/T 9704-2012), via python-docx.

python-docx is an optional extra (`pip install 'rectify-cli[docx]'`), imported only here.
"""

from __future__ import annotations

import copy
import io
import re
from datetime import date
from typing import Any

from ..errors import MissingExtra
from ..model.plan import Plan
from .blocks import Block, as_of, blocks

# Fonts as the standard names them, with the fallbacks most machines have.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
FONTS = {"part": "黑体", "category": "楷体_GB2312"}
PAGE_NUMBER_FONT = "宋体"
FALLBACK = {"方正小标宋简体": "SimSun", "仿宋_GB2312": "FangSong", "黑体": "SimHei",
            "楷体_GB2312": "KaiTi", "宋体": "SimSun"}  # fmt: skip

_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u2018-\u201d《》"
_HALF = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}
_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}])[,;:()]|[,;:()](?=[{_CJK}])")


def full_width(text: str) -> str:
    """Half-width `, ; : ( )` next to a Chinese character become full-width; times (6:30),
    numbers and e-mail addresses are left alone.

    >>> full_width("早晚高峰(早6:30-8:30,晚16:30-18:30)约30分钟;地址:金州区")
    '早晚高峰（早6:30-8:30，晚16:30-18:30）约30分钟；地址：金州区'
    """
    return _NEXT_TO_CJK.sub(lambda m: _HALF[m.group(0)], text)


def render(plan: Plan, *, day: date, stats: bool = False, marks: bool = False) -> bytes:
    try:
        import docx
        from docx.enum.section import WD_SECTION  # noqa: F401  (checks the install is whole)
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Mm, Pt
    except ImportError:
        raise MissingExtra("docx_missing") from None

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    if plan.document is not None:  # schema 2: its own characters, none added or changed
        from .assemble import as_blocks

        shown = as_of(plan, day)
        found, widen = as_blocks(shown, day, stats, title=True), _same
    else:
        shown = as_of(plan, day)._replace(full_width=True)
        found = blocks(shown, stats_on=day if stats else None, marks=marks, title=True)
        widen = full_width
    for block in found:
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
        fmt.space_before = fmt.space_after = Pt(0)
        if block.kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.line_spacing = Pt(36)
            fmt.space_after = Pt(28)
            _run(paragraph, widen(block.line), TITLE_FONT, 22)
            continue
        if block.kind in ("signature", "date"):  # 署名 and 成文日期, right-aligned
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(paragraph, widen(block.line), BODY_FONT, 16)
            continue
        fmt.first_line_indent = Pt(32)  # two characters of 16 pt
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # 两端对齐, as official documents are
        _run(paragraph, widen(block.line), FONTS.get(block.kind, BODY_FONT), 16)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _printable(text: str) -> str:
    """What a Word file can hold: a \\v (Word's own manual line break) or \\f is a line
    break, every other character XML cannot hold is left out (validate warns of each)."""
    from ..planfile.nodes import UNPRINTABLE

    if UNPRINTABLE.search(text) is None:
        return text
    return UNPRINTABLE.sub(lambda m: "\n" if m.group() in "\v\f" else "", text)


def _same(text: str) -> str:
    return text


def _run(paragraph: Any, text: str, font: str, size: float) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(_printable(text))
    run.font.size = Pt(size)
    run.font.bold = False
    run.font.name = FALLBACK.get(font, font)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)


def _page_number(paragraph: Any, alignment: Any) -> None:
    """`— N —` in 四号 (14 pt) 宋体."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = alignment
    _run(paragraph, "— ", PAGE_NUMBER_FONT, 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    inner.append(copy.deepcopy(paragraph.runs[0]._r.rPr))  # the number in 14 pt 宋体 too
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    field.append(inner)
    paragraph._p.append(field)
    _run(paragraph, " —", PAGE_NUMBER_FONT, 14)


__all__ = ["Block", "full_width", "render"]
