"""Broken and hostile plan files beyond the golden corpus of tests/bad/: how many there are,
what the ones too big to commit do (50 MB), what the borderline ones are pinned to (a line of
5,000 characters, a `#` in the text, U+2028), and that none takes long or prints a traceback."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import support
from support import BAD, ROOT, SHIPPED, write_plan_in

Run = Callable[..., tuple[int, str, str]]
MB = 1024 * 1024

# The mistakes issue 7 names, each with the file of tests/bad/ that makes it.
REQUIRED = {
    "tab": "tab_indent",
    "mis-indentation": "mis_indent_deeper",
    "mis-indented list": "mis_indent_list",
    "full-width colon": "fullwidth_colon",
    "missing space after a colon": "no_space_after_colon",
    "unquoted colon in text": "colon_in_text",
    "unquoted # in text": "hash_starts_text",
    "measure of the wrong type": "measure_is_list",
    "field of the wrong type": "status_is_list",
    "GBK": "gbk",
    "UTF-16": "utf16",
    "UTF-16 without BOM": "utf16_no_bom",
    "Notepad BOM, otherwise broken": "bom_broken",
    "duplicate keys": "duplicate_key",
    "impossible date": "impossible_date",
    "misspelled status": "bad_status_near",
    "5,000-character line": "long_line",
    "alias bomb": "alias_bomb",
    "alias bomb in flow style": "alias_bomb_flow",
    "!!python/object tags": "python_tag",
    "every kind of tag": "tags_everywhere",
    "binary garbage": "binary",
    "empty file": "empty",
    "truncated mid-line": "truncated_key",
    "truncated mid-character": "truncated_mid_char",
    "NUL byte": "nul_byte",
    "git conflict markers": "merge_conflict",
}


def bad_plans() -> list[Path]:
    return sorted(BAD.glob("*.yaml"))


def test_bad_corpus_has_forty_plans_and_every_named_mistake() -> None:
    names = {p.stem for p in bad_plans()}
    assert len(names) >= 40, len(names)
    assert set(REQUIRED.values()) <= names
    assert {p.stem for p in BAD.glob("*.expected")} == names


def test_bad_corpus_long_line_is_over_5000_characters() -> None:
    lines = (BAD / "long_line.yaml").read_text(encoding="utf-8").splitlines()
    assert max(len(line) for line in lines) >= 5000


@pytest.mark.parametrize("path", bad_plans(), ids=lambda p: p.stem)
def test_bad_plan_in_english_one_line_per_problem(run: Run, path: Path) -> None:
    """The English messages too: exit 4, each problem on one line at file:line:col, the count
    last, within a second."""
    began = time.perf_counter()
    code, out, err = run("validate", "--plan", path, "--lang", "en")
    assert time.perf_counter() - began < 2
    assert (code, out) == (4, "")
    *issues, count = err.splitlines()
    assert re.fullmatch(r"the plan has \d+ error\(s\)", count)
    for line in issues:
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: (error|warning): \S", line), line


@pytest.mark.parametrize("name", ["binary", "utf16_no_bom", "nul_byte", "tags_everywhere"])
def test_bad_plan_as_a_real_process(run_proc: Run, name: str) -> None:
    """The installed entry point, not only the in-process runner: same message, exit 4."""
    code, out, err = run_proc("validate", "--plan", f"tests/bad/{name}.yaml")
    expected = (BAD / f"{name}.expected").read_text(encoding="utf-8")
    assert f"exit: {code}\n{err}" == expected
    assert out == ""


# -- borderline files, pinned ---------------------------------------------------------------

MINIMAL = """\
title: 测试局关于巡察反馈意见整改情况的通报
findings:
  categories:
    - title: 学习贯彻不够深入
      items:
        - title: 在理论学习缺乏针对性方面
          measures:
            - text: {text}
              status: 正在整改
"""


def test_line_of_5000_characters_is_valid_and_kept_whole(run: Run, tmp_path: Path) -> None:
    text = ("组织党员干部深入学习," * 500)[:5000]
    path = write_plan_in(tmp_path, MINIMAL.format(text=text))
    assert run("validate", "--plan", path)[0] == 0
    code, out, _ = run("report", "--plan", path)
    assert code == 0 and text in out
    code, _, err = run("done", "1.1.1", "--on", "2024-05-01", "--by", "王芳", "-p", path)
    assert (code, err) == (0, "")
    assert text in path.read_text(encoding="utf-8")


def test_hash_after_a_space_starts_a_comment_and_cuts_the_text(run: Run, tmp_path: Path) -> None:
    """YAML's rule, pinned: ` #` starts a comment, so the text stops before it, silently (a `#`
    with no space before it is text). docs/reliability.md says so; quoting keeps it all."""
    from rectify_cli.planfile import reader

    path = write_plan_in(tmp_path, MINIMAL.format(text="落实第#1号文件 #3 号文件要求"))
    assert run("validate", "--plan", path)[0] == 0
    assert reader.load(path)[0].find((1, 1, 1)).text == "落实第#1号文件"  # type: ignore[union-attr]
    path = write_plan_in(tmp_path, MINIMAL.format(text="'落实第#1号文件 #3 号文件要求'"))
    whole = reader.load(path)[0].find((1, 1, 1)).text  # type: ignore[union-attr]
    assert whole == "落实第#1号文件 #3 号文件要求"


def test_tab_after_a_colon_is_accepted(run: Run, tmp_path: Path) -> None:
    path = write_plan_in(tmp_path, MINIMAL.format(text="制定计划").replace("status: ", "status:\t"))
    assert run("validate", "--plan", path)[0] == 0


def test_old_mac_line_ends_are_accepted(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "cr.yaml"
    path.write_bytes(SHIPPED.read_bytes().replace(b"\n", b"\r"))
    assert run("validate", "--plan", path) == (
        0,
        f"{path}:计划有效。4 个方面、28 条反馈意见、82 项整改措施。\n",
        "",
    )


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_line_separator_pasted_into_a_title_is_named_where_an_editor_shows_it(
    run: Run, tmp_path: Path, char: str
) -> None:
    """YAML reads U+2028 (copied from a web page), U+2029 and NEL as line breaks, so a title
    holding one broke the file with a syntax error a line below, at a place an editor does not
    show. Each is named, at its line and column counted by line feeds."""
    text = MINIMAL.format(text="制定计划").replace("学习贯彻", f"学习{char}贯彻")
    text = text.replace("制定计划", f"制定{char}计划")
    path = write_plan_in(tmp_path, text)
    line, col = next((n, row.index(char) + 1) for n, row in enumerate(text.split("\n"), 1)
                     if char in row)  # fmt: skip
    code, out, err = run("validate", "--plan", path)
    name = f"U+{ord(char):04X}"
    assert (code, out) == (4, "")
    assert err.startswith(
        f"{path}:{line}:{col}: 错误: 这里有一个看不见的换行符 {name}(常见于从网页或 Word "
        "复制的文字),YAML 会把它当作换行;请删除它。\n"
    )
    assert err.endswith("计划文件有 2 处错误。\n")
    assert err.count(name) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "title: x\nfindings: " + "[" * 100_000,
            "2:1010: 错误: YAML 格式错误:while increasing flow level exceeded maximum nesting "
            "depth",
        ),
        (
            "title: x\nfindings:\n" + "- " * 100_000 + "x\n",
            "3:1999: 错误: YAML 格式错误:while increasing block level exceeded maximum nesting "
            "depth",
        ),
    ],
    ids=["flow", "block"],
)
def test_deep_nesting_is_refused_quickly(run: Run, tmp_path: Path, text: str, message: str) -> None:
    path = write_plan_in(tmp_path, text)
    began = time.perf_counter()
    code, out, err = run("validate", "--plan", path)
    assert time.perf_counter() - began < 2
    assert (code, out, err) == (4, "", f"{path}:{message}\n计划文件有 1 处错误。\n")


# -- 50 MB ------------------------------------------------------------------------------------

MEASURED = """
import resource, sys, time
figures = sys.argv.pop(1)
began = time.monotonic()
from rectify_cli.cli import main
code = 0
try:
    main()
except SystemExit as e:
    code = e.code
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(figures, "w") as f:
    f.write(f"{code or 0} {time.monotonic() - began} {peak}")
"""


def measured(path: Path, *args: str, **env: str) -> tuple[int, str, str, float, int]:
    """`rectify ARGS` as a process: (exit code, stdout, stderr, seconds, peak memory in MB)."""
    figures = path.parent / "figures.txt"
    done = support.python(
        MEASURED, figures, *args, env=support.clean_env(NO_COLOR="1", **env), text=True,
        timeout=120, cwd=path.parent,
    )  # fmt: skip
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    code, seconds, kilobytes = figures.read_text().split()
    return int(code), done.stdout, done.stderr, float(seconds), int(kilobytes) // 1024


def fifty_mb(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.yaml"
    shipped = SHIPPED.read_text(encoding="utf-8")
    if kind == "one_line":  # a whole document pasted into one measure
        head, tail = shipped.split("对现有公交体制进行改革", 1)
        path.write_text(head + "整改" * (50 * MB // 6) + tail, encoding="utf-8")
    elif kind == "comments":  # a log pasted below the plan, as comments
        line = "# " + "整改日志" * 30 + "\n"
        path.write_text(shipped + line * (50 * MB // len(line.encode())), encoding="utf-8")
    elif kind == "garbage":
        path.write_bytes(random.Random(50).randbytes(50 * MB))
    else:  # cut off inside a quoted text that never ends
        path.write_text('title: x\nfindings: "' + "整改" * (50 * MB // 6), encoding="utf-8")
    assert path.stat().st_size >= 50 * MB
    return path


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "code", "message"),
    [
        ("one_line", 0, ""),
        ("comments", 0, ""),
        (
            "garbage",
            4,
            "{path}:1:2: 错误: 文件不是 UTF-8 编码的文本,应为 UTF-8。\n计划文件有 1 处错误。\n",
        ),
        (
            "unterminated",
            4,
            "{path}:2:11: 错误: YAML 格式错误:while scanning a quoted scalar found unexpected "
            "end of stream\n计划文件有 1 处错误。\n",
        ),
    ],
)
def test_fifty_megabytes_in_bounded_time_and_memory(
    tmp_path: Path, kind: str, code: int, message: str
) -> None:
    """Past the plan's size limit (40 MB) at once; with the limit raised, read in bounded time
    and memory."""
    path = fifty_mb(tmp_path, kind)
    got, out, err, seconds, megabytes = measured(path, "validate", "--plan", path.name)
    size = f"{path.stat().st_size / MB:.1f}".removesuffix(".0")
    assert (got, out, err) == (10, "", (
        f"{path.name} 有 {size} MB，超过计划文件的大小上限 40 MB，未读取。确需处理时，请用环境变量 "
        "RECTIFY_MAX_PLAN_MB 提高上限（例如 RECTIFY_MAX_PLAN_MB=200）。\n"
    ))  # fmt: skip
    assert seconds < 1
    args = ("validate", "--plan", path.name)
    got, out, err, seconds, megabytes = measured(path, *args, RECTIFY_MAX_PLAN_MB="64")
    assert (got, err) == (code, message.format(path=path.name))
    if code == 0:
        assert out == f"{path.name}:计划有效。4 个方面、28 条反馈意见、82 项整改措施。\n"
    print(f"\n50 MB {kind}: exit {got} in {seconds:.2f} s, {megabytes} MB")
    assert seconds < 15
    assert megabytes < 800


def test_reliability_doc_lists_every_bad_plan_and_its_message() -> None:
    """docs/reliability.md cannot drift from the corpus: every file, its place and message."""
    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    for path in bad_plans():
        first = (BAD / f"{path.stem}.expected").read_text(encoding="utf-8").splitlines()[1]
        where, _, message = first.partition(": ")
        place = where.rsplit(":", 2)[-2:]
        row = f"| `{path.stem}` |"
        assert row in doc, row
        line = doc[doc.index(row) :].split("\n", 1)[0]
        assert f"`{':'.join(place)}` {message.replace('|', chr(92) + '|')}" in line, line
