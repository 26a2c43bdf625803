"""Do the checks of assignment 06 agree with SymPy, pass right answers and name each slip?

The tables and typed answers are derived again here, independently, with SymPy: each row's
value substituted down to w, x, y, each local derivative by ``sympy.diff``, each chain
product against the derivative of the loss, and the claims the notebook makes about the
slides. Every wrong answer must fail with its own kind, and no message may show an
expected entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest
import sympy

from gdkit import gradcheck, losses
from gdkit.checks import CheckFailure
from gdkit.exercises import logistic_derivative as ex
from gdkit.symbolic import parse
from gdkit.tables import grade_table

w, x, y = sympy.symbols("w x y")
P = 1 / (1 + sympy.exp(-w * x))  # sigmoid(w x)

# ---------------------------------------------------------------------------- right answers

SHARED = {
    "xi1": ("-w*x", "-x"),
    "xi2": ("exp(xi1)", "exp(xi1)"),
    "xi3": ("1 + xi2", "1"),
    "xi4": ("1/xi3", "-1/xi3**2"),
}
RIGHT_A = SHARED | {"xi5": ("log(xi4)", "1/xi4"), "L": ("-y*xi5", "-y")}
RIGHT_B = SHARED | {
    "xi5": ("1 - xi4", "-1"),
    "xi6": ("log(xi5)", "1/xi5"),
    "L": ("-(1 - y)*xi6", "-(1 - y)"),
}
#: Each row's variable of differentiation.
OF = {"xi1": "w", "xi2": "xi1", "xi3": "xi2", "xi4": "xi3", "xi5": "xi4"}
OF_A = OF | {"L": "xi5"}
OF_B = OF | {"xi6": "xi5", "L": "xi6"}

DLA_DW = "-y*x*(1 - p)"
DLB_DW = "(1 - y)*x*p"
DL_DW = "(p - y)*x"
XI6 = "log(exp(-w*x)/(1 + exp(-w*x)))"
SLIDE_XI6 = "log(1/(1 + exp(-w*x)))"
SLIDE_DLB_DW = "(1 - y)*x/(1 + exp(-w*x))"  # the slides' last line


def expr(text: str) -> sympy.Expr:
    """A formula in w, x, y, with p standing for sigmoid(w x)."""
    return parse(text).subs(sympy.Symbol("p"), P)


R = sympy.Rational
#: Exact points (floats would limit the precision of the evaluation).
POINTS = [
    {w: R(7, 10), x: R(-13, 10), y: 0},
    {w: R(-21, 10), x: R(2, 5), y: 1},
    {w: R(3, 2), x: 2, y: R(3, 10)},
    {w: R(-1, 4), x: -3, y: 1},
    {w: 3, x: R(5, 4), y: 0},
]


def same(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Equal as functions of w, x, y: SymPy evaluates both, to 30 digits, at five points.

    (``simplify(a - b) == 0`` misses equal logs such as log(1/u) and -log(u).)
    """
    return all(abs(complex((a - b).subs(point).evalf(30))) < 1e-25 for point in POINTS)


def substituted(table: dict[str, tuple[str, str]]) -> dict[str, sympy.Expr]:
    """Each row's value with the rows before it substituted: in w, x, y only."""
    full: dict[sympy.Symbol, sympy.Expr] = {}
    for name, (value, _) in table.items():
        full[sympy.Symbol(name)] = parse(value).subs(full)
    return {symbol.name: value for symbol, value in full.items()}


def chain_product(table: dict[str, tuple[str, str]]) -> sympy.Expr:
    """The product of the local derivatives, in w, x, y."""
    full = {sympy.Symbol(k): v for k, v in substituted(table).items()}
    return sympy.Mul(*(parse(d) for _, d in table.values())).subs(full)


# ---------------------------------------------------------------------------- the mathematics


LOSS_A = -y * sympy.log(P)
LOSS_B = -(1 - y) * sympy.log(1 - P)


@pytest.mark.parametrize(("table", "loss"), [(RIGHT_A, LOSS_A), (RIGHT_B, LOSS_B)])
def test_the_rows_substituted_down_give_the_loss(table, loss):
    full = substituted(table)
    assert same(full["xi4"], P)
    assert same(full["L"], loss)


@pytest.mark.parametrize(("table", "of"), [(RIGHT_A, OF_A), (RIGHT_B, OF_B)])
def test_each_local_derivative_is_sympys(table, of):
    for name, (value, derivative) in table.items():
        assert same(parse(derivative), sympy.diff(parse(value), sympy.Symbol(of[name]))), name


def test_the_chain_products_are_the_derivatives_of_the_two_parts():
    assert same(chain_product(RIGHT_A), sympy.diff(LOSS_A, w))
    assert same(chain_product(RIGHT_A), expr(DLA_DW))
    assert same(chain_product(RIGHT_B), sympy.diff(LOSS_B, w))
    assert same(chain_product(RIGHT_B), expr(DLB_DW))


def test_the_two_parts_add_up_to_the_error_times_the_feature():
    total = sympy.diff(LOSS_A + LOSS_B, w)
    assert same(expr(DLA_DW) + expr(DLB_DW), total)
    assert same(total, expr(DL_DW))


def test_the_slides_last_row_gives_the_opposite_sign():
    slide = RIGHT_B | {"L": ("(1 - y)*xi6", "1 - y")}
    assert same(chain_product(slide), -expr(DLB_DW))
    assert not same(chain_product(slide), expr(DLB_DW))


def test_the_slides_last_line_is_right_all_the_same():
    assert same(expr(SLIDE_DLB_DW), expr(DLB_DW))


def test_the_slides_xi6_is_log_p_not_log_of_1_minus_p():
    assert same(expr(SLIDE_XI6), sympy.log(P))
    assert not same(expr(SLIDE_XI6), sympy.log(1 - P))
    assert same(expr(XI6), sympy.log(1 - P))


def test_the_module_derives_the_same_tables():
    """The module's steps agree with the rows derived here, value for value."""
    for steps, table in [(ex.TABLE_A, RIGHT_A), (ex.TABLE_B, RIGHT_B)]:
        assert [s.name for s in steps] == list(table)
        for step in steps:
            assert same(parse(step.value), parse(table[step.name][0])), step.name


# ---------------------------------------------------------------------------- right answers pass


def test_the_right_tables_pass():
    assert ex.check_table_A(RIGHT_A).correct == len(RIGHT_A)
    assert ex.check_table_B(RIGHT_B).correct == len(RIGHT_B)


@pytest.mark.parametrize(
    ("check", "table", "row", "entry"),
    [
        (ex.check_table_A, RIGHT_A, "xi5", ("log(xi4)", "1/p")),  # p for sigmoid(w x)
        (ex.check_table_A, RIGHT_A, "xi4", ("xi3**(-1)", "-xi4**2")),
        (ex.check_table_A, RIGHT_A, "xi2", ("e**xi1", "exp(-w*x)")),
        (ex.check_table_B, RIGHT_B, "xi6", ("ln(xi5)", "1/(1 - p)")),
        (ex.check_table_B, RIGHT_B, "L", ("(y - 1)*xi6", "y - 1")),
    ],
)
def test_equivalent_forms_pass(check, table, row, entry):
    check(table | {row: entry})


@pytest.mark.parametrize(
    ("check", "answer"),
    [
        (ex.check_dLA_dw, DLA_DW),
        (ex.check_dLA_dw, "-y*x*exp(-w*x)/(1 + exp(-w*x))"),
        (ex.check_dLA_dw, "-y*x*(1 - sigmoid(w*x))"),
        (ex.check_dLB_dw, DLB_DW),
        (ex.check_dLB_dw, SLIDE_DLB_DW),
        (ex.check_dL_dw, DL_DW),
        (ex.check_dL_dw, "x*(1/(1 + exp(-w*x)) - y)"),
        (ex.check_xi6_wx, XI6),
        (ex.check_xi6_wx, "-w*x - log(1 + exp(-w*x))"),
        (ex.check_xi6_wx, "log(1/(1 + exp(w*x)))"),
    ],
)
def test_right_formulas_pass(check, answer):
    check(answer)


# ---------------------------------------------------------------------------- tables: slips named


def failing_row(check: Callable, table: dict, row: str, entry: tuple[str, str]) -> CheckFailure:
    with pytest.raises(CheckFailure) as failure:
        check(table | {row: entry})
    return failure.value


TABLE_SLIPS = [
    # the rows both tables share
    ("xi1", ("w*x", "-x"), "sign"),
    ("xi1", ("-w*x", "x"), "sign"),
    ("xi1", ("-w*x", "-w"), "wrong_variable"),
    ("xi1", ("-w*x", "-w*x"), "copied_value"),
    ("xi1", ("-w*x", "-1"), "missing_factor"),
    ("xi2", ("exp(-xi1)", "exp(xi1)"), "double_minus"),
    ("xi2", ("exp(xi1)", "xi1*exp(xi1)"), "power_rule"),
    ("xi2", ("exp(xi1)", "-x*exp(xi1)"), "wrong_variable"),
    ("xi2", ("exp(-w*x)", "exp(xi1)"), "skipped_step"),
    ("xi3", ("1 + xi2", "1 + xi2"), "copied_value"),
    ("xi4", ("1/xi3", "1/xi3**2"), "sign"),
    ("xi4", ("1/xi3", "-1/xi3"), "power_rule"),
    ("xi4", ("1/xi3", "log(xi3)"), "antiderivative"),
    ("xi4", ("p", "-1/xi3**2"), "skipped_step"),
]
TABLE_A_SLIPS = [
    ("xi5", ("log(xi4)", "log(xi4)"), "copied_value"),
    ("xi5", ("log(xi4)", "-1/xi4**2"), "wrong_function"),
    ("xi5", ("-log(xi4)", "-1/xi4"), "sign"),
    ("L", ("-(1 - y)*xi5", "-(1 - y)"), "labels_swapped"),
    ("L", ("-y*xi5", "-(1 - y)"), "labels_swapped"),
    ("L", ("y*xi5", "y"), "sign"),
    ("L", ("-y*xi5", "-xi5"), "wrong_variable"),
]
TABLE_B_SLIPS = [
    ("xi5", ("xi4 - 1", "1"), "sign"),
    ("xi5", ("1 - xi4", "1"), "sign"),
    ("xi6", ("log(xi5)", "-1/xi5"), "sign"),
    ("xi6", ("log(xi5)", "1/xi4"), "wrong_variable"),
    ("xi6", ("log(xi4)", "1/xi4"), "log_p"),
    ("xi6", ("log(1/(1 + exp(-w*x)))", "1/xi5"), "slide_log_p"),
    ("L", ("(1 - y)*xi6", "1 - y"), "slide_sign"),
    ("L", ("-(1 - y)*xi6", "1 - y"), "slide_sign"),
    ("L", ("-y*xi6", "-y"), "labels_swapped"),
    ("L", ("-(1 - y)*xi6", "xi6"), "wrong_variable"),
]
ALL_TABLE_SLIPS = [
    *[(ex.check_table_A, RIGHT_A, *slip) for slip in TABLE_SLIPS + TABLE_A_SLIPS],
    *[(ex.check_table_B, RIGHT_B, *slip) for slip in TABLE_SLIPS + TABLE_B_SLIPS],
]


@pytest.mark.parametrize(("check", "table", "row", "entry", "kind"), ALL_TABLE_SLIPS)
def test_each_table_slip_is_named_in_its_row(check, table, row, entry, kind):
    failure = failing_row(check, table, row, entry)
    assert failure.kind == kind, str(failure)
    label = {"L": "L^A" if table is RIGHT_A else "L^B"}.get(row, "ξ" + row[2:])
    assert f"row {label}:" in str(failure)


DECLARED_ROW_SLIPS = [
    (check, right, step.name, slip)
    for check, right, steps in [
        (ex.check_table_A, RIGHT_A, ex.TABLE_A),
        (ex.check_table_B, RIGHT_B, ex.TABLE_B),
    ]
    for step in steps
    for slip in step.slips
]


@pytest.mark.parametrize(("check", "table", "row", "slip"), DECLARED_ROW_SLIPS)
def test_each_declared_row_slip_is_named(check, table, row, slip):
    value, derivative = table[row]
    entry = (slip.wrong, derivative) if slip.column == "value" else (value, slip.wrong)
    assert failing_row(check, table, row, entry).kind == slip.kind


def test_a_slip_costs_one_row_only():
    """Error carried forward: the rows after a wrong one are marked on their own."""
    report = grade_table(RIGHT_B | {"xi3": ("1 - xi2", "-1")}, ex.TABLE_B)
    assert [row.name for row in report.rows if not row.ok] == ["xi3"]


def test_the_slides_row_gets_a_question_about_the_minus_not_the_row():
    message = str(failing_row(ex.check_table_B, RIGHT_B, "L", ("(1 - y)*xi6", "1 - y")))
    assert "slides" in message and "minus" in message and "?" in message


@pytest.mark.parametrize("answers", [None, {"xi9": ("1", "1")}, {"xi1": "-w*x"}])
def test_a_malformed_table_fails_plainly(answers):
    with pytest.raises(CheckFailure) as failure:
        ex.check_table_A(answers)
    assert failure.value.kind in ("type", "keys")


def test_an_untouched_table_is_still_empty():
    with pytest.raises(CheckFailure) as failure:
        ex.check_table_A(dict.fromkeys(RIGHT_A, ("", "")))
    assert failure.value.kind == "empty"


# ---------------------------------------------------------------------------- typed: slips named

FORMULA_SLIPS = [
    (ex.check_dLA_dw, "y*x*(1 - p)", "sign"),
    (ex.check_dLA_dw, "-y*(1 - p)", "missing_factor"),
    (ex.check_dLA_dw, "-(1 - y)*x*(1 - p)", "labels_swapped"),
    (ex.check_dLA_dw, "-y*w*(1 - p)", "wrong_variable"),
    (ex.check_dLA_dw, "-y*x*p", "complement"),
    (ex.check_dLA_dw, "-y*x*p*(1 - p)", "missing_factor"),
    (ex.check_dLA_dw, "y*(1 - p)", "stops_early"),
    (ex.check_dLA_dw, "-y/p", "stops_early"),
    (ex.check_dLA_dw, "-y*X*(1 - p)", "unknown_symbol"),
    (ex.check_dLA_dw, "-y*x*(1 - p", "unparseable"),
    (ex.check_dLA_dw, None, "none"),
    (ex.check_dLA_dw, "(p - y)*x", "total_for_part"),
    (ex.check_dLB_dw, "(p - y)*x", "total_for_part"),
    (ex.check_dLB_dw, "-(1 - y)*x*p", "slide_sign"),
    (ex.check_dLB_dw, "y*x*p", "labels_swapped"),
    (ex.check_dLB_dw, "(1 - y)*w*p", "wrong_variable"),
    (ex.check_dLB_dw, "(1 - y)*x*(1 - p)", "complement"),
    (ex.check_dLB_dw, "(1 - y)*p", "missing_factor"),
    (ex.check_dLB_dw, "(1 - y)*x*p*(1 - p)", "missing_factor"),
    (ex.check_dLB_dw, "y - 1", "stops_early"),
    (ex.check_dL_dw, "(y - p)*x", "sign"),
    (ex.check_dL_dw, "p - y", "missing_factor"),
    (ex.check_dL_dw, "(p - (1 - y))*x", "labels_swapped"),
    (ex.check_dL_dw, "(p - y)*w", "wrong_variable"),
    (ex.check_dL_dw, "(1 - p - y)*x", "complement"),
    (ex.check_dL_dw, DLA_DW, "only_A"),
    (ex.check_dL_dw, DLB_DW, "only_B"),
    (ex.check_dL_dw, f"{DLA_DW} - {DLB_DW}", "slide_sign"),
    (ex.check_dL_dw, "y - p", "stops_early"),
    (ex.check_dL_dw, "(p - y)*x*p*(1 - p)", "extra_factor"),
    (ex.check_dL_dw, "(1 - y)*x*p - y*x*p", "complement"),  # in L^A's part only
    (ex.check_dL_dw, "-y*x*(1 - p) + (1 - y)*x*(1 - p)", "complement"),  # in L^B's only
    (ex.check_xi6_wx, SLIDE_XI6, "slide_log_p"),
    (ex.check_xi6_wx, "-log(1 + exp(-w*x))", "slide_log_p"),
    (ex.check_xi6_wx, "log(1 + exp(-w*x))", "minus_log_p"),
    (ex.check_xi6_wx, "log(1 - p)", "uses_p"),
    (ex.check_xi6_wx, "log(xi5)", "uses_xi"),
    (ex.check_xi6_wx, "log(1 - sigmoid(w*x))", "uses_sigmoid"),
    (ex.check_xi6_wx, "log(sigmoid(-w*x))", "uses_sigmoid"),
    (ex.check_xi6_wx, "-w*x + log(1 + exp(-w*x))", "sign"),
    (ex.check_xi6_wx, "w*x - log(1 + exp(-w*x))", "sign"),
    (ex.check_xi6_wx, "log(1 - 1/(1 + exp(-w)))", "not_equivalent"),
    (ex.check_xi6_wx, "2*log(1 - p)".replace("p", "1/(1 + exp(-w*x))"), "constant_factor"),
    (ex.check_xi6_wx, None, "none"),
]


@pytest.mark.parametrize(("check", "answer", "kind"), FORMULA_SLIPS)
def test_each_formula_slip_is_named(check, answer, kind):
    with pytest.raises(CheckFailure) as failure:
        check(answer)
    assert failure.value.kind == kind, str(failure.value)


CHECKS = {
    "dLA_dw": ex.check_dLA_dw,
    "dLB_dw": ex.check_dLB_dw,
    "dL_dw": ex.check_dL_dw,
    "xi6_wx": ex.check_xi6_wx,
}


@pytest.mark.parametrize(
    ("name", "slip"), [(name, slip) for name, slips in ex.FORMULA_SLIPS.items() for slip in slips]
)
def test_each_declared_formula_slip_is_named(name, slip):
    with pytest.raises(CheckFailure) as failure:
        CHECKS[name](slip.wrong)
    assert failure.value.kind == slip.kind, str(failure.value)
    assert str(failure.value) == f"`{name}` {slip.message}" or slip.kind == "stops_early"


# ---------------------------------------------------------------------------- no answer shown


def expected_texts() -> set[str]:
    """What the student must find, spaces removed: the local derivatives, the L^B row (the
    notebook states the other rows' definitions) and the typed answers."""
    entries = {derivative for table in (RIGHT_A, RIGHT_B) for _, derivative in table.values()}
    entries |= {RIGHT_B["L"][0], DLA_DW, DLB_DW, DL_DW, XI6, "-w*x-log(1+exp(-w*x))"}
    short = {"1", "-1", "-y", "-x"}  # too short to tell apart from ordinary words and formulas
    return {e.replace(" ", "") for e in entries} - short


def shown(message: str) -> str:
    return re.sub(r"\s", "", message.replace("−", "-").replace("ξ", "xi"))


def all_messages() -> list[str]:
    messages = []
    for check, table, row, entry, _ in ALL_TABLE_SLIPS:
        messages.append(str(failing_row(check, table, row, entry)))
    for check, answer, _ in FORMULA_SLIPS:
        with pytest.raises(CheckFailure) as failure:
            check(answer)
        messages.append(str(failure.value))
    messages += [slip.message for slip in ex.GRADIENT_SLIPS]
    return messages


def test_xi6_is_not_called_a_derivative():
    """ξ6 is a value: the checker's words about derivatives must not reach its messages."""
    for check, answer, _ in FORMULA_SLIPS:
        if check is ex.check_xi6_wx and answer is not None:
            with pytest.raises(CheckFailure) as failure:
                check(answer)
            assert "derivative" not in str(failure.value), failure.value


def test_no_message_shows_an_expected_entry():
    texts = expected_texts()
    for message in all_messages():
        assert not [t for t in texts if t in shown(message)], message


# ---------------------------------------------------------------------------- the code exercise

X_T = losses.add_intercept(
    np.array([[1.5, -0.5], [-1.0, 2.0], [0.5, 0.0], [2.0, 1.0], [-0.5, -1.5]])
)
Y_T = np.array([1.0, 0.0, 1.0, 0.0, 0.0])
X_ONE = losses.add_intercept(np.array([-2.0, -1.0, 0.0, 1.0, 2.5, 3.0, 0.5]))
Y_ONE = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0])
CASES = [(np.array([0.2, -0.8, 0.5]), X_T, Y_T), (np.array([-0.3, 1.2]), X_ONE, Y_ONE)]


def by_the_table(w, X, y):
    """The exercise's way: every ξ and every local derivative as an array over the examples."""
    xi1 = -X @ w
    xi2 = np.exp(xi1)
    xi3 = 1 + xi2
    xi4 = 1 / xi3
    xi5 = 1 - xi4  # of L^B's table; L^A's xi5 = log(xi4) has the local derivative 1/xi4
    chain_a = -y * (1 / xi4) * (-1 / xi3**2) * 1 * xi2
    chain_b = -(1 - y) * (1 / xi5) * -1 * (-1 / xi3**2) * 1 * xi2
    return np.mean((chain_a + chain_b)[:, None] * -X, axis=0)


def test_the_reference_agrees_with_finite_differences():
    for w_case, X, y_case in CASES:
        error = gradcheck.gradient_error(
            lambda v, X=X, y_case=y_case: losses.log_loss(v, X, y_case),
            lambda v, X=X, y_case=y_case: losses.log_loss_grad(v, X, y_case),
            w_case,
        )
        assert error < 1e-8


def test_the_tables_way_passes():
    ex.check_chain_rule_gradient(by_the_table, CASES)


def grad(w, X, y):
    """The mean log-loss gradient, written out: a wrong answer must not call gdkit's."""
    return X.T @ (losses.sigmoid(X @ w) - y) / len(y)


def _times(factor: float):
    return lambda w, X, y: factor * grad(w, X, y)


GRADIENT_SLIPS = [
    (_times(5.0), "sum_for_mean"),  # the first case has n = 5
    (lambda w, X, y: X.T @ (losses.sigmoid(X @ w) - y), "sum_for_mean"),
    (lambda w, X, y: np.mean((-y * (1 - losses.sigmoid(X @ w)))[:, None] * X, axis=0), "only_A"),
    (lambda w, X, y: np.mean(((1 - y) * losses.sigmoid(X @ w))[:, None] * X, axis=0), "only_B"),
    (
        lambda w, X, y: np.mean(
            (-y * (1 - losses.sigmoid(X @ w)) - (1 - y) * losses.sigmoid(X @ w))[:, None] * X,
            axis=0,
        ),
        "slide_sign",
    ),
    (lambda w, X, y: grad(w, X, 1 - y), "labels_swapped"),
    (lambda w, X, y: X.T @ (losses.sigmoid(-X @ w) - y) / len(y), "xi1_sign"),
    (_times(-1.0), "sign"),
    (lambda w, X, y: (losses.sigmoid(X @ w) - y)[:, None] * X, "per_example"),
    (lambda w, X, y: np.mean((losses.sigmoid(X @ w) - y)[:, None] * X, axis=1), "wrong_axis"),
    (lambda w, X, y: losses.sigmoid(X @ w) - y, "missing_factor"),
    (lambda w, X, y: y - losses.sigmoid(X @ w), "missing_factor"),
    (lambda w, X, y: np.mean(losses.sigmoid(X @ w) - y), "missing_factor"),
    (lambda w, X, y: losses.log_loss_grad(w, X, y), "reference_used"),
    (
        lambda w, X, y: sum(grad(w, X[i : i + 1], y[i : i + 1]) for i in range(len(y))) / len(y),
        "python_loop",
    ),
    (losses.log_loss_grad, "reference_used"),
    (
        lambda w, X, y: gradcheck.numerical_gradient(lambda v: losses.log_loss(v, X, y), w),
        "reference_used",
    ),
]


def by_the_table_with(**changes: Callable[[dict], np.ndarray]):
    """``by_the_table`` with some of its local derivatives computed otherwise (a slip in code).

    Each change computes one of dxi4_dxi1, dLA_dxi4, dLB_dxi4 from the xi's and y.
    """

    def gradient(w, X, y):
        xi2 = np.exp(-X @ w)
        xi3 = 1 + xi2
        v = {"y": y, "xi2": xi2, "xi3": xi3, "xi4": 1 / xi3, "xi5": 1 - 1 / xi3}
        local = {
            "dxi4_dxi1": (-1 / xi3**2) * 1 * xi2,
            "dLA_dxi4": -y * (1 / v["xi4"]),
            "dLB_dxi4": -(1 - y) * (1 / v["xi5"]) * -1,
        }
        local |= {name: change(v) for name, change in changes.items()}
        dL_dxi1 = (local["dLA_dxi4"] + local["dLB_dxi4"]) * local["dxi4_dxi1"]
        return np.mean(dL_dxi1[:, None] * -X, axis=0)

    return gradient


TABLE_CODE_SLIPS = [
    (dict(dLB_dxi4=lambda v: -v["y"] * (1 / v["xi5"]) * -1), "labels_swapped"),  # L^B only
    (dict(dLA_dxi4=lambda v: -(1 - v["y"]) * (1 / v["xi4"])), "labels_swapped"),  # L^A only
    (dict(dxi4_dxi1=lambda v: -1 / v["xi3"] ** 2), "missing_link"),  # the xi2 factor
    (dict(dxi4_dxi1=lambda v: v["xi2"]), "missing_link"),
    (dict(dLA_dxi4=lambda v: -v["y"]), "missing_link"),
    (dict(dLB_dxi4=lambda v: 1 - v["y"]), "missing_link"),
    (dict(dLB_dxi4=lambda v: -(1 - v["y"]) * (1 / v["xi4"]) * -1), "mixed_tables"),
]


@pytest.mark.parametrize(("changes", "kind"), TABLE_CODE_SLIPS)
def test_each_slip_in_the_tables_code_is_named(changes, kind):
    with pytest.raises(CheckFailure) as failure:
        ex.check_chain_rule_gradient(by_the_table_with(**changes), CASES)
    assert failure.value.kind == kind, str(failure.value)


@pytest.mark.parametrize("slip", ex.GRADIENT_SLIPS)
def test_each_declared_gradient_slip_is_named(slip):
    with pytest.raises(CheckFailure) as failure:
        ex.check_chain_rule_gradient(slip.wrong, CASES)
    assert failure.value.kind == slip.kind, str(failure.value)


@pytest.mark.parametrize(("wrong", "kind"), GRADIENT_SLIPS)
def test_each_gradient_slip_is_named(wrong, kind):
    with pytest.raises(CheckFailure) as failure:
        ex.check_chain_rule_gradient(wrong, CASES)
    assert failure.value.kind == kind, str(failure.value)
