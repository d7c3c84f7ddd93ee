"""The byte-exact round trip, in process: for every notice of the corpus and each layout a web
copy gives it (CRLF, CR, blank lines, indents, a BOM, no final newline), the plan the importer
makes renders the notice back, its YAML reads back to the same plan, and ledger-only edits
(set, note) change nothing in the report; a done changes only bound spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import NOTICES, variants

from rectify_cli.model.plan import Item, Measure, Note, Plan, Status
from rectify_cli.notice.assemble import join, paragraphs
from rectify_cli.notice.importer import read_notice
from rectify_cli.planfile.decoding import Source
from rectify_cli.planfile.emit import dump
from rectify_cli.planfile.reader import parse

CASES = [
    (path, name)
    for path in NOTICES
    for name in variants(path.read_text(encoding="utf-8", errors="strict"))
]


def text_of(path: Path, name: str) -> str:
    return variants(path.read_bytes().decode("utf-8"))[name]


def rendered(plan: Plan) -> str:
    assert plan.document is not None
    return join(paragraphs(plan), plan.document)


@pytest.mark.parametrize(("path", "name"), CASES, ids=lambda x: getattr(x, "stem", x))
def test_import_then_report_is_the_notice_byte_for_byte(path: Path, name: str) -> None:
    text = text_of(path, name)
    found = read_notice(text)
    assert (0, "kept_as_text") not in found.warnings  # read as a structure, not as lines
    assert rendered(found.plan) == text
    yaml_text = dump(found.plan)
    plan, issues = parse(Source(Path("plan.yaml"), yaml_text, yaml_text.encode(), 0))
    assert [i for i in issues if not i.warning] == []
    assert plan == found.plan


def _edited(plan: Plan, edit: str) -> Plan:
    """The plan with every measure's ledger edited in a way the notice never prints (set an
    owner, add a note), or every measure done."""

    def measure(item: Item, m: Measure) -> Measure:
        if edit == "done":
            ledger = m.ledger._replace(status=Status.DONE)
        elif edit == "set":
            ledger = m.ledger._replace(owner="分管副局长", dept="办公室")
        else:
            from datetime import date

            ledger = m.ledger._replace(notes=(*m.ledger.notes, Note(date(2026, 1, 5), "已开会")))
        return Measure.under(item.ledger, m.path, m.text, ledger, m.form)

    def node(n):  # type: ignore[no-untyped-def]
        if isinstance(n, Item):
            own = n.ledger._replace(status=Status.DONE) if edit == "done" else n.ledger
            n = n._replace(ledger=own)
            return n._replace(measures=tuple(measure(n, m) for m in n.measures))
        return n._replace(children=tuple(node(c) for c in n.children))

    return plan._replace(categories=tuple(node(c) for c in plan.categories))


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.stem)
@pytest.mark.parametrize("edit", ["set", "note"])
def test_ledger_only_edits_change_nothing_in_the_report(path: Path, edit: str) -> None:
    text = path.read_bytes().decode("utf-8")
    plan = read_notice(text).plan
    assert rendered(_edited(plan, edit)) == text


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.stem)
def test_done_changes_only_status_lines_marks_and_group_members(path: Path) -> None:
    """Every line the report changes prints a status word or stands in a status group: the
    rest of the notice stays, line for line."""
    text = path.read_bytes().decode("utf-8")
    plan = read_notice(text).plan
    doc = plan.document
    assert doc is not None
    grouped = any(getattr(b, "role", "") == "status_group" for b in doc.blocks)
    after = rendered(_edited(plan, "done")).splitlines()
    before = text.splitlines()
    if not grouped:
        assert len(after) == len(before)
    words = {w for w, _s in doc.statuses} | {"已完成", "已整改完成", "完成"}
    for line in set(after) - set(before):
        assert grouped or any(w in line for w in words), line


def test_the_notice_modules_doctests_pass() -> None:
    import doctest

    from rectify_cli.notice import findings, lines, statuses

    for module in (findings, lines, statuses):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__
