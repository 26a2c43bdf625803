"""Decide whether two expressions are equal by evaluating them at seeded random real points.

Points cover negative and positive values of several magnitudes and the interval (0, 1) where
probabilities live; a point where the expected expression is undefined is drawn again. Two
values match when they differ by at most ``RTOL`` relative to their size plus the error bounds
of the evaluation, so 0.333*x is not x/3, while 1 - sigmoid(40) is still exp(-40)/(1 + exp(-40)).
Symbolic simplification is only a supplement, for pairs the sampling cannot decide.

>>> import sympy
>>> x = sympy.Symbol("x")
>>> compare((x**2 - 1) / (x - 1), x + 1).outcome
'equal'
>>> compare(sympy.sqrt(x**2), x).outcome
'different'
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

import mpmath
import sympy

from .evaluation import UNDEFINED, Status, Value, evaluate
from .names import symbol_key

#: Points at which both expressions must have a value before a verdict.
POINTS = 10
#: Most points drawn for one comparison.
MAX_DRAWS = 60
#: How often, in every ten draws, a coordinate is in (0, 1), positive or negative.
_REGIMES = ("unit",) * 3 + ("positive",) * 3 + ("negative",) * 4
#: Relative tolerance between two values.
RTOL = mpmath.mpf("1e-10")


@dataclass(frozen=True)
class Sample:
    """One point and the values of the answer and the expected expression there."""

    point: dict[str, float]
    answer: Value
    expected: Value

    @property
    def matches(self) -> bool:
        """Do the two values agree within the tolerance?"""
        return close(self.answer, self.expected)


@dataclass
class Comparison:
    """What the sampling found.

    ``outcome`` is ``"equal"``, ``"different"``, ``"domain"`` (the answer is undefined at most
    points where the expected expression has a value) or ``"undecided"``.
    """

    outcome: str = "undecided"
    samples: list[Sample] = field(default_factory=list)
    answer_undefined: int = 0


def close(a: Value, b: Value) -> bool:
    """Tell whether two values agree within the relative tolerance and their error bounds."""
    return abs(a.value - b.value) <= RTOL * max(abs(a.value), abs(b.value)) + a.error + b.error


def compare(answer: sympy.Expr, expected: sympy.Expr) -> Comparison:
    """Evaluate both expressions at seeded random points until they can be told apart or not."""
    points = _points(random.Random(_seed(answer, expected)), expected, answer.free_symbols)
    comparison = Comparison()
    defined = 0
    for point in itertools.islice(points, MAX_DRAWS):
        expected_value = evaluate(expected, point)
        if isinstance(expected_value, Status):
            continue
        defined += 1
        answer_value = evaluate(answer, point)
        if answer_value is UNDEFINED:
            comparison.answer_undefined += 1
        if isinstance(answer_value, Value):
            comparison.samples.append(Sample(point, answer_value, expected_value))
            if len(comparison.samples) >= POINTS:
                break
    if not all(sample.matches for sample in comparison.samples):
        comparison.outcome = "different"
    elif len(comparison.samples) >= POINTS:
        comparison.outcome = "equal"
    elif defined >= POINTS and comparison.answer_undefined > defined // 2:
        comparison.outcome = "domain"
    return comparison


def symbolically_equal(answer: sympy.Expr, expected: sympy.Expr) -> bool:
    """Tell whether SymPy proves ``answer - expected`` to be zero; False when it cannot.

    Symbols are made real, and positive where the expected expression declares them so.

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> symbolically_equal(sympy.sqrt(x**2), sympy.Abs(x))
    True
    """
    positive = {symbol_key(s.name) for s in expected.free_symbols if s.is_positive}
    difference = (answer - expected).xreplace(
        {
            s: sympy.Symbol(key, real=True, positive=key in positive or None)
            for s in answer.free_symbols | expected.free_symbols
            for key in [symbol_key(s.name)]
        }
    )
    for form in (lambda: difference, lambda: difference.rewrite(sympy.exp)):
        try:
            if sympy.simplify(form()) == 0:
                return True
        except Exception:  # SymPy may fail on unusual input: then it proves nothing
            continue
    return False


def _seed(answer: sympy.Expr, expected: sympy.Expr) -> int:
    """A seed that depends only on the two expressions, so that a verdict is reproducible."""
    text = f"{sympy.srepr(answer)}|{sympy.srepr(expected)}".encode()
    return int.from_bytes(hashlib.sha256(text).digest()[:8], "big")


def _points(
    rng: random.Random, expected: sympy.Expr, others: set[sympy.Symbol]
) -> Iterator[dict[str, float]]:
    """Draw points, each coordinate by turns in (0, 1), positive or negative, shuffled in blocks.

    Each symbol is negative at 4 points out of every 10, unless the expected expression declares
    it nonnegative (the answer cannot), so that Abs(x) is never mistaken for x; its magnitude
    is 10**u, u uniform in [-1, 0.7].
    """
    nonnegative = {symbol_key(s.name): False for s in others}
    for symbol in expected.free_symbols:
        key = symbol_key(symbol.name)
        nonnegative[key] = nonnegative.get(key, False) or bool(symbol.is_nonnegative)
    nonnegative = dict(sorted(nonnegative.items()))
    blocks: dict[str, list[str]] = {key: [] for key in nonnegative}
    while True:
        point = {}
        for key, block in blocks.items():
            if not block:
                block.extend(_REGIMES)
                rng.shuffle(block)
            regime = block.pop()
            if regime == "unit":
                point[key] = rng.uniform(0.05, 0.95)
            else:
                magnitude = 10 ** rng.uniform(-1, 0.7)
                point[key] = (
                    -magnitude if regime == "negative" and not nonnegative[key] else magnitude
                )
        yield point
