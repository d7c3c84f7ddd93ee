"""The genre's conventions, each on a small plan written here: numbering, separators,
single measures, results, parts, punctuation, title, marks."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from support import FIRST_ITEM, NOTICE_OPENING

Notice = Callable[..., str]

PLAN = f"""{NOTICE_OPENING}\
findings:
  heading: 反馈问题整改落实情况
{FIRST_ITEM}\
              separator: 。
              measures:
                - text: 制定年度学习计划
                - text: 每月开展一次集中学习
              results: 2024年3月,已完成学习计划修订。
            - title: 在学习形式单一方面
              separator: ;
              measures:
                - text: 开展专题研讨
                - text: 组织实地参观学习
                - text: 邀请专家授课
        - title: 学习成果转化不够
          items:
            - title: 在调研成果运用不足方面
              measures:
                - text: 建立调研成果转化机制
    - title: 长期整改问题
      items:
        - title: 在公交线路整合方面
          measures:
            - text: 持续推进线路整合
            - text: 定期通报整合进度
next_steps:
  heading: 下一步整改工作计划
  numbered: true
  paragraphs:
    - 持续巩固整改成果。
    - 建立健全长效机制。
closing: 欢迎广大干部群众对巡察整改落实情况进行监督。
editor: 办公室
"""

EXPECTED = """\
一、巡察整改工作组织推进情况
局党组召开专题会议研究整改工作。
二、反馈问题整改落实情况
(一)理论学习不够深入
1.学习制度落实不到位
(1)在学习计划不完善方面。一是制定年度学习计划。二是每月开展一次集中学习。2024年3月,已完成学习计划修订。
(2)在学习形式单一方面。一是开展专题研讨;二是组织实地参观学习;三是邀请专家授课。
2.学习成果转化不够
(1)在调研成果运用不足方面。建立调研成果转化机制。
(二)长期整改问题
1.在公交线路整合方面。一是持续推进线路整合。二是定期通报整合进度。
三、下一步整改工作计划
一是持续巩固整改成果。
二是建立健全长效机制。
欢迎广大干部群众对巡察整改落实情况进行监督。
责编:办公室"""


def edited(old: str, new: str, text: str = PLAN) -> str:
    """The plan with one exact, unique passage replaced."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def changed_lines(before: str, after: str) -> list[tuple[int, str, str]]:
    a, b = before.split("\n"), after.split("\n")
    assert len(a) == len(b)
    return [(n, x, y) for n, (x, y) in enumerate(zip(a, b, strict=True), 1) if x != y]


def test_report_small_plan_exact(notice: Notice) -> None:
    assert notice(PLAN) == EXPECTED


def test_report_changed_measure_changes_exactly_that_place(notice: Notice) -> None:
    after = notice(edited("每月开展一次集中学习", "每两周开展一次集中学习"))
    assert changed_lines(EXPECTED, after) == [
        (
            6,
            "(1)在学习计划不完善方面。一是制定年度学习计划。二是每月开展一次集中学习。"
            "2024年3月,已完成学习计划修订。",
            "(1)在学习计划不完善方面。一是制定年度学习计划。二是每两周开展一次集中学习。"
            "2024年3月,已完成学习计划修订。",
        )
    ]
    assert after == EXPECTED.replace("每月开展", "每两周开展")


def test_report_added_measure_numbering_follows(notice: Notice) -> None:
    after = notice(
        edited(
            "                - text: 邀请专家授课\n",
            "                - text: 邀请专家授课\n                - text: 建立学习台账\n",
        )
    )
    assert changed_lines(EXPECTED, after) == [
        (
            7,
            "(2)在学习形式单一方面。一是开展专题研讨;二是组织实地参观学习;三是邀请专家授课。",
            "(2)在学习形式单一方面。一是开展专题研讨;二是组织实地参观学习;三是邀请专家授课;"
            "四是建立学习台账。",
        )
    ]


def test_report_measures_past_ten(notice: Notice) -> None:
    measures = "".join(f"                - text: 措施{n}\n" for n in range(1, 23))
    plan = edited(
        "                - text: 开展专题研讨\n"
        "                - text: 组织实地参观学习\n"
        "                - text: 邀请专家授课\n",
        measures,
    )
    line = notice(plan).split("\n")[6]
    assert line == (
        "(2)在学习形式单一方面。一是措施1;二是措施2;三是措施3;四是措施4;五是措施5;六是措施6;"
        "七是措施7;八是措施8;九是措施9;十是措施10;十一是措施11;十二是措施12;十三是措施13;"
        "十四是措施14;十五是措施15;十六是措施16;十七是措施17;十八是措施18;十九是措施19;"
        "二十是措施20;二十一是措施21;二十二是措施22。"
    )


def item_yaml(n: int) -> str:
    return (
        f"            - title: 在第{n}条方面\n"
        "              measures:\n"
        "                - text: 措施\n"
    )


def problem_yaml(n: int, items: int) -> str:
    body = "".join(item_yaml(k) for k in range(1, items + 1))
    return f"        - title: 问题{n}\n          items:\n" + body


def category_yaml(n: int, problems: int, items: int) -> str:
    body = "".join(problem_yaml(k, items if k == problems else 1) for k in range(1, problems + 1))
    return f"    - title: 方面{n}\n      problems:\n" + body


def test_report_categories_problems_items_past_ten(notice: Notice) -> None:
    """The 11th category holds 11 problems; its 11th problem holds 12 items."""
    categories = "".join(category_yaml(n, 11 if n == 11 else 1, 12) for n in range(1, 13))
    plan = (
        "schema: 1\ntitle: 测试\nstyle:\n  show_title: false\n"
        "findings:\n  categories:\n" + categories
    )
    lines = notice(plan).split("\n")
    heads = [line for line in lines if line.startswith("(") and not line[1].isdigit()]
    assert heads == [f"({n})方面{i}" for i, n in enumerate(CN_1_TO_12, 1)]
    eleventh = lines[lines.index("(十一)方面11") + 1 : lines.index("(十二)方面12")]
    assert [line for line in eleventh if not line.startswith("(")] == [
        f"{n}.问题{n}" for n in range(1, 12)
    ]
    last = eleventh[eleventh.index("11.问题11") + 1 :]
    assert last == [f"({n})在第{n}条方面。措施。" for n in range(1, 13)]


CN_1_TO_12 = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]


def test_report_added_item_numbering_follows(notice: Notice) -> None:
    after = notice(
        edited(
            "                - text: 邀请专家授课\n",
            "                - text: 邀请专家授课\n"
            "            - title: 在学习考勤不严方面\n"
            "              measures:\n"
            "                - text: 建立考勤制度\n",
        )
    )
    lines = EXPECTED.split("\n")
    lines.insert(7, "(3)在学习考勤不严方面。建立考勤制度。")
    assert after == "\n".join(lines)


def test_report_removed_problem_renumbers_later_ones(notice: Notice) -> None:
    plan = edited(
        "        - title: 学习制度落实不到位\n"
        "          items:\n"
        "            - title: 在学习计划不完善方面\n"
        "              separator: 。\n"
        "              measures:\n"
        "                - text: 制定年度学习计划\n"
        "                - text: 每月开展一次集中学习\n"
        "              results: 2024年3月,已完成学习计划修订。\n"
        "            - title: 在学习形式单一方面\n"
        "              separator: ;\n"
        "              measures:\n"
        "                - text: 开展专题研讨\n"
        "                - text: 组织实地参观学习\n"
        "                - text: 邀请专家授课\n",
        "",
    )
    lines = notice(plan).split("\n")
    assert lines[3:7] == [
        "(一)理论学习不够深入",
        "1.学习成果转化不够",
        "(1)在调研成果运用不足方面。建立调研成果转化机制。",
        "(二)长期整改问题",
    ]


def test_report_removed_category_renumbers_later_ones(notice: Notice) -> None:
    start = PLAN.index("    - title: 理论学习不够深入")
    end = PLAN.index("    - title: 长期整改问题")
    lines = notice(PLAN[:start] + PLAN[end:]).split("\n")
    assert lines[3:5] == [
        "(一)长期整改问题",
        "1.在公交线路整合方面。一是持续推进线路整合。二是定期通报整合进度。",
    ]


def test_report_single_measure_has_no_enumerator(notice: Notice) -> None:
    line = notice(PLAN).split("\n")[8]
    assert line == "(1)在调研成果运用不足方面。建立调研成果转化机制。"
    assert "一是" not in line


@pytest.mark.parametrize(
    ("separator", "expected"),
    [
        ("。", "一是开展专题研讨。二是组织实地参观学习。三是邀请专家授课。"),
        (";", "一是开展专题研讨;二是组织实地参观学习;三是邀请专家授课。"),
        ("；", "一是开展专题研讨；二是组织实地参观学习；三是邀请专家授课。"),
    ],
)
def test_report_separator_per_item_last_measure_ends_with_full_stop(
    notice: Notice, separator: str, expected: str
) -> None:
    lines = notice(edited("separator: ;", f"separator: {separator}")).split("\n")
    assert lines[6] == "(2)在学习形式单一方面。" + expected
    # the other item keeps its own separator
    assert lines[5].startswith("(1)在学习计划不完善方面。一是制定年度学习计划。二是")


def test_report_measure_trailing_punctuation_never_doubled(notice: Notice) -> None:
    plan = edited("- text: 制定年度学习计划", "- text: 制定年度学习计划。")
    plan = edited("- text: 每月开展一次集中学习", "- text: 每月开展一次集中学习。", plan)
    plan = edited("- text: 开展专题研讨", "- text: 开展专题研讨;", plan)
    plan = edited("- text: 邀请专家授课", "- text: 邀请专家授课。", plan)
    plan = edited("- text: 建立调研成果转化机制", "- text: 建立调研成果转化机制。", plan)
    plan = edited("- title: 在公交线路整合方面", "- title: 在公交线路整合方面。", plan)
    assert notice(plan) == EXPECTED


def test_report_measure_ending_with_exclamation_gets_no_full_stop(notice: Notice) -> None:
    """A measure that ends its own sentence (！ ？) takes neither 。 nor the separator."""
    plan = edited("- text: 组织实地参观学习", "- text: 组织实地参观学习，坚决杜绝走过场！")
    plan = edited("- text: 邀请专家授课", "- text: 邀请专家授课?", plan)
    plan = edited("- text: 建立调研成果转化机制", "- text: 建立调研成果转化机制！", plan)
    lines = notice(plan).split("\n")
    assert lines[6] == (
        "(2)在学习形式单一方面。一是开展专题研讨;二是组织实地参观学习，坚决杜绝走过场！"
        "三是邀请专家授课?"
    )
    assert lines[8] == "(1)在调研成果运用不足方面。建立调研成果转化机制！"


def test_report_multi_sentence_measure_keeps_its_sentences(notice: Notice) -> None:
    plan = edited("- text: 组织实地参观学习", "- text: 组织实地参观学习。严格落实学习考勤")
    line = notice(plan).split("\n")[6]
    assert line == (
        "(2)在学习形式单一方面。一是开展专题研讨;二是组织实地参观学习。严格落实学习考勤;"
        "三是邀请专家授课。"
    )


def test_report_results_follow_the_measures(notice: Notice) -> None:
    line = notice(PLAN).split("\n")[5]
    measures_end = line.index("二是每月开展一次集中学习。") + len("二是每月开展一次集中学习。")
    assert line[measures_end:] == "2024年3月,已完成学习计划修订。"
    # results on a single-measure item and under a category follow the measures too
    plan = edited(
        "                - text: 建立调研成果转化机制\n",
        "                - text: 建立调研成果转化机制\n              results: 已建立机制。\n",
    )
    plan = edited(
        "            - text: 定期通报整合进度\n",
        "            - text: 定期通报整合进度\n          results: 已整合12条线路。\n",
        plan,
    )
    lines = notice(plan).split("\n")
    assert lines[8] == "(1)在调研成果运用不足方面。建立调研成果转化机制。已建立机制。"
    assert (
        lines[10]
        == "1.在公交线路整合方面。一是持续推进线路整合。二是定期通报整合进度。已整合12条线路。"
    )


def test_report_next_steps_numbered(notice: Notice) -> None:
    assert notice(PLAN).split("\n")[12:14] == ["一是持续巩固整改成果。", "二是建立健全长效机制。"]


def test_report_next_steps_plain_when_not_numbered(notice: Notice) -> None:
    lines = notice(edited("numbered: true", "numbered: false")).split("\n")
    assert lines[11:14] == ["三、下一步整改工作计划", "持续巩固整改成果。", "建立健全长效机制。"]
    lines = notice(edited("  numbered: true\n", "")).split("\n")
    assert lines[12:14] == ["持续巩固整改成果。", "建立健全长效机制。"]


def test_report_parts_numbered_by_the_parts_present(notice: Notice) -> None:
    no_intro = edited(
        "intro:\n"
        "  heading: 巡察整改工作组织推进情况\n"
        "  paragraphs:\n"
        "    - 局党组召开专题会议研究整改工作。\n",
        "",
    )
    lines = notice(no_intro).split("\n")
    assert lines[0] == "一、反馈问题整改落实情况"
    assert "二、下一步整改工作计划" in lines
    assert not any(line.startswith("三、") for line in lines)

    start = PLAN.index("next_steps:")
    end = PLAN.index("closing:")
    lines = notice(PLAN[:start] + PLAN[end:]).split("\n")
    assert [line for line in lines if line[1:2] == "、"] == [
        "一、巡察整改工作组织推进情况",
        "二、反馈问题整改落实情况",
    ]
    assert lines[-2:] == ["欢迎广大干部群众对巡察整改落实情况进行监督。", "责编:办公室"]


def test_report_findings_heading_default(notice: Notice) -> None:
    lines = notice(edited("  heading: 反馈问题整改落实情况\n", "")).split("\n")
    assert lines[2] == "二、反馈问题整改落实情况"


def test_report_items_under_category_print_as_arabic(notice: Notice) -> None:
    lines = notice(PLAN).split("\n")
    assert lines[9:11] == [
        "(二)长期整改问题",
        "1.在公交线路整合方面。一是持续推进线路整合。二是定期通报整合进度。",
    ]


def test_report_full_width_punctuation_style(notice: Notice) -> None:
    plan = edited(
        "style:\n  show_title: false\n",
        "style:\n  punctuation: full\n  show_title: false\n",
        STATUS_PLAN,
    )
    out = notice(plan, "--stats", "--as-of", "2024-06-30")
    assert out == (
        "一、巡察整改工作组织推进情况\n"
        "局党组召开专题会议研究整改工作。\n"
        "截至2024年6月30日，巡察反馈的4条意见已完成整改1条、正在整改1条、尚未开始1条、"
        "长期坚持1条，整改完成率25%。\n"
        "二、反馈问题整改落实情况\n"
        "（一）理论学习不够深入\n"
        "1.学习制度落实不到位\n"
        "（1）在学习计划不完善方面。一是制定年度学习计划。二是每月开展一次集中学习。"
        "2024年3月,已完成学习计划修订。\n"
        "（2）在学习形式单一方面。一是开展专题研讨;二是组织实地参观学习;三是邀请专家授课。\n"
        "2.学习成果转化不够\n"
        "（1）在调研成果运用不足方面。建立调研成果转化机制。\n"
        "（二）长期整改问题\n"
        "1.在公交线路整合方面。一是持续推进线路整合。二是定期通报整合进度。\n"
        "三、下一步整改工作计划\n"
        "一是持续巩固整改成果。\n"
        "二是建立健全长效机制。\n"
        "欢迎广大干部群众对巡察整改落实情况进行监督。\n"
        "责编：办公室"
    )


def test_report_half_width_punctuation_is_the_default(notice: Notice) -> None:
    explicit = edited("style:\n", "style:\n  punctuation: half\n")
    assert notice(explicit) == notice(PLAN) == EXPECTED


def test_report_show_title_prints_the_title_first(notice: Notice) -> None:
    title = "测试局关于巡察反馈意见整改情况的通报"
    assert notice(edited("show_title: false", "show_title: true")) == title + "\n" + EXPECTED
    # no style at all: the title is shown (the default)
    assert notice(edited("style:\n  show_title: false\n", "")) == title + "\n" + EXPECTED


STATUS_PLAN = edited(
    "                - text: 制定年度学习计划\n                - text: 每月开展一次集中学习\n",
    "                - text: 制定年度学习计划\n"
    "                  status: done\n"
    "                  done_on: 2024-03-01\n"
    "                - text: 每月开展一次集中学习\n"
    "                  status: 已完成\n"
    "                  done_on: 2024-05-20\n",
)
STATUS_PLAN = edited(
    "                - text: 开展专题研讨\n",
    "                - text: 开展专题研讨\n                  status: done\n"
    "                  done_on: 2024-03-01\n",
    STATUS_PLAN,
)
STATUS_PLAN = edited(
    "          measures:\n            - text: 持续推进线路整合\n",
    "          status: 长期坚持\n          measures:\n            - text: 持续推进线路整合\n",
    STATUS_PLAN,
)


def test_report_marks_append_item_status(notice: Notice) -> None:
    lines = notice(STATUS_PLAN, "--marks", "--as-of", "2024-06-30").split("\n")
    assert [line for line in lines if line.endswith(")") and "方面。" in line] == [
        "(1)在学习计划不完善方面。一是制定年度学习计划。二是每月开展一次集中学习。"
        "2024年3月,已完成学习计划修订。(已完成)",
        "(2)在学习形式单一方面。一是开展专题研讨;二是组织实地参观学习;三是邀请专家授课。(正在整改)",
        "(1)在调研成果运用不足方面。建立调研成果转化机制。(未开始)",
        "1.在公交线路整合方面。一是持续推进线路整合。二是定期通报整合进度。(长期坚持)",
    ]
    # without --marks nothing is added
    assert notice(STATUS_PLAN, "--as-of", "2024-06-30") == EXPECTED


def test_report_marks_as_of_before_done_on_is_in_progress(notice: Notice) -> None:
    lines = notice(STATUS_PLAN, "--marks", "--as-of", "2024-05-19").split("\n")
    assert lines[5].endswith("2024年3月,已完成学习计划修订。(正在整改)")
    lines = notice(STATUS_PLAN, "--marks", "--as-of", "2024-05-20").split("\n")
    assert lines[5].endswith("2024年3月,已完成学习计划修订。(已完成)")
