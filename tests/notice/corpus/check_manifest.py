"""Check the notice corpus against its sidecars and MANIFEST.md (plain Python, no dependencies).

For every NN_slug.txt beside this file:
- NN_slug.expect.json exists, parses, has every key of the sidecar schema with the right types;
- its line_ends, bom and final_newline agree with the file's bytes;
- MANIFEST.md has a row for it whose line-end, BOM and final-newline columns agree with the bytes,
  and whose layout keywords (those that the bytes decide) are exactly the ones the bytes show.
Across the corpus, every feature keyword of the brief is claimed by at least two notices, exactly
two notices claim stats_disagree, and no row uses a keyword this script does not know.

Run: python3 tests/notice/corpus/check_manifest.py   (exit status 0 when everything holds)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Content features, claimed by hand in MANIFEST.md; each must be claimed by two notices or more.
CONTENT_FEATURES = {
    # head
    "opening": "opening formula (根据/按照…统一部署, the group and dates, 反馈了意见)",
    "opening_multi": "the opening spread over two or three paragraphs",
    "gongbu": "opening ends 予以公布",
    "tongbao": "opening ends 予以通报",
    "baogao": "opening ends 报告如下",
    "gongkai": "opening ends 向社会公开",
    "title": "a title line",
    "preface": "a preface paragraph or sentence beyond the formula",
    "stats_para": "a statistics paragraph in the head",
    "docno": "a 文号 line",
    "addressee": "a 主送 line",
    # parts
    "overview": "an overview part (组织领导情况 / 整改工作开展情况 …)",
    "two_overviews": "two overview parts before the findings",
    "sentence_heading": "a part heading that is a whole sentence",
    "findings_2": "findings under 二、",
    "findings_3": "findings under 三、",
    "category_parts": "the categories themselves are the 一、 parts",
    "problem_parts": "the problems themselves are the 一、 parts",
    "status_groups": "parts grouped by status (已整改完成的问题 / 需长期坚持整改的问题 …)",
    "no_part_level": "no 一、 level at all",
    "next_steps": "a next-steps part (下一步工作打算)",
    "other_part": "a part that is neither overview, findings nor next steps (成效 …)",
    # overview points
    "point_runin": "(一)short heading。body run in on one line",
    "point_own_line": "(一)heading on its own line, body paragraph below",
    "point_yishi": "一是…二是… paragraphs as points",
    "point_restart": "point numbering that restarts after a plain paragraph",
    "point_lead": "a lead paragraph before the first point",
    # findings levels
    "levels_2": "two visible findings levels",
    "levels_3": "three visible findings levels",
    "levels_4": "four visible findings levels",
    "levels_5": "five visible findings levels",
    "level_own_line": "a level heading on its own line",
    "level_runin": "a level heading run in with its body",
    "level_end_punct": "level headings ending with 。",
    "level_no_punct": "level headings without end punctuation",
    "label_level": "a 反馈问题: label level",
    "label_numbered": "a 反馈问题一: label level",
    "label_wenti": "a 问题1: label level",
    "quoted_finding": "关于“…。…”问题的整改。 headings, a 。 inside the quote",
    "unnumbered_sub": "un-numbered sub-problem lines",
    # item bodies
    "lbl_zhenggai_qingkuang": "整改情况: paragraphs",
    "lbl_luoshi_qingkuang": "整改落实情况: paragraphs",
    "lbl_cuoshi": "整改措施: paragraphs",
    "lbl_jieguo": "整改结果:… paragraphs",
    "lbl_chengxiao": "整改成效:(1)… with (2) (3) on their own lines",
    "m_runin_period": "measures 一是…。二是… run in, separated by 。",
    "m_runin_semicolon": "measures 一是…;二是… run in, separated by ；/;",
    "m_own_para": "measures as their own paragraphs",
    "m_circled": "measures as ①②③",
    "results_after": "results text after the measures",
    "status_mark": "a status mark after a measure or item ((已完成), （已完成）, (持续推进) …)",
    # status words
    "st_yizhenggai": "status word 已整改完成",
    "st_jieduan": "status word 阶段性完成",
    "st_jiben": "status word 基本完成",
    "st_zhengzai": "status word 正在整改",
    "st_changqi": "status word 长期坚持 (or one that contains it, 长期坚持整改)",
    "st_chixu": "status word 持续推进",
    # statistics: wordings
    "s_ge": "statistics counted in 个",
    "s_xiang": "statistics counted in 项",
    "s_tiao": "statistics counted in 条",
    "s_lei": "statistics counted in 类",
    "s_cn_num": "statistics in Chinese numerals",
    "s_arabic": "statistics in Arabic numerals",
    "s_rate": "a completion rate (76%, 98.71% …)",
    "s_jiezhi": "statistics introduced by 截至",
    "s_jiezhi_stop": "statistics introduced by 截止",
    # statistics: places
    "sp_preface": "a statistics sentence inside a head paragraph",
    "sp_standalone": "a paragraph that is only statistics",
    "sp_overview_lead": "statistics in an overview part's lead paragraph",
    "sp_point2": "statistics inside an overview point's body",
    "sp_part_end": "statistics in the last paragraph of a part",
    "sp_group_lead": "statistics in the lead of a status group",
    "sp_closing": "statistics in the closing paragraph",
    "stats_disagree": "statistics that deliberately disagree with the listed items",
    # tail
    "closing": "a closing (欢迎广大干部群众…监督)",
    "contact_one_line": "the contact details on one line",
    "contact_lines": "the contact details over several lines",
    "signature": "the issuer's signature line",
    "date": "a date line",
    "editor_half": "an editor line 责编:",
    "editor_full": "an editor line 责编：",
    # special notices
    "irregular": "irregular numbering as published (a skipped or repeated marker)",
    "no_findings": "no findings at all (overview text only)",
    "truncated": "cut off mid-sentence",
    "short_measures_only": "a short notice with measures but no deeper levels",
    "long": "150 lines or more",
}

# Layout features: decided by the bytes; the manifest must claim exactly what the bytes show.
LAYOUT_FEATURES = {
    "lf": "LF line ends",
    "crlf": "CRLF line ends",
    "mixed_eol": "CRLF and LF line ends in one file",
    "bom": "a UTF-8 byte-order mark",
    "final_newline": "ends with a line end",
    "no_final_newline": "ends without a line end",
    "blank_lines": "blank lines between paragraphs",
    "indent": "paragraphs indented with two U+3000",
    "paren_half": "half-width (一)/(1) markers",
    "paren_full": "full-width （一）/（1） markers",
    "dot_half": "1. markers",
    "dot_full": "1． markers",
    "colon_half": "half-width :",
    "colon_full": "full-width ：",
    "comma_half": "half-width ,",
    "comma_full": "full-width ，",
    "width_mix": "both widths of one pair in one notice",
}

# Features that may be claimed by a single notice (not asked for by the brief).
NOT_REQUIRED = {"levels_1"}
KNOWN = set(CONTENT_FEATURES) | set(LAYOUT_FEATURES) | NOT_REQUIRED

SCHEMA = {
    "title": bool,
    "docno": bool,
    "addressee": bool,
    "opening_paragraphs": int,
    "parts": list,
    "findings_levels": int,
    "items": int,
    "measures": int,
    "statistics": int,
    "status_words": list,
    "tail": list,
    "line_ends": str,
    "bom": bool,
    "final_newline": bool,
    "truncated": bool,
}
ROLES = {"overview", "findings", "status_group", "next_steps", "other"}
TAIL = ["closing", "contact", "signature", "date", "editor"]

CN = "一二三四五六七八九十"
PAREN_HALF = re.compile(rf"\([{CN}\d]{{1,3}}\)|\((已完成|持续推进|已整改完成|基本完成|正在整改)\)")
PAREN_FULL = re.compile(rf"（[{CN}\d]{{1,3}}）|（(已完成|持续推进|已整改完成|基本完成|正在整改)）")
DOT_HALF = re.compile(r"^(\u3000\u3000)?\d+\.(?!\d)", re.MULTILINE)
DOT_FULL = re.compile(r"^(\u3000\u3000)?\d+．", re.MULTILINE)


def line_ends(data: bytes) -> str:
    crlf = data.count(b"\r\n")
    lf = data.count(b"\n") - crlf
    if crlf and lf:
        return "mixed"
    return "CRLF" if crlf else "LF"


def layout_of(data: bytes) -> set[str]:
    """The layout keywords that the bytes show."""
    found = {"lf": "LF", "crlf": "CRLF", "mixed_eol": "mixed"}
    ends = line_ends(data)
    out = {key for key, value in found.items() if value == ends}
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        out.add("bom")
    out.add("final_newline" if data.endswith(b"\n") else "no_final_newline")
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    if "\n\n" in text:
        out.add("blank_lines")
    if re.search(r"^\u3000\u3000", text, re.MULTILINE):
        out.add("indent")
    pairs = {
        "paren": (bool(PAREN_HALF.search(text)), bool(PAREN_FULL.search(text))),
        "dot": (bool(DOT_HALF.search(text)), bool(DOT_FULL.search(text))),
        "colon": (":" in text, "：" in text),
        "comma": ("," in text, "，" in text),
    }
    for name, (half, full) in pairs.items():
        if half:
            out.add(f"{name}_half")
        if full:
            out.add(f"{name}_full")
        if half and full:
            out.add("width_mix")
    return out


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    """Rows of the first Markdown table whose header starts with | File |."""
    rows: dict[str, dict[str, str]] = {}
    header: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            if header is not None and rows:
                break
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            if cells and cells[0].lower() == "file":
                header = [c.lower() for c in cells]
            continue
        if set(cells[0]) <= set("-: "):
            continue
        name = cells[0].strip("`")
        rows[name] = dict(zip(header, cells, strict=False))
    return rows


def check_sidecar(txt: Path, data: bytes, errors: list[str]) -> dict | None:
    side = txt.with_name(txt.stem + ".expect.json")
    if not side.exists():
        errors.append(f"{txt.name}: no sidecar {side.name}")
        return None
    try:
        expect = json.loads(side.read_text(encoding="utf-8"))
    except ValueError as exc:
        errors.append(f"{side.name}: does not parse: {exc}")
        return None
    if not isinstance(expect, dict):
        errors.append(f"{side.name}: not a JSON object")
        return None
    if set(expect) != set(SCHEMA):
        odd = sorted(set(expect) ^ set(SCHEMA))
        errors.append(f"{side.name}: keys differ from the schema: {odd}")
    for key, kind in SCHEMA.items():
        value = expect.get(key)
        if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            errors.append(f"{side.name}: {key} is not a non-negative integer")
        elif kind is not int and not isinstance(value, kind):
            errors.append(f"{side.name}: {key} is not {kind.__name__}")
    for part in expect.get("parts") or []:
        heading = part.get("heading") if isinstance(part, dict) else None
        if not isinstance(part, dict) or part.get("role") not in ROLES:
            errors.append(f"{side.name}: bad part {part!r}")
        elif heading is not None and (not isinstance(heading, str) or not heading):
            errors.append(f"{side.name}: bad part heading {part!r}")
    tail = expect.get("tail") or []
    if any(t not in TAIL for t in tail) or len(set(tail)) != len(tail):
        errors.append(f"{side.name}: bad tail {tail!r}")
    facts = {
        "line_ends": line_ends(data),
        "bom": data.startswith(b"\xef\xbb\xbf"),
        "final_newline": data.endswith(b"\n"),
    }
    for key, value in facts.items():
        if expect.get(key) != value:
            errors.append(f"{side.name}: {key} is {expect.get(key)!r}, the bytes say {value!r}")
    return expect


STATUS_FEATURES = {
    "st_yizhenggai": "已整改完成",
    "st_jieduan": "阶段性完成",
    "st_jiben": "基本完成",
    "st_zhengzai": "正在整改",
    "st_changqi": "长期坚持",
    "st_chixu": "持续推进",
}


def consistency(name: str, words: set[str], expect: dict, data: bytes) -> list[str]:
    """Claims in the manifest that the sidecar (or the bytes) decide."""
    parts = expect.get("parts") or []
    roles = [p.get("role") for p in parts if isinstance(p, dict)]
    tail = expect.get("tail") or []
    first_findings = roles.index("findings") if "findings" in roles else len(roles)
    before = roles[:first_findings]
    lines = data.decode("utf-8-sig").replace("\r\n", "\n").split("\n")
    rules = {
        "title": expect.get("title") is True,
        "docno": expect.get("docno") is True,
        "addressee": expect.get("addressee") is True,
        "truncated": expect.get("truncated") is True,
        "no_findings": expect.get("items") == 0,
        "no_part_level": any(isinstance(p, dict) and p.get("heading") is None for p in parts),
        "overview": "overview" in roles,
        "two_overviews": first_findings < len(roles) and before.count("overview") >= 2,
        "status_groups": "status_group" in roles,
        "next_steps": "next_steps" in roles,
        "other_part": "other" in roles,
        "closing": "closing" in tail,
        "signature": "signature" in tail,
        "date": "date" in tail,
        "long": len(lines) >= 150,
    }
    for word, status in STATUS_FEATURES.items():
        rules[word] = any(status in w for w in expect.get("status_words") or [])
    for n in range(1, 6):
        rules[f"levels_{n}"] = expect.get("findings_levels") == n
    problems = [
        f"{name}: manifest {'claims' if word in words else 'omits'} {word}, the sidecar disagrees"
        for word, holds in rules.items()
        if (word in words) != holds
    ]
    if bool(words & {"contact_one_line", "contact_lines"}) != ("contact" in tail):
        problems.append(f"{name}: contact keywords and the sidecar's tail disagree")
    if bool(words & {"editor_half", "editor_full"}) != ("editor" in tail):
        problems.append(f"{name}: editor keywords and the sidecar's tail disagree")
    if "short_measures_only" in words and not (
        expect.get("findings_levels") == 0 and (expect.get("measures") or 0) > 0
    ):
        problems.append(f"{name}: short_measures_only, but the sidecar has levels or no measures")
    return problems


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def main() -> int:
    errors: list[str] = []
    manifest = HERE / "MANIFEST.md"
    rows = read_manifest(manifest) if manifest.exists() else {}
    if not rows:
        errors.append("MANIFEST.md: no table with a File column")
    texts = sorted(HERE.glob("*.txt"))
    if not texts:
        errors.append("no notices found")
    claims: dict[str, list[str]] = {}
    for txt in texts:
        data = txt.read_bytes()
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            errors.append(f"{txt.name}: not UTF-8")
            continue
        expect = check_sidecar(txt, data, errors)
        row = rows.get(txt.name)
        if row is None:
            errors.append(f"MANIFEST.md: no row for {txt.name}")
            continue
        facts = {
            "line ends": line_ends(data),
            "bom": yes_no(data.startswith(b"\xef\xbb\xbf")),
            "final newline": yes_no(data.endswith(b"\n")),
        }
        for column, value in facts.items():
            if row.get(column) != value:
                said = row.get(column)
                errors.append(f"MANIFEST.md {txt.name}: {column} {said!r}, bytes {value!r}")
        words = set(row.get("features", "").split())
        unknown = words - KNOWN
        if unknown:
            errors.append(f"MANIFEST.md {txt.name}: unknown keywords {sorted(unknown)}")
        shown = layout_of(data)
        claimed = words & set(LAYOUT_FEATURES)
        if claimed != shown:
            claimed_s, shown_s = sorted(claimed), sorted(shown)
            errors.append(f"MANIFEST.md {txt.name}: layout claimed {claimed_s}, bytes {shown_s}")
        if expect is not None:
            errors.extend(consistency(txt.name, words, expect, data))
        for word in words:
            claims.setdefault(word, []).append(txt.name)
    for name in sorted(set(rows) - {t.name for t in texts}):
        errors.append(f"MANIFEST.md: row for a missing file {name}")
    for word in sorted(set(CONTENT_FEATURES) | set(LAYOUT_FEATURES)):
        if len(claims.get(word, [])) < 2:
            errors.append(f"feature {word!r} claimed by {len(claims.get(word, []))} notice(s)")
    if len(claims.get("stats_disagree", [])) != 2:
        errors.append("stats_disagree must be claimed by exactly two notices")
    for message in errors:
        print(message)
    print(f"{len(texts)} notices, {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
