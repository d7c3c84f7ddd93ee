"""Kill storm: SIGKILL editing commands at random moments and check that nothing is lost.

    python tools/killstorm.py                      # 500 kills: done, set, note, undo, import
    python tools/killstorm.py --runs 50 --commands undo,import

Each run copies the shipped plan into a fresh folder (for `undo`, after a `done` that it will
undo; for `import`, beside a returned ledger), starts the command as a real process
(`python -m rectify_cli`), and kills it after a random delay: half of the delays spread over a
whole run, half over its last 40 %, where the lock, the journal and the rename happen. After
each kill it checks that

- the plan holds exactly the bytes from before the command or exactly those it writes, and
  validates;
- the undo journal agrees with the plan: `undo` restores the bytes from before the command when
  the plan holds the new ones, and refuses cleanly ("nothing to undo") when it holds the old
  ones; that `undo` must get the lock within a few seconds (the killed holder's lock is gone);
- every 10th run, the command run again to the end writes the new bytes and undoes.

It counts the outcomes and the temporary files a kill leaves beside the plan or in .rectify/,
prints them, and exits 1 if any check failed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data" / "items.yaml"
ON = ["--on", "2024-05-01", "--by", "王芳"]
COMMANDS: dict[str, list[str]] = {
    "done": ["done", "2.1.3", *ON],
    "set": ["set", "1.1.1", "--owner", "李四", "--dept", "办公室", "--due", "2024-12-31"],
    "note": ["note", "2.1.3.2", "已召开专题会议", *ON, "--evidence", "会议纪要.pdf"],
    "undo": ["undo"],
    "import": ["import", "退回台账.xlsx", "--yes", "--today", "2024-06-01", "--by", "王芳"],
}


def env() -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("RECTIFY_")}
    return base | {"PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", "RECTIFY_LOCK_TIMEOUT": "60"}


def done_beforehand(plan: Path) -> None:
    """What `done 2.1.3 --on 2024-05-01 --by 王芳` does, journal and all (through the API:
    the runs set their folders up in threads)."""
    from rectify_cli.model import changes
    from rectify_cli.model.plan import Plan, Status
    from rectify_cli.planfile import transaction

    def change(p: Plan) -> changes.Change:
        node = p.find((2, 1, 3))
        assert node is not None
        return changes.set_status([node], Status.DONE, date(2024, 5, 1), "王芳")

    transaction.change(plan, "done", "王芳", change)


def returned_ledger(folder: Path) -> Path:
    """The shipped plan's ledger as a department returns it: two measures done, a note."""
    from openpyxl import load_workbook

    from rectify_cli.ledger import xlsx_writer
    from rectify_cli.planfile import reader

    plan, _ = reader.load(SHIPPED)
    path = folder / "退回台账.xlsx"
    path.write_bytes(xlsx_writer.render(plan, date(2024, 6, 1), lambda rows: rows))
    book = load_workbook(path)
    sheet = book[xlsx_writer.LEDGER_SHEET]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in ("1.1.1.1", "2.1.3.1"):
            row[8].value, row[9].value = "已完成", "2024-05-20"
        if row[0].value == "2.1.3.2":
            row[10].value = "2024-05-21 召开专题会议(佐证:会议纪要.pdf)"
    book.save(path)
    return path


@dataclass
class Storm:
    """What the runs found; shared by the threads."""

    outcomes: Counter[str] = field(default_factory=Counter)
    leftovers: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    lock_waits: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Setup:
    """The folders every run starts from, and the bytes each command writes."""

    def __init__(self, work: Path, commands: list[str]) -> None:
        self.work = work
        self.ledger = returned_ledger(work) if "import" in commands else None
        self.old: dict[str, bytes] = {}
        self.new: dict[str, bytes] = {}
        self.took: dict[str, float] = {}
        for name in commands:
            times, written = [], set()
            for k in range(2):
                folder = self.fresh(f"reference-{name}-{k}", name)
                self.old[name] = (folder / "items.yaml").read_bytes()
                began = time.monotonic()
                done = subprocess.run(self.argv(folder, name), env=env(), capture_output=True)
                times.append(time.monotonic() - began)
                assert done.returncode == 0, done.stderr.decode()
                written.add((folder / "items.yaml").read_bytes())
            (self.new[name],) = written  # the same bytes both times
            assert self.new[name] != self.old[name]
            self.took[name] = statistics.median(times)

    def fresh(self, label: str, name: str) -> Path:
        folder = self.work / label
        folder.mkdir(parents=True)
        plan = folder / "items.yaml"
        plan.write_bytes(SHIPPED.read_bytes())
        if name == "undo":  # something to undo, journaled as `done` writes it
            done_beforehand(plan)
        if name == "import":
            assert self.ledger is not None
            shutil.copyfile(self.ledger, folder / self.ledger.name)
        return folder

    def argv(self, folder: Path, name: str) -> list[str]:
        args = [*COMMANDS[name], "-p", str(folder / "items.yaml")]
        if name == "import":
            args[1] = str(folder / args[1])
        return [sys.executable, "-m", "rectify_cli", *args]


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name.endswith(".tmp"))


def one_run(setup: Setup, storm: Storm, i: int, name: str, delay: float, again: bool) -> None:
    from rectify_cli.errors import Refused
    from rectify_cli.planfile import journal, reader, transaction

    folder = setup.fresh(f"run{i}", name)
    plan = folder / "items.yaml"
    old, new = setup.old[name], setup.new[name]
    victim = subprocess.Popen(
        setup.argv(folder, name), env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    time.sleep(delay)
    victim.send_signal(signal.SIGKILL)  # nothing happens if it has ended already
    out, err = victim.communicate(timeout=120)

    problems: list[str] = []

    def check(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    check(b"Traceback" not in out + err, f"traceback: {err.decode()[-300:]}")
    check(victim.returncode in (0, -signal.SIGKILL), f"exit {victim.returncode}")
    raw = plan.read_bytes()
    check(raw in (old, new), "the plan is neither the old nor the new bytes")
    try:
        reader.load(plan)
    except Exception as e:
        check(False, f"the plan does not load: {e!r}")
    stray = leftovers(folder)
    entries = journal.read(plan)  # must read, whatever a kill left in it

    # undo right after the kill: the killed holder's lock must not make it wait
    began = time.monotonic()
    try:
        transaction.undo(plan)
        undone = True
    except Refused as e:
        undone = False
        check(e.key == "nothing_to_undo", f"undo refused: {e.key}")
    waited = time.monotonic() - began
    if name == "undo":  # the plan was `done`; the killed command undid it or not
        check(undone == (raw == old), f"undo {'worked' if undone else 'refused'} on {raw == old}")
        check(plan.read_bytes() == new, "not back to the shipped bytes")
    else:
        check(undone == (raw == new), f"undo {'worked' if undone else 'refused'} on {raw == new}")
        check(plan.read_bytes() == old, "undo did not restore the old bytes")
    if again and not problems:  # the journal still records, and undoes, the next command
        start = plan.read_bytes()
        done = subprocess.run(setup.argv(folder, name), env=env(), capture_output=True)
        if name == "undo":
            check(done.returncode == 6, f"undo after undo: exit {done.returncode}")
        else:
            check(done.returncode == 0, f"again: exit {done.returncode} {done.stderr!r}")
            check(plan.read_bytes() == new, "again: not the new bytes")
            transaction.undo(plan)
            check(plan.read_bytes() == start, "again: undo did not restore")

    if victim.returncode == 0:
        state = "finished"
    elif raw == new:
        state = "killed after the rename"
        if name == "undo" and not entries[-1].undone:
            state += ", before the journal marked it undone"
    elif name != "undo" and entries:
        state = "killed before the rename, journal written"
    else:
        state = "killed before the rename"
    with storm.lock:
        storm.outcomes[f"{name}: {state}"] += 1
        storm.lock_waits.append(waited)
        for path in stray:
            storm.leftovers[path.replace(path.split(".")[-2], "*")] += 1
        storm.failures += [f"run {i} ({name}, {delay:.3f} s): {p}" for p in problems]
    shutil.rmtree(folder)


def storm(
    runs: int, commands: list[str], jobs: int = 2, seed: int = 7, log: Callable[[str], None] = print
) -> Storm:
    """Kill `runs` commands; what was found. A test calls this with few runs."""
    rng = random.Random(seed)
    result = Storm()
    with tempfile.TemporaryDirectory(prefix="rectify-killstorm-") as work:
        setup = Setup(Path(work), commands)
        log(", ".join(f"{n} runs in {setup.took[n]:.2f} s" for n in commands))
        plan = []
        for i in range(runs):
            name = commands[i % len(commands)]
            t = setup.took[name]
            delay = rng.uniform(0, 1.2 * t) if i % 2 else rng.uniform(0.6 * t, 1.0 * t)
            plan.append((i, name, delay, i % 10 == 0))
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for future in [pool.submit(one_run, setup, result, *p) for p in plan]:
                future.result()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--jobs", type=int, default=2, help="runs at once")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    commands = args.commands.split(",")
    began = time.monotonic()
    found = storm(args.runs, commands, args.jobs, args.seed)
    took = time.monotonic() - began
    print(f"{args.runs} kills in {took:.0f} s")
    for outcome, n in sorted(found.outcomes.items()):
        print(f"  {outcome}: {n}")
    print(f"undo right after a kill waited at most {max(found.lock_waits):.2f} s for the lock")
    left = sum(found.leftovers.values())
    print(f"temporary files left behind by the kills: {left}")
    for path, n in sorted(found.leftovers.items()):
        print(f"  {path}: {n}")
    for failure in found.failures:
        print("FAILED", failure)
    print(f"{len(found.failures)} failed checks")
    return 1 if found.failures else 0


if __name__ == "__main__":
    sys.exit(main())
