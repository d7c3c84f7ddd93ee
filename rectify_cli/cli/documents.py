"""The commands that make or read documents: the public notice (report), the ledger (export),
a returned ledger or a published notice (import), and a round's summary."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .app import (
    BreakLinksOpt,
    ByOpt,
    LangOpt,
    PlanOpt,
    TodayOpt,
    change_line,
    console,
    day_or_today,
    handles_errors,
    lang_of,
    plan_for_output,
    plan_path,
    print_issues,
    user,
    visible,
)

if TYPE_CHECKING:
    from datetime import date

    from ..ledger.ledger_import import Import
    from ..model.plan import Plan


@handles_errors
def report(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | md | html | docx")] = "text",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="输出文件 (默认标准输出)")
    ] = None,
    template: Annotated[
        Path | None, typer.Option("--template", help="自定义 Jinja 模板文件")
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option("--template-dir", help="模板文件夹:同名文件替换内置模板 ($RECTIFY_TEMPLATES)"),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="按此日期统计 (默认今天)")] = None,
    stats: Annotated[bool, typer.Option("--stats/--no-stats", help="在第一部分后加统计句")] = False,
    marks: Annotated[bool, typer.Option("--marks", help="每条意见后注明状态 (内部草稿用)")] = False,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """生成整改情况通报:文本、Markdown、HTML 或 Word (Render the public notice)."""
    choose(fmt, ("text", "md", "html", "docx"), binary={"docx": "docx_needs_output"}, output=output)
    day = day_or_today(as_of)
    loaded = plan_for_output(plan, output, lang_of(lang))
    if fmt == "docx":
        from ..notice import docx_writer

        data = docx_writer.render(loaded, day=day, stats=stats, marks=marks)
    else:
        from ..notice import render

        text = render.render(
            loaded, fmt, template=template, folder=template_dir, day=day, stats=stats, marks=marks
        )
        if loaded.document is None or fmt != "text":  # one final newline
            text = text if text.endswith("\n") else text + "\n"
        data = text.encode("utf-8")  # a schema-2 notice exactly as its layout says
    deliver(data, output, lang_of(lang))


def choose(
    fmt: str, allowed: tuple[str, ...], *, binary: dict[str, str], output: Path | None
) -> None:
    """A --format outside `allowed`, or a binary format with no -o: usage errors."""
    from ..errors import BadUsage

    if fmt not in allowed:
        raise BadUsage("bad_choice", what="--format", value=fmt, allowed=" ".join(allowed))
    if fmt in binary and output is None:
        raise BadUsage(binary[fmt])


def workbook(build: Callable[[], bytes], output: Path, language: str) -> bytes:
    """An xlsx for `output`; openpyxl writes it through the system's temporary folder, so a
    full disk there is named as that folder (exit 3)."""
    from ..errors import WriteFailed
    from ..ledger.xlsx_writer import Incomplete

    try:
        return build()
    except OSError as e:
        import tempfile

        from ..messages import t

        reason = t("sheet_incomplete", language) if isinstance(e, Incomplete) else e.strerror
        folder = tempfile.gettempdir()
        raise WriteFailed(
            "temp_unwritable", path=str(output), folder=folder, reason=reason or str(e)
        ) from None


def deliver(data: bytes, output: Path | None, language: str) -> None:
    """To -o, atomically, saying so on stderr; else to standard output, byte for byte."""
    from ..messages import t
    from ..planfile import atomic

    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    atomic.replace_atomically(output, data)
    typer.echo(t("report_written", language, path=str(output)), err=True)


@handles_errors
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="xlsx | csv | json")] = "xlsx",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件")] = None,
    today: TodayOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """导出整改台账:每项措施一行 (Export the ledger: one row per measure)."""
    language = lang_of(lang)
    choose(fmt, ("xlsx", "csv", "json"), binary={"xlsx": "xlsx_needs_output"}, output=output)
    day = day_or_today(today)
    loaded = plan_for_output(plan, output, language)
    deliver(ledger_bytes(loaded, fmt, day, output, language), output, language)


def ledger_bytes(plan: Plan, fmt: str, day: date, output: Path | None, language: str) -> bytes:
    """The ledger in `fmt`: a workbook (with a progress bar on a terminal), CSV or JSON."""
    if fmt == "xlsx":
        from ..ledger import xlsx_writer
        from ..messages import t
        from ..views.tables import progress

        assert output is not None  # choose() refused xlsx without -o
        measures = sum(len(i.measures) for i in plan.items())
        bar = progress(console(), t("exporting", language), measures)
        return workbook(lambda: xlsx_writer.render(plan, day, bar), output, language)
    if fmt == "csv":
        from ..ledger.rows import to_csv

        return to_csv(plan, day)
    from ..views.jsonview import plan_json_text

    pretty = sys.stdout.isatty() and output is None
    return ("".join(plan_json_text(plan, day, pretty=pretty)) + "\n").encode("utf-8")


@handles_errors
def import_(
    source: Annotated[Path, typer.Argument(help="退回的台账 .xlsx,或通报全文 .txt")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="通报导入:新计划文件")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="不询问,直接应用")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示将要做的修改")] = False,
    force: Annotated[bool, typer.Option("--force", help="通报导入:替换已有的计划文件")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="通报导入:逐行列出每行被识别为什么")
    ] = False,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="通报导入:文件编码,如 gb18030")
    ] = None,
    today: TodayOpt = None,
    by: ByOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
    break_links: BreakLinksOpt = False,
) -> None:
    """导入退回的台账 (.xlsx),或从已发布的通报 (.txt) 生成计划 (Import a ledger or a notice)."""
    if source.suffix.lower() == ".txt":
        import_notice(source, output, dry_run, lang_of(lang), force, explain, encoding)
        return
    from ..ledger import ledger_import
    from ..messages import t
    from ..views.tables import progress

    language = lang_of(lang)
    day, path = day_or_today(today), plan_path(plan)
    found = ledger_import.preview(
        path, source, day, lambda rows: progress(console(), t("importing", language), rows)
    )
    show_import(found, language)
    if not found.change.ops:
        typer.echo(t("no_changes", language))
        return
    if dry_run or not (yes or confirm(t("import_confirm", language, n=len(found.change.ops)))):
        typer.echo(t("import_not_applied", language))
        return
    ledger_import.apply(found, user(by), break_links)
    typer.echo(t("import_applied", language, n=len(found.change.ops)))


def confirm(question: str) -> bool:
    """Ask on a terminal; with no one to answer (piped, CI), the answer is no."""
    try:
        return typer.confirm(question)
    except typer.Abort:
        return False


def show_import(found: Import, language: str) -> None:
    """The rows a returned ledger sets aside, its conflicts, then each line it would change."""
    from ..messages import t

    where = str(found.source)
    for row, ident, why in found.reading.unmatched:
        typer.echo(t(why, language, path=where, row=row, id=ident), err=True)
    for row, ident, column, now, value in found.reading.conflicts:
        typer.echo(t("ledger_conflict", language, path=where, row=row, id=ident, column=column,
                     now=now, value=value), err=True)  # fmt: skip
    for line in found.change.shown:
        typer.echo(change_line(language, line))


def import_notice(
    source: Path, output: Path | None, dry_run: bool, language: str, force: bool = False,
    explain: bool = False, encoding: str | None = None,
) -> None:  # fmt: skip
    """`rectify import NOTICE.txt -o PLAN`: what it found, each line it kept as plain text, and
    with --explain each line's classification."""
    from ..errors import BadUsage
    from ..messages import t
    from ..notice import importer

    if output is None:
        raise BadUsage("import_needs_output")
    from ..planfile import finding

    finding.refuse_output(output, [])  # (an existing file needs --force, the notice too)
    found, _text = importer.import_file(
        source, output, encoding=encoding, force=force, write=not dry_run
    )
    where = str(source)
    if explain:
        for line in found.lines:
            typer.echo(f"{line.number:>5}  {line.kind:<12} {(line.marker + line.rest)[:50]}")
    texts = {line.number: line.text for line in found.lines}
    kept = [number for number, key in found.warnings if key == "kept_as_text" and number]
    for number in kept[:_KEPT_SHOWN]:
        text = visible(texts.get(number, "")[:40])
        shown = {"path": where, "line": number, "text": text}
        typer.echo(t("import_kept_line", language, **shown), err=True)
    if len(kept) > _KEPT_SHOWN:
        typer.echo(t("import_kept_more", language, n=len(kept) - _KEPT_SHOWN), err=True)
    for number, key in found.warnings:  # (those of the whole notice: line 0)
        if not number:
            whole = "import_all_text" if key == "kept_as_text" else "import_unbound"
            typer.echo(t(whole, language), err=True)
    if found.truncated:
        last = max((x.number for x in found.lines if x.kind != "blank"), default=1)
        typer.echo(t("import_truncated", language, path=where, line=last), err=True)
    _unprintable(found.lines, where, language)
    typer.echo(t("import_found", language, **importer.summary(found)))
    if dry_run:
        typer.echo(t("import_dry_run", language, path=str(output)), err=True)
        return
    counts = {"items": sum(1 for _ in found.plan.items()),
              "measures": sum(1 for _ in found.plan.measures())}  # fmt: skip
    typer.echo(t("import_written", language, path=str(output), **counts))


def _unprintable(lines: Any, where: str, language: str) -> None:
    """Each line holding a character a Word file cannot hold, named (validate warns of it too)."""
    from ..messages import t
    from ..planfile.nodes import UNPRINTABLE

    for line in lines:
        found = UNPRINTABLE.search(line.text)
        if found is not None:
            char = f"U+{ord(found.group()):04X}"
            shown = {"path": where, "line": line.number, "col": found.start() + 1, "char": char}
            typer.echo(t("import_unprintable", language, **shown), err=True)


_KEPT_SHOWN = 20  # lines kept as text named one by one; --explain lists every line


def json_text(data: Any, pretty: bool | None = None) -> str:
    """JSON indented for a person at a terminal; on one line when piped or written to a file,
    where the C encoder is five times faster (10,000 measures: 0.9 s → 0.3 s)."""
    import json

    if pretty is None:
        pretty = sys.stdout.isatty()
    return json.dumps(data, ensure_ascii=False, indent=2 if pretty else None)


@handles_errors
def summary(
    paths: Annotated[list[Path], typer.Argument(help="各单位的计划文件,或存放计划文件的文件夹")],
    json: Annotated[bool, typer.Option("--json", help="输出 JSON (见 docs/json.md)")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="另存为 .xlsx")] = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """一轮巡察的汇总:每个单位一行,加合计 (Round summary over many units' plans)."""
    from ..ledger import rounds as workbooks
    from ..model import rounds
    from ..planfile import finding

    language = lang_of(lang)
    day = day_or_today(today)
    found = finding.read_round(paths, day, lambda issues: print_issues(issues, language))
    if json:
        typer.echo(json_text(rounds.to_json(found.units, day)))
    elif output is not None:
        finding.refuse_output(output, found.plans)
        deliver(
            workbook(lambda: workbooks.to_xlsx(found.units), output, language), output, language
        )
    else:
        from ..views import tables

        console().print(tables.round_table(found.units, language))
        typer.echo(rounds.sentence(found.units))
    if found.failed:
        raise typer.Exit(4)


@handles_errors
def chart(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件:.svg 或 .png")],
    kind: Annotated[
        str, typer.Option("--kind", help="progress(各方面进度)或 timeline(完成情况随时间)")
    ] = "progress",
    as_of: Annotated[str | None, typer.Option("--as-of", help="按此日期统计 (默认今天)")] = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """生成进度图:各方面进度或完成情况随时间,SVG 或 PNG (Draw a progress chart)."""
    from ..errors import BadUsage
    from ..views import charts
    from .reading import choice

    language = lang_of(lang)
    choice("--kind", kind, charts.KINDS)
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        raise BadUsage("chart_format", path=str(output))
    day = day_or_today(as_of)
    loaded = plan_for_output(plan, output, language)
    deliver(charts.render(loaded, kind, fmt, day, language), output, language)
