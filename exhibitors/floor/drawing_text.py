"""Fitting a booth's labels into its rectangle: the widths of the characters (Latin and
Korean), names cut into one or two lines and shortened with an ellipsis, and the code and
name sized to fit. Part of the floor plan drawing (:mod:`exhibitors.floor.drawing`)."""

import operator
import unicodedata
from dataclasses import dataclass
from functools import reduce


class _CharWidths(dict):
    """Rough width of each character in ems in a sans-serif face, worked out the first time
    it is met: wide for Hangul and other East Asian characters, narrower for Latin."""

    def __missing__(self, char):
        if _is_wide(char):
            width = 1.0
        elif char == " ":
            width = 0.32
        elif char.isupper() or char.isdigit():
            width = 0.7
        elif char in ".,:;'!|il":
            width = 0.32
        else:
            width = 0.58
        self[char] = width
        return width


_CHAR_WIDTHS = _CharWidths()


def _em(text, bold=False):
    """Rough width of ``text`` in ems (the sum of its characters' widths, added up left to
    right). Only used to pick font sizes that fit."""
    width = reduce(operator.add, map(_CHAR_WIDTHS.__getitem__, text), 0.0)
    return width * (1.08 if bold else 1.0)


def _is_wide(char):
    return unicodedata.east_asian_width(char) in ("W", "F")


def _two_lines(text, *, anywhere=False):
    """``text`` over two lines, broken at the space that balances them best; Korean (and
    other East Asian) text without a space, or any text when ``anywhere``, in the middle.
    None when there is no good place to break."""
    words = text.split()
    if len(words) > 1:
        splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        return list(min(splits, key=lambda pair: max(_em(pair[0]), _em(pair[1]))))
    if len(text) >= 2 and (anywhere or any(_is_wide(char) for char in text)):
        middle = (len(text) + 1) // 2
        return [text[:middle], text[middle:]]
    return None


def _truncate(text, em_width):
    if _em(text) <= em_width:
        return text
    while text and _em(text + "…") > em_width:
        text = text[:-1]
    return (text.rstrip() + "…") if text else "…"


@dataclass
class Line:
    """One line of text in a booth, centred on ``x``, with its baseline at ``y`` (metres)."""

    text: str
    x: float
    y: float
    size: float
    bold: bool = False
    muted: bool = False


def _fit_name(name, avail_w, room_h, *, largest, smallest):
    """``name`` on one or two lines at the largest size (up to ``largest``) that fits the
    box. One line is kept unless two are clearly larger; a word is only cut in the middle
    when nothing else reaches ``smallest``, and below that the name is cut short with an
    ellipsis instead of shrunk further."""
    if not name or room_h <= 0:
        return [], 0.0

    def size(lines):
        return min(
            largest,
            avail_w / max(max(_em(line) for line in lines), 0.5),
            room_h / (1.2 * len(lines)),
        )

    best_lines, best_size = [name], size([name])
    two = _two_lines(name)
    if two and size(two) > 1.15 * best_size:
        best_lines, best_size = two, size(two)
    if best_size >= smallest:
        return best_lines, best_size
    two = _two_lines(name, anywhere=True)
    if two and size(two) >= smallest:
        return two, size(two)
    font = min(smallest, room_h / 1.2)
    fit = avail_w / font
    if two and room_h >= 2.4 * font:
        return [_truncate(two[0], fit), _truncate(two[1], fit)], font
    return [_truncate(name, fit)], font


def fit_labels(x, y, width, depth, code, name, *, unit, muted=False):
    """The booth's code in bold and under it ``name``, centred in the booth, as large as
    fits (the code at most 1.2 text units, so that a stage's code does not shout)."""
    w, d = float(width), float(depth)
    short = min(w, d)
    avail_w, avail_h = 0.88 * w, 0.88 * d
    code_size = min(
        1.2 * unit, 0.22 * short, 0.95 * avail_w / max(_em(code, bold=True), 0.5), avail_h
    )
    gap = 0.25 * code_size
    name_lines, name_size = _fit_name(
        name,
        avail_w,
        avail_h - code_size - gap,
        largest=0.8 * code_size,
        smallest=0.07 * short,
    )
    block = code_size + (gap + 1.2 * name_size * len(name_lines) if name_lines else 0)
    centre_x = round(float(x) + w / 2, 3)
    top = float(y) + d / 2 - block / 2
    lines = [Line(code, centre_x, round(top + 0.82 * code_size, 3), round(code_size, 3), bold=True)]
    baseline = top + code_size + gap
    for text in name_lines:
        baseline += 1.2 * name_size
        lines.append(
            Line(
                text,
                centre_x,
                round(baseline - 0.3 * name_size, 3),
                round(name_size, 3),
                muted=muted,
            )
        )
    return lines
