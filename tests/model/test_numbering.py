"""The notice's numbering: Chinese numerals, level markers and the IDs a clerk types."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectify_cli.model.numbering import (
    CATEGORY,
    ITEM,
    MEASURE,
    PART,
    PROBLEM,
    cn,
    format_id,
    from_cn,
    marker,
    parse_id,
)

ONES = "一二三四五六七八九"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (23, "二十三"),
        (28, "二十八"),
        (30, "三十"),
        (82, "八十二"),
        (90, "九十"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (999, "九百九十九"),
    ],
)
def test_numbering_cn_writes_numerals_as_notices_do(n: int, text: str) -> None:
    assert cn(n) == text


def test_numbering_cn_one_to_ninety_nine() -> None:
    # Built the long way, from the rule in the notices: 十 alone for 10..19, no 一十, no 零.
    expected = [*ONES]
    expected += ["十" + o for o in ["", *ONES]]
    for tens in ONES[1:]:
        expected += [tens + "十" + o for o in ["", *ONES]]
    assert [cn(n) for n in range(1, 100)] == expected


@pytest.mark.parametrize("n", [0, -1])
def test_numbering_cn_refuses_numbers_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        cn(n)


def test_numbering_from_cn_round_trips_every_number() -> None:
    assert [from_cn(cn(n)) for n in range(1, 1000)] == list(range(1, 1000))


@pytest.mark.parametrize("text", ["", "零", "一十", "一十一", "十十", "百", "二十零", "甲", "2"])
def test_numbering_from_cn_refuses_what_cn_never_writes(text: str) -> None:
    with pytest.raises(ValueError):
        from_cn(text)


@pytest.mark.parametrize(
    ("level", "n", "full_width", "text"),
    [
        (PART, 1, False, "一、"),
        (PART, 3, False, "三、"),
        (PART, 11, True, "十一、"),
        (CATEGORY, 1, False, "(一)"),
        (CATEGORY, 4, False, "(四)"),
        (CATEGORY, 4, True, "（四）"),
        (CATEGORY, 12, False, "(十二)"),
        (PROBLEM, 1, False, "1."),
        (PROBLEM, 3, True, "3."),
        (ITEM, 3, False, "(3)"),
        (ITEM, 3, True, "（3）"),
        (ITEM, 12, False, "(12)"),
        (MEASURE, 1, False, "一是"),
        (MEASURE, 7, False, "七是"),
        (MEASURE, 10, False, "十是"),
        (MEASURE, 11, False, "十一是"),
        (MEASURE, 23, True, "二十三是"),
    ],
)
def test_numbering_marker_for_every_level(level: int, n: int, full_width: bool, text: str):
    assert marker(level, n, full_width=full_width) == text


@pytest.mark.parametrize("level", [0, 6])
def test_numbering_marker_refuses_unknown_level(level: int) -> None:
    with pytest.raises(ValueError):
        marker(level, 1)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("2", (2,)),
        ("4.2", (4, 2)),
        ("2.1.3", (2, 1, 3)),
        ("2.1.3.2", (2, 1, 3, 2)),
        ("12.10.11", (12, 10, 11)),
        (" 2.1.3 ", (2, 1, 3)),
        ("2 . 1 . 3", (2, 1, 3)),
        ("２．１．３", (2, 1, 3)),  # full-width digits and full stops
        ("２.１.３", (2, 1, 3)),
        ("2。1。3", (2, 1, 3)),  # the ideographic full stop of a Chinese IME
        ("2．1．3", (2, 1, 3)),
        ("2、1、3", (2, 1, 3)),
        ("２", (2,)),
        ("(二)1.(3)", (2, 1, 3)),  # the printed form
        ("（二）1．（3）", (2, 1, 3)),
        ("（二）１．（３）", (2, 1, 3)),
        ("(二)1.(3)2", (2, 1, 3, 2)),
        ("(四)2.", (4, 2)),
        ("(四)2", (4, 2)),
        ("(二)", (2,)),
        ("(十一)1.(2)", (11, 1, 2)),
    ],
)
def test_numbering_parse_id_reads_what_a_clerk_types(text: str, path: tuple[int, ...]) -> None:
    assert parse_id(text) == path


@pytest.mark.parametrize(
    "text",
    ["", " ", "abc", "0", "2.0", "02.1", "2..1", "2.1.", ".2", "-1", "2.a", "二", "(甲)1", "(2)1"],
)
def test_numbering_parse_id_refuses_what_is_not_an_id(text: str) -> None:
    with pytest.raises(ValueError):
        parse_id(text)


def test_numbering_parse_id_ignores_full_width_space() -> None:
    assert parse_id("\u3000２．\u3000１\t") == (2, 1)


def test_numbering_format_id() -> None:
    assert format_id((2, 1, 3, 2)) == "2.1.3.2"
    assert format_id((4,)) == "4"


PATHS = st.lists(st.integers(min_value=1, max_value=999), min_size=1, max_size=5).map(tuple)


@given(PATHS)
def test_numbering_parse_id_reads_format_id_back(path: tuple[int, ...]) -> None:
    assert parse_id(format_id(path)) == path


@given(PATHS)
def test_numbering_parse_id_reads_full_width_ids(path: tuple[int, ...]) -> None:
    full = format_id(path).translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    assert parse_id(full) == path


@given(
    st.integers(1, 99),
    st.integers(1, 99),
    st.integers(1, 99),
    st.booleans(),
)
def test_numbering_parse_id_reads_printed_markers(
    category: int, problem: int, item: int, full_width: bool
) -> None:
    printed = (
        marker(CATEGORY, category, full_width=full_width)
        + marker(PROBLEM, problem)
        + marker(ITEM, item, full_width=full_width)
    )
    assert parse_id(printed) == (category, problem, item)


# -- numerals of any size (1,000 measures in one item crashed every report format) --------------


@pytest.mark.parametrize(
    ("n", "numeral"),
    [
        (999, "九百九十九"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (1234, "一千二百三十四"),
        (2005, "二千零五"),
        (9999, "九千九百九十九"),
        (10000, "一万"),
        (10001, "一万零一"),
        (10010, "一万零一十"),
        (10100, "一万零一百"),
        (11000, "一万一千"),
        (100000, "十万"),
        (100010, "十万零一十"),
        (110000, "十一万"),
        (1000000, "一百万"),
        (10000001, "一千万零一"),
        (100000000, "一亿"),
        (100010000, "一亿零一万"),
        (10**12, "一万亿"),
        (10**16, "一亿亿"),
    ],
)
def test_chinese_numerals_of_any_size_read_back(n: int, numeral: str) -> None:
    from rectify_cli.model.numbering import cn, from_cn

    assert cn(n) == numeral
    assert from_cn(numeral) == n


def test_every_numeral_to_fifty_thousand_reads_back() -> None:
    from rectify_cli.model.numbering import cn, from_cn

    assert all(from_cn(cn(n)) == n for n in range(1, 50_001))


@pytest.mark.parametrize(
    "text", ["", "零", "一十", "十十", "一百十", "二十零", "一万万", "百", "零一"]
)
def test_numerals_not_written_so_are_refused(text: str) -> None:
    from rectify_cli.model.numbering import from_cn

    with pytest.raises(ValueError):
        from_cn(text)


def test_markers_past_nine_hundred_and_ninety_nine() -> None:
    from rectify_cli.model.document import numbered
    from rectify_cli.model.numbering import CATEGORY, MEASURE, PART, marker, parse_id

    assert marker(PART, 1000) == "一千、"
    assert marker(CATEGORY, 1001, full_width=True) == "（一千零一）"
    assert marker(MEASURE, 10010) == "一万零一十是"
    assert numbered("（{cn}）", 1000) == "（一千）"
    assert numbered("{cn}、", 100010) == "十万零一十、"
    assert parse_id("(一千零一)1.(3)") == (1001, 1, 3)


@pytest.mark.parametrize(("n", "shown"), [(1, "①"), (20, "⑳"), (21, "(21)"), (1000, "(1000)")])
def test_circled_markers_past_twenty_fall_back_to_a_bracketed_number(n: int, shown: str) -> None:
    """①–⑳ are the circled numbers the importer reads and every font has; past ⑳ a
    `{circled}` style prints `(21)` (docs/plan-format.md)."""
    from rectify_cli.model.document import numbered

    assert numbered("{circled}", n) == shown
