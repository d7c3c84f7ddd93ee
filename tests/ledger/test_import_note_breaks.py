"""A note in a returned ledger's 进展与佐证 cell is one line: a line feed, CR LF or CR
starts the next note; a NEL or U+2028 typed inside a note stays part of its text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rectify_cli.planfile import reader

Returned = Callable[[Callable[[Any, Any], None]], Path]
Notes = list[tuple[str, str, str | None]]


@pytest.fixture
def imported(run: Any, ledger_plan: Path, returned: Returned) -> Callable[[str], tuple[str, Notes]]:
    """`imported(cell)`: the ledger returned with 1.1.2.1's notes cell set to `cell`, imported;
    what `import` printed, and 1.1.2.1's notes in the plan after."""

    def imported(cell: str) -> tuple[str, Notes]:
        def change(book: Any, sheet: Any) -> None:
            sheet["K4"] = cell

        ledger = returned(change)
        code, out, err = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", ledger_plan)
        assert (code, err) == (0, "")
        plan, _ = reader.load(ledger_plan)
        notes = next(m for m in plan.measures() if m.id == "1.1.2.1").ledger.notes
        return out, [(n.on.isoformat(), n.text, n.evidence) for n in notes]

    return imported


@pytest.mark.parametrize("inside", ["\u2028", "\x85"], ids=["U+2028", "NEL"])
def test_import_note_with_a_line_separator_inside_is_one_note(
    imported: Callable[[str], tuple[str, Notes]], ledger_plan: Path, inside: str
) -> None:
    _, notes = imported(
        f"2025-03-28 完成制度修订{inside}第二部分\r\n2025-03-29 印发(佐证:通知.pdf)"
    )
    assert notes == [
        ("2025-03-28", f"完成制度修订{inside}第二部分", None),
        ("2025-03-29", "印发", "通知.pdf"),
    ]
    # the text is written escaped, so the plan file keeps one line per field
    text = ledger_plan.read_text(encoding="utf-8")
    assert f'text: "完成制度修订\\u{ord(inside):04x}第二部分"\n' in text


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_import_notes_one_a_line_whatever_the_line_ends(
    imported: Callable[[str], tuple[str, Notes]], newline: str
) -> None:
    out, notes = imported(f"2025-03-28 完成制度修订{newline}2025-03-29 印发(佐证:通知.pdf)")
    assert out.startswith(
        "1.1.2.1 进展: → 2025-03-28 完成制度修订\n1.1.2.1 进展: → 2025-03-29 印发 [通知.pdf]\n"
    )
    assert notes == [("2025-03-28", "完成制度修订", None), ("2025-03-29", "印发", "通知.pdf")]
