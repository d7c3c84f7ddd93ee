"""Every user-facing string, in Chinese (the default) and English (for maintainers)."""

from __future__ import annotations

import os
from typing import Any

LANGS = ("zh", "en")

# key: (中文, English). Arguments are filled with str.format.
CATALOG: dict[str, tuple[str, str]] = {
    # -- reading the file ---------------------------------------------------------------
    "file_missing": (
        "找不到计划文件 {path}。可用 rectify init 新建。",
        "plan file {path} not found; create one with `rectify init`",
    ),
    "file_is_dir": ("{path} 是文件夹,不是计划文件。", "{path} is a folder, not a plan file"),
    "file_unreadable": ("无法读取 {path}:{reason}", "cannot read {path}: {reason}"),
    "file_unwritable": ("无法写入 {path}:{reason}", "cannot write {path}: {reason}"),
    "temp_unwritable": (
        "无法生成 {path}:临时文件夹 {folder} 无法写入({reason})",
        "cannot make {path}: the temporary folder {folder} cannot be written ({reason})",
    ),
    "sheet_incomplete": (
        "工作表没有写完整,磁盘可能已满",
        "a sheet was not written whole; the disk may be full",
    ),
    "utf16": (
        "文件是 UTF-16 编码,应为 UTF-8。请用“另存为”选择 UTF-8 编码。",
        "the file is UTF-16; expected UTF-8 (save it again as UTF-8)",
    ),
    "gbk": (
        "文件不是 UTF-8 编码(看起来是 GBK/GB2312 编码),应为 UTF-8。请用“另存为”选择 UTF-8 编码。",
        "the file is not UTF-8 (it decodes as GBK); expected UTF-8 (save it again as UTF-8)",
    ),
    "not_utf8": (
        "文件不是 UTF-8 编码的文本,应为 UTF-8。",
        "the file is not UTF-8 text; expected UTF-8",
    ),
    "empty_file": (
        "文件是空的,应为计划内容(可用 rectify init 生成带说明的模板)。",
        "the file is empty; expected a plan (`rectify init` writes a commented one)",
    ),
    "invisible_break": (
        "这里有一个看不见的换行符 {char}(常见于从网页或 Word 复制的文字),YAML 会把它当作换行;"
        "请删除它。",
        "an invisible line break ({char}) is here, as text copied from a web page or Word often "
        "has; YAML reads it as a new line: delete it",
    ),
    "unprintable": (
        "这段文字的第 {at} 个字符是控制字符 {char}（常见于从 Word 或 PDF 复制的文字），"
        "Word 版通报无法容纳：\\v、\\f 印作换行，其余不印出；请核对后删除它。",
        "character {at} of this text is the control character {char} (text copied from Word or "
        "a PDF has them), which a Word file cannot hold: \\v and \\f print as a line break, "
        "others not at all; check the text and delete it",
    ),
    "yaml_syntax": ("YAML 格式错误:{problem}", "YAML syntax error: {problem}"),
    "hint_tab": (
        "缩进里有制表符(Tab),应全部使用空格。",
        "there is a tab in the indentation; use spaces",
    ),
    "hint_fullwidth_colon": (
        "这一行用了全角冒号“：”,键名后应为半角冒号加空格“: ”。",
        "this line uses a full-width colon '：'; write ': ' after a key",
    ),
    "hint_indent": (
        "这一行的缩进与上下行不一致,或者上一行的键后缺少冒号“: ”。",
        "this line is not indented like its neighbours, or the line above lacks ': ' after its key",
    ),
    "hint_colon_in_text": (
        "文字里有“: ”(冒号加空格),请给整段文字加上引号,或去掉冒号后的空格。",
        "the text contains ': '; put the text in quotes",
    ),
    "alias": (
        "不允许使用 YAML 别名 *{name},请直接写出内容。",
        "YAML alias *{name} is not allowed; write the content out",
    ),
    "anchor": (
        "不允许使用 YAML 锚点 &{name},请删除。",
        "YAML anchor &{name} is not allowed; remove it",
    ),
    "bad_tag": ("不允许使用标签 {tag},请删除。", "tag {tag} is not allowed; remove it"),
    "not_regular": (
        "{path} 是{what}，不是普通文件，不会读取；请指定一个文件。",
        "{path} is {what}, not a regular file; it is not read (name a file)",
    ),
    "what_fifo": ("命名管道（FIFO）", "a named pipe (FIFO)"),
    "what_device": ("设备", "a device"),
    "what_socket": ("套接字", "a socket"),
    "what_other": ("特殊文件", "a special file"),
    "what_folder": ("文件夹", "a folder"),
    "what_file": ("文件", "a file"),
    "tool_folder_not_folder": (
        "{path} 应为 rectify 的工具文件夹（存放修改记录、锁和缓存），实际是{what}；"
        "运行 rectify doctor 查看，rectify doctor --fix 修复（计划文件不会被改动）。",
        "{path} should be rectify's tool folder (the journal, lock and cache), but it is {what}; "
        "`rectify doctor` explains, `rectify doctor --fix` repairs it (the plan is not touched)",
    ),
    "journal_not_file": (
        "修改记录 {path} 应为文件，实际是{what}；"
        "运行 rectify doctor 查看，rectify doctor --fix 修复（计划文件不会被改动）。",
        "the journal {path} should be a file, but it is {what}; `rectify doctor` explains, "
        "`rectify doctor --fix` repairs it (the plan is not touched)",
    ),
    "journal_entry_bad": (
        "这条修改记录已损坏：字段“{field}”缺失、多余或类型不对。",
        "this journal entry is damaged: its field '{field}' is missing, unknown or of the "
        "wrong kind",
    ),
    "journal_invalid": (
        "修改记录有 {count} 处损坏，未做任何操作；运行 rectify doctor 查看，"
        "rectify doctor --fix 修复（计划文件不会被改动）。",
        "the journal has {count} damaged entries; nothing was done (`rectify doctor` explains, "
        "`rectify doctor --fix` repairs it; the plan is not touched)",
    ),
    "too_large_size": (
        "{path} 有 {size} MB，超过{what}的大小上限 {limit} MB，未读取。"
        "确需处理时，请用环境变量 {variable} 提高上限（例如 {variable}={example}）。",
        "{path} is {size} MB, over the limit of {limit} MB for {what}; not read. "
        "To go on, raise the limit with {variable} (e.g. {variable}={example})",
    ),
    "too_large_inflated": (
        "{path} 解压后有 {size} MB，超过{what}的大小上限 {limit} MB，未读取。"
        "确需处理时，请用环境变量 {variable} 提高上限（例如 {variable}={example}）。",
        "{path} inflates to {size} MB, over the limit of {limit} MB for {what}; not read. "
        "To go on, raise the limit with {variable} (e.g. {variable}={example})",
    ),
    "too_large_rows": (
        "{path} 有 {size} 行，超过{what}的行数上限 {limit} 行，未读取。"
        "确需处理时，请用环境变量 {variable} 提高上限（例如 {variable}={example}）。",
        "{path} has {size} rows, over the limit of {limit} rows for {what}; not read. "
        "To go on, raise the limit with {variable} (e.g. {variable}={example})",
    ),
    "what_limit_plan": ("计划文件", "a plan file"),
    "what_limit_notice": ("通报文件", "a notice"),
    "what_limit_ledger": ("台账", "a ledger workbook"),
    "what_limit_ledger_rows": ("台账工作表", "a ledger sheet"),
    "env_bad": (
        "环境变量 {name} 的值“{value}”无效：应为{expects}。",
        "the environment variable {name} holds '{value}'; expected {expects}",
    ),
    "env_invalid": (
        "环境变量有 {count} 处错误，命令未执行；请改正或删除（unset）后重试。",
        "{count} environment variable(s) are malformed; nothing was done (fix or unset them)",
    ),
    "env_expects_path": ("一个路径（不含控制字符）", "a path (no control characters)"),
    "env_expects_name": ("经办人的名字（不含控制字符）", "a name (no control characters)"),
    "env_expects_lang": ("zh 或 en", "zh or en"),
    "env_expects_flag": ("“1”或“0”（也可写 yes/no、true/false）", "1 or 0 (or yes/no, true/false)"),
    "env_expects_seconds": ("不小于 0 的秒数，如 10", "a number of seconds, 0 or more, e.g. 10"),
    "env_expects_megabytes": (
        "大于 0 的兆字节数（MB），如 40",
        "a number of megabytes above 0, e.g. 40",
    ),
    "env_expects_count": ("大于 0 的整数，如 200000", "a whole number above 0, e.g. 200000"),
    # -- the schema ---------------------------------------------------------------------
    "top_not_mapping": (
        "文件顶层应为“键: 值”形式的映射,实际是{got}。",
        "the top level must be a mapping of keys; found {got}",
    ),
    "expected_mapping": (
        "{what} 应为“键: 值”形式的映射,实际是{got}。",
        "{what} must be a mapping of keys; found {got}",
    ),
    "expected_list": (
        "{what} 应为以“- ”开头的列表,实际是{got}。",
        "{what} must be a list of '- ' entries; found {got}",
    ),
    "expected_text": ("{what} 应为文字,实际是{got}。", "{what} must be text; found {got}"),
    "expected_date": (
        "{what} 应为日期 YYYY-MM-DD,实际是{got}。",
        "{what} must be a date YYYY-MM-DD; found {got}",
    ),
    "expected_integer": (
        "{what} 应为整数,实际是{got}。",
        "{what} must be a whole number; found {got}",
    ),
    "expected_bool": (
        "{what} 应为 true 或 false,实际是{got}。",
        "{what} must be true or false; found {got}",
    ),
    "bad_key": ("键名应为文字。", "a key must be text"),
    "empty_text": ("{what} 不能为空。", "{what} must not be empty"),
    "impossible_date": (
        "日期 {value} 不存在,应为真实的日期 YYYY-MM-DD。",
        "{value} is not a real date; expected a date YYYY-MM-DD",
    ),
    "malformed_date": (
        "日期 {value} 格式不对,应为 YYYY-MM-DD。",
        "malformed date {value}; expected YYYY-MM-DD",
    ),
    "bad_choice": (
        "{what} 的值“{value}”无效,可选:{allowed}",
        "{what} '{value}' is not allowed; expected one of: {allowed}",
    ),
    "bad_status": (
        "状态“{value}”无效,可选:{allowed}",
        "unknown status '{value}'; expected one of: {allowed}",
    ),
    "bad_schema": (
        "文件格式版本 {value} 不受支持,应为 {expected}。",
        "plan format version {value} is not supported; expected {expected}",
    ),
    "problems_and_items": (
        "一个方面不能同时有 problems 和 items,请只保留一种层级。",
        "a category has either problems or items, not both",
    ),
    "no_children": (
        "{what} 下没有内容,应至少有一项 {child}。",
        "{what} has nothing under it; expected at least one of {child}",
    ),
    "statistics_disagree": (
        "统计句写的{what}是 {said},台账算出的是 {ledger};请核对,"
        "或给这段统计句写上 template 并设 live: true,由台账生成。",
        "the statistics sentence says {what} is {said}, the ledger counts {ledger}; check it, "
        "or give it a template and live: true to print it from the ledger",
    ),
    "bad_template_name": (
        "统计句模板中的“{name}”无法由台账填写,可用的名字:{allowed}"
        "(原样印出的花括号写作 {{{{ 和 }}}})。",
        "the statistics template's '{name}' is nothing the ledger fills; the names: {allowed} "
        "(braces printed as they are are written {{{{ and }}}})",
    ),
    "bad_blank_line": (
        'blank_before 中的“{value}”不是空行,应只含空白字符(空格、全角空格等)和换行符(如 "\\n")。',
        "'{value}' in blank_before is no blank line; expected whitespace and a line end (\"\\n\")",
    ),
    "unknown_block": (
        "{what} 中的这一项不是可识别的块,应以其中一个键开头:{allowed}。",
        "this entry of {what} is no known block; expected one of the keys: {allowed}",
    ),
    "no_measures": (
        "这条反馈意见没有整改措施,应至少有一项 measures。",
        "this feedback item has no measures; expected at least one",
    ),
    "count_mismatch": (
        "声明的反馈意见条数为 {declared} 条,实际列出 {counted} 条,两者应一致。",
        "declared_items says {declared} but the plan lists {counted} feedback items",
    ),
    "done_without_date": (
        "已完成的措施没有完成时间 done_on。",
        "a done measure has no completion date (done_on)",
    ),
    "date_without_done": (
        "有完成时间 done_on,但状态是“{status}”。",
        "done_on is set but the status is {status}",
    ),
    "done_in_future": ("完成时间 {value} 晚于今天。", "completion date {value} is in the future"),
    "unknown_field": (
        "{what} 中没有“{field}”这个字段。可用字段:{allowed}",
        "unknown key '{field}' in {what}; allowed: {allowed}",
    ),
    "unknown_field_suggest": (
        "{what} 中没有“{field}”这个字段,是否想写“{suggestion}”?可用字段:{allowed}",
        "unknown key '{field}' in {what} (did you mean '{suggestion}'?); allowed: {allowed}",
    ),
    "duplicate_field": (
        "键“{field}”重复(第 {first} 行已有),每个键只能写一次。",
        "duplicate key '{field}' (already on line {first}); each key once",
    ),
    "missing_field": (
        "{what} 缺少必填字段“{field}”。",
        "{what} is missing the required key '{field}'",
    ),
    "bad_status_suggest": (
        "状态“{value}”无效,是否想写“{suggestion}”?可选:{allowed}",
        "unknown status '{value}' (did you mean '{suggestion}'?); expected one of: {allowed}",
    ),
    "malformed_date_suggest": (
        "日期 {value} 格式不对,应为 YYYY-MM-DD,应写成 {suggestion}。",
        "malformed date {value}; expected YYYY-MM-DD, i.e. {suggestion}",
    ),
    "slip_fullwidth_colon": (
        "“{field}”后用了全角冒号“：”,应为半角冒号加空格,写成“{field}: …”。",
        "full-width colon '：' after '{field}'; expected '{field}: …'",
    ),
    "slip_no_space": (
        "“{field}:”后缺少空格,应写成“{field}: …”。",
        "no space after '{field}:'; expected '{field}: …'",
    ),
    # what a message speaks of (the `what` argument); field names stay as the clerk writes them
    "what_plan": ("计划文件", "the plan"),
    "what_style": ("style", "style"),
    "what_section": ("段落部分", "the section"),
    "what_findings": ("findings(反馈问题部分)", "findings"),
    "what_category": ("方面", "the category"),
    "what_problem": ("问题", "the problem"),
    "what_item": ("反馈意见", "the feedback item"),
    "what_measure": ("措施", "the measure"),
    "what_note": ("进展记录", "the note"),
    # what a statistics sentence counts (statistics_disagree)
    "what_stat_categories": ("方面数", "the number of categories"),
    "what_stat_problems": ("问题数", "the number of problems"),
    "what_stat_items": ("反馈意见(问题)条数", "the number of feedback items"),
    "what_stat_measures": ("措施数", "the number of measures"),
    "what_stat_done": ("已完成条数", "the number done"),
    "what_stat_ongoing": ("长期坚持条数", "the number long-term"),
    "what_stat_rate": ("完成率", "the completion rate"),
    "got_mapping": ("映射", "a mapping"),
    "got_list": ("列表", "a list"),
    "got_text": ("文字", "text"),
    "got_empty": ("空值", "nothing"),
    # -- summaries ----------------------------------------------------------------------
    "ledger_invalid": (
        "台账文件有 {count} 处错误,未做任何修改。",
        "the ledger has {count} error(s); nothing was changed",
    ),
    "import_invalid": (
        "从通报生成的计划有 {count} 处错误（以上位置指未写入的计划文本），未写入任何文件；"
        "请把这份通报发给维护者。",
        "the plan made from the notice has {count} error(s) (the places above are in its text,"
        " which was not written); nothing was written; please send the notice to the maintainers",
    ),
    "notice_invalid": (
        "通报文件有 {count} 处错误,未生成计划。",
        "the notice has {count} error(s); no plan was written",
    ),
    "import_dry_run": ("(--dry-run:未写入 {path})", "(--dry-run: {path} not written)"),
    "plan_invalid": ("计划文件有 {count} 处错误。", "the plan has {count} error(s)"),
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "valid": (
        "{path}:计划有效。{categories} 个方面、{items} 条反馈意见、{measures} 项整改措施。",
        "{path}: valid. {categories} categories, {items} feedback items, {measures} measures",
    ),
    "valid_warnings": ("另有 {count} 条警告。", "{count} warning(s)"),
    "using_bundled": (
        "未找到 data/items.yaml,正在显示内置示例计划。用 rectify init 新建自己的计划。",
        "no data/items.yaml here: showing the bundled example plan; "
        "start your own with `rectify init`",
    ),
    "unknown_id": (
        "没有编号为 {id} 的条目。相近的编号:{near}",
        "no entry numbered {id}; nearest IDs: {near}",
    ),
    "bad_id": (
        "“{id}”不是有效编号,应写成 2.1.3 这样的形式。",
        "'{id}' is not an ID; expected a form like 2.1.3",
    ),
    "bad_status_option": (
        "状态“{value}”无效,可选:{allowed}",
        "unknown status '{value}'; expected one of: {allowed}",
    ),
    "bad_date_option": (
        "日期“{value}”无效,应为 YYYY-MM-DD。",
        "'{value}' is not a date YYYY-MM-DD",
    ),
    "init_exists": ("{path} 已存在,不会覆盖。", "{path} exists; it is never overwritten"),
    "init_done": (
        "已新建计划文件 {path}。编辑后运行 rectify validate 检查。",
        "created {path}; edit it, then run `rectify validate`",
    ),
    # -- status tables ------------------------------------------------------------------
    "col_id": ("编号", "ID"),
    "col_category": ("方面", "Category"),
    "col_title": ("内容", "Title"),
    "col_items": ("意见", "Items"),
    "col_status": ("状态", "Status"),
    "col_rate": ("完成率", "Rate"),
    "col_overdue": ("逾期", "Late"),
    "col_owner": ("责任", "Owner"),
    "col_due": ("时限", "Due"),
    "col_done_on": ("完成", "Done on"),
    "col_left": ("剩余", "Left"),
    "col_measures": ("措施", "Measures"),
    "col_where": ("位置", "Where"),
    "due_today": ("今天到期", "due today"),
    "due_in": ("还有 {days} 天", "{days} days left"),
    "nothing_due": (
        "没有逾期或 {days} 天内到期的措施。",
        "no measure is late or due within {days} days",
    ),
    "due_soon": (
        "{n}项措施 {days} 天内到期，详见 rectify due。",
        "{n} measures fall due within {days} days; see rectify due",
    ),
    "due_soon_near": (
        "{n}项措施 {days} 天内到期（其中{near}项 {near_days} 天内），详见 rectify due。",
        "{n} measures fall due within {days} days ({near} within {near_days}); see rectify due",
    ),
    "unassigned": ("（未填写）", "(none)"),
    "group_heading": ("{name}：{n}项措施", "{name}: {n} measures"),
    "group_late": ("，逾期{n}项", ", {n} late"),
    "where_title": ("标题", "title"),
    "where_measure": ("措施", "measure"),
    "where_note": ("进展", "note"),
    "where_results": ("成效", "results"),
    "nothing_found": ("没有找到“{words}”。", "nothing matches “{words}”"),
    "bad_choice_option": (
        "{option} 的值应为 {allowed} 之一，不是 {value}。",
        "{option} must be one of {allowed}, not {value}",
    ),
    "todo": ("未开始", "to do"),
    "doing": ("正在整改", "in progress"),
    "done": ("已完成", "done"),
    "ongoing": ("长期坚持", "long-term"),
    "short_todo": ("未开始", "todo"),
    "short_doing": ("整改中", "doing"),
    "short_done": ("已完成", "done"),
    "short_ongoing": ("长期", "ongoing"),
    "total_items": ("{n}条反馈意见", "{n} feedback items"),
    "total_measures": ("{n}项整改措施", "{n} measures"),
    "overdue_count": ("逾期 {n}", "overdue {n}"),
    "rate": ("完成率 {rate:.1f}%", "completion {rate:.1f}%"),
    "nothing_matches": ("没有符合条件的措施。", "no measure matches"),
    "since_title": ("{since} 以来完成的整改措施", "Measures completed since {since}"),
    "overdue_by": ("逾期 {days} 天", "{days} days late"),
    "field_owner": ("责任领导", "Owner"),
    "field_dept": ("责任部门", "Department"),
    "field_due": ("整改时限", "Deadline"),
    "field_status": ("状态", "Status"),
    "field_done_on": ("完成时间", "Completed on"),
    "field_done_by": ("完成人", "Completed by"),
    "field_outcome": ("整改成效", "Outcome"),
    "field_results": ("整改成效(公开)", "Results (public)"),
    "field_notes": ("进展", "Notes"),
    "field_evidence": ("佐证", "evidence"),
    # -- editing ------------------------------------------------------------------------
    "field_label_status": ("状态", "status"),
    "field_label_done_on": ("完成时间", "completed on"),
    "field_label_done_by": ("完成人", "completed by"),
    "field_label_owner": ("责任领导", "owner"),
    "field_label_dept": ("责任部门", "department"),
    "field_label_due": ("整改时限", "deadline"),
    "field_label_notes": ("进展", "note"),
    "change_line": ("{id} {field}:{old} → {new}", "{id} {field}: {old} → {new}"),
    "item_state": ("  {id} {title}:{status}", "  {id} {title}: {status}"),
    "already_done": ("{id} 已经是“已完成”,未改动。", "{id} is already done; nothing changed"),
    "already_doing": (
        "{id} 已经是“正在整改”,未改动。",
        "{id} is already in progress; nothing changed",
    ),
    "already_todo": ("{id} 已经是“未开始”,未改动。", "{id} is already to do; nothing changed"),
    "already_ongoing": (
        "{id} 已经是“长期坚持”,未改动。",
        "{id} is already long-term; nothing changed",
    ),
    "no_changes": ("没有需要修改的内容,文件未改动。", "nothing to change; the file is untouched"),
    "nothing_to_set": (
        "请至少给出 --status、--due、--owner、--dept 中的一项。",
        "give at least one of --status, --due, --owner, --dept",
    ),
    "note_on_group": (
        "进展只能记在反馈意见或措施上,{id} 是方面或问题。",
        "notes belong to feedback items and measures; {id} is a category or problem",
    ),
    "locked": (
        "{path} 正被另一个 rectify 进程修改,请稍后再试。",
        "{path} is being changed by another rectify process; try again shortly",
    ),
    "verify_failed": (
        "修改后的内容未通过核对,已放弃修改,{path} 保持原样。",
        "the edited text did not check out; nothing was written, {path} is unchanged",
    ),
    "changed_meanwhile": (
        "{path} 在读取后被其他程序改动,已放弃本次修改,请重试。",
        "{path} changed while this command ran; nothing was written, try again",
    ),
    "unsafe_flow_entry": (
        "{path}:{line}: 这一项用 {{…}} 或 […] 写在一行里,无法安全修改。"
        "请改成每个字段单独一行(键: 值)的写法后重试。",
        "{path}:{line}: this entry is written in flow style ({{…}} or […]); "
        "rewrite it one key per line, then try again",
    ),
    "unsafe_not_scalar": (
        "{path}:{line}: 这个字段的值不是单个文字,无法安全修改。",
        "{path}:{line}: this field's value is not a single scalar",
    ),
    "unsafe_first_entry": (
        "{path}:{line}: 要删除的字段是这一项的第一行,请把 text/title 移到第一行后重试。",
        "{path}:{line}: the field to remove is the entry's first key; move text/title first",
    ),
    "unsafe_shared_line": (
        "{path}:{line}: 这个字段与其他内容写在同一行,无法安全删除。",
        "{path}:{line}: this field shares its line with other content",
    ),
    "unsafe_multiline_value": (
        "{path}:{line}: 这个字段的值跨了多行,无法安全修改,请改为一行。",
        "{path}:{line}: this field's value spans several lines",
    ),
    "unsafe_overlap": (
        "{path}: 同一处被要求做两次修改,已放弃。",
        "{path}: two changes at one place",
    ),
    "nothing_to_undo": ("没有可以撤销的操作。", "there is nothing to undo"),
    # -- other programs writing the plan (planfile/guard.py, lost.py) --------------------
    "plan_read_only": (
        "{path} 是只读文件（权限 {mode}），rectify 不会修改它。"
        "确需修改，请先执行 chmod u+w {path}。",
        "{path} is marked read-only (mode {mode}); rectify does not change it "
        "(chmod u+w {path} first if it should)",
    ),
    "plan_not_writable": (
        "你没有写入 {path} 的权限（文件属于 {owner}，权限 {mode}），rectify 不会修改它。"
        "请由 {owner} 修改，或请其给你写入权限。",
        "you may not write {path} (it belongs to {owner}, mode {mode}); rectify does not "
        "change it: ask {owner} to, or for write permission",
    ),
    "plan_hard_links": (
        "{path} 有 {links} 个名字（硬链接），修改会把它们分成内容不同的两个文件，已放弃。"
        "确需只修改这个名字，请加 --break-links（其他名字保留原内容）。",
        "{path} has {links} names (hard links); an edit would split them into two different "
        "files, so nothing was written. Add --break-links to change this name only (the "
        "others keep the old content)",
    ),
    "being_written": (
        "{path} 正被另一个程序写入，已等待 {seconds} 秒仍未写完，已放弃本次修改，请稍后重试。",
        "another program is writing {path} and did not finish within {seconds} s; nothing was "
        "written, try again later",
    ),
    "foreign_version": (
        "警告：rectify 修改 {path} 时，另一个程序仍在写入旧文件。它写入的版本保存在 {other}。"
        "请对照两者（例如 diff {path} {other}），把需要的内容合并到 {path}，然后删除 {other}。",
        "warning: another program was still writing {path} when rectify replaced it; what "
        "it wrote is kept in {other}. Compare them (diff {path} {other}), merge what is "
        "needed into {path}, then delete {other}",
    ),
    "lost_edits": (
        "警告：{path} 被其他程序保存覆盖，文件中已没有 rectify 的 {count} 次修改：",
        "warning: {path} was saved over by another program; it no longer holds {count} "
        "rectify change(s):",
    ),
    "lost_edits_hint": (
        "可用 rectify reapply -p {path} 重新应用（rectify log 查看详情）；如是有意改回，"
        "rectify reapply --forget 不再提示。",
        "rectify reapply -p {path} applies them again (rectify log shows them); if they were "
        "undone on purpose, rectify reapply --forget stops this warning",
    ),
    "nothing_lost": (
        "{path} 没有丢失的修改，不需要重新应用。",
        "{path} has lost no change; there is nothing to apply again",
    ),
    "lost_forgotten": (
        "已不再提示 {count} 次丢失的修改（记为已撤销）。",
        "{count} lost change(s) will no longer be named (marked undone)",
    ),
    "changed_since": (
        "{path} 在上一次 rectify 操作({at})之后被其他方式改动过,不能撤销。",
        "{path} was changed by other means since the last rectify command ({at}); cannot undo",
    ),
    "undone_unrecorded": (
        "计划已恢复，但修改记录未能写入（{reason}）：rectify log 仍把这次修改列为未撤销，"
        "再次 undo 会跳过它。",
        "the plan is restored, but the journal could not be written ({reason}): rectify log "
        "still lists the change as not undone, and the next undo passes over it",
    ),
    "undone": (
        "已撤销:{at} {by} 执行的 {command} {ids}。文件已恢复原样。",
        "undone: {command} {ids} by {by} at {at}; the file is as it was before",
    ),
    # -- report -------------------------------------------------------------------------
    "template_missing": ("找不到模板 {name}。", "template {name} not found"),
    "template_error": ("模板 {where} 有错误:{problem}", "template {where}: {problem}"),
    "output_is_plan": (
        "-o 指向计划文件本身,不会覆盖它。请换一个输出文件名。",
        "-o names the plan file itself; it is never overwritten",
    ),
    "output_in_tool_folder": (
        "-o {path} 在 rectify 的工具文件夹 {folder} 里（那里是撤销记录、锁和缓存），不会写入。"
        "请换一个输出位置。",
        "-o {path} is inside rectify's tool folder {folder} (the undo journal, the lock and "
        "the cache); nothing is written there: choose another place",
    ),
    "outputs_collide": (
        "{path} 和 {other} 是同一个文件，本命令的两个输出不能写到一处。请换一个文件名。",
        "{path} and {other} are one file; two outputs of one command cannot go there",
    ),
    "docx_needs_output": (
        "Word 格式请用 -o 指定输出文件,例如 -o 通报.docx。",
        "the docx format needs -o FILE",
    ),
    "charts_missing": (
        "生成图表需要 matplotlib：请运行 pip install 'rectify-cli[charts]'。",
        "charts need matplotlib: run pip install 'rectify-cli[charts]'",
    ),
    "charts_no_font": (
        "没有找到中文字体，图中的中文无法显示。请安装一种中文字体（如 {fonts}；"
        "Debian/Ubuntu：apt install fonts-noto-cjk）后再试。",
        "no CJK font found, so the chart's Chinese cannot be drawn; install one (such as "
        "{fonts}; Debian/Ubuntu: apt install fonts-noto-cjk) and try again",
    ),
    "chart_format": (
        "图表文件 {path} 应以 .svg 或 .png 结尾。",
        "the chart file {path} must end in .svg or .png",
    ),
    "chart_progress_title": ("各方面整改进度（截至 {day}）", "Progress by category (as of {day})"),
    "chart_timeline_title": ("整改措施完成情况（截至 {day}）", "Measures completed (as of {day})"),
    "chart_items": ("反馈意见（条）", "feedback items"),
    "chart_measures": ("整改措施（项）", "measures"),
    "chart_done": ("已完成", "done"),
    "chart_total": ("措施总数", "all measures"),
    "chart_deadline": ("最晚整改时限", "latest deadline"),
    "docx_missing": (
        "生成 Word 文档需要 python-docx:请运行 pip install 'rectify-cli[docx]'。",
        "the docx format needs python-docx: pip install 'rectify-cli[docx]'",
    ),
    "xlsx_needs_output": (
        "Excel 格式请用 -o 指定输出文件,例如 -o 整改台账.xlsx。",
        "the xlsx format needs -o FILE",
    ),
    "exporting": ("正在导出台账", "exporting the ledger"),
    "importing": ("正在读取台账", "reading the ledger"),
    "report_written": ("已写入 {path}。", "wrote {path}"),
    # -- import -------------------------------------------------------------------------
    "ledger_unreadable": ("无法读取台账文件:{reason}", "cannot read the ledger: {reason}"),
    "ledger_no_sheet": (
        "台账中没有名为“{sheet}”的工作表(现有:{sheets}),请勿改动工作表名。",
        "the ledger has no sheet named '{sheet}' (it has: {sheets})",
    ),
    "ledger_merged": (
        "有合并单元格 {range},请取消合并后再导入。",
        "merged cells {range}; unmerge them before importing",
    ),
    "ledger_missing_column": (
        "缺少“{column}”列,请勿改动表头。",
        "the column '{column}' is missing; keep the header row",
    ),
    "ledger_missing_column_suggest": (
        "缺少“{column}”列(是否被改成了“{suggestion}”?),请勿改动表头。",
        "the column '{column}' is missing (renamed to '{suggestion}'?); keep the header row",
    ),
    "ledger_bad_date": (
        "“{column}”应为日期 YYYY-MM-DD,实际是“{value}”。",
        "'{column}' must be a date YYYY-MM-DD; found '{value}'",
    ),
    "ledger_bad_status": (
        "完成情况“{value}”无效,可选:未开始、正在整改、已完成、长期坚持。",
        "status '{value}' is not one of 未开始/正在整改/已完成/长期坚持",
    ),
    "ledger_bad_note": (
        "进展“{value}”应写成“YYYY-MM-DD 内容(佐证:材料)”,每条一行。",
        "note '{value}' must read 'YYYY-MM-DD text(佐证:evidence)', one per line",
    ),
    "ledger_no_such_id": (
        "{path} 第 {row} 行:计划中没有编号 {id},此行未导入。",
        "{path} row {row}: the plan has no ID {id}; row left alone",
    ),
    "ledger_text_differs": (
        "{path} 第 {row} 行:{id} 的措施文字与计划不一致,此行未导入。",
        "{path} row {row}: the measure text of {id} differs from the plan; row left alone",
    ),
    "ledger_conflict": (
        "{path} 第 {row} 行:{id} 的“{column}”导出后在计划中已改为“{now}”,台账中填的是“{value}”,"
        "两边都改过,此项未导入,请核实后用 rectify set 修改。",
        "{path} row {row}: '{column}' of {id} changed in the plan since the export (now '{now}') "
        "and in the ledger ('{value}'); left alone, settle it with rectify set",
    ),
    "import_confirm": ("应用以上 {n} 处修改?", "apply these {n} changes?"),
    "import_not_applied": ("未做任何修改。", "nothing was changed"),
    "import_applied": (
        "已应用 {n} 处修改(可用 rectify undo 撤销)。",
        "applied {n} changes (rectify undo reverts them)",
    ),
    "notice_is_dir": ("{path} 是文件夹,不是通报文件。", "{path} is a folder, not a notice"),
    "notice_bad_encoding": (
        "无法按指定的 --encoding 解码通报。可选 utf-8、gb18030、gbk、utf-16。",
        "the notice does not decode with the --encoding given; try utf-8, gb18030, gbk, utf-16",
    ),
    "notice_gbk": (
        "通报不是 UTF-8 编码(看起来是 GBK/GB18030),请加 --encoding gb18030 重新导入。",
        "the notice is not UTF-8 (it decodes as GBK/GB18030); import it with --encoding gb18030",
    ),
    "notice_not_text": (
        "这不是文本文件(含有二进制内容),应为通报全文的 .txt 文件。",
        "this is not a text file (it holds binary data); expected the notice's text as .txt",
    ),
    "notice_empty": ("通报文件是空的,没有可导入的内容。", "the notice is empty: nothing to import"),
    "import_exists": (
        "{path} 已存在,不会覆盖;确要替换请加 --force。",
        "{path} exists; it is not overwritten without --force",
    ),
    "import_found": (
        "通报共 {lines} 行:{parts} 个部分,{levels} 级标题,{items} 条反馈意见,{measures} 项措施,"
        "{statistics} 处统计句,{plain} 段按原文保留。",
        "{lines} lines: {parts} parts, {levels} levels of findings, {items} feedback items, "
        "{measures} measures, {statistics} statistics sentences, {plain} paragraphs kept as text",
    ),
    "import_kept_line": (
        "{path}:{line}: 未能归入措施或状态,已按原文保留在原处:{text}",
        "{path}:{line}: not placed as a measure or a status; kept as text where it stood: {text}",
    ),
    "import_unprintable": (
        "{path}:{line}:{col}: 这一行有控制字符 {char}，已原样导入；Word 版通报无法容纳它"
        "（\\v、\\f 印作换行，其余不印出），请核对原文后在计划中删除它。",
        "{path}:{line}:{col}: this line holds the control character {char}, imported as it is; "
        "a Word file cannot hold it (\\v and \\f print as a line break, others not at all): "
        "check the notice and delete it from the plan",
    ),
    "import_kept_more": (
        "……另有 {n} 行按原文保留在原处(--explain 逐行列出)。",
        "… and {n} more lines kept as text where they stood (--explain lists every line)",
    ),
    "import_unbound": (
        "通报中的状态词与各项状态对不上,已按原文保留,不随台账变化。",
        "the notice's status words disagree with each other; kept as text, not bound to the ledger",
    ),
    "import_all_text": (
        "未能识别通报的结构,已把每一段按原文保留;计划中没有措施。",
        "could not read the notice's structure; every paragraph is kept as text, with no measures",
    ),
    "import_truncated": (
        "{path}:{line}: 通报在此处中断(句子没有结束),已原样保留。",
        "{path}:{line}: the notice stops mid-sentence here; kept as it is",
    ),
    "migrate_mismatch": (
        "{path} 的通报读回后编号与原计划不一致,未迁移;请把计划文件发给维护人员。",
        "{path}: its notice reads back with other IDs; not migrated (please report this plan)",
    ),
    "migrate_already": ("{path} 已是第 2 版格式,无需迁移。", "{path} is schema 2 already"),
    "migrate_done": (
        "已把 {path} 迁移到第 2 版格式:通报逐字节不变,{measures} 项措施的台账不变。"
        "rectify undo 可撤销。",
        "migrated {path} to schema 2: the same notice byte for byte, the same ledger of "
        "{measures} measures (rectify undo reverts it)",
    ),
    "migrate_dry_run": (
        "(--dry-run:{path} 未改动,迁移后的内容如上)",
        "(--dry-run: {path} not changed; the migrated plan is above)",
    ),
    "import_needs_output": (
        "从通报导入请用 -o 指定新计划文件,例如 -o data/items.yaml。",
        "importing a notice needs -o PLAN.yaml",
    ),
    "import_unplaced": (
        "{path}:{line}: 无法归类,已作为注释留在新计划末尾:{text}",
        "{path}:{line}: could not place this line; kept as a comment at the plan's end: {text}",
    ),
    "import_cut_off": (
        "{path}:{line}: 通报在此处中断,已导入此前的内容。",
        "{path}:{line}: the notice stops here; imported what came before",
    ),
    "import_written": (
        "已生成计划 {path}:{items} 条反馈意见、{measures} 项措施。",
        "wrote {path}: {items} feedback items, {measures} measures",
    ),
    "doctor_ok": ("{path}：工具文件夹完好，无需修复。", "{path}: the tool folder is sound"),
    "doctor_folder_not_folder": (
        "{path} 应为工具文件夹，实际是文件：rectify 无法记录修改，也无法撤销。",
        "{path} should be the tool folder but is a file: no change can be journaled or undone",
    ),
    "doctor_journal_not_file": (
        "{path} 应为修改记录文件，实际不是普通文件：log 和 undo 无法读取它。",
        "{path} should be the journal but is no regular file: log and undo cannot read it",
    ),
    "doctor_entry_bad": (
        "{path}:{line}: 这条修改记录已损坏（字段“{field}”缺失、多余或类型不对）："
        "log 和 undo 无法使用它。",
        "{path}:{line}: this journal entry is damaged (its field '{field}'): log and undo "
        "cannot use it",
    ),
    "doctor_not_file": (
        "{path} 应为文件，实际不是普通文件（锁或读取缓存）。",
        "{path} should be a file (the lock or the parse cache) but is not a regular one",
    ),
    "doctor_fix_hint": (
        "运行 rectify doctor --fix 修复：损坏的部分移到一旁另存（不删除），计划文件不会被改动。",
        "`rectify doctor --fix` repairs it: what is damaged is moved aside (nothing is "
        "deleted), and the plan is not touched",
    ),
    "doctor_moved": ("已把 {path} 移到 {moved}。", "moved {path} to {moved}"),
    "doctor_rewritten": (
        "已重写 {path}：保留 {kept} 条完好的记录，原文件另存为 {moved}。",
        "rewrote {path} with its {kept} whole entries; the old file is kept as {moved}",
    ),
    "log_empty": ("还没有修改记录。", "no changes recorded yet"),
    "log_undone": ("(已撤销)", "(undone)"),
    "log_lost": (
        "(已丢失：文件中已没有这次修改，可用 rectify reapply 重新应用)",
        "(lost: the plan no longer holds this change; rectify reapply applies it again)",
    ),
}


def lang_from_env(option: str | None) -> str:
    lang = (option or os.environ.get("RECTIFY_LANG") or "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def t(key: str, lang: str, /, **args: Any) -> str:
    """The message `key` in `lang`, filled in. `got` and `what` name kinds of things, which are
    translated too."""
    zh, en = CATALOG[key]
    if "got" in args:
        args["got"] = t("got_" + args["got"], lang)
    if f"what_{args.get('what')}" in CATALOG:
        args["what"] = t(f"what_{args['what']}", lang)
    return (en if lang == "en" else zh).format(**args)
