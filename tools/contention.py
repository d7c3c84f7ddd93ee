"""Contention: several processes edit one plan at once; every edit must be recorded.

    python tools/contention.py                  # 8 processes × 50 edits of different measures
    python tools/contention.py --workers 4 --each 10 --fresh
    python tools/contention.py --workers 16 --each 10 --mixed   # through four names of one plan

Each worker is one process that runs its edits one after the other, each a whole command line
(`done`, `set --owner`, `note`, in turn) on measures no other worker touches; with --fresh every
edit is a process of its own (`python -m rectify_cli`), as when clerks type at once. Afterwards
every measure must show its worker's edit, the plan must validate, and the journal must chain:
each entry starts from the bytes the one before it left, and the last one ends at the file.
With --mixed the workers name the plan four ways in turn: its absolute path, a symlink to it
in another folder, a relative path, and a path through a symlink to its folder; every edit
must go through the one lock and the one journal. Exits 1 if anything is missing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# One worker: its edits in turn, each a whole invocation of the command line, in this process.
WORKER = """
import json, sys
from rectify_cli.cli import app
plan, name, fresh, *edits = sys.argv[1:]
codes = []
for edit in edits:
    args = json.loads(edit) + ["-p", plan]
    if fresh == "1":
        import subprocess
        done = subprocess.run([sys.executable, "-m", "rectify_cli", *args], capture_output=True)
        codes.append(done.returncode)
        if b"Traceback" in done.stderr:
            codes.append("traceback")
        continue
    try:
        app(args, prog_name="rectify")
    except SystemExit as e:
        codes.append(e.code or 0)
print(json.dumps(codes))
"""


def plan_text(workers: int, each: int) -> str:
    """One category per worker, `each` measures in it (five to an item), all in progress."""
    lines = ["title: 并发测试", "findings:", "  categories:"]
    for w in range(1, workers + 1):
        lines += [f"    - title: 方面{w}", "      items:"]
        for i in range(1, -(-each // 5) + 1):
            lines += [f"        - title: 意见{w}.{i}  # 注释", "          measures:"]
            for m in range(1, min(5, each - 5 * (i - 1)) + 1):
                lines += [f"            - text: 措施{w}.{i}.{m}", "              status: 正在整改"]
    return "\n".join(lines) + "\n"


def edits(worker: int, each: int) -> list[tuple[str, list[str]]]:
    """(measure ID, command line) for each of a worker's edits."""
    out = []
    for k in range(each):
        ident = f"{worker}.{k // 5 + 1}.{k % 5 + 1}"
        by = ["--by", f"工作者{worker}"]
        if k % 3 == 0:
            args = ["done", ident, "--on", "2024-05-01", *by]
        elif k % 3 == 1:
            args = ["set", ident, "--owner", f"工作者{worker}", *by]
        else:
            args = ["note", ident, f"工作者{worker}的第{k}条", "--on", "2024-05-01", *by]
        out.append((ident, args))
    return out


def names(plan: Path) -> list[str]:
    """Four names of one plan: absolute, a symlink in another folder, relative (to the plan's
    folder, where the workers run), and through a symlink to its folder."""
    alias = plan.parent / "elsewhere" / "计划.yaml"
    alias.parent.mkdir()
    alias.symlink_to(plan)
    linked = plan.parent / "linked"
    linked.symlink_to(plan.parent, target_is_directory=True)
    return [str(plan), str(alias), plan.name, str(linked / plan.name)]


def start(
    plan: str, worker: int, todo: list[tuple[str, list[str]]], fresh: bool, env: dict[str, str],
    folder: Path,
) -> subprocess.Popen[str]:  # fmt: skip
    """A worker's process, in `folder`, the plan's (where a relative name of it starts)."""
    argv = [sys.executable, "-c", WORKER, plan, str(worker), "1" if fresh else "0"]
    argv += [json.dumps(args) for _, args in todo]
    pipe = subprocess.PIPE
    return subprocess.Popen(argv, env=env, stdout=pipe, stderr=pipe, text=True, cwd=folder)


def contend(workers: int, each: int, fresh: bool = False, mixed: bool = False) -> dict[str, object]:
    """Run the workers on a fresh plan; what was recorded, and what is missing."""
    from rectify_cli.model.plan import Status
    from rectify_cli.planfile import journal, reader

    with tempfile.TemporaryDirectory(prefix="rectify-contention-") as folder:
        plan = Path(folder) / "plan.yaml"
        plan.write_text(plan_text(workers, each), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("RECTIFY_")}
        env |= {"PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", "RECTIFY_LOCK_TIMEOUT": "300"}
        planned = {w: edits(w, each) for w in range(1, workers + 1)}
        named = names(plan) if mixed else [str(plan)]
        env["PYTHONPATH"] = str(ROOT)  # run in the plan's folder, the package still found
        began = time.monotonic()
        procs = [start(named[w % len(named)], w, todo, fresh, env, plan.parent)
                 for w, todo in planned.items()]  # fmt: skip
        results = [p.communicate(timeout=1800) for p in procs]
        took = time.monotonic() - began
        missing: list[str] = []
        codes = [json.loads(out.splitlines()[-1]) if out.strip() else ["?"] for out, _ in results]
        for (out, err), got in zip(results, codes, strict=True):
            if "Traceback" in out + err or any(c != 0 for c in got):
                missing.append(f"a worker: exits {got}; {err[-300:]}")
        loaded, _ = reader.load(plan)
        recorded = 0
        for w, todo in planned.items():
            for k, (ident, args) in enumerate(todo):
                m = loaded.find(tuple(int(n) for n in ident.split(".")))
                assert m is not None
                ok = {
                    0: m.status is Status.DONE and m.ledger.done_by == f"工作者{w}",  # type: ignore[union-attr]
                    1: m.ledger.owner == f"工作者{w}",  # type: ignore[union-attr]
                    2: [n.text for n in m.ledger.notes] == [args[2]],  # type: ignore[union-attr]
                }[k % 3]
                recorded += ok
                if not ok:
                    missing.append(f"{ident}: {args[0]} not recorded")
        entries = journal.read(plan)
        chained = all(a.after == b.before for a, b in itertools.pairwise(entries))
        if not chained or entries[-1].after != journal.digest(plan.read_bytes()):
            missing.append("the journal does not chain to the file")
        if len(entries) != kept(workers * each):
            missing.append(f"the journal holds {len(entries)} entries")
        failed = sum(1 for got in codes for c in got if c != 0)
        return {"edits": workers * each, "recorded": recorded, "seconds": took,
                "entries": len(entries), "missing": missing, "failed": failed}  # fmt: skip


def kept(commands: int) -> int:
    """Entries in the journal after this many commands: all of them up to KEEP + SLACK, then
    trimmed back to KEEP each time it holds KEEP + SLACK and one more is added."""
    from rectify_cli.planfile.journal import KEEP, SLACK

    if commands <= KEEP + SLACK:
        return commands
    return KEEP + (commands - KEEP - SLACK - 1) % (SLACK + 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--each", type=int, default=50, help="edits per worker")
    parser.add_argument("--fresh", action="store_true", help="a new process for every edit")
    parser.add_argument("--mixed", action="store_true", help="four names of the plan in turn")
    args = parser.parse_args()
    from rectify_cli.planfile.journal import KEEP

    found = contend(args.workers, args.each, args.fresh, args.mixed)
    missing = found["missing"]
    assert isinstance(missing, list)
    print(f"{args.workers} processes × {args.each} edits = {found['edits']} edits in "
          f"{found['seconds']:.1f} s; recorded {found['recorded']}; journal: "
          f"{found['entries']} entries (it keeps at least the last {KEEP}); "
          f"failed commands: {found['failed']}")  # fmt: skip
    for line in missing:
        print("MISSING", line)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
