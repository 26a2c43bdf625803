"""The checks of assignment 08, local and global minima.

One check per graded exercise: the logistic loss's second derivative (typed) and Hessian
(code), the gradient of the tilted double well, random restarts, perturbed gradient
descent and the swap of a tiny network's hidden units. Each knows its reference (in
:mod:`gdkit.minima`, or written here), the slips students are likely to make, and never
shows the answer. The random exercises take a generator ``rng``: the checks run the
student's function and the reference on identically seeded generators, and name the
ways of using the generator wrongly (a seed of one's own, ``np.random``, other draws).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import sympy

from gdkit import minima, newton
from gdkit.checks import (
    CheckFailure,
    Slip,
    call,
    check_derivative,
    check_function,
    check_rng_use,
    is_value_kind,
    require_array,
)
from gdkit.descent import History, gradient_descent
from gdkit.losses import sigmoid
from gdkit.symbolic import ParseError, check, parse

__all__ = [
    "SECOND_DERIVATIVE",
    "check_d2L_dw2",
    "check_log_loss_hessian",
    "check_perturbed_descent",
    "check_random_restarts",
    "check_swap_hidden",
    "check_well_grad",
]

Case = Sequence[Any]

# ---------------------------------------------------------------------------- Exercise 1

w, x, y = sympy.symbols("w x y")
_P = 1 / (1 + sympy.exp(-w * x))
_LOSS = -y * sympy.log(_P) - (1 - y) * sympy.log(1 - _P)
# dL/dw = (p - y) x (assignment 6; a unit test checks it against _LOSS). Differentiating this
# form leaves no y in the result: the twice-differentiated _LOSS keeps y in terms that cancel,
# and would tell a student that the answer depends on y.
_GRADIENT = (_P - y) * x
#: d²L/dw² of one example's log-loss, p = sigmoid(w x): derived by SymPy, never shown.
SECOND_DERIVATIVE = sympy.diff(_GRADIENT, w)

_SECOND_DERIVATIVE_SLIPS = [
    Slip(
        "first_derivative",
        "is the first derivative dL/dw (the gradient of one example): differentiate it once "
        "more with respect to w, remembering that p depends on w.",
        _GRADIENT,
    ),
    Slip(
        "d_is_p",
        "has p where the derivative of p with respect to w x belongs: the sigmoid's derivative "
        "is not p itself (assignment 6 derived it).",
        x**2 * _P,
    ),
    Slip(
        "d_is_1_minus_p",
        "has 1 − p where the derivative of p with respect to w x belongs: the sigmoid's "
        "derivative is not 1 − p alone (assignment 6 derived it).",
        x**2 * (1 - _P),
    ),
]


def _in_w_and_x(answer: Any) -> Any:
    """Text or SymPy with p replaced by sigmoid(w x); anything else, or unreadable text, as is."""
    if isinstance(answer, str):
        try:
            answer = parse(answer)
        except ParseError:
            return answer  # the checker explains what it cannot read
    if isinstance(answer, sympy.Expr):
        return answer.subs({s: _P for s in answer.free_symbols if s.name == "p"})
    return answer


def check_d2L_dw2(d2L_dw2: Any) -> None:
    """Check the typed second derivative of one example's log-loss (p allowed for sigmoid(w x)).

    >>> check_d2L_dw2("x**2*p*(1 - p)")
    >>> check_d2L_dw2("x*(p - y)")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `d2L_dw2` is the first derivative dL/dw ...
    """
    __tracebackhide__ = True
    formula = _in_w_and_x(d2L_dw2)
    try:
        check_derivative(formula, SECOND_DERIVATIVE, name="d2L_dw2")
    except CheckFailure as failure:
        slip = next((s for s in _SECOND_DERIVATIVE_SLIPS if check(formula, s.wrong).correct), None)
        if slip is not None:
            raise CheckFailure(slip.kind, f"`d2L_dw2` {slip.message}") from None
        raise failure from None


# ---------------------------------------------------------------------------- Exercise 2


def _hessian(w: np.ndarray, X: np.ndarray, y: np.ndarray, d: Callable[..., Any]) -> np.ndarray:
    """Xᵀ D X / n with D = diag(d(p, y)), p = sigmoid(X w)."""
    p = sigmoid(X @ w)
    return X.T @ (d(p, y)[:, None] * X) / len(y)


def _log_loss_hessian(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return newton.log_loss_hessian(w, X)


def _x_d_xt(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    p = sigmoid(X @ w)
    return ((p * (1 - p))[:, None] * X) @ X.T / len(y)


_HESSIAN_SLIPS = [
    Slip(
        "x_d_xt",
        "has one row and one column per EXAMPLE: that is X D Xᵀ. The Hessian has one row and "
        "one column per weight, so X's transpose comes first.",
        _x_d_xt,
    ),
    Slip(
        "d_is_p",
        "uses D = diag(p): each example's weight in the sum is the derivative of the sigmoid, "
        "which is not p itself.",
        lambda w, X, y: _hessian(w, X, y, lambda p, y: p),
    ),
    Slip(
        "d_is_residual",
        "uses D = diag(p − y), the factor of the gradient: differentiating the gradient once "
        "more turns p − y into the derivative of p, and y drops out.",
        lambda w, X, y: _hessian(w, X, y, lambda p, y: p - y),
    ),
    Slip(
        "no_d",
        "leaves out D: it is Xᵀ X / n, the Hessian of half the squared error, not of the log-loss.",
        lambda w, X, y: X.T @ X / len(y),
    ),
]


def check_log_loss_hessian(log_loss_hessian: Any, cases: Sequence[Case]) -> None:
    """Check ``log_loss_hessian(w, X, y)`` (Xᵀ D X / n) on each case ``(w, X, y)``.

    A sum instead of the mean (use an odd number of examples) and a wrong sign are named
    by :func:`~gdkit.checks.check_function`; D = p, D = p − y, no D and X D Xᵀ are slips.
    The right numbers in a list, not an array, fail with kind ``not_an_array``.

    >>> X, y = np.array([[1.0, 0.5], [1.0, -1.0], [1.0, 2.0]]), np.array([1.0, 0.0, 1.0])
    >>> check_log_loss_hessian(lambda w, X, y: X.T @ X / len(y), [(np.zeros(2), X, y)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `log_loss_hessian` leaves out D: ...
    """
    __tracebackhide__ = True
    name = "log_loss_hessian"
    forbid = [newton.log_loss_hessian, newton.newton_step]
    check_function(
        log_loss_hessian,
        _log_loss_hessian,
        cases,
        name=name,
        slips=_HESSIAN_SLIPS,
        forbid=forbid,
    )
    result, _ = call(log_loss_hessian, copy.deepcopy(tuple(cases[0])), name=name, forbid=forbid)
    require_array(result, name=name, what="numbers", how="of shape (p, p)")


# ---------------------------------------------------------------------------- Exercise 3

_WELL_SLIPS = [
    Slip(
        "no_inner_derivative",
        "forgot the inner derivative: (w**2 - 1)**2 is a square of w**2 - 1, so the chain rule "
        "multiplies by the derivative of w**2 - 1 too.",
        lambda w: 2 * (w**2 - 1) + minima.TILT,
    ),
    Slip(
        "missing_2",
        "has half the derivative of (w**2 - 1)**2: the chain rule gives two factors, the "
        "derivative of the square (2 times w**2 - 1) and the derivative of w**2 - 1 (2 w). "
        "Check that both 2s are there.",
        lambda w: 2 * w * (w**2 - 1) + minima.TILT,
    ),
    Slip(
        "lost_minus_one",
        "differentiates as if the loss were w**4 + 0.5 w: the - 1 inside (w**2 - 1)**2 "
        "matters too (expand the square completely, or use the chain rule).",
        lambda w: 4 * w**3 + minima.TILT,
    ),
    Slip(
        "no_tilt",
        "leaves out the derivative of 0.5 w, the slope that tilts the well.",
        lambda w: 4 * w * (w**2 - 1),
    ),
    Slip(
        "tilt_sign",
        "has the derivative of 0.5 w with the wrong sign: the loss ADDS 0.5 w.",
        lambda w: 4 * w * (w**2 - 1) - minima.TILT,
    ),
    Slip(
        "tilt_not_differentiated",
        "keeps 0.5 w as it is: its derivative with respect to w is the constant 0.5.",
        lambda w: 4 * w * (w**2 - 1) + minima.TILT * w,
    ),
]


def check_well_grad(well_grad: Any, cases: Sequence[Case]) -> None:
    """Check ``well_grad(w)``, the derivative of ``(w**2 - 1)**2 + 0.5 w``, at each case ``(w,)``.

    Give an array of several w first: a slip, or a sign or factor hint, is named only when
    it holds at every w of the case. gdkit's :func:`~gdkit.minima.tilted_well_grad` may not be used.

    >>> check_well_grad(lambda w: 4 * w * (w**2 - 1), [(np.array([-1.5, 0.5, 2.0]),)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `well_grad` leaves out the derivative of 0.5 w, ...
    """
    __tracebackhide__ = True
    check_function(
        well_grad,
        minima.tilted_well_grad,
        cases,
        name="well_grad",
        slips=_WELL_SLIPS,
        forbid=[minima.tilted_well_grad],
    )


# ---------------------------------------------------------------------------- the generator


def _calling(*, name: str, where: str, forbid: list) -> Callable[[Callable, tuple], Any]:
    """How the checks call a student's function: :func:`~gdkit.checks.call`, its result."""
    return lambda fn, args: call(fn, args, name=name, where=where, forbid=forbid)[0]


# ---------------------------------------------------------------------------- Exercise 4

Restarts = Callable[..., Any]


def _lowest(runs: Sequence[History]) -> History:
    return min(runs, key=lambda run: run.loss[-1])


def _restarts(
    pick: Callable[[list[History]], History] = _lowest,
    *,
    n_runs: Callable[[int], int] = lambda n: n,
    steps: Callable[[int], int] = lambda n_steps: n_steps,
    on_the_well: bool = False,
) -> Restarts:
    """random_restarts with one thing changed (the reference by default): what a slip computes."""

    def run(
        loss: Callable[[Any], Any],
        grad: Callable[[Any], Any],
        eta: float,
        low: float,
        high: float,
        n_starts: int,
        rng: np.random.Generator,
        n_steps: int = 100,
    ) -> History:
        if on_the_well:
            loss, grad = minima.tilted_well, minima.tilted_well_grad
        starts = rng.uniform(low, high, size=n_starts)[: n_runs(n_starts)]
        return pick(
            [gradient_descent(loss, grad, float(s), eta, n_steps=steps(n_steps)) for s in starts]
        )

    return run


_BEST = "keep the run whose LAST loss, run.loss[-1], is lowest."

_RESTART_SLIPS = [
    Slip(
        "last_not_best",
        f"returns the last run, not the best one: {_BEST}",
        _restarts(lambda r: r[-1]),
    ),
    Slip(
        "first_not_best",
        f"returns the first run, not the best one: {_BEST}",
        _restarts(lambda r: r[0]),
    ),
    Slip(
        "not_best",
        f"returns the run whose last loss is HIGHEST: {_BEST}",
        _restarts(lambda runs: max(runs, key=lambda run: run.loss[-1])),
    ),
    Slip(
        "by_first_loss",
        "picks the run by its FIRST loss, run.loss[0], the loss at its start: the runs are "
        f"compared where they end, so {_BEST}",
        _restarts(lambda runs: min(runs, key=lambda run: run.loss[0])),
    ),
    Slip(
        "smallest_w",
        "returns the run that ends at the smallest w: the best run is the one that ends LOWEST, "
        "wherever its w is, so compare the runs' last losses, run.loss[-1].",
        _restarts(lambda runs: min(runs, key=lambda run: run.w)),
    ),
    Slip(
        "one_start_short",
        "never runs from the last start: it draws one start too few (size=n_starts is "
        "right) or its loop stops one short. Make one run from each of the n_starts starts "
        "(loop over the starts themselves).",
        _restarts(n_runs=lambda n: n - 1),
    ),
    Slip(
        "n_steps_ignored",
        "makes each run with gradient_descent's default number of steps, not n_steps: pass "
        "n_steps on (gradient_descent(..., n_steps=n_steps)).",
        _restarts(steps=lambda n_steps: 100),
    ),
    Slip(
        "hard_coded_loss",
        "descends the tilted well of section 2 whatever loss and grad it is given: run "
        "gradient_descent on the function's own arguments `loss` and `grad`.",
        _restarts(on_the_well=True),
    ),
]


def _same_run(a: Any, b: History) -> bool:
    """Whether ``a`` is a History with ``b``'s weights (up to rounding)."""
    weights = getattr(a, "weights", None)
    return (
        isinstance(weights, np.ndarray)
        and weights.shape == b.weights.shape
        and bool(np.allclose(weights, b.weights, rtol=1e-9, atol=1e-12))
    )


def _runs(case: Case) -> list[History]:
    """Every run random_restarts makes for ``(loss, grad, eta, low, high, n_starts, seed, n_steps)``."""
    loss, grad, eta, low, high, n_starts, seed, n_steps = case
    starts = np.random.default_rng(seed).uniform(low, high, size=n_starts)
    return [gradient_descent(loss, grad, float(s), eta, n_steps=n_steps) for s in starts]


def _is_best(got: Any, runs: Sequence[History]) -> bool:
    """Whether ``got`` repeats a run whose last loss is the lowest (ties up to rounding)."""
    best = min(run.loss[-1] for run in runs)
    tied = [run for run in runs if run.loss[-1] <= best + 1e-12 * max(1.0, abs(best))]
    return any(_same_run(got, run) for run in tied)


def _in_stream(start: float, case: Case) -> bool:
    """Whether ``start`` is one of the first uniform numbers of the case's seed, in any place."""
    _, _, _, low, high, n_starts, seed, n_steps = case
    stream = np.random.default_rng(seed).uniform(low, high, size=n_starts + n_steps + 10)
    return bool(np.any(np.isclose(start, stream, rtol=1e-12, atol=0)))


_EXTRA_DRAWS = (
    "draws more (or fewer) random numbers than the exercise says: draw the n_starts starts "
    "with one call, rng.uniform(low, high, size=n_starts), before any descent, and draw "
    "nothing else."
)


def _restart_problem(got: History, case: Case, same_draws: bool) -> tuple[str, str]:
    """(kind, message) for a wrong run that no slip explains."""
    runs, low, high = _runs(case), case[3], case[4]
    first = np.asarray(got.weights[0])
    if first.shape != ():
        return "start_shape", (
            f"returns a run whose weight is an array of shape {first.shape}, not one number: "
            "draw the starts as one flat array, rng.uniform(low, high, size=n_starts), so "
            "that each start is a number."
        )
    start = float(first)
    if not low <= start <= high:
        return "out_of_range", (
            "returns a run that starts outside [low, high]: draw the starts with "
            "rng.uniform(low, high, size=n_starts)."
        )
    if not same_draws and _in_stream(start, case):
        return "extra_draws", _EXTRA_DRAWS
    if not any(np.isclose(start, r.weights[0], rtol=1e-12, atol=0) for r in runs):
        return "wrong_draws", (
            "returns a run that starts where rng.uniform(low, high, size=n_starts) puts no "
            "start: draw all the starts with that one call, before any descent."
        )
    if any(_same_run(got, run) for run in runs):
        return "not_best", f"returns one of the runs, but not the best one: {_BEST}"
    return "wrong_run", (
        "returns a run from one of the right starts, but its steps differ: make each run with "
        "gradient_descent(loss, grad, start, eta, n_steps=n_steps)."
    )


def _restarts_on(fn: Restarts, case: Case, *, name: str, where: str, forbid: list) -> tuple:
    """``(result, state)``: ``fn`` called on the case, and its generator's state afterwards."""
    loss, grad, eta, low, high, n_starts, seed, n_steps = case
    rng = np.random.default_rng(seed)
    args = (loss, grad, eta, low, high, n_starts, rng, n_steps)
    return call(fn, args, name=name, where=where, forbid=forbid)[0], rng.bit_generator.state


def check_random_restarts(random_restarts: Any, cases: Sequence[Case]) -> None:
    """Check ``random_restarts(loss, grad, eta, low, high, n_starts, rng, n_steps)``.

    Each case is ``(loss, grad, eta, low, high, n_starts, seed, n_steps)``; the function
    gets ``np.random.default_rng(seed)`` and must return the History of the run whose last
    loss is lowest (on a tie up to rounding, any of the tied runs), the starts drawn by
    ``rng.uniform(low, high, size=n_starts)`` and nothing else drawn: the generator's state
    afterwards must be the reference's. A slip is named only when it explains every case.
    gdkit's :func:`~gdkit.minima.random_restarts` may not be used.

    >>> last = _restarts(lambda runs: runs[-1])
    >>> check_random_restarts(last, [(minima.tilted_well, minima.tilted_well_grad,
    ...                                0.05, -2.0, 2.0, 5, 15, 40)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `random_restarts` returns the last run, not the best one: ...
    """
    __tracebackhide__ = True
    name = "random_restarts"
    forbid = [minima.random_restarts]
    got, states, wheres = [], [], []
    for number, case in enumerate(cases, start=1):
        _, _, eta, low, high, n_starts, seed, n_steps = case
        where = (
            f"case {number} of {len(cases)}: eta={eta}, low={low}, high={high}, "
            f"n_starts={n_starts}, n_steps={n_steps}"
        )
        result, state = _restarts_on(random_restarts, case, name=name, where=where, forbid=forbid)
        if result is None:
            raise CheckFailure(
                "none", f"`{name}` returned None: did you forget to `return` the run? ({where})"
            )
        if not isinstance(result, History):
            raise CheckFailure(
                "type",
                f"`{name}` returned a {type(result).__name__}, not a History: return the best "
                f"run itself, as gradient_descent gives it. ({where})",
            )
        check_rng_use(
            random_restarts,
            (*case[:6], np.random.default_rng(seed), n_steps),
            name=name,
            what=lambda run: getattr(run, "weights", None),
            where=where,
            call_with=_calling(name=name, where=where, forbid=forbid),
        )
        got.append(result)
        states.append(state)
        wheres.append(where)
    _judge_restarts(got, states, cases, wheres, name)
    _check_one_start(random_restarts, cases[0], name=name, forbid=forbid)


def _check_one_start(random_restarts: Any, case: Case, *, name: str, forbid: list) -> None:
    """With one start, the run from it: a loop that leaves a start out has none to return
    (with several starts, the left-out one is often no better than the rest)."""
    __tracebackhide__ = True
    loss, grad, eta, low, high, _, seed, n_steps = case
    one = (loss, grad, eta, low, high, 1, seed, n_steps)
    where = f"n_starts=1: eta={eta}, low={low}, high={high}, n_steps={n_steps}"
    try:
        result, state = _restarts_on(random_restarts, one, name=name, where=where, forbid=forbid)
    except CheckFailure as failure:
        if failure.kind in ("endless", "tampered", "reference_used"):
            raise
        result, state = None, None
    if not _is_best(result, _runs(one)):
        raise CheckFailure(
            "skips_a_start",
            f"`{name}` does not return the run from the one start when n_starts=1: does it "
            "leave a start out (starts[1:], or range(1, n_starts)), or add one of its own? "
            f"Every start drawn gets its run, and only those. ({where})",
        )
    if state != _restarts_on(_restarts(), one, name=name, where="", forbid=[])[1]:
        raise CheckFailure("extra_draws", f"`{name}` {_EXTRA_DRAWS} ({where})")


def _judge_restarts(
    got: list[History], states: list[dict], cases: Sequence[Case], wheres: list[str], name: str
) -> None:
    """Pass right runs drawn right; else name a slip that explains every case, or the first problem."""
    __tracebackhide__ = True
    right = [_is_best(g, _runs(case)) for g, case in zip(got, cases, strict=True)]
    reference_states = [
        _restarts_on(_restarts(), case, name=name, where="", forbid=[])[1] for case in cases
    ]
    same_draws = [s == r for s, r in zip(states, reference_states, strict=True)]
    if all(right) and all(same_draws):
        return
    for slip in _RESTART_SLIPS:
        outputs = [
            _restarts_on(slip.wrong, case, name=name, where="", forbid=[])[0] for case in cases
        ]
        if all(_same_run(g, o) for g, o in zip(got, outputs, strict=True)):
            raise CheckFailure(slip.kind, f"`{name}` {slip.message}")
    if all(right):
        number = same_draws.index(False)
        raise CheckFailure("extra_draws", f"`{name}` {_EXTRA_DRAWS} ({wheres[number]})")
    number = right.index(False)
    kind, message = _restart_problem(got[number], cases[number], same_draws[number])
    raise CheckFailure(kind, f"`{name}` {message} ({wheres[number]})")


# ---------------------------------------------------------------------------- Exercise 5

Step = Callable[[float, Callable[[Any], Any], float, np.random.Generator, float], float]


def _reference_step(w: float, grad: Callable, sigma: float, rng: Any, eta: float) -> float:
    return w - eta * (grad(w) + sigma * rng.normal())


def _noise_first(w: float, grad: Callable, sigma: float, rng: Any, eta: float) -> float:
    kicked = w - eta * sigma * rng.normal()
    return kicked - eta * grad(kicked)


def _variant(
    step: Step = _reference_step, sigma: Callable[[float, float, int], float] | None = None
) -> Callable[..., np.ndarray]:
    """Perturbed descent with another step or noise schedule: what a slip computes."""
    schedule = sigma or (lambda noise, decay, k: noise * decay**k)

    def run(
        grad: Callable, w0: float, eta: float, n_steps: int, noise: float, rng: Any, decay=1.0
    ) -> np.ndarray:
        w, path = float(w0), [float(w0)]
        for k in range(n_steps):
            w = step(w, grad, schedule(noise, decay, k), rng, eta)
            path.append(w)
        return np.array(path)

    return run


def _one_draw(
    grad: Callable, w0: float, eta: float, n_steps: int, noise: float, rng: Any, decay=1.0
) -> np.ndarray:
    kick = rng.normal()
    return _variant(lambda w, g, sigma, _, eta: w - eta * (g(w) + sigma * kick))(
        grad, w0, eta, n_steps, noise, rng, decay
    )


_PERTURBED_SLIPS = [
    Slip(
        "noise_not_scaled",
        "adds the kick without multiplying it by eta: the step is eta times (gradient plus "
        "kick), so a smaller eta also makes the kicks smaller.",
        _variant(lambda w, grad, sigma, rng, eta: w - eta * grad(w) - sigma * rng.normal()),
    ),
    Slip(
        "noise_first",
        "kicks w before it takes the gradient, so the gradient is taken at the kicked point: "
        "take the gradient at the current w, draw the kick, and make one step of both.",
        _variant(_noise_first),
    ),
    Slip(
        "no_decay",
        "never makes the kicks smaller: in step k (counted from 0) the noise is noise * decay**k.",
        _variant(sigma=lambda noise, decay, k: noise),
    ),
    Slip(
        "decay_early",
        "makes the kicks smaller one step too early: the first step (k = 0) uses the full "
        "noise, noise * decay**0.",
        _variant(sigma=lambda noise, decay, k: noise * decay ** (k + 1)),
    ),
    Slip(
        "decay_times",
        "multiplies the noise by decay times k: the kicks shrink by the factor decay at every "
        "step, so in step k the noise is noise * decay**k (decay to the power k).",
        _variant(sigma=lambda noise, decay, k: noise * decay * k),
    ),
    Slip("one_draw", "gives every step the same kick: draw a new one in each step.", _one_draw),
    Slip(
        "two_draws",
        "draws two random numbers in each step and kicks with the second: draw one kick per "
        "step, so that your run uses the same numbers as the test's.",
        _variant(
            lambda w, grad, sigma, rng, eta: (
                rng.normal(),
                w - eta * (grad(w) + sigma * rng.normal()),
            )[1]
        ),
    ),
    Slip(
        "hard_coded_grad",
        "takes the gradient of the tilted well whatever `grad` it is given: call the "
        "function's own argument `grad`.",
        lambda grad, *args: _variant()(minima.tilted_well_grad, *args),
    ),
    Slip(
        "noise_sign",
        "adds the kick with the other sign: the step subtracts eta times (gradient plus kick). "
        "Follow the formula exactly, so that your run can be compared with the reference.",
        _variant(lambda w, grad, sigma, rng, eta: w - eta * (grad(w) - sigma * rng.normal())),
    ),
]


def _check_path(got: Any, n_steps: int, *, name: str, where: str) -> None:
    """Fail plainly when ``got`` is not ``n_steps + 1`` numbers (before any check of the rng)."""
    if got is None:
        raise CheckFailure(
            "none", f"`{name}` returned None: did you forget to `return` the path? ({where})"
        )
    try:
        shape = np.asarray(got, dtype=float).shape
    except (TypeError, ValueError):
        raise CheckFailure(
            "type",
            f"`{name}` returned a {type(got).__name__}, not the weights visited: return them "
            f"as an array of numbers. ({where})",
        ) from None
    if shape != (n_steps + 1,):
        what = "a single number" if shape == () else f"numbers of shape {shape}"
        raise CheckFailure(
            "shape",
            f"`{name}` returned {what}, not the n_steps + 1 = {n_steps + 1} weights visited "
            f"(the start first, then one after each step). ({where})",
        )


def check_perturbed_descent(perturbed_descent: Any, cases: Sequence[Case]) -> None:
    """Check ``perturbed_descent(grad, w0, eta, n_steps, noise, rng, decay)``.

    Each case is ``(grad, w0, eta, n_steps, noise, seed, decay)``; the function gets
    ``np.random.default_rng(seed)``, and so does the reference
    :func:`gdkit.minima.perturbed_descent` (which it may not use). First what it returns
    (None, not numbers, not ``n_steps + 1`` of them); then the generator
    (:func:`~gdkit.checks.check_rng_use`: the same seed twice must give the same path, two
    seeds different paths); then the path itself, with the slips named (kick not scaled by
    eta, gradient taken after the kick, no decay, decay a step early, one kick for all steps,
    the kick's sign, the tilted well's gradient whatever ``grad`` is given). The right path
    as a list, not an array, fails with kind ``not_an_array``.

    >>> def no_eta(grad, w0, eta, n_steps, noise, rng, decay=1.0):
    ...     path = [w0]
    ...     for k in range(n_steps):
    ...         path.append(path[-1] - eta * grad(path[-1]) - noise * decay**k * rng.normal())
    ...     return np.array(path)
    >>> check_perturbed_descent(no_eta, [(minima.tilted_well_grad, 0.93, 0.02, 20, 0.5, 3, 0.9)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `perturbed_descent` adds the kick without multiplying it by eta: ...
    """
    __tracebackhide__ = True
    name = "perturbed_descent"
    forbid = [minima.perturbed_descent]
    paths = []
    for number, (grad, w0, eta, n_steps, noise, seed, decay) in enumerate(cases, start=1):
        where = f"case {number} of {len(cases)}"
        args = (grad, w0, eta, n_steps, noise, np.random.default_rng(seed), decay)
        run = _calling(name=name, where=where, forbid=forbid)
        paths.append(run(perturbed_descent, copy.deepcopy(args)))
        _check_path(paths[-1], n_steps, name=name, where=where)
        if noise > 0 and n_steps > 0:  # else nothing is drawn
            check_rng_use(perturbed_descent, args, name=name, where=where, call_with=run)
    try:
        check_function(
            perturbed_descent,
            minima.perturbed_descent,
            [
                (grad, w0, eta, n, noise, np.random.default_rng(seed), decay)
                for grad, w0, eta, n, noise, seed, decay in cases
            ],
            name=name,
            slips=_PERTURBED_SLIPS,
            forbid=forbid,
        )
    except CheckFailure as failure:
        if is_value_kind(failure.kind):  # numbers off: other draws than asked explain it
            _check_draws(perturbed_descent, cases, name=name, forbid=forbid)
        raise
    require_array(
        paths[0], name=name, what="weights", how="of n_steps + 1 numbers (np.array of the list)"
    )
    _check_draws(perturbed_descent, cases, name=name, forbid=forbid)  # right path, still?


def _check_draws(perturbed_descent: Any, cases: Sequence[Case], *, name: str, forbid: list) -> None:
    """Fail with kind ``rng_calls`` where the generator ends elsewhere than the reference's."""
    __tracebackhide__ = True
    for number, (grad, w0, eta, n_steps, noise, seed, decay) in enumerate(cases, start=1):
        if n_steps > 0:  # one draw a step, noise or not (later cells share the generator)
            where = f"case {number} of {len(cases)}"
            check_rng_use(
                perturbed_descent,
                (grad, w0, eta, n_steps, noise, np.random.default_rng(seed), decay),
                name=name,
                reference=minima.perturbed_descent,
                draws="one rng.normal() in each step, n_steps in all, and nothing else",
                where=where,
                call_with=_calling(name=name, where=where, forbid=forbid),
            )


# ---------------------------------------------------------------------------- Exercise 6

#: Where unit 2's weights go when the units swap: w = [a1, b1, v1, a2, b2, v2, c].
_SWAP = [3, 4, 5, 0, 1, 2, 6]

_SWAP_SLIPS = [
    Slip(
        "unchanged",
        "returns the weights as they were: the swapped vector has unit 2's weights where "
        "unit 1's were, and the other way round.",
        lambda w: np.array(w, dtype=float),
    ),
    Slip(
        "inputs_only",
        "swaps the units' input weights and biases (a, b) but not their output weights v: "
        "each v belongs to its unit and moves with it. (This network computes another function.)",
        lambda w: np.asarray(w, dtype=float)[[3, 4, 2, 0, 1, 5, 6]],
    ),
    Slip(
        "outputs_only",
        "swaps the output weights v but not the units' input weights and biases (a, b): a "
        "unit is all three of its weights. (This network computes another function.)",
        lambda w: np.asarray(w, dtype=float)[[0, 1, 5, 3, 4, 2, 6]],
    ),
    Slip(
        "reversed",
        "reverses the whole vector: that moves the output bias c and mixes up the order a, b, "
        "v within each unit.",
        lambda w: np.asarray(w, dtype=float)[::-1],
    ),
]


def _swap_hidden(w: np.ndarray) -> np.ndarray:
    return np.asarray(w, dtype=float)[_SWAP]


def check_swap_hidden(swap_hidden: Any, cases: Sequence[Case]) -> None:
    """Check ``swap_hidden(w)`` (the tiny network with its two hidden units swapped), cases ``(w,)``.

    >>> check_swap_hidden(lambda w: w[::-1], [(np.arange(7.0),)])
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `swap_hidden` reverses the whole vector: ...
    """
    __tracebackhide__ = True
    check_function(swap_hidden, _swap_hidden, cases, name="swap_hidden", slips=_SWAP_SLIPS)
