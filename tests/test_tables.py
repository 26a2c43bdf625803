"""Is a table of intermediate variables marked row by row, the way a careful marker would?"""

from __future__ import annotations

import pytest
import sympy

from gdkit.checks import CheckFailure
from gdkit.tables import RowSlip, Step, check_table, grade_table

SLIDE_SIGN = RowSlip("value", "(1 - y)*xi6", "slide_sign", "has the sign of the slides' table.")
TABLE_B = [
    Step("xi1", "-w*x", of="w"),
    Step("xi2", "exp(xi1)", of="xi1"),
    Step("xi3", "1 + xi2", of="xi2"),
    Step("xi4", "1/xi3", of="xi3"),
    Step("xi5", "1 - xi4", of="xi4"),
    Step("xi6", "log(xi5)", of="xi5"),
    Step("L", "-(1 - y)*xi6", of="xi6", label="L^B", slips=(SLIDE_SIGN,)),
]
RIGHT = {
    "xi1": ("-w*x", "-x"),
    "xi2": ("exp(xi1)", "exp(xi1)"),
    "xi3": ("1 + xi2", "1"),
    "xi4": ("1/xi3", "-1/xi3**2"),
    "xi5": ("1 - xi4", "-1"),
    "xi6": ("log(xi5)", "1/xi5"),
    "L": ("-(1 - y)*xi6", "-(1 - y)"),
}


def marked(**changes):
    return {row.name: row for row in grade_table(RIGHT | changes, TABLE_B).rows}


def test_the_right_table_is_right_in_every_cell():
    report = grade_table(RIGHT, TABLE_B)
    assert report.correct == len(TABLE_B) and report.first_failure is None


@pytest.mark.parametrize(
    ("row", "entry"),
    [
        ("xi4", ("xi3**(-1)", "-xi4**2")),  # the derivative in a later variable
        ("xi2", ("E**xi1", "exp(-w*x)")),  # the derivative written in w and x
        ("xi4", ("1/xi3", "-1/(1 + exp(-w*x))**2")),
        ("xi6", ("ln(xi5)", "xi5**-1")),
        ("L", ("(y - 1)*xi6", "y - 1")),
    ],
)
def test_every_equivalent_form_is_accepted(row, entry):
    assert marked(**{row: entry})[row].ok


@pytest.mark.parametrize(
    ("row", "entry", "kind"),
    [
        ("xi1", ("w*x", "x"), "sign"),
        ("xi4", ("1/xi3", "1/xi3**2"), "sign"),
        ("xi5", ("1 - xi4", "1"), "sign"),
        ("xi4", ("1/(1 + exp(-w*x))", "-1/xi3**2"), "skipped_step"),
        ("xi2", ("exp(xi1)", "-x*exp(xi1)"), "wrong_variable"),
        ("xi6", ("log(xi5)", "1/xi5 * -1"), "sign"),
        ("L", ("(1 - y)*xi6", "1 - y"), "slide_sign"),
        ("xi3", ("", ""), "empty"),
        ("xi3", (None, None), "empty"),
        ("xi3", ("1 + xi2)", "1"), "unparseable"),
        ("xi3", ("1 + q", "1"), "unknown_symbol"),
    ],
)
def test_each_mistake_is_named_in_its_row(row, entry, kind):
    rows = marked(**{row: entry})
    assert rows[row].kind == kind, rows[row].message
    assert [name for name, r in rows.items() if not r.ok] == [row]  # one slip, one row


def test_a_slip_costs_one_cell_not_the_rest_of_the_table():
    """Error carried forward: is the right derivative of a wrong row still ticked?"""
    rows = marked(xi3=("1 - xi2", "-1"))
    assert not rows["xi3"].value_ok and rows["xi3"].derivative_ok
    assert "carried forward" in rows["xi3"].message
    assert all(rows[name].ok for name in ("xi4", "xi5", "xi6", "L"))


def test_no_message_shows_an_expected_entry():
    wrong = {name: ("w", "w") for name in RIGHT}
    for row in grade_table(wrong, TABLE_B).rows:
        for value, derivative in RIGHT.values():
            for text in (value, derivative):
                if len(text) > 2:
                    assert text not in row.message
        assert "exp(" not in row.message and "log(" not in row.message


def test_check_table_names_the_first_wrong_row():
    with pytest.raises(CheckFailure) as failure:
        check_table(RIGHT | {"L": ("(1 - y)*xi6", "1 - y")}, TABLE_B, name="table_B")
    assert failure.value.kind == "slide_sign"
    assert str(failure.value).startswith("`table_B`, row L^B: value: has the sign")


@pytest.mark.parametrize(
    ("answers", "kind"),
    [(None, "type"), ({"xi9": ("1", "1")}, "keys"), ({"xi1": "-w*x"}, "type")],
)
def test_a_malformed_table_gets_a_plain_message(answers, kind):
    with pytest.raises(CheckFailure) as failure:
        check_table(answers, TABLE_B, name="table_B")
    assert failure.value.kind == kind


def test_sympy_entries_are_read_too():
    xi1, w, x = sympy.symbols("xi1 w x")
    assert marked(xi2=(sympy.exp(xi1), sympy.exp(-w * x)))["xi2"].ok


def test_the_report_shows_as_a_table():
    html = grade_table(RIGHT | {"xi1": ("w*x", "-x")}, TABLE_B)._repr_html_()
    assert html.count("<tr>") == len(TABLE_B) + 1 and "✗" in html and "ξ1" in html


@pytest.mark.parametrize(
    ("row", "derivative"),
    [("xi2", "1/xi4 - 1"), ("xi2", "xi3 - 1"), ("xi6", "xi3/xi2"), ("xi6", "1/(1 - xi4)")],
)
def test_a_derivative_may_use_any_variable_of_the_table(row, derivative):
    value = RIGHT[row][0]
    assert marked(**{row: (value, derivative)})[row].ok


def test_a_wrong_derivative_is_not_told_to_avoid_a_variable_of_the_table():
    message = marked(xi5=("1 - xi4", "1/xi3"))["xi5"].message
    assert "should not" not in message and "xi3" not in message
