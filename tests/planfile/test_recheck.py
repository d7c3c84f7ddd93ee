"""An edit is checked from the edited items' lines alone only where their shape makes that
reading the same as in place (recheck.py); elsewhere the whole edited text is read. Either way
the file written is the same, and the check agrees with a whole read (cross_checked)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest
from support import CACHE, COLD

PLAN = """\
title: 测试
findings:
  categories:
    - title: 方面
      items:
        - title: {title}
          measures:
            - text: {text}
              status: doing
{more}\
        - title: 第二条意见
          measures:
            - text: 已完成但没有日期
              status: done
"""
DONE = (
    "              status: done\n              done_on: 2024-05-01\n              done_by: 王芳\n"
)
# name: (title, text, more lines of the first item, whether its lines alone tell)
SHAPES = {
    "plain": ("意见", "措施", "", True),
    "comment_at_column_0": ("意见", "措施", "# 整行注释\n", True),
    "deeper_comment_after": ("意见", "措施", "                      # 注释\n\n", True),
    "block_scalar": (
        "意见",
        "措施",
        "          results: |\n            多行\n            成效\n",
        True,
    ),
    "flow_notes": ("意见", "措施", "              notes: [{date: 2024-01-01, text: 进展}]\n", True),
    # a quoted title that goes on at column 2: inside a quote YAML does not look at indentation
    "quote_goes_on_left": ('"意见\n  续行"', "措施", "", False),
    "tag": ("意见", "!!str 措施", "", False),
    "star": ("意见", "措施 *重点*", "", False),  # an alias, for all this module looks at
}

Cross = Callable[[], contextlib.AbstractContextManager[list[bool]]]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("cache", CACHE)
def test_edit_checked_from_its_lines_where_their_shape_allows(
    run: Callable[..., tuple[int, str, str]],
    write_plan: Callable[..., Path],
    cross_checked: Cross,
    shape: str,
    cache: str,
) -> None:
    title, text, more, alone = SHAPES[shape]
    source = PLAN.format(title=title, text=text, more=more)
    plan = write_plan(source)
    env = CACHE[cache]
    if cache == "warm":
        assert run("validate", "--plan", plan, env=env)[0] == 0
    with cross_checked() as told:
        code, _out, err = run("done", "1.1.1", "--on", "2024-05-01", "--by", "王芳",
                              "--plan", plan, env=env)  # fmt: skip
    assert (code, err) == (0, "")
    assert told == [alone]
    first = source.index("              status: doing\n")
    expected = source[:first] + DONE + source[first + len("              status: doing\n") :]
    assert plan.read_text(encoding="utf-8") == expected


def test_warnings_after_an_edit_keep_their_lines(
    run: Callable[..., tuple[int, str, str]], write_plan: Callable[..., Path]
) -> None:
    """The cache written by an edit holds the warnings of the edited text: the ones after the
    edited item moved down by the lines it gained, as a whole read finds them."""
    plan = write_plan(PLAN.format(title="意见", text="措施", more=""))
    warning = "{}:{}:23: 警告: 已完成的措施没有完成时间 done_on。\n"
    assert run("validate", "--plan", plan)[2] == warning.format(plan, 13)
    code, _out, err = run("done", "1.1.1", "--on", "2024-05-01", "--plan", plan)
    assert (code, err) == (0, "")
    assert run("validate", "--plan", plan)[2] == warning.format(plan, 15)  # the edit's cache
    assert run("validate", "--plan", plan, env=COLD)[2] == warning.format(plan, 15)


def test_item_whose_lines_reach_into_the_edited_one_is_read_whole(
    run: Callable[..., tuple[int, str, str]],
    write_plan: Callable[..., Path],
    cross_checked: Cross,
) -> None:
    """`? results` with no value ends where the next item starts (libyaml's mark): item 1.1's
    span reaches into 1.2's first line, so an edit of 1.2 is read whole, and the layout kept
    is the one a whole read gives (found by review)."""
    text = (
        "title: t\nfindings:\n  categories:\n    - title: c\n      items:\n"
        "        - title: a\n          measures:\n            - text: m\n          ? results\n"
        "        - owner: 张三\n          title: b\n          measures:\n            - text: n\n"
    )
    plan = write_plan(text)
    assert run("validate", "--plan", plan)[0] == 0
    with cross_checked() as told:
        code, _out, err = run("set", "1.2", "--owner", "王小二麻子", "--plan", plan)
    assert (code, err) == (0, "")
    assert told == [False]
    assert plan.read_text(encoding="utf-8") == text.replace("张三", "王小二麻子")
