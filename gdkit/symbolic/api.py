"""The public checks, :func:`equivalent` and :func:`check`, each bounded in time.

Both read their inputs (text or SymPy), compare them by evaluation at seeded random points
(:mod:`~gdkit.symbolic.equivalence`) in a worker process (:mod:`gdkit._timelimit`), and fall back
on symbolic simplification only where the sampling cannot decide. Only a limit (time, memory,
recursion depth) makes a check "too complex"; any other error is a bug in gdkit, and is raised.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Iterator

import sympy
from sympy.core.function import AppliedUndef

from .._timelimit import LimitExceeded, Runner
from .equivalence import Comparison, compare, symbolically_equal
from .mistakes import ROUNDING, Diagnosis, diagnose
from .names import declared_symbols, is_lecture_symbol, symbol_key, unknown_symbol_message
from .parsing import ParseError, parse
from .verdict import MESSAGES, Verdict, describe

Formula = str | sympy.Expr
Symbols = Iterable[str | sympy.Symbol]

#: Seconds a check may take, unless told otherwise.
TIME_LIMIT = 1.0
#: The worker process imports this module, and so SymPy, before its first check.
_runner = Runner(preload=[__name__])


class TooComplexError(TimeoutError):
    """:func:`equivalent` could not decide in time (or at all); it is no verdict on the answer."""


def equivalent(
    answer: Formula, expected: Formula, *, symbols: Symbols = (), seconds: float | None = None
) -> bool:
    """Tell whether ``answer`` equals ``expected`` at every real point where both are defined.

    Each is a string (Python syntax, ``^`` for powers) or a SymPy expression; symbols are
    matched by name. Decided by evaluation at seeded random points with 60 digits, so a
    removable singularity does not count, and an answer undefined at most points where the
    expected expression has a value is not equivalent. The answer may use the lecture's symbols,
    the expected expression's and ``symbols``. Raises :class:`ParseError` for input it cannot
    read and :class:`TooComplexError` if it cannot decide within ``seconds``
    (:data:`TIME_LIMIT`).

    >>> equivalent("(x^2 - 1)/(x - 1)", "x + 1")
    True
    >>> equivalent("1/(1 + exp(-z))", "(1 + tanh(z/2))/2")
    True
    >>> equivalent("sqrt(x**2)", "x"), equivalent("0.333*x", "x/3")
    (False, False)
    >>> equivalent("max(0, z)", "(z + abs(z))/2"), equivalent("2*u*cos(u**2)", "2*cos(u**2)*u")
    (True, True)
    """
    declared = declared_symbols(symbols)
    expected_expr = _read_expected(expected, declared)
    try:
        result = _runner.run(
            _equivalent_job, _portable(answer), expected_expr, declared, seconds=_limit(seconds)
        )
    except (LimitExceeded, MemoryError, RecursionError):  # any other error is a bug, and surfaces
        result = None
    if result is None:
        raise TooComplexError(MESSAGES["too_complex"])
    return result


def check(
    answer: object, expected: Formula, *, symbols: Symbols = (), seconds: float | None = None
) -> Verdict:
    """Check a student's ``answer`` against ``expected`` and name the kind of mistake, if any.

    Never raises for anything a student can type or pass (only a bug in gdkit would); raises
    :class:`ParseError` if ``expected`` itself cannot be read (its text may use any symbol). The
    answer may use the lecture's symbols, the expected expression's and those the author
    declares in ``symbols`` (names or SymPy symbols), such as ``("u", "g")`` for a chain rule.
    The verdict's ``mistake`` is None when correct, else ``"sign"``, ``"constant_factor"``,
    ``"missing_factor"``, ``"extra_factor"``, ``"unknown_symbol"``, ``"unparseable"``,
    ``"too_complex"`` (a time, memory or recursion limit was reached: no verdict on the answer)
    or ``"not_equivalent"``; its message speaks to the student and never shows the expected
    expression. ``seconds`` overrides the time limit (:data:`TIME_LIMIT`).

    >>> expected = "-y*x*exp(-w*x)/(1 + exp(-w*x))"
    >>> print(check("-y*x*exp(-w*x)/(1 + exp(-w*x))", expected))
    Correct: your answer is equivalent to the expected one.
    >>> verdict = check("-y*exp(-w*x)/(1 + exp(-w*x))", expected)
    >>> verdict.correct, verdict.mistake
    (False, 'missing_factor')
    >>> print(verdict)
    Not yet: your answer is missing a factor that depends on x. Did you apply the chain rule ...
    >>> check("y*x*exp(-w*x)/(1 + exp(-w*x))", expected).mistake
    'sign'
    >>> check("2*(y - w*x)*x", "-2*x*(y - w*x)").mistake
    'sign'
    >>> check("x*(w*x - y)", "2*x*(w*x - y)").mistake
    'constant_factor'
    >>> check("x**2*(p - y)", "(p - y)*x").mistake
    'extra_factor'
    >>> check("q*x", expected).mistake, check("x*", expected).mistake
    ('unknown_symbol', 'unparseable')
    >>> check("x*exp(w)", expected).mistake
    'not_equivalent'
    >>> print(check("cos(u)", "2*x*cos(x**2)", symbols=["u"]))
    Not yet: your answer is not equivalent to the expected one. Your answer depends on u; ...
    >>> print(check("exp(exp(exp(exp(exp(exp(x))))))", "exp(x)"))
    I could not finish checking your answer in time; this says nothing against it. ...
    """
    declared = declared_symbols(symbols)
    expected_expr = _read_expected(expected, declared)
    try:
        answer = _portable(answer)
    except ParseError as error:
        return Verdict(correct=False, mistake=error.kind, message=str(error))
    try:
        return _runner.run(_check_job, answer, expected_expr, declared, seconds=_limit(seconds))
    except LimitExceeded as exceeded:
        if isinstance(exceeded.partial, Verdict):
            return exceeded.partial
    except (MemoryError, RecursionError):  # limits too; any other error is a bug, and surfaces
        pass
    return Verdict(correct=False, mistake="too_complex", message=MESSAGES["too_complex"])


def _limit(seconds: float | None) -> float:
    return TIME_LIMIT if seconds is None else seconds


def _equivalent_job(
    answer: Formula, expected: sympy.Expr, declared: tuple[sympy.Symbol, ...]
) -> bool | None:
    """Run in the worker: True or False, or None where neither sampling nor SymPy can decide."""
    answer_expr = _read(answer, (*declared, *expected.free_symbols))
    comparison = compare(answer_expr, expected)
    if comparison.outcome == "undecided":
        return True if symbolically_equal(answer_expr, expected) else None
    return comparison.outcome == "equal"


def _check_job(
    answer: Formula, expected: sympy.Expr, declared: tuple[sympy.Symbol, ...]
) -> Iterator[Verdict]:
    """Run in the worker: yield a verdict, then a better one if a diagnosis finishes in time."""
    try:
        answer_expr = _read(answer, (*declared, *expected.free_symbols))
    except ParseError as error:
        yield Verdict(correct=False, mistake=error.kind, message=str(error))
        return
    comparison = compare(answer_expr, expected)
    if comparison.outcome == "undecided":
        if symbolically_equal(answer_expr, expected):
            yield _correct(comparison)
        else:
            yield Verdict(correct=False, mistake="too_complex", message=MESSAGES["too_complex"])
    elif comparison.outcome == "equal":
        yield _correct(comparison)
    elif comparison.outcome == "domain":
        yield Verdict(correct=False, mistake="not_equivalent", message=MESSAGES["domain"])
    else:
        yield _not_equivalent(answer_expr, expected, "not_equivalent")
        try:
            diagnosis = diagnose(answer_expr, expected, comparison.samples)
        except (MemoryError, RecursionError):  # a limit, not a bug: the verdict above stands
            return
        yield _diagnosed(diagnosis, answer_expr, expected)


def _correct(comparison: Comparison) -> Verdict:
    message = MESSAGES["correct"]
    if comparison.answer_undefined:
        message += (
            " Note that your form has no real value at some points where the expected one "
            "has (for negative values, say): prefer a form defined everywhere."
        )
    return Verdict(correct=True, mistake=None, message=message)


def _diagnosed(diagnosis: Diagnosis, answer: sympy.Expr, expected: sympy.Expr) -> Verdict:
    kind = diagnosis.kind
    if kind == "not_equivalent":
        return _not_equivalent(answer, expected, "zero" if answer == 0 else "not_equivalent")
    if kind == "constant_factor" and abs(diagnosis.constant - 1) < ROUNDING:
        return Verdict(correct=False, mistake=kind, message=MESSAGES["rounded"])
    message = MESSAGES[kind]
    if diagnosis.variables:
        message = message.format(variables=describe(diagnosis.variables))
    return Verdict(correct=False, mistake=kind, message=message)


def _not_equivalent(answer: sympy.Expr, expected: sympy.Expr, key: str) -> Verdict:
    """The generic verdict, with a hint when the two depend on different variables."""
    message = MESSAGES[key]
    ours, theirs = _keys(answer), _keys(expected)
    # a symbol of one only, e.g. y in terms that cancel, is named only if that one depends on it
    only_ours, only_theirs = _dependent(answer, ours - theirs), _dependent(expected, theirs - ours)
    if only_ours:
        message += f" Your answer depends on {describe(sorted(only_ours))}; it should not."
    if only_theirs:
        message += f" The derivative depends on {describe(sorted(only_theirs))}; yours does not."
    return Verdict(correct=False, mistake="not_equivalent", message=message)


def _keys(expr: sympy.Expr) -> set[str]:
    return {symbol_key(s.name) for s in expr.free_symbols}


def _dependent(expr: sympy.Expr, keys: set[str]) -> set[str]:
    """The ``keys`` whose symbols ``expr`` truly depends on: its derivative is not zero.

    A derivative that is zero at every sampled point counts as zero (``y - y``, or terms in
    ``y`` that cancel); one the sampling cannot decide counts as a dependence.

    >>> y, x = sympy.symbols("y x")
    >>> sorted(_dependent(x * y + (1 - y) * x - x + x**2, {"x", "y"}))
    ['x']
    """
    return {
        symbol_key(s.name)
        for s in expr.free_symbols
        if symbol_key(s.name) in keys
        and (derivative := sympy.diff(expr, s)) != 0
        and compare(sympy.Integer(0), derivative).outcome != "equal"
    }


def _read_expected(expected: Formula, declared: tuple[sympy.Symbol, ...]) -> sympy.Expr:
    """Read the expected expression (any name is a symbol); a ParseError is the author's."""
    try:
        return _read(expected, declared, strict=False)
    except ParseError as error:
        raise ParseError(f"The expected expression cannot be read: {error}", error.kind) from None


def _portable(answer: object) -> Formula:
    """Text and SymPy expressions as they are, real numbers as SymPy numbers; else ParseError.

    What is returned can be sent to the worker process; what could not be is refused here.
    """
    return answer if isinstance(answer, Formula) else _read(answer, ())


def _read(value: object, symbols: Symbols, strict: bool = True) -> sympy.Expr:
    """Turn text, a SymPy expression or a real number into an expression, or raise ParseError.

    With ``strict``, only the lecture's symbols and ``symbols`` may be used; without, any.
    """
    if isinstance(value, str):
        return parse(value, symbols, new_symbols=not strict)
    if isinstance(value, sympy.Expr):
        return _checked_sympy(value, symbols) if strict else value
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if isinstance(value, numbers.Rational):
            return sympy.Rational(int(value.numerator), int(value.denominator))
        if math.isfinite(value):
            return sympy.Float(float(value))
    raise ParseError(
        'I can only check a formula, given as text (such as "2*x") or as a SymPy expression, '
        f"not {type(value).__name__!r}."
    )


def _checked_sympy(expr: sympy.Expr, symbols: Symbols) -> sympy.Expr:
    """Refuse SymPy expressions that cannot be compared: unknown functions, symbols, derivatives."""
    if expr.atoms(AppliedUndef):
        function = sorted(str(f.func) for f in expr.atoms(AppliedUndef))[0]
        raise ParseError(f"Your expression uses the function {function}, which I do not know.")
    if expr.has(sympy.Derivative, sympy.Integral):
        raise ParseError(
            "Your expression contains an unevaluated derivative or integral: "
            "call .doit() on it first."
        )
    allowed = {symbol_key(str(s)) for s in symbols}
    for symbol in sorted(expr.free_symbols, key=lambda s: s.name):
        if not is_lecture_symbol(symbol.name) and symbol_key(symbol.name) not in allowed:
            raise ParseError(
                unknown_symbol_message(symbol.name, allowed),
                kind="unknown_symbol",
                symbol=symbol.name,
            )
    return expr
