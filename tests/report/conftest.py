"""Helpers for the notice tests (`rectify report`): render a notice, read Word files back. The
CLI runner (`cli`), `write_plan` and golden files come from tests/conftest.py.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def docx_text(path: Path) -> str:
    """Every paragraph of a Word file (body, headers, footers), one per line."""
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for section in document.sections:
        for part in (section.footer, section.even_page_footer, section.header):
            lines += [p.text for p in part.paragraphs]
    return "\n".join(lines)


def docx_xml(path: Path) -> str:
    """All XML parts of a Word file, concatenated: a leak cannot hide in any of them."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))
        )


@pytest.fixture
def notice(cli: Callable[..., Any], write_plan: Callable[..., Path]) -> Callable[..., str]:
    """`notice(plan_text, *options)` -> the text notice (stdout, without echo's newline)."""

    def render(text: str, *options: str) -> str:
        path = write_plan(text)
        result = cli("report", "--plan", str(path), *options)
        assert result.code == 0, result.err
        out: str = result.out
        assert out.endswith("\n")
        return out[:-1]

    return render


@pytest.fixture
def golden_file(golden: Callable[[Path, bytes], None]) -> Callable[[Path, bytes], None]:
    """`golden_file(path, actual_bytes)`: `golden` under the name these tests use."""
    return golden


@pytest.fixture
def read_docx() -> Callable[[Path], str]:
    """`read_docx(path)` -> the paragraphs of a Word file, one per line."""
    pytest.importorskip("docx")
    return docx_text


@pytest.fixture
def read_docx_xml() -> Callable[[Path], str]:
    """`read_docx_xml(path)` -> every XML part of a Word file."""
    return docx_xml
