"""The only module that touches the plan file: find it, read and decode it, parse it with
positions, and hand back the model or every problem found."""

from __future__ import annotations

import gc
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import Issue, PlanInvalid, PlanUnreadable, Refused
from .model import Plan
from .schema import Builder, scan_key_slips

DEFAULT_PLAN = Path("data") / "items.yaml"
BOM = "\ufeff"


@dataclass(frozen=True)
class Source:
    """The plan file as read: its decoded text and the file conventions to keep on writing."""

    path: Path
    text: str  # without the BOM
    raw: bytes
    bom: bool

    @property
    def crlf(self) -> bool:
        return "\r\n" in self.text


def bundled_plan() -> Path:
    """The example plan shipped in the wheel (or, from a source checkout, data/items.yaml)."""
    packaged = resources.files("rectify_cli").joinpath("bundled", "items.yaml")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / DEFAULT_PLAN


def locate(option: str | None) -> tuple[Path, bool]:
    """--plan FILE, else $RECTIFY_PLAN, else ./data/items.yaml; (path, is_bundled_fallback)."""
    chosen = option or os.environ.get("RECTIFY_PLAN")
    if chosen:
        return Path(chosen), False
    if DEFAULT_PLAN.exists():
        return DEFAULT_PLAN, False
    return bundled_plan(), True


def read(path: Path) -> Source:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlanUnreadable("file_missing", path=str(path)) from None
    except IsADirectoryError:
        raise PlanUnreadable("file_is_dir", path=str(path)) from None
    except OSError as e:
        raise PlanUnreadable(
            "file_unreadable", path=str(path), reason=e.strerror or str(e)
        ) from None
    return Source(path, decode(raw, str(path)), raw, raw.startswith(b"\xef\xbb\xbf"))


def decode(raw: bytes, path: str) -> str:
    """UTF-8 (a BOM is accepted and dropped); anything else is refused with a useful guess."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanInvalid([Issue(path, 1, 1, "utf16", {})])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        try:
            raw.decode("gbk")
            key = "gbk"
        except UnicodeDecodeError:
            key = "not_utf8"
        raise PlanInvalid([Issue(path, line, col, key, {})]) from None
    return text[1:] if text.startswith(BOM) else text


def compose(text: str, path: str) -> yaml.Node | None:
    """Parse to a node tree with positions; refuse anchors and aliases (no alias bombs)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if "&" in text or "*" in text:
        issues = [
            Issue(path, line, col, key, {"name": name})
            for line, col, key, name in _anchors(text, loader)
        ]
        if issues:
            raise PlanInvalid(issues)
    enabled = gc.isenabled()
    gc.disable()  # the node tree is large and acyclic: collecting during the build only costs
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as e:
        line, col = _position(e.problem_mark or e.context_mark)
        problem = " ".join(p for p in (e.context, e.problem) if p)
        line_text = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        raise PlanInvalid(
            [
                Issue(
                    path,
                    line,
                    col,
                    "yaml_syntax",
                    {"problem": problem, "cause": _syntax_hint(problem, line_text)},
                )
            ]
        ) from None
    except yaml.YAMLError as e:
        raise PlanInvalid(
            [Issue(path, 1, 1, "yaml_syntax", {"problem": str(e), "cause": ""})]
        ) from None
    finally:
        if enabled:
            gc.enable()


def _anchors(text: str, loader: type) -> list[tuple[int, int, str, str]]:
    found: list[tuple[int, int, str, str]] = []
    try:
        for ev in yaml.parse(text, Loader=loader):
            if isinstance(ev, yaml.AliasEvent):
                found.append((*_position(ev.start_mark), "alias", ev.anchor or ""))
            elif isinstance(ev, yaml.NodeEvent) and ev.anchor:
                found.append((*_position(ev.start_mark), "anchor", ev.anchor))
    except yaml.YAMLError:
        pass  # compose() reports the syntax error with its position
    return found


def _position(mark: Any) -> tuple[int, int]:
    """1-based line and column of a mark (libyaml's and PyYAML's alike)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _syntax_hint(problem: str, line_text: str) -> str:
    if "\t" in problem or "'\\t'" in problem or line_text.lstrip(" ").startswith("\t"):
        return "tab"
    if "：" in line_text:
        return "fullwidth_colon"
    if "mapping values are not allowed" in problem:
        return "colon_in_text"
    return ""


def parse(source: Source, today: date | None = None) -> tuple[Plan, list[Issue]]:
    """The plan and its warnings; raise PlanInvalid with every error (and warning) found."""
    path = str(source.path)
    root = compose(source.text, path)
    if root is None:
        raise PlanInvalid([Issue(path, 1, 1, "empty_file", {})])
    builder = Builder(path, today or date.today())
    builder.issues.extend(scan_key_slips(source.text, path))
    plan = builder.plan(root) if builder.check_tags(root) else None
    issues = sorted(builder.issues, key=lambda i: (i.line, i.col))
    if plan is None or any(not i.warning for i in issues):
        raise PlanInvalid(issues)
    return plan, issues


def load(path: Path, today: date | None = None) -> tuple[Plan, list[Issue]]:
    return parse(read(path), today)


def starter_text() -> str:
    """The commented plan that `rectify init` writes."""
    return resources.files("rectify_cli").joinpath("starter.yaml").read_text(encoding="utf-8")


def example_text() -> str:
    return bundled_plan().read_text(encoding="utf-8")


def create(path: Path, text: str) -> None:
    """Write a new file; never replace an existing one, even one created meanwhile."""
    if path.exists():
        raise Refused("init_exists", path=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".rectify-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.link(tmp, path)  # fails if the file appeared in the meantime
        finally:
            os.unlink(tmp)
    except FileExistsError:
        raise Refused("init_exists", path=str(path)) from None
    except OSError as e:
        raise PlanUnreadable(
            "file_unwritable", path=str(path), reason=e.strerror or str(e)
        ) from None
