"""The package's doctests. `pytest` collects only tests/, so they are run from here."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from rectify_cli.model import document, numbering, statistics, status


@pytest.mark.parametrize(
    "module", [document, numbering, statistics, status], ids=lambda m: m.__name__
)
def test_doctests_of_the_foundation_pass(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
