"""The command line's help in the clerk's language: every command's and option's help as
written in the code (Chinese) with its Chinese as shown (full-width punctuation) and its
English, so that `--help` and `-h` are wholly in the language asked for. A help text not
listed here shows as written; tests/cli/test_command_line.py lists those there are none of."""

from __future__ import annotations

from typing import Any

# as written in the code: (中文, English)
HELP: dict[str, tuple[str, str]] = {
    "计划文件 (默认 $RECTIFY_PLAN 或 ./data/items.yaml)": (
        "计划文件（默认 $RECTIFY_PLAN 或 ./data/items.yaml）",
        "the plan file (default: $RECTIFY_PLAN or ./data/items.yaml)",
    ),
    "界面语言 zh|en (默认 $RECTIFY_LANG 或 zh)": (
        "界面语言 zh 或 en（默认 $RECTIFY_LANG 或 zh）",
        "interface language, zh or en (default: $RECTIFY_LANG or zh)",
    ),
    "只看此编号之下,如 2 或 2.1.3": (
        "只看此编号之下，如 2 或 2.1.3",
        "only what is under this ID, e.g. 2 or 2.1.3",
    ),
    "列出整棵树,直到每项措施": (
        "列出整棵树，直到每项措施",
        "the whole tree, down to every measure",
    ),
    "只看此状态的措施 (可多次)": (
        "只看此状态的措施（可多次）",
        "only measures of this status (repeatable)",
    ),
    "只看此责任领导的措施": ("只看此责任领导的措施", "only measures of this owner"),
    "只看此责任部门的措施": ("只看此责任部门的措施", "only measures of this department"),
    "只看已逾期的措施": ("只看已逾期的措施", "only measures that are late"),
    "只看 N 天内到期(含已逾期)的措施": (
        "只看 N 天内到期（含已逾期）的措施",
        "only measures due within N days (late ones included)",
    ),
    "列出此日期以来完成的措施": (
        "列出此日期以来完成的措施",
        "the measures completed since this day",
    ),
    "按 dept(责任部门)或 owner(责任领导)分组": (
        "按 dept（责任部门）或 owner（责任领导）分组",
        "grouped by dept (department) or owner",
    ),
    "措施排成一列,按 due(时限)、status 或 id": (
        "措施排成一列，按 due（时限）、status 或 id",
        "the measures as one list, by due (deadline), status or id",
    ),
    "按此日期计算逾期 (YYYY-MM-DD)": (
        "按此日期计算逾期（YYYY-MM-DD）",
        "the day lateness is counted on (YYYY-MM-DD)",
    ),
    "输出 JSON (见 docs/json.md)": (
        "输出 JSON（见 docs/json.md）",
        "print JSON (see docs/json.md)",
    ),
    "编号,如 2.1.3": ("编号，如 2.1.3", "an ID, e.g. 2.1.3"),
    "输出 JSON,与 status 编号 --json 相同 (见 docs/json.md)": (
        "输出 JSON，与 status 编号 --json 相同（见 docs/json.md）",
        "print JSON, as status ID --json does (see docs/json.md)",
    ),
    "N 天内到期(含已逾期),默认 20": (
        "N 天内到期（含已逾期），默认 20",
        "due within N days (late ones included); default 20",
    ),
    "要找的词 (都要出现)": ("要找的词（都要出现）", "the words to find (all of them)"),
    "新计划文件的位置": ("新计划文件的位置", "where the new plan goes"),
    "写入随附的完整示例计划": ("写入随附的完整示例计划", "write the bundled example plan, whole"),
    "text | md | html | docx": ("text、md、html 或 docx", "text, md, html or docx"),
    "输出文件 (默认标准输出)": (
        "输出文件（默认标准输出）",
        "the output file (default: standard output)",
    ),
    "自定义 Jinja 模板文件": ("自定义 Jinja 模板文件", "a Jinja template of your own"),
    "模板文件夹:同名文件替换内置模板 ($RECTIFY_TEMPLATES)": (
        "模板文件夹：同名文件替换内置模板（$RECTIFY_TEMPLATES）",
        "a template folder: a file of a built-in template's name replaces it ($RECTIFY_TEMPLATES)",
    ),
    "按此日期统计 (默认今天)": (
        "按此日期统计（默认今天）",
        "counted as of this day (default: today)",
    ),
    "在第一部分后加统计句": (
        "在第一部分后加统计句",
        "add the statistics sentence after the first part",
    ),
    "每条意见后注明状态 (内部草稿用)": (
        "每条意见后注明状态（内部草稿用）",
        "each item's status after it (for internal drafts)",
    ),
    "xlsx | csv | json": ("xlsx、csv 或 json", "xlsx, csv or json"),
    "输出文件": ("输出文件", "the output file"),
    "退回的台账 .xlsx,或通报全文 .txt": (
        "退回的台账 .xlsx，或通报全文 .txt",
        "a returned ledger (.xlsx), or a notice's whole text (.txt)",
    ),
    "通报导入:新计划文件": ("通报导入：新计划文件", "notice import: the new plan file"),
    "不询问,直接应用": ("不询问，直接应用", "apply without asking"),
    "只显示将要做的修改": ("只显示将要做的修改", "only show the changes it would make"),
    "通报导入:替换已有的计划文件": (
        "通报导入：替换已有的计划文件",
        "notice import: replace an existing plan file",
    ),
    "通报导入:逐行列出每行被识别为什么": (
        "通报导入：逐行列出每行被识别为什么",
        "notice import: what each line was read as, line by line",
    ),
    "通报导入:文件编码,如 gb18030": (
        "通报导入：文件编码，如 gb18030",
        "notice import: the file's encoding, e.g. gb18030",
    ),
    "经办人 (默认 $RECTIFY_USER 或登录名)": (
        "经办人（默认 $RECTIFY_USER 或登录名）",
        "who does it (default: $RECTIFY_USER or the login name)",
    ),
    "计划文件有硬链接时仍修改:只改这个名字,其他名字保留原内容": (
        "计划文件有硬链接时仍修改：只改这个名字，其他名字保留原内容",
        "edit a plan that has hard links anyway: this name only, the others keep the old text",
    ),
    "各单位的计划文件,或存放计划文件的文件夹": (
        "各单位的计划文件，或存放计划文件的文件夹",
        "the units' plan files, or folders holding them",
    ),
    "另存为 .xlsx": ("另存为 .xlsx", "save as .xlsx"),
    "输出文件:.svg 或 .png": ("输出文件：.svg 或 .png", "the output file: .svg or .png"),
    "progress(各方面进度)或 timeline(完成情况随时间)": (
        "progress（各方面进度）或 timeline（完成情况随时间）",
        "progress (by category) or timeline (completions over time)",
    ),
    "一个或多个编号,如 2.1.3": ("一个或多个编号，如 2.1.3", "one or more IDs, e.g. 2.1.3"),
    "日期 YYYY-MM-DD (默认今天)": (
        "日期 YYYY-MM-DD（默认今天）",
        "the day, YYYY-MM-DD (default: today)",
    ),
    "同时记一条进展": ("同时记一条进展", "record a progress note too"),
    "佐证材料:文件名或说明": ("佐证材料：文件名或说明", "evidence: a file name or a description"),
    "todo|doing|done|ongoing 或中文": (
        "todo、doing、done、ongoing 或中文",
        "todo, doing, done, ongoing, or the Chinese word",
    ),
    "整改时限 YYYY-MM-DD": ("整改时限 YYYY-MM-DD", "the deadline, YYYY-MM-DD"),
    "责任领导": ("责任领导", "the owner"),
    "责任部门": ("责任部门", "the department"),
    "进展内容": ("进展内容", "the note's text"),
    "不再应用,也不再提示(这些修改记为已撤销)": (
        "不再应用，也不再提示（这些修改记为已撤销）",
        "do not apply them, and stop telling of them (they are marked undone)",
    ),
    "只显示迁移后的计划,不改动文件": (
        "只显示迁移后的计划，不改动文件",
        "only show the migrated plan; the file is not changed",
    ),
    "修复:损坏的部分移到一旁另存,不删除任何内容": (
        "修复：损坏的部分移到一旁另存，不删除任何内容",
        "repair: what is damaged is moved aside, nothing is deleted",
    ),
    "显示版本并退出 (Show the version and exit)": ("显示版本并退出", "Show the version and exit."),
    "巡察整改台账:计划文件、整改进度与整改情况通报。 Rectification plan, ledger and notice.": (
        "巡察整改台账：计划文件、整改进度与整改情况通报。",
        "Rectification plan, ledger and progress notice.",
    ),
    "Install completion for the current shell.": (
        "为当前的 shell 安装命令补全。",
        "Install completion for the current shell.",
    ),
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的命令补全脚本，供复制或自行安装。",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
}
_ASCII = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})


def shown(text: str | None, lang: str) -> str | None:
    """A help text as `lang` shows it. A command's docstring is written `中文 (English).`: its
    Chinese (with full-width punctuation) or its English."""
    if not text:
        return text
    if text in HELP:
        return HELP[text][0 if lang == "zh" else 1]
    head, sep, tail = text.rstrip().rpartition(" (")
    if sep and tail.endswith((")", ").")) and tail[:1].isascii():
        english = tail.rstrip(".").removesuffix(")")
        chinese = head.translate(_ASCII).replace(" （", "（").replace("） ", "）")
        return chinese + "。" if lang == "zh" else english + "."
    return text


# The words click writes in a usage line, in Chinese. (A value's kind, TEXT or INTEGER, stays:
# click aligns the option list by characters, not by display width.)
METAVARS = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]..."}


def translate(command: Any, lang: str) -> None:
    """Every help of `command` and the commands and parameters under it in `lang` (the text
    as written kept aside, so that the next call may choose another language), and the words
    of its usage line."""
    zh = lang == "zh"
    for item in [command, *getattr(command, "params", ())]:
        original = item.__dict__.setdefault("_rectify_help", getattr(item, "help", None))
        if original is not None:
            item.help = shown(original, lang)
    command.options_metavar = METAVARS["[OPTIONS]"] if zh else "[OPTIONS]"
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = METAVARS["COMMAND [ARGS]..."] if zh else "COMMAND [ARGS]..."
    for sub in getattr(command, "commands", {}).values():
        translate(sub, lang)
