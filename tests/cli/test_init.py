"""`rectify init`: a new commented plan that validates; never overwrites."""

from __future__ import annotations

import os
import stat

import pytest
from support import SHIPPED


def test_init_creates_data_items_yaml_that_validates(run, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init") == (
        0,
        "已新建计划文件 data/items.yaml。编辑后运行 rectify validate 检查。\n",
        "",
    )
    text = (tmp_path / "data" / "items.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 巡察整改方案计划文件")
    assert run("validate") == (
        0,
        "data/items.yaml:计划有效。1 个方面、2 条反馈意见、3 项整改措施。\n",
        "",
    )


def test_init_starter_plan_is_found_by_status_without_the_bundled_notice(
    run, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init")[0] == 0
    code, out, err = run("status", "--today", "2026-04-01")
    assert (code, err) == (0, "")
    assert out.startswith("关于巡察反馈意见整改情况的通报")


def test_init_at_a_given_path_creates_its_folders(run, tmp_path) -> None:
    path = tmp_path / "a" / "b" / "plan.yaml"
    assert run("init", str(path)) == (
        0,
        f"已新建计划文件 {path}。编辑后运行 rectify validate 检查。\n",
        "",
    )
    assert run("validate", "--plan", str(path))[0] == 0


def test_init_refuses_to_overwrite_and_leaves_the_file_untouched(run, tmp_path) -> None:
    path = tmp_path / "plan.yaml"
    original = b"# my own plan\r\ntitle: \xe6\x88\x91\xe7\x9a\x84\r\n"
    path.write_bytes(original)
    before = path.stat()
    assert run("init", str(path)) == (6, "", f"{path} 已存在,不会覆盖。\n")
    assert run("init", str(path), "--example") == (6, "", f"{path} 已存在,不会覆盖。\n")
    assert path.read_bytes() == original
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]  # no temp file left


def test_init_refuses_in_english(run, tmp_path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("x", encoding="utf-8")
    assert run("init", str(path), "--lang", "en") == (
        6,
        "",
        f"{path} exists; it is never overwritten\n",
    )


def test_init_example_writes_the_shipped_plan(run, tmp_path) -> None:
    path = tmp_path / "example.yaml"
    assert run("init", str(path), "--example")[0] == 0
    assert path.read_bytes() == SHIPPED.read_bytes()
    assert run("validate", "--plan", str(path)) == (
        0,
        f"{path}:计划有效。4 个方面、28 条反馈意见、82 项整改措施。\n",
        "",
    )


def test_init_leaves_no_temporary_file(run, tmp_path) -> None:
    assert run("init", str(tmp_path / "plan.yaml"))[0] == 0
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_init_file_gets_the_usual_permissions(run, tmp_path) -> None:
    umask = os.umask(0o022)
    try:
        assert run("init", str(tmp_path / "plan.yaml"))[0] == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "plan.yaml").stat().st_mode) == 0o644


def test_init_into_an_unwritable_folder_exits_3(run, tmp_path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, out, err = run("init", str(folder / "plan.yaml"))
    finally:
        folder.chmod(0o700)
    assert (code, out) == (3, "")
    assert err.startswith(f"无法写入 {folder / 'plan.yaml'}:")


def test_init_below_a_file_cannot_write_and_exits_3(run, tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    code, out, err = run("init", str(tmp_path / "notes.txt" / "plan.yaml"))
    assert (code, out) == (3, "")
    assert err.startswith(f"无法写入 {tmp_path / 'notes.txt' / 'plan.yaml'}:")
