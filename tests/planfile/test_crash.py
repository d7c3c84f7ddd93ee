"""Crash test: editing commands killed with SIGKILL at random moments leave the plan exactly
as it was or exactly as the command meant it, valid, with a journal that undo can trust."""

from __future__ import annotations

import random
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import support
from support import ON

from rectify_cli.errors import Refused
from rectify_cli.planfile import journal, reader, transaction

RUNS = 200
COMMANDS = [
    ["done", "2.1.3", *ON],
    ["set", "1.1.1.1", "--owner", "李四", "--due", "2024-12-31"],
    ["note", "2.1.3.2", "已召开专题会议", *ON, "--evidence", "会议纪要.pdf"],
]


def argv(plan: Path, args: list[str]) -> list[str]:
    return [sys.executable, "-m", "rectify_cli", *args, "-p", str(plan)]


def start(plan: Path, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        argv(plan, args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=plan.parent
    )


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    return support.clean_env(RECTIFY_LOCK_TIMEOUT="60")


@pytest.mark.slow
def test_done_sigkill_leaves_old_or_new(
    tmp_path: Path, copy_plan: Callable[..., Path], env: dict[str, str]
) -> None:
    old = copy_plan(tmp_path / "reference").read_bytes()

    # Two full runs of each command: the bytes it writes, and how long a run takes.
    new: list[bytes] = []
    took: list[float] = []
    for n, args in enumerate(COMMANDS):
        written = set()
        for k in range(2):
            plan = copy_plan(tmp_path / f"reference{n}.{k}")
            began = time.monotonic()
            out, err = start(plan, args, env).communicate(timeout=60)
            took.append(time.monotonic() - began)
            assert b"Traceback" not in out + err
            assert reader.load(plan)[0] is not None
            written.add(plan.read_bytes())
        (bytes_,) = written  # the same both times (dates given, timestamps only in the journal)
        assert bytes_ != old
        new.append(bytes_)
    one_run = statistics.median(took)

    rng = random.Random(20240501)
    delays = [rng.uniform(0, 1.25 * one_run) for _ in range(RUNS)]

    def kill_one(i: int) -> tuple[str, str]:
        args = COMMANDS[i % len(COMMANDS)]
        expected = new[i % len(COMMANDS)]
        plan = copy_plan(tmp_path / f"run{i}")
        victim = start(plan, args, env)
        time.sleep(delays[i])
        victim.send_signal(signal.SIGKILL)  # nothing happens if it has ended already
        out, err = victim.communicate(timeout=60)
        assert b"Traceback" not in out + err
        assert victim.returncode in (0, -signal.SIGKILL)
        finished = victim.returncode == 0

        raw = plan.read_bytes()
        assert raw in (old, expected), f"run {i}: neither the old nor the new bytes"
        reader.load(plan)  # valid
        leftovers = [p.name for p in plan.parent.iterdir() if p.name.endswith(".tmp")]
        journaled = bool(journal.read(plan))  # readable, whatever a kill left in it

        # undo: works after the new version, refuses cleanly after the old one
        if raw == expected:
            transaction.undo(plan)
            assert plan.read_bytes() == old
        else:
            with pytest.raises(Refused) as refused:
                transaction.undo(plan)
            assert refused.value.key == "nothing_to_undo"
            assert plan.read_bytes() == old
        if i % 20 == 0:  # and the journal still records and undoes the next command
            again = subprocess.run(argv(plan, args), env=env, capture_output=True, timeout=60)
            assert again.returncode == 0, again.stderr.decode()
            assert b"Traceback" not in again.stdout + again.stderr
            assert plan.read_bytes() == expected
            transaction.undo(plan)
            assert plan.read_bytes() == old
        if finished:
            state = "finished"
        elif raw == expected:
            state = "killed, new"
        else:  # killed before the replace; after the journal entry, undo had to skip it
            state = "killed, old, journal written" if journaled else "killed, old"
        return state, "temp file left" if leftovers else ""

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(kill_one, range(RUNS)))
    counts = Counter(state for state, _ in outcomes)
    left = sum(1 for _, note in outcomes if note)
    print(
        f"\ncrash test: {RUNS} runs in {time.monotonic() - began:.1f} s, one run {one_run:.3f} s,"
        f" delays 0-{1.25 * one_run:.3f} s: {dict(counts)}; temp files left by a kill: {left}"
    )
    assert counts["killed, old"] + counts["killed, old, journal written"] > 0
    assert counts["killed, new"] + counts["finished"] > 0
