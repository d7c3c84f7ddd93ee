"""An input file opened for reading: only a regular file, and only within its size limit.

A device (`/dev/zero` never ends), a named pipe (a read waits for a writer that may never come)
or a socket is refused before it is read, by what `stat` says; the file is then opened without
blocking and looked at again, so that one swapped in meanwhile is refused too. Its size is
checked against its limit (settings.py) before a byte is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import PlanUnreadable
from ..settings import within


def kind(mode: int) -> str | None:
    """What a file that is not a regular one is (a message's `what`); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "socket" if stat.S_ISSOCK(mode) else "other"


def regular(path: Path, status: os.stat_result) -> None:
    """Refuse a path that `status` shows is no regular file (a folder is left to the caller)."""
    found = kind(status.st_mode)
    if found is not None and not stat.S_ISDIR(status.st_mode):
        raise PlanUnreadable("not_regular", path=str(path), what=found)


def read_bytes(path: Path, variable: str, what: str) -> bytes:
    """The bytes of the regular file `path`, refused (TooLarge) over the limit `variable` sets.
    Raises OSError as Path.read_bytes does (missing, a folder, no permission)."""
    regular(path, os.stat(path))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as f:
        status = os.fstat(f.fileno())
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(21, os.strerror(21), str(path))
        regular(path, status)
        within(variable, status.st_size, str(path), what)
        return f.read()
