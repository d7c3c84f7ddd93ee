"""What the tests share: the repository's paths, the CLI run in-process or as a real process
in a fixed environment, plans written and copied, golden files, Word files read back.

Imported as `support` (pyproject.toml puts tests/ on the path); tests/conftest.py turns the
helpers into fixtures. The tests reach the command line's internals only through this module
and tests/reliability/targets.py.

Every run asserts that no traceback was printed. Golden files are rewritten only when
RECTIFY_REGEN=1 is set; read every rewritten one before committing it.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
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
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import click
import click.testing
import pytest
import typer.main
from hypothesis import settings

from rectify_cli.cli import app

# -- the repository's paths --------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SHIPPED = ROOT / "data" / "items.yaml"  # the shipped plan: the published notice's 82 measures
# The shipped plan as it was in schema 1 (before `rectify migrate`): what schema 1's own
# mechanics (its item spans, its edits' short way, its slips) are tested on
SHIPPED_V1 = TESTS / "plans" / "seed_v1.yaml"
STARTER = ROOT / "rectify_cli" / "planfile" / "starter.yaml"  # what `rectify init` writes
LEDGER = TESTS / "plans" / "ledger.yaml"  # a small plan with ledger fields (--today 2025-04-01)
BAD = TESTS / "bad"  # broken plans, each beside the message it gets (NAME.expected)
# golden files: compared byte for byte, rewritten by RECTIFY_REGEN=1
EDIT_GOLDEN = TESTS / "planfile" / "golden"  # plans in every file style, and each edit of them
NOTICE_GOLDEN = TESTS / "notice" / "golden"  # the seed as a notice in every format
LEDGER_GOLDEN = TESTS / "ledger" / "golden"
VIEWS_GOLDEN = TESTS / "views" / "golden"  # the tables of `status` and `show`
SEED = NOTICE_GOLDEN / "seed.txt"  # the published notice, byte for byte
CORPUS = TESTS / "notice" / "corpus"  # notices written for the project, a layout feature each
NOTICES = sorted(CORPUS.glob("*.txt"))


def variants(text: str) -> dict[str, str]:
    """The layouts web copies give the same notice."""
    lf = text.replace("\r\n", "\n")
    return {
        "as written": text,
        "crlf": lf.replace("\n", "\r\n"),
        "cr": lf.replace("\n", "\r"),
        "blank lines": lf.replace("\n", "\n\n"),
        "indented": "\n".join("\u3000\u3000" + line for line in lf.split("\n")),
        "bom": "\ufeff" + text.lstrip("\ufeff"),
        "no final newline": text.rstrip("\r\n"),
    }


# The module whose entry() calls its main() (tests/cli/test_entry.py replaces main there).
ENTRY_MODULE = "rectify_cli.cli.entrypoint"

# -- what the commands are given --------------------------------------------------------------

# The small plans of the notice tests open alike: a title the notice does not print (the
# published notice has no title line) and the introduction, its first paragraph last (a plan
# may add more). Under `findings:` (and its heading, if any) FIRST_ITEM goes down to the title
# of the first item, (一)1.(1), whose fields follow at 14 spaces.
NOTICE_OPENING = """\
schema: 1
title: 测试局关于巡察反馈意见整改情况的通报
style:
  show_title: false
intro:
  heading: 巡察整改工作组织推进情况
  paragraphs:
    - 局党组召开专题会议研究整改工作。
"""
FIRST_ITEM = """\
  categories:
    - title: 理论学习不够深入
      problems:
        - title: 学习制度落实不到位
          items:
            - title: 在学习计划不完善方面
"""

ON = ["--on", "2024-05-01", "--by", "王芳"]  # when and by whom, for done/note

# Cold: no parse cache, the plan is read whole. Warm: the cache may serve a plan read before.
COLD: dict[str, str | None] = {"RECTIFY_NO_CACHE": "1"}
WARM: dict[str, str | None] = {"RECTIFY_NO_CACHE": None}
CACHE = {"cold": COLD, "warm": WARM}

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


# -- property tests ----------------------------------------------------------------------------

# Two hypothesis profiles (tests/conftest.py chooses one): the default run tries a few examples
# of every property, the slow suite (`pytest -m slow`) as many as each test asks for.
QUICK, THOROUGH = "quick", "thorough"


def is_thorough() -> bool:
    """Whether this run is the slow suite's: hypothesis's thorough profile."""
    return settings.get_current_profile_name() == THOROUGH


def examples(thorough: int, quick: int = 10) -> int:
    """How many examples a property test tries: `thorough` in the slow suite, `quick` in the
    default run. Read when the test module is imported (after the profile is chosen)."""
    return thorough if is_thorough() else min(quick, thorough)


# -- the CLI in-process ------------------------------------------------------------------------


@functools.cache
def command() -> click.Command:
    """The click command Typer makes of the app, made once: typer.testing's runner makes it
    again for every run, which costs about 20 ms, more than most commands take."""
    return typer.main.get_command(app)


def invoke(*args: str | Path, env: Mapping[str, str | None] | None = None) -> click.testing.Result:
    """`rectify ARGS` in-process, in FIXED_ENV updated by `env`, the command line read as
    `main` reads it (global options, click's messages in the language). Never a traceback."""
    from rectify_cli.cli.entrypoint import words

    merged = {**FIXED_ENV, **(env or {})}
    with unittest.mock.patch.dict(os.environ, {k: v for k, v in merged.items() if v is not None}):
        for k in [k for k, v in merged.items() if v is None]:
            os.environ.pop(k, None)
        argv = words([str(a) for a in args])
    result = click.testing.CliRunner().invoke(command(), argv, env=merged, prog_name="rectify")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # formatted only then: click keeps every exit's traceback, and formatting one costs
        # a millisecond (Python 3.11 parses the source of each line for its carets)
        raise AssertionError("".join(traceback.format_exception(*result.exc_info)))
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


def commands() -> dict[str, click.Command]:
    """The app's commands by name."""
    return typer.main.get_group(app).commands


# -- real processes ---------------------------------------------------------------------------


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any RECTIFY_ or FORCE_ variable (FORCE_COLOR), no
    bytecode written, and `extra`: what a clerk's own shell would hand a process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RECTIFY_", "FORCE_"))}
    return env | {"PYTHONDONTWRITEBYTECODE": "1"} | extra


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


def python(script: str, *args: str | Path, **run: Any) -> subprocess.CompletedProcess[Any]:
    """`python -c SCRIPT ARGS` in this interpreter: the output captured, a minute at most,
    the rest as subprocess.run takes it (env, cwd, text, ...)."""
    run.setdefault("timeout", 60)
    return subprocess.run(
        [sys.executable, "-c", script, *(str(a) for a in args)], capture_output=True, **run
    )


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
    purelib = sysconfig.get_paths()["purelib"]
    # the interpreter's version, and whether the installed package can be imported as nobody
    check = "import site, sys; site.addsitedir(sys.argv[1]); import rectify_cli; print(sys.version)"
    candidates = [sys.executable, shutil.which(f"python{version}"), f"/usr/bin/python{version}"]
    for python in filter(None, candidates):
        try:
            probe = subprocess.run(
                [python, "-c", check, purelib], capture_output=True, text=True, cwd="/", **who
            )
        except OSError:  # nobody may not even start it
            continue
        if probe.returncode == 0 and probe.stdout.startswith(version + "."):
            return functools.partial(_run_as, who, [python, "-c", AS_MODULE, purelib])
    pytest.skip(
        f"running as root, and `nobody` can run no Python {version} that imports rectify_cli "
        f"from {purelib} (a checkout in a folder only its owner may enter, such as /root)"
    )


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


def load_tool(name: str) -> ModuleType:
    """A script of tools/ as a module (its main() is not run)."""
    path = ROOT / "tools" / f"{name}.py"
    if not path.exists():  # an sdist ships tests/ but not tools/
        pytest.skip(f"tools/{name}.py is not here")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# -- plans and golden files ------------------------------------------------------------------


def write_plan_in(folder: Path, text: str, name: str = "plan.yaml") -> Path:
    """`text` as folder/name in UTF-8, exactly these characters (no newline translation)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def copy_plan(folder: Path, name: str = "items.yaml", source: Path = SHIPPED) -> Path:
    """A copy of the shipped plan (or of `source`) as folder/name, byte for byte."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(source.read_bytes())
    return path


def copy_edit_golden(folder: Path, style: str, name: str | None = None) -> Path:
    """A copy of the plan written in `style` (EDIT_GOLDEN/STYLE.yaml), as folder/NAME
    (STYLE.yaml unless named)."""
    path = folder / (name or f"{style}.yaml")
    shutil.copyfile(EDIT_GOLDEN / f"{style}.yaml", path)
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


def seed_bytes() -> bytes:
    """The published notice: 51 lines of UTF-8 without a final newline."""
    return SEED.read_bytes()


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


# -- Word files --------------------------------------------------------------------------------


def docx_text(path: Path) -> str:
    """Every paragraph of a Word file (body, headers, footers), one per line."""
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for section in document.sections:
        for part in (section.footer, section.even_page_footer, section.header):
            lines += [p.text for p in part.paragraphs]
    return "\n".join(lines)


def docx_xml(path: Path) -> str:
    """All XML parts of a Word file, concatenated: a leak cannot hide in any of them."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))
        )
