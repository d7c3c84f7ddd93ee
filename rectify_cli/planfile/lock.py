"""The plan's lock: one writer at a time, released by the kernel when its holder dies."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import Locked, PlanUnreadable, WriteFailed
from ..settings import value


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None, named: Path | None = None) -> Iterator[None]:
    """Hold the plan's lock. The kernel drops it when its holder dies, so a killed process
    never blocks the next one; a live holder makes us wait `timeout` seconds, then fail
    (saying so of the plan as `named`, else as `path`)."""
    from .toolfolder import adopt, ensure_folder, file_for

    if not path.exists():  # say so, rather than fail to create .rectify/ in a missing folder
        raise PlanUnreadable("file_missing", path=str(path))
    try:
        ensure_folder(path)
        where = file_for(path, "lock")  # the real file's: every name of it takes this one
        fd = os.open(where, os.O_RDWR | os.O_CREAT, 0o644)
        adopt(where, path)
    except OSError as e:
        reason = e.strerror or str(e)
        raise WriteFailed("file_unwritable", path=str(path.parent), reason=reason) from None
    wait = value("RECTIFY_LOCK_TIMEOUT") if timeout is None else timeout
    deadline = time.monotonic() + wait
    try:
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise Locked("locked", path=str(named or path))
            time.sleep(0.05)
        _sweep(path)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _sweep(path: Path) -> None:
    """Remove what a writer killed between its temporary file and the rename left beside the
    plan, and in its tool folder the same of the plan's own files there (its journal, state,
    cache): with the lock held, no live process is writing one (replace_atomically's names;
    a cache written meanwhile by a command that only reads is best effort, a miss at worst)."""
    target = Path(os.path.realpath(path))
    beside = re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}\.tmp")
    inside = re.compile(re.escape(f".{target.name}.") + r"[a-z0-9.]+\.[a-z0-9_]{8}\.tmp")
    for folder, stale in ((target.parent, beside), (target.parent / ".rectify", inside)):
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if stale.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
