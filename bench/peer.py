"""rectify beside Taskwarrior (`task`), the usual terminal task list, on the same machine.

    python bench/run.py --peer                 # 1,000 / 10,000 / 100,000, written to the docs
    python bench/peer.py --sizes 1000,10000    # printed only

For each size it writes a synthetic plan (bench/generate.py) and a Taskwarrior database of as
many tasks (`task import`: one task per measure, with its text, its category as the project,
the item's deadline and owner, done where the measure is done), then times each pair of
commands in turn, several pairs, and reports the median of the pairs' ratios rectify / task
(a machine that slows down meanwhile slows both sides of a pair), each side's median, and
peak memory. "Warm" is rectify's parse cache in place (the plan read before); "cold" is the
plan not read before (the cache removed before each run; Taskwarrior has no cache, so its
side is the same command). An edit starts each run from a fresh copy of the plan, or of the
database.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402
from run import ENV, RECTIFY, Setup, forget, timed  # noqa: E402

TASK = shutil.which("task")
SIZES = (1000, 10000, 100000)


def taskwarrior(folder: Path, plan: Path) -> dict[str, str]:
    """A Taskwarrior database in `folder` holding the plan's measures; the environment that
    points `task` at it."""
    sys.path.insert(0, str(HERE.parent))
    from rectify_cli.planfile import reader

    loaded, _ = reader.load(plan)
    tasks = []
    for item in loaded.items():
        for m in item.measures:
            task = {"description": m.text[:200], "project": f"c{m.path[0]}", "status": "pending"}
            if m.due:
                task["due"] = m.due.strftime("%Y%m%dT000000Z")
            if m.owner:
                task["tags"] = [m.owner]
            if m.ledger.done_on:
                task |= {"status": "completed", "end": m.ledger.done_on.strftime("%Y%m%dT000000Z")}
            tasks.append(task)
    data = folder / "data"
    data.mkdir(parents=True)
    rc = folder / "taskrc"
    rc.write_text(
        f"data.location={data}\nconfirmation=no\nverbose=nothing\nrecurrence=no\n"
        "gc=on\nhooks=off\nnews.version=2.6.0\n",
        encoding="utf-8",
    )
    env = ENV | {"TASKRC": str(rc), "TASKDATA": str(data)}
    source = folder / "tasks.json"
    source.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    subprocess.run([TASK or "task", "import", str(source)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return env


def restore(source: Path, target: Path) -> Setup:
    def setup() -> None:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)

    return setup


def read_first(plan: Path, warm: bool) -> Setup:
    """The plan read before (warm: its parse cache in place) or not (cold: none)."""

    def setup() -> None:
        if warm:
            subprocess.run([*RECTIFY, "validate", "--plan", str(plan)], env=ENV, check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        else:
            forget(plan)()

    return setup


def copied(plan: Path, copy: Path, warm: bool) -> Setup:
    """A fresh copy of the plan for an edit, read before or not."""
    ready = read_first(copy, warm)

    def setup() -> None:
        for left in (copy.parent / ".rectify").glob(f"{copy.name}.*"):
            left.unlink()  # a new file with no history (see run.fresh_copy)
        copy.unlink(missing_ok=True)
        shutil.copyfile(plan, copy)
        ready()

    return setup


Pair = tuple[str, list[str], Setup, list[str], Setup | None]


def pairs(plan: Path, folder: Path, db: Path, warm: bool) -> list[Pair]:
    """(row, rectify command, its setup, task command, its setup); edits on fresh copies."""
    p = ["--plan", str(plan)]
    copy = folder / "edited.yaml"
    read = read_first(plan, warm)
    tasks = restore(db, folder / "task-edit")
    done = [*RECTIFY, "done", "1.1.1.1", "--plan", str(copy)]
    return [
        ("`status --all` / `task list`", [*RECTIFY, "status", "--all", *p], read, ["list"], None),
        ("`status --all` / `task next`", [*RECTIFY, "status", "--all", *p], read, ["next"], None),
        ("`done` / `task 1 done`", done, copied(plan, copy, warm), ["1", "done"], tasks),
        (
            "`status --json` / `task export`",
            [*RECTIFY, "status", "--json", *p],
            read,
            ["export"],
            None,
        ),
        (
            "`show 1.1.1` / `task 3 info`",
            [*RECTIFY, "show", "1.1.1", *p],
            read,
            ["3", "info"],
            None,
        ),
        ("`status` / `task summary`", [*RECTIFY, "status", *p], read, ["summary"], None),
    ]


def measure(size: int, work: Path, runs: int) -> list[str]:
    """The table's rows for one size, warm and cold."""
    folder = work / str(size)
    folder.mkdir()
    plan = folder / "plan.yaml"
    plan.write_text(generate(size), encoding="utf-8")
    env = taskwarrior(folder / "task", plan)
    edit_env = env | {"TASKDATA": str(folder / "task-edit")}
    rows = []
    n = runs if size < 100000 else max(3, runs // 2)
    for warm in (True, False):
        for row, rect, setup, task_args, task_setup in pairs(
            plan, folder, Path(env["TASKDATA"]), warm
        ):
            task = [
                TASK or "task",
                f"rc.data.location={edit_env['TASKDATA'] if task_setup else env['TASKDATA']}",
                *task_args,
            ]
            r, t, ratio, r_rss, t_rss = paired(rect, setup, task, env, task_setup, folder, n)
            rows.append(
                f"| {size:,} | {row} | {'warm' if warm else 'cold'} | {r:.3f} s | {t:.3f} s "
                f"| **{ratio:.2f}×** | {r_rss / 1024:.0f} / {t_rss / 1024:.0f} MiB |"
            )
    return rows


def paired(
    rect: list[str], rect_setup: Setup, task: list[str], task_env: dict[str, str],
    task_setup: Setup | None, cwd: Path, runs: int,
) -> tuple[float, float, float, int, int]:  # fmt: skip
    """Medians of each side and of the pairs' ratios, and each side's peak memory."""
    samples = []
    for k in range(runs + 1):
        r = timed(rect, cwd, rect_setup)
        t = timed(task, cwd, task_setup, task_env)
        if k:  # the first pair warms the disk and the interpreter up
            samples.append((r, t))
    return (
        statistics.median(r[0] for r, _ in samples),
        statistics.median(t[0] for _, t in samples),
        statistics.median(r[0] / t[0] for r, t in samples),
        max(r[1] for r, _ in samples),
        max(t[1] for _, t in samples),
    )


def table(sizes: tuple[int, ...], runs: int) -> list[str]:
    if TASK is None:
        return ["", "## Beside Taskwarrior", "", "`task` is not installed: not measured."]
    version = subprocess.run([TASK, "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "",
        "## Beside Taskwarrior",
        "",
        f"Taskwarrior {version}, the same number of tasks as measures; "
        f"ratio = rectify / task, the median of {runs} pairs per row (fewer at 100,000); "
        f"measured {date.today().isoformat()}. Reproduce: `python bench/run.py --peer`.",
        "",
        "| measures | commands | rectify's cache | rectify | task | ratio | peak memory |",
        "|---|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory(prefix="rectify-peer-") as work:
        for size in sizes:
            lines += measure(size, Path(work), runs)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("\n".join(table(tuple(int(s) for s in args.sizes.split(",")), args.runs)))
    return 0


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    raise SystemExit(main())
