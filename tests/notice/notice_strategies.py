"""Generated rectification notices (整改情况通报) for the importer's property tests.

A grammar of the genre's forms, in wording of its own (no published notice is copied): a head
(title, 文号, 主送, one to three opening paragraphs, a statistics sentence), 一、 parts (an
overview with its points run in or on their own line, a findings part of two to four levels in
varied marker styles or parts grouped by status, the next steps), and a tail (closing, contact,
signature, date, editor). Each item's measures run in after its title or follow a label
(整改情况：/整改措施：) run in or one a paragraph, with an optional status line and status
marks. Then the layout: line ends, blank lines, indents, a BOM, the final newline, and the
width of brackets and colons, each chosen independently.

`notices()` draws a `Notice`: the text, what the generator knows of its structure (items and
measures), and each physical line's tag: which lines an edit of the ledger may change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from hypothesis import strategies as st

from rectify_cli.model.numbering import cn
from rectify_cli.model.status import Status

# -- what a line is, for the ledger-edit property --------------------------------------------

OTHER = "other"  # never changes when only the ledger changes
STATUS = "status"  # a status line (整改结果：…), or one with a status line run in
MARKED = "marked"  # holds a measure with a status mark （已完成）
BLANK = "blank"


@dataclass(frozen=True)
class Para:
    """One generated paragraph, before the layout: its text (no indent, no line end)."""

    text: str
    tag: str = OTHER
    item: int | None = None  # the item (0-based, in notice order) whose line it is
    group: bool = False  # inside a part grouped by status (membership may move)
    role: str = "body"  # title, docno, addressee, signature, date: lines an office may not
    # indent; label: a measures label alone on its line


@dataclass(frozen=True)
class Line:
    """One physical line of the generated text, with what the ledger property needs."""

    text: str  # indent + text + line end
    tag: str
    item: int | None
    group: bool


@dataclass(frozen=True)
class Group:
    """A part grouped by status: its status, whether a lead paragraph opens it, its items."""

    status: Status
    lead: bool
    items: tuple[int, ...]


@dataclass(frozen=True)
class Notice:
    text: str
    lines: tuple[Line, ...]
    items: int
    measures: int
    statuses: tuple[Status | None, ...]  # each item's printed status (None: none printed)
    groups: tuple[Group, ...] = ()  # the parts grouped by status
    features: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Grammar:
    """Which forms the generator may use (a form that is a known finding can be left out)."""

    status_groups: bool = True
    results_label: bool = True  # 整改成效：… after the measures
    status_lines: bool = True
    marks: bool = True
    label_levels: bool = True  # 反馈问题一： / 问题1： as a findings level
    circled_levels: bool = True  # ① as the items' level
    circled_measures: bool = True  # ①②… measures one a paragraph
    circled_then_label: bool = True  # …and a results or status line after them
    paren_arabic_after_status: bool = True  # (1) items after an item's status/results line
    headings_without_wenti: bool = True  # a findings part headed 巡察反馈意见整改落实情况
    mixed_eol: bool = True
    mixed_cr: bool = True  # a bare CR among mixed line ends
    trailing_space: bool = True  # spaces after a line's text, as web copies have
    space_after_label: bool = True  # …after a measures label alone on its line
    space_after_mark: bool = True  # …after a status mark that ends its line
    space_after_word: bool = True  # …after a status line's word with no 。 after it


DEFAULT = Grammar()

# -- words -----------------------------------------------------------------------------------

UNITS = (
    "青禾县市场监督管理局",
    "白鹭区文化和旅游局",
    "松溪县交通运输局",
    "云岭镇",
    "柳塘县统计局",
    "石门县水务局",
    "东篱街道",
    "金川县档案馆",
)
SUPERIORS = ("县委", "区委", "市委")
DOCNO_PREFIX = ("青市监党", "白文旅党", "松交党", "云岭党", "柳统党", "石水党")
OVERVIEW_HEADINGS = ("巡察整改工作组织推进情况", "整改工作开展情况", "整改落实工作总体情况")
POINT_TITLES = ("加强组织领导", "压实整改责任", "强化督促检查", "健全长效机制", "注重成果运用")
POINT_BODIES = (
    "党组召开专题会议研究部署整改工作，成立由主要负责同志任组长的整改工作领导小组。",
    "对照反馈意见逐条制定整改任务清单，明确责任领导、责任科室和完成时限。",
    "纪检组对整改工作开展全程监督，对进度滞后的科室及时提醒督办。",
    "坚持边改边立，对整改中暴露出的制度短板逐项修订完善。",
    "把整改成效与年度目标考核相结合，推动整改成果转化为工作实效。",
)
FINDINGS_HEADINGS = ("反馈问题整改落实情况", "巡察反馈问题整改情况", "巡察反馈问题整改落实情况")
HEADING_WITHOUT_WENTI = "巡察反馈意见整改落实情况"
AREAS = (
    "贯彻落实上级决策部署",
    "全面从严治党",
    "干部队伍建设",
    "基层党组织建设",
    "作风建设",
    "巡察整改落实",
)
PROBLEMS = (
    "理论学习不够深入",
    "制度执行不够严格",
    "监督管理存在薄弱环节",
    "责任落实不够到位",
    "内部管理不够规范",
)
TOPICS = (
    "议事规则执行不严格",
    "专项资金使用不规范",
    "固定资产账实不符",
    "公务接待审批不严",
    "年轻干部培养力度不够",
    "党支部组织生活不规范",
    "政务公开不够及时",
    "合同管理存在漏洞",
    "档案管理不够规范",
    "安全生产检查不全面",
    "财务报销审核不严",
    "廉政风险排查不深入",
)
VERBS = ("修订完善", "建立健全", "制定出台", "全面梳理", "组织开展", "严格落实", "集中清理")
OBJECTS = (
    "议事决策规则",
    "专项资金管理办法",
    "固定资产台账",
    "公务接待审批流程",
    "干部教育培训计划",
    "组织生活制度",
    "政务信息公开目录",
    "合同审查机制",
    "档案管理制度",
    "安全生产巡查机制",
    "财务报销审核流程",
    "廉政风险防控清单",
    "《议事决策规则》",
    "“三重一大”事项决策清单",
    "《专项资金管理办法（试行）》",
    "公务用车管理制度（试行）",
)
CLAUSES = (
    "",
    "，做到全程留痕",
    "，每季度通报一次",
    "，明确责任分工",
    "，实行台账管理",
    "，确保按期完成",
)
RESULTS = ("通过整改，相关制度得到进一步完善。", "目前相关工作已纳入常态化管理。")
NEXT_STEPS_HEADINGS = ("下一步工作打算", "下一步整改工作安排", "下一步工作计划")
NEXT_STEPS = (
    "持续巩固整改成果，防止问题反弹回潮。",
    "对正在推进的整改任务紧盯不放，确保按期整改到位。",
    "把巡察整改与日常工作结合起来，建立长效机制。",
)
CLOSING = "欢迎广大干部群众对巡察整改落实情况进行监督。"
CONTACTS = ("联系电话{c}0000-1234567", "电子邮箱{c}xczg@example.cn", "通信地址{c}某某县某某路1号")

# The words a notice prints for a status: status lines and group headings, and marks.
LINE_WORDS = {
    Status.DONE: ("已整改完成", "已完成"),
    Status.DOING: ("正在整改", "持续推进", "基本完成", "阶段性完成"),
    Status.ONGOING: ("长期坚持", "长期坚持整改"),
    Status.TODO: ("尚未整改",),
}
MARK_WORDS = {
    Status.DONE: ("已完成",),
    Status.DOING: ("持续推进", "正在整改"),
    Status.ONGOING: ("长期坚持",),
}
GROUP_HEADINGS = (
    ("已整改完成的问题", Status.DONE),
    ("需长期坚持整改的问题", Status.ONGOING),
    ("正在整改的问题", Status.DOING),
    ("正在推进整改的问题", Status.DOING),
    ("基本完成的问题", Status.DOING),
)
STATUS_LABELS = ("整改结果", "整改进度", "整改进展")
KINDS = ("paren_cn", "arabic", "paren_arabic", "label", "circled")


# -- widths ----------------------------------------------------------------------------------


class Pen:
    """Brackets and colons in the width the notice chose: half, full, or mixed (each one
    drawn)."""

    def __init__(self, draw: st.DrawFn, brackets: str, colons: str) -> None:
        self.draw = draw
        self.brackets = brackets
        self.colons = colons

    def _full(self, mode: str) -> bool:
        return self.draw(st.booleans()) if mode == "mixed" else mode == "full"

    def paren(self, inner: str) -> str:
        return f"（{inner}）" if self._full(self.brackets) else f"({inner})"

    def colon(self) -> str:
        return "：" if self._full(self.colons) else ":"


# -- the grammar -----------------------------------------------------------------------------


class _Gen:
    """One notice being drawn: its paragraphs and what is known of its findings."""

    def __init__(self, draw: st.DrawFn, grammar: Grammar) -> None:
        self.draw = draw
        self.g = grammar
        self.pen = Pen(
            draw,
            draw(st.sampled_from(("half", "full", "mixed"))),
            draw(st.sampled_from(("half", "full", "mixed"))),
        )
        self.unit = draw(st.sampled_from(UNITS))
        self.superior = draw(st.sampled_from(SUPERIORS))
        self.paras: list[Para] = []
        self.items = 0
        self.measures = 0
        self.statuses: list[Status | None] = []
        self.groups: list[Group] = []
        self.features: set[str] = set()
        self.label_count = 0
        self.results_allowed = True  # status and results lines (see Grammar)

    def pick(self, values: tuple[str, ...] | list[str]) -> str:
        return self.draw(st.sampled_from(values))

    def flag(self, name: str, allowed: bool = True) -> bool:
        on = allowed and self.draw(st.booleans())
        if on:
            self.features.add(name)
        return on

    def add(self, text: str, **kw: object) -> None:
        self.paras.append(Para(text, **kw))  # type: ignore[arg-type]

    # -- head ------------------------------------------------------------------------------

    def head(self) -> None:
        pen, unit, sup = self.pen, self.unit, self.superior
        if self.flag("docno"):
            no = self.draw(st.integers(1, 30))
            self.add(f"{self.pick(DOCNO_PREFIX)}发〔2024〕{no}号", role="docno")
        if self.flag("title"):
            title = self.pick(
                (
                    f"中共{unit}党组关于{sup}巡察整改进展情况的通报",
                    f"{unit}党组关于{sup}巡察反馈意见整改情况的通报",
                    f"中共{unit}党组关于巡察整改进展情况的通报",
                )
            )
            self.add(title, role="title")
        if self.flag("addressee"):
            self.add(f"{sup}巡察工作领导小组办公室{pen.colon()}", role="addressee")
        group = f"{sup}第{cn(self.draw(st.integers(1, 5)))}巡察组"
        first = (
            f"根据{sup}巡察工作统一部署，2024年3月{self.draw(st.integers(1, 28))}日至5月"
            f"{self.draw(st.integers(1, 28))}日，{group}对{unit}党组开展了常规巡察，"
            f"并于2024年6月{self.draw(st.integers(1, 28))}日反馈了巡察意见。"
        )
        middle = f"{unit}党组把巡察整改作为重要政治任务，对反馈问题照单全收、逐项整改。"
        last = "按照巡察工作有关规定，现将巡察整改进展情况" + self.pick(
            ("予以公布。", "予以通报。", "向社会公开。")
        )
        count = self.draw(st.integers(1, 3))
        self.features.add(f"openings_{count}")
        openings = {1: [first + last], 2: [first, middle + last], 3: [first, middle, last]}
        for text in openings[count]:
            self.add(text)

    def statistics(self) -> str:
        done = sum(s is Status.DONE for s in self.statuses)
        total = self.items
        rate = f"{100 * done / total:.2f}".rstrip("0").rstrip(".") if total else "0"
        return (
            f"截至2024年6月30日，巡察反馈的{total}个问题中，已整改完成{done}个，"
            f"正在整改{total - done}个，整改完成率{rate}%。"
        )

    # -- parts -----------------------------------------------------------------------------

    def part(self, number: int, heading: str, group: bool = False) -> None:
        self.add(f"{cn(number)}、{heading}", group=group)

    def overview(self, number: int) -> None:
        self.part(number, self.pick(OVERVIEW_HEADINGS))
        if self.flag("overview_lead"):
            self.add(f"{self.unit}党组高度重视巡察反馈意见，第一时间召开会议研究整改工作。")
        if self.flag("points_yishi"):
            for k in range(1, self.draw(st.integers(1, 3)) + 1):
                self.add(f"{cn(k)}是{self.pick(POINT_BODIES)}")
            return
        own_line = self.flag("points_own_line")
        titles = self.draw(
            st.lists(st.sampled_from(POINT_TITLES), min_size=1, max_size=4, unique=True)
        )
        for k, title in enumerate(titles, 1):
            marker = self.pen.paren(cn(k))
            body = self.pick(POINT_BODIES)
            if own_line:
                self.add(marker + title)
                self.add(body)
            else:
                self.add(f"{marker}{title}。{body}")

    def next_steps(self, number: int) -> None:
        self.part(number, self.pick(NEXT_STEPS_HEADINGS))
        if self.flag("next_yishi"):
            for k in range(1, self.draw(st.integers(1, 3)) + 1):
                self.add(f"{cn(k)}是{self.pick(NEXT_STEPS)}")
        else:
            self.add(f"{self.unit}党组将{self.pick(NEXT_STEPS)}")

    # -- findings --------------------------------------------------------------------------

    def levels(self) -> list[str]:
        """The marker kinds of the findings levels, outermost first."""
        kinds = [
            k
            for k in KINDS
            if (k != "label" or self.g.label_levels) and (k != "circled" or self.g.circled_levels)
        ]
        depth = self.draw(st.integers(2, 4))
        chosen = self.draw(
            st.lists(st.sampled_from(kinds), min_size=depth, max_size=depth, unique=True)
        )
        if "circled" in chosen:  # ① opens a level only where its body follows: items only
            chosen.remove("circled")
            chosen.append("circled")
        return chosen

    def marker(self, kind: str, n: int, dot: str) -> str:
        pen = self.pen
        if kind == "paren_cn":
            return pen.paren(cn(n))
        if kind == "paren_arabic":
            return pen.paren(str(n))
        if kind == "arabic":
            return f"{n}{dot}"
        if kind == "circled":
            return chr(0x2460 + n - 1)
        self.label_count += 1  # numbered through the notice, not under each parent
        return self.pick(
            (
                f"反馈问题{cn(self.label_count)}{pen.colon()}",
                f"问题{self.label_count}{pen.colon()}",
                f"反馈问题{pen.colon()}",
            )
        )

    def findings_part(self, number: int) -> None:
        headings = FINDINGS_HEADINGS
        if self.g.headings_without_wenti:
            headings = (*headings, HEADING_WITHOUT_WENTI)
        self.part(number, self.pick(headings))
        if self.flag("findings_lead"):
            self.add(f"针对巡察反馈的问题，{self.unit}党组逐项制定整改措施，具体情况如下。")
        kinds = self.levels()
        self.features.add(f"levels_{len(kinds)}")
        self.features.add("kinds_" + "/".join(kinds))
        dots = {k: self.pick((".", "．", "、")) for k in kinds}
        self.results_allowed = self.g.paren_arabic_after_status or "paren_arabic" not in kinds
        self.tree(kinds, 0, dots, None, group=False)

    def tree(
        self, kinds: list[str], depth: int, dots: dict[str, str], status: Status | None, group: bool
    ) -> None:
        kind = kinds[depth]
        count = self.draw(st.integers(1, 3))
        for n in range(1, count + 1):
            marker = self.marker(kind, n, dots.get(kind, "."))
            if depth < len(kinds) - 1:
                self.add(marker + self.group_title(depth), group=group)
                self.tree(kinds, depth + 1, dots, status, group)
            else:
                self.item(marker, kind == "circled", status, group)

    def group_title(self, depth: int) -> str:
        if depth == 0:
            area = self.pick(AREAS)
            return self.pick((f"{area}方面", f"关于{area}方面", f"在{area}方面存在的问题"))
        return self.pick(PROBLEMS) + self.pick(("", "。"))

    def item_title(self) -> str:
        topic = self.pick(TOPICS)
        return self.pick((f"关于{topic}的问题", topic, f"{topic}的问题"))

    def item(self, marker: str, circled: bool, group: Status | None, in_group: bool) -> None:
        """An item: its title, its measures in one of the forms, a status line and marks."""
        index = self.items
        self.items += 1
        pen = self.pen
        forms = [
            "runin",
            "runin_label",
            "label_runin",
            "label_shi",
            "label_plain",
            "label_one",
            "shi_paras",
        ]
        if not circled and self.g.circled_measures:
            forms.append("circled_paras")
        form = self.pick(forms)
        self.features.add("item_" + form)
        count = 1 if form == "label_one" else self.draw(st.integers(1, 4))
        self.measures += count
        # the item's status, as printed by its status line and marks
        if group is not None:
            status: Status | None = group
        else:
            status = self.draw(st.sampled_from([None, *LINE_WORDS]))
        allowed = self.g.status_lines and self.results_allowed
        if form == "circled_paras" and not self.g.circled_then_label:
            allowed = False
        line = allowed and status is not None and self.flag("status_line")
        if line and group is None:
            status_printed: Status | None = status
        else:
            status_printed = group
        marks: list[str | None] = [None] * count
        if self.g.marks and status in MARK_WORDS and self.flag("marks"):
            words = MARK_WORDS[status]  # type: ignore[index]
            for k in range(count):
                if group is not None or line or self.draw(st.booleans()):
                    marks[k] = self.draw(st.sampled_from(words))
            if status_printed is None and any(marks):
                status_printed = status if all(marks) else None
        self.statuses.append(status_printed)
        sentences = [self.measure(marks[k]) for k in range(count)]
        title = self.item_title()
        marked = MARKED if any(marks) else OTHER
        kw = {"item": index, "group": in_group}
        status_text = ""
        if line:
            assert status is not None
            word = self.pick(LINE_WORDS[status])
            status_text = f"{self.pick(STATUS_LABELS)}{pen.colon()}{word}{self.pick(('。', ''))}"
        run_in_status = (
            bool(status_text)
            and form in ("runin", "runin_label", "label_runin")
            and self.flag("status_run_in")
        )
        tail = status_text if run_in_status else ""
        tag = STATUS if run_in_status else marked
        if form == "runin":
            self.add(
                marker + title + self.pick(("。", "：")) + self.runin(sentences) + tail,
                tag=tag,
                **kw,
            )
        elif form == "runin_label":
            label = self.pick(("整改措施", "整改情况")) + pen.colon()
            self.add(marker + title + "。" + label + self.runin(sentences) + tail, tag=tag, **kw)
        else:
            self.add(marker + title + self.pick(("", "。")), **kw)
            label = self.pick(("整改措施", "整改情况", "整改落实情况")) + pen.colon()
            if form == "label_runin":
                self.add(label + self.runin(sentences) + tail, tag=tag, **kw)
            elif form == "label_one":
                self.add(label + sentences[0] + "。", tag=marked, **kw)
            else:
                if form in ("label_shi", "label_plain"):
                    self.add(label, role="label", **kw)
                for k, s in enumerate(sentences, 1):
                    mark = {"label_plain": "", "circled_paras": chr(0x2460 + k - 1)}.get(
                        form, f"{cn(k)}是"
                    )
                    self.add(mark + s + "。", tag=MARKED if marks[k - 1] else OTHER, **kw)
        results_allowed = self.results_allowed and (
            form != "circled_paras" or self.g.circled_then_label
        )
        if self.g.results_label and results_allowed and self.flag("results"):
            self.add(f"整改成效{pen.colon()}{self.pick(RESULTS)}", **kw)
        if status_text and not run_in_status:
            self.add(status_text, tag=STATUS, **kw)

    def measure(self, mark: str | None) -> str:
        text = self.pick(VERBS) + self.pick(OBJECTS) + self.pick(CLAUSES)
        return text + (self.pen.paren(mark) if mark else "")

    def runin(self, sentences: list[str]) -> str:
        out = ""
        for k, s in enumerate(sentences, 1):
            end = "。" if k == len(sentences) else self.pick(("；", "。", ";"))
            out += f"{cn(k)}是{s}{end}"
        return out

    def status_groups(self, number: int) -> int:
        chosen = self.draw(
            st.lists(
                st.sampled_from(GROUP_HEADINGS), min_size=2, max_size=3, unique_by=lambda h: h[0]
            )
        )
        self.features.add("status_groups")
        two = self.flag("group_levels_2")
        kinds = ["paren_cn", "arabic"] if two else [self.pick(("arabic", "paren_cn"))]
        dots = {"arabic": self.pick((".", "．", "、"))}
        for heading, status in chosen:
            self.part(number, heading, group=True)
            lead = self.flag("group_lead")
            if lead:
                self.add(f"{heading}的具体整改情况如下。", group=True)
            self.label_count = 0
            first = self.items
            self.tree(kinds, 0, dots, status, group=True)
            self.groups.append(Group(status, lead, tuple(range(first, self.items))))
            number += 1
        return number

    # -- tail ------------------------------------------------------------------------------

    def tail(self) -> None:
        pen = self.pen
        contacts = [c.format(c=pen.colon()) for c in CONTACTS]
        closing = self.flag("closing")
        if closing:
            if self.flag("contact_run_in"):
                self.add(CLOSING + "；".join(contacts[:2]) + "。", role="closing")
                contacts = []
            else:
                self.add(CLOSING, role="closing")
        if contacts and self.flag("contacts"):
            if self.flag("contacts_one_line"):
                self.add("　".join(contacts))
            else:
                for c in contacts:
                    self.add(c)
        if self.flag("signature"):
            self.add(f"中共{self.unit}党组", role="signature")
        if self.flag("date"):
            self.add(
                f"2024年{self.draw(st.integers(7, 12))}月{self.draw(st.integers(1, 30))}日",
                role="date",
            )
        if self.flag("editor"):
            self.add(f"责编{pen.colon()}{self.unit}")


@st.composite
def paragraphs(draw: st.DrawFn, grammar: Grammar = DEFAULT) -> _Gen:
    """A notice's paragraphs, before the layout."""
    gen = _Gen(draw, grammar)
    gen.head()
    stats_at = len(gen.paras)
    stats = gen.flag("statistics")
    number = 1
    for n in range(draw(st.integers(0, 2))):
        gen.overview(number)
        number += 1
        if n == 0 and stats and gen.flag("statistics_in_overview"):
            stats_at = len(gen.paras)  # the first overview part's last paragraph
    if grammar.status_groups and gen.flag("groups"):
        number = gen.status_groups(number)
    else:
        gen.findings_part(number)
        number += 1
    if gen.flag("next_steps"):
        gen.next_steps(number)
    gen.tail()
    if stats:  # written once the items' statuses are known
        closing = [n for n, p in enumerate(gen.paras) if p.role == "closing"]
        if closing and gen.flag("statistics_in_closing"):
            p = gen.paras[closing[0]]
            gen.paras[closing[0]] = replace(p, text=gen.statistics() + p.text)
        else:
            gen.paras.insert(stats_at, Para(gen.statistics()))
    return gen


EOLS = ("\n", "\r\n", "\r")
INDENTS = ("\u3000\u3000", "\u3000\u3000", "\u3000\u3000", "    ", "\t")
UNINDENTED = ("title", "docno", "addressee", "signature", "date")


@st.composite
def notices(draw: st.DrawFn, grammar: Grammar = DEFAULT) -> Notice:
    """A generated notice: its paragraphs laid out in a drawn layout."""
    gen = draw(paragraphs(grammar))
    features = set(gen.features)
    eol = draw(st.sampled_from(EOLS))
    mixed = grammar.mixed_eol and draw(st.integers(0, 9)) == 0
    indent_mode = draw(st.sampled_from(("none", "all", "body", "random")))
    blank_mode = draw(st.sampled_from(("none", "one", "random")))
    indent = draw(st.sampled_from(INDENTS))
    blank_text = draw(st.sampled_from(("", indent))) if indent_mode != "none" else ""
    spaces = grammar.trailing_space and draw(st.integers(0, 3)) == 0
    bom = draw(st.booleans())
    final = draw(st.booleans())
    trailing = draw(st.integers(0, 2)) if final and draw(st.integers(0, 4)) == 0 else 0
    eol_name = {"\n": "lf", "\r\n": "crlf", "\r": "cr"}[eol]
    features |= {f"eol_{eol_name}", f"indent_{indent_mode}", f"blank_{blank_mode}"}
    if mixed:
        features.add("mixed_eol")
    if bom:
        features.add("bom")
    if not final:
        features.add("no_final_newline")
    if spaces:
        features.add("trailing_space")
    features.add(f"indent_{indent!r}")

    previous = [""]

    def end(content: str) -> str:
        """A line's end; in mixed line ends, never a CR before an empty line's LF (the two
        would be one CRLF, and the empty line would be gone)."""
        choices = EOLS if grammar.mixed_cr else ("\n", "\r\n")
        if previous[0] == "\r" and not content:
            choices = ("\r", "\r\n")
        previous[0] = draw(st.sampled_from(choices)) if mixed else eol
        return previous[0]

    lines: list[Line] = []
    paras = gen.paras
    for n, p in enumerate(paras):
        if n:
            blanks = {"none": 0, "one": 1}.get(blank_mode)
            if blanks is None:
                blanks = draw(st.integers(0, 2))
            inside = p.group and paras[n - 1].group
            for _ in range(blanks):
                lines.append(Line(blank_text + end(blank_text), BLANK, None, inside))
        indented = {
            "none": False,
            "all": True,
            "body": p.role not in UNINDENTED,
        }.get(indent_mode)
        if indented is None:
            indented = draw(st.booleans())
        last = n == len(paras) - 1
        line_end = end(p.text) if not last or final else ""
        trail = ""
        mark_ends = p.tag == MARKED and re.search(r"[)）][。；;，,]?$", p.text) is not None
        if (
            spaces
            and (p.role != "label" or grammar.space_after_label)
            and (not mark_ends or grammar.space_after_mark)
            and (p.tag != STATUS or p.text.endswith("。") or grammar.space_after_word)
        ):
            trail = draw(st.sampled_from(("", "", " ", "\u3000", "\u00a0")))
        text = (indent if indented else "") + p.text + trail
        lines.append(Line(text + line_end, p.tag, p.item, p.group))
    for _ in range(trailing):
        lines.append(Line(blank_text + end(blank_text), BLANK, None, False))
    text = ("\ufeff" if bom else "") + "".join(line.text for line in lines)
    return Notice(
        text,
        tuple(lines),
        gen.items,
        gen.measures,
        tuple(gen.statuses),
        tuple(gen.groups),
        frozenset(features),
    )
