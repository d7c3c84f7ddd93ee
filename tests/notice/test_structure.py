"""Classifying a notice's lines: exact bytes kept, markers of every width told apart, and the
head and tail roles of every notice of the corpus (tests/notice/corpus/, MANIFEST.md there)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import support

from rectify_cli.model import statistics
from rectify_cli.model.plan import Status
from rectify_cli.notice import statuses
from rectify_cli.notice.findings import depth, findings, items
from rectify_cli.notice.lines import classify, split
from rectify_cli.notice.outline import outline

CORPUS, NOTICES, variants = support.CORPUS, support.NOTICES, support.variants
TAIL = ("closing", "contact", "signature", "date", "editor")


def test_the_corpus_is_there() -> None:
    assert len(NOTICES) >= 30


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.stem)
def test_lines_join_back_to_the_exact_text(path: Path) -> None:
    for name, text in variants(path.read_bytes().decode("utf-8")).items():
        lines = classify(text)
        assert "".join(line.indent + line.text + line.end for line in lines) == text, name
        assert [line.number for line in lines] == list(range(1, len(lines) + 1))


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.stem)
def test_head_and_tail_roles_are_those_of_the_notice(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))
    for name, text in variants(path.read_bytes().decode("utf-8")).items():
        lines = classify(text)
        tail: list[str] = []
        for line in lines:
            roles = [line.kind] if line.kind in TAIL else []
            if line.kind == "closing" and line.has_contact:
                roles.append("contact")
            tail += [r for r in roles if not tail or tail[-1] != r]
        kinds = {line.kind for line in lines}
        assert {
            "title": "title" in kinds,
            "docno": "docno" in kinds,
            "addressee": "addressee" in kinds,
            "tail": tail,
        } == {key: expected[key] for key in ("title", "docno", "addressee", "tail")}, name


@pytest.mark.parametrize(
    ("line", "kind", "marker", "value", "style"),
    [
        ("一、整改工作开展情况", "part", "一、", 1, "{cn}、"),
        ("十一、其他", "part", "十一、", 11, "{cn}、"),
        ("(一)提高政治站位。医院党委…", "paren_cn", "(一)", 1, "({cn})"),
        ("（二十三）加强督导", "paren_cn", "（二十三）", 23, "（{cn}）"),
        ("(三）混排的括号", "paren_cn", "(三）", 3, "({cn}）"),
        ("1.交通先行作用不够突出", "arabic", "1.", 1, "{n}."),
        ("12．干部教育培训", "arabic", "12．", 12, "{n}．"),
        ("3、问题", "arabic", "3、", 3, "{n}、"),
        ("(1)在…方面。一是…", "paren_arabic", "(1)", 1, "({n})"),
        ("（10）巡河质量不高", "paren_arabic", "（10）", 10, "（{n}）"),
        ("⑫水质检测", "circled", "⑫", 12, "{circled}"),
        ("十一是严格执行制度。", "shi", "十一是", 11, "{cn}是"),
        ("反馈问题一：议事规则不够清晰", "label", "反馈问题一：", 1, "反馈问题{cn}："),
        ("问题3:档案管理不规范", "label", "问题3:", 3, "问题{n}:"),
        ("整改情况：一是修订…", "body", "整改情况：", None, "整改情况："),
        ("整改落实情况:一是…", "body", "整改落实情况:", None, "整改落实情况:"),
    ],
)
def test_a_marker_of_any_width_is_told_with_its_number_and_style(
    line: str, kind: str, marker: str, value: int | None, style: str
) -> None:
    (found,) = classify(line)
    assert (found.kind, found.marker, found.value, found.style) == (kind, marker, value, style)
    assert found.marker + found.rest == line


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("2021年11月,金普新区被命名为…", "text"),  # a year is not a 2021. marker
        ("2.5亿元资金已拨付到位。", "text"),  # nor is a decimal
        ("一是否定的意见也要听。", "text"),  # 是否 is not 一是
        ("2024年9月30日", "date"),
        ("二〇二四年九月三十日", "date"),
        ("责编：交通运输局", "editor"),
        ("截至目前,巡察反馈25个问题,已完成整改19个、正在整改6个,整改完成率76%。", "statistics"),
    ],
)
def test_what_looks_like_a_marker_but_is_not(line: str, kind: str) -> None:
    assert [line.kind for line in classify(line)] == [kind]


def test_split_keeps_every_line_end() -> None:
    assert split("a\r\nb\nc\rd") == [("a", "\r\n"), ("b", "\n"), ("c", "\r"), ("d", "")]
    assert split("a\n") == [("a", "\n")]
    assert split("") == []


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.stem)
def test_parts_and_their_roles_are_those_of_the_notice(path: Path) -> None:
    """The findings part is found by what it holds, wherever it stands; each part's heading is
    the text after its 一、, and a notice without parts is one part without a heading."""
    expected = json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))
    for name, text in variants(path.read_bytes().decode("utf-8")).items():
        found = outline(classify(text))
        parts = [
            {"heading": p.heading.rest if p.heading else None, "role": p.role} for p in found.parts
        ]
        assert parts == expected["parts"], name
        every = [
            *found.head,
            *(x for p in found.parts for x in (p.heading, *p.lines) if x),
            *found.tail,
        ]
        assert every == classify(text), name  # each line in exactly one place, in order


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.stem)
def test_items_measures_and_levels_are_those_of_the_notice(path: Path) -> None:
    """Counted by hand in each notice's .expect.json (MANIFEST.md says how)."""
    expected = json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))
    want = {k: expected[k] for k in ("items", "measures", "findings_levels")}
    for name, text in variants(path.read_bytes().decode("utf-8")).items():
        tree = findings(outline(classify(text)))
        found = items(tree)
        got = {
            "items": len(found),
            "measures": sum(len(item.measures) for item in found),
            "findings_levels": depth(tree),
        }
        assert got == want, name


def test_the_measures_of_an_item_are_told_apart() -> None:
    text = (
        "二、反馈问题整改落实情况\n"
        "(一)学习不深入\n"
        "1.在理论学习方面。一是制定计划。二是每季度学习;三是检查。2021年完成。\n"
        "2.在制度方面。修订制度一项。\n"
        "3.台账不规范\n"
        "整改措施：统一台账格式。\n"
        "每半年检查一次。\n"
        "整改成效：（1）台账齐全\n"
        "（2）检查到位\n"
    )
    found = items(findings(outline(classify(text))))
    assert [item.measures for item in found] == [
        ("一是制定计划。", "二是每季度学习;", "三是检查。2021年完成。"),
        ("修订制度一项。",),
        ("统一台账格式。", "每半年检查一次。"),
    ]


def test_the_seed_reads_as_counted_by_hand() -> None:
    """As counted by hand in the published notice: 4 categories, 28 feedback items, 82 measures."""
    found = outline(classify(support.seed_bytes().decode("utf-8")))
    assert [(p.heading.rest if p.heading else None, p.role) for p in found.parts] == [
        ("巡察整改工作组织推进情况", "overview"),
        ("反馈问题整改落实情况", "findings"),
        ("下一步整改工作计划", "next_steps"),
    ]
    assert [line.kind for line in found.tail] == ["closing", "editor"]
    tree = findings(found)
    assert (len(tree), len(items(tree)), depth(tree)) == (4, 28, 3)
    assert sum(len(item.measures) for item in items(tree)) == 82


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.stem)
def test_statistics_sentences_are_found_wherever_they_stand(path: Path) -> None:
    """In a preface, a point, a part's last paragraph, a status group's lead, the closing."""
    expected = json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))
    text = path.read_bytes().decode("utf-8")
    found = [s for line in classify(text) for s in statistics.sentences(line.rest)]
    assert len(found) == expected["statistics"]


@pytest.mark.parametrize(
    ("sentence", "claimed"),
    [
        (
            "截至2023年6月30日，巡察反馈的4个方面12个问题中，已整改完成10个，正在整改2个，"
            "整改完成率83.33%。",
            {"categories": 4, "problems": 12, "done": 10, "doing": 2, "rate": 83.33},
        ),
        (
            "截至2024年8月31日，7项问题中已整改完成5项，基本完成2项，整改完成率71.4%。",
            {"problems": 7, "done": 5, "basically_done": 2, "rate": 71.4},
        ),
        (
            "截至2023年4月底，巡视反馈的六项问题中，已整改完成四项，基本完成两项。",
            {"problems": 6, "done": 4, "basically_done": 2},
        ),
        (
            "截至2026年3月31日，巡察反馈的14个问题中，已整改完成7个，需长期坚持整改3个，"
            "正在推进整改4个，整改完成率50%。",
            {"problems": 14, "done": 7, "ongoing": 3, "doing": 4, "rate": 50},
        ),
        ("区委第二巡察组共反馈问题7项，局党组逐项制定了整改措施。", {"problems": 7}),
        ("局党组坚持一个问题一个问题研究。", {}),
    ],
)
def test_the_claims_of_a_statistics_sentence(sentence: str, claimed: dict[str, float]) -> None:
    assert statistics.claims(sentence) == claimed


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.stem)
def test_the_status_words_a_notice_prints_and_what_they_stand_for(path: Path) -> None:
    """Status lines (also run in after the measures), marks after measures, status groups."""
    expected = json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))
    words = statuses.printed(outline(classify(path.read_bytes().decode("utf-8"))))
    assert sorted(words) == sorted(expected["status_words"])
    assert all(statuses.status_of(word) is not None for word in words), words


def test_an_item_s_status_words_come_from_its_own_lines() -> None:
    text = (
        "二、反馈问题整改情况\n"
        "1.台账不规范。一是统一格式（已完成）；二是定期检查(持续推进)。\n"
        "2.制度不健全\n"
        "整改情况：修订制度。整改结果：阶段性完成，配套细则正在起草。\n"
    )
    found = items(findings(outline(classify(text))))
    assert [statuses.item_words(item) for item in found] == [["已完成", "持续推进"], ["阶段性完成"]]
    assert statuses.status_of("阶段性完成") is Status.DOING


def test_characters_that_are_no_numeral_claim_nothing() -> None:
    assert statistics.claims("巡察反馈三四个问题，已整改完成二二个。") == {}
