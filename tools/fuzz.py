"""Run the fuzz targets of tests/reliability/targets.py long, and print what came out.

    python tools/fuzz.py                       # every target, 100,000 inputs for the loader
    python tools/fuzz.py loader --count 5000   # one target, a count of your own
    python tools/fuzz.py --atheris             # the loader under atheris (coverage-guided)
    python tools/fuzz.py edit --keep failures/ # each kind of failure's input saved to replay

The same checks run in `pytest tests/reliability/test_fuzz.py` at 2,000 inputs each. Every
input either passes its check (the counts say how: valid, invalid and why, refused, ...) or is
a failure: a failure is printed with its input and counted, and the run goes on (a failure of
the same kind is printed once). The exit status is 1 when anything failed.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reliability"))
os.environ.setdefault("RECTIFY_NO_CACHE", "1")  # the parse cache only costs time here

import targets  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

# Long runs: the loader gets the 100,000 the issue asks for; the costlier targets less.
DEFAULT_COUNTS = {"loader": 100_000, "ids": 100_000, "notice": 20_000, "ledger": 10_000,
                  "edit": 10_000, "recheck": 20_000}  # fmt: skip


def signature(error: BaseException) -> str:
    """What kind of failure: the exception and the line of the check or code that raised it."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    first = re.sub(r"\d+", "N", str(error).split("\n", 1)[0])[:160]  # the same, elsewhere
    return f"{type(error).__name__} at {where}: {first}"


def run(
    name: str, count: int, scratch: Path, seed: int | None, keep: Path | None = None
) -> tuple[Counter[str], int]:
    strategy, check = targets.TARGETS[name]
    seen: Counter[str] = Counter()
    failures: Counter[str] = Counter()

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # no shrinking: every failure is reported as found
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def one(value: Any) -> None:
        try:
            seen[check(scratch, value)] += 1
        except Exception as e:  # a failure of the tool: count it, show the first of its kind
            kind = signature(e)
            if not failures[kind]:
                print(f"\nFAILURE {name}: {kind}\n  input: {value!r}"[:2000], flush=True)
                if keep is not None:  # the whole input, to replay: eval(file's text)
                    keep.mkdir(parents=True, exist_ok=True)
                    where = keep / f"{name}-{len(failures)}.repr"
                    where.write_text(f"# {kind}\n{value!r}\n", encoding="utf-8")
            failures[kind] += 1
            seen["FAILED"] += 1

    if seed is not None:
        from hypothesis import seed as with_seed

        one = with_seed(seed)(one)
    one()
    return seen, sum(failures.values())


def run_atheris(count: int, scratch: Path) -> None:
    """The loader under atheris: libFuzzer's coverage-guided mutation of raw bytes."""
    import atheris

    seen: Counter[str] = Counter()

    def one(data: bytes) -> None:
        seen[targets.check_loader(scratch, data, "zh")] += 1
        total = sum(seen.values())
        if total % 10_000 == 0 or total == count:  # libFuzzer ends the process itself
            print(f"atheris loader: {total} inputs; " + outcome_line(seen), flush=True)

    corpus = scratch / "corpus"
    corpus.mkdir(exist_ok=True)
    seeds = [text.encode("utf-8") for text in targets.SEEDS[: targets.GOOD]]
    for n, raw in enumerate([*seeds, *targets.RAW_SEEDS]):
        (corpus / f"seed{n}").write_bytes(raw)
    # libFuzzer's dictionary: the tokens the hypothesis targets insert, as escaped bytes
    words = scratch / "yaml.dict"
    escaped = ("".join(f"\\x{b:02x}" for b in t.encode("utf-8")) for t in targets.TOKENS)
    words.write_text("".join(f'"{t}"\n' for t in escaped), encoding="ascii")
    atheris.instrument_all()
    args = [f"-runs={count}", "-max_len=70000", f"-dict={words}", str(corpus)]
    atheris.Setup([sys.argv[0], *args], one)
    atheris.Fuzz()


def outcome_line(seen: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in seen.most_common(12))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    # argparse checks the default of nargs="*" against the choices too: hence the []
    parser.add_argument("targets", nargs="*", choices=[*targets.TARGETS, []], default=[])
    parser.add_argument("--count", type=int, help="inputs per target (default: see the code)")
    parser.add_argument("--seed", type=int, help="hypothesis seed, to repeat a run")
    parser.add_argument("--atheris", action="store_true", help="the loader under atheris")
    parser.add_argument("--keep", type=Path, help="save each kind of failure's input here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rectify-fuzz-") as folder:
        scratch = Path(folder)
        if args.atheris:
            run_atheris(args.count or DEFAULT_COUNTS["loader"], scratch)
            return 0
        failed = 0
        for name in args.targets or list(targets.TARGETS):
            count = args.count or DEFAULT_COUNTS[name]
            began = time.monotonic()
            seen, failures = run(name, count, scratch, args.seed, args.keep)
            took = time.monotonic() - began
            total = sum(seen.values())
            print(f"{name}: {total} inputs in {took:.0f} s, {failures} failed; "
                  + outcome_line(seen), flush=True)  # fmt: skip
            failed += failures
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
