"""The `rectify` command's entry point: the process ends without tearing down what it built,
and still runs the exit handlers, flushes every byte of output and keeps its exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "items.yaml"
Run = Callable[..., tuple[int, str, str]]

# `entry()` with `main` replaced by BODY, which may call the real one as `real()`.
SCRIPT = """
import atexit, sys
from rectify_cli.cli import entrypoint as cli
real = cli.main
def main():
{body}
cli.main = main
sys.argv = ["rectify", *sys.argv[1:]]
cli.entry()
"""


def entry(tmp_path: Path, body: str, *args: str) -> subprocess.CompletedProcess[str]:
    script = SCRIPT.format(body="\n".join("    " + line for line in body.splitlines()))
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        env={k: v for k, v in os.environ.items() if not k.startswith("RECTIFY_")},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_entry_output_and_exit_code_as_in_process(run: Run, run_proc: Run) -> None:
    """`python -m rectify_cli` goes through entry(): every byte of a long output, and the code."""
    for args in (["status", "--json"], ["status", "--all"], ["done", "9.9"], ["bogus"]):
        assert run_proc(*args, "--plan", SHIPPED) == run(*args, "--plan", SHIPPED)
    assert run_proc("done", "9.9", "--plan", SHIPPED)[0] == 5


def test_entry_runs_the_exit_handlers_a_command_registered(tmp_path: Path) -> None:
    body = 'atexit.register(lambda: open("handler.txt", "w").write("ran"))\nreal()'
    done = entry(tmp_path, body, "validate", "--plan", str(SHIPPED))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"{SHIPPED}:计划有效。")
    assert (tmp_path / "handler.txt").read_text() == "ran"


def test_entry_keeps_the_exit_code_of_a_failed_command(tmp_path: Path) -> None:
    done = entry(tmp_path, "real()", "done", "9.9", "--plan", str(SHIPPED))
    assert (done.returncode, done.stdout) == (5, "")
    assert done.stderr == "没有编号为 9.9 的条目。相近的编号:1, 2, 3, 4\n"


def test_entry_exit_with_a_message_prints_it_and_exits_1(tmp_path: Path) -> None:
    done = entry(tmp_path, 'raise SystemExit("stopped")')
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "stopped\n")


def test_entry_an_error_that_escapes_leaves_the_ordinary_way(tmp_path: Path) -> None:
    done = entry(tmp_path, 'atexit.register(print, "handler")\nraise RuntimeError("bug")')
    assert (done.returncode, done.stdout) == (1, "handler\n")
    assert done.stderr.endswith("RuntimeError: bug\n")


def test_entry_output_that_cannot_be_flushed_leaves_the_ordinary_way(tmp_path: Path) -> None:
    """The interpreter then reports the stream it could not flush, with its exit code 120."""
    body = (
        "class Closed:\n"
        "    def write(self, text): return len(text)\n"
        "    def flush(self): raise BrokenPipeError(32, 'Broken pipe')\n"
        "sys.stdout = Closed()\n"
        "raise SystemExit(0)"
    )
    done = entry(tmp_path, body)
    assert (done.returncode, done.stdout) == (120, "")
    assert "BrokenPipeError" in done.stderr


def test_entry_without_cpythons_handler_runner_exits_the_usual_way(tmp_path: Path) -> None:
    body = 'del atexit._run_exitfuncs\natexit.register(print, "handler")\nraise SystemExit(7)'
    done = entry(tmp_path, body)
    assert (done.returncode, done.stdout, done.stderr) == (7, "handler\n", "")


def test_entry_waits_for_a_thread_still_running(tmp_path: Path) -> None:
    """The process would end under it: the ordinary exit waits for it."""
    body = (
        "import threading, time\n"
        "def late():\n"
        "    time.sleep(0.2)\n"
        "    open('thread.txt', 'w').write('finished')\n"
        "threading.Thread(target=late).start()\n"
        "raise SystemExit(3)"
    )
    done = entry(tmp_path, body)
    assert (done.returncode, done.stdout, done.stderr) == (3, "", "")
    assert (tmp_path / "thread.txt").read_text() == "finished"


def test_entry_with_stdout_or_stderr_closed_keeps_the_exit_code(tmp_path: Path) -> None:
    """Started with a descriptor closed, Python's stream is None: nothing to flush there."""
    for closed in ("stdout", "stderr"):
        body = f"sys.{closed} = None\nreal()"
        done = entry(tmp_path, body, "done", "9.9", "--plan", str(SHIPPED))
        assert (done.returncode, done.stdout) == (5, "")
        valid = entry(tmp_path, body, "validate", "--plan", str(SHIPPED))
        assert (valid.returncode, valid.stderr) == (0, "")
