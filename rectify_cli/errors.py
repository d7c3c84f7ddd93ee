"""One exception family; each class owns its exit code (see README, 退出码)."""

from __future__ import annotations

from typing import Any, NamedTuple


class ExitCode:
    OK = 0
    USAGE = 2  # Typer's own code for a wrong command line
    UNREADABLE = 3
    INVALID = 4
    UNKNOWN_ID = 5
    REFUSED = 6
    LOCKED = 7
    MISSING_EXTRA = 8
    TEMPLATE = 9


class Issue(NamedTuple):
    """One problem found in a plan file, pinned to its place."""

    path: str
    line: int  # 1-based
    col: int  # 1-based
    key: str  # message key in messages.CATALOG
    args: dict[str, Any]
    warning: bool = False

    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class RectifyError(Exception):
    """Base of every error the user can cause; carries a message key and an exit code."""

    exit_code = 1

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


class BadUsage(RectifyError):
    """A wrong command line that Typer cannot see (a bad date, an option that needs another)."""

    exit_code = ExitCode.USAGE


class PlanUnreadable(RectifyError):
    exit_code = ExitCode.UNREADABLE


class PlanInvalid(RectifyError):
    """An input file has errors; `issues` holds every one of them. `subject` says which kind
    of file it is (plan, ledger or notice), for the closing line."""

    exit_code = ExitCode.INVALID

    def __init__(self, issues: list[Issue], subject: str = "plan") -> None:
        super().__init__(f"{subject}_invalid", count=sum(not i.warning for i in issues))
        self.issues = issues


class WriteFailed(RectifyError):
    """The file system refused a write (read-only folder, full disk): nothing was changed."""

    exit_code = ExitCode.UNREADABLE


class UnknownId(RectifyError):
    exit_code = ExitCode.UNKNOWN_ID


class Refused(RectifyError):
    exit_code = ExitCode.REFUSED


class Locked(RectifyError):
    exit_code = ExitCode.LOCKED


class MissingExtra(RectifyError):
    """An optional dependency (python-docx) is not installed."""

    exit_code = ExitCode.MISSING_EXTRA


class TemplateProblem(RectifyError):
    exit_code = ExitCode.TEMPLATE
