"""What must hold before rectify replaces the plan, and what keeps another program's write from
being lost when it does not (docs/reliability.md, "Other programs writing the plan").

Before anything is made: the plan may be written (not marked read-only, the user may write it)
and has no second name (a hard link the rename would split off), unless `--break-links`.

Under the lock: the plan is read only while no process has it open for writing (a read lease,
which Linux grants exactly then), and its identity (device, inode, size, mtime) is the same
after the read as before. Right before the rename: the same bytes (atomic.py), the same
identity, still nobody writing it (or, where the kernel cannot tell, not written in the last
moments: a young file is given a moment to settle and looked at again). Then the inode that is
about to be replaced is linked as `.rectify/NAME.replaced`, and its size and mtime recorded in
`.rectify/NAME.state`: a writer that still writes into it loses nothing, and the next command
sees that it changed after the edit, keeps it as `.rectify/NAME.other-….yaml` and says so.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import PlanUnreadable, Refused, WriteFailed
from .toolfolder import adopt, file_for, folder

WAIT = 5.0  # how long a command waits for another program to finish writing the plan
YOUNG = 2.0  # a file written this recently (s) may still be being written
SETTLE = 0.25  # how long a young file is left before it is looked at again
POLL = 0.02


def identity(found: os.stat_result) -> tuple[int, int, int, int]:
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns


def check_writable(path: Path, real: Path, break_links: bool) -> None:
    """Refuse, before anything is made, a plan marked read-only, one the user may not write,
    and one with another name (a hard link) unless `break_links`."""
    try:
        found = os.stat(real)
    except FileNotFoundError:
        raise PlanUnreadable("file_missing", path=str(path)) from None
    except OSError:
        return  # the read says what is wrong
    if not stat.S_ISREG(found.st_mode):
        return
    mode = f"{found.st_mode & 0o7777:04o}"
    if not found.st_mode & 0o222:  # even root keeps off a file its owner marked read-only
        raise WriteFailed("plan_read_only", path=str(path), mode=mode)
    if not os.access(real, os.W_OK):
        raise WriteFailed("plan_not_writable", path=str(path), owner=_name(found.st_uid), mode=mode)
    links = found.st_nlink - sum(1 for _ in _our_links(real, found))
    if links > 1 and not break_links:
        raise Refused("plan_hard_links", path=str(path), links=links)


def _our_links(real: Path, found: os.stat_result) -> Iterator[Path]:
    """The names in the tool's folder that are the plan's file itself (a command killed between
    linking the guard and the rename leaves one)."""
    for name in ("replaced", "replaced.tmp"):
        other = file_for(real, name)
        with contextlib.suppress(OSError):
            if os.path.samestat(os.stat(other), found):
                yield other


def _name(uid: int) -> str:
    with contextlib.suppress(ImportError, KeyError):
        import pwd

        return pwd.getpwuid(uid).pw_name
    return str(uid)


def quiet_identity(path: Path, real: Path) -> tuple[int, int, int, int]:
    """The plan's identity once no process has it open for writing (waiting up to WAIT);
    refused if one still has."""
    deadline = time.monotonic() + WAIT
    while being_written(real):
        if time.monotonic() > deadline:
            raise Refused("being_written", path=str(path), seconds=f"{WAIT:g}")
        time.sleep(POLL)
    try:
        return identity(os.stat(real))
    except FileNotFoundError:
        raise PlanUnreadable("file_missing", path=str(path)) from None


def being_written(real: Path) -> bool:
    """Whether a process has the file open for writing, where the kernel tells (Linux grants a
    read lease only when none has; the lease is let go at once); else whether it was written in
    the last YOUNG seconds, by another program than rectify, and changes within SETTLE."""
    told = _open_for_writing(real)
    if told is not None:
        return told
    if as_left(real):  # young from rectify's own last write
        return False
    try:
        before = os.stat(real)
        if time.time_ns() - before.st_mtime_ns > YOUNG * 1e9:
            return False
        time.sleep(SETTLE)
        return identity(os.stat(real)) != identity(before)
    except OSError:
        return False


def _open_for_writing(real: Path) -> bool | None:
    import signal
    import threading

    try:
        import fcntl

        lease, unlock, read = fcntl.F_SETLEASE, fcntl.F_UNLCK, fcntl.F_RDLCK
    except (ImportError, AttributeError):
        return None
    if threading.current_thread() is not threading.main_thread():
        return None  # a lease broken meanwhile sends SIGIO, which only the main thread can ignore
    old = signal.signal(signal.SIGIO, signal.SIG_IGN)
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        signal.signal(signal.SIGIO, old)
        return None
    try:
        fcntl.fcntl(fd, lease, read)
    except BlockingIOError:
        return True
    except OSError:  # not the file's owner, or a file system without leases
        return None
    else:
        fcntl.fcntl(fd, lease, unlock)
        return False
    finally:
        os.close(fd)
        signal.signal(signal.SIGIO, old)


def before_rename(path: Path, real: Path, seen: tuple[int, int, int, int], new: Path) -> None:
    """Last of all before the new plan `new` is renamed over the old one: the same file as was
    read, nobody writing it, and its inode kept reachable as `.rectify/NAME.replaced`."""
    try:
        found = os.stat(real)
    except FileNotFoundError:
        raise Refused("changed_meanwhile", path=str(path)) from None
    if identity(found) != seen:
        raise Refused("changed_meanwhile", path=str(path))
    if being_written(real):
        raise Refused("being_written", path=str(path), seconds=f"{WAIT:g}")
    keep_replaced(real, found, os.stat(new))


def keep_replaced(real: Path, found: os.stat_result, new: os.stat_result) -> None:
    """Link the inode about to be replaced as `.rectify/NAME.replaced` and record what it
    holds, and the new plan's identity; best effort (a file system without hard links keeps no
    such copy)."""
    temporary, kept = file_for(real, "replaced.tmp"), file_for(real, "replaced")
    state: dict[str, Any] = {"plan": stamp(new)}
    with contextlib.suppress(OSError):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        os.link(real, temporary)
        os.replace(temporary, kept)
        state["replaced"] = stamp(found)
    with contextlib.suppress(OSError, WriteFailed):
        _write_state(real, state)


def stamp(found: os.stat_result) -> list[int]:
    return [found.st_size, found.st_mtime_ns, found.st_ino]


def as_left(real: Path) -> bool:
    """Whether the plan is as rectify's last write left it (`.rectify/NAME.state`)."""
    try:
        recorded = json.loads(file_for(real, "state").read_bytes())["plan"]
        return bool(stamp(os.stat(real)) == recorded)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _write_state(real: Path, state: dict[str, Any]) -> None:
    from .atomic import replace_atomically
    from .toolfolder import owner

    data = json.dumps(state).encode("utf-8")
    replace_atomically(file_for(real, "state"), data, durable=False, owner=owner(real))


def foreign_versions(real: Path, *, keep: bool) -> list[Path]:
    """The versions of the plan another program wrote after rectify replaced it, kept in the
    tool's folder. With `keep` (under the lock), a replaced inode that changed after the edit
    is moved aside as `NAME.other-DATE.yaml` first, so that the next edit's guard cannot take
    its place; and a link to the plan itself, left by a command stopped before its rename, is
    removed."""
    kept = file_for(real, "replaced")
    try:
        mine = os.path.samefile(kept, real)
    except OSError:
        mine = False
    if mine:
        if keep:
            with contextlib.suppress(OSError):
                os.unlink(kept)
    elif _changed_after(real, kept):
        if not keep:
            return [kept, *_others(real)]
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        other = folder(real) / f"{real.name}.other-{stamp}.yaml"
        with contextlib.suppress(OSError):
            os.replace(kept, other)
            adopt(other, real)
    return _others(real)


def _changed_after(real: Path, kept: Path) -> bool:
    try:
        recorded = json.loads(file_for(real, "state").read_bytes())["replaced"]
        found = os.stat(kept)
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return bool(stamp(found) != recorded)


def _others(real: Path) -> list[Path]:
    prefix = f"{real.name}.other-"
    try:
        with os.scandir(folder(real)) as entries:
            names = sorted(e.name for e in entries if e.name.startswith(prefix))
    except OSError:
        return []
    return [folder(real) / name for name in names if name.endswith(".yaml")]
