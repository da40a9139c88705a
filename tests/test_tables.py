"""h.Table reads as a table in text and in HTML: a gap between columns, numbers
right-aligned, text left-aligned, a rule under the header."""

import re

import numpy as np
import pytest

import helpers as h

HEADERS = ["lr", "steps", "behaviour", "final loss"]
ROWS = [
    (0.004, 954, "converges", 1.5e-9),
    (0.1, 37, "converges, flipping sign", 0.25),
    (1.1, 3, "diverges", "—"),
]


def _columns(line: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each cell: cells are separated by two or more spaces."""
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", line)]


def test_text_columns_are_separated_and_aligned():
    lines = repr(h.Table(HEADERS, ROWS)).splitlines()
    header, rule, *body = lines
    assert set(rule) == {"-", " "}, "the second line is a rule of dashes"
    rule_spans = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
    assert len(rule_spans) == 4, "one run of dashes a column"
    gaps = [b[0] - a[1] for a, b in zip(rule_spans, rule_spans[1:])]
    assert min(gaps) >= 2, f"columns need a gap of at least two spaces, got {gaps}"
    for line in [header] + body:
        cells = _columns(line)
        assert len(cells) == 4, f"{line!r} should split into 4 cells"
        for (start, end, _), (lo, hi), numeric in zip(cells, rule_spans, [True, True, False, True]):
            if numeric:
                assert end == hi, f"{line!r}: a number column ends where its rule ends"
            else:
                assert start == lo, f"{line!r}: a text column starts where its rule starts"
    # The numbers the issue quoted are now apart: lr and steps never touch.
    assert re.match(r"0\.0040 {2,}954 ", body[0]), body[0]


def test_fixed_precision_is_unchanged():
    text = repr(h.Table(["x"], [(1 / 3,), (2.5e-7,), (-0.0,)]))
    assert text.splitlines()[2:] == ["   0.3333", "2.500e-07", "   0.0000"]


def test_html_aligns_numbers_right_with_padding_and_a_header_rule():
    page = h.Table(HEADERS, ROWS, title="Runs")._repr_html_()
    ths = re.findall(r'<th scope="col" style="([^"]*)">([^<]*)</th>', page)
    assert [t for _, t in ths] == HEADERS
    assert all("border-bottom" in s and "padding" in s for s, _ in ths)
    rows = re.findall(r"<tr>(.*?)</tr>", page.split("<tbody>")[1])
    assert len(rows) == 3
    for row in rows:
        tds = re.findall(r'<td style="([^"]*)">([^<]*)</td>', row)
        aligns = [re.search(r"text-align:(\w+)", s).group(1) for s, _ in tds]
        assert aligns == ["right", "right", "left", "right"], row
        assert all("padding" in s for s, _ in tds)
    assert "<caption" in page and "Runs" in page


def test_placeholders_and_vectors_stay_in_number_columns_but_yes_no_is_text():
    t = h.Table(["v", "ok", "note"], [((1.0, 2.0), True, "a"), ("—", False, 3)])
    assert t.numeric == [True, False, False]
    assert t.rows[0] == ["(1.0000, 2.0000)", "yes", "a"]


@pytest.mark.parametrize("digits", [-1, 17, 2.5, True, "4"])
def test_bad_digits_are_rejected(digits):
    with pytest.raises(ValueError, match="^digits must be a whole number"):
        h.Table(["a"], [(1.0,)], digits=digits)


def test_numpy_scalars_are_numbers():
    t = h.Table(["a", "b"], [(np.float32(0.5), np.int64(3))])
    assert t.numeric == [True, True] and t.rows == [["0.5000", "3"]]
