"""A full disk for real (`tools/diskfull.py`): every writing command on a small tmpfs, the free
space raised a page at a time from none until the command finishes. Needs root to mount."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.mark.slow
def test_every_command_on_a_full_disk_fails_cleanly_or_finishes(tool: Callable[[str], Any]) -> None:
    diskfull = tool("diskfull")
    if not diskfull.can_mount():
        pytest.skip("mounting a tmpfs needs root")
    found = diskfull.storm([*diskfull.EDITS, *diskfull.OUTPUTS])
    assert found.failures == []
    for name in [
        *diskfull.EDITS,
        *diskfull.OUTPUTS,
    ]:  # each was refused at least once, then finished
        assert found.outcomes[f"{name}: refused, disk full"] >= 1
        assert found.outcomes[f"{name}: finished"] >= 4
    print(f"\ndisk full: {sum(found.outcomes.values())} runs, {dict(found.outcomes)}")
