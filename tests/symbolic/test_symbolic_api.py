"""Do check and equivalent accept what notebooks pass, and never fail on what students type?"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

import numpy as np
import pytest
import sympy
from symbolic_corpus import INJECTIONS

from gdkit.symbolic import ParseError, Verdict, check, equivalent
from gdkit.symbolic.names import LECTURE_SYMBOLS_TEXT

w, x, y = sympy.symbols("w x y")
LA = "-y*x*exp(-w*x)/(1 + exp(-w*x))"


@pytest.mark.parametrize(
    ("answer", "mistake"),
    [
        ("-y*x*exp(-w*x)/(1 + exp(-w*x))", None),
        ("y*x*exp(-w*x)/(1 + exp(-w*x))", "sign"),
        ("-3*y*x*exp(-w*x)/(1 + exp(-w*x))", "constant_factor"),
        ("-y*exp(-w*x)/(1 + exp(-w*x))", "missing_factor"),
        ("-y*x*w*exp(-w*x)/(1 + exp(-w*x))", "extra_factor"),
        ("-y*x*exp(-w*x)/(1 + exp(-q*x))", "unknown_symbol"),
        ("-y*x*exp(-w*x)/(1 + exp(-w*x)", "unparseable"),
        ("-y*x*exp(w*x)", "not_equivalent"),
    ],
)
def test_each_verdict(answer, mistake):
    """Is each kind of verdict given, with a message for the student?"""
    verdict = check(answer, LA)
    assert verdict.correct is (mistake is None)
    assert verdict.mistake == mistake
    assert verdict.message and str(verdict) == verdict.message


def test_missing_factor_names_its_variables_not_the_factor():
    """Does the message say what the missing factor depends on, without showing it?"""
    verdict = check("(1/(1 + exp(-w*x)) - y)", "(1/(1 + exp(-w*x)) - y)*x")
    assert "depends on x" in verdict.message
    assert "chain rule" in verdict.message
    verdict = check("p", "p*(1 - p)")
    assert "depends on p" in verdict.message and "1 - p" not in verdict.message


def test_rounded_constant_gets_its_own_hint():
    """Is 0.333*x for x/3 told apart from a real constant factor mistake?"""
    assert "round" in check("0.333*x", "x/3").message
    assert "round" not in check("3*x", "x/3").message


def test_verdict_is_frozen_and_renders():
    """Is a verdict immutable, and shown nicely in a notebook?"""
    verdict = check("x", "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.correct = False  # type: ignore[misc]
    assert verdict._repr_markdown_().startswith("✅")
    assert check("-x", "x")._repr_markdown_().startswith("❌")


def test_sympy_expressions_are_matched_by_name():
    """Do SymPy answers and expected expressions work, whatever their symbols' assumptions?"""
    real_x = sympy.Symbol("x", real=True)
    assert equivalent(2 * x, "2*x")
    assert equivalent("2*x", 2 * real_x)
    assert equivalent(sympy.diff((y - w * x) ** 2, w), "-2*x*(y - w*x)")
    assert check(sympy.exp(-w * x) * x, sympy.exp(-w * x) * x).correct
    t = sympy.Symbol("t")
    assert check("t**2", t**2).correct


def test_declared_positive_symbols_are_sampled_positive():
    """Is sqrt(x**2) equal to x when the expected expression says x is positive?"""
    positive_x = sympy.Symbol("x", positive=True)
    assert equivalent(sympy.Abs(x), positive_x)
    assert not equivalent(sympy.Abs(x), x)
    assert not check(positive_x, "Abs(x)").correct, "the answer's assumptions must not count"


@pytest.mark.parametrize(
    ("answer", "expected", "result"),
    [
        (3, "3", True),
        (2.5, "5/2", True),
        (Fraction(1, 3), "1/3", True),
        (np.float64(0.5), "1/2", True),
        (np.int64(2), "2", True),
        (sympy.Rational(1, 3), "0.333", False),
    ],
)
def test_numbers_are_formulas_too(answer, expected, result):
    """Are plain numbers accepted as answers?"""
    assert equivalent(answer, expected) is result


@pytest.mark.parametrize(
    ("answer", "mistake"),
    [
        (None, "unparseable"),
        ([x], "unparseable"),
        ({"x": 1}, "unparseable"),
        (True, "unparseable"),
        (float("nan"), "unparseable"),
        (sympy.Matrix([x]), "unparseable"),
        (sympy.Eq(x, 1), "unparseable"),
        (sympy.Function("f")(x), "unparseable"),
        (sympy.Derivative(x**2, x), "unparseable"),
        (sympy.Symbol("q") * x, "unknown_symbol"),
        (object(), "unparseable"),
        (lambda: 1, "unparseable"),
        ("max(0/0, x)", "unparseable"),
        ("min(cosh(acosh(1e-20)**(1e20 + w)), x)", "unparseable"),
    ],
)
def test_check_never_raises_on_student_input(answer, mistake):
    """Does check answer anything a student can pass with a verdict, never an exception?"""
    verdict = check(answer, "2*x")
    assert (verdict.correct, verdict.mistake) == (False, mistake)


@pytest.mark.parametrize("text", INJECTIONS)
def test_check_refuses_injections(text):
    """Is every injection attempt a verdict of unparseable, not an exception?"""
    assert check(text, "2*x").mistake == "unparseable"


def test_equivalent_raises_parse_error_for_unreadable_input():
    """Does equivalent raise ParseError (a ValueError) for either side it cannot read?"""
    with pytest.raises(ParseError):
        equivalent("2*", "x")
    with pytest.raises(ValueError):
        equivalent("x", "__import__('os')")


def test_unreadable_expected_is_the_authors_error():
    """Does check raise, for the author to see, when the expected expression is broken?"""
    with pytest.raises(ParseError, match="expected expression"):
        check("x", "x +")


def test_domain_mismatch_is_not_equivalent():
    """Is an answer with no real value where the expected one has a value wrong, with a hint?"""
    verdict = check("log(-1 - x**2)", "x")
    assert (verdict.mistake, "division by zero" in verdict.message) == ("not_equivalent", True)
    assert not equivalent("1/0", "x")


def test_hint_about_variables():
    """Is a student told when the answer depends on other variables than the derivative?"""
    assert "depends on w" in check("w + x", "x + 1").message
    assert "depends on y" in check("x", "sin(x) + y").message


def test_works_from_threads():
    """Do checks run concurrently from threads other than the main one give right verdicts?"""
    pairs = [("2*x", "x*2", True), ("-x", "x", False), ("x/2", "0.5*x", True)] * 4
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda pair: check(pair[0], pair[1]).correct, pairs))
    assert results == [pair[2] for pair in pairs]


def test_nothing_reaches_stderr(capfd):
    """Does a check print nothing at all (nbgrader scores a cell with stderr output as zero)?"""
    for answer in ["x", "-x", "1/0", "2x", "__import__('os')", "9**9**9**9", "log(-x**2 - 1)"]:
        check(answer, "x")
    assert isinstance(check("exp(exp(exp(exp(exp(exp(x))))))", "exp(x)"), Verdict)
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


@pytest.mark.parametrize("answer", ["0.6667*x", "0.666666667*x"])
def test_a_rounded_coefficient_is_named_however_many_digits(answer):
    """Is a rounded 2/3 called a rounding, with 4 digits as with 9 (not just "not equivalent")?"""
    verdict = check(answer, "2*x/3")
    assert verdict.mistake == "constant_factor" and "round" in verdict.message


def test_the_expected_expressions_symbols_may_be_used():
    """Are a chain rule's symbols (u, g, h, a, t, s ...) accepted when the expected uses them?"""
    assert check("2*u*cos(u^2)", "2*cos(u**2)*u").correct
    assert check("-a*exp(-a*t)", "-a*exp(-a*t)").correct
    assert check(sympy.Symbol("s") * 2, "2*s").correct
    assert check("-cos(g)", "cos(g)").mistake == "sign"


def test_declared_symbols_may_be_used_and_are_named_when_wrong():
    """Is a declared symbol read (and then wrong where the derivative does not depend on it)?"""
    verdict = check("cos(u)", "2*x*cos(x**2)", symbols=("u", "g"))
    assert verdict.mistake == "not_equivalent" and "depends on u; it should not" in verdict.message
    assert check(sympy.Symbol("g") * x, "2*x", symbols=["g"]).mistake == "extra_factor"
    assert equivalent("u + 0", "u", symbols=["u"])


def test_an_unknown_symbol_message_lists_what_may_be_used():
    """Does the message name the unknown symbol, the lecture's and the exercise's own symbols?"""
    verdict = check("2*v", "2*u", symbols=("g",))
    assert verdict.mistake == "unknown_symbol"
    assert f"'v'. You can use {LECTURE_SYMBOLS_TEXT}, and also g and u." in verdict.message
    assert "put * between" in check("ux", "u*x").message
    assert "did you mean u?" in check("U", "u").message
    assert "and also t" in check(sympy.Symbol("v"), "t").message


def test_a_declared_positive_symbol_is_sampled_positive():
    """Does a declared SymPy symbol keep its assumptions in the expected text?"""
    positive_u = sympy.Symbol("u", positive=True)
    assert check("sqrt(u^2)", "u", symbols=[positive_u]).correct
    assert not check("sqrt(u^2)", "u", symbols=["u"]).correct


@pytest.mark.parametrize(
    ("symbols", "error"),
    [
        ("u", TypeError),
        ([3], TypeError),
        (["exp"], ValueError),
        (["e"], ValueError),
        (["2u"], ValueError),
    ],
)
def test_a_bad_declaration_is_the_authors_error(symbols, error):
    """Is a declaration no student could type refused, for the author to see?"""
    with pytest.raises(error):
        check("u", "u", symbols=symbols)


@pytest.mark.parametrize(
    ("answer", "expected", "mistake"),
    [
        ("max(0, z)", "(z + abs(z))/2", None),
        ("Max(z, 0)", "-Min(0, -z)", None),
        ("2*(max(0, w*x) - y)", "2*(Max(0, w*x) - y)", None),
        ("max(0, w*x) - y", "2*(max(0, w*x) - y)", "constant_factor"),
        ("-max(0, z)", "max(0, z)", "sign"),
        ("z", "max(0, z)", "not_equivalent"),
        ("min(0, z)", "max(0, z)", "not_equivalent"),
    ],
)
def test_max_and_min_are_understood(answer, expected, mistake):
    """Is ReLU, max(0, z), read and compared (it differs from z only where z < 0)?"""
    verdict = check(answer, expected)
    assert (verdict.correct, verdict.mistake) == (mistake is None, mistake)


def test_the_expected_text_may_use_any_symbol_but_not_any_function():
    """Is an author's unknown function (a typo) still refused, for the author to see?"""
    with pytest.raises(ParseError, match="expected expression"):
        check("x", "expp(x)")
