"""Reading the plan: decoding, key slips, suggestions, and never a crash on any input."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import SHIPPED, SHIPPED_V1, examples

from rectify_cli.errors import Issue, PlanInvalid
from rectify_cli.model.plan import Status, status_word
from rectify_cli.planfile.decoding import Source, decode
from rectify_cli.planfile.finding import locate
from rectify_cli.planfile.reader import load, parse
from rectify_cli.planfile.schema import scan_key_slips, suggest

TODAY = date(2025, 4, 1)


def source(text: str) -> Source:
    return Source(Path("plan.yaml"), text, text.encode("utf-8"), False)


def issues_of(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(PlanInvalid) as caught:
        parse(source(text), TODAY)
    return [(i.line, i.col, i.key) for i in caught.value.issues]


# -- decoding ------------------------------------------------------------------------------


def test_loading_decode_drops_the_bom() -> None:
    assert decode("\ufefftitle: 标题\n".encode(), "p") == "title: 标题\n"


def test_loading_decode_keeps_crlf() -> None:
    assert decode(b"a: 1\r\nb: 2\r\n", "p") == "a: 1\r\nb: 2\r\n"


@pytest.mark.parametrize(
    ("raw", "where", "key"),
    [
        ("标题: 测试\n".encode("gbk"), (1, 1), "gbk"),
        ("title: 测试\n".encode("gbk"), (1, 8), "gbk"),
        ("title: 测试\nunit: 测试局\n".encode("gbk"), (1, 8), "gbk"),
        # the column counts characters, not bytes: 标题 are two characters, six bytes;
        # a file only part GBK is not called GBK
        ("标题: 测试\n".encode() + "单位: 测试局\n".encode("gbk"), (2, 1), "not_utf8"),
        ("标题: 测试 ".encode() + "测试".encode("gbk"), (1, 8), "not_utf8"),
        (b"\xef\xbb\xbf" + "标题".encode() + b"\xff", (1, 3), "not_utf8"),
        ("title: 测试\n".encode("utf-16"), (1, 1), "utf16"),
        ("title: 测试\n".encode("utf-16-be").join([b"\xfe\xff", b""]), (1, 1), "utf16"),
        (b"\x80\x81\xff", (1, 1), "not_utf8"),
    ],
)
def test_loading_decode_names_the_encoding_and_place(raw: bytes, where, key) -> None:
    with pytest.raises(PlanInvalid) as caught:
        decode(raw, "p")
    (issue,) = caught.value.issues
    assert ((issue.line, issue.col), issue.key) == (where, key)


# -- slips YAML would read as text -------------------------------------------------------------


def test_loading_scan_key_slips_finds_full_width_colon_and_missing_space() -> None:
    text = "title：测试\n  - status:done\nnote: a:b\n# status：done\ntext: 时间 8:30\n"
    assert scan_key_slips(text, "p") == [
        Issue("p", 1, 6, "slip_fullwidth_colon", {"field": "title"}),
        Issue("p", 2, 11, "slip_no_space", {"field": "status"}),
    ]


def test_loading_scan_key_slips_ignores_words_that_are_not_fields() -> None:
    assert scan_key_slips("http://example.com\nfoo：bar\nstatus: done\n", "p") == []


# The rule in one regular expression (slow on a large file, so not the one scan_key_slips uses)
SLIP_RULE = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_]+)(：|:(?=[^\s:]))", re.MULTILINE)


@given(st.lists(st.sampled_from(["status", "title", "foo", "：", ":", " ", "\t", "- ", "-", "\n",
                                 "\r\n", "8", "#", "测"]), max_size=30).map("".join))  # fmt: skip
@settings(max_examples=examples(2000, quick=100), deadline=None)
def test_loading_scan_key_slips_follows_the_rule(text: str) -> None:
    expected = [
        (text.count("\n", 0, m.start()) + 1, m.start(2) - (text.rfind("\n", 0, m.start()) + 1) + 1,
         "slip_fullwidth_colon" if m.group(2) == "：" else "slip_no_space", m.group(1))
        for m in SLIP_RULE.finditer(text)
        if m.group(1) in ("status", "title")
    ]  # fmt: skip
    found = [(i.line, i.col, i.key, i.args["field"]) for i in scan_key_slips(text, "p")]
    assert found == expected


def test_loading_full_width_colon_replaces_the_syntax_error_it_causes() -> None:
    text = SHIPPED_V1.read_text(encoding="utf-8").replace("status: 长期坚持", "status：长期坚持", 1)
    assert issues_of(text) == [(276, 21, "slip_fullwidth_colon")]
    text = SHIPPED.read_text(encoding="utf-8").replace("status: 长期坚持", "status：长期坚持", 1)
    line = next(n for n, x in enumerate(text.splitlines(), 1) if "status：长期坚持" in x)
    assert issues_of(text) == [(line, 23, "slip_fullwidth_colon")]  # schema 2's too


def test_loading_other_syntax_errors_are_kept_beside_slips() -> None:
    text = "schema: 1\ntitle: [未闭合\nunit：测试局\n"
    keys = [key for _, _, key in issues_of(text)]
    assert "slip_fullwidth_colon" in keys and "yaml_syntax" in keys


# -- suggestions and statuses ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "choices", "expected"),
    [
        ("stauts", ("text", "status", "owner"), "status"),
        ("状态", ("text", "status"), "status"),
        ("措施", ("title", "measures"), "measures"),
        ("整改时限", ("text", "due"), "due"),
        ("状态", ("title", "items"), ""),  # not a field here
        ("zzz", ("text", "status"), ""),
        ("完成", ("todo", "已完成", "正在整改"), "已完成"),
    ],
)
def test_loading_suggest(word: str, choices: tuple[str, ...], expected: str) -> None:
    assert suggest(word, choices) == expected


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("todo", Status.TODO),
        ("未开始", Status.TODO),
        ("doing", Status.DOING),
        ("正在整改", Status.DOING),
        ("done", Status.DONE),
        (" 已完成 ", Status.DONE),
        ("ongoing", Status.ONGOING),
        ("长期坚持", Status.ONGOING),
        ("完成", None),
        ("Done", None),
        ("", None),
    ],
)
def test_loading_status_words(word: str, status: Status | None) -> None:
    assert status_word(word) is status


# -- positions of schema errors -----------------------------------------------------------------


def test_loading_reports_errors_at_the_value() -> None:
    text = (
        "schema: 1\n"
        "title: 测试\n"
        "declared_items: 很多\n"
        "style:\n"
        "  punctuation: wide\n"
        "  show_title: 也许\n"
        "findings:\n"
        "  categories:\n"
        "    - title: 方面\n"
        "      items:\n"
        "        - title: 意见\n"
        "          separator: 、\n"
        "          measures:\n"
        "            - text: 措施\n"
        "              notes:\n"
        "                - text: 没有日期\n"
    )
    assert issues_of(text) == [
        (3, 17, "expected_integer"),
        (5, 16, "bad_choice"),
        (6, 15, "expected_bool"),
        (12, 22, "bad_choice"),
        (16, 19, "missing_field"),
    ]


def test_loading_a_list_whose_entries_are_all_wrong_is_not_also_empty() -> None:
    text = "schema: 1\ntitle: 测试\nfindings:\n  categories:\n    - 方面一\n    - 方面二\n"
    assert issues_of(text) == [(5, 7, "expected_mapping"), (6, 7, "expected_mapping")]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("schema: 1\ntitle: 测试\nfindings:\n  categories: []\n", (4, 15)),
        (
            "schema: 1\ntitle: 测试\nfindings:\n  categories:\n    - title: 方面\n"
            "      problems: []\n",
            (6, 17),
        ),
        (
            "schema: 1\ntitle: 测试\nfindings:\n  categories:\n    - title: 方面\n"
            "      problems:\n        - title: 问题\n          items: []\n",
            (8, 18),
        ),
    ],
)
def test_loading_empty_lists_are_errors(text: str, where: tuple[int, int]) -> None:
    assert issues_of(text) == [(*where, "no_children")]


def test_loading_warnings_come_back_with_a_valid_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "schema: 1\ntitle: 测试\nfindings:\n  categories:\n    - title: 方面\n      items:\n"
        "        - title: 意见\n          measures:\n            - text: 措施\n"
        "              status: done\n              done_on: 2025-05-01\n",
        encoding="utf-8",
    )
    plan, warnings = load(path, TODAY)
    assert [m.status for m in plan.measures()] == [Status.DONE]
    assert [(w.line, w.col, w.key, w.warning) for w in warnings] == [
        (11, 24, "done_in_future", True)
    ]


# -- plan discovery ------------------------------------------------------------------------------


def test_loading_locate_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RECTIFY_PLAN", raising=False)
    path, bundled = locate(None)
    assert bundled and path.name == "items.yaml" and path.is_file()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "items.yaml").write_text("x", encoding="utf-8")
    assert locate(None) == (Path("data/items.yaml"), False)
    monkeypatch.setenv("RECTIFY_PLAN", "env.yaml")
    assert locate(None) == (Path("env.yaml"), False)
    assert locate("option.yaml") == (Path("option.yaml"), False)


# -- never a crash ----------------------------------------------------------------------------


def outcome(text: str) -> str:
    try:
        parse(source(text), TODAY)
    except PlanInvalid as e:
        assert e.issues
        lines = text.count("\n") + 1
        assert all(1 <= i.line <= lines and i.col >= 1 for i in e.issues), e.issues
        return "invalid"
    return "valid"


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from("ab：: -\n\t#&*![]{}\"'|>状态title"), max_size=60))
def test_loading_any_text_is_a_plan_or_a_list_of_problems(text: str) -> None:
    outcome(text)


SHIPPED_LINES = SHIPPED.read_text(encoding="utf-8").splitlines(keepends=True)


@settings(max_examples=examples(60), deadline=None)
@given(
    st.integers(0, len(SHIPPED_LINES) - 1),
    st.integers(0, 40),
    st.sampled_from(["", ":", "：", " ", "\t", "- ", "'", "[", "&a ", "状态", "\n"]),
)
def test_loading_any_slip_in_the_shipped_plan_is_reported_not_crashed(
    line: int, column: int, inserted: str
) -> None:
    lines = list(SHIPPED_LINES)
    lines[line] = lines[line][:column] + inserted + lines[line][column:]
    outcome("".join(lines))
