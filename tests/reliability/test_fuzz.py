"""Fuzzing, short runs (2,000 inputs per target in the slow suite, 20 in the default run):
only documented errors come out, and what is written stays valid. The same targets run long
with `python tools/fuzz.py` (see docs/reliability.md); targets.py says what each one feeds in
and checks."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import targets
from hypothesis import HealthCheck, given, settings
from support import examples

# RECTIFY_FUZZ_EXAMPLES=N: N inputs per target, whichever the run
EXAMPLES = int(os.environ.get("RECTIFY_FUZZ_EXAMPLES") or examples(2000, quick=20))
# The same inputs on every run, so that CI passes or fails for a reason; RECTIFY_FUZZ_RANDOM=1
# draws new ones (tools/fuzz.py always does).
DERANDOMIZE = os.environ.get("RECTIFY_FUZZ_RANDOM") != "1"
SEEN: dict[str, Counter[str]] = {}


def fuzz(name: str) -> Any:
    strategy, check = targets.TARGETS[name]
    seen = SEEN.setdefault(name, Counter())

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,  # nothing written into the project folder
        derandomize=DERANDOMIZE,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def test(scratch: Path, value: Any) -> None:
        seen[check(scratch, value)] += 1

    test.__doc__ = check.__doc__
    return test


test_fuzz_loader = fuzz("loader")
test_fuzz_ids = fuzz("ids")
test_fuzz_notice_import = fuzz("notice")
test_fuzz_ledger_import = fuzz("ledger")
test_fuzz_edit = fuzz("edit")
test_fuzz_recheck = fuzz("recheck")


@pytest.fixture(scope="module", autouse=True)
def print_counts() -> Any:
    """What the inputs came to, for `pytest -s` (a target's count includes the examples that
    hypothesis replays)."""
    yield
    for name, seen in SEEN.items():
        top = ", ".join(f"{k} {v}" for k, v in seen.most_common(8))
        print(f"\nfuzz {name}: {sum(seen.values())} inputs; {top}")
