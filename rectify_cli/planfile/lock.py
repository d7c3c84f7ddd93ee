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
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the plan's lock. The kernel drops it when its holder dies, so a killed process
    never blocks the next one; a live holder makes us wait `timeout` seconds, then fail."""
    from .toolfolder import ensure_folder

    if not path.exists():  # say so, rather than fail to create .rectify/ in a missing folder
        raise PlanUnreadable("file_missing", path=str(path))
    try:
        where = ensure_folder(path)
        fd = os.open(where / f"{path.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        reason = e.strerror or str(e)
        raise WriteFailed("file_unwritable", path=str(path.parent), reason=reason) from None
    wait = value("RECTIFY_LOCK_TIMEOUT") if timeout is None else timeout
    deadline = time.monotonic() + wait
    try:
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise Locked("locked", path=str(path))
            time.sleep(0.05)
        _sweep(path)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _sweep(path: Path) -> None:
    """Remove what a writer killed between its temporary file and the rename left beside the
    plan: with the lock held, no live process is writing one (replace_atomically's names)."""
    target = Path(os.path.realpath(path))
    stale = re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}\.tmp")
    with contextlib.suppress(OSError), os.scandir(target.parent) as entries:
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
