"""The in-place writer race: another program writes the plan in place (as cp, a sync client or an
editor saving without a rename do), pausing mid-file, while `rectify done` edits it.

    python tools/writerrace.py                  # 200 runs
    python tools/writerrace.py --runs 50 --seed 7
    python tools/writerrace.py --no-lease       # as where the kernel cannot tell (no leases)

Each run starts from a plan of two categories (20 measures), starts a writer that truncates
the file, writes the first half of a new version (a valid plan on its own: the first
category), pauses 0.05–0.8 s and writes the rest; and, 0–0.3 s after the writer started,
`python -m rectify_cli done 1.1.1`. Nothing may be lost: the writer's whole version is the plan
(with the edit when `done` succeeded) or is kept in `.rectify/` and named by the next command;
an edit that exited 0 is in the plan. With --no-lease rectify runs as where the kernel cannot
say whether the file is open for writing (another user's file, a system without leases): only
the young-file check and the kept inode stand guard. Exits 1 if anything was lost.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WRITER = """
import sys, time
plan, cut, pause = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
data = sys.stdin.buffer.read()
with open(plan, "wb") as f:
    f.write(data[:cut]); f.flush()
    time.sleep(pause)
    f.write(data[cut:])
"""


def versions() -> tuple[bytes, bytes, int]:
    """The plan before, the writer's version, and where its second category starts."""
    sys.path.insert(0, str(ROOT / "tools"))
    from contention import plan_text

    old = plan_text(2, 10).encode("utf-8")
    new = old.replace("并发测试".encode(), "并发测试（新版）".encode(), 1)
    return old, new, new.index("    - title: 方面2".encode())


# rectify as `python -m rectify_cli` would run it, the kernel's answer about writers taken away
NO_LEASE = (
    "import sys; import rectify_cli.planfile.guard as g; g._open_for_writing = lambda real: None; "
    "sys.argv[0] = 'rectify'; from rectify_cli.cli import entry; entry()"
)


def one(
    folder: Path, rng: random.Random, env: dict[str, str], lease: bool = True
) -> tuple[str, str | None]:
    """One run: (outcome, what was lost or None)."""
    from rectify_cli.model.plan import Status
    from rectify_cli.planfile import reader

    old, new, cut = versions()
    plan = folder / "plan.yaml"
    plan.write_bytes(old)
    pause, delay = rng.uniform(0.05, 0.8), rng.uniform(0.0, 0.3)
    argv = [sys.executable, "-c", WRITER, str(plan), str(cut), f"{pause:.3f}"]
    writer = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    assert writer.stdin is not None
    writer.stdin.write(new)
    writer.stdin.close()
    time.sleep(delay)
    rectify = [sys.executable, "-m", "rectify_cli"] if lease else [sys.executable, "-c", NO_LEASE]
    done = subprocess.run(
        [*rectify, "done", "1.1.1", "--on", "2024-05-01", "-p", plan],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    writer.wait(30)
    if "Traceback" in done.stderr:
        return "traceback", done.stderr[-300:]
    after = subprocess.run(
        [sys.executable, "-m", "rectify_cli", "status", "-p", plan],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    kept = [p for p in (folder / ".rectify").glob("plan.yaml.*") if p.read_bytes() == new]
    loaded = reader.load(plan)[0]
    measure = loaded.find((1, 1, 1))
    edited = measure is not None and measure.status is Status.DONE  # type: ignore[union-attr]
    whole = sum(1 for _ in loaded.measures()) == 20 and loaded.title.endswith("（新版）")
    if done.returncode == 0 and not edited:
        return "lost", f"done exited 0 but the plan lacks it (pause {pause:.2f}, delay {delay:.2f})"
    if whole:
        return ("edited" if edited else f"refused {done.returncode}"), None
    if kept and "另一个程序仍在写入旧文件" in after.stderr:
        return "kept and named", None
    return "lost", f"the writer's version is gone (pause {pause:.2f}, delay {delay:.2f})"


def race(runs: int, seed: int = 2026, lease: bool = True) -> dict[str, object]:
    rng = random.Random(seed)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECTIFY_")}
    env |= {"PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", "RECTIFY_USER": "测试员"}
    outcomes: collections.Counter[str] = collections.Counter()
    lost: list[str] = []
    began = time.monotonic()
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="rectify-writer-") as folder:
            outcome, problem = one(Path(folder), rng, env, lease)
        outcomes[outcome] += 1
        if problem:
            lost.append(problem)
    return {"runs": runs, "outcomes": dict(outcomes), "lost": lost,
            "seconds": time.monotonic() - began}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-lease", action="store_true", help="as without the kernel's answer")
    args = parser.parse_args()
    found = race(args.runs, args.seed, not args.no_lease)
    print(f"{found['runs']} runs in {found['seconds']:.1f} s: {found['outcomes']}; "
          f"lost: {len(found['lost'])}")  # type: ignore[arg-type]  # fmt: skip
    for line in found["lost"]:  # type: ignore[attr-defined]
        print("LOST", line)
    return 1 if found["lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
