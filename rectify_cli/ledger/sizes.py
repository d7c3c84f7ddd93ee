"""A returned workbook's size, checked before openpyxl opens it: what its parts inflate to, as
the zip's directory declares it (RECTIFY_MAX_LEDGER_MB), and the rows of its sheets
(RECTIFY_MAX_LEDGER_ROWS).

openpyxl holds a whole sheet in memory, about twenty times its XML: a 1 MB workbook inflating
to 1 GB, or a 10 MB one of a million rows, took gigabytes and most of a minute. The declared
sizes bound what is inflated (zipfile stops a part at its declared size and fails its
checksum), so the rows are counted by streaming each sheet's XML once, within that bound.
What is not a zip is left to openpyxl, which says why it is not a workbook.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..settings import within

_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")  # a row element, with or without a prefix
_CHUNK = 1 << 20
_TAIL = 64  # bytes kept from one chunk to the next: a tag cut in two is still counted once


def check(path: Path) -> None:
    """Refuse (TooLarge) a workbook whose parts inflate past the limit, or with a sheet of
    more rows than the limit."""
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            within("RECTIFY_MAX_LEDGER_MB", sum(p.file_size for p in parts), str(path),
                   "limit_ledger")  # fmt: skip
            sheets = [p for p in parts if p.filename.startswith("xl/worksheets/")
                      and p.filename.endswith(".xml")]  # fmt: skip
            rows = max((_rows(book, p) for p in sheets), default=0)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return  # damaged: openpyxl tells how
    within("RECTIFY_MAX_LEDGER_ROWS", rows, str(path), "limit_ledger_rows")


def _rows(book: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    """How many row elements a sheet's XML holds, read a chunk at a time."""
    count, tail = 0, b""
    with book.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            cut = max(0, len(data) - _TAIL)
            count += sum(1 for m in _ROW.finditer(data) if m.start() < cut)
            tail = data[cut:]
    return count + len(_ROW.findall(tail))
