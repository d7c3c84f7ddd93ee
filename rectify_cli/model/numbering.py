"""The notice's numbering: Chinese numerals, level markers and the IDs a clerk types.

Pure functions, no I/O.

>>> cn(1), cn(10), cn(11), cn(20), cn(23), cn(99), cn(100), cn(105), cn(110)
('一', '十', '十一', '二十', '二十三', '九十九', '一百', '一百零五', '一百一十')
>>> from_cn('二十三')
23
>>> marker(1, 2), marker(2, 2), marker(3, 1), marker(4, 3), marker(5, 11)
('二、', '(二)', '1.', '(3)', '十一是')
>>> marker(2, 4, full_width=True)
'（四）'
>>> parse_id('２．１．３'), parse_id('2。1。3'), parse_id('(二)1.(3)'), parse_id(' 4.2 ')
((2, 1, 3), (2, 1, 3), (2, 1, 3), (4, 2))
"""

from __future__ import annotations

import functools
import re

DIGITS = "零一二三四五六七八九"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９（）。．，、", "0123456789()....")

# Levels of the notice: 1 part 一、, 2 category (一), 3 problem 1., 4 item (1), 5 measure 一是.
PART, CATEGORY, PROBLEM, ITEM, MEASURE = 1, 2, 3, 4, 5


@functools.lru_cache(maxsize=1024)
def cn(n: int) -> str:
    """Write 1..999 in Chinese numerals as notices do (十一, 二十三, 一百零五)."""
    if not 0 < n < 1000:
        raise ValueError(f"cannot write {n} in Chinese numerals")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    if ones:
        out += DIGITS[ones]
    return out


def from_cn(text: str) -> int:
    """Read a Chinese numeral written by `cn`; raise ValueError otherwise."""
    if not text:
        raise ValueError("empty numeral")
    for n in range(1, 1000):
        if cn(n) == text:
            return n
    raise ValueError(f"not a Chinese numeral: {text!r}")


def marker(level: int, n: int, *, full_width: bool = False) -> str:
    """The printed enumerator of the n-th node at a level of the notice."""
    opening, closing = ("（", "）") if full_width else ("(", ")")
    if level == PART:
        return cn(n) + "、"
    if level == CATEGORY:
        return f"{opening}{cn(n)}{closing}"
    if level == PROBLEM:
        return f"{n}."
    if level == ITEM:
        return f"{opening}{n}{closing}"
    if level == MEASURE:
        return cn(n) + "是"
    raise ValueError(f"no marker for level {level}")


_BRACKETED = r"\(([一二三四五六七八九十百零]+)\)"  # compiled when first used


def parse_id(text: str) -> tuple[int, ...]:
    """Read an ID as a clerk types it: `2.1.3`, full-width `２．１．３`, `2。1。3`, or `(二)1.(3)`.

    Raise ValueError when it is not one.
    """
    s = re.sub(r"\s+", "", text.translate(_FULL_WIDTH))  # also the IME's full-width space
    if s.startswith("("):
        # the printed form: (二)1.(3) -> 2.1.3 ; (二)1.(3)2 -> 2.1.3.2
        m = re.match(_BRACKETED, s)
        if not m:
            raise ValueError(text)
        head = str(from_cn(m.group(1)))
        rest = re.sub(r"\((\d+)\)", r".\1.", s[m.end() :])
        s = head + "." + rest
        s = re.sub(r"\.+", ".", s).strip(".")
    if not re.fullmatch(r"[1-9]\d*(\.[1-9]\d*)*", s):
        raise ValueError(text)
    return tuple(int(p) for p in s.split("."))


def format_id(path: tuple[int, ...]) -> str:
    """Write an ID path as the clerk types it.

    >>> format_id((2, 1, 3))
    '2.1.3'
    """
    return ".".join(str(p) for p in path)


def rate_text(rate: float) -> str:
    """76 → '76', 98.7096 → '98.71', as notices print rates."""
    return f"{rate:.2f}".rstrip("0").rstrip(".")
