"""The command line's own words in the clerk's language: click's and Typer's messages (usage
errors, help headings) in Chinese unless `--lang en`, and what a command line needs before
click reads it (the language asked for, global options given before the command's name).

click and Typer take every message through `gettext` (`from gettext import gettext as _`); a
translation is installed by giving those modules a `_` (and `ngettext`) that look the English
message up here. A message not listed stays click's English."""

from __future__ import annotations

import sys
from collections.abc import Callable

ZH: dict[str, str] = {
    "Usage:": "用法",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Error: {message}": "错误：{message}",
    "Error": "错误",
    "Aborted!": "已中止。",
    "Aborted.": "已中止。",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "No such command {name!r}.": "没有“{name}”这个命令。",
    "No such option {name!r}.": "没有“{name}”这个选项。",
    "No such option: {name}": "没有“{name}”这个选项。",
    "Did you mean {possibility}?": "是不是要用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是要用其中之一：{possibilities}？）",
    "Missing argument": "缺少参数",
    "Missing argument {param_hint}.": "缺少参数 {param_hint}。",
    "Missing option": "缺少选项",
    "Missing option {param_hint}.": "缺少选项 {param_hint}。",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "Missing {param_type}": "缺少{param_type}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Option {name!r} does not take a value.": "选项 {name} 不带值。",
    "Option {name!r} requires an argument.": "选项 {name} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是数字。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 之内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} 不是有效的是/否值，可用：{states}"
    ),
    "default: {default}": "默认：{default}",
    "[default: {}]": "[默认：{}]",
    "required": "必填",
    "[required]": "[必填]",
    "env var: {var}": "环境变量：{var}",
    "[env var: {}]": "[环境变量：{}]",
    "(deprecated) ": "（已弃用）",
    "deprecated": "已弃用",
}
MODULES = (
    "click.core", "click.exceptions", "click.parser", "click.formatting", "click.types",
    "click.decorators", "click.termui", "click.utils", "typer.core", "typer.main",
)  # fmt: skip

# Options every command takes, also accepted before the command's name (`rectify --plan x
# status`): each takes a value.
GLOBAL = ("--plan", "-p", "--lang")


def install(lang: str) -> None:
    """click's and Typer's messages in `lang` from here on (help headings end in `：` in
    Chinese)."""
    import click.formatting

    gettext, ngettext = _translators(lang)
    colon = "：" if lang == "zh" else ":"
    formatter = click.formatting.HelpFormatter

    def write_heading(self: click.formatting.HelpFormatter, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")

    formatter.write_heading = write_heading  # type: ignore[method-assign]
    _fresh_help_options(lang)
    for name in MODULES:
        module = sys.modules.get(name)
        if module is not None:
            if hasattr(module, "_"):
                module._ = gettext  # type: ignore[attr-defined]
            if hasattr(module, "ngettext"):
                module.ngettext = ngettext  # type: ignore[attr-defined]


def _fresh_help_options(lang: str) -> None:
    """click makes a command's `--help` option (its help text translated) once and keeps it;
    a command run again in another language (the tests run many in one process) gets it
    made anew."""
    import click.core

    command = click.core.Command
    original = getattr(command, "_rectify_get_help_option", command.get_help_option)
    command._rectify_get_help_option = original  # type: ignore[attr-defined]

    def get_help_option(self: click.core.Command, ctx: click.Context) -> click.Option | None:
        if getattr(self, "_rectify_help_lang", None) != lang:
            self._help_option = None
            self._rectify_help_lang = lang  # type: ignore[attr-defined]
        return original(self, ctx)

    command.get_help_option = get_help_option  # type: ignore[method-assign]


def _translators(lang: str) -> tuple[Callable[[str], str], Callable[[str, str, int], str]]:
    table = ZH if lang == "zh" else {}

    def gettext(message: str) -> str:
        return table.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    return gettext, ngettext


def asked_lang(args: list[str]) -> str | None:
    """The value of a `--lang` option anywhere on the command line (the last one), if any."""
    found = None
    for k, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and k + 1 < len(args):
            found = args[k + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


def globals_after_command(args: list[str]) -> list[str]:
    """The command line with the global options given before the command's name moved after
    it, where click reads them: `--plan x status` is `status --plan x`."""
    front: list[str] = []
    k = 0
    while k < len(args):
        arg = args[k]
        name = arg.split("=", 1)[0]
        if name not in GLOBAL:
            break
        takes = 1 if "=" in arg else 2
        front += args[k : k + takes]
        k += takes
    if not front:
        return args
    if k >= len(args) or args[k].startswith("-"):  # no command: the language is for the help,
        return _without_lang(front) + args[k:]
    return [args[k], *front, *args[k + 1 :]]


def _without_lang(front: list[str]) -> list[str]:
    """The leading options but `--lang` (already applied), for click to judge the rest."""
    kept: list[str] = []
    k = 0
    while k < len(front):
        takes = 1 if "=" in front[k] else 2
        if front[k].split("=", 1)[0] != "--lang":
            kept += front[k : k + takes]
        k += takes
    return kept
