"""Pictures of the progress (`rectify chart`), drawn by matplotlib, an optional extra
(`pip install 'rectify-cli[charts]'`) imported only here and only by that command.

- `progress`: a bar per top-level finding (方面), its feedback items by status, stacked;
- `timeline`: measures completed over time (cumulative, from each `done_on`), the total as a
  line above it and the latest deadline as a line across.

The numbers come first (`progress_data`, `timeline_data`: plain values, tested as such); the
drawing only draws them. Chinese labels need a CJK font on the machine: one of `CJK_FONTS` is
looked for, and its absence is said plainly rather than drawn as empty boxes. Text is drawn
as outlines, so the picture looks the same wherever it is opened.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any, NamedTuple

from ..errors import MissingExtra
from ..messages import t
from ..model.plan import Plan, Status, count

ORDER = (Status.DONE, Status.DOING, Status.TODO, Status.ONGOING)
COLOURS = {Status.DONE: "#2e7d32", Status.DOING: "#f9a825", Status.TODO: "#9e9e9e",
           Status.ONGOING: "#1565c0"}  # fmt: skip
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "PingFang SC",
    "Noto Serif CJK SC", "AR PL UMing CN",
)  # fmt: skip
KINDS = ("progress", "timeline")


class Bar(NamedTuple):
    label: str  # the finding's number and title, as the status table shows them
    counts: tuple[int, ...]  # items per status, in ORDER


def progress_data(plan: Plan, day: date, lang: str) -> list[Bar]:
    from .tables import _top_marker

    bars = []
    for node in plan.categories:
        c = count(node.items(), day)
        title = node.title if len(node.title) <= 16 else node.title[:15] + "…"
        bars.append(
            Bar(f"{_top_marker(plan, node.path[0])}{title}", tuple(c.items[s] for s in ORDER))
        )
    return bars


class Timeline(NamedTuple):
    days: tuple[date, ...]  # each day a measure was completed, in order
    done: tuple[int, ...]  # measures completed by the end of that day
    total: int
    deadline: date | None  # the latest deadline of any measure


def timeline_data(plan: Plan, day: date) -> Timeline:
    measures = list(plan.measures())
    finished = sorted(
        m.ledger.done_on
        for m in measures
        if m.status is Status.DONE and m.ledger.done_on is not None and m.ledger.done_on <= day
    )
    days: list[date] = []
    done: list[int] = []
    for n, on in enumerate(finished, 1):
        if days and days[-1] == on:
            done[-1] = n
        else:
            days.append(on)
            done.append(n)
    dues = [m.due for m in measures if m.due is not None]
    return Timeline(tuple(days), tuple(done), len(measures), max(dues) if dues else None)


def render(plan: Plan, kind: str, fmt: str, day: date, lang: str) -> bytes:
    """The chart as `fmt` (svg or png) bytes."""
    plt, font = _matplotlib()
    figure = plt.figure(figsize=(8, 4.5), dpi=150)
    try:
        axes = figure.add_subplot()
        if kind == "progress":
            _progress(axes, progress_data(plan, day, lang), lang, font)
        else:
            _timeline(axes, timeline_data(plan, day), day, lang, font)
        axes.set_title(t(f"chart_{kind}_title", lang, day=day.isoformat()), fontproperties=font)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format=fmt, metadata=_metadata(plan, fmt))
        return out.getvalue()
    finally:
        plt.close(figure)


def _metadata(plan: Plan, fmt: str) -> dict[str, Any]:
    if fmt == "svg":
        return {"Title": plan.title, "Date": None}  # no date: the same plan, the same bytes
    return {"Title": plan.title, "Software": "rectify"}


def _progress(axes: Any, bars: list[Bar], lang: str, font: Any) -> None:
    labels = [b.label for b in bars][::-1]
    left = [0] * len(bars)
    for k, status in enumerate(ORDER):
        widths = [b.counts[k] for b in bars][::-1]
        axes.barh(labels, widths, left=left, color=COLOURS[status], label=t(status.value, lang))
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_xlabel(t("chart_items", lang), fontproperties=font)
    for tick in axes.get_yticklabels():
        tick.set_fontproperties(font)
    axes.legend(prop=font, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=len(ORDER),
                frameon=False)  # fmt: skip
    axes.xaxis.get_major_locator().set_params(integer=True)


def _timeline(axes: Any, data: Timeline, day: date, lang: str, font: Any) -> None:
    if data.days:  # the count holds from each completion on, up to the day of the chart
        days, done = [*data.days, max(day, data.days[-1])], [*data.done, data.done[-1]]
        axes.step(days, done, where="post", color=COLOURS[Status.DONE],
                  label=t("chart_done", lang))  # fmt: skip
    axes.axhline(data.total, color="#616161", linestyle=":", label=t("chart_total", lang))
    if data.deadline is not None:
        axes.axvline(
            data.deadline, color="#c62828", linestyle="--", label=t("chart_deadline", lang)
        )
    axes.set_ylim(0, max(data.total, 1) * 1.1)
    axes.set_ylabel(t("chart_measures", lang), fontproperties=font)
    axes.legend(prop=font, loc="upper left")
    figure = axes.get_figure()
    figure.autofmt_xdate()


def _matplotlib() -> tuple[Any, Any]:
    """pyplot (drawing off screen) and the CJK font to draw with."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib import font_manager
    except ImportError:
        raise MissingExtra("charts_missing") from None
    matplotlib.rcParams["svg.fonttype"] = "path"
    matplotlib.rcParams["svg.hashsalt"] = "rectify"  # the same ids in every run
    found = _cjk_font(font_manager)
    if found is None:
        raise MissingExtra("charts_no_font", fonts="、".join(CJK_FONTS[:3]))
    matplotlib.rcParams["font.family"] = [found.get_name(), "sans-serif"]
    return plt, found


def _cjk_font(font_manager: Any) -> Any:
    """The first of CJK_FONTS installed (the font list read again once, in case a font was
    installed since matplotlib last looked)."""
    for fresh in (False, True):
        manager = font_manager.fontManager
        if fresh:
            manager = font_manager._load_fontmanager(try_read_cache=False)
            font_manager.fontManager = manager
        for name in CJK_FONTS:
            faces = [f for f in manager.ttflist if f.name == name]
            if faces:  # the regular face where there are several
                face = min(faces, key=lambda f: (f.style != "normal", abs(_weight(f.weight) - 400)))
                return font_manager.FontProperties(fname=face.fname)
    return None


def _weight(weight: int | str) -> int:
    named = {"light": 300, "normal": 400, "regular": 400, "medium": 500, "bold": 700}
    return weight if isinstance(weight, int) else named.get(str(weight).lower(), 400)
