"""The notice rendered through Jinja templates (text, Markdown, HTML). Returns strings."""

from __future__ import annotations

import os
import re
import traceback
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import TemplateProblem
from ..model.numbering import cn, marker
from ..model.plan import Plan, count
from .blocks import as_of, blocks, stats_sentence

FORMATS = {"text": "notice.txt.j2", "md": "notice.md.j2", "html": "notice.html.j2"}
# What opens or closes inline markup anywhere in a line: emphasis, code, links, raw HTML and
# autolinks, GFM's tables and ~~strike~~; `&` too: `&amp;` in the plan must print as those
# five characters, not as an entity.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~])")
# What Markdown drops or reads as structure where it stands: the spaces that start a line
# (four make a code block) or end it, and a line break (which would end the block or open
# another); each is written as its character reference, which stands for the character alone.
_MD_EDGE = re.compile(r"^\s+|\s+$|[\r\n]")
# What opens a list or a rule only at the start of a line: `- `, `+ `, `=`, `1. `, `1) `.
_MD_LINE_START = re.compile(r"^([ \t]*)([-+=]|\d+(?=[.)](?:[ \t]|$)))")


def templates_dir() -> Path:
    """The built-in templates: shipped in the wheel, or templates/ in a source checkout."""
    packaged = resources.files("rectify_cli").joinpath("templates")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"  # rectify_cli/notice/ → the checkout


def md_escape(text: str) -> str:
    """Text that Markdown shows as itself and nothing else: what it would read as markup
    backslash-escaped (`<交通强国建设纲要>`, `~~删除~~`), the spaces at either end and line
    breaks as character references (`&#32;`), so that the text stays one line of one block."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    escaped = _MD_LINE_START.sub(_escape_line_start, escaped)
    return _MD_EDGE.sub(_references, escaped)


def _references(m: re.Match[str]) -> str:
    return "".join(f"&#{ord(c)};" for c in m.group())


def _escape_line_start(m: re.Match[str]) -> str:
    """`- x` → `\\- x`; `1. x` → `1\\. x` (the escaped `.` no longer opens a list)."""
    indent, mark = m.group(1), m.group(2)
    return indent + (mark + "\\" if mark.isdigit() else "\\" + mark)


def user_folders(template: Path | None, folder: Path | None) -> list[Path]:
    """Where templates are looked for before the built-ins: the custom template's own folder,
    then --template-dir, then $RECTIFY_TEMPLATES. A file there named like a built-in one
    (notice.html.j2) replaces it."""
    found = [template.parent] if template else []
    if folder is not None:
        found.append(folder)
    from ..settings import value

    named = value("RECTIFY_TEMPLATES")
    if named:
        found.append(Path(named))
    return found


class FolderLoader(jinja2.FileSystemLoader):
    """A template folder's files and only those: a name whose file lies outside the folder
    once links are followed (a symlink put in the folder, or in a folder under it, pointing
    elsewhere) is not found, as a name with `..` is not. The template named on the command
    line (`named`) is the clerk's own choice and may be a link."""

    def __init__(self, folder: Path, named: str | None = None) -> None:
        super().__init__(str(folder))
        self.root = os.path.realpath(folder)
        self.named = named

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        if template != self.named:
            real = os.path.realpath(filename)
            if os.path.commonpath([real, self.root]) != self.root:
                raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


def environment(
    folders: list[Path] | None = None, *, html: bool = False, named: Path | None = None
) -> ImmutableSandboxedEnvironment:
    """Templates run in Jinja's immutable sandbox with strict undefined names; the user's
    folders are searched before the built-ins, so a custom template can extend or replace a
    built-in one, and a template reads only the files of these folders (FolderLoader;
    `named` is the custom template). For HTML output every template escapes, whatever its
    file name."""
    loaders: list[jinja2.BaseLoader] = [
        FolderLoader(f, named.name if named is not None and f == named.parent else None)
        for f in folders or []
    ]
    loaders.append(FolderLoader(templates_dir()))
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True if html else jinja2.select_autoescape(["html", "htm", "html.j2", "htm.j2"]),
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md_escape
    env.filters["cn"] = cn
    env.globals["marker"] = marker
    return env


def render(
    plan: Plan,
    fmt: str,
    *,
    template: Path | None = None,
    folder: Path | None = None,
    day: date,
    stats: bool = False,
    marks: bool = False,
) -> str:
    """The notice in `fmt` (or through a custom template), as of `day`."""
    shown = as_of(plan, day)
    if shown.document is not None and fmt == "text" and template is None:
        from .assemble import join, paragraphs  # a schema-2 notice: its text, as its layout says

        return join(paragraphs(shown, day, stats), shown.document)
    env = environment(user_folders(template, folder), html=fmt == "html", named=template)
    name = template.name if template else FORMATS[fmt]
    if shown.document is not None:
        from .assemble import as_blocks

        shown_blocks = as_blocks(shown, day, stats, title=fmt != "text")
    else:
        shown_blocks = blocks(
            shown, stats_on=day if stats else None, marks=marks,
            title=None if fmt == "text" else True,
        )  # fmt: skip
    context: dict[str, Any] = {
        "plan": shown,
        "blocks": shown_blocks,
        "counts": count(shown.items(), day),
        "stats": stats_sentence(count(shown.items(), day), day, plan.full_width),
        "as_of": day,
        "format": fmt,
    }
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as e:
        raise TemplateProblem("template_missing", name=str(e.name)) from None
    except jinja2.TemplateSyntaxError as e:
        raise TemplateProblem(
            "template_error", where=f"{e.filename or name}:{e.lineno}", problem=e.message or ""
        ) from None
    except jinja2.TemplateError as e:  # undefined names, sandbox refusals
        raise TemplateProblem("template_error", where=_where(e, name), problem=str(e)) from None
    except Exception as e:  # the template's own mistakes: 1/0, a wrong call, including itself
        problem = f"{type(e).__name__}: {e}"
        raise TemplateProblem("template_error", where=_where(e, name), problem=problem) from None


def _where(error: BaseException, name: str) -> str:
    """file:line of the template line that failed: Jinja rewrites the traceback so that its
    frames name the template files."""
    frames = [
        f for f in traceback.extract_tb(error.__traceback__)
        if not f.filename.endswith(".py") and not f.filename.startswith("<")
    ]  # fmt: skip
    if frames:
        return f"{frames[-1].filename}:{frames[-1].lineno}"
    return name
