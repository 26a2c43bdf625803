"""Checks of assignment 06, the logistic-regression derivative, one link at a time.

The loss of one example, ``L = L^A + L^B`` with ``L^A = -y log p``,
``L^B = -(1 - y) log(1 - p)`` and ``p = sigmoid(w x)``, is differentiated through two tables
of intermediate variables (:data:`TABLE_A`, :data:`TABLE_B`), graded row by row by
:func:`gdkit.tables.check_table`.
Typed derivatives are compared with SymPy's own derivative of the loss; the code exercise
with :func:`gdkit.losses.log_loss_grad`. Each check names the slips students, and the
lecture's slides, are likely to make; no message shows an expected entry.

In a typed formula, and in a table, ``p`` may stand for sigmoid(w x): it is replaced
before checking (except where an exercise asks for a form in w and x alone).

>>> check_dL_dw("(p - y)*x")
>>> check_dL_dw("(y - p)*x")
Traceback (most recent call last):
...
gdkit.checks.CheckFailure: `dL_dw`: Not yet: your answer has the wrong sign. ...
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import sympy

from gdkit import gradcheck, losses
from gdkit.checks import CheckFailure, Slip, check_derivative, check_function, check_no_loop
from gdkit.symbolic import ParseError, check, parse
from gdkit.tables import RowSlip, Step, TableReport, check_table

__all__ = [
    "FORMULA_SLIPS",
    "GRADIENT_SLIPS",
    "TABLE_A",
    "TABLE_B",
    "check_chain_rule_gradient",
    "check_dLA_dw",
    "check_dLB_dw",
    "check_dL_dw",
    "check_table_A",
    "check_table_B",
    "check_xi6_wx",
]

w, x, y = sympy.symbols("w x y")
#: p = sigmoid(w x), the probability of label 1, as the tables build it.
PROBABILITY = 1 / (1 + sympy.exp(-w * x))
LOSS_A = -y * sympy.log(PROBABILITY)
LOSS_B = -(1 - y) * sympy.log(1 - PROBABILITY)
LOSS = LOSS_A + LOSS_B

# ---------------------------------------------------------------------------- the tables

_SLIDE_SIGN = (
    "the slides lose a minus sign in this row, and so does yours. L^B is minus (1 − y) "
    "times log(1 − p): where did that minus go?"
)
_LABELS_SWAPPED = (
    "y and 1 − y are swapped: look again at which label this part of the loss belongs to."
)
_LOG_P = "this is log p, the log of ξ4 = p; ξ6 is the log of ξ5 = 1 − p."


def _label(name: str) -> str:
    """How the table shows a variable: ξ3 for xi3."""
    return Step(name, name, of=name).label


def _row(name: str, value: str, of: str, *slips: RowSlip, label: str = "") -> Step:
    """A row of a table; unless the value is its own derivative, copying it over is a slip."""
    if sympy.diff(parse(value), sympy.Symbol(of)) != parse(value):
        copied = RowSlip(
            "derivative",
            value,
            "copied_value",
            "this is the row's value copied over, not its derivative with respect to "
            f"{_label(of)}.",
        )
        slips = (*slips, copied)
    return Step(name, value, of=of, slips=slips, label=label)


#: ξ1 ... ξ4 = p: the start both tables share.
_TO_P = (
    _row(
        "xi1",
        "-w*x",
        "w",
        RowSlip(
            "value",
            "w*x",
            "sign",
            "the sign is wrong: look at the exponent in the sigmoid, 1/(1 + e^(−w x)).",
        ),
        RowSlip(
            "derivative",
            "-w",
            "wrong_variable",
            "this is the derivative with respect to x. Here x is a given number (the "
            "feature) and the weight w is the variable.",
        ),
    ),
    _row(
        "xi2",
        "exp(xi1)",
        "xi1",
        RowSlip(
            "value",
            "exp(-xi1)",
            "double_minus",
            "a second minus: ξ1 already holds the minus of the exponent.",
        ),
        *(
            RowSlip(
                "derivative",
                wrong,
                "power_rule",
                "e^u is not a power of u: the power rule (bring the exponent down) does not "
                "apply to it.",
            )
            for wrong in ("xi1*exp(xi1)", "xi1*exp(xi1 - 1)")
        ),
    ),
    _row("xi3", "1 + xi2", "xi2"),
    _row(
        "xi4",
        "1/xi3",
        "xi3",
        RowSlip(
            "derivative",
            "1/xi3**2",
            "sign",
            "the sign is wrong: 1/u falls as u grows, so its slope is negative.",
        ),
        RowSlip(
            "derivative",
            "-1/xi3",
            "power_rule",
            "write 1/ξ3 as ξ3**(-1) and use the power rule: the exponent goes down by one.",
        ),
        RowSlip(
            "derivative",
            "log(xi3)",
            "antiderivative",
            "this is the function whose derivative is 1/ξ3 (its antiderivative), not the "
            "derivative of 1/ξ3.",
        ),
    ),
)


def _loss_row(part: str, value: str, of: str, *slips: RowSlip) -> Step:
    """The last row, L^A or L^B: the label y is a given number, not the variable."""
    return _row("L", value, of, *slips, label=f"L^{part}")


#: The table of L^A = -y log p, one row per intermediate variable.
TABLE_A = [
    *_TO_P,
    _row(
        "xi5",
        "log(xi4)",
        "xi4",
        RowSlip(
            "value",
            "-log(xi4)",
            "sign",
            "this row takes the log alone; the minus of the loss comes in the last row.",
        ),
        RowSlip(
            "derivative",
            "-1/xi4**2",
            "wrong_function",
            "this is the derivative of the reciprocal of ξ4, not of its log.",
        ),
    ),
    _loss_row(
        "A",
        "-y*xi5",
        "xi5",
        RowSlip("value", "-(1 - y)*xi5", "labels_swapped", _LABELS_SWAPPED),
        RowSlip("derivative", "-(1 - y)", "labels_swapped", _LABELS_SWAPPED),
        RowSlip(
            "value",
            "y*xi5",
            "sign",
            "the minus of the negative log-likelihood is missing.",
        ),
        RowSlip(
            "derivative",
            "-xi5",
            "wrong_variable",
            "this is the derivative with respect to y. The label y is a given number here; "
            "ξ5 is the variable.",
        ),
    ),
]

#: The table of L^B = -(1 - y) log(1 - p); its last rows hold the slides' slips.
TABLE_B = [
    *_TO_P,
    _row(
        "xi5",
        "1 - xi4",
        "xi4",
        RowSlip(
            "value",
            "xi4 - 1",
            "sign",
            "the subtraction is the wrong way round: ξ5 is the probability of label 0.",
        ),
        RowSlip(
            "derivative",
            "1",
            "sign",
            "the sign is wrong: 1 − ξ4 falls as ξ4 grows.",
        ),
    ),
    _row(
        "xi6",
        "log(xi5)",
        "xi5",
        RowSlip("value", "log(xi4)", "log_p", _LOG_P),
        RowSlip(
            "value",
            "log(1/(1 + exp(-w*x)))",
            "slide_log_p",
            "this is the slides' form, log 1/(1 + e^(−w x)): that is log p, the log of ξ4, "
            "while ξ6 is the log of ξ5 = 1 − p. (Write ξ6 in terms of ξ5, too.)",
        ),
        RowSlip(
            "derivative",
            "-1/xi5",
            "sign",
            "the minus of the row above is carried along, but it belongs to ξ5's own local "
            "derivative: here ξ5 is the variable.",
        ),
        RowSlip(
            "derivative",
            "1/xi4",
            "wrong_variable",
            "this is the derivative of log ξ4, but this row takes the log of ξ5.",
        ),
    ),
    _loss_row(
        "B",
        "-(1 - y)*xi6",
        "xi6",
        RowSlip("value", "(1 - y)*xi6", "slide_sign", _SLIDE_SIGN),
        RowSlip("derivative", "1 - y", "slide_sign", _SLIDE_SIGN),
        RowSlip("value", "-y*xi6", "labels_swapped", _LABELS_SWAPPED),
        RowSlip("derivative", "-y", "labels_swapped", _LABELS_SWAPPED),
        RowSlip(
            "derivative",
            "xi6",
            "wrong_variable",
            "this is the derivative with respect to y. The label y is a given number here; "
            "ξ6 is the variable.",
        ),
    ),
]


def _is_p(symbol: sympy.Symbol) -> bool:
    return symbol.name == "p"


def _shorthand(answer: Any) -> str | None:
    """The first shorthand for part of the chain that readable text (or SymPy) uses: ``"p"``,
    ``"xi"`` or ``"sigmoid"`` (only text can show it: parsing writes it out)."""
    if isinstance(answer, str) and re.search(r"\bsigmoid\b", answer):
        return "sigmoid"
    try:
        expr = parse(answer) if isinstance(answer, str) else answer
    except ParseError:
        return None
    names = {s.name for s in expr.free_symbols} if isinstance(expr, sympy.Expr) else set()
    return "p" if "p" in names else "xi" if any(n.startswith("xi") for n in names) else None


def _read(answer: Any) -> Any:
    """Text or SymPy with p replaced by sigmoid(w x); anything else, or unreadable text, as is.

    Unreadable text is left to the checker, which explains what it cannot read.
    """
    if isinstance(answer, str):
        try:
            answer = parse(answer)
        except ParseError:
            return answer
    if isinstance(answer, sympy.Expr):
        return answer.subs({s: PROBABILITY for s in answer.free_symbols if _is_p(s)})
    return answer


def _read_table(table: Any) -> Any:
    """The student's table with p replaced in every entry; a malformed table as it is."""
    if not isinstance(table, Mapping):
        return table
    return {
        key: tuple(map(_read, entry)) if isinstance(entry, tuple | list) else entry
        for key, entry in table.items()
    }


def check_table_A(table_A: Any) -> TableReport:
    """Grade the table of L^A = -y log p row by row (see :data:`TABLE_A`).

    >>> check_table_A({"xi1": ("-w*x", "x")})
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `table_A`, row ξ1: local derivative: Not yet: your answer has ...
    """
    __tracebackhide__ = True
    return check_table(_read_table(table_A), TABLE_A, name="table_A")


def check_table_B(table_B: Any) -> TableReport:
    """Grade the table of L^B = -(1 - y) log(1 - p) row by row (see :data:`TABLE_B`).

    The slides' last row, ``L^B = (1 - y) xi6``, is named as the slides' sign slip.

    >>> from gdkit.tables import grade_table
    >>> slides_row = grade_table({"L": ("(1 - y)*xi6", "1 - y")}, TABLE_B).rows[-1]
    >>> slides_row.kind, slides_row.message
    ('slide_sign', 'value: the slides lose a minus sign in this row, and so does yours. ...')
    """
    __tracebackhide__ = True
    return check_table(_read_table(table_B), TABLE_B, name="table_B")


# ---------------------------------------------------------------------------- typed formulas


def _check_formula(
    answer: Any,
    expected: sympy.Expr,
    slips: Sequence[Slip],
    *,
    name: str,
    verdicts: Mapping[str, str] | None = None,
) -> None:
    """:func:`check_derivative` on ``answer`` (p replaced), naming a declared slip it equals.

    Each slip's ``wrong`` is the SymPy expression the slip gives. ``verdicts`` replaces the
    checker's message for a kind of mistake (its messages speak of derivatives).
    """
    __tracebackhide__ = True
    formula = _read(answer)
    try:
        check_derivative(formula, expected, name=name)
    except CheckFailure as failure:
        slip = next((s for s in slips if check(formula, s.wrong).correct), None)
        if slip is not None:
            raise CheckFailure(slip.kind, f"`{name}` {slip.message}") from None
        if verdicts and failure.kind in verdicts:
            raise CheckFailure(failure.kind, f"`{name}` {verdicts[failure.kind]}") from None
        raise failure from None


def _complement(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with p and 1 - p exchanged: sigmoid(-w x) = 1 - sigmoid(w x)."""
    return expr.subs(w, -w)


def _early_stops(table: Sequence[Step]) -> dict[str, sympy.Expr]:
    """dL/dξk for each intermediate variable ξk, in w, x, y: where a chain stopped too early.

    Keyed by the variable's name; the product of the local derivatives from the last row down.
    """
    full: dict[sympy.Symbol, sympy.Expr] = {}
    local = []
    for step in table:
        value = parse(step.value)
        local.append((step.of, sympy.diff(value, sympy.Symbol(step.of))))
        full[sympy.Symbol(step.name)] = value.subs(full)
    stops, product = {}, sympy.Integer(1)
    for of, derivative in reversed(local[1:]):  # local[0] is dξ1/dw: the end of the chain
        product *= derivative
        stops[of] = product.subs(full)
    return stops


def _stop_slips(stops: Mapping[str, sympy.Expr], loss: str) -> list[Slip]:
    """One slip per place where the chain of ``loss`` (its label) can stop too early."""
    return [
        Slip(
            "stops_early",
            f"equals d{loss}/d{label}: the chain stops at {label}. Keep multiplying by the "
            "local derivatives, down to the one with respect to w.",
            wrong,
        )
        for label, wrong in ((_label(name), wrong) for name, wrong in stops.items())
    ]


def _slips_of(loss: sympy.Expr, stops: Sequence[Slip]) -> list[Slip]:
    """The slips any typed dL/dw of ``loss`` can make: labels, variable, p for 1 - p, no log
    link, a chain that stops early."""
    return [
        Slip(
            "labels_swapped",
            "is the derivative with y and 1 − y swapped: look again at which label goes with "
            "log p and which with log(1 − p).",
            sympy.diff(loss.subs(y, 1 - y), w),
        ),
        Slip(
            "wrong_variable",
            "is the derivative with respect to x. The weight w is the variable; x is a "
            "given number (the feature).",
            sympy.diff(loss, x),
        ),
        Slip(
            "complement",
            "has p where 1 − p belongs, and 1 − p where p belongs: check how e^(−w x) / "
            "(1 + e^(−w x)) is written with p.",
            _complement(sympy.diff(loss, w)),
        ),
        Slip(
            "missing_factor",
            "is missing the link of the log: the chain goes through a log too, and its local "
            "derivative is not 1.",
            sympy.diff(loss.replace(sympy.log, lambda u: u), w),
        ),
        *stops,
    ]


_DLA_DW = sympy.diff(LOSS_A, w)
_DLB_DW = sympy.diff(LOSS_B, w)


def _total_for(part: str) -> Slip:
    """The whole loss's derivative typed where one part's is asked for."""
    return Slip(
        "total_for_part",
        f"is dL/dw of the whole loss, L^A + L^B: this exercise asks for the part {part} alone.",
        _DLA_DW + _DLB_DW,
    )


def _complement_in(part: str) -> Slip:
    """dL/dw with p and 1 - p exchanged in one part only."""
    return Slip(
        "complement",
        f"has p where 1 − p belongs, or 1 − p where p belongs, in the part of {part}: check "
        "how e^(−w x) / (1 + e^(−w x)) is written with p.",
        _complement(_DLA_DW) + _DLB_DW if part == "L^A" else _DLA_DW + _complement(_DLB_DW),
    )


_STOPS_A = _early_stops(TABLE_A)
_STOPS_B = _early_stops(TABLE_B)
#: dL/dξk of the whole loss, for the variables both tables share (ξ1 ... ξ4).
_STOPS = {step.name: _STOPS_A[step.name] + _STOPS_B[step.name] for step in _TO_P}
#: The slides' form of ξ6 = log(1 - p): log 1/(1 + e^(-W^T X)).
SLIDE_XI6 = sympy.log(1 / (1 + sympy.exp(-w * x)))

#: The declared slips of each typed answer, tried in order.
FORMULA_SLIPS: dict[str, list[Slip]] = {
    "dLA_dw": [_total_for("L^A"), *_slips_of(LOSS_A, _stop_slips(_STOPS_A, "L^A"))],
    "dLB_dw": [
        _total_for("L^B"),
        Slip(
            "slide_sign",
            "has the sign the slides' table leads to: multiply the local derivatives of your "
            "corrected table_B, every minus sign included.",
            -_DLB_DW,
        ),
        *_slips_of(LOSS_B, _stop_slips(_STOPS_B, "L^B")),
    ],
    "dL_dw": [
        Slip("only_A", "is dL^A/dw alone: the loss is L^A + L^B.", _DLA_DW),
        Slip("only_B", "is dL^B/dw alone: the loss is L^A + L^B.", _DLB_DW),
        Slip(
            "slide_sign",
            "adds dL^B/dw with the sign the slides' table leads to: check the sign of "
            "your dL^B/dw.",
            _DLA_DW - _DLB_DW,
        ),
        _complement_in("L^A"),
        _complement_in("L^B"),
        *_slips_of(LOSS, _stop_slips(_STOPS, "L")),
    ],
    "xi6_wx": [
        Slip(
            "slide_log_p",
            "is what the slides write, and that is log p, not log(1 − p). Start from "
            "1 − 1/(1 + e^(−w x)) and put it over one denominator.",
            SLIDE_XI6,
        ),
        Slip(
            "minus_log_p",
            "is −log p, the loss of an example with label 1, not log(1 − p).",
            -SLIDE_XI6,
        ),
        Slip(
            "sign",
            "has a sign slip in the log of a quotient: the log of a/b is log a minus log b.",
            -w * x + sympy.log(1 + sympy.exp(-w * x)),
        ),
        Slip(
            "sign",
            "has the sign of log(e^(−w x)) wrong: the log undoes the exponential, and keeps "
            "what is in the exponent, minus and all.",
            w * x - sympy.log(1 + sympy.exp(-w * x)),
        ),
    ],
}


def check_dLA_dw(dLA_dw: Any) -> None:
    """Check the typed dL^A/dw, in w, x, y (p allowed for sigmoid(w x)).

    >>> check_dLA_dw("-y*x*exp(-w*x)/(1 + exp(-w*x))")
    >>> check_dLA_dw("-(1 - y)*x*(1 - p)")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `dLA_dw` is the derivative with y and 1 − y swapped: ...
    """
    __tracebackhide__ = True
    _check_formula(dLA_dw, _DLA_DW, FORMULA_SLIPS["dLA_dw"], name="dLA_dw")


def check_dLB_dw(dLB_dw: Any) -> None:
    """Check the typed dL^B/dw; the sign the slides' table leads to is named.

    >>> check_dLB_dw("(1 - y)*x*p")
    >>> check_dLB_dw("-(1 - y)*x*p")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `dLB_dw` has the sign the slides' table leads to: ...
    """
    __tracebackhide__ = True
    _check_formula(dLB_dw, _DLB_DW, FORMULA_SLIPS["dLB_dw"], name="dLB_dw")


def check_dL_dw(dL_dw: Any) -> None:
    """Check the typed dL/dw = dL^A/dw + dL^B/dw of one example.

    >>> check_dL_dw("-y*x*(1 - p) + (1 - y)*x*p")
    >>> check_dL_dw("-y*x*(1 - p)")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `dL_dw` is dL^A/dw alone: ...
    """
    __tracebackhide__ = True
    _check_formula(dL_dw, _DLA_DW + _DLB_DW, FORMULA_SLIPS["dL_dw"], name="dL_dw")


#: ξ6 = log(1 - p), in w and x.
XI6 = sympy.log(1 - PROBABILITY)
_SHORTHANDS = {"p": "p", "xi": "a ξ", "sigmoid": "sigmoid"}
_ONE_DENOMINATOR = "Write 1 − p = 1 − 1/(1 + e^(−w x)) over one denominator, then take the log."
_NOT_XI6 = "is not log(1 − p). " + _ONE_DENOMINATOR
#: What a wrong ξ6 is told, by the checker's verdict: its own words speak of derivatives.
_XI6_MESSAGES = {
    "sign": "has the wrong sign. " + _ONE_DENOMINATOR,
    "constant_factor": "is off by a constant factor: check the numbers in it.",
    "missing_factor": _NOT_XI6,
    "extra_factor": _NOT_XI6,
    "not_equivalent": _NOT_XI6,
}


def check_xi6_wx(xi6_wx: Any) -> None:
    """Check ξ6 = log(1 - p) typed in w and x alone; the slides' form is named.

    p, a ξ or sigmoid in the answer fails (kinds ``uses_p``, ``uses_xi``, ``uses_sigmoid``):
    the point is a form to compare with the slides'.

    >>> check_xi6_wx("-w*x - log(1 + exp(-w*x))")
    >>> check_xi6_wx("log(1/(1 + exp(-w*x)))")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `xi6_wx` is what the slides write, and that is log p, ...
    """
    __tracebackhide__ = True
    if xi6_wx is None or xi6_wx is Ellipsis:
        raise CheckFailure(
            "none", "`xi6_wx` is still empty: type it as text in quotes, in w and x."
        )
    shorthand = _shorthand(xi6_wx)
    if shorthand:
        raise CheckFailure(
            f"uses_{shorthand}",
            f"`xi6_wx` uses {_SHORTHANDS[shorthand]}: write it with w and x alone, with exp "
            "and log (no p, no ξ, no sigmoid), so that you can compare it with the slides' form.",
        )
    _check_formula(xi6_wx, XI6, FORMULA_SLIPS["xi6_wx"], name="xi6_wx", verdicts=_XI6_MESSAGES)


# ---------------------------------------------------------------------------- the code


#: A table's local derivatives, one array over the examples per row (named by the row).
Links = dict[str, np.ndarray]


def _links(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> tuple[Links, Links]:
    """The local derivatives of L^A's and of L^B's table down to ξ1, per example.

    Each is written with p = ξ4 and ξ2 = e^(−X w); the row ξ3, whose local derivative
    is 1, is left out.
    """
    p, xi2 = losses.sigmoid(X @ w), np.exp(-(X @ w))
    shared = {"xi4": -(p**2), "xi2": xi2}  # -1/ξ3**2 = -p**2
    table_a = {"L": -y, "xi5": 1 / p, **shared}
    table_b = {"L": -(1 - y), "xi6": 1 / (1 - p), "xi5": -np.ones_like(p), **shared}
    return table_a, table_b


def _chains(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """dL^A_i/dξ1 and dL^B_i/dξ1 per example: the products of the tables' local derivatives."""
    table_a, table_b = _links(w, X, y)
    return math.prod(table_a.values()), math.prod(table_b.values())


def _mean_gradient(chain_a: np.ndarray, chain_b: np.ndarray, X: np.ndarray) -> np.ndarray:
    """The mean over the examples of (chain_a + chain_b) times dξ1/dW = -X_i."""
    return np.mean((chain_a + chain_b)[:, None] * -X, axis=0)


def _with(change: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]):
    """The mean gradient after ``change`` to the two chains."""
    return lambda w, X, y: _mean_gradient(*change(*_chains(w, X, y)), X)


def _links_changed(change: Callable[[Links, Links, np.ndarray], tuple[Links, Links]]):
    """The mean gradient after ``change`` to the tables' local derivatives (y given too)."""

    def gradient(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
        table_a, table_b = change(*_links(w, X, y), y)
        return _mean_gradient(math.prod(table_a.values()), math.prod(table_b.values()), X)

    return gradient


def _missing_link(row: str, of: str, part: str = "") -> Slip:
    """The local derivative of ``row`` left out, in table ``part`` ("A", "B"), or in both."""
    label = f"L^{part}" if row == "L" else _label(row)
    where = f" in L^{part}'s chain" if part else ", in both chains"

    def drop(links: Links, table: str) -> Links:
        return {k: v for k, v in links.items() if k != row or part not in ("", table)}

    return Slip(
        "missing_link",
        f"leaves out the local derivative of {label} with respect to {of}{where}: every row "
        "of a table brings one factor to its chain.",
        _links_changed(lambda a, b, y: (drop(a, "A"), drop(b, "B"))),
    )


def _per_example(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    chain_a, chain_b = _chains(w, X, y)
    return (chain_a + chain_b)[:, None] * -X


def _per_example_only(values: np.ndarray) -> np.ndarray:
    return values


def _without_last_link(sign: int, reduce: Callable[[np.ndarray], Any]):
    """``sign`` times dL/dξ1 of each example, then ``reduce``: the link dξ1/dW left out."""
    return lambda w, X, y: reduce(sign * np.sum(_chains(w, X, y), axis=0))


GRADIENT_SLIPS = [
    Slip(
        "only_A",
        "adds up L^A's chain only: the chain of L^B (the examples with label 0) is missing.",
        _with(lambda a, b: (a, 0 * b)),
    ),
    Slip(
        "only_B",
        "adds up L^B's chain only: the chain of L^A (the examples with label 1) is missing.",
        _with(lambda a, b: (0 * a, b)),
    ),
    Slip(
        "slide_sign",
        "has L^B's part with the wrong sign (the slides' table has such a slip, in its last "
        "row): count the minus signs along L^B's chain.",
        _with(lambda a, b: (a, -b)),
    ),
    Slip(
        "labels_swapped",
        "looks like y and 1 − y swapped between L^A and L^B (the same numbers come out if "
        "ξ1 lost its minus in both columns).",
        lambda w, X, y: _mean_gradient(*_chains(w, X, 1 - y), X),
    ),
    Slip(
        "xi1_sign",
        "computes p as sigmoid(−X w): ξ1 has lost its minus (its local derivative kept it).",
        lambda w, X, y: _mean_gradient(*_chains(-w, X, y), X),
    ),
    Slip(
        "sign",
        "has the wrong sign everywhere: count the minus signs along the chain, the last "
        "link dξ1/dW included.",
        _with(lambda a, b: (-a, -b)),
    ),
    Slip(
        "labels_swapped",
        "has 1 − y in L^A's chain, where y belongs: look again at the last row of L^A's table.",
        _links_changed(lambda a, b, y: ({**a, "L": -(1 - y)}, b)),
    ),
    Slip(
        "labels_swapped",
        "has y in L^B's chain, where 1 − y belongs: look again at the last row of L^B's table.",
        _links_changed(lambda a, b, y: (a, {**b, "L": -y})),
    ),
    Slip(
        "mixed_tables",
        "uses the local derivative of L^A's log (the log of ξ4) in L^B's chain: L^B takes "
        "the log of its own ξ5, and its local derivative is taken at that ξ5.",
        _links_changed(lambda a, b, y: (a, {**b, "xi6": a["xi5"]})),
    ),
    _missing_link("xi2", "ξ1"),
    _missing_link("xi4", "ξ3"),
    _missing_link("xi5", "ξ4", "A"),
    _missing_link("L", "ξ5", "A"),
    _missing_link("xi6", "ξ5", "B"),
    _missing_link("L", "ξ6", "B"),
    Slip(
        "per_example",
        "returns one gradient per example (one row each): average them over the examples (axis 0).",
        _per_example,
    ),
    Slip(
        "wrong_axis",
        "averages over the weights (axis 1), not over the examples (axis 0).",
        lambda w, X, y: np.mean(_per_example(w, X, y), axis=1),
    ),
    *(
        Slip(
            "missing_factor",
            "has no entry per weight: the last link of the chain, dξ1/dW, is missing. ξ1 "
            "depends on every weight, so that link is a vector.",
            wrong,
        )
        for wrong in (
            _without_last_link(sign, reduce)
            for sign in (1, -1)
            for reduce in (_per_example_only, np.mean)
        )
    ),
]


def check_chain_rule_gradient(chain_rule_gradient: Any, cases: Sequence[Sequence[Any]]) -> None:
    """Check a student's mean log-loss gradient, built from the tables, on ``(w, X, y)`` cases.

    The reference is :func:`gdkit.losses.log_loss_grad` (which agrees with central
    differences); it and gdkit's numerical gradient are forbidden, and so is a Python loop.
    Named slips: L^A or L^B alone, the slides' sign, swapped labels (in both chains or in
    one), ξ1 without its minus, the sign, L^A's log link in L^B's chain, a local derivative
    left out, per-example gradients, the wrong axis, the missing last link; a sum for the
    mean is named too (use an odd number of examples).

    >>> X = losses.add_intercept(np.array([1.0, -1.0, 2.0]))
    >>> y = np.array([1.0, 0.0, 0.0])
    >>> def only_a(w, X, y):
    ...     p = losses.sigmoid(X @ w)
    ...     return np.mean((-y * (1 - p))[:, None] * X, axis=0)
    >>> check_chain_rule_gradient(only_a, [(np.array([0.5, -0.5]), X, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `chain_rule_gradient` adds up L^A's chain only: ...
    """
    __tracebackhide__ = True
    check_function(
        chain_rule_gradient,
        losses.log_loss_grad,
        cases,
        name="chain_rule_gradient",
        slips=GRADIENT_SLIPS,
        forbid=[losses.log_loss_grad, gradcheck.numerical_gradient],
    )
    check_no_loop(
        chain_rule_gradient,
        name="chain_rule_gradient",
        how="Every ξ and every local derivative is an array with one entry per example, so "
        "one line per row of the tables does all the examples at once.",
    )
