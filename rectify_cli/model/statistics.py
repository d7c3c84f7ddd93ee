"""Statistics sentences in a notice: where they are, and the counts and rate they claim.

A statistics sentence counts problems, 意见, items or measures, or gives a completion rate, in
any of the genre's wordings: `截至目前,巡察反馈25个问题,已完成整改19个、正在整改6个,整改完成率
76%。`, `巡察反馈意见共3类8条`, `反馈的6个问题已整改完成5个,长期坚持1个`. A lone 一 (`一个问题一个
问题研究`, `整改完成一项、验收一项`) is an idiom, not a count. The claims are compared with the
ledger when a schema-2 plan is read (planfile/schema2.py: a warning where they disagree).
"""

from __future__ import annotations

import re

from .numbering import from_cn

_CN = "〇零一二三四五六七八九十百两"
_NUM = rf"(?:\d+|[{_CN}]{{2,}}|[二三四五六七八九十两])"  # 一 alone is an idiom
_UNIT = "(?:个|项|条|类)"
_COUNTED = "(?:问题|意见|反馈意见|整改任务|整改措施|任务)"
_STATUS = "(?:完成整改|整改完成|已整改完成|已完成|正在整改|正在推进|长期坚持|基本完成|阶段性完成)"
_STATISTIC = re.compile(
    rf"完成率\s*\d+(?:\.\d+)?%"
    rf"|{_NUM}{_UNIT}(?:具体)?(?:方面)?{_COUNTED}"
    rf"|(?:{_STATUS}|共|{_COUNTED}){_NUM}{_UNIT}"
)
_RATE = re.compile(r"完成率\s*(\d+(?:\.\d+)?)%")
_WORDS = {
    "完成整改": "done",
    "整改完成": "done",
    "已整改完成": "done",
    "已完成": "done",
    "正在整改": "doing",
    "正在推进整改": "doing",
    "正在推进": "doing",
    "持续推进": "doing",
    "需长期坚持整改": "ongoing",
    "长期坚持整改": "ongoing",
    "长期坚持": "ongoing",
    "基本完成": "basically_done",
    "阶段性完成": "partly_done",
}
_NOUNS = {"方面": "categories", "类": "categories", "问题": "problems", "具体问题": "items",
          "意见": "items", "反馈意见": "items", "整改任务": "items", "任务": "items",
          "整改措施": "measures", "措施": "measures"}  # fmt: skip
_WORD = "|".join(sorted(_WORDS, key=len, reverse=True))
_NOUN = "|".join(sorted(_NOUNS, key=len, reverse=True))
_CLAIM = re.compile(
    rf"(?P<word>{_WORD})(?:的问题)?(?:共)?(?P<counted>{_NUM}|一){_UNIT}"
    rf"|(?P<n>{_NUM})(?:(?P<kind>类)|{_UNIT}(?P<noun>{_NOUN}))"
    rf"|(?P<before>{_NOUN})(?P<m>{_NUM}){_UNIT}"
)


def sentences(paragraph: str) -> list[str]:
    """The statistics sentences of a paragraph, each with its end punctuation.

    >>> sentences("局党组高度重视。截至目前,巡察反馈25个问题,已完成整改19个,整改完成率76%。")
    ['截至目前,巡察反馈25个问题,已完成整改19个,整改完成率76%。']
    """
    pieces = [s for s in re.split(r"(?<=[。！？])", paragraph) if s.strip()]
    return [s for s in pieces if _STATISTIC.search(s)]


def claims(sentence: str) -> dict[str, float]:
    """The counts a statistics sentence claims, by what they count (categories, problems,
    items, measures) and by status word, and `rate` in percent; the first of each is kept.

    >>> claims("截至目前,巡察反馈25个问题,已完成整改19个、正在整改6个,整改完成率76%。")
    {'problems': 25.0, 'done': 19.0, 'doing': 6.0, 'rate': 76.0}
    >>> claims("针对巡察反馈的3个方面5个问题9条意见,逐条制定整改措施。")
    {'categories': 3.0, 'problems': 5.0, 'items': 9.0}
    >>> claims("巡察反馈意见共3类8条,已整改完成四项,阶段性完成一项。")
    {'categories': 3.0, 'done': 4.0, 'partly_done': 1.0}
    """
    found: dict[str, float] = {}
    for m in _CLAIM.finditer(sentence):
        if m["word"]:
            what, number = _WORDS[m["word"]], _number(m["counted"])
        elif m["n"]:
            what, number = "categories" if m["kind"] else _NOUNS[m["noun"]], _number(m["n"])
        else:
            what, number = _NOUNS[m["before"]], _number(m["m"])
        if number is not None:
            found.setdefault(what, number)
    rate = _RATE.search(sentence)
    if rate is not None:
        found["rate"] = float(rate.group(1))
    return found


def _number(text: str) -> float | None:
    """The count a numeral writes, or None for characters that are no numeral (`三四个`)."""
    if text.isascii():
        return float(text)
    try:
        return float(from_cn(text.replace("两", "二")))
    except ValueError:
        return None


def disagreements(claimed: dict[str, float], found: dict[str, float]) -> list[str]:
    """What a sentence claims that the ledger's counts do not say, each as `what`; `problems`
    may count the findings' problems or their items (notices use the word for both).

    >>> disagreements({"problems": 9, "done": 7}, {"items": 9, "problems": 3, "done": 6})
    ['done']
    """
    wrong = []
    for what, number in claimed.items():
        if what == "problems":
            right = number in (found.get("items"), found.get("problems"))
        elif what in found:
            right = abs(found[what] - number) < (0.01 if what == "rate" else 0.5)
        else:
            continue  # a count the ledger does not keep (基本完成, 阶段性完成)
        if not right:
            wrong.append(what)
    return wrong


# What each claimed count is printed from when a statistics paragraph is filled from the ledger
_NAMES = {"categories": "categories", "problems": "items", "items": "items",
          "measures": "measures", "done": "done", "doing": "doing", "ongoing": "ongoing",
          "basically_done": "doing", "partly_done": "doing"}  # fmt: skip
_AS_OF = re.compile(r"(?<=截至|截止)(?:\d{4}年\d{1,2}月\d{1,2}日|目前)")


def template(paragraph: str) -> str | None:
    """A statistics paragraph in its own wording with each count, its rate and its date made a
    name to fill from the ledger (docs/plan-format.md, F); None when it claims nothing.

    >>> template("截至2023年6月30日,反馈的4个方面12个问题中,已整改完成10个,整改完成率83.33%。")
    '截至{as_of},反馈的{categories}个方面{items}个问题中,已整改完成{done}个,整改完成率{rate}%。'
    """
    spans: list[tuple[int, int, str]] = []
    for sentence_start, sentence in _sentences_at(paragraph):
        seen: set[str] = set()
        for m in _CLAIM.finditer(sentence):
            group = "counted" if m["word"] else "n" if m["n"] else "m"
            what = (_WORDS[m["word"]] if m["word"] else "categories" if m["kind"] else
                    _NOUNS[m["noun"] if m["n"] else m["before"]])  # fmt: skip
            if what in seen or _number(m[group]) is None:
                continue
            seen.add(what)
            a, b = m.span(group)
            spans.append((sentence_start + a, sentence_start + b, _NAMES[what]))
        rate = _RATE.search(sentence)
        if rate is not None:
            spans.append((sentence_start + rate.start(1), sentence_start + rate.end(1), "rate"))
        date = _AS_OF.search(sentence)
        if date is not None:
            spans.append((sentence_start + date.start(), sentence_start + date.end(), "as_of"))
    if not spans:
        return None
    out, at = [], 0
    for a, b, name in sorted(spans):
        out.append(paragraph[at:a].replace("{", "{{").replace("}", "}}"))
        out.append("{" + name + "}")
        at = b
    out.append(paragraph[at:].replace("{", "{{").replace("}", "}}"))
    return "".join(out)


def _sentences_at(paragraph: str) -> list[tuple[int, str]]:
    """Each statistics sentence of a paragraph with where it starts."""
    found, at = [], 0
    for piece in re.split(r"(?<=[。！？])", paragraph):
        if piece and _STATISTIC.search(piece):
            found.append((at, piece))
        at += len(piece)
    return found


# The names a statistics template may use (notice/assemble.fill fills them from the roll-up)
TEMPLATE_NAMES = ("as_of", "categories", "items", "measures", "done", "doing", "todo",
                  "ongoing", "open", "done_measures", "rate")  # fmt: skip


def template_problem(text: str) -> str | None:
    """What is wrong with a statistics template, or None: a name it may not use, or a brace
    left open or a `{}` without a name (write `{{` and `}}` for braces printed as they are).

    >>> template_problem("截至{as_of},已完成{done}个"), template_problem("{oops}")
    (None, 'oops')
    >>> template_problem("{")
    '{'

    """
    import string

    try:
        fields = [name for _text, name, _spec, _conv in string.Formatter().parse(text)]
    except ValueError:
        return "{"
    for name in fields:
        if name is not None and name not in TEMPLATE_NAMES:
            return name or "{}"
    return None
