"""composer.py composes libyaml's events into the very tree libyaml's own composer gives (with
loader.Loader's tags), or raises the very error; with a callback, each item goes to it as it
is read, with its path."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from support import BAD, EDIT_GOLDEN, LEDGER, ROOT, SHIPPED, STARTER

from rectify_cli.planfile import composer, decoding, loader, reader

TEXTS = sorted(
    [
        SHIPPED,
        LEDGER,
        STARTER,
        *EDIT_GOLDEN.glob("*.yaml"),
        *BAD.glob("*.yaml"),
    ]
)
MORE = {
    "empty": "",
    "comment only": "# 注释\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "explicit document": "---\na: [1, {b: c}]\n...\n",
    "tags": "a: !!str 1\nb: !x {c: d}\nc: !!seq [1]\n'd': ! e\n",
    "styles": "a: |\n  x\nb: >-\n  y\nc: \"q\"\nd: 's'\ne: ~\nf: null\ng:\n",
    "mapping as key": "? {a: b}\n: c\n",
    "deep": "a: " + "[" * 30 + "]" * 30 + "\n",
}


def marks(node: yaml.Node) -> tuple[int, int, int, int, int, int]:
    s, e = node.start_mark, node.end_mark
    return (s.index, s.line, s.column, e.index, e.line, e.column)


def same(a: yaml.Node | None, b: yaml.Node | None) -> None:
    """Every node alike: kind, tag, value, style, flow style and both marks."""
    if a is None or b is None:
        assert a is b is None
        return
    assert (type(a), a.tag, marks(a)) == (type(b), b.tag, marks(b))
    if isinstance(a, yaml.ScalarNode):
        assert (a.value, a.style) == (b.value, b.style)
    elif isinstance(a, yaml.MappingNode):
        assert a.flow_style == b.flow_style and len(a.value) == len(b.value)
        for (ka, va), (kb, vb) in zip(a.value, b.value, strict=True):
            same(ka, kb)
            same(va, vb)
    else:
        assert a.flow_style == b.flow_style and len(a.value) == len(b.value)
        for x, y in zip(a.value, b.value, strict=True):
            same(x, y)


def outcome(compose: object, text: str) -> yaml.Node | str | None:
    try:
        return compose(text)  # type: ignore[operator,no-any-return]
    except yaml.YAMLError as e:
        return f"{type(e).__name__}: {e}"


@pytest.mark.parametrize(
    "text",
    [p.read_text(encoding="utf-8", errors="replace") for p in TEXTS] + list(MORE.values()),
    ids=[str(p.relative_to(ROOT)) for p in TEXTS] + list(MORE),
)
def test_composer_gives_libyamls_tree(text: str) -> None:
    if "&" in text or "*" in text:
        pytest.skip("anchors and aliases are refused before composing")
    ours = outcome(composer.compose, text)
    theirs = outcome(lambda t: yaml.compose(t, Loader=loader.Loader), text)
    if isinstance(ours, str) or isinstance(theirs, str):
        assert ours == theirs
    else:
        same(ours, theirs)


def test_composer_hands_each_schema_2_item_over_as_it_is_read() -> None:
    """Schema 2: the findings with no findings under them, numbered across the parts."""
    text = SHIPPED.read_text(encoding="utf-8")
    seen: list[tuple[tuple[int, ...], str]] = []

    def on_item(node: yaml.MappingNode, path: tuple[int, ...], schema: int) -> yaml.Node:
        assert schema == 2
        seen.append((path, node.value[0][1].value))
        return node

    composer.compose(text, on_item)
    plan, _ = reader.load(SHIPPED)
    assert seen == [(item.path, item.title) for item in plan.items()]
    assert len(seen) == 28 and seen[-1][0] == (4, 3)


def test_a_schema_2_plan_read_as_it_streams_is_the_plan_read_whole(tmp_path: Path) -> None:
    """Items read as they stream by stand where the whole plan puts them; where they could
    not (the layout written after the notice, a part's `findings:` before its `finding:`),
    the plan is read again, whole, to the same plan."""
    text = SHIPPED.read_text(encoding="utf-8")
    whole = reader.parse(decoding.Source(Path("p.yaml"), text, b"", 0))[0]
    head, notice = text.split("notice:\n", 1)
    layout = head[head.index("layout:") : head.index("numbering:")]
    moved = head.replace(layout, "") + "notice:\n" + notice + layout
    assert "final_newline: false" in layout  # not the default: the streamed items are not it
    again = reader.parse(decoding.Source(Path("p.yaml"), moved, b"", 0))[0]
    assert again == whole


def test_composer_hands_each_item_over_as_it_is_read() -> None:
    text = (EDIT_GOLDEN / "comments.yaml").read_text(encoding="utf-8")
    seen: list[tuple[tuple[int, ...], str]] = []

    def on_item(node: yaml.MappingNode, path: tuple[int, ...], schema: int) -> yaml.Node:
        assert schema == 1
        seen.append((path, node.value[0][1].value))
        return yaml.ScalarNode(composer.STR, "read", node.start_mark, node.end_mark)

    root = composer.compose(text, on_item)
    plan, _ = reader.load(EDIT_GOLDEN / "comments.yaml")
    assert seen == [(item.path, item.title) for item in plan.items()]
    assert [p for p, _ in seen] == [(1, 1, 1), (1, 1, 2), (2, 1)]
    assert root is not None
    categories = next(v for k, v in root.value if k.value == "findings").value[1][1]
    direct = next(v for k, v in categories.value[1].value if k.value == "items")
    assert [n.value for n in direct.value] == ["read"]
