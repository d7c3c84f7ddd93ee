"""Which plan file a command works on: --plan, $RECTIFY_PLAN, ./data/items.yaml, or the bundled
example."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

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


def locate(option: str | None) -> tuple[Path, bool]:
    """--plan FILE, else $RECTIFY_PLAN, else ./data/items.yaml; (path, is_bundled_fallback)."""
    chosen = option or os.environ.get("RECTIFY_PLAN")
    if chosen:
        return Path(chosen), False
    if DEFAULT_PLAN.exists():
        return DEFAULT_PLAN, False
    return bundled_plan(), True


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
