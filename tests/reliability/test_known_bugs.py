"""Bugs found by fuzzing and review in the notice import (notice/importer.py) and the ledger
import (ledger/ledger_import.py), and the inputs that found them.

N1-N9 were found in the seed-only importer, which notice/importer.py replaced; its invariant is
the byte-exact round trip. Each of their inputs stays here as a regression input: `rectify
import NOTICE.txt -o PLAN.yaml` exits 0 and prints exactly what it found (and each line it kept
as plain text), and `rectify report -p PLAN.yaml` prints NOTICE back, byte for byte (a notice
with a NUL is the exception: refused as a binary file, exit 4). An open bug is pinned by a
strict xfail test of the right behaviour, named by its number in docs/reliability.md (section
6), so that its fix makes the test pass, and strict xfail then fails until the mark is removed:
N11 and N12 in the notice import, L3 in `import`'s choice between a notice and a ledger. N10
(a NEL, U+2028 or U+2029 written raw), L1 and L2 are fixed: their tests are plain tests."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import targets
from support import Output, copy_plan

from rectify_cli.notice import assemble, importer
from rectify_cli.planfile import decoding, reader
from rectify_cli.planfile.emit import dump

Run = Callable[..., tuple[int, str, str]]
Cli = Callable[..., Output]

BODY = (
    "二、反馈问题整改落实情况\n(一)学习不够深入\n1.理论学习不够系统\n"
    "(1)在学习计划方面。一是制定计划;二是召开会议。\n"
)
INTRO = "一、巡察整改工作组织推进情况\n局党组研究部署整改工作。\n"


def import_notice(cli: Cli, tmp_path: Path, notice: str, *args: str) -> tuple[Path, Output]:
    """`rectify import 通报.txt -o plan.yaml ARGS`, the notice written as UTF-8 as it is."""
    source = tmp_path / "通报.txt"
    source.write_bytes(notice.encode("utf-8"))
    return source, cli("import", source, "-o", tmp_path / "plan.yaml", *args)


def found(
    tmp_path: Path, lines: int, parts: int, levels: int, items: int, measures: int, plain: int
) -> str:
    """What `import` prints on stdout: what it found, and the plan it wrote."""
    return (
        f"通报共 {lines} 行:{parts} 个部分,{levels} 级标题,{items} 条反馈意见,{measures} 项措施,"
        f"0 处统计句,{plain} 段按原文保留。\n"
        f"已生成计划 {tmp_path / 'plan.yaml'}:{items} 条反馈意见、{measures} 项措施。\n"
    )


def kept(source: Path, line: int, text: str) -> str:
    return f"{source}:{line}: 未能归入措施或状态,已按原文保留在原处:{text}\n"


def truncated(source: Path, line: int) -> str:
    return f"{source}:{line}: 通报在此处中断(句子没有结束),已原样保留。\n"


def unprintable(source: Path, line: int, col: int, char: str) -> str:
    """What import says of a line holding a character a Word file cannot hold ("" for
    another character)."""
    if char not in "\x01\x08\x0b\x0c\x1b\x1c\x1d\x1e\x1f\ufffe\uffff":
        return ""
    return (
        f"{source}:{line}:{col}: 这一行有控制字符 U+{ord(char):04X}，已原样导入；Word 版通报无法"
        "容纳它（\\v、\\f 印作换行，其余不印出），请核对原文后在计划中删除它。\n"
    )


def reported(cli: Cli, tmp_path: Path) -> bytes:
    """`rectify report -p plan.yaml`: exit 0, nothing on stderr; its stdout's bytes."""
    result = cli("report", "-p", tmp_path / "plan.yaml")
    assert (result.code, result.err) == (0, ""), result.err
    return result.out_bytes


def round_trip(cli: Cli, tmp_path: Path, notice: str, out: str, err: str = "") -> str:
    """The notice imports (exit 0, exactly `out` and `err`) and reports back byte for byte;
    the plan's text."""
    _, result = import_notice(cli, tmp_path, notice)
    assert (result.code, result.out, result.err) == (0, out, err)
    assert reported(cli, tmp_path) == notice.encode("utf-8")
    return (tmp_path / "plan.yaml").read_text(encoding="utf-8")


def reads_back(text: str) -> str:
    """The importer's invariant without the CLI: the YAML of the plan read from `text` parses
    with no error into the same plan, which joins back into `text`; the YAML."""
    plan = importer.read_notice(text).plan
    yaml_text = dump(plan)
    parsed, _ = reader.parse(decoding.Source(Path("p.yaml"), yaml_text, yaml_text.encode(), 0))
    assert parsed == plan
    assert parsed.document is not None
    assert assemble.join(assemble.paragraphs(parsed), parsed.document) == text
    return yaml_text


# -- N1, N2: a part without paragraphs, a blank line in a part ----------------------------------


def test_import_notice_part_without_paragraphs(cli: Cli, tmp_path: Path) -> None:
    notice = "一、巡察整改工作组织推进情况\n" + BODY
    round_trip(cli, tmp_path, notice, found(tmp_path, 5, 2, 3, 1, 2, 0))


def test_import_notice_next_steps_without_paragraphs(cli: Cli, tmp_path: Path) -> None:
    """三、 with nothing under it is a part of its own; a notice that ends on a heading is said
    to stop there."""
    notice = INTRO + BODY + "三、下一步整改工作计划\n"
    err = truncated(tmp_path / "通报.txt", 7)
    round_trip(cli, tmp_path, notice, found(tmp_path, 7, 3, 3, 1, 2, 0), err)


def test_import_notice_blank_line_in_a_part(cli: Cli, tmp_path: Path) -> None:
    notice = "一、组织推进情况\n局党组研究部署。\n\n局党组召开会议。\n" + BODY
    text = round_trip(cli, tmp_path, notice, found(tmp_path, 8, 2, 3, 1, 2, 0))
    assert "      - text: 局党组召开会议。\n        blank_before: 1\n" in text


# -- N3: a part numeral with no heading -------------------------------------------------------


def test_import_notice_part_without_heading(cli: Cli, tmp_path: Path) -> None:
    """一、 alone is a part with an empty heading; the next line stays a paragraph of it."""
    notice = "一、\n局党组研究部署。\n" + BODY
    text = round_trip(cli, tmp_path, notice, found(tmp_path, 6, 2, 3, 1, 2, 0))
    assert '  - part: ""\n    role: overview\n    blocks:\n      - text: 局党组研究部署。\n' in text


def test_import_notice_part_heading_on_the_next_line(cli: Cli, tmp_path: Path) -> None:
    notice = "一、\n\n巡察整改工作组织推进情况\n局党组研究部署整改工作。\n" + BODY
    round_trip(cli, tmp_path, notice, found(tmp_path, 8, 2, 3, 1, 2, 0))


def test_import_notice_part_numeral_alone(cli: Cli, tmp_path: Path) -> None:
    round_trip(cli, tmp_path, "一、\n" + BODY, found(tmp_path, 5, 2, 3, 1, 2, 0))


def test_import_notice_next_steps_numeral_alone(cli: Cli, tmp_path: Path) -> None:
    """三、 followed by 一是…: its points, then the closing and the editor in their roles."""
    notice = (
        INTRO + BODY + "三、\n一是持续整改。\n二是建立机制。\n欢迎监督,联系电话:1。\n责编:某局\n"
    )
    text = round_trip(cli, tmp_path, notice, found(tmp_path, 11, 3, 3, 1, 2, 0))
    assert text.endswith(
        '  - part: ""\n    role: overview\n    blocks:\n      - point: 持续整改。\n'
        "      - point: 建立机制。\n  - closing: 欢迎监督,联系电话:1。\n  - editor: 责编:某局\n"
    )


def test_import_notice_findings_numeral_alone(cli: Cli, tmp_path: Path) -> None:
    notice = INTRO + "二、\n" + BODY.split("\n", 1)[1]
    round_trip(cli, tmp_path, notice, found(tmp_path, 6, 2, 3, 1, 2, 0))


def test_import_notice_part_numeral_alone_in_english(cli: Cli, tmp_path: Path) -> None:
    source, result = import_notice(cli, tmp_path, "一、\n" + BODY, "--lang", "en")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "5 lines: 2 parts, 3 levels of findings, 1 feedback items, 2 measures, 0 statistics "
        f"sentences, 0 paragraphs kept as text\nwrote {tmp_path / 'plan.yaml'}: 1 feedback "
        "items, 2 measures\n"
    )
    assert reported(cli, tmp_path) == source.read_bytes()


# -- N8, N9: lines out of their place, a point with nothing after it ----------------------------


def test_import_notice_lines_out_of_their_place(cli: Cli, tmp_path: Path) -> None:
    """N8: a line between the title and the first part, next steps before the overview, a
    second editor's line: each kept where it stood (were: dropped without a word)."""
    notice = (
        "关于巡察整改情况的通报\n按照区委统一部署,现将整改情况予以公布。\n"
        "三、下一步整改工作计划\n持续整改。\n" + INTRO + BODY + "责编:某局\n责编:另一局\n"
    )
    text = round_trip(cli, tmp_path, notice, found(tmp_path, 12, 3, 3, 1, 2, 0))
    assert "  - title: 关于巡察整改情况的通报\n  - text: 按照区委统一部署" in text
    assert text.endswith("  - editor: 责编:某局\n  - editor: 责编:另一局\n")


def test_import_notice_next_steps_point_without_text(cli: Cli, tmp_path: Path) -> None:
    """N9: 一是 alone among the next steps is a point with no text (was: `- ""`, invalid)."""
    notice = INTRO + BODY + "三、下一步整改工作计划\n一是\n二是建立机制。\n"
    text = round_trip(cli, tmp_path, notice, found(tmp_path, 9, 3, 3, 1, 2, 0))
    assert text.endswith('    blocks:\n      - point: ""\n      - point: 建立机制。\n')


# -- N7: a number with no title ------------------------------------------------------------------

HEAD = "二、反馈问题整改落实情况\n"
# (lines, parts, levels, items, measures, plain paragraphs) as `import` counts them
Counts = tuple[int, int, int, int, int, int]


@pytest.mark.parametrize(
    ("notice", "counts", "kept_lines"),
    [
        (HEAD + "(一)\n学习不够深入\n1.理论学习不够系统\n(1)在方面。一是甲;二是乙。\n",
         (5, 1, 3, 1, 2, 0), []),
        (HEAD + "(一)学习不够深入\n1.\n理论学习不够系统\n(1)在方面。一是甲;二是乙。\n",
         (5, 1, 3, 1, 2, 0), []),
        # the item's text on the next line is the item's body, not its measures: said so
        (HEAD + "(一)学习不够深入\n1.理论学习不够系统\n(1)\n在方面。一是甲;二是乙。\n",
         (5, 1, 3, 1, 0, 1), [(5, "在方面。一是甲;二是乙。")]),
        (HEAD + "(一)学习不够深入\n1.\n在方面。一是甲;二是乙。\n",  # straight under (一)
         (4, 1, 2, 1, 0, 1), [(4, "在方面。一是甲;二是乙。")]),
        (HEAD + "（一）\u3000\n学习不够深入\n1.理论学习不够系统\n（1）在方面。一是甲;二是乙。\n",
         (5, 1, 3, 1, 2, 0), []),
    ],
    ids=["category", "problem", "item", "item under its category", "full-width space"],
)  # fmt: skip
def test_import_notice_number_with_its_title_on_the_next_line(
    cli: Cli, tmp_path: Path, notice: str, counts: Counts, kept_lines: list[tuple[int, str]]
) -> None:
    source = tmp_path / "通报.txt"
    err = "".join(kept(source, n, t) for n, t in kept_lines)
    round_trip(cli, tmp_path, notice, found(tmp_path, *counts), err)


TWO = HEAD + "(一)学习不够深入\n1.理论学习不够系统\n(1)在学习计划方面。一是甲;二是乙。\n"


@pytest.mark.parametrize(
    ("notice", "counts"),
    [
        (HEAD + "(一)\n1.理论学习不够系统\n(1)在方面。一是甲;二是乙。\n(二)制度执行不严\n"
         "1.制度不健全\n(1)在制度方面。一是修订制度。\n", (7, 1, 3, 2, 3, 0)),
        (TWO + "2.\n(1)在制度方面。一是修订制度;二是开展检查。\n", (6, 1, 3, 2, 4, 0)),
        (TWO + "(2)。一是修订制度;二是开展检查。\n", (5, 1, 3, 2, 4, 0)),
        (TWO + "(2)\u3000。一是修订制度。\n", (5, 1, 3, 2, 3, 0)),
        (TWO + "(2)在制度方面。\u3000。\n", (5, 1, 3, 2, 3, 0)),  # "\u3000。" is its measure
        (TWO + "(2)\n(3)\n", (6, 1, 3, 3, 2, 0)),
    ],
    ids=["category", "problem", "item", "blank title", "blank measure", "bare items at the end"],
)  # fmt: skip
def test_import_notice_number_without_a_title(
    cli: Cli, tmp_path: Path, notice: str, counts: Counts
) -> None:
    """A finding with an empty title is a finding all the same: nothing is made up, nothing
    dropped (was: the line and what was under it kept as comments)."""
    round_trip(cli, tmp_path, notice, found(tmp_path, *counts))


@pytest.mark.parametrize(
    "notice",
    [
        HEAD + "(一)学习不够深入\n1.\n(1)在学习计划方面。一是甲;二是乙。\n",
        HEAD + "(一)学习不够深入\n1.理论学习不够系统\n(1)。一是甲;二是乙。\n",
    ],
    ids=["problem", "item"],
)
def test_import_notice_nothing_but_a_number_without_a_title(
    cli: Cli, tmp_path: Path, notice: str
) -> None:
    """The only item has an empty title: imported (was: nothing to import, exit 4)."""
    round_trip(cli, tmp_path, notice, found(tmp_path, 4, 1, 3, 1, 2, 0))


# -- N4: control characters and line breaks in a line of the notice ------------------------------

LINE = "这一行无法归类{}它的后半"  # (a paragraph of item (1) that is not a measure, not ended)
# every control character YAML refuses raw or reads as a line break, and every line break of
# str.splitlines, that a notice's text can hold (a NUL makes it a binary file), with the escape
# the plan writes it as
ESCAPED = {
    "\x01": "\\u0001", "\x08": "\\b", "\x0b": "\\u000b", "\x0c": "\\f", "\x1b": "\\u001b",
    "\x1c": "\\u001c", "\x1d": "\\u001d", "\x1e": "\\u001e", "\x1f": "\\u001f",
    "\x7f": "\\u007f", "\x80": "\\u0080", "\x85": "\\u0085", "\x9f": "\\u009f",
    "\u2028": "\\u2028", "\u2029": "\\u2029", "\ufffe": "\\ufffe", "\uffff": "\\uffff",
}  # fmt: skip
CONTROLS = sorted(c for c in ESCAPED if c not in "\ufffe\uffff")  # N12: raw in a message


@pytest.mark.parametrize("char", sorted(ESCAPED))
def test_import_notice_line_with_control_character(cli: Cli, tmp_path: Path, char: str) -> None:
    """The line is kept where it stood and said so; the plan holds it escaped, on one line
    (N10: a NEL, U+2028 or U+2029 was written raw, and the plan refused; found by the notice
    fuzz target). How the message shows the character is N12's, below."""
    line = LINE.format(char)
    notice = INTRO + BODY + line + "\n"
    source, result = import_notice(cli, tmp_path, notice)
    assert (result.code, result.out) == (0, found(tmp_path, 7, 2, 3, 1, 2, 1))
    first, _, rest = kept(source, 7, LINE).partition("{}")
    assert result.err.startswith(first)
    assert result.err.endswith(rest + truncated(source, 7) + unprintable(source, 7, 8, char))
    assert reported(cli, tmp_path) == notice.encode("utf-8")
    text = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    assert f'                  - text: "{LINE.format(ESCAPED[char])}"\n' in text
    assert char not in text


def test_import_notice_line_with_carriage_return(cli: Cli, tmp_path: Path) -> None:
    """A CR alone ends a line, as in a notice saved on an old Mac: two lines, each kept, and
    the CR kept as the first one's line end."""
    notice = INTRO + BODY + LINE.format("\r") + "\n"
    source = tmp_path / "通报.txt"
    err = kept(source, 7, "这一行无法归类") + kept(source, 8, "它的后半") + truncated(source, 8)
    text = round_trip(cli, tmp_path, notice, found(tmp_path, 8, 2, 3, 1, 2, 2), err)
    assert "                  - text: 这一行无法归类\n                    newline: cr\n" in text


def test_import_notice_line_with_nul_is_not_text(cli: Cli, tmp_path: Path) -> None:
    """A NUL anywhere: the file is taken for a binary one and refused, no plan written."""
    source, result = import_notice(cli, tmp_path, INTRO + BODY + LINE.format("\x00") + "\n")
    assert (result.code, result.out) == (4, "")
    assert result.err == (
        f"{source}:1:1: 错误: 这不是文本文件(含有二进制内容),应为通报全文的 .txt 文件。\n"
        "通报文件有 1 处错误,未生成计划。\n"
    )
    assert not (tmp_path / "plan.yaml").exists()


@pytest.mark.parametrize(
    ("char", "written"),
    [("\t", '"{}"'.format(LINE.format("\\t"))), ("\ufeff", None), ("\u200b", None),
     ("\u202e", None), ("\u3000", None), ("\\u2028", None), ("😀", None)],
    ids=["tab", "BOM", "zero-width space", "bidi override", "ideographic space",
         "an escape's text", "emoji"],
)  # fmt: skip
def test_import_notice_unplaced_line_with_printable_character(
    cli: Cli, tmp_path: Path, char: str, written: str | None
) -> None:
    """What a message can show stays as it is (a tab, a zero-width or bidi character, text
    that looks like an escape); the plan holds the line as YAML must: in double quotes where a
    character needs it (a tab), plain where libyaml reads it back the same (a BOM too)."""
    line = LINE.format(char)
    notice = INTRO + BODY + line + "\n"
    source = tmp_path / "通报.txt"
    err = kept(source, 7, line) + truncated(source, 7)
    text = round_trip(cli, tmp_path, notice, found(tmp_path, 7, 2, 3, 1, 2, 1), err)
    assert f"                  - text: {written or line}\n" in text


# N11's (below): the only code points a line cannot hold yet
SURROGATES = set(map(chr, range(0xD800, 0xE000)))


def test_import_notice_unplaced_line_with_every_character() -> None:
    """Every code point but \\n (which ends the line) and the surrogates (N11) in one line
    that cannot be placed: the plan's YAML holds no line break but the \\n ending a line,
    parses into the same plan, and gives the text back exactly (a CR alone ends a line)."""
    line = "x" + "".join(chr(c) for c in range(0x110000) if c != 10 and chr(c) not in SURROGATES)
    notice = INTRO + BODY + line + "\n"
    yaml_text = reads_back(notice)
    assert yaml_text.splitlines() == yaml_text.split("\n")[:-1]
    first = "".join(f"\\u{c:04x}" for c in range(8)) + "\\b\\t\\u000b\\f"
    assert f'                  - text: "x{first}"\n' in yaml_text


def test_import_notice_odd_part_numeral(cli: Cli, tmp_path: Path) -> None:
    """一十一、 (N5: a traceback once) is a part like any other."""
    notice = INTRO + BODY + "一十一、下一步整改工作计划\n持续整改。\n"
    text = round_trip(cli, tmp_path, notice, found(tmp_path, 8, 3, 3, 1, 2, 0))
    assert "  - part: 下一步整改工作计划\n    role: next_steps\n    marker: 一十一、\n" in text


def test_import_notice_category_with_items_then_a_problem(cli: Cli, tmp_path: Path) -> None:
    """N6: a category with an item (1.…。一是…) and then a problem (2.标题): both imported,
    with all their measures (was: the problem and its items dropped, silently)."""
    notice = (
        "二、反馈问题整改落实情况\n(一)学习不够深入\n1.在学习计划方面。一是制定计划;二是召开会议。\n"
        "2.制度执行不严\n(1)在制度方面。一是修订制度;二是开展检查。\n"
    )
    round_trip(cli, tmp_path, notice, found(tmp_path, 5, 1, 3, 2, 4, 0))
    plan, _ = reader.load(tmp_path / "plan.yaml")
    measures = [m.text for m in plan.measures()]
    assert measures == ["制定计划;", "召开会议。", "修订制度;", "开展检查。"]


@pytest.mark.parametrize("text", ["\x85", "\u2028", "\u2029", "a\x85", "a\u2028b\n"])
def test_read_notice_invisible_line_break_reads_back(text: str) -> None:
    """N10's minimal inputs: the plan of a text that is (or holds) a NEL, U+2028 or U+2029
    reads back (was: written raw, refused as an invisible line break)."""
    reads_back(text)


# -- open: N11, N12 --------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"\xed\xa0\x80", b"a\xed\xbf\xbf\n"])
def test_a_lone_surrogate_encoded_in_a_file_is_no_text(
    cli: Cli, tmp_path: Path, data: bytes
) -> None:
    """N11: a lone surrogate is not text (YAML cannot write one either): read_notice is given
    only what decode_notice returns, which never holds one; a file that encodes one is
    refused like any other undecodable file."""
    source = tmp_path / "notice.txt"
    source.write_bytes(data)
    result = cli("import", str(source), "-o", str(tmp_path / "p.yaml"))
    assert result.code == 4
    assert not (tmp_path / "p.yaml").exists()


@pytest.mark.parametrize("char", CONTROLS)
def test_import_notice_kept_line_message_is_one_line_without_controls(
    cli: Cli, tmp_path: Path, char: str
) -> None:
    """Each message one line, with no control character raw in it (was so for the seed-only
    importer, N4: shown as \\uXXXX)."""
    source, result = import_notice(cli, tmp_path, INTRO + BODY + LINE.format(char) + "\n")
    assert result.code == 0
    messages = result.err.splitlines()
    assert len(messages) == 2 + bool(unprintable(source, 7, 8, char)), messages
    assert messages[0].startswith(f"{source}:7: 未能归入措施或状态,已按原文保留在原处:")
    assert not any(c < " " or "\x7f" <= c <= "\x9f" for c in result.err.replace("\n", ""))
    assert char not in result.err


# -- the ledger -----------------------------------------------------------------------------


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
