"""The notice as a Word document in the official layout (GB/T 9704-2012), via python-docx.

python-docx is an optional extra (`pip install 'rectify-cli[docx]'`), imported only here.
"""

from __future__ import annotations

import copy
import io
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


def render(plan: Plan, *, day: date, stats: bool = False, marks: bool = False) -> bytes:
    try:
        import docx
        from docx.enum.section import WD_SECTION  # noqa: F401  (checks the install is whole)
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm
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

    # The characters of the text version in every format: a full-width notice is the plan's
    # style (`full_width`), which the text, Markdown and HTML versions print alike.
    shown = as_of(plan, day)
    if plan.document is not None:
        from .assemble import as_blocks

        found = as_blocks(shown, day, stats, title=True)
    else:
        found = blocks(shown, stats_on=day if stats else None, marks=marks, title=True)
    _define_styles(document)
    for block in found:
        style = ROLES.get(block.kind, ROLES["body"])[0]
        document.add_paragraph(_printable(block.line), style=style)
    _properties(document, plan, day)
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


def _run(paragraph: Any, text: str, font: str, size: float) -> None:
    from docx.shared import Pt

    run = paragraph.add_run(_printable(text))
    run.font.size = Pt(size)
    run.font.bold = False
    _fonts(run._element.get_or_add_rPr(), font)


def _fonts(rpr: Any, font: str) -> None:
    """`font` for Chinese text, its fallback for Latin; no theme font (which would win)."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    latin = FALLBACK.get(font, font)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), font)


# The notice's paragraph styles, each a role of GB/T 9704: (style, font, size in pt, outline
# level 1–4 for the navigation pane and a table of contents or None, alignment). The
# headings are Word's own "Heading 1–4" (shown as 标题 1–4 in a Chinese Word), restyled; the
# rest are styles of their own, all based on Normal, the body text.
ROLES: dict[str, tuple[str, str, float, int | None, str]] = {
    "body": ("Normal", BODY_FONT, 16, None, "justify"),
    "title": ("公文标题", TITLE_FONT, 22, None, "center"),
    "part": ("Heading 1", "黑体", 16, 1, "justify"),
    "category": ("Heading 2", "楷体_GB2312", 16, 2, "justify"),
    "problem": ("Heading 3", BODY_FONT, 16, 3, "justify"),
    "item": ("Heading 4", BODY_FONT, 16, 4, "justify"),
    "signature": ("落款", BODY_FONT, 16, None, "right"),
    "date": ("成文日期", BODY_FONT, 16, None, "right"),
}


def _define_styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    names = {s.name for s in document.styles}
    for kind, (name, font, size, outline, align) in ROLES.items():
        if name not in names:
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = document.styles["Normal"]
            style.quick_style = True
        style = document.styles[name]
        _style(style, font, size, outline, align, kind)


def _style(style: Any, font: str, size: float, outline: int | None, align: str, kind: str) -> None:
    """28 pt exact lines, no space between paragraphs, two characters' first-line indent for
    the body and the headings; the title in 36 pt lines with a blank line after it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.size = Pt(size)
    style.font.bold = style.font.italic = False
    style.font.cs_bold = style.font.cs_italic = False
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:szCs")):  # the size of complex-script text: the same
        rpr.remove(old)
    style.font.color.rgb = RGBColor(0, 0, 0)
    _fonts(style.element.get_or_add_rPr(), font)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(36 if kind == "title" else 28)
    fmt.space_before, fmt.space_after = Pt(0), Pt(28 if kind == "title" else 0)
    fmt.first_line_indent = Pt(32) if align == "justify" else Pt(0)
    fmt.keep_with_next = False
    fmt.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                     "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]  # fmt: skip
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    if outline is not None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline - 1))
        ppr.append(level)


def _properties(document: Any, plan: Plan, day: date) -> None:
    """The document's properties from the plan (title, the unit as author: the office that
    publishes the notice, the day), and no thumbnail (python-docx's template carries a blank
    one). Nothing of the ledger: the inspection group, owners, notes stay out."""
    from datetime import datetime

    props = document.core_properties
    props.title = plan.title
    props.author = props.last_modified_by = plan.unit or ""
    props.subject = ""
    props.comments = ""
    props.keywords = "巡察整改"
    moment = datetime(day.year, day.month, day.day)
    props.created = props.modified = moment
    props.revision = 1
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


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


__all__ = ["Block", "render"]
