"""The vocabulary a student may type: the lecture's symbols, constants and functions.

>>> is_lecture_symbol("xi3"), is_lecture_symbol("w_1"), is_lecture_symbol("q")
(True, True, False)
>>> symbol_key("w_1")
'w1'
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sympy

#: How the allowed symbols are described to a student.
LECTURE_SYMBOLS_TEXT = "w, x, y, z, p, b, eta, xi1 ... xi6, and indexed ones such as w1, x2 or b0"

_LECTURE_NAME = re.compile(r"(?:w|x|y|z|p|b|eta|xi)(?:_?\d{1,2})?")
_INDEX_UNDERSCORE = re.compile(r"^([A-Za-z]+)_(\d+)$")

#: Unicode letters a student may paste instead of the spelled-out Greek name.
GREEK_ALIASES = {"η": "eta", "ξ": "xi"}

#: Names that stand for a number.
CONSTANTS: dict[str, sympy.Expr] = {"e": sympy.E, "E": sympy.E, "pi": sympy.pi}


def _sigmoid(arg: sympy.Expr) -> sympy.Expr:
    return 1 / (1 + sympy.exp(-arg))


#: The trigonometric and hyperbolic functions and their inverses, by SymPy name.
TRIGONOMETRIC = (
    *("sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "asec", "acsc"),
    *("sinh", "cosh", "tanh", "coth", "sech", "csch", "asinh", "acosh", "atanh", "acoth"),
)

#: Functions a student may call, by the name they type, each with one argument
#: (``log`` also takes a base as a second one).
FUNCTIONS: dict[str, Callable[..., sympy.Expr]] = {
    "exp": sympy.exp,
    "log": sympy.log,
    "ln": sympy.log,
    "sqrt": sympy.sqrt,
    "Abs": sympy.Abs,
    "abs": sympy.Abs,
    "sigmoid": _sigmoid,
    **{name: getattr(sympy, name) for name in TRIGONOMETRIC},
}

#: Functions that accept a second argument.
TWO_ARGUMENT_FUNCTIONS = frozenset({"log", "ln"})


def symbol_key(name: str) -> str:
    """Return the name under which a symbol is matched: ``w_1`` and ``w1`` are one symbol.

    >>> symbol_key("xi_6"), symbol_key("eta")
    ('xi6', 'eta')
    """
    return _INDEX_UNDERSCORE.sub(r"\1\2", name)


def is_lecture_symbol(name: str) -> bool:
    """Tell whether ``name`` is one of the lecture's symbols.

    >>> is_lecture_symbol("eta"), is_lecture_symbol("sigma")
    (True, False)
    """
    return _LECTURE_NAME.fullmatch(name) is not None
