"""The plan file as bytes and text: read it, decode it (UTF-8, BOMs kept aside, lines read as
ending in LF: lineends.py), encode it back."""

from __future__ import annotations

from pathlib import Path

from ..errors import Issue, PlanInvalid, PlanUnreadable
from ..records import Record
from .lineends import lf

LINE_BREAK = "\r\n|[\n\r\x85\u2028\u2029]"  # YAML's line breaks
BOM = "\ufeff"
_BOM_BYTES = BOM.encode("utf-8")


class Source(Record):
    """The plan file as read: its decoded text and the file conventions to keep on writing."""

    __slots__ = _fields = ("path", "text", "raw", "bom", "written")
    path: Path
    text: str  # without the BOM, every line ending in LF (what is parsed and spliced)
    raw: bytes
    bom: int  # how many BOMs the file starts with (a second one, rare, is kept too)
    written: str  # without the BOM, in the file's own line ends (what a write splices)

    def __init__(
        self,
        path: Path,
        text: str,
        raw: bytes,
        bom: int,
        written: str | None = None,
    ) -> None:
        put = object.__setattr__
        put(self, "path", path)
        put(self, "text", text)
        put(self, "raw", raw)
        put(self, "bom", bom)
        put(self, "written", text if written is None else written)


def read(path: Path) -> Source:
    """The plan file at `path`: a regular file within RECTIFY_MAX_PLAN_MB (inputs.py)."""
    from .inputs import read_bytes

    try:
        raw = read_bytes(path, "RECTIFY_MAX_PLAN_MB", "limit_plan")
    except FileNotFoundError:
        raise PlanUnreadable("file_missing", path=str(path)) from None
    except IsADirectoryError:
        raise PlanUnreadable("file_is_dir", path=str(path)) from None
    except OSError as e:
        raise PlanUnreadable(
            "file_unreadable", path=str(path), reason=e.strerror or str(e)
        ) from None
    return from_bytes(path, raw)


def from_bytes(path: Path, raw: bytes) -> Source:
    """The plan file that holds `raw`, as `read` gives it (what `validate` reads)."""
    text = decode(raw, str(path))
    boms = 0
    while raw.startswith(_BOM_BYTES, 3 * boms):
        boms += 1
    return Source(path, lf(text), raw, boms, text)


def decode(raw: bytes, path: str) -> str:
    """UTF-8 (a BOM is accepted and dropped); anything else is refused with a useful guess.
    Every BOM at the start is dropped: libyaml would skip a second one without counting it,
    and each position in the text after it would be one off (an edit there then fails)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanInvalid([Issue(path, 1, 1, "utf16", {})])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        start = raw.rfind(b"\n", 0, e.start) + 1
        if start == 0 and raw.startswith(b"\xef\xbb\xbf"):
            start = 3
        # the bytes before the first bad one are valid UTF-8: count them as characters
        col = len(raw[start : e.start].decode("utf-8")) + 1
        try:
            raw.decode("gbk")
            key = "gbk"
        except UnicodeDecodeError:
            key = "not_utf8"
        raise PlanInvalid([Issue(path, line, col, key, {})]) from None
    return text.lstrip(BOM)


def encode(source: Source, text: str) -> bytes:
    return _BOM_BYTES * source.bom + text.encode("utf-8")
