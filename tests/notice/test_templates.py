"""Custom templates (`--template`): used, able to reuse the built-ins, and sandboxed: every
mistake or escape attempt ends in exit 9 with one line on stderr, never a traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import NOTICE_OPENING

Cli = Callable[..., Any]
WritePlan = Callable[..., Path]

PLAN = f"""{NOTICE_OPENING}\
findings:
  categories:
    - title: 理论学习不够深入
      items:
        - title: 在学习计划不完善方面
          measures:
            - text: 制定年度学习计划
              status: done
              done_on: 2024-03-01
            - text: 每月开展一次集中学习<b>&amp;
closing: 欢迎监督。
editor: 办公室
"""

TEXT = """\
一、巡察整改工作组织推进情况
局党组召开专题会议研究整改工作。
二、反馈问题整改落实情况
(一)理论学习不够深入
1.在学习计划不完善方面。一是制定年度学习计划。二是每月开展一次集中学习<b>&amp。
欢迎监督。
责编:办公室
"""


def make_template(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def render_with(cli: Cli, plan: Path, template: Path, *options: str) -> Any:
    return cli("report", "--plan", str(plan), "--template", str(template), *options)


def refused(result: Any) -> str:
    """Exit 9, nothing on stdout, one line on stderr; that line is returned."""
    assert result.code == 9, (result.out, result.err)
    assert result.out == ""
    assert result.err.endswith("\n")
    assert result.err.count("\n") == 1, result.err
    return str(result.err[:-1])


def test_report_builtin_text_for_reference(cli: Cli, write_plan: WritePlan) -> None:
    result = cli("report", "--plan", str(write_plan(PLAN)))
    assert result.out == TEXT


def test_report_custom_template_is_used(cli: Cli, write_plan: WritePlan, tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "tpl",
        "my.txt.j2",
        "自定义:{{ plan.title }}|{{ blocks | length }}|{{ format }}|{{ as_of }}|"
        "{{ counts.total_items }}|{{ stats }}|{{ marker(5, 11) }}|{{ 23 | cn }}",
    )
    result = render_with(cli, write_plan(PLAN), template, "--as-of", "2024-06-30")
    assert result.code == 0, result.err
    assert result.out == (
        "自定义:测试局关于巡察反馈意见整改情况的通报|7|text|2024-06-30|1|"
        "截至2024年6月30日,巡察反馈的1条意见已完成整改0条、正在整改1条,整改完成率0%。"
        "|十一是|二十三\n"
    )


def test_report_custom_template_loops_over_blocks(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    template = make_template(
        tmp_path,
        "kinds.txt.j2",
        "{% for b in blocks %}{{ b.kind }}|{{ b.number }}|{{ b.text }}\n{% endfor %}",
    )
    result = render_with(cli, write_plan(PLAN), template)
    assert result.code == 0, result.err
    assert result.out.rstrip("\n").split("\n") == [
        "part|一、|巡察整改工作组织推进情况",
        "paragraph||局党组召开专题会议研究整改工作。",
        "part|二、|反馈问题整改落实情况",
        "category|(一)|理论学习不够深入",
        "item|1.|在学习计划不完善方面。一是制定年度学习计划。二是每月开展一次集中学习<b>&amp。",
        "closing||欢迎监督。",
        "editor|责编:|办公室",
    ]


def test_report_custom_template_includes_a_builtin(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    """The built-in templates define no {% block %}, so a custom page reuses one by
    {% include %}: here the built-in page, followed by a line of the clerk's own."""
    plan = write_plan(PLAN)
    builtin = cli("report", "-f", "html", "--plan", str(plan))
    template = make_template(
        tmp_path,
        "page.html.j2",
        '{% include "notice.html.j2" %}\n<p class="note">{{ "本页由 rectify 生成<内部>" }}</p>',
    )
    result = render_with(cli, plan, template, "-f", "html")
    assert result.code == 0, result.err
    assert result.out == builtin.out + '<p class="note">本页由 rectify 生成&lt;内部&gt;</p>\n'
    assert "每月开展一次集中学习&lt;b&gt;&amp;amp。" in result.out


def test_report_custom_template_extends_a_builtin(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    """{% extends %} a built-in and replace one of its blocks (title, head, body)."""
    plan = write_plan(PLAN)
    builtin = cli("report", "-f", "html", "--plan", str(plan))
    template = make_template(
        tmp_path,
        "child.html.j2",
        '{% extends "notice.html.j2" %}{% block body %}<p>替换</p>{% endblock %}',
    )
    result = render_with(cli, plan, template, "-f", "html")
    assert result.code == 0, result.err
    head, _, _ = builtin.out.partition("<body>")
    assert result.out == head + "<body><p>替换</p>\n</body>\n</html>\n"


def test_report_custom_template_shadows_a_builtin_name(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    """A template in the clerk's folder named like a built-in one replaces it for includes."""
    make_template(tmp_path, "notice.txt.j2", "本地版本")
    template = make_template(tmp_path, "wrap.txt.j2", '[{% include "notice.txt.j2" %}]')
    result = render_with(cli, write_plan(PLAN), template)
    assert result.code == 0, result.err
    assert result.out == "[本地版本]\n"


def test_report_custom_template_including_itself_is_refused(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    template = make_template(tmp_path, "notice.txt.j2", '{% include "notice.txt.j2" %}')
    line = refused(render_with(cli, write_plan(PLAN), template))
    assert line.startswith(f"模板 {template}:1 有错误:RecursionError")


@pytest.mark.parametrize("name", ["page.j2", "page.txt", "page"])
def test_report_custom_template_escapes_for_html_whatever_its_name(
    cli: Cli, write_plan: WritePlan, tmp_path: Path, name: str
) -> None:
    template = make_template(tmp_path, name, "{% for b in blocks %}<p>{{ b.line }}</p>{% endfor %}")
    result = render_with(cli, write_plan(PLAN), template, "-f", "html")
    assert result.code == 0, result.err
    assert "集中学习&lt;b&gt;&amp;amp。</p>" in result.out
    assert "<b>" not in result.out
    # ... and a text template never escapes
    result = render_with(cli, write_plan(PLAN), template, "-f", "text")
    assert "集中学习<b>&amp。</p>" in result.out


def test_report_custom_template_syntax_error_names_file_and_line(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    template = make_template(
        tmp_path, "bad.txt.j2", "第一行\n{{ plan.title }}\n{% for b in blocks %}\n"
    )
    line = refused(render_with(cli, write_plan(PLAN), template))
    assert line.startswith(f"模板 {template}:3 有错误:")


def test_report_custom_template_syntax_error_in_included_file(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    broken = make_template(tmp_path, "part.txt.j2", "ok\nok\n{{ plan.title ]}\n")
    template = make_template(tmp_path, "main.txt.j2", '{% include "part.txt.j2" %}')
    line = refused(render_with(cli, write_plan(PLAN), template))
    assert line.startswith(f"模板 {broken}:3 有错误:")


def test_report_custom_template_syntax_error_english(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    template = make_template(tmp_path, "bad.txt.j2", "{% if %}")
    result = render_with(cli, write_plan(PLAN), template, "--lang", "en")
    assert refused(result).startswith(f"template {template}:1: ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ nope }}", "模板 {where} 有错误:'nope' is undefined"),
        (
            "{{ plan.nope }}",
            "模板 {where} 有错误:'rectify_cli.model.Plan object' has no attribute 'nope'",
        ),
        ("{% for b in blockz %}{% endfor %}", "模板 {where} 有错误:'blockz' is undefined"),
    ],
)
def test_report_custom_template_undefined_name(
    cli: Cli, write_plan: WritePlan, tmp_path: Path, text: str, message: str
) -> None:
    template = make_template(tmp_path, "t.txt.j2", text)
    expected = message.format(where=f"{template}:1")
    assert refused(render_with(cli, write_plan(PLAN), template)) == expected


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("{{ 1 / 0 }}", "模板 {where} 有错误:ZeroDivisionError"),
        ("{{ marker(9, 1) }}", "模板 {where} 有错误:ValueError: no marker for level 9"),
        ("{{ plan.find('x') }}", "模板 {where} 有错误:TypeError"),
        ("{{ range(10 ** 9) | list }}", "模板 {where} 有错误:OverflowError"),
    ],
)
def test_report_custom_template_runtime_error_is_exit_9(
    cli: Cli, write_plan: WritePlan, tmp_path: Path, text: str, start: str
) -> None:
    template = make_template(tmp_path, "t.txt.j2", text)
    expected = start.format(where=f"{template}:1")
    assert refused(render_with(cli, write_plan(PLAN), template)).startswith(expected)


def test_report_custom_template_not_utf8_is_exit_9(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    template = make_template(tmp_path, "gbk.txt.j2", "{{ plan.title }}通报".encode("gbk"))
    line = refused(render_with(cli, write_plan(PLAN), template))
    assert line.startswith("模板 gbk.txt.j2 有错误:UnicodeDecodeError")


def test_report_custom_template_missing(cli: Cli, write_plan: WritePlan, tmp_path: Path) -> None:
    line = refused(render_with(cli, write_plan(PLAN), tmp_path / "nothere.txt.j2"))
    assert line == "找不到模板 nothere.txt.j2。"


def test_report_custom_template_missing_include(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    template = make_template(tmp_path, "t.txt.j2", '{% include "gone.txt.j2" %}')
    assert refused(render_with(cli, write_plan(PLAN), template)) == "找不到模板 gone.txt.j2。"


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ plan.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ lipsum.__globals__['os'].popen('touch PWNED').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ blocks[0].__class__.__mro__ }}",
    "{{ plan | attr('__class__') }}",
    "{{ '{0.__class__}'.format(plan) }}",
    "{{ plan.title.__class__.__base__.__subclasses__() }}",
    "{{ marker.__globals__ }}",
    "{{ marker.__code__ }}",
    "{{ config }}",
    "{{ request.application.__globals__ }}",
    "{% set x = plan.__dict__ %}{{ x }}",
]


@pytest.mark.parametrize("text", ESCAPES)
def test_report_sandbox_refuses_escapes(
    cli: Cli,
    write_plan: WritePlan,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    template = make_template(tmp_path / "tpl", "evil.txt.j2", text)
    line = refused(render_with(cli, write_plan(PLAN), template))
    assert re.match(rf"模板 ({re.escape(str(template))}:1|evil\.txt\.j2) 有错误:", line), line
    assert not (tmp_path / "PWNED").exists()
    assert "<class" not in line
    assert "<module" not in line


@pytest.mark.parametrize(
    "target",
    [
        "/etc/passwd",
        "../../../../etc/passwd",
        "../../../../../../../../etc/passwd",
        "../secret.txt",
        "tpl/../../secret.txt",
    ],
)
@pytest.mark.parametrize("tag", ["include", "import", "extends", "from"])
def test_report_sandbox_refuses_reading_files_outside(
    cli: Cli, write_plan: WritePlan, tmp_path: Path, target: str, tag: str
) -> None:
    (tmp_path / "secret.txt").write_text("root:x:0:0:SECRET", encoding="utf-8")
    statement = {
        "include": f'{{% include "{target}" %}}',
        "import": f'{{% import "{target}" as x %}}',
        "extends": f'{{% extends "{target}" %}}',
        "from": f'{{% from "{target}" import y %}}',
    }[tag]
    template = make_template(tmp_path / "tpl", "evil.txt.j2", statement)
    line = refused(render_with(cli, write_plan(PLAN), template))
    assert line == f"找不到模板 {target}。"
    assert "root:" not in line
    assert "SECRET" not in line


@pytest.mark.parametrize("tag", ["include", "import", "extends", "from"])
@pytest.mark.parametrize("link", ["secret.txt", "sub/secret.txt", "linked/secret.txt"])
def test_report_refuses_a_symlink_out_of_the_template_folder(
    cli: Cli, write_plan: WritePlan, tmp_path: Path, link: str, tag: str
) -> None:
    """A link in the template folder (or a linked folder in it) to a file outside is not a
    file of the folder: not found, like `../secret.txt`."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("root:x:0:0:SECRET", encoding="utf-8")
    statement = {
        "include": f'{{% include "{link}" %}}',
        "import": f'{{% import "{link}" as x %}}',
        "extends": f'{{% extends "{link}" %}}',
        "from": f'{{% from "{link}" import y %}}',
    }[tag]
    template = make_template(tmp_path / "tpl", "evil.txt.j2", statement)
    (tmp_path / "tpl" / "sub").mkdir()
    (tmp_path / "tpl" / "secret.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (tmp_path / "tpl" / "sub" / "secret.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (tmp_path / "tpl" / "linked").symlink_to(tmp_path / "outside")
    line = refused(render_with(cli, write_plan(PLAN), template))
    assert line == f"找不到模板 {link}。"


def test_report_follows_links_that_stay_in_the_template_folder(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    """A link inside the folder to a file of the folder is fine; so is the template named on
    the command line being a link (the clerk chose it)."""
    make_template(tmp_path / "tpl", "part.txt.j2", "{{ plan.title }}")
    (tmp_path / "tpl" / "alias.txt.j2").symlink_to(tmp_path / "tpl" / "part.txt.j2")
    real = make_template(tmp_path / "shared", "main.txt.j2", '{% include "alias.txt.j2" %}')
    template = tmp_path / "tpl" / "main.txt.j2"
    template.symlink_to(real)
    result = render_with(cli, write_plan(PLAN), template)
    assert (result.code, result.out, result.err) == (
        0,
        "测试局关于巡察反馈意见整改情况的通报\n",
        "",
    )


def test_report_custom_template_sees_statuses_as_of(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    """The plan a template sees is the plan as of --as-of."""
    template = make_template(
        tmp_path,
        "s.txt.j2",
        "{% for item in plan.items() %}{% for m in item.measures %}{{ m.status.value }} "
        "{% endfor %}{% endfor %}",
    )
    plan = write_plan(PLAN)
    assert render_with(cli, plan, template, "--as-of", "2024-02-01").out == "doing todo \n"
    assert render_with(cli, plan, template, "--as-of", "2024-03-01").out == "done todo \n"
