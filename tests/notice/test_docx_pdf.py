"""The Word notice as LibreOffice lays it out (converted to PDF, read with poppler's tools):
A4 pages, every page numbered `— N —` in turn (odd pages on the right, even on the left), the
Chinese drawn in a CJK font. Skipped where LibreOffice or poppler is not installed; .ci/run
installs them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import support

pytest.importorskip("docx")
TOOLS = ("soffice", "pdfinfo", "pdftotext", "pdffonts")
pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in TOOLS), reason="LibreOffice or poppler-utils not installed"
)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    docx = folder / "通报.docx"
    code, _, err = support.run_process(
        "report", "-f", "docx", "--plan", support.SHIPPED, "-o", docx, "--as-of", "2025-04-01"
    )
    assert code == 0, err
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin"},  # LibreOffice's profile in there
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    return folder / "通报.pdf"


def info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


def test_docx_lays_out_on_numbered_a4_pages(pdf: Path) -> None:
    found = info(pdf)
    pages = int(found["Pages"])
    assert 10 <= pages <= 16  # the seed's 51 paragraphs on 22 lines of 28 characters a page
    assert "(A4)" in found["Page size"]
    for n in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        words = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', text)
        number = [(float(x), w) for x, w in words if w == str(n)]
        assert number, f"page {n} has no number {n}"
        x = number[-1][0]  # the footer's: the last such word on the page
        assert (x > 300) == (n % 2 == 1), f"page {n}'s number at x={x}"


def test_docx_chinese_is_drawn_in_a_cjk_font(pdf: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"CJK|Han|Song|Hei|Kai|Fang|Ming", fonts.stdout), fonts.stdout
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    assert "交通运输局关于区委第四巡察组反馈意见整改" in text.replace("\n", "")
