"""Do the verdicts hold on generated expressions: e against e, -e, 2e and e*x, and random text?"""

from __future__ import annotations

import time

import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gdkit.symbolic import ParseError, TooComplexError, Verdict, check, equivalent, parse

#: "At once" in seconds: a hang never returns, but a shared 2-core CI machine is slow.
AT_ONCE = 5.0

w, x, y = sympy.symbols("w x y")

UNARY = [
    sympy.sin,
    sympy.cos,
    sympy.atan,
    sympy.tanh,
    lambda u: sympy.exp(-(u**2)),
    lambda u: sympy.log(1 + u**2),
    lambda u: sympy.sqrt(1 + u**2),
    lambda u: 1 / (1 + sympy.exp(-u)),
]


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    pairs = st.tuples(children, children)
    return st.one_of(
        pairs.map(lambda t: t[0] + t[1]),
        pairs.map(lambda t: t[0] - t[1]),
        pairs.map(lambda t: t[0] * t[1]),
        pairs.map(lambda t: t[0] / (2 + t[1] ** 2)),
        st.tuples(children, st.integers(2, 3)).map(lambda t: t[0] ** t[1]),
        st.tuples(children, st.sampled_from(UNARY)).map(lambda t: t[1](t[0])),
    )


#: Expressions in w, x, y defined everywhere, with x never in a denominator on its own.
EXPRESSIONS = st.recursive(
    st.sampled_from([w, x, y]) | st.integers(1, 4).map(sympy.Integer), _extend, max_leaves=6
)
SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


def _nonzero(e: sympy.Expr) -> bool:
    try:
        return not equivalent(e, 0)
    except TooComplexError:
        return False


@SETTINGS
@given(EXPRESSIONS)
def test_e_is_e(e):
    """Is every expression equivalent to itself, to its expansion and to its printed text?"""
    assert equivalent(e, e)
    assert equivalent(sympy.expand(e), e)
    assert equivalent(str(e), e)
    assert check(e, e).correct


@SETTINGS
@given(EXPRESSIONS)
def test_minus_e_is_a_sign_error(e):
    """Is -e against e a sign error (unless e is zero)?"""
    assume(_nonzero(e))
    assert not equivalent(-e, e)
    assert check(-e, e).mistake == "sign"


@SETTINGS
@given(EXPRESSIONS)
def test_two_e_is_a_constant_factor(e):
    """Is 2e against e a constant factor?"""
    assume(_nonzero(e))
    assert check(2 * e, e).mistake == "constant_factor"


@SETTINGS
@given(EXPRESSIONS)
def test_e_times_x_has_an_extra_factor(e):
    """Is e*x against e an extra factor, and e against e*x a missing one?"""
    assume(_nonzero(e))
    assert check(e * x, e).mistake == "extra_factor"
    assert check(e, e * x).mistake == "missing_factor"


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(alphabet="xyw0123456789.+-*/^()_ eaiolpstnqr,[]'\"=<>!&|~@%:;\\", max_size=40))
def test_any_text_is_read_or_refused_at_once(text):
    """Does any text either parse or raise ParseError, quickly, and never anything else?"""
    start = time.perf_counter()
    try:
        assert isinstance(parse(text), sympy.Expr)
    except ParseError as error:
        assert error.kind in ("unparseable", "unknown_symbol")
    assert time.perf_counter() - start < AT_ONCE


@settings(max_examples=40, deadline=None, database=None)
@given(st.text(alphabet="xyw0123456789.+-*/^() eps", max_size=30))
def test_check_answers_any_text_with_a_verdict(text):
    """Does check give a verdict for any text, without raising?"""
    assert isinstance(check(text, "x*exp(-x)"), Verdict)
