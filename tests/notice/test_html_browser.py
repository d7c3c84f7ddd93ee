"""The HTML notice as a browser shows and prints it (headless Chromium): an A4-wide window
shows it without sideways overflow and with ink on the page; printed, it is A4 pages holding
the notice's text. Checked by numbers, not pixel for pixel. Skipped where Chromium or poppler
is not installed; .ci/run installs them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import support

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    BROWSER is None or not shutil.which("pdfinfo"), reason="Chromium or poppler not installed"
)
A4 = (794, 1123)  # CSS pixels at 96 dpi
SCROLLBAR = 20


def chromium(folder: Path, *args: str) -> None:
    assert BROWSER is not None
    subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--user-data-dir={folder / 'profile'}", *args],
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin"},
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    html = folder / "通报.html"
    code, _, err = support.run_process(
        "report", "-f", "html", "--plan", support.SHIPPED, "-o", html
    )
    assert code == 0, err
    return html


def test_html_fits_an_a4_wide_window(page: Path) -> None:
    from PIL import Image

    shot = page.parent / "screen.png"
    chromium(page.parent, f"--screenshot={shot}", f"--window-size={A4[0]},{A4[1]}", page.as_uri())
    image = Image.open(shot).convert("L")
    assert image.size == A4
    ink = image.point(lambda v: 255 if v < 128 else 0)
    box = ink.getbbox()
    assert box is not None
    left, _top, right, _bottom = box
    assert left >= 40 and right <= A4[0] - 40, box  # margins on both sides: nothing overflows
    dark = ink.histogram()[255] / (A4[0] * A4[1])
    assert 0.03 < dark < 0.5, dark  # text on the page, not a blank or a black one


def test_html_prints_on_a4_pages(page: Path) -> None:
    pdf = page.parent / "printed.pdf"
    chromium(page.parent, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    found = dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)
    assert "(A4)" in found["Page size"]
    assert 8 <= int(found["Pages"]) <= 16
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert "交通运输局关于区委第四巡察组反馈意见整改情况的通报" in flat
    assert "责编:交通运输局" in flat
