"""The commands that write a plan: init, done, reopen, set, note, undo. Every edit goes through
the one safe writer (planfile.transaction) and is shown line by line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import (
    BreakLinksOpt,
    ByOpt,
    IdArg,
    LangOpt,
    PlanOpt,
    change_line,
    complete_id,
    day_or_today,
    foreign_notices,
    handles_errors,
    lang_of,
    parse_day,
    plan_path,
    user,
)

if TYPE_CHECKING:
    from ..model.changes import Change
    from ..model.plan import Plan
    from ..planfile.decoding import Source

IdsArg = Annotated[
    list[str], typer.Argument(help="一个或多个编号,如 2.1.3", autocompletion=complete_id)
]
OnOpt = Annotated[
    str | None, typer.Option("--on", help="日期 YYYY-MM-DD (默认今天)", show_default=False)
]
EvidenceOpt = Annotated[
    str | None, typer.Option("--evidence", help="佐证材料:文件名或说明", show_default=False)
]


def apply_change(
    command: str,
    plan: str | None,
    lang: str | None,
    on: str | None,
    by: str | None,
    make: Callable[[Plan, date, str], Change],
    break_links: bool = False,
) -> None:
    """One edit through the safe writer, then what was so already, each line, each item's
    status, and what another program did to the plan (foreign_notices)."""
    from ..messages import t
    from ..model.changes import items_shown
    from ..planfile import transaction

    language, day, who, path = lang_of(lang), day_or_today(on), user(by), plan_path(plan)
    after: Plan | None = None
    try:  # `make` works out the change from the plan as it is read under the lock
        change, after = transaction.change(
            path, command, who, lambda p: make(p, day, who), break_links
        )
    finally:
        foreign_notices(path, language, after)
    shown = [t(key, language, id=ident) for ident, key in change.unchanged]
    if change.ops:
        shown += [change_line(language, line) for line in change.shown]
        for item in items_shown(change, after):
            status = t(item.status.value, language)
            shown.append(t("item_state", language, id=item.id, title=item.title, status=status))
    else:
        shown.append(t("no_changes", language))
    typer.echo("\n".join(shown))  # in one write: an echo a line is 0.2 M instructions of `done`


@handles_errors
def init(
    path: Annotated[Path, typer.Argument(help="新计划文件的位置")] = Path("data/items.yaml"),
    example: Annotated[bool, typer.Option("--example", help="写入随附的完整示例计划")] = False,
    lang: LangOpt = None,
) -> None:
    """新建一个带说明注释的计划文件,绝不覆盖已有文件 (Create a new plan; never overwrites)."""
    from ..messages import t
    from ..planfile import starter

    starter.create(path, starter.example_text() if example else starter.starter_text())
    typer.echo(t("init_done", lang_of(lang), path=str(path)))


@handles_errors
def done(
    ids: IdsArg,
    on: OnOpt = None,
    by: ByOpt = None,
    note: Annotated[str | None, typer.Option("--note", help="同时记一条进展")] = None,
    evidence: EvidenceOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
    break_links: BreakLinksOpt = False,
) -> None:
    """标记措施已完成;给出意见、问题或方面的编号则标记其下全部措施 (Mark measures done)."""
    from ..model.changes import set_status
    from ..model.plan import Status

    def marked(p: Plan, day: date, who: str) -> Change:
        return set_status(p.by_ids(ids), Status.DONE, day, who, note, evidence)

    apply_change("done", plan, lang, on, by, marked, break_links)


@handles_errors
def reopen(
    ids: IdsArg, by: ByOpt = None, plan: PlanOpt = None, lang: LangOpt = None,
    break_links: BreakLinksOpt = False,
) -> None:  # fmt: skip
    """把已完成的措施改回“正在整改” (Reopen measures: back to in progress)."""
    from ..model.changes import set_status
    from ..model.plan import Status

    def reopened(p: Plan, day: date, who: str) -> Change:
        return set_status(p.by_ids(ids), Status.DOING, day, None)  # the journal names who

    apply_change("reopen", plan, lang, None, by, reopened, break_links)


@handles_errors
def set_(
    ids: IdsArg,
    status: Annotated[
        str | None, typer.Option("--status", help="todo|doing|done|ongoing 或中文")
    ] = None,
    due: Annotated[str | None, typer.Option("--due", help="整改时限 YYYY-MM-DD")] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="责任领导")] = None,
    dept: Annotated[str | None, typer.Option("--dept", help="责任部门")] = None,
    on: OnOpt = None,
    by: ByOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
    break_links: BreakLinksOpt = False,
) -> None:
    """设置状态、整改时限、责任领导、责任部门 (Set status, deadline, owner, department)."""
    from ..errors import BadUsage
    from ..model.changes import settings
    from ..model.filters import parse_status

    values: dict[str, str | date] = {k: v for k, v in (("owner", owner), ("dept", dept)) if v}
    deadline = parse_day(due)
    if deadline is not None:
        values["due"] = deadline
    new_status = parse_status(status) if status else None
    if new_status is None and not values:
        raise BadUsage("nothing_to_set")

    def changed(p: Plan, day: date, who: str) -> Change:
        return settings(p.by_ids(ids), values, new_status, day, who)

    apply_change("set", plan, lang, on, by, changed, break_links)


@handles_errors
def note(
    ident: IdArg,
    text: Annotated[str, typer.Argument(help="进展内容")],
    on: OnOpt = None,
    evidence: EvidenceOpt = None,
    by: ByOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
    break_links: BreakLinksOpt = False,
) -> None:
    """给反馈意见或措施记一条带日期的进展 (Add a dated progress note)."""
    from ..model.changes import progress_note
    from ..model.plan import Note

    def noted(p: Plan, day: date, who: str) -> Change:
        return progress_note(p, ident, Note(day, text, evidence, who))

    apply_change("note", plan, lang, on, by, noted, break_links)


@handles_errors
def undo(plan: PlanOpt = None, lang: LangOpt = None, break_links: BreakLinksOpt = False) -> None:
    """撤销本工具的上一次修改,文件逐字节恢复 (Undo the last change, byte for byte)."""
    from ..messages import t
    from ..planfile import transaction

    language, path = lang_of(lang), plan_path(plan)
    told: list[str] = []
    try:
        entry = transaction.undo(path, break_links, told)
    finally:
        foreign_notices(path, language)
    typer.echo(t("undone", language, at=entry.at, by=entry.by, command=entry.command,
                 ids=" ".join(entry.ids)))  # fmt: skip
    for reason in told:  # the plan is restored; only the journal's mark of it is missing
        typer.echo(t("undone_unrecorded", language, reason=reason), err=True)


@handles_errors
def reapply(
    forget: Annotated[
        bool, typer.Option("--forget", help="不再应用,也不再提示(这些修改记为已撤销)")
    ] = False,
    by: ByOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
    break_links: BreakLinksOpt = False,
) -> None:
    """重新应用被其他程序保存覆盖而丢失的修改 (Apply again the edits a save lost)."""
    from ..errors import Refused
    from ..messages import t
    from ..planfile import lost

    path = plan_path(plan)
    if forget:
        typer.echo(t("lost_forgotten", lang_of(lang), count=lost.forget(path)))
        return

    def again(p: Plan, day: date, who: str) -> Change:
        found = lost.marked(path, p)  # marked by the writer, under the lock, just before
        if not found:
            raise Refused("nothing_lost", path=str(path))
        return lost.missing(p, found)

    apply_change("reapply", plan, lang, None, by, again, break_links)


@handles_errors
def migrate(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只显示迁移后的计划,不改动文件")
    ] = False,
    by: ByOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
    break_links: BreakLinksOpt = False,
) -> None:
    """把计划文件迁移到第 2 版格式:通报逐字节不变,台账不变,可撤销 (Rewrite a plan to schema 2)."""
    from ..messages import t
    from ..notice.migration import to_schema2
    from ..planfile import transaction
    from ..planfile.comments import node_comments
    from ..planfile.decoding import read
    from ..planfile.emit import dump
    from ..planfile.reader import parse

    language, path = lang_of(lang), plan_path(plan)
    source = read(path)
    current, _ = parse(source)
    if current.document is not None:
        typer.echo(t("migrate_already", language, path=str(path)))
        return

    def make(old: Plan, text: Source) -> tuple[str, Plan]:
        """The new text, each item's and measure's comments kept with it."""
        new = to_schema2(old, str(path))
        return dump(new, node_comments(text)), new

    if dry_run:
        typer.echo(make(current, source)[0], nl=False)
        typer.echo(t("migrate_dry_run", language, path=str(path)), err=True)
        return
    _before, after = transaction.rewrite(path, "migrate", user(by), make, break_links)
    measures = sum(1 for _ in after.measures())
    typer.echo(t("migrate_done", language, path=str(path), measures=measures))


@handles_errors
def doctor(
    fix: Annotated[
        bool, typer.Option("--fix", help="修复:损坏的部分移到一旁另存,不删除任何内容")
    ] = False,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """检查并修复计划旁的工具文件夹 .rectify/,不改动计划文件 (Check and repair the tool folder)."""
    from ..messages import t
    from ..planfile import doctor as examining
    from ..planfile.toolfolder import folder

    language, path = lang_of(lang), plan_path(plan)
    problems = examining.examine(path)
    if not problems:
        typer.echo(t("doctor_ok", language, path=str(folder(path))))
        return
    for key, where, line, field in problems:
        typer.echo(t(key, language, path=str(where), line=line, field=field))
    if not fix:
        typer.echo(t("doctor_fix_hint", language), err=True)
        raise typer.Exit(3)
    for key, args in examining.repair(path, problems):
        typer.echo(t(key, language, **args))
