"""The files `rectify init` writes: the commented starter plan and the bundled example, created
without ever replacing a file."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import PlanUnreadable, Refused
from .atomic import default_mode
from .finding import bundled_plan


def starter_text() -> str:
    """The commented plan that `rectify init` writes."""
    from importlib import resources

    return (
        resources.files("rectify_cli.planfile").joinpath("starter.yaml").read_text(encoding="utf-8")
    )


def example_text() -> str:
    return bundled_plan().read_text(encoding="utf-8")


def create(path: Path, text: str) -> None:
    """Write a new file; never replace an existing one, even one created meanwhile."""
    import tempfile

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
            os.chmod(tmp, default_mode())
            try:
                os.link(tmp, path)  # fails if the file appeared in the meantime
            except FileExistsError:
                raise Refused("init_exists", path=str(path)) from None
        finally:
            os.unlink(tmp)
    except OSError as e:
        raise PlanUnreadable(
            "file_unwritable", path=str(path), reason=e.strerror or str(e)
        ) from None
