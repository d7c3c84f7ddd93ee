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
    """Write a positive whole number in Chinese numerals by the standard reading: 十一, 二十三,
    一百零五, 一千零一, 一万, 十万零一十, 一亿零一万 (a ten leads without 一 only at the start).

    >>> [cn(n) for n in (1000, 1001, 1010, 1100, 10000, 10001)]
    ['一千', '一千零一', '一千零一十', '一千一百', '一万', '一万零一']
    >>> [cn(n) for n in (100010, 110000, 10**8 + 10**4)]
    ['十万零一十', '十一万', '一亿零一万']
    """
    if n < 1:
        raise ValueError(f"cannot write {n} in Chinese numerals")
    return _cn(n, leading=True)


def _cn(n: int, leading: bool) -> str:
    """Groups of four digits, each under its unit (万, 亿, and 万亿, 亿亿 … above them); a 零
    where a group's lower digits begin with zeros."""
    for size, unit in ((10**8, "亿"), (10**4, "万")):
        if n >= size:
            high, low = divmod(n, size)
            out = _cn(high, leading) + unit
            if low:
                out += ("零" if low < size // 10 else "") + _cn(low, leading=False)
            return out
    out, zero = "", False
    for size, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, size)
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ("" if (digit, unit, out, leading) == (1, "十", "", True) else DIGITS[digit]) + unit
    return out


def from_cn(text: str) -> int:
    """Read a Chinese numeral as `cn` writes it; raise ValueError otherwise.

    >>> from_cn("一千零一"), from_cn("十万零一十"), from_cn("一亿零一万")
    (1001, 100010, 100010000)
    """
    value = _read_cn(text)
    if value < 1 or cn(value) != text:
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return value


def _read_cn(text: str) -> int:
    """The value of a numeral of digits and units, written canonically or not (from_cn
    checks that); raise ValueError where a character is neither."""
    for unit, size in (("亿", 10**8), ("万", 10**4)):
        high, found, low = text.rpartition(unit)
        if found:
            return _read_cn(high) * size + (_read_cn(low.lstrip("零")) if low else 0)
    value, digit = 0, None
    for char in text:
        if char in _SMALL_UNITS:
            value += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        elif char in DIGITS and digit is None:
            digit = DIGITS.index(char) or None  # a 零 stands for the digits skipped
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return value + (digit or 0)


_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}


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


_BRACKETED = r"\(([一二三四五六七八九十百千万亿零]+)\)"  # compiled when first used


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
