"""Schema 2's fields: the YAML nodes of a plan that holds its notice whole → the model.

The notice is a list of blocks in print order (docs/plan-format.md): head and tail paragraphs
by role, parts with their points and findings, the findings nesting at any depth. A finding's
ledger fields are schema 1's, read by the same functions. Every problem is collected with its
line and column, as schema.py does.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..model.document import (
    NEWLINES,
    PART_ROLES,
    PLAIN,
    ROLES_HEAD,
    ROLES_TAIL,
    Block,
    Document,
    Form,
    Layout,
    Lead,
    Numbering,
    Part,
    Point,
    Segment,
    Spacing,
    Statistics,
    Text,
    blank,
    lean,
)
from ..model.numbering import CATEGORY, PROBLEM
from ..model.plan import Group, Item, Ledger, Measure, Plan, Status
from ..model.statistics import TEMPLATE_NAMES, template_problem
from .nodes import (
    Pair,
    boolean,
    choice,
    day,
    describe,
    each,
    entries,
    fields,
    integer,
    text,
    unprintable,
)
from .schema import LEDGER_KEYS, Builder, Built, ledger_of

SPACING = ("indent", "blank_before", "newline")
ROLES = (*ROLES_HEAD, *ROLES_TAIL)
# fmt: off
KEYS: dict[str, tuple[str, ...]] = {
    "plan": (
        "schema",
        "title",
        "unit",
        "group",
        "plan_date",
        "declared_items",
        "layout",
        "numbering",
        "statuses",
        "notice",
        "trailing",
    ),
    "layout": ("newline", "indent", "blank_lines", "final_newline", "bom"),
    "numbering": ("parts", "points", "findings", "measures"),
    **{role: (role, *SPACING) for role in ROLES},
    "statistics": ("statistics", "template", "live", *SPACING),
    "part": ("part", "role", "marker", "status", "points", "blocks", "findings", *SPACING),
    "point": ("point", "marker", *SPACING),
    "finding": (
        "finding",
        "role",
        "group_status",
        "marker",
        "body",
        "findings",
        "numbering",
        "measures",
        *LEDGER_KEYS,
        *SPACING,
    ),
    "node": (
        "title",
        "marker",
        "body",
        "findings",
        "numbering",
        "measures",
        *LEDGER_KEYS,
        *SPACING,
    ),
    "measure": ("text", "marker", *LEDGER_KEYS, *SPACING),
    "segment": (
        "measures", "label", "text", "results", "status", "run_in", "paragraphs", *SPACING,
    ),
    "note": ("date", "text", "evidence", "by"),
}
# fmt: on
ALL_KEYS2 = frozenset(k for keys in KEYS.values() for k in keys)
BLOCK_KINDS = (*ROLES, "statistics", "part", "finding")
LEAD_KINDS = (*ROLES, "statistics", "point")
SEGMENT_KINDS = ("measures", "label", "text", "results", "status")
STATUS_VALUES = tuple(s.value for s in Status)
Path = tuple[int, ...]


class Builder2(Builder):
    """A schema-2 reading: schema 1's builder with schema 2's fields, and the layout and
    numbering read so far (a paragraph's spacing is told against the layout)."""

    def __init__(self, path: str, today: Any) -> None:
        super().__init__(path, today)
        self.keys = KEYS
        self.layout = Layout()
        self.streamed = Layout()  # the layout the items read as they streamed by were read with
        self.findings: list[Group | Item] = []
        self.statistics: list[tuple[yaml.Node, Statistics]] = []


def raw(b: Builder, pair: Pair | None, what: str) -> str | None:
    """A field's text exactly as written, blank included (an indent, a marker)."""
    if pair is None:
        return None
    node = pair[1]
    if not isinstance(node, yaml.ScalarNode):
        b.error(node, "expected_text", what=what, got=describe(node))
        return None
    if node.style == '"':
        unprintable(b, node, str(node.value))
    return str(node.value)


def build_plan2(b: Builder2, root: yaml.MappingNode) -> Plan | None:
    f = fields(b, root, "plan", required=("notice",))
    b.layout = _layout(b, f.get("layout"))
    numbering = _numbering(b, f.get("numbering"))
    statuses = _statuses(b, f.get("statuses"))
    blocks: list[Block] = each(b, f.get("notice"), "notice", _block, None)
    trailing = tuple(x for x in each(b, f.get("trailing"), "trailing", _raw_entry, None))
    doc = Document(tuple(blocks), b.layout, numbering, statuses, trailing)
    printed = next((x.text for x in blocks if isinstance(x, Text) and x.role == "title"), None)
    unit = text(b, f.get("unit"), "unit")
    declared = integer(b, f.get("declared_items"), "declared_items")
    counted = sum(1 for c in b.findings for _ in c.items())
    if declared is not None and declared != counted:
        b.error(f["declared_items"][1], "count_mismatch", declared=declared, counted=counted)
    _check_statistics(b)
    return Plan(
        title=text(b, f.get("title"), "title") or printed or unit or "",
        declared_items=declared,
        categories=tuple(b.findings),
        unit=unit,
        group=text(b, f.get("group"), "group"),
        plan_date=day(b, f.get("plan_date"), "plan_date"),
        document=doc,
    )


def _check_statistics(b: Builder2) -> None:
    """A warning for each statistics paragraph that is not live and claims what the ledger's
    counts do not say (a template is checked when the report fills it)."""
    if not b.statistics:
        return
    from ..model.plan import Status, count
    from ..model.statistics import claims, disagreements, sentences

    counts = count((i for c in b.findings for i in c.items()), b.today)
    found = {
        "categories": float(sum(1 for c in b.findings if isinstance(c, Group))),
        "problems": float(sum(1 for c in b.findings if isinstance(c, Group) for _ in c.children)),
        "items": float(counts.total_items),
        "measures": float(counts.total_measures),
        "done": float(counts.items[Status.DONE]),
        "ongoing": float(counts.items[Status.ONGOING]),
        "rate": round(counts.rate, 2),
    }
    for node, block in b.statistics:
        if block.live:
            continue
        for sentence in sentences(block.text):
            said = claims(sentence)
            for what in disagreements(said, found):
                b.warn(node, "statistics_disagree", what=f"stat_{what}", said=f"{said[what]:g}",
                       ledger=f"{found[what]:g}")  # fmt: skip


def _blank_entry(b: Builder, node: yaml.Node, _n: int, _under: None) -> str | None:
    """A blank line as printed: whitespace of any kind (document.blank) and its line end."""
    line = raw(b, (node, node), "blank_before")
    body = re.sub(r"(?:\r\n|\n|\r)\Z", "", line or "")
    if line is not None and (body == line or "\r" in body or "\n" in body or not blank(body)):
        b.error(node, "bad_blank_line", value=line)
        return None
    return line


def _raw_entry(b: Builder, node: yaml.Node, _n: int, _under: None) -> str | None:
    return raw(b, (node, node), "trailing")


def _layout(b: Builder, pair: Pair | None) -> Layout:
    if pair is None:
        return Layout()
    f = fields(b, pair[1], "layout")
    newline = choice(b, f.get("newline"), "newline", tuple(NEWLINES), "lf")
    return Layout(
        newline=NEWLINES[newline],
        indent=raw(b, f.get("indent"), "indent") or "",
        blank_lines=integer(b, f.get("blank_lines"), "blank_lines") or 0,
        final_newline=boolean(b, f.get("final_newline"), "final_newline", True),
        bom=boolean(b, f.get("bom"), "bom", False),
    )


def _numbering(b: Builder, pair: Pair | None) -> Numbering:
    default = Numbering()
    if pair is None:
        return default
    f = fields(b, pair[1], "numbering")
    styles = each(b, f.get("findings"), "findings", _raw_entry, None) if "findings" in f else None
    return Numbering(
        parts=_or(raw(b, f.get("parts"), "parts"), default.parts),
        points=_or(raw(b, f.get("points"), "points"), default.points),
        findings=tuple(styles) if styles is not None else default.findings,
        measures=_or(raw(b, f.get("measures"), "measures"), default.measures),
    )


def _or(value: str | None, default: str) -> str:
    return default if value is None else value


def _statuses(b: Builder, pair: Pair | None) -> tuple[tuple[str, Status], ...]:
    if pair is None:
        return ()
    node = pair[1]
    if not isinstance(node, yaml.MappingNode):
        b.error(node, "expected_mapping", what="statuses", got=describe(node))
        return ()
    found = []
    for key, value in node.value:
        word = raw(b, (key, key), "statuses")
        meant = choice(b, (key, value), "statuses", STATUS_VALUES, "")
        if word and meant:
            found.append((word, Status(meant)))
    return tuple(found)


def _spacing(b: Builder2, f: dict[str, Pair]) -> Spacing:
    if not any(k in f for k in SPACING):
        return PLAIN
    blank: tuple[str, ...] | None = None
    if "blank_before" in f:
        node = f["blank_before"][1]
        if isinstance(node, yaml.SequenceNode):
            blank = tuple(each(b, f["blank_before"], "blank_before", _blank_entry, None))
        else:
            blank = (b.layout.newline,) * (integer(b, f["blank_before"], "blank_before") or 0)
    newline = None
    if "newline" in f:
        newline = NEWLINES[choice(b, f["newline"], "newline", tuple(NEWLINES), "lf")]
    return Spacing(raw(b, f.get("indent"), "indent"), blank, newline)


def _kind(b: Builder, node: yaml.Node, kinds: tuple[str, ...], what: str) -> str | None:
    """Which kind of entry a mapping is: the one key of `kinds` it has."""
    if isinstance(node, yaml.MappingNode):
        for key, _value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value in kinds:
                return str(key.value)
    b.error(node, "unknown_block", what=what, allowed=", ".join(kinds))
    return None


def _block(b: Builder2, node: yaml.Node, _n: int, _under: None) -> Block | None:
    kind = _kind(b, node, BLOCK_KINDS, "notice")
    if kind is None:
        return None
    if kind == "part":
        return _part(b, node)
    if kind == "finding":
        f = fields(b, node, "finding")
        k = len(b.findings) + 1
        b.findings.append(_node(b, node, (k,), "finding"))
        role = choice(b, f.get("role"), "role", PART_ROLES, "findings")
        status = choice(b, f.get("group_status"), "group_status", STATUS_VALUES, "")
        return Part(None, role, findings=(k,), status=Status(status) if status else None,
                    node=True)  # fmt: skip
    lead = _lead(b, node, kind)
    if isinstance(lead, Point):
        b.error(node, "unknown_block", what="notice", allowed=", ".join(BLOCK_KINDS))
        return None
    return lead


def _lead(b: Builder2, node: yaml.Node, kind: str) -> Lead:
    f = fields(b, node, kind)
    value = raw(b, f.get(kind), kind) or ""
    if kind == "statistics":
        template = raw(b, f.get("template"), "template")
        if template is not None and (wrong := template_problem(template)) is not None:
            b.error(f["template"][1], "bad_template_name", name=wrong,
                    allowed=", ".join(TEMPLATE_NAMES))  # fmt: skip
            template = None
        block = Statistics(
            value,
            template=template,
            live=boolean(b, f.get("live"), "live", False),
            spacing=_spacing(b, f),
        )
        b.statistics.append((node, block))
        return block
    if kind == "point":
        return Point(value, raw(b, f.get("marker"), "marker"), _spacing(b, f))
    return Text(kind, value, _spacing(b, f))


def _part(b: Builder2, node: yaml.Node) -> Part:
    f = fields(b, node, "part", required=("role",))
    start = len(b.findings)
    for n, child in enumerate(entries(b, f["findings"][1], "findings") if "findings" in f else ()):
        b.findings.append(_node(b, child, (start + n + 1,), "title"))
    status = choice(b, f.get("status"), "status", STATUS_VALUES, "")
    leads: list[Lead] = each(b, f.get("blocks"), "blocks", _lead_entry, None)
    heading = f.get("part")
    return Part(
        heading=None
        if heading is None or heading[1].tag.endswith("null")
        else raw(b, heading, "part"),
        role=choice(b, f.get("role"), "role", PART_ROLES, "other"),
        blocks=tuple(leads),
        findings=tuple(range(start + 1, len(b.findings) + 1)),
        status=Status(status) if status else None,
        marker=raw(b, f.get("marker"), "marker"),
        style=raw(b, f.get("points"), "points"),
        spacing=_spacing(b, f),
    )


def _lead_entry(
    b: Builder2, node: yaml.Node, _n: int, _under: None
) -> Text | Statistics | Point | None:
    kind = _kind(b, node, LEAD_KINDS, "blocks")
    return _lead(b, node, kind) if kind is not None else None


class Restream(Exception):
    """An item built as it streamed by does not stand where the whole plan puts it, or was
    read with another layout (`layout:` after `notice:`): the plan is read again, whole."""


def peek_layout(b: Builder2, text: str) -> Layout:
    """The layout a plan's text declares before its notice (as `import` and `migrate` write
    it), read alone, for the items read as they stream by; the default where there is none
    (the plan's walk checks it is the layout the whole plan reads as)."""
    import re

    m = re.search(r"^layout:[ \t]*\r?\n((?:[ \t]+\S.*\r?\n)+)", text, re.MULTILINE)
    notice = re.search(r"^notice:", text, re.MULTILINE)
    if m is None or notice is None or m.start() > notice.start():
        return Layout()
    from .loader import Loader

    try:
        node = yaml.compose(m.group(), Loader=Loader)
    except yaml.YAMLError:
        return Layout()
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return Layout()
    outside, b.issues = b.issues, []
    try:
        return _layout(b, node.value[0])
    finally:
        b.issues = outside


def built_item2(b: Builder2, node: yaml.MappingNode, path: Path) -> Built:
    """The item at `path` built as soon as it is read, to stand in its node's place (see
    schema.built_item); checked where the plan's walk reaches it (_node)."""
    outside, b.issues = b.issues, []
    try:
        return Built(node, item_of(b, node, path), b.issues)
    finally:
        b.issues = outside


def _node(b: Builder2, node: yaml.Node, path: Path, title_key: str) -> Group | Item:
    if isinstance(node, Built):  # read as it streamed by: only where it was read for
        item = node.item
        if item is None or item.path != path or b.layout != b.streamed or title_key != "title":
            raise Restream(path)
        b.issues.extend(node.issues)
        return item
    f = fields(b, node, "finding" if title_key == "finding" else "node")
    title = raw(b, f.get(title_key), title_key)
    marker = raw(b, f.get("marker"), "marker")
    spacing = _spacing(b, f)
    if "findings" in f:
        children: list[Group | Item] = []
        for n, child in enumerate(entries(b, f["findings"][1], "findings"), 1):
            children.append(_node(b, child, (*path, n), "title"))
        lead = tuple(each(b, f.get("body"), "body", _segment, None))
        form = lean(Form(marker, spacing, lead or None, titled=title is not None))
        level = CATEGORY if len(path) == 1 else PROBLEM
        return Group(path, level, title or "", tuple(children), form)
    ledger = ledger_of(b, f)
    measures = each(b, f.get("measures"), "measures", _measure, (path, ledger))
    body = tuple(each(b, f.get("body"), "body", _segment, None)) if "body" in f else None
    numbering = raw(b, f.get("numbering"), "numbering")
    form = lean(Form(marker, spacing, body, numbering, title is not None))
    results = "".join(s.text for s in body or () if s.kind == "results") or None
    return Item(path, title or "", tuple(measures), ledger, results=results, form=form)


def item_of(b: Builder2, node: yaml.MappingNode, path: Path) -> Item | None:
    """The item an entry's node reads as on its own (recheck.py): a finding without findings
    under it, titled by `title`, or by `finding` where it is a part of its own."""
    keys = {k.value for k, _v in node.value if isinstance(k, yaml.ScalarNode)}
    if "findings" in keys:
        return None
    found = _node(b, node, path, "finding" if "finding" in keys else "title")
    return found if isinstance(found, Item) else None


def _measure(b: Builder2, node: yaml.Node, k: int, item: tuple[Path, Ledger]) -> Measure | None:
    f = fields(b, node, "measure", required=("text",))
    if not f:
        return None
    ledger = ledger_of(b, f)
    marker, spacing = raw(b, f.get("marker"), "marker"), _spacing(b, f)
    form = None if marker is None and spacing is PLAIN else lean(Form(marker, spacing))
    return Measure.under(item[1], (*item[0], k), raw(b, f.get("text"), "text") or "", ledger, form)


def _segment(b: Builder2, node: yaml.Node, _n: int, _under: None) -> Segment | None:
    kind = _kind(b, node, SEGMENT_KINDS, "body")
    if kind is None:
        return None
    f = fields(b, node, "segment")
    taken: int | None = None
    value = ""
    if kind == "measures":
        word = raw(b, f["measures"], "measures")
        taken = None if word == "all" else integer(b, f["measures"], "measures")
    else:
        value = raw(b, f[kind], kind) or ""
    return Segment(
        kind,
        value,
        run_in=boolean(b, f.get("run_in"), "run_in", False),
        taken=taken,
        paragraphs=boolean(b, f.get("paragraphs"), "paragraphs", False),
        spacing=_spacing(b, f),
    )
