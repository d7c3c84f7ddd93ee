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
    TOO_LARGE = 10


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

    def __init_subclass__(cls, exit_code: int, **kwargs: Any) -> None:
        """Each kind of error names its exit code in its class statement."""
        super().__init_subclass__(**kwargs)
        cls.exit_code = exit_code

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


class BadUsage(RectifyError, exit_code=ExitCode.USAGE):
    """A wrong command line that Typer cannot see (a bad date, an option that needs another)."""


class PlanUnreadable(RectifyError, exit_code=ExitCode.UNREADABLE):
    """A file that cannot be read, or a new plan not made: missing, a folder, no permission."""


class PlanInvalid(RectifyError, exit_code=ExitCode.INVALID):
    """An input file has errors; `issues` holds every one of them. `subject` says which kind
    of file it is (plan, ledger or notice), for the closing line."""

    def __init__(self, issues: list[Issue], subject: str = "plan") -> None:
        super().__init__(f"{subject}_invalid", count=sum(not i.warning for i in issues))
        self.issues = issues


class BadEnvironment(RectifyError, exit_code=ExitCode.USAGE):
    """RECTIFY_* variables that do not hold what they should: `wrong` holds each one, as
    (name, its text, the message key of what it should hold)."""

    def __init__(self, wrong: list[tuple[str, str, str]]) -> None:
        super().__init__("env_invalid", count=len(wrong))
        self.wrong = wrong


class TooLarge(RectifyError, exit_code=ExitCode.TOO_LARGE):
    """An input over one of the size limits (settings.py): refused before it is read."""


class WriteFailed(RectifyError, exit_code=ExitCode.UNREADABLE):
    """The file system refused a write (read-only folder, full disk): nothing was changed."""


class UnknownId(RectifyError, exit_code=ExitCode.UNKNOWN_ID):
    """An ID that is malformed, or that the plan does not have."""


class Refused(RectifyError, exit_code=ExitCode.REFUSED):
    """A command refused as unsafe or impossible on the files as they are: nothing is changed."""


class Locked(RectifyError, exit_code=ExitCode.LOCKED):
    """Another command holds the plan's lock, longer than a command waits for it."""


class MissingExtra(RectifyError, exit_code=ExitCode.MISSING_EXTRA):
    """An optional dependency (python-docx) is not installed."""


class TemplateProblem(RectifyError, exit_code=ExitCode.TEMPLATE):
    """A report template that is missing or has an error."""
