"""Every edit keeps the file's own line ends (planfile/lineends.py): a CR-only plan stays CR-only,
CR LF stays CR LF, and in a mixed file each untouched line keeps its end while each new line
takes the end of the nearest line break before it.

The plans are the schema-1 seed (tests/plans/seed_v1.yaml) and the shipped schema-2 plan
(data/items.yaml), their line ends converted here. What each command writes in LF is pinned by
the golden edit tests; here the same commands on the converted file must write exactly those
bytes in the converted line ends.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import support
from support import CACHE, ON

from rectify_cli.planfile import journal

Run = Callable[..., tuple[int, str, str]]

PLANS = {"v1": support.TESTS / "plans" / "seed_v1.yaml", "v2": support.SHIPPED}

CASES: dict[str, list[list[str]]] = {
    "done_item": [["done", "1.1.1", *ON]],
    "done_note_evidence": [
        ["done", "1.1.1.2", *ON, "--note", "已印发制度", "--evidence", "制度文件.pdf"]
    ],
    "reopen": [["done", "1.1.1", *ON], ["reopen", "1.1.1.1"]],  # removes two lines
    "set_fields": [["set", "1.1.1", "--owner", "张三", "--dept", "办公室", "--due", "2026-12-31"]],
    "set_status": [["set", "1.1.2.1", "--status", "ongoing"]],
    "note_twice": [
        ["note", "1.1.1.3", "召开专题会议", *ON], ["note", "1.1.1.3", "方案已印发", *ON]
    ],
    "undo": [["done", "1.1.1", *ON], ["note", "1.1.1.1", "进展", *ON], ["undo"], ["undo"]],
}  # fmt: skip

CONVENTIONS = ["cr", "crlf", "mixed"]
_ENDS = re.compile(rb"\r\n|\r|\n")


def lines(data: bytes) -> list[tuple[bytes, bytes]]:
    """Each line and its end (b"" for a last line without one)."""
    out, at = [], 0
    for m in _ENDS.finditer(data):
        out.append((data[at : m.start()], m.group()))
        at = m.end()
    if at < len(data):
        out.append((data[at:], b""))
    return out


def joined(pairs: list[tuple[bytes, bytes]]) -> bytes:
    return b"".join(a + b for a, b in pairs)


def convert(lf: bytes, convention: str) -> bytes:
    """The LF text in a convention; "mixed" gives the lines LF, CR LF and CR in turn (never a
    bare CR before an empty line ending in LF, which would read as one CR LF)."""
    if convention != "mixed":
        return lf.replace(b"\n", {"cr": b"\r", "crlf": b"\r\n"}[convention])
    out: list[tuple[bytes, bytes]] = []
    for n, (line, end) in enumerate(lines(lf)):
        new = (b"\n", b"\r\n", b"\r")[n % 3] if end else b""
        if new == b"\n" and not line and out and out[-1][1] == b"\r":
            new = b"\r\n"
        out.append((line, new))
    return joined(out)


def expected_mixed(before: bytes, lf_after: bytes) -> bytes:
    """`lf_after` with the line ends of `before` (mixed) by the rule: a line kept or changed in
    place keeps its end; a new one takes the end of the line before it; a bare CR before an
    empty line ending in LF is a new line's LF, or an old line's CR LF."""
    old, new = lines(before), lines(lf_after)
    matcher = difflib.SequenceMatcher(None, [a for a, _ in old], [a for a, _ in new], False)
    out: list[tuple[bytes, bytes, bool]] = []  # line, end, whether it is new
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            k = i1 + j - j1
            if tag in ("equal", "replace") and k < i2:
                out.append((new[j][0], old[k][1] if new[j][1] else b"", False))
            else:
                out.append((new[j][0], (out[-1][1] if out else b"\n") if new[j][1] else b"", True))
    for n in range(len(out) - 1):
        (line, end, added), (after, after_end, _) = out[n], out[n + 1]
        if end == b"\r" and not after and after_end == b"\n":
            out[n] = (line, b"\n" if added else b"\r\n", added)
    return b"".join(a + b for a, b, _ in out)


def edited(run: Run, folder: Path, data: bytes, commands: list[list[str]], env: Any) -> bytes:
    folder.mkdir()
    path = folder / "items.yaml"
    path.write_bytes(data)
    for args in commands:
        code, out, err = run(*args, "-p", path, env=env)
        assert code == 0, (args, out, err)
    return path.read_bytes()


@pytest.mark.parametrize("cache", CACHE)
@pytest.mark.parametrize("convention", CONVENTIONS)
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("schema", PLANS)
def test_edit_keeps_line_ends(
    run: Run, tmp_path: Path, schema: str, case: str, convention: str, cache: str
) -> None:
    lf = PLANS[schema].read_bytes()
    assert b"\r" not in lf
    env = CACHE[cache]
    lf_after = edited(run, tmp_path / "lf", lf, CASES[case], env)
    before = convert(lf, convention)
    after = edited(run, tmp_path / convention, before, CASES[case], env)
    if convention == "mixed":
        assert after == expected_mixed(before, lf_after)
    else:
        assert after == convert(lf_after, convention)
    if case == "undo":
        assert after == before
    else:
        assert after != before
        assert journal.read(tmp_path / convention / "items.yaml")[-1].after == journal.digest(after)


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_undo_gives_back_every_byte(run: Run, tmp_path: Path, convention: str) -> None:
    before = convert(support.SHIPPED.read_bytes(), convention)
    commands = [args for case in ("reopen", "set_fields", "note_twice") for args in CASES[case]]
    after = edited(run, tmp_path / "plan", before, commands, support.COLD)
    assert after != before
    path = tmp_path / "plan" / "items.yaml"
    for _ in commands:
        assert run("undo", "-p", path)[0] == 0
    assert path.read_bytes() == before


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_migrate_writes_the_files_line_end(run: Run, tmp_path: Path, convention: str) -> None:
    lf = PLANS["v1"].read_bytes()
    lf_after = edited(run, tmp_path / "lf", lf, [["migrate"]], support.COLD)
    before = convert(lf, convention)
    after = edited(run, tmp_path / convention, before, [["migrate"]], support.COLD)
    ends = Counter(end for _, end in lines(before))
    common = {"cr": b"\r", "crlf": b"\r\n", "mixed": b"\r\n"}[convention]
    assert ends.most_common(1)[0][0] == common  # (a CR before an empty line made CR LF)
    assert after == lf_after.replace(b"\n", common)
    assert run("undo", "-p", tmp_path / convention / "items.yaml")[0] == 0
    assert (tmp_path / convention / "items.yaml").read_bytes() == before


def returned(run: Run, path: Path) -> Path:
    """The plan's ledger exported and sent back with a done, an owner and a note filled in."""
    from openpyxl import load_workbook

    out = path.parent / "ledger.xlsx"
    assert run("export", "-o", out, "--today", "2025-04-01", "-p", path)[0] == 0
    book = load_workbook(out)
    sheet = book["整改台账"]
    sheet["I3"] = "已完成"
    sheet["J3"] = "2025-03-25"
    sheet["F4"] = "刘副局长"
    sheet["K4"] = "2025-03-28 完成制度修订(佐证:制度汇编.docx)"
    book.save(out)
    return out


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_ledger_import_keeps_line_ends(run: Run, tmp_path: Path, convention: str) -> None:
    lf = support.LEDGER.read_bytes()
    before = convert(lf, convention)
    for name, data in (("lf", lf), (convention, before)):
        (tmp_path / name).mkdir()
        path = tmp_path / name / "items.yaml"
        path.write_bytes(data)
        assert run("import", returned(run, path), "--yes", "-p", path)[0] == 0
    lf_after = (tmp_path / "lf" / "items.yaml").read_bytes()
    after = (tmp_path / convention / "items.yaml").read_bytes()
    assert lf_after != lf
    if convention == "mixed":
        assert after == expected_mixed(before, lf_after)
    else:
        assert after == convert(lf_after, convention)


# -- the rule at its smallest ----------------------------------------------------------------

ITEM = (
    "title: 测试{n}findings:{n}  categories:{n}    - title: 方面{n}      items:{n}"
    "        - title: 意见{n}          measures:{n}            - text: 措施{n}"
    "              status: 正在整改{n}"
)


@pytest.mark.parametrize("n", ["\r", "\r\n"])
def test_smallest_plan_in_one_line_end(run: Run, tmp_path: Path, n: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(ITEM.format(n=n).encode())
    assert run("done", "1.1.1", *ON, "-p", path)[0] == 0
    done = ITEM.replace("正在整改{n}", "已完成{n}              done_on: 2024-05-01{n}")
    assert path.read_bytes() == (done + "              done_by: 王芳{n}").format(n=n).encode()


def test_new_lines_take_the_end_before_them(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = ITEM.format(n="\n").replace("正在整改\n", "正在整改\r") + "# 完\r\n"
    path.write_bytes(text.encode())
    assert run("done", "1.1.1", *ON, "-p", path)[0] == 0
    assert (
        path.read_bytes()
        == text.replace(
            "正在整改\r", "已完成\r              done_on: 2024-05-01\r              done_by: 王芳\r"
        ).encode()
    )


def test_a_new_line_never_ends_in_cr_before_an_empty_line_ending_in_lf() -> None:
    # (no command inserts lines there: a line start after a bare CR is never an LF)
    from rectify_cli.planfile.lineends import carry
    from rectify_cli.planfile.splice import Splice

    written = "a: 1\rb:\n\nc: 3\n"
    new_text = "a: 1\nb:\n  - x\n\nc: 3\n"
    assert carry(written, [Splice(7, 7, "\n  - x")], new_text) == [Splice(7, 7, "\r  - x")]
    assert carry("a: 1\rb: 2", [Splice(9, 9, "\nc: 3\n")], "a: 1\nb: 2\nc: 3\n") == [
        Splice(9, 9, "\rc: 3\r")
    ]


def test_a_removal_keeps_a_bare_cr_apart_from_an_lf(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = ITEM.format(n="\n").replace(
        "正在整改\n", "已完成\r              done_on: 2024-05-01\n              done_by: 王芳\n\n"
    )
    path.write_bytes(text.encode())
    assert run("reopen", "1.1.1", "-p", path)[0] == 0
    assert path.read_bytes() == ITEM.format(n="\n").replace("正在整改\n", "正在整改\r\n\n").encode()
    assert run("undo", "-p", path)[0] == 0
    assert path.read_bytes() == text.encode()
