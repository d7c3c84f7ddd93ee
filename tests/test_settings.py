"""Every RECTIFY_* variable read and checked in one place (rectify_cli/settings.py): a malformed
one is a usage error (exit 2) before any command runs, naming each wrong variable, what it holds
and what it should hold. `RECTIFY_LOCK_TIMEOUT=abc` was a traceback in every editing command."""

from __future__ import annotations

from pathlib import Path

import pytest
import support

CLOSING = "环境变量有 {n} 处错误，命令未执行；请改正或删除（unset）后重试。\n"

MALFORMED = {
    "RECTIFY_LOCK_TIMEOUT": ("abc", "不小于 0 的秒数，如 10"),
    "RECTIFY_MAX_PLAN_MB": ("0", "大于 0 的兆字节数（MB），如 40"),
    "RECTIFY_MAX_NOTICE_MB": ("1MB", "大于 0 的兆字节数（MB），如 40"),
    "RECTIFY_MAX_LEDGER_MB": ("inf", "大于 0 的兆字节数（MB），如 40"),
    "RECTIFY_MAX_LEDGER_ROWS": ("2.5", "大于 0 的整数，如 200000"),
    "RECTIFY_NO_CACHE": ("maybe", "“1”或“0”（也可写 yes/no、true/false）"),
    "RECTIFY_LANG": ("fr", "zh 或 en"),
    "RECTIFY_USER": ("王\n芳", "经办人的名字（不含控制字符）"),
    "RECTIFY_PLAN": ("a\x1bb.yaml", "一个路径（不含控制字符）"),
    "RECTIFY_TEMPLATES": ("t\x07", "一个路径（不含控制字符）"),
}


def test_every_variable_the_tool_reads_is_checked() -> None:
    """The table names every RECTIFY_* variable the package reads (tests read others)."""
    import re

    from rectify_cli import settings

    read = set()
    for path in (support.ROOT / "rectify_cli").rglob("*.py"):
        read |= set(re.findall(r'"(RECTIFY_[A-Z_]+)"', path.read_text(encoding="utf-8")))
    assert read == set(settings.VARIABLES) == set(MALFORMED)


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_variable_is_named_with_what_it_should_hold(name: str, cli) -> None:
    text, expects = MALFORMED[name]
    result = cli("status", "-p", support.SHIPPED, env={name: text})
    assert (result.code, result.out) == (2, "")
    shown = "".join(c if c >= " " else f"\\u{ord(c):04x}" for c in text)
    assert result.err == f"环境变量 {name} 的值“{shown}”无效：应为{expects}。\n" + CLOSING.format(
        n=1
    )


def test_every_malformed_variable_is_named_at_once_in_english(cli) -> None:
    env = {"RECTIFY_LOCK_TIMEOUT": "-1", "RECTIFY_MAX_PLAN_MB": "nan"}
    result = cli("validate", "-p", support.SHIPPED, "--lang", "en", env=env)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "the environment variable RECTIFY_LOCK_TIMEOUT holds '-1'; expected a number of "
        "seconds, 0 or more, e.g. 10\n"
        "the environment variable RECTIFY_MAX_PLAN_MB holds 'nan'; expected a number of "
        "megabytes above 0, e.g. 40\n"
        "2 environment variable(s) are malformed; nothing was done (fix or unset them)\n"
    )


def test_lock_timeout_abc_is_no_traceback_in_a_process(tmp_path: Path) -> None:
    """The issue's case, as a real process: `done` read the variable when its lock module was
    imported, and crashed with ValueError."""
    plan = support.copy_plan(tmp_path)
    before = plan.read_bytes()
    code, out, err = support.run_process(
        "done", "2.1.3", "-p", plan, env={"RECTIFY_LOCK_TIMEOUT": "abc"}
    )
    assert (code, out) == (2, "")
    assert err == (
        "环境变量 RECTIFY_LOCK_TIMEOUT 的值“abc”无效：应为不小于 0 的秒数，如 10。\n"
        + CLOSING.format(n=1)
    )
    assert plan.read_bytes() == before
    assert not (tmp_path / ".rectify").exists()


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("RECTIFY_LOCK_TIMEOUT", "", 10.0),
        ("RECTIFY_LOCK_TIMEOUT", " 0 ", 0.0),
        ("RECTIFY_LOCK_TIMEOUT", "2.5", 2.5),
        ("RECTIFY_MAX_PLAN_MB", "", 40.0),
        ("RECTIFY_MAX_PLAN_MB", "0.5", 0.5),
        ("RECTIFY_MAX_NOTICE_MB", "", 1.0),
        ("RECTIFY_MAX_LEDGER_MB", "", 256.0),
        ("RECTIFY_MAX_LEDGER_ROWS", "", 200_000),
        ("RECTIFY_MAX_LEDGER_ROWS", "300000", 300_000),
        ("RECTIFY_NO_CACHE", "", False),
        ("RECTIFY_NO_CACHE", "1", True),
        ("RECTIFY_NO_CACHE", "0", False),
        ("RECTIFY_NO_CACHE", "No", False),
        ("RECTIFY_NO_CACHE", "TRUE", True),
        ("RECTIFY_LANG", "en_US.UTF-8", "en_US.UTF-8"),
        ("RECTIFY_LANG", "", "zh"),
        ("RECTIFY_USER", "王芳", "王芳"),
        ("RECTIFY_PLAN", "", None),
    ],
)
def test_well_formed_values(name: str, text: str, value: object) -> None:
    from rectify_cli import settings

    assert settings.parsed(name, text) == value


def test_no_cache_zero_uses_the_cache(tmp_path: Path, cli) -> None:
    """RECTIFY_NO_CACHE=0 meant "no cache" (any text did); now 0 means the cache is used."""
    plan = support.copy_plan(tmp_path)
    assert cli("status", "-p", plan, env={"RECTIFY_NO_CACHE": "0"}).code == 0
    assert (tmp_path / ".rectify" / "items.yaml.cache").exists()
    (tmp_path / ".rectify" / "items.yaml.cache").unlink()
    assert cli("status", "-p", plan, env={"RECTIFY_NO_CACHE": "1"}).code == 0
    assert not (tmp_path / ".rectify" / "items.yaml.cache").exists()
