"""rectify: the rectification plan (巡察整改), its ledger and its public notice.

The small public API (`load`, the model types, the error base) is imported on first use,
so that `import rectify_cli.cli` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "load": "planfile.reader",
    "ExitCode": "errors",
    "Issue": "errors",
    "PlanInvalid": "errors",
    "PlanUnreadable": "errors",
    "RectifyError": "errors",
    "Group": "model.plan",
    "Item": "model.plan",
    "Measure": "model.plan",
    "Plan": "model.plan",
    "Status": "model.plan",
    "count": "model.plan",
    "roll_up": "model.plan",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(name)
