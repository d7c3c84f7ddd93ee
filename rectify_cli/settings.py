"""What the environment sets: every RECTIFY_* variable the tool reads, each read and checked in
one place, the size limits among them. Imports nothing of the package but its errors.

A command checks them all before it starts (`check`): one malformed variable is a usage error
(exit 2) naming each one that is wrong, what it holds and what it should hold, whatever the
command would have read. A limit is a number of megabytes (1 MB = 1,048,576 bytes) or of rows,
named after its variable; what goes over it is refused before the work starts (`TooLarge`,
exit 10), saying the size, the limit and the variable that raises it.

>>> parsed("RECTIFY_LOCK_TIMEOUT", " 2.5 "), parsed("RECTIFY_MAX_LEDGER_ROWS", "1_000")
(2.5, 1000)
>>> parsed("RECTIFY_NO_CACHE", "0"), parsed("RECTIFY_NO_CACHE", "yes")
(False, True)
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import Any

from .errors import BadEnvironment, TooLarge

MB = 1024 * 1024


def _seconds(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or value < 0:
        raise ValueError(text)
    return value


def _megabytes(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(text)
    return value


def _count(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError(text)
    return value


_FLAGS = {"1": True, "true": True, "yes": True, "on": True,
          "0": False, "false": False, "no": False, "off": False}  # fmt: skip


def _flag(text: str) -> bool:
    return _FLAGS[text.lower()]


def _language(text: str) -> str:
    if not text.lower().startswith(("zh", "en")):
        raise ValueError(text)
    return text


def _text(text: str) -> str:
    if any(c < " " or "\x7f" <= c <= "\x9f" or c in "\u2028\u2029" for c in text):
        raise ValueError(text)
    return text


# name: (how its text is read, its value when unset or empty, the message key of what it holds)
VARIABLES: dict[str, tuple[Callable[[str], Any], Any, str]] = {
    "RECTIFY_PLAN": (_text, None, "env_expects_path"),
    "RECTIFY_LANG": (_language, "zh", "env_expects_lang"),
    "RECTIFY_USER": (_text, None, "env_expects_name"),
    "RECTIFY_TEMPLATES": (_text, None, "env_expects_path"),
    "RECTIFY_NO_CACHE": (_flag, False, "env_expects_flag"),
    "RECTIFY_LOCK_TIMEOUT": (_seconds, 10.0, "env_expects_seconds"),
    "RECTIFY_MAX_PLAN_MB": (_megabytes, 40.0, "env_expects_megabytes"),
    "RECTIFY_MAX_NOTICE_MB": (_megabytes, 1.0, "env_expects_megabytes"),
    "RECTIFY_MAX_LEDGER_MB": (_megabytes, 256.0, "env_expects_megabytes"),
    "RECTIFY_MAX_LEDGER_ROWS": (_count, 200_000, "env_expects_count"),
}


def parsed(name: str, text: str) -> Any:
    """The value `text` gives variable `name`; ValueError (or KeyError) when it gives none."""
    read, default, _expects = VARIABLES[name]
    return read(text.strip()) if text.strip() else default


def value(name: str) -> Any:
    """The variable's value now, or its default; a malformed one is a usage error."""
    text = os.environ.get(name, "")
    try:
        return parsed(name, text)
    except (ValueError, KeyError):
        raise BadEnvironment([(name, text, VARIABLES[name][2])]) from None


def check() -> None:
    """Every variable read once: raise BadEnvironment naming each malformed one."""
    wrong = []
    for name, (_read, _default, expects) in VARIABLES.items():
        text = os.environ.get(name, "")
        try:
            parsed(name, text)
        except (ValueError, KeyError):
            wrong.append((name, text, expects))
    if wrong:
        raise BadEnvironment(wrong)


_MESSAGES = {"RECTIFY_MAX_LEDGER_MB": "too_large_inflated",
             "RECTIFY_MAX_LEDGER_ROWS": "too_large_rows"}  # fmt: skip


def within(variable: str, size: int, path: str, what: str) -> None:
    """Refuse `size` (bytes, or rows for a count) over the limit `variable` sets."""
    limit = value(variable)
    if size <= (limit * MB if variable.endswith("_MB") else limit):
        return
    if variable.endswith("_MB"):
        shown, limit_shown = _mb(size), _mb(limit * MB)
    else:
        shown, limit_shown = f"{size:,}", f"{limit:,}"
    raise TooLarge(
        _MESSAGES.get(variable, "too_large_size"),
        path=path, what=what, size=shown, limit=limit_shown, variable=variable,
        example=_example(limit),
    )  # fmt: skip


def _mb(size: float) -> str:
    """Megabytes as the messages print them: 52.4, 0.5, 1."""
    return f"{size / MB:.1f}".removesuffix(".0")


def _example(limit: float) -> str:
    """A limit to suggest: the next round number above four times this one."""
    target = limit * 4
    step = 10 ** max(0, int(math.log10(target)))
    return f"{math.ceil(target / step) * step:g}"
