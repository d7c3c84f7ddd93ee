"""Disk full for real: every writing command on a small tmpfs, at every amount of free space.

    python tools/diskfull.py                       # every command, from 0 free pages up
    python tools/diskfull.py --commands done,undo --pages 0,3,9

Needs root (it mounts a tmpfs); elsewhere it says so and exits 0 having checked nothing. For
each command and each number of free pages (4 KiB each) it copies the shipped plan into a
folder on a fresh 4 MiB tmpfs (with what the command needs: a journaled `done` for `undo`, a
returned ledger for `import`, an old output file for `report -o` and `export -o`), fills the
file system with a filler file until exactly that many pages are free, and runs the command as
a real process, its temporary folder on the same file system. The free space grows a page at a
time from none until the command has finished at four levels in a row (or `--pages` names the
levels). Then it checks that

- no traceback; the command either finished (exit 0) or exited 3 naming the disk
  (`No space left on device`, or for a workbook cut short `磁盘可能已满`);
- the plan holds exactly its old or its new bytes and loads; an edit that failed left the
  old bytes and no journal entry, one that finished left the new bytes, and `undo` restores
  the old ones; an `undo` that restored the plan but could not then rewrite its journal says
  so; an output that failed left the old output file whole;
- no temporary file is left, on failure or success;
- with the filler removed, the same command finishes and writes the new bytes.

It prints, per command, how many levels failed cleanly and how many finished, and exits 1 if
any check failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import killstorm  # the kill storm's commands, folders and checks

PAGE = 4096
MOST = 256  # pages free (1 MiB): every command here finishes with far less
EDITS = ["done", "set", "note", "undo", "import"]
OUTPUTS: dict[str, list[str]] = {
    "report": ["report", "-o", "通报.txt"],
    "report-docx": ["report", "-f", "docx", "-o", "通报.docx"],
    "export-csv": ["export", "-f", "csv", "-o", "台账.csv"],
    "export-xlsx": ["export", "-o", "台账.xlsx"],
}
FULL = ("No space left on device", "磁盘可能已满")  # what the message says of the disk
OLD_OUTPUT = b"an older output file\n" * 100


@dataclass
class Found:
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def can_mount() -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    with tempfile.TemporaryDirectory() as probe:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]).returncode
        if ok == 0:
            subprocess.run(["umount", probe], check=True)
        return ok == 0


class Disk:
    """A 4 MiB tmpfs mounted for the run."""

    def __init__(self, where: Path) -> None:
        self.root = where
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)], check=True)

    def free_pages(self) -> int:
        s = os.statvfs(self.root)
        return s.f_bavail * s.f_frsize // PAGE

    def fill(self, leave: int) -> Path:
        """A filler file that leaves `leave` pages free."""
        filler = self.root / "filler"
        filler.write_bytes(b"\0" * ((self.free_pages() - leave) * PAGE))
        assert self.free_pages() == leave, (self.free_pages(), leave)
        return filler

    def clear(self) -> None:
        for p in self.root.iterdir():
            shutil.rmtree(p) if p.is_dir() else p.unlink()

    def unmount(self) -> None:
        subprocess.run(["umount", str(self.root)], check=True)


def argv(setup: killstorm.Setup, folder: Path, name: str) -> list[str]:
    if name in OUTPUTS:
        return [
            sys.executable,
            "-m",
            "rectify_cli",
            *OUTPUTS[name],
            "-p",
            str(folder / "items.yaml"),
        ]
    return setup.argv(folder, name)


def prepare(setup: killstorm.Setup, disk: Disk, name: str) -> Path:
    """The command's folder, built elsewhere and copied onto the disk (undo's journal, made by
    the API, would otherwise need the room the run is about to take away)."""
    built = setup.fresh(
        f"build-{name}-{len(os.listdir(setup.work))}", "done" if name in OUTPUTS else name
    )
    if name in OUTPUTS:
        (built / OUTPUTS[name][-1]).write_bytes(OLD_OUTPUT)
    folder = disk.root / "office"
    shutil.copytree(built, folder, symlinks=True)
    shutil.rmtree(built)
    (disk.root / "tmp").mkdir()
    return folder


def run_env(disk: Disk) -> dict[str, str]:
    return killstorm.env() | {"TMPDIR": str(disk.root / "tmp")}


def one_level(setup: killstorm.Setup, disk: Disk, name: str, pages: int, found: Found) -> bool:
    """One run with `pages` free; whether the command finished."""
    from rectify_cli.planfile import journal, reader, transaction

    folder = prepare(setup, disk, name)
    plan = folder / "items.yaml"
    old = plan.read_bytes()
    new = old if name in OUTPUTS else setup.new[name]
    entries = len(journal.read(plan))
    filler = disk.fill(pages)
    done = subprocess.run(
        argv(setup, folder, name), env=run_env(disk), capture_output=True, cwd=folder
    )
    err = done.stderr.decode(errors="replace")
    problems: list[str] = []

    def check(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    check("Traceback" not in err, f"traceback: {err[-400:]}")
    check(done.returncode in (0, 3), f"exit {done.returncode}: {err[-300:]}")
    if done.returncode == 3:
        check(any(w in err for w in FULL), f"message: {err.strip()}")
    raw = plan.read_bytes()
    check(raw == (new if done.returncode == 0 else old), "the plan's bytes")
    stray = [str(p.relative_to(disk.root)) for p in disk.root.rglob("*.tmp")]
    check(not stray, f"temporary files left: {stray}")
    if name in OUTPUTS:
        out = folder / OUTPUTS[name][-1]
        if done.returncode != 0:
            check(out.read_bytes() == OLD_OUTPUT, "the old output file was not kept whole")
    else:
        grew = len(journal.read(plan)) - entries
        if name == "undo":  # restored with the journal marked, or told that it is not
            marked = journal.read(plan)[-1].undone
            unrecorded = "修改记录未能写入" in err
            check(marked == (done.returncode == 0 and not unrecorded), f"journal marks: {marked}")
        else:
            check(grew == (1 if done.returncode == 0 else 0), f"journal grew by {grew}")
    filler.unlink()
    try:
        reader.load(plan)
    except Exception as e:  # a check, not a crash of the run
        check(False, f"the plan does not load: {e!r}")
    if done.returncode == 0 and name not in OUTPUTS and name != "undo":
        transaction.undo(plan)
        check(plan.read_bytes() == old, "undo did not restore the old bytes")
        plan.write_bytes(old)
    if done.returncode != 0:  # room again: the same command finishes
        again = subprocess.run(
            argv(setup, folder, name), env=run_env(disk), capture_output=True, cwd=folder
        )
        check(again.returncode == 0, f"with room again: exit {again.returncode}")
        check(plan.read_bytes() == new, "with room again: not the new bytes")
    state = "finished" if done.returncode == 0 else "refused, disk full"
    found.outcomes[f"{name}: {state}"] += 1
    found.failures += [f"{name} with {pages} free pages: {p}" for p in problems]
    disk.clear()
    return done.returncode == 0


def levels(pages: list[int] | None) -> Iterator[int]:
    yield from pages if pages is not None else range(MOST)


def storm(commands: list[str], pages: list[int] | None = None) -> Found:
    """Each command at each level of free pages (by default: up from none until it finished
    at four levels in a row)."""
    found = Found()
    with tempfile.TemporaryDirectory(prefix="rectify-diskfull-") as work:
        mount = Path(work) / "disk"
        mount.mkdir()
        (Path(work) / "setup").mkdir()
        setup = killstorm.Setup(Path(work) / "setup", [c for c in commands if c in EDITS])
        disk = Disk(mount)
        try:
            for name in commands:
                row = 0
                for n in levels(pages):
                    row = row + 1 if one_level(setup, disk, name, n, found) else 0
                    if pages is None and row == 4:
                        break
                else:
                    if pages is None:
                        found.failures.append(f"{name}: did not finish with {MOST} pages free")
        finally:
            disk.unmount()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--commands", default=",".join([*EDITS, *OUTPUTS]))
    parser.add_argument("--pages", help="free pages to try, e.g. 0,3,9 (default: up from 0)")
    args = parser.parse_args()
    if not can_mount():
        print("skipped: mounting a tmpfs needs root")
        return 0
    commands = args.commands.split(",")
    found = storm(commands, [int(n) for n in args.pages.split(",")] if args.pages else None)
    cases = sum(found.outcomes.values())
    print(f"{cases} runs on a full disk, {len(commands)} commands")
    for outcome, n in sorted(found.outcomes.items()):
        print(f"  {outcome}: {n}")
    for failure in found.failures:
        print("FAILED", failure)
    print(f"{len(found.failures)} failed checks")
    return 1 if found.failures else 0


if __name__ == "__main__":
    sys.exit(main())
