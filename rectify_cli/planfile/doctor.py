"""`rectify doctor`: the tool folder beside a plan (`.rectify/`) examined and, when asked,
repaired. The plan itself is neither read nor touched.

What it finds: `.rectify` that is a file, not a folder; a journal that is a folder or no
regular file; journal entries whose fields are missing or of the wrong kind; a lock or a cache
that is a folder. What it does about each: the damaged thing is moved aside, under its own name
with `.damaged-YYYYMMDDTHHMMSS` added (nothing is deleted: a person may want to read it); a
journal with damaged entries is rewritten with the entries that are whole, its old bytes kept
beside it so.
"""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

from . import cache, journal
from .entries import checked
from .toolfolder import folder

# (message key, path, its line in the journal or 0, the field of a damaged entry or "")
Problem = tuple[str, Path, int, str]


def examine(plan: Path) -> list[Problem]:
    """Every problem of the tool folder beside `plan`, in the order they are repaired."""
    where = folder(plan)
    if not os.path.lexists(where):
        return []
    if not where.is_dir():
        return [("doctor_folder_not_folder", where, 0, "")]
    problems: list[Problem] = []
    log = journal.journal_path(plan)
    if os.path.lexists(log):
        if not stat.S_ISREG(os.lstat(log).st_mode):
            problems.append(("doctor_journal_not_file", log, 0, ""))
        else:
            _good, damaged = checked(log.read_bytes())
            problems += [("doctor_entry_bad", log, n, field) for n, field in damaged]
    for part in (cache.path_for(plan), where / f"{plan.name}.lock"):
        if os.path.lexists(part) and not stat.S_ISREG(os.lstat(part).st_mode):
            problems.append(("doctor_not_file", part, 0, ""))
    return problems


def repair(plan: Path, problems: list[Problem]) -> list[tuple[str, dict[str, object]]]:
    """Repair what `examine` found; what was done, as messages (key, arguments)."""
    done: list[tuple[str, dict[str, object]]] = []
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    rewritten = False
    for key, path, _line, _field in problems:
        if key == "doctor_entry_bad":
            if rewritten:
                continue
            rewritten = True
            good, _damaged = checked(path.read_bytes())
            aside = _aside(path, stamp)
            aside.write_bytes(path.read_bytes())
            journal.rewrite(plan, [journal.Entry(**fields) for fields in good])
            done.append(("doctor_rewritten", {"path": str(path), "kept": len(good),
                                              "moved": str(aside)}))  # fmt: skip
            continue
        aside = _aside(path, stamp)
        os.replace(path, aside)
        done.append(("doctor_moved", {"path": str(path), "moved": str(aside)}))
    return done


def _aside(path: Path, stamp: str) -> Path:
    """A name beside `path` that is not taken: NAME.damaged-STAMP (-2, -3 … if it is)."""
    candidate, n = path.with_name(f"{path.name}.damaged-{stamp}"), 1
    while os.path.lexists(candidate):
        n += 1
        candidate = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    return candidate
