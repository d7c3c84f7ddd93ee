"""A plan that `import` writes always validates: the importer reads a notice's blank lines by
the rule the plan's `blank_before` is read by (model.document.blank), and its own check reads
the bytes it would write as `validate` reads the file.

A blank line of whitespace other than spaces, tabs, U+3000 and NBSP (an em space, a form feed
from a web page) was a blank line to the importer and text to the schema: `import` refused
such a notice, naming a line of a plan it never wrote (`p.yaml:26:9: 错误: blank_before
中的“\u2003\\n”不是空行`, exit 4). The property: generated notices (notice_strategies.py), with
lines of any whitespace and YAML-like text put in anywhere, import to a plan that validates
and reports the notice back byte for byte.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from notice.notice_strategies import Notice, notices
from support import examples

from rectify_cli.model.document import blank
from rectify_cli.notice.lines import split

Run = Callable[..., tuple[int, str, str]]

NOTICE = (
    "巡察整改情况通报\n{blank}\n一、反馈问题整改落实情况\n(一)甲方面\n1.关于甲的问题\n"
    "一是修订完善甲制度。\n"
)

# every character that str.isspace() holds and that is no line break of the notice
WHITESPACE = [chr(c) for c in range(0x110000) if chr(c).isspace() and chr(c) not in "\r\n"]


def imported(run: Run, folder: Path, text: str) -> tuple[tuple[int, str, str], Path]:
    source, plan = folder / "通报.txt", folder / "p.yaml"
    source.write_bytes(text.encode("utf-8"))
    return run("import", source, "-o", plan), plan


@pytest.mark.parametrize("space", WHITESPACE, ids=lambda c: f"U+{ord(c):04X}")
def test_a_blank_line_of_any_whitespace_imports_and_validates(
    run: Run, cli: Callable[..., Any], tmp_path: Path, space: str
) -> None:
    from rectify_cli.planfile.nodes import UNPRINTABLE

    text = NOTICE.format(blank=space * 2)
    (code, out, err), plan = imported(run, tmp_path, text)
    # a control character (\v, \f, FS–US) is imported as it is, and warned of: a Word file
    # cannot hold it (docs/reliability.md)
    control = UNPRINTABLE.search(space) is not None
    warned = f"{tmp_path / '通报.txt'}:2:1: 这一行有控制字符 U+{ord(space):04X}，已原样导入"
    assert code == 0
    assert err.startswith(warned) if control else err == ""
    assert out.endswith("已生成计划 p.yaml:1 条反馈意见、1 项措施。\n".replace("p.yaml", str(plan)))
    code, out, err = run("validate", "-p", plan)
    assert (code, out) == (0, f"{plan}:计划有效。1 个方面、1 条反馈意见、1 项整改措施。\n") or (
        control and code == 0 and "控制字符" in err
    )
    assert "控制字符" in err if control else err == ""
    report = cli("report", "-p", plan)
    assert (report.code, report.out_bytes) == (0, text.encode("utf-8"))


def test_a_plan_that_would_not_validate_is_not_written(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rectify_cli.planfile import emit

    dump = emit.dump
    monkeypatch.setattr(emit, "dump", lambda plan: dump(plan) + "status：done\n")
    (code, out, err), plan = imported(run, tmp_path, NOTICE.format(blank=""))
    assert (code, out) == (4, "")
    assert err == (
        f"{plan}:35:7: 错误: “status”后用了全角冒号“：”,应为半角冒号加空格,写成“status: …”。\n"
        "从通报生成的计划有 1 处错误（以上位置指未写入的计划文本），未写入任何文件；"
        "请把这份通报发给维护者。\n"
    )
    assert not plan.exists()


# -- the property -----------------------------------------------------------------------------

KEYS = ["status", "text", "title", "notice", "layout", "schema", "findings", "measures",
        "blank_before", "newline", "statistics", "template", "marker", "part", "point"]  # fmt: skip
HOSTILE = st.one_of(
    st.lists(st.sampled_from(WHITESPACE), min_size=1, max_size=3).map("".join),
    st.builds(
        lambda pre, key, colon, value: pre + key + colon + value,
        st.sampled_from(["", "- ", "  ", "　　", "一是", "1.", "(一)", "整改措施：", "? ", "# "]),
        st.sampled_from(KEYS),
        st.sampled_from([": ", ":", "：", ":\t"]),
        st.sampled_from(
            ["done", "已完成", "", "[a", "{x}", "{", "2024-02-30", "*a", "|", "'", "#"]
        ),
    ),
)


@settings(
    max_examples=examples(300, quick=15),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    notice=notices(),
    lines=st.lists(st.tuples(st.integers(0, 10_000), HOSTILE, st.booleans()), max_size=3),
)
def test_every_imported_notice_validates(
    run: Run, cli: Callable[..., Any], notice: Notice, lines: list[tuple[int, str, bool]]
) -> None:
    rows = split(notice.text)
    for at, line, instead in lines:
        n = at % len(rows)
        rows[n : n + instead] = [(line, rows[n][1] if instead else "\n")]
    text = "".join(body + end for body, end in rows)
    assume(not all(blank(body) for body, _ in rows))  # (a blank notice is refused, exit 4)
    with tempfile.TemporaryDirectory() as folder:
        (code, _out, err), plan = imported(run, Path(folder), text)
        assert code == 0, err  # (what it kept as text, or a statistics sentence, it says)
        code, out, err = run("validate", "-p", plan)
        assert code == 0 and "错误" not in out + err, out + err  # (warnings: a statistics
        # sentence the ledger does not count, as the generator writes counts of its own)
        report = cli("report", "-p", plan)
        assert (report.code, report.out_bytes) == (0, text.encode("utf-8"))
