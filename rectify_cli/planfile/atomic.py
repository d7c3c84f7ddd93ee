"""Replacing a file atomically: a temporary file beside it, fsynced, renamed over it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ..errors import Refused, WriteFailed


def replace_atomically(
    path: Path, data: bytes | list[bytes], *, expected: bytes | None = None, durable: bool = True
) -> None:
    """Write a temporary file beside `path`, fsync it, give it the old file's permissions, and
    rename it over `path`: readers see the old bytes or the new ones, never a mixture. With
    `expected`, the file must still hold those bytes right before the rename: a program that
    saved it meanwhile (it does not take our lock) keeps its bytes, and this write is refused.
    `durable=False` skips the fsyncs, for files whose loss in a crash costs only time. `data`
    may come in parts, written one after the other (no copy of them joined)."""
    import tempfile

    target = Path(os.path.realpath(path))  # a symlink stays one: the file it names changes
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else None
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.writelines([data] if isinstance(data, bytes) else data)
                f.flush()
                if durable:
                    os.fsync(f.fileno())
            os.chmod(tmp, mode if mode is not None else default_mode())
            if expected is not None and current_bytes(target) != expected:
                raise Refused("changed_meanwhile", path=str(path))
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        if durable:
            _fsync_folder(target.parent)
    except OSError as e:
        raise WriteFailed("file_unwritable", path=str(path), reason=e.strerror or str(e)) from None


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
