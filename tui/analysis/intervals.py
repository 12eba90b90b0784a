"""Character intervals ``(start, end)`` compared: overlap, nesting, near-equality.

Lists of intervals are sorted by start; each look-up bisects and reads only the few intervals
that start just before (``*_WINDOW``), so a whole article stays linear. The shares that decide
"nested", "the same" and "overlapping" are named here.
"""

from __future__ import annotations

import bisect

NESTED_SHARE = 0.95  # one interval lies (all but 5 % of the shorter) inside the other
SAME_SHARE = 0.5  # two intervals are one content when they share half of their union
OVERLAP_SHARE = 0.3  # an interval overlaps another when they share 30 % of the shorter
EDGE_MARGIN = 1  # characters at each end of an interval that an edge may fall on without cutting it
NESTED_WINDOW = 8  # intervals read back from a bisection point
SAME_WINDOW = 8
OVERLAP_WINDOW = 4
FAR = 1 << 62  # (an end past any text, for bisection)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """How many characters ``a`` and ``b`` share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def nested(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether one interval lies (all but 5 %) inside the other."""
    ov = overlap(a, b)
    return ov > 0 and ov >= NESTED_SHARE * min(a[1] - a[0], b[1] - b[0])


def inside_any(span: tuple[int, int], sorted_hulls: list[tuple[int, int]]) -> bool:
    """Whether ``span`` is nested in a longer one of ``sorted_hulls``."""
    i = bisect.bisect_right(sorted_hulls, (span[1], span[1]))
    n = span[1] - span[0]
    return any(nested(span, h) and n < h[1] - h[0] for h in sorted_hulls[max(0, i - NESTED_WINDOW):i])


def same_as_any(span: tuple[int, int], sorted_spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` covers at least half of the union with one of ``sorted_spans``."""
    i = bisect.bisect_left(sorted_spans, (span[1], span[1]))
    for s in sorted_spans[max(0, i - SAME_WINDOW):i]:
        ov = overlap(span, s)
        if ov and ov >= SAME_SHARE * (max(span[1], s[1]) - min(span[0], s[0])):
            return True
    return False


def overlaps_any(span: tuple[int, int], sorted_spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` shares 30 % of the shorter with one of ``sorted_spans``."""
    i = bisect.bisect_left(sorted_spans, (span[1], span[1]))
    for s in sorted_spans[max(0, i - OVERLAP_WINDOW):i]:
        if overlap(span, s) > OVERLAP_SHARE * min(span[1] - span[0], s[1] - s[0]):
            return True
    return False


def touches_any(span: tuple[int, int], sorted_spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` shares a character with one of the (sorted) spans that start before its end."""
    i = bisect.bisect_left(sorted_spans, (span[1], span[1]))
    return any(overlap(span, s) > 0 for s in sorted_spans[max(0, i - OVERLAP_WINDOW):i])


def within_any(pos: int, sorted_spans: list[tuple[int, int]]) -> bool:
    """Whether offset ``pos`` lies inside one of the (sorted, non-overlapping) spans."""
    i = bisect.bisect_right(sorted_spans, (pos, len(sorted_spans) and FAR)) - 1
    return i >= 0 and sorted_spans[i][0] <= pos < sorted_spans[i][1]


def cuts_any(span: tuple[int, int], inside: list[tuple[int, int]]) -> bool:
    """Whether an edge of ``span`` falls strictly inside one of the (sorted) intervals, more than
    ``EDGE_MARGIN`` from its ends: the span cuts it in two (a content that cuts a quotation)."""
    for pos in span:
        i = bisect.bisect_right(inside, (pos, FAR)) - 1
        if i >= 0 and inside[i][0] + EDGE_MARGIN < pos < inside[i][1] - EDGE_MARGIN:
            return True
    return False
