"""The long tables' writer (views/grid.py): Chinese line breaking, widths, indents kept."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from rectify_cli.views.grid import Cell, Column, Grid, width_of, wrap


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("短标题", 10, ["短标题"]),
        # no line starts with a closing mark: the character before it moves down too
        ("一二三四五六七八九。十一", 18, ["一二三四五六七八", "九。十一"]),
        ("学习贯彻，落实到位", 8, ["学习贯", "彻，落实", "到位"]),
        # no line ends with an opening mark
        ("规划（2021年）目标", 8, ["规划", "（2021", "年）目标"]),
        # a date is not cut where it fits on a line of its own
        ("在2025-03-31前完成（第一批）", 12, ["在2025-03-31", "前完成（第一", "批）"]),
        ("完成于2025-03-31", 12, ["完成于", "2025-03-31"]),
        # a run longer than a line is cut, as a CJK run is
        ("abc def ghijklmnop qrstuv", 8, ["abc def", "ghijklmn", "op", "qrstuv"]),
    ],
)
def test_wrap(text: str, width: int, lines: list[str]) -> None:
    assert wrap(text, width) == lines
    assert all(width_of(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def grid(rows: list[tuple[Cell, ...]]) -> Grid:
    columns = [Column("编号"), Column("内容", wrap=True), Column("状态"), Column("责任", most=4)]
    return Grid(columns, lambda: iter(rows))


def written(g: Grid, width: int) -> str:
    out = io.StringIO()
    g.write(Console(file=out, width=width, color_system=None))
    return out.getvalue()


def test_grid_keeps_the_indent_on_wrapped_lines_and_ends_lines_without_spaces() -> None:
    rows = [
        (Cell("1"), Cell("学习贯彻不够深入"), Cell("整改中"), Cell("")),
        (
            Cell("1.1"),
            Cell("理论学习不够系统，缺乏针对性", indent=2),
            Cell("已完成"),
            Cell("张局长副"),
        ),
        (Cell("1.1.1"), Cell("制定计划", indent=4), Cell("未开始"), Cell("王副局长办公室")),
    ]
    assert written(grid(rows), 40).replace(" ", "·") == (
        "·编号····内容··············状态·····责任\n"
        "·───────────────────────────────────────\n"
        "·1·······学习贯彻不够深····整改中\n"
        "·········入\n"
        "·1.1·······理论学习不够····已完成···张局\n"
        "···········系统，缺乏针·············长副\n"
        "···········对性\n"
        "·1.1.1·······制定计划······未开始···王副\n"
        "····································局长\n"
        "····································办公\n"
        "····································室\n"
    )


def test_grid_colours_only_a_colour_console() -> None:
    rows = [(Cell("1"), Cell("标题", "bold"), Cell("已完成", "green"), Cell(""))]
    out = io.StringIO()
    grid(rows).write(Console(file=out, width=40, color_system="standard", force_terminal=True))
    assert "\x1b[32m已完成\x1b[0m" in out.getvalue()
    assert "\x1b" not in written(grid(rows), 40)
