"""The message catalogue: both languages, the same blanks, every message renders."""

from __future__ import annotations

import re
import string

import pytest
from support import BAD

from rectify_cli.messages import CATALOG, lang_from_env, t


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_messages_both_languages_have_the_same_blanks(key: str) -> None:
    zh, en = CATALOG[key]
    assert zh.strip() and en.strip()
    assert fields(zh) == fields(en)


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_messages_every_message_renders(key: str) -> None:
    zh, _ = CATALOG[key]
    blanks = dict.fromkeys(fields(zh), "x")
    blanks.update({k: 1 for k in ("rate",) if k in blanks})
    if "got" in blanks:
        blanks["got"] = "text"
    for lang in ("zh", "en"):
        assert t(key, lang, **blanks)


@pytest.mark.parametrize(
    ("option", "environment", "lang"),
    [
        (None, None, "zh"),
        ("en", None, "en"),
        ("EN", None, "en"),
        (None, "en_US.UTF-8", "en"),
        (None, "zh_CN.UTF-8", "zh"),
        ("zh", "en", "zh"),
        ("fr", None, "zh"),
    ],
)
def test_messages_language_choice(option, environment, lang, monkeypatch) -> None:
    if environment is None:
        monkeypatch.delenv("RECTIFY_LANG", raising=False)
    else:
        monkeypatch.setenv("RECTIFY_LANG", environment)
    assert lang_from_env(option) == lang


def test_messages_t_fills_in_and_names_what_was_found() -> None:
    assert t("expected_text", "zh", what="title", got="list") == "title 应为文字,实际是列表。"
    assert t("expected_text", "en", what="title", got="list") == "title must be text; found a list"


def test_messages_t_translates_what_it_speaks_of() -> None:
    assert t("missing_field", "zh", field="text", what="measure") == "措施 缺少必填字段“text”。"
    assert t("missing_field", "en", field="text", what="measure") == (
        "the measure is missing the required key 'text'"
    )


def test_messages_t_with_a_suggestion() -> None:
    text = t("malformed_date_suggest", "zh", value="2022/2/28", what="due", suggestion="2022-02-28")
    assert text == "日期 2022/2/28 格式不对,应为 YYYY-MM-DD,应写成 2022-02-28。"


@pytest.mark.parametrize("name", sorted(p.stem for p in BAD.glob("*.yaml")))
def test_messages_every_bad_plan_reports_in_english(name, run) -> None:
    path = BAD / f"{name}.yaml"
    code, out, err = run("validate", "--plan", str(path), "--lang", "en")
    lines = err.splitlines()
    assert (code, out) == (4, "")
    assert re.fullmatch(r"the plan has \d+ error\(s\)", lines[-1])
    for line in lines[:-1]:
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: (error|warning): .", line), line
    assert not re.search("错误|警告|应为|请", err)
