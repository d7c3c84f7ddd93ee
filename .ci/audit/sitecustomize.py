"""Loaded by every Python process of the test run when .ci/run puts this folder on PYTHONPATH:
records each file or folder opened outside the places a test may read, so that CI fails when a
test depends on something beside the clone (a test must read only its repository, its
interpreter and its temporary files)."""

import os
import sys

LOG = os.environ.get("RECTIFY_AUDIT_READS")
ROOT = os.environ.get("RECTIFY_AUDIT_ROOT")
# pytest and every process it starts (they inherit the mark); not pip, which installs first
_ARGV0 = sys.argv[0] if sys.argv else ""
_PYTEST = os.path.basename(_ARGV0) in ("pytest", "py.test") or _ARGV0.endswith(
    os.path.join("pytest", "__main__.py")
)
if LOG and ROOT and _PYTEST:
    os.environ["RECTIFY_AUDIT_CHILD"] = "1"

if LOG and ROOT and os.environ.get("RECTIFY_AUDIT_CHILD"):
    import tempfile

    _allowed = tuple(
        os.path.join(os.path.realpath(p), "")
        for p in {
            ROOT,
            sys.prefix,
            sys.base_prefix,
            sys.exec_prefix,
            tempfile.gettempdir(),  # .ci/run gives the tests a TMPDIR of their own
            "/dev",
            "/proc",
            "/sys",
            "/etc",
            "/usr",
            "/lib",
            "/lib64",
            "/run",
        }
    )
    # read by the standard library's own tools, not by a test: doctest's pdb reads ~/.pdbrc
    _allowed_files = {os.path.realpath(os.path.expanduser("~/.pdbrc"))}
    _busy = False

    def _audit(event: str, args: tuple) -> None:  # type: ignore[type-arg]
        global _busy
        if _busy or event not in ("open", "os.listdir", "os.scandir"):
            return
        path = args[0] if args else None
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, str) or not path:
            return  # a descriptor, or the current folder
        _busy = True
        try:
            real = os.path.realpath(os.path.abspath(path))
            if real not in _allowed_files and not os.path.join(real, "").startswith(_allowed):
                with open(LOG, "a", encoding="utf-8") as f:
                    f.write(f"{os.getpid()} {event} {path}\n")
        finally:
            _busy = False

    sys.addaudithook(_audit)
