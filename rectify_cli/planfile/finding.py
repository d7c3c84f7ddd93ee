"""Which plan file a command works on: --plan, $RECTIFY_PLAN, ./data/items.yaml, or the bundled
example; and the plans of a round, for `rectify summary`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from ..errors import Issue
    from ..model.rounds import Round

DEFAULT_PLAN = Path("data") / "items.yaml"


def bundled_plan() -> Path:
    """The example plan shipped in the wheel (or, from a source checkout, data/items.yaml)."""
    from importlib import resources

    packaged = resources.files("rectify_cli").joinpath("bundled", "items.yaml")
    if packaged.is_file():
        return Path(str(packaged))
    return (
        Path(__file__).resolve().parents[2] / DEFAULT_PLAN
    )  # rectify_cli/planfile/ → the checkout


def locate(option: str | None, *, example: bool = True) -> tuple[Path, bool]:
    """The plan a command works on, and whether it is the bundled example."""
    chosen = option or os.environ.get("RECTIFY_PLAN")  # --plan FILE, else $RECTIFY_PLAN
    if chosen:
        return Path(chosen), False
    # else ./data/items.yaml; where there is none, the bundled example for the commands that only
    # show a plan (`example`), and for the others ./data/items.yaml all the same, so that the
    # error names the clerk's own file
    if not example or DEFAULT_PLAN.exists():
        return DEFAULT_PLAN, False
    return bundled_plan(), True


def refuse_output(output: Path | None, plans: Iterable[Path], *others: Path) -> None:
    """-o may not name a plan the command reads, by any name (a symlink, a hard link): it
    would be replaced by what was made of it; nor a file in a tool's folder `.rectify/` (the
    undo journal, the lock, the cache); nor the same file as another output `others`."""
    if output is None:
        return
    from ..errors import Refused
    from .toolfolder import NAME, real

    target = real(output)
    if any(_same(target, real(p)) for p in plans):
        raise Refused("output_is_plan")
    if NAME in target.parts:
        raise Refused("output_in_tool_folder", path=str(output), folder=str(target.parent))
    for other in others:
        if _same(target, real(other)):
            raise Refused("outputs_collide", path=str(output), other=str(other))


def _same(a: Path, b: Path) -> bool:
    """One file: the same real path, or the same inode (a hard link)."""
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def plan_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The plans named, and every .yaml / .yml file in the folders named (sorted)."""
    for path in paths:
        if path.is_dir():
            # hidden parts are judged below the folder named: `summary ..` must still look in it
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")
                              and not any(part.startswith(".")
                                          for part in p.relative_to(path).parts))  # fmt: skip
        else:
            yield path


def read_round(paths: Iterable[Path], today: date, invalid: Callable[[list[Issue]], None]) -> Round:
    """`rectify summary`: a unit for each plan named, or in a folder named, that reads."""
    # one that does not read is handed to `invalid` as it is met (its problems are shown in the
    # order of the plans), and counted
    from ..errors import PlanInvalid
    from ..model.rounds import Round, unit
    from .reader import load

    found = Round([], [], 0)
    for path in plan_files(paths):
        found.plans.append(path)
        try:
            found.units.append(unit(load(path)[0], path, today))
        except PlanInvalid as e:
            invalid(e.issues)
            found.failed += 1
    return found
