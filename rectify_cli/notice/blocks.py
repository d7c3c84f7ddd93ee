"""The notice as a list of blocks (headings and paragraphs), numbered by the genre's rules.

Pure: the plan in, the printed text out. Every format (text, Markdown, HTML, Word) renders
these same blocks, so the numbering, separators and wording live here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model.numbering import CATEGORY, ITEM, MEASURE, PART, PROBLEM, marker, rate_text
from ..model.plan import STATUS_LABELS, Counts, Group, Item, Measure, Plan, Status, count

END = "。"
_ENDINGS = ("。", "！", "？", "!", "?")
_TRAILING = "。;；"


@dataclass(frozen=True)
class Block:
    """One line of the notice. `kind`: title, part, category, problem, item, paragraph, closing,
    editor, stats. `number` is the printed enumerator ('' when none); `text` the rest."""

    kind: str
    number: str
    text: str

    @property
    def line(self) -> str:
        return self.number + self.text


def measures_text(item: Item) -> str:
    """一是…;二是…。 with the item's separator; a single measure has no enumerator."""
    texts = [m.text.rstrip(_TRAILING) for m in item.measures]
    if len(texts) == 1:
        return _ended(texts[0], END)
    last = len(texts)
    return "".join(
        _ended(marker(MEASURE, n) + text, END if n == last else item.separator)
        for n, text in enumerate(texts, 1)
    )


def _ended(text: str, mark: str) -> str:
    """`text` and `mark`, unless it already ends a sentence (`坚决杜绝！`, never `！。`)."""
    return text if text.endswith(_ENDINGS) else text + mark


def item_text(item: Item, marks: bool = False) -> str:
    """The paragraph of a feedback item: its title, its measures, then its results."""
    title = item.title if item.title.endswith(_ENDINGS) else item.title + END
    text = title + measures_text(item) + (item.results or "")
    if marks:
        text += f"({STATUS_LABELS[item.status]})"
    return text


def stats_sentence(counts: Counts, day: date, full_width: bool = False) -> str:
    """截至2022年5月31日,巡察反馈的28条意见已完成整改X条、正在整改Y条、长期坚持Z条,整改完成率N%。"""
    comma = "，" if full_width else ","
    parts = [f"已完成整改{counts.items[Status.DONE]}条", f"正在整改{counts.items[Status.DOING]}条"]
    if counts.items[Status.TODO]:
        parts.append(f"尚未开始{counts.items[Status.TODO]}条")
    if counts.items[Status.ONGOING]:
        parts.append(f"长期坚持{counts.items[Status.ONGOING]}条")
    return (
        f"截至{day.year}年{day.month}月{day.day}日{comma}巡察反馈的{counts.total_items}条意见"
        + "、".join(parts)
        + f"{comma}整改完成率{rate_text(counts.rate)}%。"
    )


def as_of(plan: Plan, day: date) -> Plan:
    """The plan as it stood on `day`: a measure completed later counts as in progress."""

    def measure(m: Measure) -> Measure:
        late = m.status is Status.DONE and m.ledger.done_on is not None and m.ledger.done_on > day
        return m._replace(status=Status.DOING) if late else m

    def node(n: Group | Item) -> Group | Item:
        if isinstance(n, Item):
            return n._replace(measures=tuple(measure(m) for m in n.measures))
        return n._replace(children=tuple(node(c) for c in n.children))

    return plan._replace(categories=tuple(node(c) for c in plan.categories))


def blocks(
    plan: Plan, *, stats_on: date | None = None, marks: bool = False, title: bool | None = None
) -> list[Block]:
    """The notice, line by line. With `stats_on`, a statistics sentence follows the introduction
    (computed as of that day); with `marks`, each item ends with its status (internal drafts);
    the title line is printed when `title` says so (default: the plan's `show_title`)."""
    if stats_on is not None:
        plan = as_of(plan, stats_on)
    fw = plan.full_width
    out: list[Block] = []
    if plan.show_title if title is None else title:
        out.append(Block("title", "", plan.title))
    part = 0

    def heading(text: str) -> None:
        nonlocal part
        part += 1
        out.append(Block("part", marker(PART, part), text))

    if plan.intro is not None:
        heading(plan.intro.heading)
        out += [Block("paragraph", "", p) for p in plan.intro.paragraphs]
    if stats_on is not None:
        out.append(Block("stats", "", stats_sentence(count(plan.items(), stats_on), stats_on, fw)))
    heading(plan.findings_heading)
    for category in plan.categories:
        out.append(
            Block("category", marker(CATEGORY, category.path[-1], full_width=fw), category.title)
        )
        for child in category.children:
            if isinstance(child, Item):  # an item directly under its category prints as 1.
                out.append(Block("item", marker(PROBLEM, child.path[-1]), item_text(child, marks)))
                continue
            out.append(Block("problem", marker(PROBLEM, child.path[-1]), child.title))
            for item in child.items():
                number = marker(ITEM, item.path[-1], full_width=fw)
                out.append(Block("item", number, item_text(item, marks)))
    if plan.next_steps is not None:
        heading(plan.next_steps.heading)
        for n, text in enumerate(plan.next_steps.paragraphs, 1):
            number = marker(MEASURE, n) if plan.next_steps.numbered else ""
            out.append(Block("paragraph", number, text))
    if plan.closing:
        out.append(Block("closing", "", plan.closing))
    if plan.editor:
        out.append(Block("editor", "责编：" if fw else "责编:", plan.editor))
    return out
