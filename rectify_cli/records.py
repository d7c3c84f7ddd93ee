"""Immutable records that cost nothing to define (see Record). Imports nothing of the package."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Self


class Record:
    """An immutable record, compared, hashed, iterated and copied (`_replace`) by its fields
    as a named tuple is. Written out as a class, it costs nothing to define: a NamedTuple is
    built with `eval` when its module is imported, 1.1 M instructions each: the ten records
    of a schema-2 notice (model/document.py) cost 11 M, 3 % of `rectify done` on the shipped
    plan. For records made a few times a command; a named tuple is made faster, which counts
    for the measures of a large plan (model/plan.py)."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __iter__(self) -> Iterator[Any]:
        return (getattr(self, f) for f in self._fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({shown})"

    def _asdict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self._fields}

    def _replace(self, **changes: Any) -> Self:
        return type(self)(**{f: changes.get(f, getattr(self, f)) for f in self._fields})
