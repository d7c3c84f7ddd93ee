"""Limits instead of collapse: a plan, a notice or a returned workbook over its size limit is
refused before it is read (exit 10), naming its size, the limit and the variable that raises
it; a device, a named pipe or a socket is refused before it is opened for reading (exit 3),
and no tool folder is made beside one. See docs/reliability.md, "Limits"."""

from __future__ import annotations

import os
import resource
import socket
import time
import zipfile
from pathlib import Path

import pytest
import support
from support import SHIPPED

MB = 1024 * 1024
LIMIT_HINT = "确需处理时，请用环境变量 {var} 提高上限（例如 {var}={example}）。\n"


def padded_plan(folder: Path, size: int) -> Path:
    """The shipped plan with a comment of `size` bytes below it: a valid plan of that size."""
    path = folder / "big.yaml"
    shipped = SHIPPED.read_bytes()
    path.write_bytes(shipped + b"#" + b"x" * (size - len(shipped) - 2) + b"\n")
    return path


# -- the plan ------------------------------------------------------------------------------


def test_plan_over_its_limit_is_refused_before_it_is_read(tmp_path: Path, cli) -> None:
    plan = padded_plan(tmp_path, 3 * MB)
    before = plan.read_bytes()
    env = {"RECTIFY_MAX_PLAN_MB": "2.5"}
    for args in (
        ("validate",),
        ("status",),
        ("done", "2.1.3"),
        ("report",),
        ("export", "-f", "csv"),
    ):
        result = cli(*args, "-p", plan, env=env)
        assert (result.code, result.out) == (10, "")
        assert result.err == (
            f"{plan} 有 3 MB，超过计划文件的大小上限 2.5 MB，未读取。"
            + LIMIT_HINT.format(var="RECTIFY_MAX_PLAN_MB", example="10")
        )
    assert plan.read_bytes() == before
    assert not (tmp_path / ".rectify" / "big.yaml.journal.jsonl").exists()
    english = cli("status", "-p", plan, "--lang", "en", env=env)
    assert english.err == (
        f"{plan} is 3 MB, over the limit of 2.5 MB for a plan file; not read. To go on, raise "
        "the limit with RECTIFY_MAX_PLAN_MB (e.g. RECTIFY_MAX_PLAN_MB=10)\n"
    )


def test_plan_within_a_raised_limit_is_read_and_edited(tmp_path: Path, cli) -> None:
    plan = padded_plan(tmp_path, 3 * MB)
    env = {"RECTIFY_MAX_PLAN_MB": "3"}  # exactly at the limit: within it
    assert cli("validate", "-p", plan, env=env).code == 0
    assert cli("done", "2.1.3", "-p", plan, env=env).code == 0


def test_the_default_plan_limit_is_above_the_largest_plan_supported() -> None:
    """40 MB: the 100,000-measure benchmark plan (bench/generate.py) is 30.6 MB in schema 1 and
    31.2 MB after `rectify migrate` (measured, docs/reliability.md); the shipped one 26 KB."""
    from rectify_cli.settings import value

    assert value("RECTIFY_MAX_PLAN_MB") == 40.0
    assert SHIPPED.stat().st_size < 0.001 * 40 * MB


# -- the notice ----------------------------------------------------------------------------


def notice_of(path: Path, size: int) -> Path:
    """The published notice repeated to `size` bytes (cut at a line end)."""
    seed = support.seed_bytes() + b"\n"
    data = seed * (size // len(seed)) + seed[: size % len(seed)]
    path.write_bytes(data[: data.rfind(b"\n") + 1])
    return path


def test_ten_megabyte_notice_is_refused_at_once_and_nothing_written(tmp_path: Path) -> None:
    notice = notice_of(tmp_path / "通报.txt", 10 * MB)
    began = time.monotonic()
    code, out, err = support.run_process("import", notice, "-o", tmp_path / "new.yaml")
    seconds = time.monotonic() - began
    size = f"{notice.stat().st_size / MB:.1f}".removesuffix(".0")
    assert (code, out) == (10, "")
    assert err == (
        f"{notice} 有 {size} MB，超过通报文件的大小上限 1 MB，未读取。"
        + LIMIT_HINT.format(var="RECTIFY_MAX_NOTICE_MB", example="4")
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["通报.txt"]
    assert seconds < 2, seconds  # a whole process, start-up included


def test_notice_within_a_raised_limit_imports(tmp_path: Path, cli) -> None:
    notice = notice_of(tmp_path / "通报.txt", 300_000)
    output = tmp_path / "new.yaml"
    assert cli("import", notice, "-o", output, env={"RECTIFY_MAX_NOTICE_MB": "0.25"}).code == 10
    result = cli("import", notice, "-o", output, env={"RECTIFY_MAX_NOTICE_MB": "0.3"})
    assert result.code == 0, result.err
    assert cli("report", "-p", output).out_bytes == (notice.read_bytes())


def test_a_one_megabyte_notice_imports_by_default(tmp_path: Path, cli) -> None:
    notice = notice_of(tmp_path / "通报.txt", MB)
    assert cli("import", notice, "-o", tmp_path / "new.yaml").code == 0


# -- the returned workbook -----------------------------------------------------------------


@pytest.fixture
def exported(tmp_path: Path, cli) -> tuple[Path, Path]:
    """The shipped plan and its exported ledger (83 rows with the header)."""
    plan = support.copy_plan(tmp_path)
    book = tmp_path / "台账.xlsx"
    assert cli("export", "-p", plan, "-o", book).code == 0
    return plan, book


def test_workbook_with_more_rows_than_the_limit_is_refused(exported, cli) -> None:
    plan, book = exported
    before = plan.read_bytes()
    result = cli("import", book, "-p", plan, "--yes", env={"RECTIFY_MAX_LEDGER_ROWS": "50"})
    assert (result.code, result.out) == (10, "")
    assert result.err == (
        f"{book} 有 83 行，超过台账工作表的行数上限 50 行，未读取。"
        + LIMIT_HINT.format(var="RECTIFY_MAX_LEDGER_ROWS", example="200")
    )
    assert plan.read_bytes() == before
    assert cli("import", book, "-p", plan, "--yes", env={"RECTIFY_MAX_LEDGER_ROWS": "83"}).code == 0


def inflating(path: Path, megabytes: int, rows: int = 0) -> Path:
    """A zip shaped like a workbook whose sheet inflates to `megabytes` (blank space and
    `rows` empty rows): a few kilobytes on disk."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("xl/worksheets/sheet1.xml", "w") as sheet,
    ):
        sheet.write(b"<worksheet><sheetData>" + b"<row/>" * rows)
        blank = b" " * MB
        for _ in range(megabytes):
            sheet.write(blank)
        sheet.write(b"</sheetData></worksheet>")
    return path


def test_workbook_inflating_past_the_limit_is_refused_before_it_is_opened(
    tmp_path: Path, cli
) -> None:
    plan = support.copy_plan(tmp_path)
    book = inflating(tmp_path / "炸弹.xlsx", 3)
    result = cli("import", book, "-p", plan, "--yes", env={"RECTIFY_MAX_LEDGER_MB": "2"})
    assert (result.code, result.out) == (10, "")
    assert result.err == (
        f"{book} 解压后有 3 MB，超过台账的大小上限 2 MB，未读取。"
        + LIMIT_HINT.format(var="RECTIFY_MAX_LEDGER_MB", example="8")
    )


def test_rows_are_counted_in_the_sheet_however_its_xml_is_cut() -> None:
    """Row tags with a namespace prefix, and tags across the reader's chunks, counted once."""
    from rectify_cli.ledger import sizes

    for rows, prefix in ((3, b""), (70_000, b"x:"), (5, b"ns.a-b:")):
        data = b"<w>" + b"".join(b"<%srow r='%d'>" % (prefix, i) for i in range(rows)) + b"</w>"
        path = Path(os.environ.get("TMPDIR", "/tmp")) / f"rows-{os.getpid()}.zip"
        try:
            with zipfile.ZipFile(path, "w") as z:
                z.writestr("xl/worksheets/sheet1.xml", data)
            with zipfile.ZipFile(path) as z:
                assert sizes._rows(z, z.getinfo("xl/worksheets/sheet1.xml")) == rows
        finally:
            path.unlink()


@pytest.mark.slow
def test_one_megabyte_workbook_inflating_to_a_gigabyte_is_refused_at_once(
    tmp_path: Path,
) -> None:
    """The issue's workbook: 1 MB on disk, 1 GB inflated (2.1 GB of memory before); the
    default limit (256 MB) refuses it from the zip's directory."""
    plan = support.copy_plan(tmp_path)
    book = inflating(tmp_path / "炸弹.xlsx", 1024)
    assert book.stat().st_size < 2 * MB
    began = time.monotonic()
    code, out, err = support.run_process("import", book, "-p", plan, "--yes")
    assert (code, out) == (10, "")
    assert err.startswith(f"{book} 解压后有 1024 MB，超过台账的大小上限 256 MB，未读取。")
    assert time.monotonic() - began < 3


@pytest.mark.slow
def test_workbook_of_a_million_rows_is_refused_at_once(tmp_path: Path) -> None:
    """A million rows in a few megabytes (52 s and 3.9 GB before): counted, then refused."""
    plan = support.copy_plan(tmp_path)
    book = inflating(tmp_path / "百万行.xlsx", 0, rows=1_000_000)
    began = time.monotonic()
    code, out, err = support.run_process("import", book, "-p", plan, "--yes")
    assert (code, out) == (10, "")
    assert err.startswith(f"{book} 有 1,000,000 行，超过台账工作表的行数上限 200,000 行，未读取。")
    assert time.monotonic() - began < 5


# -- devices, pipes and sockets ------------------------------------------------------------


def test_a_named_pipe_as_the_plan_is_refused_without_waiting(tmp_path: Path) -> None:
    """Before, a read of it waited for a writer forever; and `done` made .rectify/ beside it."""
    pipe = tmp_path / "items.yaml"
    os.mkfifo(pipe)
    for args in (("validate",), ("status",), ("done", "2.1.3")):
        code, out, err = support.run_process(*args, "-p", pipe, timeout=20)
        assert (code, out, err) == (
            3, "", f"{pipe} 是命名管道（FIFO），不是普通文件，不会读取；请指定一个文件。\n"
        )  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["items.yaml"]


def test_a_named_pipe_as_a_notice_or_a_ledger_is_refused(tmp_path: Path) -> None:
    """Real processes: a read of a pipe waited forever."""
    pipe = tmp_path / "通报.txt"
    os.mkfifo(pipe)
    got = support.run_process("import", pipe, "-o", tmp_path / "new.yaml", "--lang", "en",
                              timeout=20)  # fmt: skip
    assert got == (
        3, "", f"{pipe} is a named pipe (FIFO), not a regular file; it is not read (name a file)\n"
    )  # fmt: skip
    book = tmp_path / "台账.xlsx"
    os.mkfifo(book)
    got = support.run_process("import", book, "-p", support.copy_plan(tmp_path), "--yes",
                              timeout=20)  # fmt: skip
    assert got == (3, "", f"{book} 是命名管道（FIFO），不是普通文件，不会读取；请指定一个文件。\n")


def test_a_socket_as_the_plan_is_refused(tmp_path: Path, cli) -> None:
    where = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(where))
        result = cli("validate", "-p", where)
    assert (result.code, result.err) == (
        3,
        f"{where} 是套接字，不是普通文件，不会读取；请指定一个文件。\n",
    )


def _memory_limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_as_the_plan_is_refused_before_reading(device: str, tmp_path: Path) -> None:
    """`--plan /dev/zero` was a raw MemoryError (here within 2 GB of memory); /dev/null read
    as an empty plan. A link to a device is a device too."""
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    link = tmp_path / "items.yaml"
    link.symlink_to(device)
    for plan in (device, str(link)):
        code, out, err = support.run_process(
            "validate", "-p", plan, timeout=30, preexec_fn=_memory_limit
        )
        assert (code, out, err) == (
            3,
            "",
            f"{plan} 是设备，不是普通文件，不会读取；请指定一个文件。\n",
        )


def test_no_tool_folder_is_made_beside_a_device(tmp_path: Path, cli) -> None:
    """`done -p /dev/null` made /dev/.rectify/ (as root); a link to it in a folder, .rectify/
    in that folder."""
    link = tmp_path / "items.yaml"
    link.symlink_to(os.devnull)
    result = cli("done", "2.1.3", "-p", link)
    assert (result.code, result.err) == (  # an edit reads the real file, and names it
        3,
        f"{os.devnull} 是设备，不是普通文件，不会读取；请指定一个文件。\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["items.yaml"]
