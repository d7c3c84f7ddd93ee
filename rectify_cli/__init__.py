"""rectify: the rectification plan (巡察整改), its ledger and its public notice.

The small public API (`load`, the model types, the error base) is imported on first use,
so that `import rectify_cli.cli` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "load": "plan_io",
    "ExitCode": "errors",
    "Issue": "errors",
    "PlanInvalid": "errors",
    "PlanUnreadable": "errors",
    "RectifyError": "errors",
    "Group": "model",
    "Item": "model",
    "Measure": "model",
    "Plan": "model",
    "Status": "model",
    "count": "model",
    "roll_up": "model",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(name)
