"""Markdown and HTML: headings per level, one standalone page, and plan text that is always
text: escaped in every format, never evaluated as a template."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from support import FIRST_ITEM, NOTICE_OPENING, SHIPPED, examples

Cli = Callable[..., Any]
WritePlan = Callable[..., Path]


PLAN = f"""{NOTICE_OPENING}\
findings:
{FIRST_ITEM}\
              separator: ;
              measures:
                - text: 制定年度学习计划
                - text: 每月开展一次集中学习
              results: 2024年3月,已完成学习计划修订。
    - title: 长期整改问题
      items:
        - title: 在公交线路整合方面
          measures:
            - text: 持续推进线路整合
next_steps:
  heading: 下一步整改工作计划
  paragraphs:
    - 持续巩固整改成果。
closing: 欢迎监督。电子邮箱:jb@example.cn。
editor: 办公室
"""

EXPECTED_MD = """\
# 测试局关于巡察反馈意见整改情况的通报

## 一、巡察整改工作组织推进情况

局党组召开专题会议研究整改工作。

## 二、反馈问题整改落实情况

### (一)理论学习不够深入

#### 1.学习制度落实不到位

(1)在学习计划不完善方面。一是制定年度学习计划;二是每月开展一次集中学习。2024年3月,已完成学习计划修订。

### (二)长期整改问题

1.在公交线路整合方面。持续推进线路整合。

## 三、下一步整改工作计划

持续巩固整改成果。

欢迎监督。电子邮箱:jb@example.cn。

责编:办公室
"""

EXPECTED_BODY = [
    ("h1", "title", "测试局关于巡察反馈意见整改情况的通报"),
    ("h2", "part", "一、巡察整改工作组织推进情况"),
    ("p", "paragraph", "局党组召开专题会议研究整改工作。"),
    ("h2", "part", "二、反馈问题整改落实情况"),
    ("h3", "category", "(一)理论学习不够深入"),
    ("h4", "problem", "1.学习制度落实不到位"),
    (
        "p",
        "item",
        "(1)在学习计划不完善方面。一是制定年度学习计划;二是每月开展一次集中学习。"
        "2024年3月,已完成学习计划修订。",
    ),
    ("h3", "category", "(二)长期整改问题"),
    ("p", "item", "1.在公交线路整合方面。持续推进线路整合。"),
    ("h2", "part", "三、下一步整改工作计划"),
    ("p", "paragraph", "持续巩固整改成果。"),
    ("p", "closing", "欢迎监督。电子邮箱:jb@example.cn。"),
    ("p", "editor", "责编:办公室"),
]

BLOCK_TAGS = {"h1", "h2", "h3", "h4", "p"}


class Page(HTMLParser):
    """The elements of an HTML page: the <title>, and each block of <body> with its text.
    Anything else inside <body> (a tag, a comment) is recorded as `stray`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: str | None = None
        self.blocks: list[tuple[str, str, str]] = []
        self.stray: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self._in: str | None = None
        self._body = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "body":
            self._body = True
        elif tag == "title" or (self._body and self._in is None and tag in BLOCK_TAGS):
            self._in, self._text = tag, []
            self._attrs = dict(attrs)
        elif self._body:
            self.stray.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            text = "".join(self._text)
            if tag == "title":
                self.title = text
            else:
                self.blocks.append((tag, self._attrs.get("class") or "", text))
            self._in = None
        elif self._body and tag not in ("body", "html"):
            self.stray.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._text.append(data)
        elif self._body and data.strip():
            self.stray.append(data)

    def handle_comment(self, data: str) -> None:
        if self._body:
            self.stray.append(f"<!--{data}-->")


def parse_page(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def markdown_blocks(md: str) -> list[tuple[str, str]]:
    """Markdown rendered by a CommonMark parser, read back as (tag, text) per block."""
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").render(md)
    page = parse_page("<body>" + html + "</body>")
    assert page.stray == [], page.stray
    return [(tag, text) for tag, _, text in page.blocks]


def report(cli: Cli, path: Path, *options: str) -> str:
    result = cli("report", "--plan", str(path), *options)
    assert result.code == 0, result.err
    return result.out


# -- Markdown ---------------------------------------------------------------------------


def test_report_markdown_exact(cli: Cli, write_plan: WritePlan) -> None:
    assert report(cli, write_plan(PLAN), "-f", "md") == EXPECTED_MD


def test_report_markdown_heading_per_level(cli: Cli) -> None:
    lines = report(cli, SHIPPED, "-f", "md").split("\n")
    assert [line[:5] for line in lines if line.startswith("## ")] == [
        "## 一、",
        "## 二、",
        "## 三、",
    ]
    assert [line[:7] for line in lines if line.startswith("### ")] == [
        "### (一)",
        "### (二)",
        "### (三)",
        "### (四)",
    ]
    problems = [line[:7] for line in lines if line.startswith("#### ")]
    assert problems == ["#### 1."] + ["#### 2."] + ["#### 1.", "#### 2.", "#### 3."] * 2
    assert [line for line in lines if line.startswith("# ")] == [
        "# 交通运输局关于区委第四巡察组反馈意见整改情况的通报"
    ]
    # items directly under (四) are paragraphs numbered 1. 2. 3., not headings
    four = lines.index("### (四)七届区委巡察长期整改问题")
    assert [line[:2] for line in lines[four + 2 : four + 7 : 2]] == ["1.", "2.", "3."]


def test_report_markdown_escapes_the_seed_angle_brackets(cli: Cli) -> None:
    md = report(cli, SHIPPED, "-f", "md")
    assert "《关于贯彻落实\\<交通强国建设纲要\\>的实施意见》" in md
    assert "<交通强国建设纲要>" not in md


def test_report_markdown_reads_back_as_the_notice(cli: Cli) -> None:
    """Rendered by a CommonMark parser, the seed's Markdown is the HTML notice, block by
    block (same levels, same text)."""
    md_blocks = markdown_blocks(report(cli, SHIPPED, "-f", "md"))
    page = parse_page(report(cli, SHIPPED, "-f", "html"))
    assert md_blocks == [(tag, text) for tag, _, text in page.blocks]


# -- HTML -------------------------------------------------------------------------------


def test_report_html_blocks_exact(cli: Cli, write_plan: WritePlan) -> None:
    page = parse_page(report(cli, write_plan(PLAN), "-f", "html"))
    assert page.title == "测试局关于巡察反馈意见整改情况的通报"
    assert page.blocks == EXPECTED_BODY
    assert page.stray == []


def test_report_html_is_one_standalone_page(cli: Cli) -> None:
    html = report(cli, SHIPPED, "-f", "html")
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-CN">\n')
    assert html.endswith("</body>\n</html>\n")
    assert html.count("<html") == 1
    assert '<meta charset="utf-8">' in html
    assert not re.search(r"https?://", html)
    assert not re.search(r"<link\b", html, re.IGNORECASE)
    assert not re.search(r"<script\b", html, re.IGNORECASE)
    assert not re.search(r"\b(src|href)\s*=", html, re.IGNORECASE)
    assert "@import" not in html
    assert "url(" not in html


def test_report_html_prints_on_a4(cli: Cli) -> None:
    html = report(cli, SHIPPED, "-f", "html")
    assert "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }" in html


def test_report_html_text_is_the_plan_text(cli: Cli) -> None:
    """Every block of the seed's page reads as the text notice, line for line."""
    page = parse_page(report(cli, SHIPPED, "-f", "html"))
    text = report(cli, SHIPPED).rstrip("\n").split("\n")
    assert page.title == "交通运输局关于区委第四巡察组反馈意见整改情况的通报"
    assert [t for _, _, t in page.blocks] == [page.title, *text]
    assert page.stray == []
    raw = report(cli, SHIPPED, "-f", "html")
    assert "《关于贯彻落实&lt;交通强国建设纲要&gt;的实施意见》" in raw


def test_report_html_levels_follow_the_notice(cli: Cli) -> None:
    page = parse_page(report(cli, SHIPPED, "-f", "html"))
    kinds = [(tag, kind) for tag, kind, _ in page.blocks]
    assert kinds.count(("h2", "part")) == 3
    assert kinds.count(("h3", "category")) == 4
    assert kinds.count(("h4", "problem")) == 8
    assert kinds.count(("p", "item")) == 28
    assert kinds[-2:] == [("p", "closing"), ("p", "editor")]


# -- plan text is text ------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "a &amp; b &lt;i&gt; &#60; &copy x",
    "{{ 7*7 }}",
    "{% raw %}{{ plan.title }}{% endraw %}",
    "{% if true %}是{% endif %}{# 注释 #}",
    '</p><p class="x">注入',
    "<!-- 注释 -->结束",
    "**粗** _斜_ `码` [链](x.html) ![图](y.png) # 井 | 竖 \\ 反斜杠",
    "1. 有序列表",
    "- 无序列表",
    "> 引用",
    "'单引号' \"双引号\"",
    "${7*7} #{7*7} <%= 7*7 %>",
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
]


def payload_plan(p: str) -> str:
    """A plan with `p` in every public text field (quoted as YAML's double-quoted scalar)."""
    q = json.dumps(p, ensure_ascii=False)
    return f"""\
schema: 1
title: {q}
style:
  show_title: true
intro:
  heading: {q}
  paragraphs:
    - {q}
findings:
  heading: {q}
  categories:
    - title: {q}
      problems:
        - title: {q}
          items:
            - title: {q}
              measures:
                - text: {q}
                - text: {q}
              results: {q}
    - title: {q}
      items:
        - title: {q}
          measures:
            - text: {q}
next_steps:
  heading: {q}
  numbered: true
  paragraphs:
    - {q}
closing: {q}
editor: {q}
"""


def payload_lines(p: str, *, full_width: bool = False) -> list[str]:
    """The notice of `payload_plan(p)`, line by line."""
    o, c, colon = ("（", "）", "：") if full_width else ("(", ")", ":")
    return [
        p,
        f"一、{p}",
        p,
        f"二、{p}",
        f"{o}一{c}{p}",
        f"1.{p}",
        f"{o}1{c}{p}。一是{p}。二是{p}。{p}",
        f"{o}二{c}{p}",
        f"1.{p}。{p}。",
        f"三、{p}",
        f"一是{p}",
        p,
        f"责编{colon}{p}",
    ]


KINDS = [
    ("h1", "title"),
    ("h2", "part"),
    ("p", "paragraph"),
    ("h2", "part"),
    ("h3", "category"),
    ("h4", "problem"),
    ("p", "item"),
    ("h3", "category"),
    ("p", "item"),
    ("h2", "part"),
    ("p", "paragraph"),
    ("p", "closing"),
    ("p", "editor"),
]


@pytest.fixture(params=PAYLOADS)
def payload(request: pytest.FixtureRequest) -> str:
    p = str(request.param)
    assert not p.endswith(("。", ";", "；", "!", "?", "！", "？"))
    return p


def test_report_payload_text_verbatim(cli: Cli, write_plan: WritePlan, payload: str) -> None:
    out = report(cli, write_plan(payload_plan(payload)))
    assert out == "\n".join(payload_lines(payload)) + "\n"


def test_report_payload_html_is_text(cli: Cli, write_plan: WritePlan, payload: str) -> None:
    html = report(cli, write_plan(payload_plan(payload)), "-f", "html")
    page = parse_page(html)
    assert page.stray == []
    assert page.title == payload
    assert page.blocks == [
        (t, k, x) for (t, k), x in zip(KINDS, payload_lines(payload), strict=True)
    ]
    assert [tag for tag, _ in page.tags].count("script") == 0
    assert [tag for tag, _ in page.tags].count("img") == 0
    for _, attrs in page.tags[page.tags.index(("body", [])) + 1 :]:
        assert [name for name, _ in attrs] == ["class"]


def test_report_payload_markdown_is_text(cli: Cli, write_plan: WritePlan, payload: str) -> None:
    md = report(cli, write_plan(payload_plan(payload)), "-f", "md")
    assert markdown_blocks(md) == [
        (tag, text) for (tag, _), text in zip(KINDS, payload_lines(payload), strict=True)
    ]


# -- Markdown: any text shows as itself -------------------------------------------------------

# CommonMark, and with GFM's ~~strike~~ and tables (the extensions a reader most likely has)
MARKDOWN_FLAVOURS = {"commonmark": [], "gfm": ["strikethrough", "table"]}


def markdown_texts(md: str, flavour: str) -> list[tuple[str, str]]:
    """(tag, visible text) of each block a CommonMark renderer makes of `md`; only headings
    and paragraphs holding nothing but text are allowed."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(MARKDOWN_FLAVOURS[flavour]).parse(md)
    found = []
    for n, token in enumerate(tokens):
        if token.type == "inline":
            assert {c.type for c in token.children or []} <= {"text", "text_special"}, md
            found.append((tokens[n - 1].tag, "".join(c.content for c in token.children or [])))
        else:
            assert token.type in ("heading_open", "heading_close", "paragraph_open",
                                  "paragraph_close"), (token.type, md)  # fmt: skip
    return found


def markdown_report(text: str) -> str | None:
    """The Markdown report of payload_plan(text), in-process."""
    from datetime import date

    from rectify_cli.errors import PlanInvalid
    from rectify_cli.notice.render import render
    from rectify_cli.planfile.decoding import Source
    from rectify_cli.planfile.reader import parse
    from rectify_cli.planfile.splice import scalar

    yaml_text = payload_plan("").replace('""', scalar(text))
    try:
        plan, _ = parse(Source(Path("p.yaml"), yaml_text, yaml_text.encode("utf-8"), 0))
    except PlanInvalid:
        return None  # a text no plan holds (blank, or a control character validate refuses)
    return render(plan, "md", day=date(2024, 10, 8))


# Any text a plan holds (no NUL: no plan can; no lone surrogate: no file can), not ending in
# 。 or another mark the notice's measures add or drop. Left out: the controls VT, FS, GS, RS,
# US and NEL, which a renderer strips at either end of a block (Python's str.strip) and has no
# character reference for (CommonMark replaces those of controls by U+FFFD).
_UNSHOWN = "\x00\x0b\x1c\x1d\x1e\x1f\x85"
# …and text made of what Markdown reads as structure, which random text seldom holds
MARKUP = [*" \t\n\r~`*_-+=#><[]()!|&\\1.):;/", "    ", "~~", "```", "www.", "http://", "&amp;",
          "&#32;", "a", "甲", "　", "\xa0", "<b>", "[x](y)", "---", "1. ", "- ", "> "]  # fmt: skip
ANY_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=_UNSHOWN), min_size=1),
    st.lists(st.sampled_from(MARKUP), min_size=1, max_size=12).map("".join),
).filter(lambda t: not t.endswith(("。", ";", "；", "!", "?", "！", "？")))


@settings(max_examples=examples(2000, quick=50), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(text=ANY_TEXT, flavour=st.sampled_from(sorted(MARKDOWN_FLAVOURS)))
def test_markdown_report_shows_any_text_as_itself(text: str, flavour: str) -> None:
    md = markdown_report(text)
    assume(md is not None)
    assert md is not None
    assert markdown_texts(md, flavour) == [
        (tag, line) for (tag, _), line in zip(KINDS, payload_lines(text), strict=True)
    ]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("~~删除线~~", "\\~\\~删除线\\~\\~"),
        ("    缩进的代码", "&#32;&#32;&#32;&#32;缩进的代码"),
        ("\t代码", "&#9;代码"),
        ("　　全角缩进", "&#12288;&#12288;全角缩进"),
        ("末尾空格  ", "末尾空格&#32;&#32;"),
        ("一行\n=====", "一行&#10;====="),
        ("一行\n\n另一段", "一行&#10;&#10;另一段"),
        ("```\n代码\n```", "\\`\\`\\`&#10;代码&#10;\\`\\`\\`"),
        ("~~~", "\\~\\~\\~"),
    ],
)
def test_markdown_escapes_what_markdown_reads_as_structure(text: str, escaped: str) -> None:
    from rectify_cli.notice.render import md_escape

    assert md_escape(text) == escaped
    assert markdown_texts(escaped, "gfm") == [("p", text)]


def test_report_payload_docx_is_text(
    cli: Cli,
    write_plan: WritePlan,
    read_docx: Callable[[Path], str],
    tmp_path: Path,
    payload: str,
) -> None:
    out = tmp_path / "通报.docx"
    result = cli(
        "report", "-f", "docx", "--plan", str(write_plan(payload_plan(payload))), "-o", str(out)
    )
    assert result.code == 0, result.err
    body = read_docx(out).split("\n")[:13]
    assert body == payload_lines(payload)  # the text version's characters


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_report_template_syntax_in_plan_is_never_evaluated(
    cli: Cli, write_plan: WritePlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.chdir(tmp_path)
    for p in (
        "{{ 7*7 }}",
        "{% raw %}{{ plan.title }}{% endraw %}",
        "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    ):
        out = report(cli, write_plan(payload_plan(p)), "-f", fmt)
        assert "49" not in out
        # as often as the plan prints it (and once more in the page's <title>)
        assert out.count("{{") == "".join(payload_lines(p)).count("{{") + (fmt == "html")
        if fmt == "text":
            assert p in out
    assert not (tmp_path / "PWNED").exists()


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.text(
        alphabet=st.characters(
            max_codepoint=0xFFFF, blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp")
        ),
        min_size=1,
        max_size=40,
    ).filter(lambda s: s.strip() != "")
)
def test_report_html_escapes_any_closing_text(cli: Cli, write_plan: WritePlan, text: str) -> None:
    """Whatever the closing says, the page reads it back exactly, as one paragraph."""
    plan = PLAN.replace(
        "closing: 欢迎监督。电子邮箱:jb@example.cn。", "closing: " + json.dumps(text)
    )
    page = parse_page(report(cli, write_plan(plan), "-f", "html"))
    assert page.stray == []
    assert page.blocks[-2] == ("p", "closing", text)
