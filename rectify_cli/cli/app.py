"""The Typer app and what its commands share: the option types, errors made exits in one place,
the consoles, the plan a command works on. Only typer is imported at module level so that
start-up stays light; each function imports what it needs."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from ..errors import Issue
    from ..model.changes import Line
    from ..model.plan import Plan

app = typer.Typer(
    name="rectify",
    help="巡察整改台账:计划文件、整改进度与整改情况通报。 Rectification plan, ledger and notice.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    suggest_commands=False,  # click suggests the nearest command itself: one line, not two
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"rectify {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True,
                     help="显示版本并退出 (Show the version and exit)"),
    ] = False,
) -> None:  # fmt: skip
    """A group even if it held one command, so that `main` may build just the one it runs."""


def complete_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: the IDs of the current plan that start with what was typed."""
    from ..planfile import finding, reader

    try:
        path, _ = finding.locate(ctx.params.get("plan"))
        plan, _ = reader.load(path, cached=True)
    except Exception:  # completion must never print a traceback into the shell
        return []
    return [n.id for n in plan.nodes() if n.id.startswith(incomplete)]


PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        "-p",
        help="计划文件 (默认 $RECTIFY_PLAN 或 ./data/items.yaml)",
        show_default=False,
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help="界面语言 zh|en (默认 $RECTIFY_LANG 或 zh)", show_default=False),
]
TodayOpt = Annotated[
    str | None, typer.Option("--today", help="按此日期计算逾期 (YYYY-MM-DD)", show_default=False)
]
IdArg = Annotated[str, typer.Argument(help="编号,如 2.1.3", autocompletion=complete_id)]
ByOpt = Annotated[
    str | None,
    typer.Option("--by", help="经办人 (默认 $RECTIFY_USER 或登录名)", show_default=False),
]

BreakLinksOpt = Annotated[
    bool,
    typer.Option("--break-links", help="计划文件有硬链接时仍修改:只改这个名字,其他名字保留原内容"),
]


def lang_of(option: str | None) -> str:
    """The interface language: `--lang` (zh or en, else a usage error), else $RECTIFY_LANG."""
    from ..messages import LANGS, lang_from_env

    if option is not None and option.lower() not in LANGS:
        from ..errors import BadUsage

        raise BadUsage("bad_choice_option", option="--lang", value=option, allowed="、".join(LANGS))
    return lang_from_env(option)


def handles_errors(command: F) -> F:
    """Every RectifyError becomes its message on stderr (a plan's problems first) and exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..errors import BadEnvironment, PlanInvalid, RectifyError

        try:
            from ..settings import check

            check()  # every RECTIFY_* variable, before the command reads any of them
            return command(*args, **kwargs)
        except RectifyError as e:
            from ..messages import lang_from_env, t

            lang = lang_from_env(kwargs.get("lang"))  # (a bad --lang is told in the default)
            if isinstance(e, PlanInvalid):
                print_issues(e.issues, lang)
            if isinstance(e, BadEnvironment):
                for name, text, expects in e.wrong:
                    shown = visible(text)
                    typer.echo(t("env_bad", lang, name=name, value=shown,
                                 expects=t(expects, lang)), err=True)  # fmt: skip
            typer.echo(t(e.key, lang, **e.args_), err=True)
            raise typer.Exit(e.exit_code) from None

    return wrapper  # type: ignore[return-value]


def print_issues(issues: list[Issue], lang: str) -> None:
    from ..messages import t

    for issue in issues:
        text = t(issue.key, lang, **issue.args)
        cause = issue.args.get("cause")
        if cause:
            text += " " + t("hint_" + cause, lang)
        kind = t("warning" if issue.warning else "error", lang)
        # one line per issue, even when it quotes a value that holds a line break
        text = text.translate(_SHOW_BREAKS)
        typer.echo(f"{issue.where()}: {kind}: {text}", err=True)


def visible(text: str) -> str:
    """`text` with what a terminal would act on or break a line at (str.splitlines' breaks,
    C0 controls but the tab, C1, DEL) written as \\uXXXX, so that a message is one line."""
    import re

    return re.sub("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]",
                  lambda m: f"\\u{ord(m.group()):04x}", text)  # fmt: skip


_SHOW_BREAKS = {ord(c): repr(c)[1:-1] for c in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


def change_line(lang: str, line: Line | list[str]) -> str:
    """`2.1.3.1 状态:正在整改 → 已完成`: a line of a change, or of one the journal recorded."""
    from ..messages import t

    ident, key, old, new = line
    return t("change_line", lang, id=ident, field=t("field_label_" + key, lang), old=old, new=new)


def console() -> Console:
    from rich.console import Console

    plain = "NO_COLOR" in os.environ  # rich drops colours for NO_COLOR but keeps bold and dim
    # The clerk's text is shown as written: `[bold]` and `:warning:` are not rich's to read.
    return Console(
        highlight=False, markup=False, emoji=False, soft_wrap=False,
        color_system=None if plain else "auto",
    )  # fmt: skip


def parse_day(value: str | None) -> date | None:
    """A date option (YYYY-MM-DD), or None when it is not given; a usage error otherwise."""
    from ..errors import BadUsage

    if value is None:
        return None
    from ..planfile.nodes import ISO_DATE

    try:
        if not ISO_DATE.fullmatch(value.strip()):
            raise ValueError(value)
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadUsage("bad_date_option", value=value) from None


def day_or_today(value: str | None) -> date:
    """The day a date option names, or today when it is not given."""
    return parse_day(value) or date.today()


def user(option: str | None) -> str:
    """Who makes the change: --by, else $RECTIFY_USER, else the login name."""
    if option:
        return option
    from ..settings import value

    named: str | None = value("RECTIFY_USER")
    if named:
        return named
    import getpass  # the standard library's rule for the login name, not a copy of it

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "-"


# -- the plan a command works on (the rule is planfile.finding.locate's) ---------------------


def plan_path(option: str | None) -> Path:
    """The plan to check, edit or render: never the bundled example."""
    from ..planfile import finding

    return finding.locate(option, example=False)[0]


def foreign_notices(path: Path, lang: str, plan: Plan | None = None) -> None:
    """Warn, on stderr, of what another program did to the plan (planfile/guard.py, lost.py):
    a version it wrote into the file rectify replaced, kept in the tool's folder, and the
    edits the plan lost to its save, with the command that applies them again. `plan` (as
    read now) lets a command that changes nothing judge the lost edits itself."""
    from ..messages import t
    from ..planfile import lost

    found = lost.notices(path, plan)
    for other in found.others:
        typer.echo(t("foreign_version", lang, path=str(path), other=str(other)), err=True)
    if found.lost:
        typer.echo(t("lost_edits", lang, path=str(path), count=len(found.lost)), err=True)
        for entry in found.lost:
            shown = f"{entry.at}  {entry.by}  {entry.command} {' '.join(entry.ids)}"
            typer.echo("    " + shown, err=True)
        typer.echo(t("lost_edits_hint", lang, path=str(path)), err=True)


def shown_plan(option: str | None, lang: str) -> Plan:
    """The plan to show: the bundled example when the clerk has none yet, saying so."""
    from ..planfile import finding, reader

    path, bundled = finding.locate(option)
    if bundled:
        from ..messages import t

        typer.echo(t("using_bundled", lang), err=True)
        return reader.load(path)[0]
    loaded = reader.load(path, cached=True)[0]
    foreign_notices(path, lang, loaded)
    return loaded


def plan_for_output(option: str | None, output: Path | None, lang: str) -> Plan:
    """The plan to render or export; -o naming the plan itself, or into its tool's folder, is
    refused."""
    from ..planfile import finding, reader

    path = plan_path(option)
    loaded, _ = reader.load(path, cached=True)
    finding.refuse_output(output, [path])
    foreign_notices(path, lang, loaded)
    return loaded
