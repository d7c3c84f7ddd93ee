"""A notice's text as classified lines: each line's indent, marker and role, and its exact bytes.

The first step of reading any office's notice (docs/notice-import.md): every line keeps its
indent, its text and its line end, so joining the lines gives back the input exactly; a line
that starts with a marker (一、 (一) 1. (1) ① 一是 反馈问题一: 整改情况:) is told by its kind
and its style, the same marker written in any width; a line without one gets the role its
words suggest (title, opening, statistics, closing, contact, signature, date, editor…), or
`text`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..model.document import blank
from ..model.numbering import from_cn

_CN = "〇零一二三四五六七八九十百千两"
_INDENT = re.compile(r"[ \t\u3000\u00a0]*")
_END = re.compile(r"\r\n|\n|\r")

# kind, pattern; the numeral is group "n", what follows the marker is the rest of the line
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("part", rf"(?P<n>[{_CN}]+)、"),
        ("paren_cn", rf"[(（](?P<n>[{_CN}]+)[)）]"),
        ("paren_arabic", r"[(（](?P<n>\d{1,4})[)）]"),
        ("arabic", r"(?P<n>\d{1,4})(?:[.．](?!\d)|、)"),
        ("circled", r"(?P<n>[\u2460-\u2473])"),
        ("shi", rf"(?P<n>[{_CN}]+)是(?![的否])"),
        ("label", rf"(?:反馈问题|存在问题|问题|整改任务)(?P<n>[{_CN}]+|\d{{1,4}})?[:：]"),
        (
            "body",
            r"(?:整改(?:落实)?情况|整改措施|整改结果|整改成效|整改进度|整改进展|"
            r"整改目标|完成情况|责任单位|责任领导|整改时限)[:：]",
        ),
    )
)


class Line(NamedTuple):
    """One line of a notice: `indent + marker + rest + end` is the line's exact text."""

    number: int  # 1-based
    indent: str
    marker: str  # "" when the line has none
    rest: str
    end: str  # "\n", "\r\n", "\r", or "" for a last line without a line end
    kind: str  # a marker kind (see _MARKERS: "label" titles a finding, "body" labels its
    # body), "blank", or the role of an unmarked line
    value: int | None  # the marker's number (①→1, 十一→11), None for labels and unmarked lines

    @property
    def text(self) -> str:
        return self.marker + self.rest

    @property
    def has_contact(self) -> bool:
        """Whether the line holds contact details (a closing often ends with them)."""
        return _CONTACT_FIELD.search(self.rest) is not None

    @property
    def style(self) -> str:
        """The marker with its number replaced: `（{cn}）`, `{n}．`, `反馈问题{cn}：`."""
        return style_of(self.marker, self.kind)


def split(text: str) -> list[tuple[str, str]]:
    """Each line's text and its line end; joined back they are `text`, to the byte."""
    lines: list[tuple[str, str]] = []
    at = 0
    for m in _END.finditer(text):
        lines.append((text[at : m.start()], m.group()))
        at = m.end()
    if at < len(text):
        lines.append((text[at:], ""))
    return lines


def classify(text: str) -> list[Line]:
    """Every line of a notice's text (a BOM stays part of the first line's indent)."""
    parts = []
    for i, (body, end) in enumerate(split(text), 1):
        bom = "\ufeff" if i == 1 and body.startswith("\ufeff") else ""
        indent = bom + _INDENT.match(body, len(bom)).group()  # type: ignore[union-attr]
        content = body[len(indent) :]
        parts.append((i, indent, content, end, *_marker(content)))
    last_marked = max((p[0] for p in parts if p[5]), default=0)
    found: list[Line] = []
    for i, indent, content, end, kind, marker, value in parts:
        if blank(content):
            kind = "blank"
        elif not marker:
            first = all(line.kind in ("blank", "docno") for line in found)
            kind = role(content, first, i > last_marked)
        found.append(Line(i, indent, marker, content[len(marker) :], end, kind, value))
    return found


def _marker(content: str) -> tuple[str, str, int | None]:
    for kind, pattern in _MARKERS:
        m = pattern.match(content)
        if m is None:
            continue
        n = m.groupdict().get("n")
        return kind, m.group(), _value(n) if n else None
    return "", "", None


def _value(numeral: str) -> int | None:
    if numeral.isascii() and numeral.isdigit():
        return int(numeral)
    if "\u2460" <= numeral <= "\u2473":
        return ord(numeral) - 0x2460 + 1
    try:
        return from_cn(numeral)
    except ValueError:
        return None


def style_of(marker: str, kind: str) -> str:
    """`（三）` → `（{cn}）`, `12．` → `{n}．`, `⑤` → `{circled}`, `整改情况：` stays as it is.

    >>> style_of("（十一）", "paren_cn"), style_of("3.", "arabic"), style_of("④", "circled")
    ('（{cn}）', '{n}.', '{circled}')
    """
    if kind == "circled":
        return "{circled}"
    if kind in ("paren_arabic", "arabic") or (kind == "label" and re.search(r"\d", marker)):
        return re.sub(r"\d+", "{n}", marker, count=1)
    if kind == "body":
        return marker
    return re.sub(f"[{_CN}]+", "{cn}", marker, count=1) if kind != "label" else _cn_label(marker)


def _cn_label(marker: str) -> str:
    m = re.match(rf"(反馈问题|存在问题|问题|整改任务)([{_CN}]+)", marker)
    return marker if m is None else m.group(1) + "{cn}" + marker[m.end() :]


_DATE = re.compile(rf"(?:\d{{4}}|[{_CN}]{{4}})年[\d{_CN}]{{1,3}}月[\d{_CN}]{{1,3}}日")
_STAT_COUNT = re.compile(rf"[\d{_CN}]+(?:个|项|条|类)")
_TERMINAL = "。！？；;：:，,、"
_ISSUER = re.compile(r"(党组|党委|委员会|党总支|党支部|局|院|馆|公司|办公室|政府|中心|学校)$")
_CONTACT_FIELD = re.compile("(?:通信地址|通讯地址|邮政编码|联系电话|电子邮箱|联系人|举报电话)[:：]")
_CONTACT = ("通信地址", "通讯地址", "邮政编码", "联系电话", "电子邮箱", "联系人", "举报电话")


def role(content: str, first: bool, tail: bool) -> str:
    """The role of a line without a marker, from its words and where it stands: whether it is
    the first line of text (a document number may stand before it), whether it comes after the
    last numbered line (where the closing, contact, signature and date stand)."""
    text = content.strip()
    if re.match(r"责编[:：]", text):
        return "editor"
    if _DATE.fullmatch(text):
        return "date"
    if text.startswith(_CONTACT):
        return "contact"
    if "欢迎" in text and "监督" in text and (text.startswith("欢迎") or tail):
        return "closing"
    if re.search(r"〔\d{4}〕\d+号", text) and len(text) <= 40:
        return "docno"
    if first and text[-1] not in _TERMINAL and re.search(r"(通报|报告|情况|公告)$", text):
        return "title"
    if len(text) <= 40 and text[-1] in ":：" and not re.search(f"[{_TERMINAL}]", text[:-1]):
        return "addressee"
    if re.match(r"(根据|按照|依据)", text) and re.search(r"巡察|巡视", text):
        return "opening"
    if re.search(r"截至|截止|完成率", text) and _STAT_COUNT.search(text):
        return "statistics"
    short = len(text) <= 40 and not re.search(f"[{_TERMINAL}]", text)
    if tail and short and _ISSUER.search(text):
        return "signature"
    return "text"
