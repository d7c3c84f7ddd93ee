"""The command line as a good Unix tool: -h, --version, global options before the command,
one suggestion for a mistyped command, click's words in the interface's language, --lang
limited to zh and en."""

from __future__ import annotations

import pytest

from rectify_cli import __version__

SHIPPED = "data/items.yaml"


def test_version(run) -> None:
    assert run("--version") == (0, f"rectify {__version__}\n", "")
    assert run("-V") == (0, f"rectify {__version__}\n", "")


@pytest.mark.parametrize("command", ["status", "show", "done", "report", "import", "due", "find"])
def test_dash_h_is_help_on_every_command(command: str, run) -> None:
    code, out, err = run(command, "-h")
    assert (code, err) == (0, "")
    assert out.startswith(f"用法 rectify {command} [OPTIONS]")
    assert "选项：" in out and "-h, --help" in out and "显示本帮助并退出。" in out
    assert run(command, "--help") == (code, out, err)


def test_help_headings_and_click_words_in_english(run) -> None:
    code, out, _ = run("status", "-h", "--lang", "en")
    assert code == 0
    assert out.startswith("Usage: rectify status [OPTIONS]")
    assert "Options:" in out and "Show this message and exit." in out


def test_a_mistyped_command_gets_one_suggestion(run) -> None:
    assert run("stauts") == (
        2,
        "",
        "用法 rectify [OPTIONS] COMMAND [ARGS]...\n运行“rectify --help”查看帮助。\n\n"
        "错误：没有“stauts”这个命令。 是不是要用 'status'？\n",
    )
    code, _, err = run("--lang", "en", "stauts")
    assert code == 2
    assert err.endswith("Error: No such command 'stauts'. Did you mean 'status'?\n")


def test_an_unknown_option(run) -> None:
    code, out, err = run("status", "--bogus")
    assert (code, out) == (2, "")
    assert err.endswith("\n错误：没有“--bogus”这个选项。\n")


@pytest.mark.parametrize(
    "args",
    [
        ["--plan", SHIPPED, "status"],
        ["-p", SHIPPED, "status"],
        [f"--plan={SHIPPED}", "status"],
        ["--lang", "zh", "--plan", SHIPPED, "status"],
    ],
)
def test_global_options_before_the_command(args: list[str], run, in_root) -> None:
    assert run(*args) == run("status", "--plan", SHIPPED)


def test_global_lang_before_the_command(run, in_root) -> None:
    assert run("--lang", "en", "status", "--plan", SHIPPED) == run(
        "status", "--plan", SHIPPED, "--lang", "en"
    )


def test_lang_is_zh_or_en(run, in_root) -> None:
    assert run("status", "--plan", SHIPPED, "--lang", "fr") == (
        2,
        "",
        "--lang 的值应为 zh、en 之一，不是 fr。\n",
    )
    assert run("status", "--plan", SHIPPED, "--lang", "EN")[0] == 0
