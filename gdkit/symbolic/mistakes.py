"""Name the kind of mistake in a wrong answer, from its values and the expected expression's factors.

The ratio of the two values at the sample points tells a sign error or a constant factor. A
forgotten (or superfluous) non-constant factor is found by writing the expected expression (or
the answer) as a product of factors, powers split, and trying the products of a few of them:
``answer * f == c * expected`` for a product ``f`` of the expected expression's factors means the
answer misses ``f``, a forgotten inner derivative, say.

>>> import sympy
>>> from gdkit.symbolic.equivalence import compare
>>> w, x, y = sympy.symbols("w x y")
>>> expected = -2 * x * (y - w * x)
>>> answer = 2 * (y - w * x)
>>> diagnose(answer, expected, compare(answer, expected).samples).kind
'missing_factor'
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import mpmath
import sympy

from .equivalence import RTOL, Sample
from .evaluation import Status, evaluate_fine

#: Relative spread below which a ratio counts as constant.
RATIO_TOLERANCE = mpmath.mpf("1e-8")
#: Fewest points on which a ratio must be constant.
MIN_POINTS = 4
#: Most factors in one product tried, and most factors considered.
MAX_SUBSET, MAX_FACTORS = 3, 10
#: A constant factor this close to 1 looks like a rounded number.
ROUNDING = 0.02


@dataclass(frozen=True)
class Diagnosis:
    """A kind of mistake and the variables its factor depends on (for the two factor kinds)."""

    kind: str
    variables: tuple[str, ...] = ()
    constant: float | None = None


def diagnose(answer: sympy.Expr, expected: sympy.Expr, samples: Sequence[Sample]) -> Diagnosis:
    """Say what kind of wrong ``answer`` is, given the points where it differs from ``expected``."""
    answers = [sample.answer.value for sample in samples]
    expecteds = [sample.expected.value for sample in samples]
    if all(value == 0 for value in answers):
        return Diagnosis("not_equivalent")
    ratio = _constant_ratio(answers, expecteds)
    # not equivalent, yet a constant ratio near 1: a rounded number (equivalence's own tolerance)
    if ratio is not None and abs(ratio - 1) > RTOL:
        if abs(ratio + 1) <= RATIO_TOLERANCE:
            return Diagnosis("sign")
        if ratio != 0:
            return Diagnosis("constant_factor", constant=float(ratio))
    points = [sample.point for sample in samples]
    for form in (_as_written, _factor_terms):
        missing = _factor_between(form(expected), points, expecteds, answers)
        if missing is not None:
            return Diagnosis("missing_factor", variables=missing)
        extra = _factor_between(form(answer), points, answers, expecteds)
        if extra is not None:
            return Diagnosis("extra_factor", variables=extra)
    return Diagnosis("not_equivalent")


def factors(expr: sympy.Expr) -> list[sympy.Expr]:
    """Return the non-constant factors of a product, integer powers split into repeated factors.

    A power is split into at most as many copies as a tried product has factors.

    >>> import sympy
    >>> z = sympy.Symbol("z")
    >>> factors(sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2)
    [1/(1 + exp(-z)), 1/(1 + exp(-z)), exp(-z)]
    """
    result: list[sympy.Expr] = []
    for factor in sympy.Mul.make_args(expr):
        base, exponent = factor.as_base_exp()
        if exponent.is_Integer and abs(exponent) > 1:
            result.extend([base ** sympy.sign(exponent)] * min(abs(int(exponent)), MAX_SUBSET))
        else:
            result.append(factor)
    return [factor for factor in result if factor.free_symbols][:MAX_FACTORS]


def _as_written(expr: sympy.Expr) -> sympy.Expr:
    return expr


def _factor_terms(expr: sympy.Expr) -> sympy.Expr:
    """Pull common factors out of sums: a*x/(1 + e) + b*x/(1 + e) -> x*(a + b)/(1 + e)."""
    try:
        return sympy.factor_terms(expr)
    except Exception:  # SymPy may fail on unusual input: then keep the expression as written
        return expr


def _constant_ratio(numerators: list, denominators: list) -> mpmath.mpf | None:
    """Return c if ``numerators == c * denominators`` at every point (and at enough of them)."""
    ratios = []
    for numerator, denominator in zip(numerators, denominators, strict=True):
        if denominator == 0:
            if numerator != 0:
                return None
            continue
        ratios.append(numerator / denominator)
    if len(ratios) < MIN_POINTS:
        return None
    return ratios[0] if _is_constant(ratios) else None


def _is_constant(values: list) -> bool:
    """Tell whether all values are equal within the relative tolerance."""
    first = values[0]
    spread = RATIO_TOLERANCE * max(abs(first), mpmath.mpf("1e-30"))
    return all(abs(value - first) <= spread for value in values)


def _factor_between(
    whole: sympy.Expr, points: list[dict[str, float]], wholes: list, parts: list
) -> tuple[str, ...] | None:
    """Find a product f of ``whole``'s factors with ``part * f == c * whole`` at the points.

    Return the names of the variables f depends on, or None if no such product exists.
    """
    candidates = factors(whole)
    values = [[evaluate_fine(factor, point) for point in points] for factor in candidates]
    tried: set[tuple[sympy.Expr, ...]] = set()
    for size in range(1, min(MAX_SUBSET, len(candidates)) + 1):
        for subset in itertools.combinations(range(len(candidates)), size):
            chosen = tuple(sorted((candidates[i] for i in subset), key=sympy.default_sort_key))
            if chosen in tried:
                continue
            tried.add(chosen)
            products = _products([values[i] for i in subset])
            kept = [i for i, value in enumerate(products) if value is not None]
            if len(kept) < MIN_POINTS or _is_constant([products[i] for i in kept]):
                continue  # a constant product is a constant factor, not a missing one
            ratio = _constant_ratio(
                [wholes[i] for i in kept], [parts[i] * products[i] for i in kept]
            )
            if ratio is not None and ratio != 0:
                names = set().union(*(candidates[i].free_symbols for i in subset))
                return tuple(sorted(str(name) for name in names))
    return None


def _products(columns: list[list]) -> list:
    """Multiply factor values point by point; None where a factor has no value."""
    result = []
    for row in zip(*columns, strict=True):
        if any(isinstance(value, Status) for value in row):
            result.append(None)
        else:
            result.append(mpmath.fprod(row))
    return result
