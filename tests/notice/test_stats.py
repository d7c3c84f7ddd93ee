"""The statistics sentence (`--stats --as-of`): its place, its words, its numbers, which equal
the ledger's (`rectify status --json`) to the item."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import FIRST_ITEM, NOTICE_OPENING, SHIPPED

Cli = Callable[..., Any]
Notice = Callable[..., str]

# A: both measures done (03-01, 04-10) · B: one of two done · C: its one measure done 06-20 ·
# D: long-term.
PLAN = f"""{NOTICE_OPENING}\
    - 制定整改方案,逐项分解任务。
findings:
{FIRST_ITEM}\
              measures:
                - text: 制定年度学习计划
                  status: done
                  done_on: 2024-03-01
                - text: 每月开展一次集中学习
                  status: 已完成
                  done_on: 2024-04-10
            - title: 在学习形式单一方面
              measures:
                - text: 开展专题研讨
                  status: done
                  done_on: 2024-03-15
                - text: 组织实地参观学习
                  status: doing
        - title: 学习成果转化不够
          items:
            - title: 在调研成果运用不足方面
              measures:
                - text: 建立调研成果转化机制
                  status: done
                  done_on: 2024-06-20
    - title: 长期整改问题
      items:
        - title: 在公交线路整合方面
          status: ongoing
          measures:
            - text: 持续推进线路整合
            - text: 定期通报整合进度
"""

TODO_ITEM = """\
        - title: 在出租车市场整合方面
          measures:
            - text: 制定整合方案
"""

SENTENCE = re.compile(
    r"截至(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日,巡察反馈的(?P<total>\d+)条意见"
    r"已完成整改(?P<done>\d+)条、正在整改(?P<doing>\d+)条(?:、尚未开始(?P<todo>\d+)条)?"
    r"(?:、长期坚持(?P<ongoing>\d+)条)?,整改完成率(?P<rate>\d+(?:\.\d{1,2})?)%。"
)


def stats_line(notice: Notice, plan: str, day: str) -> str:
    lines = notice(plan, "--stats", "--as-of", day).split("\n")
    found = [line for line in lines if line.startswith("截至")]
    assert len(found) == 1
    return found[0]


def test_report_stats_sentence_after_the_introduction(notice: Notice) -> None:
    lines = notice(PLAN, "--stats", "--as-of", "2024-06-30").split("\n")
    assert lines[:5] == [
        "一、巡察整改工作组织推进情况",
        "局党组召开专题会议研究整改工作。",
        "制定整改方案,逐项分解任务。",
        "截至2024年6月30日,巡察反馈的4条意见已完成整改2条、正在整改1条、长期坚持1条,"
        "整改完成率50%。",
        "二、反馈问题整改落实情况",
    ]
    # the rest of the notice is as without --stats
    assert notice(PLAN, "--as-of", "2024-06-30").split("\n") == lines[:3] + lines[4:]


def test_report_stats_off_by_default(notice: Notice) -> None:
    assert "截至" not in notice(PLAN, "--as-of", "2024-06-30")
    assert "截至" not in notice(PLAN, "--stats", "--no-stats", "--as-of", "2024-06-30")


def test_report_stats_without_intro_comes_first(notice: Notice) -> None:
    start, end = PLAN.index("intro:"), PLAN.index("findings:")
    lines = notice(PLAN[:start] + PLAN[end:], "--stats", "--as-of", "2024-06-30").split("\n")
    assert lines[0].startswith("截至2024年6月30日,巡察反馈的4条意见")
    assert lines[1] == "一、反馈问题整改落实情况"


@pytest.mark.parametrize(
    ("day", "sentence"),
    [
        (
            "2024-06-30",
            "截至2024年6月30日,巡察反馈的4条意见已完成整改2条、正在整改1条、长期坚持1条,"
            "整改完成率50%。",
        ),
        # C's measure was done on 06-20: the day before, C was in progress
        (
            "2024-06-19",
            "截至2024年6月19日,巡察反馈的4条意见已完成整改1条、正在整改2条、长期坚持1条,"
            "整改完成率25%。",
        ),
        (
            "2024-06-20",
            "截至2024年6月20日,巡察反馈的4条意见已完成整改2条、正在整改1条、长期坚持1条,"
            "整改完成率50%。",
        ),
        # A's second measure was done on 04-10: before it, A was in progress too
        (
            "2024-04-09",
            "截至2024年4月9日,巡察反馈的4条意见已完成整改0条、正在整改3条、长期坚持1条,"
            "整改完成率0%。",
        ),
    ],
)
def test_report_stats_as_of_counts_later_done_as_in_progress(
    notice: Notice, day: str, sentence: str
) -> None:
    assert stats_line(notice, PLAN, day) == sentence


def test_report_stats_as_of_shows_every_measure_done_later_as_in_progress(
    notice: Notice,
) -> None:
    """Before the first done_on nothing counts as done, not even the measure done 03-01:
    `--as-of` is a day in the past, not a filter on items."""
    assert stats_line(notice, PLAN, "2024-02-29") == (
        "截至2024年2月29日,巡察反馈的4条意见已完成整改0条、正在整改3条、长期坚持1条,整改完成率0%。"
    )


def test_report_stats_rate_counts_fully_completed_items_only(notice: Notice) -> None:
    """B has one of its two measures done and D is long-term: neither counts. 1 of 3 = 33.33%."""
    start, end = (
        PLAN.index("        - title: 学习成果转化不够"),
        PLAN.index("    - title: 长期整改问题"),
    )
    plan = PLAN[:start] + PLAN[end:]
    assert stats_line(notice, plan, "2024-06-30") == (
        "截至2024年6月30日,巡察反馈的3条意见已完成整改1条、正在整改1条、长期坚持1条,"
        "整改完成率33.33%。"
    )


def test_report_stats_names_items_not_started(notice: Notice) -> None:
    assert stats_line(notice, PLAN + TODO_ITEM, "2024-06-30") == (
        "截至2024年6月30日,巡察反馈的5条意见已完成整改2条、正在整改1条、尚未开始1条、"
        "长期坚持1条,整改完成率40%。"
    )


def test_report_stats_omits_long_term_when_there_is_none(notice: Notice) -> None:
    plan = PLAN.replace("          status: ongoing\n", "          status: done\n")
    assert stats_line(notice, plan, "2024-06-30") == (
        "截至2024年6月30日,巡察反馈的4条意见已完成整改3条、正在整改1条,整改完成率75%。"
    )


def test_report_stats_all_done_is_one_hundred_percent(notice: Notice) -> None:
    plan = PLAN.replace("          status: ongoing\n", "          status: done\n").replace(
        "status: doing", "status: done"
    )
    assert stats_line(notice, plan, "2024-06-30") == (
        "截至2024年6月30日,巡察反馈的4条意见已完成整改4条、正在整改0条,整改完成率100%。"
    )


@pytest.mark.parametrize("extra", ["", TODO_ITEM])
@pytest.mark.parametrize("day", ["2024-06-20", "2024-06-30", "2025-01-01"])
def test_report_stats_equal_the_status_json_counts(
    cli: Cli, write_plan: Callable[..., Path], notice: Notice, day: str, extra: str
) -> None:
    """On days after every done_on, the sentence and `rectify status --json` agree."""
    plan = PLAN + extra
    match = SENTENCE.fullmatch(stats_line(notice, plan, day))
    assert match is not None
    result = cli("status", "--json", "--today", day, "--plan", str(write_plan(plan)))
    assert result.code == 0, result.err
    counts = json.loads(result.out)["plan"]["counts"]
    items = counts["items"]
    assert int(match["total"]) == items["total"]
    assert int(match["done"]) == items["done"]
    assert int(match["doing"]) == items["doing"]
    assert int(match["todo"] or 0) == items["todo"]
    assert int(match["ongoing"] or 0) == items["ongoing"]
    assert float(match["rate"]) == counts["rate"]
    year, month, dd = (int(x) for x in day.split("-"))
    assert (int(match["y"]), int(match["m"]), int(match["d"])) == (year, month, dd)


def test_report_stats_seed_sentence(cli: Cli) -> None:
    result = cli("report", "--plan", str(SHIPPED), "--stats", "--as-of", "2022-05-31")
    assert result.code == 0, result.err
    lines = result.out.split("\n")
    assert lines[2] == (
        "截至2022年5月31日,巡察反馈的28条意见已完成整改0条、正在整改25条、长期坚持3条,"
        "整改完成率0%。"
    )
    assert lines[3] == "二、反馈问题整改落实情况"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_stats_in_markdown_and_html(
    cli: Cli, write_plan: Callable[..., Path], fmt: str
) -> None:
    path = write_plan(PLAN)
    result = cli("report", "-f", fmt, "--plan", str(path), "--stats", "--as-of", "2024-06-30")
    assert result.code == 0, result.err
    sentence = (
        "截至2024年6月30日,巡察反馈的4条意见已完成整改2条、正在整改1条、长期坚持1条,整改完成率50%。"
    )
    if fmt == "md":
        assert f"\n\n{sentence}\n\n## 二、反馈问题整改落实情况\n\n" in result.out
    else:
        assert f'<p class="stats">{sentence}</p>\n<h2 class="part">二、' in result.out


def test_report_stats_bad_date_is_a_usage_error(cli: Cli, write_plan: Callable[..., Path]) -> None:
    result = cli("report", "--plan", str(write_plan(PLAN)), "--stats", "--as-of", "2024-02-30")
    assert result.code == 2
    assert result.out == ""
    assert result.err == "日期“2024-02-30”无效,应为 YYYY-MM-DD。\n"
