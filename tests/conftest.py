"""Helpers for every test folder: run the CLI in-process or as a real process in a fixed
environment, write and copy plans, compare golden files. A folder's own conftest.py adds only
what is its own.

Every run asserts that no traceback was printed. Golden files are rewritten only when
RECTIFY_REGEN=1 is set; read every rewritten one before committing it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pwd
import resource
import shutil
import signal
import subprocess
import sys
import sysconfig
import traceback
import unittest.mock
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click.testing
import pytest
from typer.testing import CliRunner

from rectify_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "items.yaml"

# Everything from outside that could change what the CLI prints, who it says made a change,
# how long it waits for a lock or which templates it uses: no colour, a dumb 80-column
# terminal, and no plan, language, lock timeout or template folder chosen outside the test.
FIXED_ENV: dict[str, str | None] = {
    "RECTIFY_LANG": None,
    "RECTIFY_PLAN": None,
    "RECTIFY_USER": "测试员",
    "RECTIFY_LOCK_TIMEOUT": None,
    "RECTIFY_TEMPLATES": None,
    "NO_COLOR": "1",
    "COLUMNS": "80",
    "LINES": "25",
    "TERM": "dumb",
    "COLORTERM": None,
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "JUPYTER_COLUMNS": None,
}

Result = tuple[int, str, str]
Run = Callable[..., Result]


@dataclass(frozen=True)
class Output:
    """What `cli(*args)` returns: the exit code, stdout, stderr and stdout's bytes."""

    code: int
    out: str
    err: str
    out_bytes: bytes


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a test that takes more than a minute")


# -- the CLI ---------------------------------------------------------------------------------


def invoke(*args: str | Path, env: Mapping[str, str | None] | None = None) -> click.testing.Result:
    """`rectify ARGS` in-process, in FIXED_ENV updated by `env`. Never a traceback."""
    result = CliRunner().invoke(
        app, [str(a) for a in args], env={**FIXED_ENV, **(env or {})}, prog_name="rectify"
    )
    crash = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    assert result.exception is None or isinstance(result.exception, SystemExit), crash
    assert "Traceback" not in result.stdout, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    return result


def run_cli(*args: str | Path, env: Mapping[str, str | None] | None = None) -> Result:
    """`rectify ARGS` in-process; (exit code, stdout, stderr)."""
    result = invoke(*args, env=env)
    return result.exit_code, result.stdout, result.stderr


def cli_output(*args: str | Path, env: Mapping[str, str | None] | None = None) -> Output:
    """`rectify ARGS` in-process; Output(code, out, err, out_bytes)."""
    result = invoke(*args, env=env)
    return Output(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def process_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment with FIXED_ENV applied, no bytecode written, and `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in FIXED_ENV}
    env.update({k: v for k, v in FIXED_ENV.items() if v is not None})
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra or {})
    return env


def run_process(
    *args: str | Path, env: Mapping[str, str] | None = None, timeout: float = 60, **popen: Any
) -> Result:
    """`python -m rectify_cli ARGS` as a real process (in ROOT unless `cwd=` says otherwise);
    (exit code, stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "rectify_cli", *(str(a) for a in args)],
        env=process_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=popen.pop("cwd", ROOT),
        **popen,
    )
    assert "Traceback" not in done.stdout, done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


# Root ignores permissions, so as root the command runs as `nobody`. The dev interpreter may
# sit in a folder only root can read (/root/.pyenv): then a system interpreter of the same
# version runs it, with this environment's packages (and so this checkout) on its path.
AS_MODULE = (
    "import runpy, site, sys; site.addsitedir(sys.argv.pop(1)); sys.argv[0] = 'rectify'; "
    "runpy.run_module('rectify_cli', run_name='__main__', alter_sys=True)"
)


def unprivileged_runner() -> Callable[..., Result] | None:
    """`run(*args, home=folder)`: `rectify ARGS` as a process of a user permissions apply to,
    in `folder` with only PATH and HOME set; None when the current user is one."""
    if os.geteuid() != 0:
        return None
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root and there is no `nobody` user to run the command as")
    who: dict[str, Any] = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
    version = "{}.{}".format(*sys.version_info[:2])
    candidates = [sys.executable, shutil.which(f"python{version}"), f"/usr/bin/python{version}"]
    for python in filter(None, candidates):
        try:
            probe = subprocess.run(
                [python, "-c", "import sys; print('{}.{}'.format(*sys.version_info[:2]))"],
                capture_output=True, text=True, cwd="/", **who,
            )  # fmt: skip
        except OSError:  # nobody may not even start it
            continue
        if probe.returncode == 0 and probe.stdout.strip() == version:
            prefix = [python, "-c", AS_MODULE, sysconfig.get_paths()["purelib"]]
            return functools.partial(_run_as, who, prefix)
    pytest.skip(f"running as root and `nobody` can run no Python {version} interpreter")


def _run_as(who: dict[str, Any], prefix: list[str], *args: str | Path, home: Path) -> Result:
    done = subprocess.run(
        [*prefix, *(str(a) for a in args)],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home)},
        cwd=home, capture_output=True, text=True, timeout=60, **who,
    )  # fmt: skip
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def file_size_limit(size: int) -> Callable[[], None]:
    """For Popen: files may not grow beyond `size` bytes; writing more fails with EFBIG."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


# -- plans and golden files ------------------------------------------------------------------


def write_plan_in(folder: Path, text: str, name: str = "plan.yaml") -> Path:
    """`text` as folder/name in UTF-8, exactly these characters (no newline translation)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def copy_shipped(folder: Path, name: str = "items.yaml") -> Path:
    """A copy of the shipped plan, byte for byte."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(SHIPPED.read_bytes())
    return path


def check_golden(path: Path, actual: str | bytes) -> None:
    """Compare with the golden file byte for byte (text as UTF-8); RECTIFY_REGEN=1 rewrites it."""
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if os.environ.get("RECTIFY_REGEN") == "1":
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return
    assert path.exists(), f"no golden file {path}; create it with RECTIFY_REGEN=1 and read it"
    message = f"{path.relative_to(ROOT)} differs (RECTIFY_REGEN=1 rewrites it)"
    if isinstance(actual, str):  # compared as text, so that a failure shows a readable diff
        assert actual == path.read_bytes().decode("utf-8"), message
    else:
        assert actual == path.read_bytes(), message


@contextlib.contextmanager
def cross_checking() -> Iterator[list[bool]]:
    """While inside, every edit checked from its changed lines alone (recheck.check) is also
    read whole, and the two must agree on the plan, its warnings and its layout. Yields one
    entry per edit: whether the lines alone told (False: the edit was read whole)."""
    from rectify_cli.planfile import decoding, loader, reader, recheck, splice

    told: list[bool] = []
    real = recheck.check

    def check(*args: Any) -> recheck.Checked | None:
        got = real(*args)
        told.append(got is not None)
        if got is not None:
            _old, new, _splices, _paths, _before, _intended, path, today = args
            source = decoding.Source(Path(path), new, b"", False)
            whole = reader.parse_with_layout(source, today)
            assert got.plan == whole[0]
            assert got.issues == whole[1]
            assert got.layout == whole[2] == splice.layout(new, loader.compose(new, path))
        return got

    with unittest.mock.patch.object(recheck, "check", check):
        yield told


# -- fixtures: session-scoped where they hold no state, so that hypothesis tests can use them --


@pytest.fixture(scope="session")
def run() -> Run:
    """`run(*args, env=None)` -> (exit code, stdout, stderr): the CLI in-process."""
    return run_cli


@pytest.fixture(scope="session")
def cli() -> Callable[..., Output]:
    """`cli(*args, env=None)` -> Output(code, out, err, out_bytes): the CLI in-process."""
    return cli_output


@pytest.fixture(scope="session")
def run_proc() -> Run:
    """`run_proc(*args, env=None, timeout=60, **popen)`: the CLI as a real process."""
    return run_process


@pytest.fixture(scope="session")
def unprivileged() -> Callable[[], Callable[..., Result] | None]:
    """`unprivileged()` -> `run(*args, home=folder)` as a user permissions apply to, or None
    when the current user is one (skips the test when no such user can run the CLI)."""
    return unprivileged_runner


@pytest.fixture(scope="session")
def limited() -> Callable[[int], Callable[[], None]]:
    """`limited(size)`: a preexec_fn for run_proc that lets no file grow beyond `size` bytes."""
    return file_size_limit


@pytest.fixture(scope="session")
def plan_file() -> Callable[..., Path]:
    """`plan_file(folder, text, name="plan.yaml")` -> the path of the written plan."""
    return write_plan_in


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    """`write_plan(text, name="plan.yaml")` -> its path under tmp_path."""
    return functools.partial(write_plan_in, tmp_path)


@pytest.fixture(scope="session")
def copy_plan() -> Callable[..., Path]:
    """`copy_plan(folder, name="items.yaml")`: a copy of the shipped plan."""
    return copy_shipped


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the shipped plan as data/items.yaml under tmp_path."""
    return copy_shipped(tmp_path / "data")


@pytest.fixture(scope="session")
def golden() -> Callable[[Path, str | bytes], None]:
    """`golden(path, actual)`: compare with a golden file (RECTIFY_REGEN=1 rewrites it)."""
    return check_golden


@pytest.fixture(scope="session")
def cross_checked() -> Callable[[], contextlib.AbstractContextManager[list[bool]]]:
    """`with cross_checked() as told:` every edit's check from its lines alone is compared
    with reading the whole text (see cross_checking)."""
    return cross_checking


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the project root, so that paths print as `tests/...` and `data/...`."""
    monkeypatch.chdir(ROOT)
    return ROOT
