"""`rectify chart`: the numbers behind each picture exactly, and the pictures looked at by
numbers (size, coloured pixels, well-formed SVG), not pixel for pixel."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
import support

from rectify_cli.model.plan import Status
from rectify_cli.planfile import reader
from rectify_cli.views import charts


def _matplotlib_looking_only_at_system_fonts() -> None:
    """matplotlib lists the fonts of the user's home folder too (~/.fonts,
    ~/.local/share/fonts) when it first looks: imported here with a home of the tests' own,
    so that no test reads outside the repository, its interpreter and its temporary files."""
    import os
    import tempfile

    saved = {k: os.environ.get(k) for k in ("HOME", "XDG_DATA_HOME")}
    os.environ["HOME"] = os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="rectify-home-")
    try:
        pytest.importorskip("matplotlib.font_manager")
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


_matplotlib_looking_only_at_system_fonts()
LEDGER = support.ROOT / "tests" / "plans" / "ledger.yaml"
DAY = date(2025, 4, 1)


def font_installed() -> bool:
    from matplotlib import font_manager

    return charts._cjk_font(font_manager) is not None


needs_font = pytest.mark.skipif(
    not font_installed(), reason="no CJK font installed (.ci/run installs fonts-noto-cjk)"
)


def test_progress_data_counts_each_category_s_items_by_status() -> None:
    plan, _ = reader.load(LEDGER)
    assert charts.ORDER == (Status.DONE, Status.DOING, Status.TODO, Status.ONGOING)
    assert charts.progress_data(plan, DAY, "zh") == [
        charts.Bar("(一)学习贯彻不够深入", (0, 2, 0, 0)),
        charts.Bar("(二)长期整改问题", (1, 0, 0, 1)),
    ]


def test_progress_data_as_of_an_earlier_day_leaves_later_completions_out() -> None:
    from rectify_cli.notice.blocks import as_of

    plan, _ = reader.load(LEDGER)
    assert charts.progress_data(as_of(plan, date(2025, 1, 1)), date(2025, 1, 1), "zh") == [
        charts.Bar("(一)学习贯彻不够深入", (0, 2, 0, 0)),
        charts.Bar("(二)长期整改问题", (0, 2, 0, 0)),  # both done after that day
    ]


def test_timeline_data_is_the_completions_day_by_day() -> None:
    plan, _ = reader.load(LEDGER)
    assert charts.timeline_data(plan, DAY) == charts.Timeline(
        days=(date(2025, 1, 20), date(2025, 2, 10), date(2025, 3, 15)),
        done=(1, 2, 3),
        total=7,
        deadline=date(2025, 5, 30),
    )
    assert charts.timeline_data(plan, date(2025, 2, 10)).done == (1, 2)


@needs_font
def test_chart_png_is_a_picture_with_its_colours(run, tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "进度.png"
    code, _, err = run("chart", "-o", out, "--as-of", "2025-04-01", "--plan", LEDGER)
    assert (code, err) == (0, f"已写入 {out}。\n")
    image = Image.open(out).convert("RGB")
    assert image.size == (1200, 675)  # 8 × 4.5 in at 150 dpi
    colours = dict((rgb, n) for n, rgb in image.getcolors(maxcolors=1 << 20))
    green, blue = colours.get((0x2E, 0x7D, 0x32), 0), colours.get((0x15, 0x65, 0xC0), 0)
    yellow = colours.get((0xF9, 0xA8, 0x25), 0)
    # (一): 2 of 2 in progress, a full bar; (二): 1 done and 1 long-term, half each
    assert yellow > 2 * green * 0.9 and green > 10_000 and abs(green - blue) < green * 0.05


@needs_font
def test_chart_svg_is_well_formed_and_the_same_every_time(run, tmp_path: Path) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for out in (first, second):
        args = ("chart", "--kind", "timeline", "-o", out, "--as-of", "2025-04-01")
        assert run(*args, "--plan", LEDGER)[0] == 0
    assert first.read_bytes() == second.read_bytes()
    root = ET.parse(io.BytesIO(first.read_bytes())).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("576pt", "324pt")
    assert "<dc:title>测试局关于巡察反馈意见整改情况的通报</dc:title>" in first.read_text("utf-8")


def test_chart_needs_svg_or_png(run, tmp_path: Path) -> None:
    out = tmp_path / "进度.pdf"
    assert run("chart", "-o", out, "--plan", LEDGER) == (
        2,
        "",
        f"图表文件 {out} 应以 .svg 或 .png 结尾。\n",
    )
    assert not out.exists()


def test_chart_kind_is_progress_or_timeline(run, tmp_path: Path) -> None:
    code, _, err = run("chart", "--kind", "pie", "-o", tmp_path / "x.svg", "--plan", LEDGER)
    assert (code, err) == (2, "--kind 的值应为 progress、timeline 之一，不是 pie。\n")


def test_chart_without_a_cjk_font_says_so(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(charts, "CJK_FONTS", ("No Such Font CJK",))
    out = tmp_path / "进度.svg"
    code, out_text, err = run("chart", "-o", out, "--plan", LEDGER)
    assert (code, out_text) == (8, "")
    assert err == (
        "没有找到中文字体，图中的中文无法显示。请安装一种中文字体（如 No Such Font CJK；"
        "Debian/Ubuntu：apt install fonts-noto-cjk）后再试。\n"
    )
    assert not out.exists()


def test_chart_without_matplotlib_exits_8(tmp_path: Path) -> None:
    script = (
        "import sys\nsys.modules['matplotlib'] = None\n"
        "sys.argv = ['rectify', *sys.argv[1:]]\nfrom rectify_cli.cli import main\nmain()\n"
    )
    out = tmp_path / "进度.svg"
    done = support.python(script, "chart", "-o", out, "--plan", LEDGER, text=True, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (8, "")
    assert done.stderr == "生成图表需要 matplotlib：请运行 pip install 'rectify-cli[charts]'。\n"
    assert not out.exists()
