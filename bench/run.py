"""Time the real CLI as whole processes and write docs/benchmarks.md.

    python bench/run.py            # shipped plan and 100 / 1,000 / 10,000 / 100,000 measures
    python bench/run.py --quick    # shipped plan and 10,000 only, nothing written
    python bench/run.py --guard    # exit 1 if `status` on 10,000 measures, not read before,
                                   # takes > 5 × 0.25 s (.ci/run uses this)
    python bench/run.py --instructions   # the shipped plan's ratios in instructions executed
                                         # (valgrind's callgrind): the same on any busy machine
    python bench/run.py --peer     # beside Taskwarrior at 1,000 / 10,000 / 100,000 (peer.py),
                                   # written to its own section of docs/benchmarks.md

Each command: one warm-up, then several runs; the median is reported. The ratios against the
bare library imports on the shipped plan come from 61 pairs of runs, the bare imports and the
command in turn: each pair's ratio is taken, and the median of those is reported, so that a
machine that speeds up or slows down moves both sides of a ratio alike.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

PY = sys.executable
RECTIFY = [PY, "-m", "rectify_cli"]
# As installed: pip compiles the modules when it installs them, so no run pays for that here
# either (a shell with PYTHONDONTWRITEBYTECODE set would otherwise recompile every edited one).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TARGETS_10K = {"status": 0.25, "status, plan not read before": 0.25, "validate": 0.5,
               "validate, plan not read before": 0.5, "done": 0.5,
               "done, plan not read before": 0.5, "report": 1.0, "export xlsx": 3.0}  # fmt: skip
GUARD = 5 * TARGETS_10K["status"]
IMPORTS_STATUS = 'python -c "import typer, yaml, rich.console, rich.table"'


# What is done before each run, untimed.
Setup = Callable[[], None]


def timed(
    cmd: list[str],
    cwd: Path,
    setup: Setup | None = None,
    env: dict[str, str] | None = None,
    code: int = 0,
) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of one run, after its setup; the run must exit `code`."""
    if setup:
        setup()
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: a pipe full of messages
        start = time.perf_counter()  # would stop the command until it is read
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != code:
            err.seek(0)
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read().decode()}")
    return elapsed, usage.ru_maxrss


def median(cmd: list[str], cwd: Path, runs: int, setup: Setup | None = None) -> tuple[float, int]:
    timed(cmd, cwd, setup)  # warm-up
    samples = [timed(cmd, cwd, setup) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def forget(plan: Path) -> Setup:
    """The plan not read before: its parse cache removed (as after an edit by hand)."""
    return lambda: (plan.parent / ".rectify" / f"{plan.name}.cache").unlink(missing_ok=True)


def fresh_copy(plan: Path, copy: Path, read_first: bool) -> Setup:
    """A copy of the plan for an edit; read first by `validate`, as a clerk's `status` would
    have read it before a `done`, or not."""

    def setup() -> None:
        # a new plan file with no history: its journal and state go too (a copy written over
        # the old file in place is, to rectify, another program undoing the last edit)
        for left in (copy.parent / ".rectify").glob(f"{copy.name}.*"):
            left.unlink()
        copy.unlink(missing_ok=True)
        shutil.copyfile(plan, copy)
        if read_first:
            run = [*RECTIFY, "validate", "--plan", str(copy)]
            subprocess.run(run, cwd=copy.parent, env=ENV, stdout=subprocess.DEVNULL, check=True)

    return setup


def commands(plan: Path, work: Path) -> dict[str, tuple[list[str], Setup | None]]:
    """Read-only commands on a plan read before use the parse cache; "not read before", the
    first command after the file was changed by hand, reads it whole (and writes the cache)."""
    copy = work / "edited.yaml"
    p = ["--plan", str(plan)]
    done = [*RECTIFY, "done", "1.1.1", "--plan", str(copy)]
    return {
        "status": ([*RECTIFY, "status", *p], None),
        "status, plan not read before": ([*RECTIFY, "status", *p], forget(plan)),
        "status --json": ([*RECTIFY, "status", "--json", *p], None),
        "status --all": ([*RECTIFY, "status", "--all", *p], None),
        "show 1.1.1": ([*RECTIFY, "show", "1.1.1", *p], None),
        "validate": ([*RECTIFY, "validate", *p], None),
        "validate, plan not read before": ([*RECTIFY, "validate", *p], forget(plan)),
        "done": (done, fresh_copy(plan, copy, True)),
        "done, plan not read before": (done, fresh_copy(plan, copy, False)),
        "report": ([*RECTIFY, "report", *p], None),
        "export xlsx": ([*RECTIFY, "export", *p, "-o", str(work / "out.xlsx")], None),
    }


def main() -> int:
    args = argparse.ArgumentParser()
    args.add_argument("--quick", action="store_true")
    args.add_argument("--guard", action="store_true")
    args.add_argument("--instructions", action="store_true")
    args.add_argument("--peer", action="store_true")
    args.add_argument("--runs", type=int, default=5)
    opts = args.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rectify-bench-"))
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "rectify_cli")], check=False)
    try:
        if opts.instructions:
            print("\n".join(shipped_instructions(work)))
            return 0
        if opts.peer:
            from peer import SIZES, table

            lines = table(SIZES, opts.runs)
            write_doc(lines, PEER)
            print("\n".join(lines))
            return 0
        if opts.guard:
            plan = work / "10000.yaml"
            plan.write_text(generate(10000), encoding="utf-8")
            # not read before: the guard times the reading itself, not the cache
            t, _ = median([*RECTIFY, "status", "--plan", str(plan)], work, 3, forget(plan))
            print(f"status on 10,000 measures, not read before: {t:.3f} s (guard {GUARD:.2f} s)")
            return 0 if t <= GUARD else 1
        lines = run_all(work, opts.quick, opts.runs)
        if not opts.quick:
            write_doc(lines)
        print("\n".join(lines))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def paired(
    base: list[str], cmd: list[str], cwd: Path, runs: int, setup: Setup | None = None
) -> tuple[float, float, float]:
    """Medians of `base`, of `cmd`, and of the ratio cmd / base of each pair, the two timed in
    turn, so that a machine that speeds up or slows down meanwhile moves both alike (each a
    tenth of a second: many runs are cheap)."""
    timed(base, cwd), timed(cmd, cwd, setup)  # warm-up
    pairs = [(timed(base, cwd)[0], timed(cmd, cwd, setup)[0]) for _ in range(runs)]
    return (
        statistics.median(b for b, _ in pairs),
        statistics.median(c for _, c in pairs),
        statistics.median(c / b for b, c in pairs),
    )


def instructions(cmd: list[str], cwd: Path, setup: Setup | None = None) -> int:
    """Instructions one run of `cmd` executes, counted by valgrind's callgrind (after a run
    that compiles what is not compiled yet)."""
    for _ in range(2):
        if setup:
            setup()
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
            cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            check=True,
        )  # fmt: skip
    return int(done.stderr.split("refs:")[1].split()[0].replace(",", ""))


def shipped_instructions(work: Path) -> list[str]:
    shipped = work / "items.yaml"
    shutil.copyfile(ROOT / "data" / "items.yaml", shipped)
    cmds = commands(shipped, work)
    base_status = instructions([PY, "-c", IMPORTS_STATUS.split('"')[1]], work)
    status = instructions(cmds["status"][0], work)
    base_done = instructions([PY, "-c", "import typer, yaml"], work)
    done = instructions(cmds["done"][0], work, cmds["done"][1])
    return [
        "| what | instructions | ratio | target |",
        "|---|---|---|---|",
        f"| `{IMPORTS_STATUS}` | {base_status / 1e6:.0f} M | 1.00 | |",
        f"| `rectify status` | {status / 1e6:.0f} M | {status / base_status:.3f} | ≤ 1.2 |",
        f'| `python -c "import typer, yaml"` | {base_done / 1e6:.0f} M | 1.00 | |',
        f"| `rectify done 1.1.1` | {done / 1e6:.0f} M | {done / base_done:.3f} | ≤ 1.2 |",
    ]


def run_all(work: Path, quick: bool, runs: int) -> list[str]:
    shipped = work / "items.yaml"
    shutil.copyfile(ROOT / "data" / "items.yaml", shipped)
    cmds = commands(shipped, work)
    imports_status = [PY, "-c", IMPORTS_STATUS.split('"')[1]]
    pairs = 12 * runs + 1
    base_status, status, status_ratio = paired(imports_status, cmds["status"][0], work, pairs)
    imports_done = [PY, "-c", "import typer, yaml"]
    base_done, done, done_ratio = paired(
        imports_done, cmds["done"][0], work, pairs, cmds["done"][1]
    )
    lines = [
        "## Shipped plan (82 measures)",
        "",
        "| what | median | ratio (median of pairs) | target |",
        "|---|---|---|---|",
        f"| `{IMPORTS_STATUS}` | {base_status:.3f} s | 1.00 | |",
        f"| `rectify status` | {status:.3f} s | {status_ratio:.2f} | ≤ 1.2 |",
        f'| `python -c "import typer, yaml"` | {base_done:.3f} s | 1.00 | |',
        f"| `rectify done 1.1.1` | {done:.3f} s | {done_ratio:.2f} | ≤ 1.2 |",
        "",
    ]
    sizes = [(10000, 1), (10000, 2)] if quick else [
        (100, 1), (1000, 1), (10000, 1), (10000, 2), (100000, 1), (100000, 2),
    ]  # fmt: skip
    table = [
        "## Synthetic plans",
        "",
        "Schema 2: the same plan after `rectify migrate` (its notice held whole, as blocks).",
        "",
        "| measures | schema | file | command | median | peak memory | memory / file |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, schema in sizes:
        plan = work / f"{n}-{schema}.yaml"
        plan.write_text(generate(n), encoding="utf-8")
        if schema == 2:  # (untimed)
            subprocess.run([*RECTIFY, "migrate", "--plan", str(plan)], cwd=work, check=True,
                           env=ENV, capture_output=True)  # fmt: skip
        size = plan.stat().st_size
        for name, (cmd, setup) in commands(plan, work).items():
            t, rss = median(cmd, work, 3 if n >= 100000 else runs, setup)
            target = (
                f" (target {TARGETS_10K[name]} s)" if n == 10000 and name in TARGETS_10K else ""
            )
            row = f"| {n:,} | {schema} | {size / 1e6:.1f} MB | `{name}` | {t:.3f} s{target} | "
            table.append(row + f"{rss / 1024:.0f} MiB | {rss * 1024 / size:.1f} |")
    return lines + table + notice_import(work, runs)


def notice_import(work: Path, runs: int) -> list[str]:
    """`rectify import` of a 1 MB notice (the notice-size limit's default), of a 10 MB text
    (refused at once by that limit), and of the same 10 MB with the limit raised: the corpus's
    notices one after another, as often as it takes (the issue's target: 10 MB in 2 s)."""
    corpus = sorted((ROOT / "tests" / "notice" / "corpus").glob("*.txt"))
    text = "".join(p.read_text(encoding="utf-8").replace("\r\n", "\n") for p in corpus)
    rows = [
        "",
        "## Notice import",
        "",
        "| notice | command | median | peak memory | outcome |",
        "|---|---|---|---|---|",
    ]
    raised = ENV | {"RECTIFY_MAX_NOTICE_MB": "20"}
    for mb, env, outcome in (
        (1, ENV, "imported"),
        (10, ENV, "refused: over the 1 MB limit (exit 10), nothing written"),
        (10, raised, "imported, `RECTIFY_MAX_NOTICE_MB=20`"),
    ):
        notice = work / f"notice-{mb}.txt"
        size = mb * 1024 * 1024
        data = (text * (size // len(text.encode()) + 1)).encode()[:size]
        notice.write_bytes(data.decode("utf-8", "ignore").encode())  # (a character cut: left out)
        out = work / f"notice-{mb}.yaml"
        cmd = [*RECTIFY, "import", str(notice), "-o", str(out), "--force"]
        code = 10 if env is ENV and mb > 1 else 0
        samples = [timed(cmd, work, None, env, code) for _ in range(3)]
        t, rss = statistics.median(s[0] for s in samples), max(s[1] for s in samples)
        mib = notice.stat().st_size / 1024 / 1024
        rows.append(
            f"| {mib:.1f} MB | `rectify import` | {t:.3f} s | {rss / 1024:.0f} MiB | {outcome} |"
        )
    return rows


def write_doc(lines: list[str], markers: tuple[str, str] | None = None) -> None:
    """The tables go between the markers of docs/benchmarks.md; the prose around them stays."""
    start, end = markers or (START, END)
    head = [
        "Reproduce: `python bench/run.py` (in the environment the README's test command makes).",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}.",
        "",
    ]
    doc = ROOT / "docs" / "benchmarks.md"
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    if start not in old:
        old += f"\n{start}\n{end}\n"
    before, _, rest = old.partition(start)
    _, _, after = rest.partition(end)
    tables = "\n".join(head + lines)
    doc.write_text(f"{before}{start}\n{tables}\n{end}{after}", encoding="utf-8")


START, END = "<!-- tables: written by bench/run.py -->", "<!-- /tables -->"
PEER = ("<!-- peer: written by bench/run.py --peer -->", "<!-- /peer -->")


if __name__ == "__main__":
    raise SystemExit(main())
