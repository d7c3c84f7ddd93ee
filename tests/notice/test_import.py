"""`rectify import NOTICE.txt -o PLAN.yaml`: any office's published notice read into a new
schema-2 plan whose report gives the notice back byte for byte, through the command line: every
notice of the corpus (tests/notice/corpus/) imports, validates, takes a `done` and renders back;
what the importer says it found; and each bad input's message and exit code, nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import NOTICE_GOLDEN, SEED, TESTS

from rectify_cli.notice.importer import read_notice

CORPUS = TESTS / "notice" / "corpus"
NOTICES = sorted(CORPUS.glob("*.txt"))
INVALID_1 = "通报文件有 1 处错误,未生成计划。\n"
NOT_TEXT = "这不是文本文件(含有二进制内容),应为通报全文的 .txt 文件。"

# A small notice of the seed's layout: 3 items, 6 measures.
NOTICE = """\
一、巡察整改工作组织推进情况
测试局党组高度重视,针对巡察反馈的3条意见,全面进行整改。
二、反馈问题整改落实情况
(一)学习贯彻不够深入
1.理论学习不够系统
(1)在理论学习缺乏针对性方面。一是制定年度理论学习计划;二是每季度召开一次专题学习会。
(2)在制度执行不严方面。一是修订完善内部管理制度。二是开展制度执行情况检查。
(二)长期整改问题
1.在公交线路整合方面。一是整合现有公交资源。二是完善公交线网布局。
三、下一步整改工作计划
一是继续加强理论学习。
二是持续推进整改落实。
欢迎广大干部群众监督。联系电话:12345678。
责编:测试局"""


def run_import(
    run: Any, tmp_path: Path, data: bytes, *args: Any
) -> tuple[Path, Path, int, str, str]:
    """Write `data` as notice.txt and import it to plan.yaml; (notice, plan, code, out, err)."""
    notice = tmp_path / "notice.txt"
    notice.write_bytes(data)
    plan = tmp_path / "plan.yaml"
    return notice, plan, *run("import", notice, "-o", plan, *args)


def report_bytes(run: Any, plan: Path, tmp_path: Path, *args: Any) -> bytes:
    out = tmp_path / "report.txt"
    code, _, err = run("report", "-p", plan, "-o", out, *args)
    assert (code, err) == (0, f"已写入 {out}。\n")
    return out.read_bytes()


def expected(path: Path) -> dict[str, Any]:
    return json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.stem)
def test_every_notice_of_the_corpus_imports_validates_and_renders_back(
    run: Any, tmp_path: Path, path: Path
) -> None:
    data = path.read_bytes()
    found = expected(path)
    _notice, plan, code, out, err = run_import(run, tmp_path, data)
    assert code == 0, err
    assert out.endswith(
        f"已生成计划 {plan}:{found['items']} 条反馈意见、{found['measures']} 项措施。\n"
    )
    code, out, _ = run("validate", "-p", plan)
    assert code == 0
    assert f"、{found['items']} 条反馈意见、{found['measures']} 项整改措施。" in out
    assert report_bytes(run, plan, tmp_path) == data


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.stem)
def test_a_done_changes_only_the_notice_s_bound_spans(run: Any, tmp_path: Path, path: Path) -> None:
    """`done` on the first item still open: the plan's file changes only in that item's
    measures' ledger lines, the report only in lines that print a status (a status line, a
    mark, a status group's members and their numbers)."""
    data = path.read_bytes()
    _, plan, code, _, err = run_import(run, tmp_path, data)
    assert code == 0, err
    before = plan.read_text(encoding="utf-8")
    item = next((i for i in read_notice(data.decode("utf-8")).plan.items()
                 if i.status.value != "done" and i.measures), None)  # fmt: skip
    if item is None:
        pytest.skip("no open item with measures")
    code, _out, err = run("done", item.id, "-p", plan, "--on", "2026-12-01", "--by", "办公室")
    assert (code, err) == (0, ""), err
    after = plan.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added and all(
        line.strip() in ("status: 已完成", "done_on: 2026-12-01", "done_by: 办公室")
        for line in added
    ), added
    old = data.decode("utf-8").splitlines()
    new = report_bytes(run, plan, tmp_path).decode("utf-8").splitlines()
    groups = any(p["role"] == "status_group" for p in expected(path)["parts"])
    changed = [line for line in new if line not in old]
    for line in changed:
        assert groups or "（" in line or "(" in line or "：" in line or ":" in line, line
    if not groups:  # without status groups, only lines that print a status word change
        assert len(new) == len(old)
        for a, b in zip(old, new, strict=True):
            if a != b:
                assert any(w in b for w in ("已完成", "已整改完成", "完成")), (a, b)


def test_the_seed_imports_as_counted_by_hand_and_renders_back_without_a_final_newline(
    run: Any, tmp_path: Path, golden: Callable[[Path, bytes], None]
) -> None:
    seed = SEED.read_bytes()
    assert not seed.endswith(b"\n")
    _notice, plan, code, out, err = run_import(run, tmp_path, seed)
    assert (code, err) == (0, "")
    assert out == (
        "通报共 51 行:3 个部分,3 级标题,28 条反馈意见,82 项措施,0 处统计句,0 段按原文保留。\n"
        f"已生成计划 {plan}:28 条反馈意见、82 项措施。\n"
    )
    assert run("validate", "-p", plan) == (
        0, f"{plan}:计划有效。4 个方面、28 条反馈意见、82 项整改措施。\n", ""
    )  # fmt: skip
    assert report_bytes(run, plan, tmp_path) == seed
    code, out, _ = run("report", "-p", plan)
    assert out.encode("utf-8") == seed
    golden(NOTICE_GOLDEN / "seed_plan.yaml", plan.read_bytes())


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("crlf", lambda t: t.replace("\n", "\r\n")),
        ("cr", lambda t: t.replace("\n", "\r")),
        ("blank lines", lambda t: t.replace("\n", "\n\n")),
        ("indented", lambda t: "\n".join("\u3000\u3000" + x for x in t.split("\n"))),
        ("bom", lambda t: "\ufeff" + t),
        ("final newline", lambda t: t + "\n"),
        ("full-width", lambda t: t.replace("(", "（").replace(")", "）").replace(":", "：")),
        ("1．", lambda t: t.replace("1.", "1．")),
    ],
)
def test_a_web_copied_layout_comes_back_as_it_was(
    run: Any, tmp_path: Path, name: str, change: Callable[[str], str]
) -> None:
    text = change(NOTICE)
    _, plan, code, out, err = run_import(run, tmp_path, text.encode("utf-8"))
    assert (code, err) == (0, "")
    assert out.endswith(f"已生成计划 {plan}:3 条反馈意见、6 项措施。\n")
    assert report_bytes(run, plan, tmp_path) == text.encode("utf-8")


def test_the_layout_is_the_plan_s_data(run: Any, tmp_path: Path) -> None:
    text = "\n".join("\u3000\u3000" + x for x in NOTICE.split("\n")).replace("\n", "\r\n")
    _, plan, code, _, _ = run_import(run, tmp_path, text.encode("utf-8"))
    assert code == 0
    assert (
        plan.read_text(encoding="utf-8")
        .split("\n\n", 1)[1]
        .startswith(
            "schema: 2\n"
            "layout:\n"
            "  newline: crlf\n"
            '  indent: "\u3000\u3000"\n'
            "  blank_lines: 0\n"
            "  final_newline: false\n"
            "  bom: false\n"
        )
    )


def test_explain_prints_each_line_s_classification(run: Any, tmp_path: Path) -> None:
    _, _, code, out, err = run_import(run, tmp_path, NOTICE.encode("utf-8"), "--explain")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "    1  part         一、巡察整改工作组织推进情况"
    assert lines[3] == "    4  paren_cn     (一)学习贯彻不够深入"
    assert lines[5].startswith("    6  paren_arabic (1)在理论学习缺乏针对性方面。一是")
    assert lines[12] == "   13  closing      欢迎广大干部群众监督。联系电话:12345678。"
    assert lines[13] == "   14  editor       责编:测试局"


def test_a_paragraph_the_importer_cannot_place_is_kept_where_it_stood_and_named(
    run: Any, tmp_path: Path
) -> None:
    text = NOTICE.replace("专题学习会。\n", "专题学习会。\n整改中还发现了一些新情况。\n")
    notice, plan, code, out, err = run_import(run, tmp_path, text.encode("utf-8"))
    assert code == 0
    assert err == f"{notice}:7: 未能归入措施或状态,已按原文保留在原处:整改中还发现了一些新情况。\n"
    assert "1 段按原文保留" in out
    assert report_bytes(run, plan, tmp_path) == text.encode("utf-8")


def test_a_notice_without_findings_is_a_plan_without_measures(run: Any, tmp_path: Path) -> None:
    text = "一、巡察整改工作\n根据区委巡察工作统一部署,现将整改情况予以公布。\n"
    _, plan, code, out, err = run_import(run, tmp_path, text.encode("utf-8"))
    assert (code, err) == (0, "")
    assert out.endswith(f"已生成计划 {plan}:0 条反馈意见、0 项措施。\n")
    assert run("validate", "-p", plan)[0] == 0
    assert report_bytes(run, plan, tmp_path) == text.encode("utf-8")


def test_a_notice_cut_off_mid_sentence_is_said_so_and_kept(run: Any, tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    text = "\n".join(lines[:29]) + "\n" + lines[29][:40]
    notice, plan, code, _out, err = run_import(run, tmp_path, text.encode("utf-8"))
    assert code == 0
    assert err == f"{notice}:30: 通报在此处中断(句子没有结束),已原样保留。\n"
    assert report_bytes(run, plan, tmp_path) == text.encode("utf-8")


def test_gbk_is_refused_saying_which_option_decodes_it(run: Any, tmp_path: Path) -> None:
    data = NOTICE.encode("gbk")
    notice, plan, code, out, err = run_import(run, tmp_path, data)
    assert (code, out) == (4, "")
    assert err == (
        f"{notice}:1:1: 错误: 通报不是 UTF-8 编码(看起来是 GBK/GB18030),"
        "请加 --encoding gb18030 重新导入。\n" + INVALID_1
    )
    assert not plan.exists()
    _, plan, code, _, err = run_import(run, tmp_path, data, "--encoding", "gb18030")
    assert (code, err) == (0, "")
    assert report_bytes(run, plan, tmp_path) == NOTICE.encode("utf-8")


def test_utf16_with_its_bom_is_decoded(run: Any, tmp_path: Path) -> None:
    _, plan, code, _, err = run_import(run, tmp_path, NOTICE.encode("utf-16"))
    assert (code, err) == (0, "")
    assert report_bytes(run, plan, tmp_path) == ("\ufeff" + NOTICE).encode("utf-8")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "通报文件是空的,没有可导入的内容。"),
        (b"\n \n\t\n", "通报文件是空的,没有可导入的内容。"),
        ("\u3000\n".encode(), "通报文件是空的,没有可导入的内容。"),
        (
            b"\x7fELF\x02\x01\x01\x00" * 8,
            "这不是文本文件(含有二进制内容),应为通报全文的 .txt 文件。",
        ),
        (
            b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 40,
            "这不是文本文件(含有二进制内容),应为通报全文的 .txt 文件。",
        ),
    ],
    ids=["empty", "blank lines", "full-width space", "binary", "zip"],
)
def test_what_is_no_notice_is_refused_and_nothing_is_written(
    run: Any, tmp_path: Path, data: bytes, message: str
) -> None:
    notice, _plan, code, out, err = run_import(run, tmp_path, data)
    assert (code, out, err) == (4, "", f"{notice}:1:1: 错误: {message}\n" + INVALID_1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notice.txt"]


def test_an_unknown_encoding_is_refused(run: Any, tmp_path: Path) -> None:
    notice, _plan, code, out, err = run_import(run, tmp_path, b"x", "--encoding", "klingon")
    assert (code, out) == (4, "")
    assert err == (
        f"{notice}:1:1: 错误: 无法按指定的 --encoding 解码通报。"
        "可选 utf-8、gb18030、gbk、utf-16。\n" + INVALID_1
    )


def test_a_folder_or_a_missing_file_is_unreadable(run: Any, tmp_path: Path) -> None:
    folder = tmp_path / "通报.txt"
    folder.mkdir()
    assert run("import", folder, "-o", tmp_path / "p.yaml") == (
        3, "", f"{folder} 是文件夹,不是通报文件。\n"
    )  # fmt: skip
    missing = tmp_path / "nowhere.txt"
    assert run("import", missing, "-o", tmp_path / "p.yaml") == (
        3, "", f"无法读取 {missing}:No such file or directory\n"
    )  # fmt: skip
    assert not (tmp_path / "p.yaml").exists()


def test_output_is_never_overwritten_without_force(run: Any, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(b"schema: 1\n# mine\n")
    _, _, code, out, err = run_import(run, tmp_path, NOTICE.encode("utf-8"))
    assert (code, out, err) == (6, "", f"{plan} 已存在,不会覆盖;确要替换请加 --force。\n")
    assert plan.read_bytes() == b"schema: 1\n# mine\n"
    plan.chmod(0o640)
    _, _, code, _, err = run_import(run, tmp_path, NOTICE.encode("utf-8"), "--force")
    assert (code, err) == (0, "")
    assert "\nschema: 2\n" in plan.read_text(encoding="utf-8")
    assert plan.stat().st_mode & 0o777 == 0o640  # replaced atomically, its mode kept


def test_without_output_is_a_usage_error(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notice.txt").write_text(NOTICE, encoding="utf-8")
    code, out, err = run("import", "notice.txt")
    assert (code, out) == (2, "")
    assert err == "从通报导入请用 -o 指定新计划文件,例如 -o data/items.yaml。\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notice.txt"]


def test_dry_run_says_what_it_found_and_writes_nothing(run: Any, tmp_path: Path) -> None:
    _, plan, code, out, err = run_import(run, tmp_path, NOTICE.encode("utf-8"), "--dry-run")
    assert code == 0
    assert (
        out == "通报共 14 行:3 个部分,3 级标题,3 条反馈意见,6 项措施,0 处统计句,0 段按原文保留。\n"
    )
    assert err == f"(--dry-run:未写入 {plan})\n"
    assert not plan.exists()


def test_a_live_statistics_paragraph_is_filled_from_the_ledger(run: Any, tmp_path: Path) -> None:
    """The importer writes each statistics paragraph's template in its own wording; made
    live, the report fills it from the ledger: as published while the ledger agrees, the new
    counts after a done."""
    data = (CORPUS / "02_binjiang_hospital_labels.txt").read_bytes()
    _, plan, code, _, _ = run_import(run, tmp_path, data)
    assert code == 0
    text = plan.read_text(encoding="utf-8")
    template = (
        "    template: 截至{as_of}，巡察反馈的{categories}个方面{items}个问题中，"
        "已整改完成{done}个，正在整改{doing}个，整改完成率{rate}%。\n"
    )
    assert template in text
    plan.write_text(text.replace(template, template + "    live: true\n"), encoding="utf-8")
    assert report_bytes(run, plan, tmp_path, "--as-of", "2023-06-30") == data
    open_item = next(i for i in read_notice(data.decode("utf-8")).plan.items()
                     if i.status.value != "done")  # fmt: skip
    assert run("done", open_item.id, "-p", plan, "--on", "2023-06-30", "--by", "办公室")[0] == 0
    after = report_bytes(run, plan, tmp_path, "--as-of", "2023-06-30").decode("utf-8")
    changed = set(after.splitlines()) - set(data.decode("utf-8").splitlines())
    assert changed == {
        "　　截至2023年6月30日，巡察反馈的4个方面12个问题中，已整改完成11个，正在整改1个，"
        "整改完成率91.67%。",
        "　　整改进度：已整改完成。",  # the item's own status line, printed from its status
    } - set(data.decode("utf-8").splitlines())


def test_many_kept_lines_are_named_twenty_and_counted(run: Any, tmp_path: Path) -> None:
    """A notice with many lines the importer cannot place names the first twenty and counts
    the rest, rather than flooding the terminal."""
    stray = "".join(f"整改中还发现了第{n}个新情况。\n" for n in range(1, 31))
    text = NOTICE.replace("专题学习会。\n", "专题学习会。\n" + stray)
    notice, plan, code, out, err = run_import(run, tmp_path, text.encode("utf-8"))
    assert code == 0
    lines = err.splitlines()
    assert len(lines) == 21
    assert (
        lines[0] == f"{notice}:7: 未能归入措施或状态,已按原文保留在原处:整改中还发现了第1个新情况。"
    )
    assert lines[19].startswith(f"{notice}:26: ")
    assert lines[20] == "……另有 10 行按原文保留在原处(--explain 逐行列出)。"
    assert "30 段按原文保留" in out
    assert report_bytes(run, plan, tmp_path) == text.encode("utf-8")


def test_status_numbers_the_top_findings_as_the_notice_does(run: Any, tmp_path: Path) -> None:
    """The status table's numbers are the notice's own style: （一） for the hospital's
    categories, 1. for the court's items grouped by status (their IDs, in file order)."""
    for name, first in (
        ("02_binjiang_hospital_labels", " （一）  "),
        ("03_qingshan_court_status_groups", " 1.    "),
    ):
        _, plan, code, _, _ = run_import(run, tmp_path, (CORPUS / f"{name}.txt").read_bytes())
        assert code == 0
        code, out, _ = run("status", "-p", plan)
        rows = [line for line in out.splitlines() if "100.0%" in line or "0.0%" in line]
        assert code == 0 and rows[0].startswith(first), rows[0]
        plan.unlink()


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            "  - statistics: 截至目前。\n    template: '{oops}'\n    live: true\n",
            "“oops”无法由台账填写",
        ),
        (
            "  - statistics: 截至目前。\n    template: '{items'\n    live: true\n",
            "“{”无法由台账填写",
        ),
        ("  - text: 甲。\n    blank_before: [3]\n", "blank_before 中的“3”不是空行"),
    ],
    ids=["unknown name", "open brace", "blank line that is not blank"],
)
def test_a_plan_the_report_could_not_print_is_refused_by_its_reading(
    run: Any, tmp_path: Path, block: str, message: str
) -> None:
    """A statistics template with a name the ledger does not fill, or a blank line holding
    text, is an error where it stands (exit 4), never a traceback of `report`."""
    plan = tmp_path / "p.yaml"
    plan.write_text("schema: 2\nnotice:\n" + block, encoding="utf-8")
    for command in ("validate", "report"):
        code, out, err = run(command, "-p", plan)
        assert (code, out) == (4, "")
        assert message in err and "Traceback" not in err
