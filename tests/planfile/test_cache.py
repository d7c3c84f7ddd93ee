"""The parse cache (.rectify/NAME.cache) never serves a stale plan, and a broken one is a miss."""

from __future__ import annotations

import json
import marshal
import os
from datetime import date
from pathlib import Path

import pytest
from support import COLD
from support import SHIPPED_V1 as SHIPPED

from rectify_cli.planfile import cache, decoding, reader

TODAY = "2025-04-01"


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other tests' fixtures may turn the cache off for the whole session."""
    monkeypatch.delenv("RECTIFY_NO_CACHE", raising=False)


@pytest.fixture
def plan(tmp_path: Path, copy_plan) -> Path:
    """The shipped plan in schema 1, whose cache also holds where each item lies."""
    return copy_plan(tmp_path, source=SHIPPED)


def test_cache_serves_a_schema_2_plan_whole(tmp_path: Path, copy_plan) -> None:
    """The notice of a schema-2 plan (its blocks, layout, forms) comes back from the cache
    equal to the plan read from its text."""
    plan = copy_plan(tmp_path)
    raw = plan.read_bytes()
    read, _ = reader.load(plan, date.today())
    assert read.document is not None
    reader.load(plan, date.today(), cached=True)
    hit = cache.get(plan, raw, date.today())
    assert hit is not None
    assert hit[0] == read


def statuses(run, plan: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    code, out, err = run("status", "--json", "--today", TODAY, "--plan", plan, env=env)
    assert (code, err) == (0, "")
    found: dict[str, str] = {}

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if "id" in value and "status" in value:
                found[value["id"]] = value["status"]
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(json.loads(out)["nodes"])
    return found


def test_cache_is_written_beside_the_plan_and_served(run, plan: Path) -> None:
    """Keyed by the real date (warnings about dates to come depend on it), not --today."""
    first = statuses(run, plan)
    stored = cache.path_for(plan)
    assert stored == plan.parent / ".rectify" / "items.yaml.cache"
    assert stored.is_file()
    hit = cache.get(plan, plan.read_bytes(), date.today())
    assert hit is not None
    assert hit == reader.parse(decoding.read(plan), date.today())
    assert statuses(run, plan) == first == statuses(run, plan, COLD)


def test_cache_edit_in_the_same_second_with_the_same_size_is_seen(run, plan: Path) -> None:
    """正在整改 and 长期坚持 are both 12 bytes: same size, and the old time stamp put back."""
    assert statuses(run, plan)["1.1.1.1"] == "doing"
    before = plan.stat()
    text = plan.read_text(encoding="utf-8")
    edited = text.replace("status: 正在整改", "status: 长期坚持", 1)
    plan.write_text(edited, encoding="utf-8")
    os.utime(plan, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = plan.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert statuses(run, plan)["1.1.1.1"] == "ongoing"


def test_cache_of_another_day_is_served_when_no_date_lies_between(plan: Path) -> None:
    """The shipped plan has no completion date: a reading of any day holds on every day, so
    the first command of a day is not a cold read."""
    raw = plan.read_bytes()
    reader.load(plan, date(2025, 4, 1), cached=True)
    for day in (date(2025, 4, 1), date(2025, 4, 2), date(2031, 1, 1), date(2020, 1, 1)):
        assert cache.get(plan, raw, day) == reader.parse(decoding.read(plan), day)


def test_cache_holds_only_for_the_days_a_completion_date_allows(plan: Path) -> None:
    """One measure done on 2025-04-10 and one on 2025-03-20, read on 2025-04-01: the first
    is warned about as in the future. That reading holds from 03-20 (before, the second would
    be in the future too) up to 04-09 (on 04-10 the first is not in the future any more);
    outside those days the cache is a miss, and each day's reading is what a cold read says."""
    from rectify_cli.model import changes
    from rectify_cli.model.plan import Status
    from rectify_cli.planfile import transaction

    for path, on in (((1, 1, 1, 1), date(2025, 4, 10)), ((1, 1, 1, 2), date(2025, 3, 20))):
        node = reader.load(plan)[0].find(path)
        assert node is not None
        done = changes.set_status([node], Status.DONE, on, "王芳")
        transaction.change(plan, "done", "王芳", lambda _plan, c=done: c)
    raw = plan.read_bytes()
    cache.path_for(plan).unlink()
    _, issues = reader.load(plan, date(2025, 4, 1), cached=True)
    assert [i.key for i in issues] == ["done_in_future"]
    for day in (date(2025, 3, 19), date(2025, 3, 20), date(2025, 3, 31)):
        assert (cache.get(plan, raw, day) is not None) == (day.day != 19), day
    for day in range(1, 12):
        hit = cache.get(plan, raw, date(2025, 4, day))
        assert (hit is not None) == (day < 10), day
        if hit is not None:
            assert hit == reader.parse(decoding.read(plan), date(2025, 4, day))


@pytest.mark.parametrize(
    "damage",
    [b"", b"garbage", b"\xe3\x00\x00\x00", "cut in half"],
    ids=["empty", "garbage", "bad marshal", "cut"],
)
def test_cache_damaged_is_a_miss(run, plan: Path, damage: bytes | str) -> None:
    expected = statuses(run, plan, COLD)
    statuses(run, plan)
    stored = cache.path_for(plan)
    data = stored.read_bytes()
    if damage == "cut in half":
        stored.write_bytes(data[: len(data) // 2])
    else:
        assert isinstance(damage, bytes)
        stored.write_bytes(damage)
    assert cache.get(plan, plan.read_bytes(), date.today()) is None
    assert statuses(run, plan) == expected
    assert cache.get(plan, plan.read_bytes(), date.today()) is not None  # rewritten


def test_cache_plan_changed_since_written_is_a_miss(run, plan: Path) -> None:
    """Stored bytes that still read, but not as written (one character of a measure changed):
    the checksum tells, and the plan is read from the file, not served wrong."""
    statuses(run, plan)
    stored = cache.path_for(plan)
    data = stored.read_bytes()
    text = "组织局党组成员".encode()
    at = data.rfind(text)  # in the stored plan, after the plan file's own bytes
    assert at > data.find(text) >= 0
    stored.write_bytes(data[:at] + "组织局党委成员".encode() + data[at + len(text) :])
    assert cache.get(plan, plan.read_bytes(), date.today()) is None
    code, out, err = run("show", "1.1.1.1", "--plan", plan)
    assert (code, err) == (0, "")
    assert "组织局党组成员" in out and "党委" not in out


def test_cache_layout_changed_since_written_serves_the_plan_not_the_edit(plan: Path) -> None:
    """One item's span changed in the stored layout, which still reads (a damaged disk block
    can do that): the plan is still served to the commands that only read; an edit, which
    would trust the layout, reads the file."""
    raw = plan.read_bytes()
    reader.load(plan, date.today(), cached=True)
    stored = cache.path_for(plan)
    data = stored.read_bytes()
    parts, offset = [], 0  # (key, the file's bytes, plan, layout), each after its length
    while offset < len(data):
        size = int.from_bytes(data[offset : offset + 8], "little")
        parts.append(data[offset + 8 : offset + 8 + size])
        offset += 8 + size
    spans, sequence_offset = marshal.loads(parts[3])
    first = min(spans)
    spans[first] = (spans[first][0] + 1, *spans[first][1:])
    parts[3] = marshal.dumps((spans, sequence_offset))
    stored.write_bytes(b"".join(len(p).to_bytes(8, "little") + p for p in parts))
    assert cache.get(plan, raw, date.today()) is not None
    assert cache.lookup(plan, raw, date.today()) is None


def test_cache_folder_read_only_costs_only_speed(run, plan: Path) -> None:
    folder = plan.parent / ".rectify"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        assert statuses(run, plan)["1.1.1.1"] == "doing"
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_cache_is_not_used_when_turned_off(run, plan: Path) -> None:
    statuses(run, plan, COLD)
    assert not cache.path_for(plan).exists()


def test_cache_after_done_holds_the_new_plan(run, plan: Path) -> None:
    code, _, err = run("done", "1.1.1.1", "--on", "2025-03-01", "--by", "办公室", "--plan", plan)
    assert (code, err) == (0, "")
    hit = cache.get(plan, plan.read_bytes(), date.today())
    assert hit is not None
    assert hit == reader.parse(decoding.read(plan), date.today())
    assert statuses(run, plan)["1.1.1.1"] == "done"


@pytest.mark.parametrize("layout", ["missing", "not an entry", "another entry"])
def test_cache_layout_that_does_not_fit_costs_only_time(run, plan: Path, layout: str) -> None:
    """An edit of a cached plan composes the changed entries' lines from the stored layout; if
    that ever fails, or gives a text that is not the intended plan, the whole text decides."""
    reference = plan.parent / "reference.yaml"
    reference.write_bytes(plan.read_bytes())
    done = ["done", "1.1.1.1", "--on", "2025-03-01", "--by", "办公室", "--note", "已开会", "--plan"]
    assert run(*done, reference, env=COLD)[0] == 0

    raw = plan.read_bytes()
    statuses(run, plan)
    hit = cache.lookup(plan, raw, date.today())
    assert hit is not None and hit[2] is not None
    spans, offset = hit[2]
    paths = sorted(spans)
    bad = {
        "missing": ({}, offset),
        "not an entry": ({path: (0, 200, 0) for path in spans}, offset),
        "another entry": (
            {p: spans[q] for p, q in zip(paths, paths[1:] + paths[:1], strict=True)},
            offset,
        ),
    }[layout]
    cache.put(plan, raw, date.today(), hit[0], hit[1], bad)
    assert run(*done, plan)[0] == 0
    assert plan.read_bytes() == reference.read_bytes()


def test_cache_layout_cut_off_serves_the_plan_but_not_the_edit(run, plan: Path) -> None:
    """The layout is stored last: cut off, `status` still reads the plan from the cache, and
    an edit reads the whole text."""
    reference = plan.parent / "reference.yaml"
    reference.write_bytes(plan.read_bytes())
    assert run("note", "1.1.1.1", "开会", "--on", "2025-03-01", "--plan", reference,
               env=COLD)[0] == 0  # fmt: skip
    raw = plan.read_bytes()
    statuses(run, plan)
    stored = cache.path_for(plan)
    stored.write_bytes(stored.read_bytes()[:-1])
    assert cache.get(plan, raw, date.today()) is not None
    assert cache.lookup(plan, raw, date.today()) is None
    assert run("note", "1.1.1.1", "开会", "--on", "2025-03-01", "--plan", plan)[0] == 0
    assert plan.read_bytes() == reference.read_bytes()


def test_cache_warnings_are_told_under_the_name_given_now(run, tmp_path: Path, monkeypatch) -> None:
    """A warning served from the cache names the plan as this command was given it."""
    folder = tmp_path / "a"
    folder.mkdir()
    text = (SHIPPED.read_text(encoding="utf-8")
            .replace("status: 正在整改", "status: 已完成", 1))  # fmt: skip
    (folder / "items.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = run("validate", "--plan", "a/items.yaml")
    again = run("validate", "--plan", "a/../a/items.yaml")
    assert first[0] == again[0] == 0
    assert "a/items.yaml:" in first[2] and "完成时间" in first[2]
    assert again[2] == first[2].replace("a/items.yaml:", "a/../a/items.yaml:")
    assert cache.get(Path("a/items.yaml"), (folder / "items.yaml").read_bytes(), date.today())
