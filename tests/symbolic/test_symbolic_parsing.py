"""Does the parser read what students type, refuse everything else, and return at once?"""

from __future__ import annotations

import time

import pytest
import sympy
from symbolic_corpus import INJECTIONS

from gdkit.symbolic import ParseError, parse

#: "At once" in seconds: a hang never returns, but a shared 2-core CI machine is slow.
AT_ONCE = 5.0

w, x, y, z, p, eta, xi1, xi6, w1 = sympy.symbols("w x y z p eta xi1 xi6 w1")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x^2", x**2),
        ("2*x**3 - 1", 2 * x**3 - 1),
        ("e^(-w*x)", sympy.exp(-w * x)),
        ("E**x", sympy.exp(x)),
        ("exp(1)", sympy.E),
        ("ln(x)", sympy.log(x)),
        ("log(x, 2)", sympy.log(x) / sympy.log(2)),
        ("sqrt(x)", sympy.sqrt(x)),
        ("abs(x) + Abs(y)", sympy.Abs(x) + sympy.Abs(y)),
        ("pi*x", sympy.pi * x),
        ("-x", -x),
        ("+x", x),
        ("xi1*xi6", xi1 * xi6),
        ("w_1", w1),
        ("η*p", eta * p),
        ("sigmoid(z)", 1 / (1 + sympy.exp(-z))),
        ("tanh(x) + sech(x) + acosh(x)", sympy.tanh(x) + sympy.sech(x) + sympy.acosh(x)),
        ("2 − x·y", 2 - x * y),
        ("1_000*x", 1000 * x),
        ("0.5*x", sympy.Float(0.5) * x),
        ("  (x)  ", x),
        ("max(0, z)", sympy.Max(0, z)),
        ("Max(z, 0) + min(x, y, 2)", sympy.Max(0, z) + sympy.Min(x, y, 2)),
    ],
)
def test_reads_formulas(text, expected):
    """Is each way of writing a formula read as the SymPy expression it means?"""
    assert parse(text) == expected


def test_unknown_symbols_are_told_the_callers_symbols_too():
    """Does the message for an unknown name list the symbols a caller added, and spot u*x?"""
    with pytest.raises(ParseError) as error:
        parse("ux + v", symbols=["u", "t"])
    assert "and also t and u. To multiply symbols" in str(error.value)


def test_symbols_extend_the_lecture_names():
    """Can a caller add names, and pass SymPy symbols (with assumptions) to be used as they are?"""
    t = sympy.Symbol("t")
    real_x = sympy.Symbol("x", real=True)
    assert parse("t*x", symbols=["t"]) == t * x
    assert parse("x", symbols=[real_x]) is real_x


def test_new_symbols_for_the_authors_text():
    """With new_symbols, is any other name a symbol, while functions and constants stay so?"""
    u, g = sympy.symbols("u g")
    assert parse("g*exp(u) + e", new_symbols=True) == g * sympy.exp(u) + sympy.E
    with pytest.raises(ParseError, match="is a function"):
        parse("exp + u", new_symbols=True)
    with pytest.raises(ParseError, match="know the function"):
        parse("g(u)", new_symbols=True)


def test_canary_file_is_never_written(tmp_path):
    """Does a call hidden in an answer stay unrun?"""
    canary = tmp_path / "pwned"
    attempts = [
        f"__import__('os').system('touch {canary}')",
        f"open('{canary}', 'w').write('x')",
        f"exec(\"open('{canary}', 'w')\")",
    ]
    for text in attempts:
        with pytest.raises(ParseError):
            parse(text)
    assert not canary.exists()


@pytest.mark.parametrize("text", INJECTIONS)
def test_refuses_anything_but_a_formula(text):
    """Is every piece of Python that is not a formula refused as unparseable, at once?"""
    start = time.perf_counter()
    with pytest.raises(ParseError) as error:
        parse(text)
    assert error.value.kind == "unparseable"
    assert time.perf_counter() - start < AT_ONCE


@pytest.mark.parametrize(
    "text",
    [
        "9**9**9**9",
        "10**100**100",
        "2**4000",
        "9" * 40,
        "x**(10**100)",
        "1e400*x",
        "x + " * 200 + "x",
        "exp(" * 50 + "x" + ")" * 50,
        "-" * 100 + "x",
        "(" * 300 + "x" + ")" * 300,
    ],
)
def test_bounds_size_and_depth(text):
    """Do huge numbers, long input and deep nesting come back at once, refused?"""
    start = time.perf_counter()
    with pytest.raises(ParseError):
        parse(text)
    assert time.perf_counter() - start < AT_ONCE


@pytest.mark.parametrize(
    "text",
    [
        "max(0/0, x, 1)",
        "atanh(sigmoid(Max(0**(-1), 1e-20)))",
        "tanh(csch(csch(-1 - 1e20)))",
        "min(cosh(acosh(1e-20)**(1e20 + w)), x)",
    ],
)
def test_numbers_sympy_cannot_compute_are_refused_at_once(text):
    """Is a number SymPy fails on while building the expression refused, saying where to look?"""
    start = time.perf_counter()
    with pytest.raises(ParseError, match="division by zero"):
        parse(text)
    assert time.perf_counter() - start < AT_ONCE


def test_big_but_bounded_numbers_are_fine():
    """Are moderate powers and long integers still read?"""
    assert parse("2**100*x") == 2**100 * x
    assert parse("x**1000") == x**1000
    assert parse("123456789012345678901234567890") == 123456789012345678901234567890


@pytest.mark.parametrize(
    ("text", "symbol", "hint"),
    [
        ("q*x", "q", "w, x, y"),
        ("sigma*z", "sigma", "sigmoid(z)"),
        ("wx", "wx", "w*x"),
        ("2*theta", "theta", "xi1"),
        ("2*X", "X", "did you mean x?"),
        ("2*xy", "xy", "w*x"),
    ],
)
def test_names_unknown_symbols(text, symbol, hint):
    """Is an unknown name reported as such, naming it and the allowed ones?"""
    with pytest.raises(ParseError) as error:
        parse(text)
    assert error.value.kind == "unknown_symbol"
    assert error.value.symbol == symbol
    assert f"'{symbol}'" in str(error.value)
    assert hint in str(error.value)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("2x", "2*x"),
        ("(x + 1", "parentheses"),
        ("d = 2*x", "equals sign"),
        ("np.exp(x)", "exp(x)"),
        ("x(y + 1)", "x*(...)"),
        ("foo(x)", "exp, log"),
        ("exp", "exp(x)"),
        ("x // 2", "//"),
        ("max(z)", "two arguments or more"),
        ("exp(x, 2)", "one argument"),
    ],
)
def test_messages_help_the_student(text, hint):
    """Does the message say what to change?"""
    with pytest.raises(ParseError) as error:
        parse(text)
    assert hint in str(error.value)


def test_parse_error_is_a_value_error_and_pickles():
    """Can a ParseError be caught as ValueError and cross a process boundary intact?"""
    import pickle

    with pytest.raises(ValueError):
        parse("q")
    error = ParseError("message", "unknown_symbol", "q")
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.kind, copy.symbol) == ("message", "unknown_symbol", "q")


def test_refuses_non_text():
    """Is anything but a string refused with a message?"""
    with pytest.raises(ParseError):
        parse(42)  # type: ignore[arg-type]
