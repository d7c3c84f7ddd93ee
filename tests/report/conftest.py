"""Helpers for the notice tests (`rectify report`): run the CLI, write small plans, read
Word files back, compare golden files.

Golden files are rewritten only when RECTIFY_REGEN=1 is set; read every rewritten one.
"""

from __future__ import annotations

import os
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rectify_cli.cli import app

# Nothing from the outside may change what the CLI prints.
FIXED_ENV: dict[str, str | None] = {
    "RECTIFY_LANG": None,
    "RECTIFY_PLAN": None,
    "RECTIFY_USER": "tester",
    "NO_COLOR": "1",
    "COLUMNS": "80",
    "TERM": "dumb",
    "FORCE_COLOR": None,
}


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str
    out_bytes: bytes


def run_cli(*args: str) -> Result:
    """`rectify ARGS` in-process; never a traceback, whatever happens."""
    result = CliRunner().invoke(app, list(args), env=FIXED_ENV, prog_name="rectify")
    crash = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    assert result.exception is None or isinstance(result.exception, SystemExit), crash
    assert "Traceback" not in result.stdout, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    return Result(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def check_golden(path: Path, actual: bytes) -> None:
    """`actual` equals the golden file byte for byte; RECTIFY_REGEN=1 rewrites it."""
    if os.environ.get("RECTIFY_REGEN") == "1":
        if not path.exists() or path.read_bytes() != actual:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual)
        return
    assert path.exists(), f"no golden file {path}; create it with RECTIFY_REGEN=1 and read it"
    assert actual == path.read_bytes(), f"{path.name} differs (RECTIFY_REGEN=1 rewrites it)"


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
def cli() -> Callable[..., Result]:
    """`cli(*args)` -> Result(code, out, err, out_bytes)."""
    return run_cli


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    """`write_plan(text, name="plan.yaml")` -> its path under tmp_path (UTF-8, as given)."""

    def write(text: str, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return path

    return write


@pytest.fixture
def notice(cli: Callable[..., Result], write_plan: Callable[..., Path]) -> Callable[..., str]:
    """`notice(plan_text, *options)` -> the text notice (stdout, without echo's newline)."""

    def render(text: str, *options: str) -> str:
        path = write_plan(text)
        result = cli("report", "--plan", str(path), *options)
        assert result.code == 0, result.err
        assert result.out.endswith("\n")
        return result.out[:-1]

    return render


@pytest.fixture
def golden_file() -> Callable[[Path, bytes], None]:
    """`golden_file(path, actual_bytes)`: compare (RECTIFY_REGEN=1 rewrites)."""
    return check_golden


@pytest.fixture
def read_docx() -> Callable[[Path], str]:
    """`read_docx(path)` -> the paragraphs of a Word file, one per line."""
    pytest.importorskip("docx")
    return docx_text


@pytest.fixture
def read_docx_xml() -> Callable[[Path], str]:
    """`read_docx_xml(path)` -> every XML part of a Word file."""
    return docx_xml
