"""The only module that touches the plan file: find it, read and decode it, parse it with
positions, and hand back the model or every problem found."""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml

from ..errors import Issue, Locked, PlanInvalid, PlanUnreadable, Refused, WriteFailed
from ..model.plan import Plan
from . import cache, composer
from .composer import MAP, NULL, NULLS, SEQ, STR, ItemRead

if TYPE_CHECKING:  # the writing side is imported only by the commands that write
    from ..model.changes import Change
    from . import journal, recheck, splice

DEFAULT_PLAN = Path("data") / "items.yaml"
_LINE_BREAK = "\r\n|[\n\r\x85\u2028\u2029]"  # YAML's line breaks
BOM = "\ufeff"
_BOM_BYTES = BOM.encode("utf-8")


class Source(NamedTuple):
    """The plan file as read: its decoded text and the file conventions to keep on writing."""

    path: Path
    text: str  # without the BOM
    raw: bytes
    bom: int  # how many BOMs the file starts with (a second one, rare, is kept too)

    @property
    def crlf(self) -> bool:
        return "\r\n" in self.text


def bundled_plan() -> Path:
    """The example plan shipped in the wheel (or, from a source checkout, data/items.yaml)."""
    from importlib import resources

    packaged = resources.files("rectify_cli").joinpath("bundled", "items.yaml")
    if packaged.is_file():
        return Path(str(packaged))
    return (
        Path(__file__).resolve().parents[2] / DEFAULT_PLAN
    )  # rectify_cli/planfile/ → the checkout


def locate(option: str | None) -> tuple[Path, bool]:
    """--plan FILE, else $RECTIFY_PLAN, else ./data/items.yaml; (path, is_bundled_fallback)."""
    chosen = option or os.environ.get("RECTIFY_PLAN")
    if chosen:
        return Path(chosen), False
    if DEFAULT_PLAN.exists():
        return DEFAULT_PLAN, False
    return bundled_plan(), True


def read(path: Path) -> Source:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlanUnreadable("file_missing", path=str(path)) from None
    except IsADirectoryError:
        raise PlanUnreadable("file_is_dir", path=str(path)) from None
    except OSError as e:
        raise PlanUnreadable(
            "file_unreadable", path=str(path), reason=e.strerror or str(e)
        ) from None
    text = decode(raw, str(path))
    boms = 0
    while raw.startswith(_BOM_BYTES, 3 * boms):
        boms += 1
    return Source(path, text, raw, boms)


def decode(raw: bytes, path: str) -> str:
    """UTF-8 (a BOM is accepted and dropped); anything else is refused with a useful guess.
    Every BOM at the start is dropped: libyaml would skip a second one without counting it,
    and each position in the text after it would be one off (an edit there then fails)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanInvalid([Issue(path, 1, 1, "utf16", {})])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        start = raw.rfind(b"\n", 0, e.start) + 1
        if start == 0 and raw.startswith(b"\xef\xbb\xbf"):
            start = 3
        # the bytes before the first bad one are valid UTF-8: count them as characters
        col = len(raw[start : e.start].decode("utf-8")) + 1
        try:
            raw.decode("gbk")
            key = "gbk"
        except UnicodeDecodeError:
            key = "not_utf8"
        raise PlanInvalid([Issue(path, line, col, key, {})]) from None
    return text.lstrip(BOM)


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer, for the few lines of one entry, with the tags composer.py gives:
    the schema reads every scalar as the text the clerk wrote, so only `null` is told apart."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return NULL if implicit[0] and value in NULLS else STR
        return MAP if kind is yaml.MappingNode else SEQ


def compose(text: str, path: str, on_item: ItemRead | None = None) -> yaml.Node | None:
    """Parse to a node tree with positions (handing each item to `on_item` as it is read,
    see composer.py); refuse anchors and aliases (no alias bombs)."""
    if "&" in text or "*" in text:
        issues = [
            Issue(path, line, col, key, {"name": name})
            for line, col, key, name in _anchors(text, Loader)
        ]
        if issues:
            raise PlanInvalid(issues)
    try:
        return composer.compose(text, on_item)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        # Point where the clerk must look: at the key that lacks its colon, or the quote or
        # bracket never closed, rather than at the line after it or the end of the file.
        if e.context_mark is not None and (
            e.context == "while scanning a simple key" or "end of stream" in (e.problem or "")
        ):
            mark = e.context_mark
        line, col = _position(mark)
        lines = re.split(_LINE_BREAK, text)
        if line > len(lines):  # the end of a file without a final line break
            line, col = len(lines), len(lines[-1]) + 1
        problem = " ".join(p for p in (e.context, e.problem) if p)
        line_text = lines[line - 1]
        raise PlanInvalid(
            [
                Issue(
                    path,
                    line,
                    col,
                    "yaml_syntax",
                    {"problem": problem, "cause": _syntax_hint(problem, line_text, col)},
                )
            ]
        ) from None
    except yaml.reader.ReaderError as e:
        # A character YAML refuses (NUL, Ctrl-Z): name it and where it is, on one line
        bad = re.search(_UNPRINTABLE, text)
        line, col = _line_col(text, bad.start()) if bad else (1, 1)
        problem = f"unacceptable character #x{e.character:04x}: {e.reason}"
        raise PlanInvalid(
            [Issue(path, line, col, "yaml_syntax", {"problem": problem, "cause": ""})]
        ) from None
    except yaml.YAMLError as e:
        raise PlanInvalid(
            [Issue(path, 1, 1, "yaml_syntax", {"problem": str(e), "cause": ""})]
        ) from None


def _anchors(text: str, loader: type) -> list[tuple[int, int, str, str]]:
    found: list[tuple[int, int, str, str]] = []
    try:
        for ev in yaml.parse(text, Loader=loader):
            if isinstance(ev, yaml.AliasEvent):
                found.append((*_position(ev.start_mark), "alias", ev.anchor or ""))
            elif isinstance(ev, yaml.NodeEvent) and ev.anchor:
                found.append((*_position(ev.start_mark), "anchor", ev.anchor))
    except yaml.YAMLError:
        pass  # compose() reports the syntax error with its position
    return found


def _position(mark: Any) -> tuple[int, int]:
    """1-based line and column of a mark (libyaml's and PyYAML's alike)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


# What YAML's reader refuses: the complement of its printable set (written out, as it compiles
# fast): control characters other than tab and line breaks, surrogates, U+FFFE and U+FFFF
_UNPRINTABLE = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
_LEADING_KEY = r"[ ]*(?:-[ ]+)*[^\s:#'\"-][^\s:]{0,40}:"  # a key, not a paragraph


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at `index`, counting lines as YAML does."""
    before = re.split(_LINE_BREAK, text[:index])
    return len(before), len(before[-1]) + 1


def _syntax_hint(problem: str, line_text: str, col: int = 0) -> str:
    if "\t" in problem or "'\\t'" in problem or line_text.lstrip(" ").startswith("\t"):
        return "tab"
    if "：" in line_text:
        return "fullwidth_colon"
    if "mapping values are not allowed" in problem:
        # at the colon of the line's own key, the key is not where YAML expects one: the line
        # is indented unlike its neighbours, or the line above lacks its colon
        key = re.match(_LEADING_KEY, line_text)
        return "indent" if key and key.end() == col else "colon_in_text"
    if "did not find expected key" in problem or "expected '-' indicator" in problem:
        return "indent"
    return ""


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Building or serialising a plan makes a large tree of acyclic objects: a collection in the
    middle walks all of it for nothing (measured: half the load time of 10,000 measures)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse(source: Source, today: date | None = None) -> tuple[Plan, list[Issue]]:
    """The plan and its warnings; raise PlanInvalid with every error (and warning) found."""
    plan, issues, _layout = parse_with_layout(source, today)
    return plan, issues


def parse_with_layout(
    source: Source, today: date | None = None
) -> tuple[Plan, list[Issue], splice.Layout]:
    """As parse, with where each item lies in the text (what an edit splices at)."""
    with paused_gc():
        return _parse(source, today)


def _parse(source: Source, today: date | None) -> tuple[Plan, list[Issue], splice.Layout]:
    from .schema import Builder, scan_key_slips  # (a plan read from the cache needs neither)
    from .splice import Layout, item_span, layout, sequence_offset

    path, text = str(source.path), source.text
    if any(c in text for c in _INVISIBLE_BREAKS):  # (a find each: fast on any size)
        raise PlanInvalid(_invisible_breaks(text, path))
    slips = scan_key_slips(text, path)
    builder = Builder(path, today or date.today())
    spans: dict[tuple[int, ...], splice.Span] = {}

    def item_read(node: yaml.MappingNode, at: tuple[int, ...]) -> yaml.Node:
        """Build each item as soon as it is read and let its nodes go (see composer.py)."""
        item_span(text, at, node, spans)
        return builder.built_item(node, at)

    tagged = "!" in text  # a tag is written with "!": the whole tree is checked for bad ones
    try:
        root = compose(text, path, None if tagged else item_read)
    except PlanInvalid as e:
        # `status：done` is a syntax error on its own line: the slip says why, so it replaces it
        lines = {slip.line for slip in slips}
        rest = [i for i in e.issues if i.key != "yaml_syntax" or i.line not in lines]
        raise PlanInvalid(sorted([*slips, *rest], key=lambda i: (i.line, i.col))) from None
    if root is None:
        raise PlanInvalid([Issue(path, 1, 1, "empty_file", {})])
    builder.issues[:0] = slips
    tags_ok = not tagged or builder.check_tags(root)
    plan = builder.plan(root) if tags_ok else None
    issues = sorted(_inside(text, builder.issues), key=lambda i: (i.line, i.col))
    if plan is None or any(not i.warning for i in issues):
        raise PlanInvalid(issues)
    return plan, issues, layout(text, root) if tagged else Layout(spans, sequence_offset(root))


def _inside(text: str, issues: list[Issue]) -> list[Issue]:
    """Issues at a line the file has: an empty document's node in a file that ends without a
    line break is after its last line (found by fuzzing), told at that line's end instead."""
    if not issues or max(i.line for i in issues) <= text.count("\n") + 1:
        return issues
    lines = re.split(_LINE_BREAK, text)
    end = (len(lines), len(lines[-1]) + 1)
    return [i if i.line <= len(lines) else Issue(i.path, *end, i.key, i.args, i.warning)
            for i in issues]  # fmt: skip


# YAML's line breaks that an editor does not show as one (NEL, U+2028, U+2029): pasted into a
# title, YAML would cut the line there and every position after it would be a line off.
_INVISIBLE_BREAKS = "\x85\u2028\u2029"


def _invisible_breaks(text: str, path: str) -> list[Issue]:
    """Each one, at its line and column as an editor counts them (by line feeds)."""
    issues = []
    for m in re.finditer(f"[{_INVISIBLE_BREAKS}]", text):
        start = text.rfind("\n", 0, m.start()) + 1
        line, col = text.count("\n", 0, start) + 1, m.start() - start + 1
        issues.append(
            Issue(path, line, col, "invisible_break", {"char": f"U+{ord(m.group()):04X}"})
        )
    return issues


def load(
    path: Path, today: date | None = None, *, cached: bool = False
) -> tuple[Plan, list[Issue]]:
    """The plan at `path`; with `cached`, through the parse cache beside it (see cache.py)."""
    source = read(path)
    return parse_cached(source, today) if cached else parse(source, today)


def parse_cached(source: Source, today: date | None = None) -> tuple[Plan, list[Issue]]:
    day = today or date.today()
    hit = cache.get(source.path, source.raw, day)
    if hit is not None:
        return hit
    plan, issues, found = parse_with_layout(source, day)
    cache.put(source.path, source.raw, day, plan, issues, tuple(found))
    return plan, issues


def starter_text() -> str:
    """The commented plan that `rectify init` writes."""
    from importlib import resources

    return (
        resources.files("rectify_cli.planfile").joinpath("starter.yaml").read_text(encoding="utf-8")
    )


def example_text() -> str:
    return bundled_plan().read_text(encoding="utf-8")


def create(path: Path, text: str) -> None:
    """Write a new file; never replace an existing one, even one created meanwhile."""
    import tempfile

    if path.exists():
        raise Refused("init_exists", path=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".rectify-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, _default_mode())
            try:
                os.link(tmp, path)  # fails if the file appeared in the meantime
            except FileExistsError:
                raise Refused("init_exists", path=str(path)) from None
        finally:
            os.unlink(tmp)
    except OSError as e:
        raise PlanUnreadable(
            "file_unwritable", path=str(path), reason=e.strerror or str(e)
        ) from None


# -- writing: the one writer -------------------------------------------------------------

LOCK_TIMEOUT = float(os.environ.get("RECTIFY_LOCK_TIMEOUT", "10"))


def replace_atomically(
    path: Path, data: bytes | list[bytes], *, expected: bytes | None = None, durable: bool = True
) -> None:
    """Write a temporary file beside `path`, fsync it, give it the old file's permissions, and
    rename it over `path`: readers see the old bytes or the new ones, never a mixture. With
    `expected`, the file must still hold those bytes right before the rename: a program that
    saved it meanwhile (it does not take our lock) keeps its bytes, and this write is refused.
    `durable=False` skips the fsyncs, for files whose loss in a crash costs only time. `data`
    may come in parts, written one after the other (no copy of them joined)."""
    import tempfile

    target = Path(os.path.realpath(path))  # a symlink stays one: the file it names changes
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else None
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.writelines([data] if isinstance(data, bytes) else data)
                f.flush()
                if durable:
                    os.fsync(f.fileno())
            os.chmod(tmp, mode if mode is not None else _default_mode())
            if expected is not None and _current_bytes(target) != expected:
                raise Refused("changed_meanwhile", path=str(path))
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        if durable:
            _fsync_folder(target.parent)
    except OSError as e:
        raise WriteFailed("file_unwritable", path=str(path), reason=e.strerror or str(e)) from None


def _current_bytes(path: Path) -> bytes | None:
    """The file's bytes now; None when it is gone or cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def _default_mode() -> int:
    """The mode a new file gets from the umask (mkstemp's own 0600 would hide it from others)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the plan's lock. The kernel drops it when its holder dies, so a killed process
    never blocks the next one; a live holder makes us wait `timeout` seconds, then fail."""
    from . import journal

    if not path.exists():  # say so, rather than fail to create .rectify/ in a missing folder
        raise PlanUnreadable("file_missing", path=str(path))
    try:
        where = journal.ensure_folder(path)
        fd = os.open(where / f"{path.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        reason = e.strerror or str(e)
        raise WriteFailed("file_unwritable", path=str(path.parent), reason=reason) from None
    deadline = time.monotonic() + (LOCK_TIMEOUT if timeout is None else timeout)
    try:
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise Locked("locked", path=str(path))
            time.sleep(0.05)
        _sweep(path)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _sweep(path: Path) -> None:
    """Remove what a writer killed between its temporary file and the rename left beside the
    plan: with the lock held, no live process is writing one (replace_atomically's names)."""
    target = Path(os.path.realpath(path))
    stale = re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}\.tmp")
    with contextlib.suppress(OSError), os.scandir(target.parent) as entries:
        for entry in entries:
            if stale.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def encode(source: Source, text: str) -> bytes:
    return _BOM_BYTES * source.bom + text.encode("utf-8")


def status_style(text: str) -> str:
    """Whether this file writes statuses in English words or Chinese labels."""
    english = len(_ENGLISH_STATUS.findall(text))
    return "en" if english > len(_CHINESE_STATUS.findall(text)) else "zh"


_ENGLISH_STATUS = re.compile(r"status:[ \t]*['\"]?(?:todo|doing|done|ongoing)\b")
_CHINESE_STATUS = re.compile(r"status:[ \t]*['\"]?(?:未开始|正在整改|已完成|长期坚持)")


def change(
    path: Path, command: str, by: str, plan_change: Callable[[Plan], Change]
) -> tuple[Change, Plan]:
    """Read the plan under the lock, work out the change, splice it into the text, check that
    the result reads as exactly the intended plan, journal it, and replace the file."""
    from . import journal, splice

    with locked(path):
        source = read(path)
        today = date.today()
        hit = cache.lookup(path, source.raw, today)
        if hit is not None and hit[2] is not None:
            plan, warnings, stored = hit
        else:  # read whole: what it finds is as good as the cache
            plan, warnings, found = parse_with_layout(source, today)
            stored = tuple(found)
        outcome = plan_change(plan)
        if not outcome.ops:
            return outcome, plan
        intended = outcome.apply(plan)
        attempt = None
        # Compose only the lines of the items that change. A shortcut only: whatever goes
        # wrong on it (a layout that does not fit the text, or a damaged one, lines that do not
        # read alone, or a text that is not the intended plan), the whole tree decides.
        with contextlib.suppress(Exception):
            layout = splice.Layout(*stored)
            splices, new_text = _spliced(source, outcome.ops, *_entries(source.text, layout))
            attempt = _checked(source, new_text, splices, outcome.ops, (plan, warnings, layout),
                               intended, today)  # fmt: skip
        if attempt is None:
            with paused_gc():
                root = compose(source.text, str(path))
            assert root is not None
            entry = functools.partial(splice.locate, root)
            try:
                splices, new_text = _spliced(
                    source, outcome.ops, entry, splice.sequence_offset(root)
                )
            except splice.Unsafe as e:
                raise Refused("unsafe_" + e.key, path=str(path), line=e.line) from None
            layout = splice.layout(source.text, root)
            root = None  # the old text's tree is done with: its memory goes back
            del entry
            attempt = _checked(source, new_text, splices, outcome.ops, (plan, warnings, layout),
                               intended, today)  # fmt: skip
        if attempt is None:
            raise Refused("verify_failed", path=str(path))
        splices, new_text, checked = attempt
        data = encode(source, new_text)
        undo = [[s.start, s.end, s.text] for s in splice.inverse(source.text, splices)]
        raw = source.raw
        del attempt, new_text, source  # the texts are done with: their memory goes back now
        if _current_bytes(path) != raw:
            raise Refused("changed_meanwhile", path=str(path))
        record = journal.Entry(
            at=datetime.now().isoformat(timespec="seconds"), by=by, command=command,
            ids=outcome.ids, changes=outcome.lines(), before=journal.digest(raw),
            after=journal.digest(data), undo=undo,
        )  # fmt: skip
        journal.append(path, record)
        try:
            replace_atomically(path, data, expected=raw)
        except (WriteFailed, Refused):
            journal.drop(path, record)  # the command never took effect: `log` must not list it
            raise
        cache.put(path, data, today, checked.plan, checked.issues, tuple(checked.layout))
        return outcome, checked.plan


def _checked(
    source: Source,
    new_text: str,
    splices: list[splice.Splice],
    ops: list[splice.Op],
    before: tuple[Plan, list[Issue], splice.Layout],
    intended: Plan,
    today: date,
) -> tuple[list[splice.Splice], str, recheck.Checked] | None:
    """The edit with what its text reads as, if that is the intended plan (else None): from
    the changed items' lines alone where their shape allows (recheck.py), else read whole."""
    from . import recheck

    args = (source.text, new_text, splices, [op.path for op in ops], before, intended)
    checked = recheck.check(*args, str(source.path), today)
    if checked is None:
        whole = _reread(source, new_text, today)
        if whole is None or whole[0] != intended:
            return None
        checked = recheck.Checked(*whole)
    return splices, new_text, checked


def _spliced(
    source: Source,
    ops: list[splice.Op],
    entry: Callable[[tuple[int, ...]], yaml.MappingNode],
    sequence_offset: int,
) -> tuple[list[splice.Splice], str]:
    """The splices that carry out `ops`, and the new text."""
    from . import splice

    style = status_style(source.text)
    splices = splice.splices_at(source.text, entry, sequence_offset, ops, style)
    return splices, splice.apply(source.text, splices)


def _reread(
    source: Source, new_text: str, today: date
) -> tuple[Plan, list[Issue], splice.Layout] | None:
    """What the new text reads as, whole (None if it does not parse): the check that matters
    is that this is the intended plan."""
    try:
        return parse_with_layout(Source(source.path, new_text, b"", source.bom), today)
    except PlanInvalid:
        return None


def _entries(
    text: str, layout: splice.Layout
) -> tuple[Callable[[tuple[int, ...]], yaml.MappingNode], int]:
    """The entries' nodes by path, each item composed from its own lines only (see
    splice.Layout), a measure from its item's; a path the layout does not know, or lines that do
    not compose to one item, raise LookupError like splice.locate. Whatever this yields, the
    edited text is checked."""
    from . import recheck, splice

    items: dict[tuple[int, ...], yaml.MappingNode] = {}

    def item(path: tuple[int, ...]) -> yaml.MappingNode:
        if path not in items:
            start, end, line = layout.spans[path]  # KeyError is a LookupError
            try:
                with paused_gc():
                    node = yaml.compose(text[start:end], Loader=Loader)
            except yaml.YAMLError:
                raise LookupError(path) from None
            if not isinstance(node, yaml.SequenceNode) or len(node.value) != 1:
                raise LookupError(path)  # the item's `- ` is on its first line
            recheck.shift_marks(node.value[0], start, line)
            items[path] = node.value[0]
        return items[path]

    def entry(path: tuple[int, ...]) -> yaml.MappingNode:
        if path in layout.spans:
            found = item(path)
        else:  # a measure: the one at its place in its item's list
            measures = splice.child(item(path[:-1]), "measures")
            if not isinstance(measures, yaml.SequenceNode) or len(measures.value) < path[-1]:
                raise LookupError(path)
            found = measures.value[path[-1] - 1]
        if not isinstance(found, yaml.MappingNode):
            raise LookupError(path)
        return found

    return entry, layout.sequence_offset


def undo(path: Path) -> journal.Entry:
    """Restore the plan exactly as it was before the last command of this tool."""
    from . import journal, splice

    with locked(path):
        source = read(path)
        current = journal.digest(source.raw)
        entries = journal.read(path)
        live = [i for i, e in enumerate(entries) if not e.undone]
        while live and entries[live[-1]].before == current and entries[live[-1]].after != current:
            i = live.pop()  # journaled, but the plan was never replaced
            entries[i] = entries[i]._replace(undone=True)
        if not live:
            raise Refused("nothing_to_undo", path=str(path))
        last = entries[live[-1]]
        if last.after != current:
            raise Refused("changed_since", path=str(path), at=last.at)
        data = encode(source, splice.apply(source.text, last.undo_splices()))
        if journal.digest(data) != last.before:
            raise Refused("verify_failed", path=str(path))
        replace_atomically(path, data, expected=source.raw)
        # a crash before the journal is rewritten leaves an entry that undo skips next time
        entries[live[-1]] = last = last._replace(undone=True)
        journal.rewrite(path, entries)
        return last
