"""YAML with positions: libyaml composing the text (see composer.py), anchors refused, a syntax
error told at the line and column where the clerk must look."""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from typing import Any

import yaml

from ..errors import Issue, PlanInvalid
from . import composer
from .composer import MAP, NULL, NULLS, SEQ, STR, ItemRead
from .decoding import LINE_BREAK


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer, for the few lines of one entry, with the tags composer.py gives:
    the schema reads every scalar as the text the clerk wrote, so only `null` is told apart."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return NULL if implicit[0] and value in NULLS else STR
        return MAP if kind is yaml.MappingNode else SEQ


def compose(text: str, path: str, on_item: ItemRead | None = None) -> yaml.Node | None:
    """Parse to a node tree with positions (handing each item to `on_item` as it is read,
    see composer.py); refuse anchors and aliases (no alias bombs)."""
    if "&" in text or "*" in text:
        issues = [
            Issue(path, line, col, key, {"name": name})
            for line, col, key, name in _anchors(text, Loader)
        ]
        if issues:
            raise PlanInvalid(issues)
    try:
        return composer.compose(text, on_item)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        # Point where the clerk must look: at the key that lacks its colon, or the quote or
        # bracket never closed, rather than at the line after it or the end of the file.
        if e.context_mark is not None and (
            e.context == "while scanning a simple key" or "end of stream" in (e.problem or "")
        ):
            mark = e.context_mark
        line, col = _position(mark)
        lines = re.split(LINE_BREAK, text)
        if line > len(lines):  # the end of a file without a final line break
            line, col = len(lines), len(lines[-1]) + 1
        problem = " ".join(p for p in (e.context, e.problem) if p)
        line_text = lines[line - 1]
        raise PlanInvalid(
            [
                Issue(
                    path,
                    line,
                    col,
                    "yaml_syntax",
                    {"problem": problem, "cause": _syntax_hint(problem, line_text, col)},
                )
            ]
        ) from None
    except yaml.reader.ReaderError as e:
        # A character YAML refuses (NUL, Ctrl-Z): name it and where it is, on one line
        bad = re.search(_UNPRINTABLE, text)
        line, col = _line_col(text, bad.start()) if bad else (1, 1)
        problem = f"unacceptable character #x{e.character:04x}: {e.reason}"
        raise PlanInvalid(
            [Issue(path, line, col, "yaml_syntax", {"problem": problem, "cause": ""})]
        ) from None
    except yaml.YAMLError as e:
        raise PlanInvalid(
            [Issue(path, 1, 1, "yaml_syntax", {"problem": str(e), "cause": ""})]
        ) from None


def _anchors(text: str, loader: type) -> list[tuple[int, int, str, str]]:
    found: list[tuple[int, int, str, str]] = []
    try:
        for ev in yaml.parse(text, Loader=loader):
            if isinstance(ev, yaml.AliasEvent):
                found.append((*_position(ev.start_mark), "alias", ev.anchor or ""))
            elif isinstance(ev, yaml.NodeEvent) and ev.anchor:
                found.append((*_position(ev.start_mark), "anchor", ev.anchor))
    except yaml.YAMLError:
        pass  # compose() reports the syntax error with its position
    return found


def _position(mark: Any) -> tuple[int, int]:
    """1-based line and column of a mark (libyaml's and PyYAML's alike)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


# What YAML's reader refuses: the complement of its printable set (written out, as it compiles
# fast): control characters other than tab and line breaks, surrogates, U+FFFE and U+FFFF
_UNPRINTABLE = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
_LEADING_KEY = r"[ ]*(?:-[ ]+)*[^\s:#'\"-][^\s:]{0,40}:"  # a key, not a paragraph


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at `index`, counting lines as YAML does."""
    before = re.split(LINE_BREAK, text[:index])
    return len(before), len(before[-1]) + 1


def _syntax_hint(problem: str, line_text: str, col: int = 0) -> str:
    if "\t" in problem or "'\\t'" in problem or line_text.lstrip(" ").startswith("\t"):
        return "tab"
    if "：" in line_text:
        return "fullwidth_colon"
    if "mapping values are not allowed" in problem:
        # at the colon of the line's own key, the key is not where YAML expects one: the line
        # is indented unlike its neighbours, or the line above lacks its colon
        key = re.match(_LEADING_KEY, line_text)
        return "indent" if key and key.end() == col else "colon_in_text"
    if "did not find expected key" in problem or "expected '-' indicator" in problem:
        return "indent"
    return ""


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Building or serialising a plan makes a large tree of acyclic objects: a collection in the
    middle walks all of it for nothing (measured: half the load time of 10,000 measures)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
