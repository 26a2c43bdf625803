"""The vocabulary a student may type: the lecture's symbols, constants and functions.

>>> is_lecture_symbol("xi3"), is_lecture_symbol("w_1"), is_lecture_symbol("q")
(True, True, False)
>>> symbol_key("w_1")
'w1'
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Iterable

import sympy

from .verdict import describe

#: The lecture's symbols, each as a student types it and as a message shows it. Any of them may
#: carry an index of one or two digits (w1, x_2, xi6); the ξ table numbers its rows xi1 ... xi6.
_LECTURE = {
    "w": "w",
    "x": "x",
    "y": "y",
    "z": "z",
    "p": "p",
    "b": "b",
    "eta": "eta",
    "xi": "xi1 ... xi6",
}
#: The lecture's symbols, as a student types them (without an index).
LECTURE_SYMBOLS = tuple(_LECTURE)
#: How the lecture's symbols are described to a student.
LECTURE_SYMBOLS_TEXT = f"{', '.join(_LECTURE.values())}, and indexed ones such as w1, x2 or b0"

_LECTURE_NAME = re.compile(rf"(?:{'|'.join(LECTURE_SYMBOLS)})(?:_?\d{{1,2}})?")
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


def _extremum(function: type, args: tuple[sympy.Expr, ...]) -> sympy.Expr:
    """Build Max or Min unevaluated: SymPy would compare the arguments, which may take long.

    Its check that they can be compared is kept (it runs again when the expression is unpickled
    in the worker): a number that is not real, such as 1/0, raises ValueError.
    """
    for arg in args:
        if arg.is_extended_real is False or arg.is_number and not arg.is_comparable:
            raise ValueError(f"{function.__name__} of {arg}, which is not a real number")
    return function(*args, evaluate=False)


def _max(*args: sympy.Expr) -> sympy.Expr:
    return _extremum(sympy.Max, args)


def _min(*args: sympy.Expr) -> sympy.Expr:
    return _extremum(sympy.Min, args)


#: Functions a student may call, by the name they type.
FUNCTIONS: dict[str, Callable[..., sympy.Expr]] = {
    "exp": sympy.exp,
    "log": sympy.log,
    "ln": sympy.log,
    "sqrt": sympy.sqrt,
    "Abs": sympy.Abs,
    "abs": sympy.Abs,
    "Max": _max,
    "max": _max,
    "Min": _min,
    "min": _min,
    "sigmoid": _sigmoid,
    **{name: getattr(sympy, name) for name in TRIGONOMETRIC},
}

#: The fewest and most arguments of the functions that do not take exactly one (None: any).
ARGUMENTS: dict[str, tuple[int, int | None]] = {
    "log": (1, 2),  # a base as the second one
    "ln": (1, 2),
    **{name: (2, None) for name in ("Max", "max", "Min", "min")},
}


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


def unknown_symbol_message(name: str, extra: Iterable[str] = ()) -> str:
    """Tell a student that ``name`` is no symbol they may use, which ones are, and the likely slip.

    ``extra`` are the exercise's own symbols, which may be used besides the lecture's.

    >>> print(unknown_symbol_message("ux", extra=["u"]))
    I do not know the symbol 'ux'. You can use w, x, ..., and also u. To multiply symbols, ...
    """
    extra = sorted({key for key in map(symbol_key, extra) if not is_lecture_symbol(key)})
    message = f"I do not know the symbol '{name}'. You can use {LECTURE_SYMBOLS_TEXT}"
    message += f", and also {describe(extra)}." if extra else "."
    known = "|".join(map(re.escape, sorted({*LECTURE_SYMBOLS, *extra}, key=len, reverse=True)))
    lowered = symbol_key(name.lower())
    if re.fullmatch(rf"(?:{known})(?:\d|{known})+", name):
        message += " To multiply symbols, put * between them (w*x, not wx)."
    elif is_lecture_symbol(lowered) or lowered in extra:
        message += f" Symbols are case-sensitive: did you mean {name.lower()}?"
    elif name.lower() in {"sigma", "σ", "sig"}:
        message += " For the sigmoid, write sigmoid(z) or 1/(1 + exp(-z))."
    return message


def declared_symbols(names: Iterable[str | sympy.Symbol]) -> tuple[sympy.Symbol, ...]:
    """Return the symbols an author declares for an exercise, refusing names no one could type.

    A SymPy symbol is kept as it is (a positive one is then sampled positive).

    >>> declared_symbols(["u", sympy.Symbol("g", positive=True)])
    (u, g)
    >>> declared_symbols("u")
    Traceback (most recent call last):
        ...
    TypeError: symbols must be a collection of names, such as ('u',), not one string.
    """
    if isinstance(names, str):
        raise TypeError(
            f"symbols must be a collection of names, such as ({names!r},), not one string."
        )
    symbols = []
    for item in names:
        if not isinstance(item, str | sympy.Symbol):
            raise TypeError(f"A symbol is a name or a sympy.Symbol, not {item!r}.")
        symbol = item if isinstance(item, sympy.Symbol) else sympy.Symbol(item)
        name = symbol.name
        if (
            not name.isidentifier()
            or keyword.iskeyword(name)
            or name in FUNCTIONS
            or name in CONSTANTS
        ):
            raise ValueError(f"{name!r} cannot be typed as a symbol: choose another name.")
        symbols.append(symbol)
    return tuple(symbols)
