"""Evaluate a SymPy expression at a real point with mpmath, with an estimate of its error.

Each point is evaluated twice: roughly (30 digits, every float literal nudged by a few units
in its last place) and finely (60 digits). Their difference bounds the error of the fine value,
so that a cancellation or a rounded float widens the tolerance instead of flipping a verdict.
A value with no real meaning (``log(-1)``, ``1/0``) is :data:`UNDEFINED`; one too large to
compute, or unstable between the two precisions, is :data:`UNKNOWN` and is never compared.

>>> import sympy
>>> x = sympy.Symbol("x")
>>> value = evaluate(1 - 1 / (1 + sympy.exp(-x)), {"x": 40.0})
>>> float(value.value)
4.248354255291589e-18
>>> evaluate(sympy.log(x), {"x": -1.0}) is UNDEFINED
True
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

import mpmath
import sympy

from .names import TRIGONOMETRIC, symbol_key

#: Digits of the rough and of the fine evaluation.
ROUGH_DIGITS, FINE_DIGITS = 30, 60
#: Largest argument of exp (and of the hyperbolic functions) that is computed.
EXP_LIMIT = 40_000
#: Largest argument of a trigonometric function that is computed.
TRIG_LIMIT = 2.0**64
#: Largest binary exponent of a value that is kept: about 10**±39000.
MAGNITUDE_LIMIT = 2**17
#: Relative nudge of float literals in the rough evaluation.
FLOAT_NUDGE = 2.0**-50

_CONTEXTS = {digits: mpmath.MPContext() for digits in (ROUGH_DIGITS, FINE_DIGITS)}
for _digits, _context in _CONTEXTS.items():
    _context.dps = _digits

_EXP_LIKE = {sympy.exp, sympy.sinh, sympy.cosh, sympy.csch, sympy.sech}
_FUNCTIONS: dict[type, str] = {
    sympy.exp: "exp",
    sympy.log: "ln",
    sympy.Abs: "fabs",
    sympy.sign: "sign",
    **{getattr(sympy, name): name for name in TRIGONOMETRIC},
}
#: Functions of several arguments: the largest and the smallest of them (ReLU is max(0, z)).
_EXTREMA = {sympy.Max: max, sympy.Min: min}
_PERIODIC = {sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc}


class Status(enum.Enum):
    """Outcomes of an evaluation that are not a number."""

    UNDEFINED = "undefined"
    UNKNOWN = "unknown"


UNDEFINED, UNKNOWN = Status.UNDEFINED, Status.UNKNOWN


@dataclass(frozen=True)
class Value:
    """A real value at 60 digits and a bound on its error."""

    value: mpmath.mpf
    error: mpmath.mpf


class _Undefined(Exception):
    """The expression has no real value at this point."""


class _Unknown(Exception):
    """The value cannot be computed reliably here (too large, or not evaluable)."""


def evaluate(expr: sympy.Expr, point: Mapping[str, float]) -> Value | Status:
    """Evaluate ``expr`` at ``point`` (values by symbol name), as a value with its error bound.

    >>> import sympy
    >>> evaluate(sympy.sqrt(sympy.Symbol("x") ** 2), {"x": -2.0}).value
    mpf('2.0')
    """
    rough = _evaluate_once(expr, point, ROUGH_DIGITS)
    fine = _evaluate_once(expr, point, FINE_DIGITS)
    if isinstance(rough, Status) or isinstance(fine, Status):
        return rough if rough is fine else UNKNOWN
    return Value(fine, abs(fine - rough))


def evaluate_fine(expr: sympy.Expr, point: Mapping[str, float]) -> mpmath.mpf | Status:
    """Evaluate ``expr`` at ``point`` once, at 60 digits, without an error bound.

    >>> import sympy
    >>> evaluate_fine(sympy.Integer(1) / 4, {})
    mpf('0.25')
    """
    return _evaluate_once(expr, point, FINE_DIGITS)


def _evaluate_once(expr: sympy.Expr, point: Mapping[str, float], digits: int):
    try:
        return _Evaluator(point, digits).value(expr)
    except _Undefined:
        return UNDEFINED
    except (_Unknown, ArithmeticError, ValueError, RecursionError):
        return UNKNOWN


class _Evaluator:
    """One evaluation of an expression tree at one point, at one precision."""

    def __init__(self, point: Mapping[str, float], digits: int):
        self.ctx = _CONTEXTS[digits]
        self.nudge = 1 + FLOAT_NUDGE if digits == ROUGH_DIGITS else 1
        self.point = {key: self.ctx.mpf(value) for key, value in point.items()}
        self.cache: dict[sympy.Basic, mpmath.mpf] = {}

    def value(self, expr: sympy.Basic) -> mpmath.mpf:
        if expr not in self.cache:
            self.cache[expr] = self._checked(self._compute(expr))
        return self.cache[expr]

    def _checked(self, result: object) -> mpmath.mpf:
        ctx = self.ctx
        if not isinstance(result, ctx.mpf) or not ctx.isfinite(result):
            raise _Undefined
        if result and abs(ctx.mag(result)) > MAGNITUDE_LIMIT:
            raise _Unknown
        return result

    def _compute(self, expr: sympy.Basic) -> object:
        ctx = self.ctx
        if expr.is_Symbol:
            return self.point[symbol_key(expr.name)]
        if expr.is_Integer:
            return ctx.mpf(int(expr))
        if expr.is_Rational:
            return ctx.mpf(int(expr.p)) / int(expr.q)
        if expr.is_Float:
            return ctx.make_mpf(expr._mpf_) * self.nudge
        if expr is sympy.pi:
            return +ctx.pi
        if expr is sympy.E:
            return +ctx.e
        if expr.is_Add:
            return ctx.fsum(self.value(arg) for arg in expr.args)
        if expr.is_Mul:
            return self._product(expr.args)
        if expr.is_Pow:
            return self._power(*expr.args)
        if expr.func in _EXTREMA:
            return _EXTREMA[expr.func](self.value(arg) for arg in expr.args)
        if expr.func in _FUNCTIONS and len(expr.args) == 1:
            return self._function(expr.func, self.value(expr.args[0]))
        return self._fallback(expr)

    def _product(self, factors: tuple[sympy.Basic, ...]) -> mpmath.mpf:
        result = self.ctx.mpf(1)
        for factor in factors:
            result = self._checked(result * self.value(factor))
        return result

    def _power(self, base: sympy.Basic, exponent: sympy.Basic) -> object:
        ctx = self.ctx
        b = self.value(base)
        y = self.value(exponent)
        if ctx.isint(y) and abs(y) <= MAGNITUDE_LIMIT:
            n = int(y)
            if b == 0 and n < 0:
                raise _Undefined
            if b and abs(n) * (abs(ctx.mag(b)) + 1) > 4 * MAGNITUDE_LIMIT:
                raise _Unknown
            return b**n
        if b < 0:
            raise _Undefined
        if b == 0:
            if y > 0:
                return ctx.zero
            raise _Undefined
        exponent_of_e = y * ctx.ln(b)
        if abs(exponent_of_e) > EXP_LIMIT:
            raise _Unknown
        return ctx.exp(exponent_of_e)

    def _function(self, function: type, argument: mpmath.mpf) -> object:
        if function in _EXP_LIKE and abs(argument) > EXP_LIMIT:
            raise _Unknown
        if function in _PERIODIC and abs(argument) > TRIG_LIMIT:
            raise _Unknown
        if function is sympy.log and argument <= 0:
            raise _Undefined
        result = getattr(self.ctx, _FUNCTIONS[function])(argument)
        if isinstance(result, self.ctx.mpc):
            raise _Undefined
        return result

    def _fallback(self, expr: sympy.Basic) -> object:
        """Evaluate any other node (Piecewise, Heaviside, erf, ...) with SymPy's own evalf."""
        digits = self.ctx.dps
        values = {s: sympy.Float(self.point[symbol_key(s.name)], digits) for s in expr.free_symbols}
        result = expr.evalf(digits, subs=values)
        if result.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
            raise _Undefined
        if result.is_Float:
            return self.ctx.make_mpf(result._mpf_)
        if result.is_Rational:
            return self.ctx.mpf(int(result.p)) / int(result.q)
        if result.is_number and result.is_real is False:
            raise _Undefined
        raise _Unknown
