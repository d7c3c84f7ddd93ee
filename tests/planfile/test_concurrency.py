"""Several processes editing one plan at once: the lock serialises them and loses nothing."""

from __future__ import annotations

import itertools
import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import support

from rectify_cli.model.plan import Status
from rectify_cli.planfile import journal, reader

Run = Callable[..., tuple[int, str, str]]
WORKERS = 4
EACH = 25


def big_plan(categories: int = WORKERS, items: int = 5, measures: int = 5) -> str:
    """A plan of categories × items × measures measures, all in progress."""
    lines = ["title: 并发测试", "findings:", "  categories:"]
    for c in range(1, categories + 1):
        lines += [f"    - title: 方面{c}", "      items:"]
        for i in range(1, items + 1):
            lines += [f"        - title: 意见{c}.{i}  # 注释", "          measures:"]
            for m in range(1, measures + 1):
                lines += [f"            - text: 措施{c}.{i}.{m}", "              status: 正在整改"]
    return "\n".join(lines) + "\n"


# A worker: one process that runs `rectify done ID` once per ID, one after the other, each a
# whole invocation of the command line (argument parsing, lock, read, check, write).
WORKER = """
import json, sys
from rectify_cli.cli import app
codes = []
for ident in sys.argv[3:]:
    try:
        app(["done", ident, "--on", "2024-05-01", "--by", sys.argv[2], "-p", sys.argv[1]],
            prog_name="rectify")
    except SystemExit as e:
        codes.append(e.code or 0)
print(json.dumps(codes))
"""


@pytest.mark.slow
def test_done_concurrent_processes_all_recorded(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(big_plan(), encoding="utf-8")
    ids = {
        w: [f"{w + 1}.{i}.{m}" for i in range(1, 6) for m in range(1, 6)] for w in range(WORKERS)
    }
    began = time.monotonic()
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(plan), f"worker{w}", *ids[w]],
            env=support.clean_env(NO_COLOR="1", RECTIFY_LOCK_TIMEOUT="60"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(WORKERS)
    ]
    results = [w.communicate(timeout=300) for w in workers]
    took = time.monotonic() - began
    for out, err in results:
        assert "Traceback" not in out + err
        assert "正被另一个 rectify 进程修改" not in err  # the lock timeout was never hit
        assert json.loads(out.splitlines()[-1]) == [0] * EACH

    loaded, _ = reader.load(plan)
    measures = list(loaded.measures())
    assert len(measures) == WORKERS * EACH
    assert all(m.status is Status.DONE for m in measures)
    assert {m.id: m.ledger.done_by for m in measures} == {
        ident: f"worker{w}" for w, some in ids.items() for ident in some
    }
    entries = journal.read(plan)
    assert len(entries) == WORKERS * EACH
    assert entries[-1].after == journal.digest(plan.read_bytes())
    # each entry starts from the bytes the one before it left: no lost update
    assert all(a.after == b.before for a, b in itertools.pairwise(entries))
    print(f"\nconcurrency: {len(measures)} done by {WORKERS} processes in {took:.1f} s")


HOLDER = """
import sys, time
from pathlib import Path
from rectify_cli.planfile import lock, reader
with lock.locked(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_lock(plan: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(plan), str(seconds)],
        env=support.clean_env(NO_COLOR="1"),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    return holder


def test_done_locked_by_live_process_exit_7(
    run_proc: Run, tmp_path: Path, copy_plan: Callable[..., Path]
) -> None:
    plan = copy_plan(tmp_path)
    before = plan.read_bytes()
    holder = hold_lock(plan, 60)
    try:
        began = time.monotonic()
        result = run_proc("done", "2.1.3", "-p", plan, env={"RECTIFY_LOCK_TIMEOUT": "0.5"})
        waited = time.monotonic() - began
    finally:
        holder.kill()
        holder.wait()
    assert result == (7, "", f"{plan} 正被另一个 rectify 进程修改,请稍后再试。\n")
    assert waited >= 0.5
    assert plan.read_bytes() == before
    assert journal.read(plan) == []


def test_done_waits_for_lock_holder(
    run_proc: Run, tmp_path: Path, copy_plan: Callable[..., Path]
) -> None:
    plan = copy_plan(tmp_path)
    holder = hold_lock(plan, 1.0)
    began = time.monotonic()
    code, out, err = run_proc("done", "2.1.3.1", "--on", "2024-05-01", "-p", plan)
    waited = time.monotonic() - began
    holder.wait()
    assert (code, err) == (0, "")
    assert out.startswith("2.1.3.1 状态:正在整改 → 已完成\n")
    assert waited >= 0.5  # it did wait for the holder
    assert reader.load(plan)[0].find((2, 1, 3, 1)).status is Status.DONE  # type: ignore[union-attr]


def test_done_lock_of_killed_holder_does_not_block(
    run_proc: Run, tmp_path: Path, copy_plan: Callable[..., Path]
) -> None:
    plan = copy_plan(tmp_path)
    holder = hold_lock(plan, 60)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    lock = plan.parent / ".rectify" / "items.yaml.lock"
    assert lock.exists()  # the file stays; the kernel dropped the lock itself
    began = time.monotonic()
    code, out, err = run_proc(
        "done", "2.1.3.1", "--on", "2024-05-01", "-p", plan, env={"RECTIFY_LOCK_TIMEOUT": "0.5"}
    )
    assert (code, err) == (0, "")
    assert out.startswith("2.1.3.1 状态:正在整改 → 已完成\n")
    assert time.monotonic() - began < 10
    assert len(journal.read(plan)) == 1
