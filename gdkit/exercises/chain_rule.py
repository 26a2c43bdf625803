"""Checks of assignment 05, the chain rule: one per graded exercise.

Typed derivatives (z = e^u with u = -x**2) are compared with SymPy's own derivatives; the
code exercises with computational graphs built here from :mod:`gdkit.graph` (the sigmoid
neuron's squared error, :data:`NEURON_GRAPH`, and the logistic neuron's log-loss,
:data:`LOG_LOSS_GRAPH`) and with a closed form for ``h = A x``. Each check names the slips
students are likely to make, as declared :class:`~gdkit.checks.Slip` values; calling
gdkit's ``Graph.forward``/``Graph.backward`` or ``gradcheck.numerical_gradient`` where an
exercise asks for the student's own code fails (kind ``reference_used``). Every failure
is a :class:`~gdkit.checks.CheckFailure` with a ``kind``; no message shows the answer.

>>> check_backward(lambda values, w, x, y: 2 * values["r"] * x, [(0.8, 1.5, 1.0)])
Traceback (most recent call last):
...
gdkit.checks.CheckFailure: `backward` leaves out the local derivative of the sigmoid step, dp/du: ...
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import sympy

from gdkit import gradcheck, losses
from gdkit.checks import (
    CheckFailure,
    Slip,
    assert_close,
    call,
    check_derivative,
    check_function,
    check_no_loop,
    warning_failure,
)
from gdkit.graph import Graph, Node
from gdkit.symbolic import ParseError, check, parse

__all__ = [
    "DU_DX",
    "DZ_DU",
    "DZ_DX",
    "FORWARD_KEYS",
    "LOG_LOSS_GRAPH",
    "NEURON_GRAPH",
    "check_backward",
    "check_backward_pass",
    "check_dz_dx",
    "check_forward",
    "check_grad_through_linear",
    "check_local_derivatives",
    "check_no_loop",
]

# ---------------------------------------------------------------------------- Exercises 1, 2

x_sym, u_sym = sympy.symbols("x u")
#: The chain of Exercises 1 and 2: z = e^u with u = -x**2.
INNER = -(x_sym**2)
OUTER = sympy.exp(u_sym)
DZ_DU = sympy.diff(OUTER, u_sym)
DU_DX = sympy.diff(INNER, x_sym)
DZ_DX = sympy.diff(OUTER.subs(u_sym, INNER), x_sym)

#: Verdicts that say nothing about the value of an answer: no slip can explain them.
_UNREAD = {"none", "unparseable", "unknown_symbol", "too_complex"}

_DZ_DU_SLIPS = (
    Slip(
        "in_x",
        "is written in x. A local derivative looks at one step only, z = e^u, as if u were "
        "the only variable: write it in u.",
        DZ_DU.subs(u_sym, INNER),
    ),
    Slip(
        "whole_chain",
        "is the derivative of the whole chain, dz/dx. dz/du is the local derivative of the "
        "outer step z = e^u alone.",
        DZ_DX,
    ),
    Slip(
        "power_rule",
        "treats e^u like a power of u. The power rule brings the exponent down when the "
        "variable is in the base; in e^u the variable is the exponent.",
        u_sym * sympy.exp(u_sym - 1),
    ),
    Slip(
        "swapped",
        "is du/dx, the local derivative of the inner step. dz_du belongs to the outer step, "
        "z = e^u, and du_dx to the inner one.",
        DU_DX,
    ),
)
#: du/dx typed with u in it: read with u = -x**2, the whole chain; anything else is in_u.
_DU_DX_SLIPS = (
    Slip(
        "whole_chain",
        "is the derivative of the whole chain, dz/dx. du/dx is the local derivative of the "
        "inner step u = -x**2 alone.",
        DZ_DX,
    ),
)
_IN_U = Slip(
    "in_u",
    "uses u, but the inner step u = -x**2 is a function of x: its local derivative du/dx is "
    "written in x (and u does not appear in it).",
    None,
)
_DZ_DX_SLIPS = (
    Slip(
        "outer_at_x",
        "evaluates the outer derivative at x: dz/du must be taken at u = -x**2, the value "
        "of the inner function, not at x itself.",
        DZ_DU.subs(u_sym, x_sym) * DU_DX,
    ),
    Slip(
        "brackets",
        "squares the whole exponential: exp(-x)**2 is e^(-2x), not e^(-x**2). Put the whole "
        "exponent inside exp(...).",
        DZ_DU.subs(u_sym, -x_sym) ** 2 * DU_DX,
    ),
    Slip(
        "exponent_sign",
        "has lost the minus inside the exponential: dz/du is taken at u = -x**2, minus and all.",
        DZ_DU.subs(u_sym, x_sym**2) * DU_DX,
    ),
)


def _u_replaced(answer: Any) -> tuple[Any, bool]:
    """The answer with u replaced by -x**2, and whether it used u; unreadable text as is.

    Unreadable text is left to the checker, which explains what it cannot read.
    """
    expr = answer
    if isinstance(answer, str):
        try:
            expr = parse(answer, (u_sym,))
        except ParseError:
            return answer, False
    if isinstance(expr, sympy.Expr) and any(s.name == "u" for s in expr.free_symbols):
        return expr.subs({s: INNER for s in expr.free_symbols if s.name == "u"}), True
    return answer, False


def _matching(answer: Any, slips: Sequence[Slip]) -> Slip | None:
    """The first declared slip (a SymPy expression) that ``answer`` equals, if any."""
    return next((s for s in slips if check(answer, s.wrong).correct), None)


def _check_typed(answer: Any, expected: sympy.Expr, slips: Sequence[Slip], *, name: str) -> None:
    """:func:`check_derivative`, naming a declared slip (a SymPy expression) the answer equals."""
    __tracebackhide__ = True
    try:
        check_derivative(answer, expected, name=name)
    except CheckFailure as failure:
        if failure.kind in _UNREAD:
            raise
        slip = _matching(answer, slips)
        if slip is None:
            raise
        raise CheckFailure(slip.kind, f"`{name}` {slip.message}") from None


def _check_du_dx(du_dx: Any) -> None:
    """du/dx of u = -x**2; an answer with u in it is the whole chain or written in u."""
    __tracebackhide__ = True
    formula, used_u = _u_replaced(du_dx)
    if used_u:
        slip = _matching(formula, _DU_DX_SLIPS) or _IN_U
        raise CheckFailure(slip.kind, f"`du_dx` {slip.message}")
    _check_typed(du_dx, DU_DX, _DU_DX_SLIPS, name="du_dx")


def check_local_derivatives(dz_du: Any, du_dx: Any) -> None:
    """Check the two local derivatives of z = e^u, u = -x**2: dz/du (in u) and du/dx (in x).

    The failure's kind is the symbolic verdict's mistake (sign, constant_factor,
    missing_factor ...), or ``in_x`` for dz/du written in x, ``in_u`` for du/dx written
    with u, ``whole_chain`` for dz/dx given as either, ``swapped`` for du/dx given as dz/du.

    >>> check_local_derivatives("exp(u)", "-2*x")
    >>> check_local_derivatives("exp(-x**2)", "-2*x")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `dz_du` is written in x. ...
    >>> check_local_derivatives("exp(u)", "-2*x*exp(u)")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `du_dx` is the derivative of the whole chain, dz/dx. ...
    """
    __tracebackhide__ = True
    _check_typed(dz_du, DZ_DU, _DZ_DU_SLIPS, name="dz_du")
    _check_du_dx(du_dx)


def check_dz_dx(dz_dx: Any) -> None:
    """Check dz/dx of z = e^(-x**2), the product of the local derivatives, written in x.

    An answer that still uses u is read with u = -x**2: if it is then right, it fails
    with kind ``not_substituted``; if not, with the kind of its mistake. The outer
    derivative taken at x instead of at u (``outer_at_x``), a bracket slip and the minus
    lost inside the exponential (``exponent_sign``) are named.

    >>> check_dz_dx("-2*x*exp(-x**2)")
    >>> check_dz_dx("-2*x*exp(u)")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `dz_dx` is right once u is replaced by -x**2, ...
    """
    __tracebackhide__ = True
    formula, used_u = _u_replaced(dz_dx)
    _check_typed(formula, DZ_DX, _DZ_DX_SLIPS, name="dz_dx")
    if used_u:
        raise CheckFailure(
            "not_substituted",
            "`dz_dx` is right once u is replaced by -x**2, but it still uses u: write dz/dx "
            "in x alone, with u replaced by what it stands for.",
        )


# ---------------------------------------------------------------------------- calling code

#: The Graph methods a student's code must not call, kept here for the references.
_GRAPH = {"forward": Graph.forward, "backward": Graph.backward}


class _GraphCalled(Exception):
    """Raised by the stand-in for a Graph method while a student's code runs."""


@contextmanager
def _graph_refused() -> Iterator[list[str]]:
    """Swap Graph.forward and Graph.backward for stand-ins that record the call and refuse it.

    :func:`gdkit.checks.check_function`'s ``forbid`` swaps module-level functions only;
    these are methods, so they are swapped on the class (and put back afterwards).
    """
    called: list[str] = []

    def stand_in_for(method: str) -> Callable[..., Any]:
        def stand_in(self: Graph, *args: Any, **kwargs: Any) -> Any:
            called.append(method)
            raise _GraphCalled(method)

        return stand_in

    try:
        for method in _GRAPH:
            setattr(Graph, method, stand_in_for(method))
        yield called
    finally:
        for method, function in _GRAPH.items():
            setattr(Graph, method, function)


def _graph_used(name: str, method: str) -> CheckFailure:
    return CheckFailure(
        "reference_used",
        f"`{name}` calls gdkit's Graph.{method}, but this exercise asks for your own code "
        "(gdkit's graph is what the test compares with). Write it without the Graph.",
    )


@contextmanager
def _own_code(name: str) -> Iterator[None]:
    """Run a check with the Graph refused; a failure caused by calling it says so."""
    with _graph_refused() as called:
        try:
            yield
        except CheckFailure:
            if called:
                raise _graph_used(name, called[0]) from None
            raise
    if called:  # the student's code caught the refusal and went on
        raise _graph_used(name, called[0])


def _call(
    fn: Any,
    args: tuple[Any, ...],
    *,
    name: str,
    where: str,
    forbid: Sequence[Callable[..., Any]] = (),
) -> tuple[Any, list]:
    """:func:`~gdkit.checks.call` with the Graph refused (the caller copies the arguments)."""
    if not callable(fn):
        raise CheckFailure(
            "not_a_function",
            f"`{name}` is not a function (it is a {type(fn).__name__}): did you overwrite it "
            "with a value?",
        )
    with _own_code(name):  # a refused Graph call fails as "raised": _own_code names it
        return call(fn, args, name=name, where=where, forbid=forbid)


def _as_dict(result: Any, keys: Sequence[str], *, name: str, exact: bool) -> Mapping[str, Any]:
    """The result as a dict with ``keys`` (and, if ``exact``, no others), else a failure."""
    listed = ", ".join(f'"{key}"' for key in keys)
    if result is None:
        raise CheckFailure("none", f"`{name}` returned None: did you forget to `return` the dict?")
    if not isinstance(result, Mapping):
        raise CheckFailure(
            "type",
            f"`{name}` returned a {type(result).__name__}; it must return a dictionary with "
            f"the keys {listed}.",
        )
    missing = [key for key in keys if key not in result]
    if missing:
        raise CheckFailure(
            "keys",
            f"`{name}` returned a dictionary without "
            + ", ".join(f'"{key}"' for key in missing)
            + f": it needs the keys {listed}, spelled exactly so.",
        )
    extra = [key for key in result if key not in keys]
    if exact and extra:
        raise CheckFailure(
            "keys",
            f"`{name}` returned keys that are not nodes of the graph: "
            + ", ".join(repr(key) for key in extra)
            + f". The nodes are {listed}.",
        )
    return result


def _close_at(where: str, got: Any, expected: float, *, name: str, slips: Sequence[Slip]) -> None:
    """:func:`~gdkit.checks.assert_close`, with the case appended to a failure's message."""
    __tracebackhide__ = True
    try:
        assert_close(got, expected, name=name, slips=slips)
    except CheckFailure as failure:
        raise CheckFailure(failure.kind, f"{failure} ({where})") from None


def _raise_warnings(caught: list, name: str) -> None:
    warned = warning_failure(caught, name)
    if warned:
        raise warned


# ---------------------------------------------------------------------------- Exercises 3, 4

#: The squared error of a sigmoid neuron for one example, L = (sigmoid(w x) - y)**2.
NEURON_GRAPH = Graph(
    [
        Node("w"),
        Node("x"),
        Node("u", "*", ("w", "x")),
        Node("p", "sigmoid", ("u",)),
        Node("y"),
        Node("r", "-", ("p", "y")),
        Node("L", "square", ("r",)),
    ]
)
#: The intermediate values ``forward(w, x, y)`` returns, in the order they are computed.
FORWARD_KEYS = ("u", "p", "r", "L")

Point = tuple[float, float, float]


def _neuron(w: float, x: float, y: float) -> dict[str, float]:
    """Every node's value of :data:`NEURON_GRAPH` at (w, x, y)."""
    return _GRAPH["forward"](NEURON_GRAPH, w=w, x=x, y=y)


def _forward_slips(w: float, x: float, y: float) -> dict[str, list[Slip]]:
    """What each intermediate value is when a likely slip is made, at (w, x, y)."""
    right = _neuron(w, x, y)
    p = right["p"]
    return {
        "u": [Slip("sum_for_product", "adds w and x; u is their product, w x.", w + x)],
        "p": [
            Slip(
                "no_sigmoid",
                "is u itself: p is the sigmoid of u, a probability between 0 and 1.",
                w * x,
            ),
            Slip(
                "sigmoid_sign",
                "is the sigmoid of -u: check the sign in the exponent of sigmoid(u) = "
                "1/(1 + e^(-u)).",
                1 - p,
            ),
        ],
        "r": [
            Slip("sign", "is y - p; r is defined the other way round, p - y.", y - p),
            Slip(
                "u_for_p", "uses u where p belongs: r compares the probability with y.", w * x - y
            ),
        ],
        "L": [
            Slip("no_square", "is r itself; the loss is the square of r.", right["r"]),
            Slip(
                "abs_for_square", "is the size |r|; the loss is the square of r.", abs(right["r"])
            ),
        ],
    }


def check_forward(forward: Any, cases: Sequence[Point]) -> None:
    """Check ``forward(w, x, y)``: a dict of the values u, p, r, L of :data:`NEURON_GRAPH`.

    Each value is compared in the order computed; slips (no sigmoid, r = y - p, no square
    ...) are named. Extra keys are allowed. Calling gdkit's Graph or ``losses.sigmoid``
    fails: the exercise asks for the sigmoid written out.

    >>> def forward(w, x, y):
    ...     u = w * x
    ...     p = 1 / (1 + np.exp(-u))
    ...     return {"u": u, "p": p, "r": p - y, "L": p - y}
    >>> check_forward(forward, [(0.8, 1.5, 1.0)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `forward(w, x, y)["L"]` is r itself; the loss is the square of r. ...
    """
    __tracebackhide__ = True
    for number, (w, x, y) in enumerate(cases, start=1):
        where = f"case {number} of {len(cases)}, called with w={w:g}, x={x:g}, y={y:g}"
        result, caught = _call(
            forward, (w, x, y), name="forward", where=where, forbid=[losses.sigmoid]
        )
        values = _as_dict(result, FORWARD_KEYS, name="forward", exact=False)
        right, slips = _neuron(w, x, y), _forward_slips(w, x, y)
        for key in FORWARD_KEYS:
            name = f'forward(w, x, y)["{key}"]'
            _close_at(where, values[key], right[key], name=name, slips=slips[key])
        _raise_warnings(caught, "forward")


def _dL_dw(values: Mapping[str, float], w: float, x: float, y: float) -> float:
    """dL/dw of :data:`NEURON_GRAPH` at (w, x, y), by gdkit's backward pass."""
    return _GRAPH["backward"](NEURON_GRAPH, _neuron(w, x, y))["w"]


def _sigmoid_slope(values: Mapping[str, float]) -> float:
    return values["p"] * (1 - values["p"])


_BACKWARD_SLIPS = (
    Slip(
        "missing_sigmoid_factor",
        "leaves out the local derivative of the sigmoid step, dp/du: every step of the chain "
        "contributes one factor.",
        lambda v, w, x, y: 2 * v["r"] * x,
    ),
    Slip(
        "missing_x",
        "leaves out du/dw, the local derivative of the first step u = w x with respect to w.",
        lambda v, w, x, y: 2 * v["r"] * _sigmoid_slope(v),
    ),
    Slip(
        "missing_2",
        "is half the right value: the local derivative of L = r**2 with respect to r brings "
        "down a 2.",
        lambda v, w, x, y: v["r"] * _sigmoid_slope(v) * x,
    ),
    Slip(
        "sign",
        "has the wrong sign: check the local derivatives of r = p - y with respect to p and of "
        "L = r**2 with respect to r.",
        lambda v, w, x, y: -2 * v["r"] * _sigmoid_slope(v) * x,
    ),
    Slip(
        "sigmoid_derivative",
        "uses p as the sigmoid's derivative: unlike e^u, the sigmoid is not its own "
        "derivative. Differentiate sigmoid(u) and write the result with p.",
        lambda v, w, x, y: 2 * v["r"] * v["p"] * x,
    ),
    Slip(
        "sigmoid_at_u",
        "writes the sigmoid's derivative with u where p belongs: the derivative is a "
        "function of sigmoid(u), which is p, not of u itself.",
        lambda v, w, x, y: 2 * v["r"] * v["u"] * (1 - v["u"]) * x,
    ),
    Slip(
        "uses_L",
        "uses L where r belongs in dL/dr: the derivative of r**2 is written with r.",
        lambda v, w, x, y: 2 * v["L"] * _sigmoid_slope(v) * x,
    ),
    Slip(
        "wrt_x",
        "is dL/dx: the local derivative of u = w x with respect to w is the other factor.",
        lambda v, w, x, y: 2 * v["r"] * _sigmoid_slope(v) * w,
    ),
    Slip(
        "sum_of_locals",
        "adds the local derivatives; along a chain they multiply.",
        lambda v, w, x, y: 2 * v["r"] + _sigmoid_slope(v) + 1 + x,
    ),
)


def check_backward(backward: Any, cases: Sequence[Point]) -> None:
    """Check ``backward(values, w, x, y)``: dL/dw of :data:`NEURON_GRAPH` at each (w, x, y).

    ``values`` is the dict u, p, r, L at that point (gdkit's, not the student's forward).
    Names a missing local factor (the sigmoid's, x, the 2 of the square), the wrong sign,
    a wrong sigmoid derivative, L for r; calling gdkit's Graph or
    ``gradcheck.numerical_gradient`` fails (kind ``reference_used``).

    >>> def backward(values, w, x, y):
    ...     return 2 * values["r"] * values["p"] * (1 - values["p"]) * x
    >>> check_backward(backward, [(0.8, 1.5, 1.0)])
    """
    __tracebackhide__ = True
    args = [
        ({k: v for k, v in _neuron(*case).items() if k in FORWARD_KEYS}, *case) for case in cases
    ]
    with _own_code("backward"):
        check_function(
            backward,
            _dL_dw,
            args,
            name="backward",
            slips=_BACKWARD_SLIPS,
            forbid=[gradcheck.numerical_gradient],
        )


# ---------------------------------------------------------------------------- Exercise 5


def _linear_grad(A: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The gradient of z = sum((A x)**2) with respect to x: A^T dz/dh, with dz/dh = 2 h."""
    return A.T @ (2 * (A @ x))


_WRONG_AXIS = (
    "sums over the wrong index: dz/dx_i collects one term per h_j, dz/dh_j times "
    "dh_j/dx_i, so the sum runs over j, the index of h."
)
_LINEAR_SLIPS = (
    Slip(
        "not_transposed",
        "multiplies by A where its transpose belongs: x_i reaches h_j through A[j, i], so the "
        "sum over j runs down column i of A, not along row i.",
        lambda A, x: A @ (2 * (A @ x)),
    ),
    Slip(
        "transpose_order",
        "puts the transpose on the wrong A: follow the chain from z back to x, first dz/dh "
        "(which needs h = A x itself), then from h to x.",
        lambda A, x: 2 * A @ (A.T @ x),
    ),
    Slip(
        "missing_2",
        "is half the right value: the derivative of h_j**2 with respect to h_j brings down a 2.",
        lambda A, x: A.T @ (A @ x),
    ),
    Slip(
        "sign",
        "has the wrong sign: no step from x to z brings in a minus (a matrix product, then a "
        "sum of squares), so look for a stray one.",
        lambda A, x: -_linear_grad(A, x),
    ),
    Slip(
        "stops_at_h",
        "is dz/dh, the gradient with respect to h; the chain goes on from h back to x, through "
        "dh_j/dx_i.",
        lambda A, x: 2 * (A @ x),
    ),
    Slip(
        "x_for_h",
        "uses x where h = A x belongs: z is a sum of squares of the h_j, so dz/dh_j is written "
        "with h_j.",
        lambda A, x: A.T @ (2 * x),
    ),
    Slip("wrong_axis", _WRONG_AXIS, lambda A, x: np.sum(2 * (A @ x)[:, None] * A, axis=1)),
    Slip("wrong_axis", _WRONG_AXIS, lambda A, x: np.sum(2 * (A @ x) * A, axis=0)),
    Slip(
        "total",
        "returns one number; the gradient has one entry per x_i, p in all (the shape of x).",
        lambda A, x: np.sum(_linear_grad(A, x)),
    ),
    Slip(
        "z_not_gradient",
        "returns z itself, sum(h**2), not its gradient.",
        lambda A, x: np.sum((A @ x) ** 2),
    ),
)


def check_grad_through_linear(
    grad_through_linear: Any, cases: Sequence[tuple[np.ndarray, np.ndarray]]
) -> None:
    """Check ``grad_through_linear(A, x)``, the gradient of ``sum((A x)**2)`` by ``x``.

    The reference is A^T (2 A x), which the unit tests compare with finite differences.
    Names A for its transpose (a square A shows it by value; a non-square one makes the
    product fail, and the message says which shapes meet), the transpose on the wrong A,
    a missing 2, a sign, dz/dh given for dz/dx, x for h and sums over the wrong axis;
    calling ``gradcheck.numerical_gradient`` fails, and so does a Python loop (kind
    ``python_loop``, see :func:`check_no_loop`).

    >>> A = np.array([[1.0, 2.0], [0.0, 1.0]])
    >>> check_grad_through_linear(lambda A, x: A @ (2 * (A @ x)), [(A, np.array([1.0, -1.0]))])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `grad_through_linear` multiplies by A where its transpose belongs: ...
    """
    __tracebackhide__ = True
    try:
        check_function(
            grad_through_linear,
            _linear_grad,
            cases,
            name="grad_through_linear",
            slips=_LINEAR_SLIPS,
            forbid=[gradcheck.numerical_gradient],
        )
    except CheckFailure as failure:
        error = failure.__cause__
        shape = next((A.shape for A, _ in cases if A.shape[0] != A.shape[1]), None)
        if failure.kind not in ("matmul_shapes", "raised") or not isinstance(error, ValueError):
            raise
        if shape is None:
            raise
        m, p = shape
        raise CheckFailure(
            failure.kind,
            f"`grad_through_linear` raised ValueError: {error}, for an A of shape ({m}, {p}). "
            f"Here h = A x has {m} entries while x, and so the gradient, has {p}: the sum over "
            f"j runs over the {m} entries of h. Check which axis of A holds the index j.",
        ) from None
    check_no_loop(
        grad_through_linear,
        name="grad_through_linear",
        how="The sum over j, for every i at once, is one matrix product.",
    )


# ---------------------------------------------------------------------------- Exercise 6

#: The log-loss of a logistic neuron for one example (x, y), with weight w and intercept b,
#: written L = -log(1 - p) - y (log p - log(1 - p)), which is -[y log p + (1 - y) log(1 - p)].
LOG_LOSS_GRAPH = Graph(
    [
        Node("x"),
        Node("w"),
        Node("u", "*", ("w", "x")),
        Node("b"),
        Node("z", "+", ("u", "b")),
        Node("p", "sigmoid", ("z",)),
        Node("log_p", "log", ("p",)),
        Node("q", "1-", ("p",)),
        Node("log_q", "log", ("q",)),
        Node("d", "-", ("log_p", "log_q")),
        Node("y"),
        Node("v", "neg", ("log_q",)),
        Node("t", "*", ("y", "d")),
        Node("L", "-", ("v", "t")),
    ]
)

_SIGN = "has a sign slip at {user}: check the sign of the local derivative of "
_LOG = "uses a wrong local derivative of the log at {user}: differentiate log(a) with respect to a."
_SIGMOID = "uses a wrong local derivative of the sigmoid at {user}: "

#: Wrong local derivatives by operation: (kind, message, local derivatives of the inputs).
#: A message follows the name of the gradient; {user} is the node whose derivative slipped.
_WRONG_LOCALS: dict[str, list[tuple[str, str, Callable[..., tuple[float, ...]]]]] = {
    "*": [
        (
            "product_swapped",
            "uses the wrong factor of the product {user}: differentiating a product with "
            "respect to one factor leaves the other factor.",
            lambda a, b: (a, b),
        )
    ],
    "-": [("minus_sign", _SIGN + "a difference by the number subtracted.", lambda a, b: (1, 1))],
    "neg": [("minus_sign", _SIGN + "-a.", lambda a: (1.0,))],
    "1-": [("minus_sign", _SIGN + "1 - a.", lambda a: (1.0,))],
    "log": [
        ("log_derivative", _LOG, lambda a: (math.log(a),)),
        ("log_derivative", _LOG, lambda a: (a,)),
    ],
    "sigmoid": [
        (
            "sigmoid_derivative",
            _SIGMOID + "p itself. Unlike e^z, the sigmoid is not its own derivative.",
            lambda a: (losses.sigmoid(a),),
        ),
        (
            "sigmoid_derivative",
            _SIGMOID + "written with z where p belongs. It is a function of sigmoid(z), the "
            "node p.",
            lambda a: (a * (1 - a),),
        ),
    ],
}


def _users(graph: Graph, name: str) -> list[tuple[Node, int]]:
    """The nodes that use node ``name``, each with the position of ``name`` in its inputs."""
    return [(node, k) for node in graph.nodes for k, i in enumerate(node.inputs) if i == name]


def _path_slips(name: str, users: Sequence[Node], terms: Sequence[float]) -> list[Slip]:
    """A node used twice or more: one path only, or the paths multiplied."""
    if len(users) < 2:
        return []
    names = " and ".join(user.name for user in users)
    one_path = [
        Slip(
            "one_path",
            f"counts only the path through {user.name}. Node {name} is used by {names}: its "
            "gradient collects one term from each of them.",
            term,
        )
        for user, term in zip(users, terms, strict=True)
    ]
    multiplied = Slip(
        "paths_multiplied",
        f"multiplies the terms of the paths through {names}: the contributions of separate "
        "paths add up.",
        math.prod(terms),
    )
    return [*one_path, multiplied]


def _step_slips(
    name: str,
    users: Sequence[Node],
    upstream: Sequence[float],
    local: Sequence[float],
    values: Mapping[str, float],
) -> list[Slip]:
    """The chain broken at a step: the local derivative alone, the gradient alone, a value."""
    names = " and ".join(user.name for user in users)
    steps = f"step{'s' if len(users) > 1 else ''} from {name} to {names}"
    return [
        Slip(
            "local_only",
            f"is only the local derivative of the {steps}: multiply it by the gradient of "
            f"{names}, so that the chain goes on to L.",
            sum(local),
        ),
        Slip(
            "missing_local",
            f"leaves out the local derivative of the {steps}: the gradient of {names} must be "
            "multiplied by it.",
            sum(upstream),
        ),
        Slip(
            "value_for_grad",
            f"multiplies by the value of {names} where the gradient of {names} belongs.",
            sum(values[user.name] * d for user, d in zip(users, local, strict=True)),
        ),
    ]


def _local_slips(
    users: Sequence[tuple[Node, int]],
    upstream: Sequence[float],
    terms: Sequence[float],
    values: Mapping[str, float],
) -> list[Slip]:
    """A wrong local derivative of one user's operation (see :data:`_WRONG_LOCALS`)."""
    slips = []
    for k, (user, position) in enumerate(users):
        for kind, message, wrong in _WRONG_LOCALS.get(user.op, ()):
            slipped = wrong(*(values[i] for i in user.inputs))[position]
            wrong_sum = sum(terms) - terms[k] + upstream[k] * slipped
            slips.append(Slip(kind, message.format(user=user.name), wrong_sum))
    return slips


def _node_slips(
    graph: Graph, name: str, values: Mapping[str, float], grads: Mapping[str, float]
) -> list[Slip]:
    """What the gradient of node ``name`` is when a likely slip is made there.

    ``grads`` are the right gradients: the gradients of the nodes that use ``name`` are
    checked before it, so they are the student's too.
    """
    users = _users(graph, name)
    if not users:
        return [Slip("output", "is the derivative of L with respect to L itself.", 0.0)]
    nodes = [user for user, _ in users]
    upstream = [grads[user.name] for user in nodes]
    local = [graph.local(user, values)[k] for user, k in users]
    terms = [g * d for g, d in zip(upstream, local, strict=True)]
    names = " and ".join(user.name for user in nodes)
    several = len(nodes) > 1
    sign = Slip(
        "sign",
        f"has the wrong sign. The gradient{'s' if several else ''} of {names} passed the test, "
        f"so look at the sign of the local derivative{'s' if several else ''} of {names} with "
        f"respect to {name}.",
        -grads[name],
    )
    return [
        *_path_slips(name, nodes, terms),
        *_local_slips(users, upstream, terms, values),
        *_step_slips(name, nodes, upstream, local, values),
        sign,
    ]


def _changed_keys(before: Mapping[str, float], after: Mapping[str, float]) -> list[str]:
    """The keys of a dict that were added, removed or given another value."""
    return sorted(k for k in {*before, *after} if k not in before or before[k] != after.get(k))


def check_backward_pass(backward_pass: Any, points: Sequence[Mapping[str, float]]) -> None:
    """Check ``backward_pass(values)``: dL/d(node) for every node of :data:`LOG_LOSS_GRAPH`.

    Each point gives the inputs x, w, b, y; ``values`` is the graph's forward pass there.
    The gradients are compared from the output back to the inputs, so the first wrong one
    named is where the slip is: a path left out or multiplied where paths add, a wrong
    local derivative or sign, a value for a gradient. Changing ``values`` fails (kind
    ``in_place``), and so does calling gdkit's Graph.

    >>> def backward_pass(values):
    ...     return {"L": 1.0}
    >>> check_backward_pass(backward_pass, [dict(x=1.5, w=-0.8, b=0.3, y=0.3)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `backward_pass` returned a dictionary without "x", "w", ...
    """
    __tracebackhide__ = True
    nodes = [node.name for node in LOG_LOSS_GRAPH.nodes]
    for number, point in enumerate(points, start=1):
        inputs = ", ".join(f"{key}={value:g}" for key, value in point.items())
        where = f"case {number} of {len(points)}, the values at {inputs}"
        values = _GRAPH["forward"](LOG_LOSS_GRAPH, **point)
        given = copy.deepcopy(values)
        result, caught = _call(backward_pass, (given,), name="backward_pass", where=where)
        changed = _changed_keys(values, given)
        if changed:
            raise CheckFailure(
                "in_place",
                f"`backward_pass` changed the dictionary `values` it was given (at "
                f"{', '.join(map(repr, changed[:3]))}{' ...' * (len(changed) > 3)}): it must "
                "stay as the forward pass left it. Put the gradients in a new dictionary, e.g. "
                "grads = {}; note that grads = values copies nothing, it gives the same "
                f"dictionary a second name. ({where})",
            )
        grads = _as_dict(result, nodes, name="backward_pass", exact=True)
        right = _GRAPH["backward"](LOG_LOSS_GRAPH, values)
        for name in reversed(nodes):
            slips = _node_slips(LOG_LOSS_GRAPH, name, values, right)
            label = f'backward_pass(values)["{name}"]'
            _close_at(where, grads[name], right[name], name=label, slips=slips)
        _raise_warnings(caught, "backward_pass")
