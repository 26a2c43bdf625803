"""Read a student's formula safely: Python's ``ast`` and a whitelist, never ``eval``.

The text is parsed by :func:`ast.parse` (which runs nothing), every node is checked against a
whitelist, and the SymPy expression is built from the nodes by this module. Input length,
nesting depth and the size of numbers are bounded, so that reading returns at once.

>>> parse("x^2 + ln(e)")
x**2 + 1
>>> parse("__import__('os')")
Traceback (most recent call last):
    ...
gdkit.symbolic.parsing.ParseError: I do not know the function '__import__'. ...
"""

from __future__ import annotations

import ast
import math
import operator
import re
import warnings
from collections.abc import Callable, Iterable

import sympy

from .names import (
    ARGUMENTS,
    CONSTANTS,
    FUNCTIONS,
    GREEK_ALIASES,
    is_lecture_symbol,
    symbol_key,
    unknown_symbol_message,
)

#: Longest text accepted, in characters.
MAX_LENGTH = 500
#: Deepest nesting of operations and calls accepted.
MAX_DEPTH = 40
#: Most digits in an integer typed by the student.
MAX_INTEGER_DIGITS = 30
#: Largest absolute value of a numeric exponent.
MAX_EXPONENT = 1000
#: Most digits in a power of two numbers such as ``9**99``.
MAX_POWER_DIGITS = 1000

_FUNCTIONS_TEXT = "exp, log (or ln), sqrt, Abs, max, min, sigmoid, sin, cos, tan, tanh, ..."
_FORMULA_EXAMPLE = "2*x*exp(-x**2)"
_OPERATIONS: dict[type, Callable] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_REFUSED_OPERATORS = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.BitXor: "^",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.LShift: "<<",
    ast.RShift: ">>",
}
#: How many arguments a function takes, in words, by (fewest, most) as in ``ARGUMENTS``.
_COUNTS = {
    (1, 1): "one argument",
    (1, 2): "one or two arguments",
    (2, None): "two arguments or more",
}
_TYPO_REPLACEMENTS = {"−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "÷": "/", "²": "**2"}


class ParseError(ValueError):
    """A formula that cannot be read, with a message a student understands.

    ``kind`` is ``"unparseable"`` or ``"unknown_symbol"``; ``symbol`` names the unknown symbol.

    >>> try:
    ...     parse("2*q")
    ... except ParseError as error:
    ...     print(error.kind, error.symbol)
    unknown_symbol q
    """

    def __init__(self, message: str, kind: str = "unparseable", symbol: str | None = None):
        super().__init__(message)
        self.kind = kind
        self.symbol = symbol

    def __reduce__(self):
        return (type(self), (str(self), self.kind, self.symbol))


def parse(
    text: str, symbols: Iterable[str | sympy.Symbol] | None = None, *, new_symbols: bool = False
) -> sympy.Expr:
    """Read ``text`` as a formula and return it as a SymPy expression.

    Python syntax, with ``^`` for powers, ``e``/``E`` for Euler's number and ``ln`` for log.
    The lecture's symbols (:data:`~gdkit.symbolic.names.LECTURE_SYMBOLS`, also with an index:
    w1, x_2) are always known, as plain SymPy symbols; ``symbols`` adds further names, or SymPy
    symbols to use as they are. With ``new_symbols`` (for an author's expected expression), any
    other name that is not a function or constant is a new symbol. Raises :class:`ParseError`
    for anything else.

    >>> parse("-y*x*e^(-w*x)/(1 + e^(-w*x))")
    -x*y*exp(-w*x)/(1 + exp(-w*x))
    >>> parse("2x")
    Traceback (most recent call last):
        ...
    gdkit.symbolic.parsing.ParseError: I could not read your answer: use * for every \
multiplication (write 2*x, not 2x).
    """
    if not isinstance(text, str):
        raise ParseError('I need your answer as text, such as "2*x".')
    for typo, replacement in _TYPO_REPLACEMENTS.items():
        text = text.replace(typo, replacement)
    text = text.strip()
    if not text:
        raise ParseError("Your answer is empty.")
    if len(text) > MAX_LENGTH:
        raise ParseError(
            f"Your answer is too long ({len(text)} characters, at most {MAX_LENGTH}): "
            "simplify it first."
        )
    text = text.replace("^", "**")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise ParseError(_syntax_hint(text)) from None
    except (ValueError, RecursionError, MemoryError):
        raise ParseError("I could not read your answer: it is nested too deeply.") from None
    return _Builder(symbols or (), new_symbols).build(tree.body, depth=0)


def _syntax_hint(text: str) -> str:
    """Say, as precisely as possible, why ``text`` is not a formula."""
    start = "I could not read your answer: "
    if text.count("(") != text.count(")"):
        return (
            start + f"the parentheses do not match ({text.count('(')} opening, "
            f"{text.count(')')} closing)."
        )
    if re.search(r"(?<![=<>!])=(?!=)", text):
        return start + "type only the expression, without an equals sign (2*x, not d = 2*x)."
    if re.search(r"(?<![\w.])\d+(?:\.\d*)?\s*[A-Za-z_(]", text) or re.search(r"\)\s*\w", text):
        return start + "use * for every multiplication (write 2*x, not 2x)."
    return start + f"check that it is a formula in Python syntax, such as {_FORMULA_EXAMPLE}."


class _Builder:
    """Build a SymPy expression from whitelisted AST nodes."""

    def __init__(self, symbols: Iterable[str | sympy.Symbol], new_symbols: bool):
        self.new_symbols = new_symbols
        self.symbols: dict[str, sympy.Symbol] = {}
        for item in symbols:
            symbol = item if isinstance(item, sympy.Symbol) else sympy.Symbol(str(item))
            self.symbols[symbol_key(symbol.name)] = symbol

    def build(self, node: ast.AST, depth: int) -> sympy.Expr:
        if depth > MAX_DEPTH:
            raise ParseError(
                f"Your answer is nested too deeply (more than {MAX_DEPTH} levels): simplify it."
            )
        if isinstance(node, ast.BinOp):
            return self._binary(node, depth)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = self.build(node.operand, depth + 1)
            return _computed(operator.neg, operand) if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Constant):
            return _number(node.value)
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        raise ParseError(_refusal(node))

    def _binary(self, node: ast.BinOp, depth: int) -> sympy.Expr:
        kind = type(node.op)
        if kind not in _OPERATIONS and kind is not ast.Pow:
            symbol = _REFUSED_OPERATORS.get(kind, "")
            raise ParseError(
                f"I could not read your answer: the operator {symbol} is not allowed; "
                "use + - * / and ** (or ^) only."
            )
        left = self.build(node.left, depth + 1)
        right = self.build(node.right, depth + 1)
        return _computed(_OPERATIONS.get(kind, _power), left, right)

    def _name(self, name: str) -> sympy.Expr:
        for greek, spelled in GREEK_ALIASES.items():
            if name.startswith(greek):
                name = spelled + name[len(greek) :]
        key = symbol_key(name)
        if key in self.symbols:
            return self.symbols[key]
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in FUNCTIONS:
            raise ParseError(
                f"{name} is a function: give it an argument in parentheses, as in {name}(x)."
            )
        if self.new_symbols or is_lecture_symbol(name):
            return sympy.Symbol(key)
        message = unknown_symbol_message(name, self.symbols)
        raise ParseError(message, kind="unknown_symbol", symbol=name)

    def _call(self, node: ast.Call, depth: int) -> sympy.Expr:
        if isinstance(node.func, ast.Attribute):
            raise ParseError(_refusal(node.func))
        if not isinstance(node.func, ast.Name):
            raise ParseError(
                "I could not read your answer: to multiply, write * between the factors "
                "((a)*(b), not (a)(b)); to call a function, write its name, as in exp(x)."
            )
        name = node.func.id
        if name not in FUNCTIONS:
            if is_lecture_symbol(name) or symbol_key(name) in self.symbols:
                raise ParseError(
                    f"I could not read your answer: {name} is a symbol, not a function; "
                    f"to multiply, write {name}*(...)."
                )
            raise ParseError(f"I do not know the function '{name}'. You can use {_FUNCTIONS_TEXT}")
        if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
            raise ParseError(f"Call {name} with plain arguments only, as in {name}(x).")
        fewest, most = ARGUMENTS.get(name, (1, 1))
        if len(node.args) < fewest or most is not None and len(node.args) > most:
            raise ParseError(f"{name} takes {_COUNTS[fewest, most]}.")
        arguments = [self.build(arg, depth + 1) for arg in node.args]
        return _computed(FUNCTIONS[name], *arguments)


def _computed(operation: Callable[..., sympy.Expr], *arguments: sympy.Expr) -> sympy.Expr:
    """Let SymPy build a node, or tell the student where to look if it fails on the numbers.

    SymPy evaluates numbers as it builds, and fails on some: 0/0 in a max, tanh of -1e20, a
    complex number to the power 1e20 (out of memory at once) ...
    """
    try:
        return operation(*arguments)
    except ParseError:
        raise
    except (ArithmeticError, MemoryError, TypeError, ValueError):  # SymPy's, on the numbers
        raise ParseError(
            "I could not compute a number in your answer: look for a division by zero, the root "
            "or log of a negative number, or a number too large or too small."
        ) from None


def _number(value: object) -> sympy.Expr:
    """Turn a literal into a SymPy number, refusing anything that is not a bounded real."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParseError(
            f"I could not read your answer: {value!r} is not allowed in a formula; "
            "use numbers, symbols, + - * / ** and functions only."
        )
    if isinstance(value, int):
        if value.bit_length() > MAX_INTEGER_DIGITS * math.log2(10):
            raise ParseError(
                f"A number in your answer is too large (at most {MAX_INTEGER_DIGITS} digits)."
            )
        return sympy.Integer(value)
    if not math.isfinite(value) or value != 0 and not 1e-30 < abs(value) < 1e30:
        raise ParseError("A number in your answer is too large or too small.")
    return sympy.Float(value)


def _power(base: sympy.Expr, exponent: sympy.Expr) -> sympy.Expr:
    """Build ``base**exponent``, refusing numbers too large to compute at once."""
    if exponent.is_Number and abs(exponent) > MAX_EXPONENT:
        raise ParseError(f"An exponent in your answer is too large (at most {MAX_EXPONENT}).")
    if base.is_Rational and exponent.is_Integer and base not in (0, 1, -1):
        digits = abs(int(exponent)) * math.log10(max(abs(base.p), abs(base.q)))
        if digits > MAX_POWER_DIGITS:
            raise ParseError("A power of numbers in your answer is too large to compute.")
    return base**exponent


def _refusal(node: ast.AST) -> str:
    """Explain to a student why a piece of Python is not part of a formula."""
    start = "I could not read your answer: "
    if isinstance(node, ast.Attribute):
        return start + "a dot after a name is not allowed (write exp(x), not np.exp(x))."
    if isinstance(node, ast.Compare):
        return start + "type only the expression, without a comparison (2*x, not d == 2*x)."
    if isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Dict):
        return start + "type a single expression, without commas or brackets."
    if isinstance(node, ast.UnaryOp):
        return start + "the operators not and ~ are not allowed."
    return (
        start + "only numbers, symbols, + - * / ** (or ^), parentheses and the functions "
        f"{_FUNCTIONS_TEXT} are allowed."
    )
