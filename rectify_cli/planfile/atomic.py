"""Replacing a file atomically: a temporary file beside it, fsynced, renamed over it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from ..errors import Refused, WriteFailed


def replace_atomically(
    path: Path,
    data: bytes | list[bytes],
    *,
    expected: bytes | None = None,
    durable: bool = True,
    owner: tuple[int, int] | None = None,
    before_rename: Callable[[Path], None] | None = None,
    named: Path | None = None,
) -> None:
    """Write a temporary file beside `path`, fsync it, give it the old file's owner, group and
    permissions (`owner` where given; a new file: ours, the umask's mode), and rename it over
    `path`: readers see the old bytes or the new ones, never a mixture. With `expected`, the
    file must still hold those bytes right before the rename: a program that saved it
    meanwhile (it does not take our lock) keeps its bytes, and this write is refused;
    `before_rename(temporary file)` is called after that check, last of all (the plan's
    guard). `durable=False` skips the fsyncs, for files whose loss in a crash costs only time.
    `data` may come in parts, written one after the other (no copy of them joined). Messages
    name the file as `named` (the name the clerk gave the real path `path`), else `path`."""
    import tempfile

    target = Path(os.path.realpath(path))  # a symlink stays one: the file it names changes
    try:
        old = target.stat() if target.exists() else None
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.writelines([data] if isinstance(data, bytes) else data)
                f.flush()
                if durable:
                    os.fsync(f.fileno())
                _own(f.fileno(), old, owner)
            if expected is not None and current_bytes(target) != expected:
                raise Refused("changed_meanwhile", path=str(named or path))
            if before_rename is not None:
                before_rename(Path(tmp))
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        if durable:
            _fsync_folder(target.parent)
    except OSError as e:
        reason = e.strerror or str(e)
        raise WriteFailed("file_unwritable", path=str(named or path), reason=reason) from None


def _own(fd: int, old: os.stat_result | None, owner: tuple[int, int] | None) -> None:
    """The new file's owner and group (`owner`, for the tool's files, else those of the file it
    replaces), then its mode (chown clears the set-user-ID bits, so it comes first). Only root
    can give a file to another user; anyone can give it a group they are in, which is tried."""
    wanted = owner if owner is not None else (old.st_uid, old.st_gid) if old else None
    if wanted is not None:
        mine = os.fstat(fd)
        if (mine.st_uid, mine.st_gid) != wanted:
            try:
                os.fchown(fd, *wanted)
            except PermissionError:  # not root: keep at least the group where we may
                with contextlib.suppress(OSError):
                    os.fchown(fd, -1, wanted[1])
    os.fchmod(fd, old.st_mode & 0o7777 if old is not None else default_mode())


def current_bytes(path: Path) -> bytes | None:
    """The file's bytes now; None when it is gone or cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def default_mode() -> int:
    """The mode a new file gets from the umask (mkstemp's own 0600 would hide it from others)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
