"""The commands that read a plan and change nothing: validate, status, show, log."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .app import (
    IdArg,
    LangOpt,
    PlanOpt,
    TodayOpt,
    change_line,
    complete_id,
    console,
    day_or_today,
    foreign_notices,
    handles_errors,
    lang_of,
    parse_day,
    plan_path,
    print_issues,
    shown_plan,
)


@handles_errors
def validate(plan: PlanOpt = None, lang: LangOpt = None) -> None:
    """检查计划文件,列出全部错误 (Check the plan file and report every problem)."""
    from ..messages import t
    from ..planfile import reader

    language = lang_of(lang)
    path = plan_path(plan)  # validate checks the clerk's own file, never the bundled example
    loaded, warnings = reader.load(path, cached=True)
    print_issues(warnings, language)
    foreign_notices(path, language, loaded)
    items = list(loaded.items())
    measures = sum(len(i.measures) for i in items)
    typer.echo(t("valid", language, path=str(path), categories=len(loaded.categories),
                 items=len(items), measures=measures))  # fmt: skip
    if warnings:
        typer.echo(t("valid_warnings", language, count=len(warnings)))


@handles_errors
def status(
    target: Annotated[
        str | None, typer.Argument(help="只看此编号之下,如 2 或 2.1.3", autocompletion=complete_id)
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="列出整棵树,直到每项措施")] = False,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="只看此状态的措施 (可多次)")
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="只看此责任领导的措施")] = None,
    dept: Annotated[str | None, typer.Option("--dept", help="只看此责任部门的措施")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只看已逾期的措施")] = False,
    due_within: Annotated[
        int | None, typer.Option("--due-within", help="只看 N 天内到期(含已逾期)的措施")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="列出此日期以来完成的措施")] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="按 dept(责任部门)或 owner(责任领导)分组")
    ] = None,
    sort: Annotated[
        str | None, typer.Option("--sort", help="措施排成一列,按 due(时限)、status 或 id")
    ] = None,
    today: TodayOpt = None,
    json: Annotated[bool, typer.Option("--json", help="输出 JSON (见 docs/json.md)")] = False,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """显示整改进度:按方面汇总,或展开到每项措施 (Show progress)."""
    from ..model.filters import measure_filter
    from ..views import tables

    language = lang_of(lang)
    day = day_or_today(today)
    loaded = shown_plan(plan, language)
    root = loaded.by_id(target) if target else None
    keep = measure_filter(status, owner, dept, overdue, due_within, day, language)
    if json:
        printed_json(loaded, day, root, keep)
        return
    since_day = parse_day(since)  # read for the tables only: with --json it is not looked at
    if by is not None or sort is not None:
        view = _daily(loaded, day, language, by, sort, keep, root, all_)
    else:
        view = tables.status_view(loaded, day, language, root=root, keep=keep,
                                  since=since_day, whole=all_)  # fmt: skip
    shown(view)


def _daily(
    loaded: Any, day: Any, language: str, by: str | None, sort: str | None, keep: Any,
    root: Any, whole: bool,
) -> object:  # fmt: skip
    """`status --by` or `--sort`: grouped by department or owner, or one sorted list."""
    from ..views import daily

    by, sort = choice("--by", by, daily.GROUPINGS), choice("--sort", sort, tuple(daily.SORTS))
    if by is not None:
        return daily.by_view(loaded, day, language, by, keep=keep, root=root, whole=whole,
                             sort=sort or "id")  # fmt: skip
    return daily.sorted_view(loaded, day, language, sort or "id", keep, root)


def printed_json(loaded: Any, day: Any, root: Any, keep: Any) -> None:
    """`--json` (docs/json.md): indented on a terminal, one line when piped, written as made."""
    from ..views.jsonview import plan_json_text

    for piece in plan_json_text(loaded, day, root, keep, pretty=sys.stdout.isatty()):
        typer.echo(piece, nl=False)
    typer.echo("")


def shown(view: object) -> None:
    """A view on the console: a long table written as it goes, not laid out whole."""
    from ..views.grid import Grid

    if isinstance(view, Grid):
        view.write(console())
    else:
        console().print(view)


def choice(option: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    """An option's value among its allowed words; a usage error otherwise."""
    from ..errors import BadUsage

    if value is None or value in allowed:
        return value
    raise BadUsage("bad_choice_option", option=option, value=value, allowed="、".join(allowed))


@handles_errors
def due(
    within: Annotated[int, typer.Option("--within", help="N 天内到期(含已逾期),默认 20")] = 20,
    today: TodayOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """列出已逾期和即将到期的措施 (Measures late or falling due)."""
    from ..views import daily

    language = lang_of(lang)
    day = day_or_today(today)
    shown(daily.due_view(shown_plan(plan, language), day, language, within))


@handles_errors
def find(
    words: Annotated[list[str], typer.Argument(help="要找的词 (都要出现)")],
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """在标题、措施、进展和成效中查找 (Search titles, measures, notes and results)."""
    from ..views import daily

    language = lang_of(lang)
    shown(daily.find_view(shown_plan(plan, language), words, language))


@handles_errors
def show(
    ident: IdArg,
    today: TodayOpt = None,
    json: Annotated[
        bool, typer.Option("--json", help="输出 JSON,与 status 编号 --json 相同 (见 docs/json.md)")
    ] = False,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """显示一个条目的全部信息 (Show one entry in full)."""
    from ..views import tables

    language = lang_of(lang)
    day = day_or_today(today)
    loaded = shown_plan(plan, language)
    node = loaded.by_id(ident)
    if json:
        printed_json(loaded, day, node, None)
        return
    console().print(tables.show(loaded, node, day, language))


@handles_errors
def log(plan: PlanOpt = None, lang: LangOpt = None) -> None:
    """列出本工具记录的修改:时间、经办人、编号、内容 (Show the recorded changes)."""
    from ..messages import t
    from ..planfile import journal

    language, path = lang_of(lang), plan_path(plan)
    entries = journal.read(path)
    if not entries:
        typer.echo(t("log_empty", language))
    lost = _lost_entries(path) if entries else []
    for entry in entries:
        mark = " " + t("log_undone", language) if entry.undone else ""
        mark = " " + t("log_lost", language) if entry in lost else mark
        typer.echo(f"{entry.at}  {entry.by}  {entry.command} {' '.join(entry.ids)}{mark}")
        for line in entry.changes:
            typer.echo("    " + change_line(language, line))


def _lost_entries(path: Path) -> list[Any]:
    """The journal's entries whose edits the plan lost (planfile/lost.py); a plan that does not
    read shows the journal's marks alone."""
    from ..errors import RectifyError
    from ..planfile import lost, reader

    try:
        plan = reader.load(path, cached=True)[0]
    except RectifyError:
        plan = None
    return lost.notices(path, plan).lost
