"""The "depends on S" hints name only symbols an expression truly depends on.

An expected expression can contain a symbol in terms that cancel (y in the twice
differentiated log-loss): a wrong answer without it must not be told that the derivative
depends on it, and an answer with only such terms must not be told the opposite.
"""

from __future__ import annotations

import sympy

from gdkit.symbolic import check

w, x, y = sympy.symbols("w x y")
P = 1 / (1 + sympy.exp(-w * x))
# y cancels out of the second derivative, but SymPy's form keeps it
SECOND = sympy.diff(-y * sympy.log(P) - (1 - y) * sympy.log(1 - P), w, 2)


def test_no_hint_about_a_symbol_whose_terms_cancel():
    assert y in SECOND.free_symbols
    for answer in ["x**2*p*(1 - p) + 1e-9", "x**2*(1 - p)*p*2 + x", "w + x"]:
        verdict = check(answer.replace("p", "(1/(1 + exp(-w*x)))"), SECOND)
        assert not verdict.correct
        assert "depends on y" not in verdict.message


def test_an_answer_with_cancelling_terms_is_not_told_it_depends_on_them():
    verdict = check("x*(y - y) + x**3", "x**2")
    assert not verdict.correct and "depends on y" not in verdict.message


def test_a_true_dependence_is_still_named():
    assert "The derivative depends on y" in check("x", "sin(x) + y").message
    assert "Your answer depends on w" in check("w + x", "x + 1").message
    verdict = check("1.0", SECOND)
    assert "The derivative depends on w and x;" in verdict.message
