"""Synthetic plans of a given number of measures, shaped like real ones.

    python bench/generate.py 10000 > plan.yaml

Categories → problems → items → three measures each, with Chinese text of realistic lengths,
owners, departments and deadlines on items, and progress notes on some measures.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta

PHRASES = (
    "组织党员干部深入学习", "完善工作制度和流程", "加强督促检查", "落实主体责任",
    "建立健全长效机制", "开展专项整治", "提高工作质量", "规范审批程序",
    "强化廉政风险防控", "召开专题会议研究部署", "细化任务分工", "定期通报整改进展",
)  # fmt: skip
OWNERS = ("张局长", "李副局长", "王副局长", "赵书记")
DEPTS = ("办公室", "组织人事科", "财务科", "审批科", "执法大队", "规划科")
STATUSES = ("正在整改", "已完成", "未开始", "长期坚持")


def sentence(rng: random.Random, words: int) -> str:
    return ",".join(rng.choice(PHRASES) for _ in range(words))


def generate(measures: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    per_item = 3
    items = max(1, measures // per_item)
    categories = min(9, max(1, items // 40))
    problems_per = max(1, min(9, items // (categories * 4)))
    per_problem = -(-items // (categories * problems_per))
    start = date(2024, 1, 1)
    out = [
        "# 基准测试用的合成计划",
        "schema: 1",
        "title: 关于巡察反馈意见整改情况的通报",
        "unit: 某某局",
        f"declared_items: {items}",
        "intro:",
        "  heading: 巡察整改工作组织推进情况",
        "  paragraphs:",
        f"    - {sentence(rng, 12)}。",
        "findings:",
        "  heading: 反馈问题整改落实情况",
        "  categories:",
    ]
    made = 0
    for _c in range(categories):
        out += [f"    - title: {sentence(rng, 3)}", "      problems:"]
        for _p in range(problems_per):
            if made >= items:
                break
            out += [f"        - title: {sentence(rng, 3)}", "          items:"]
            for _ in range(per_problem):
                if made >= items:
                    break
                made += 1
                due = start + timedelta(days=rng.randrange(400))
                out += [
                    f"            - title: 在{rng.choice(PHRASES)}不够到位方面",
                    "              separator: ;"
                    if rng.random() < 0.5
                    else "              separator: 。",
                    f"              owner: {rng.choice(OWNERS)}",
                    f"              dept: {rng.choice(DEPTS)}",
                    f"              due: {due.isoformat()}",
                    "              measures:",
                ]
                for _ in range(per_item):
                    status = rng.choices(STATUSES, (6, 3, 1, 1))[0]
                    out += [
                        f"                - text: {sentence(rng, 5)}",
                        f"                  status: {status}",
                    ]
                    if status == "已完成":
                        done = due - timedelta(days=rng.randrange(60))
                        out += [
                            f"                  done_on: {done.isoformat()}",
                            "                  done_by: 王芳",
                        ]
                    if rng.random() < 0.2:
                        out += [
                            "                  notes:",
                            f"                    - date: {(due - timedelta(days=30)).isoformat()}",
                            f"                      text: {sentence(rng, 2)}",
                            "                      evidence: 会议纪要.pdf",
                        ]
        if made >= items:
            break
    out += [
        "next_steps:",
        "  heading: 下一步整改工作计划",
        "  numbered: true",
        "  paragraphs:",
        f"    - {sentence(rng, 8)}。",
        "closing: 欢迎广大干部群众对巡察整改落实情况进行监督。",
        "editor: 办公室",
    ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1])))
