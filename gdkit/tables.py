"""Grade a table of intermediate variables row by row, as a marker would.

A chain-rule derivation is written as a table: each row defines one intermediate
variable in terms of the one before (``xi2 = exp(xi1)``) and gives its local derivative
(``d xi2 / d xi1 = exp(xi1)``). :func:`grade_table` marks every row on its own:

- the **value** must be right *as written*, in terms of the previous variable; a row that
  skips a step (right value, written in ``w`` and ``x``) is named as such;
- the **local derivative** may be written in the table's variables or in ``w, x, y``; it
  is marked *with error carried forward*: the right derivative of the student's own
  (wrong) row earns its tick, so one slip costs one cell, not the rest of the table;
- a derivative taken with respect to the wrong variable (the whole chain instead of one
  link), a sign, a missing factor, and declared :class:`RowSlip` s (the slides' own slips)
  are named. The expected expressions are never shown.

>>> steps = [Step("xi1", "-w*x", of="w"), Step("xi2", "exp(xi1)", of="xi1")]
>>> report = grade_table({"xi1": ("-w*x", "-x"), "xi2": ("exp(xi1)", "-x*exp(xi1)")}, steps)
>>> [(row.name, row.value_ok, row.derivative_ok, row.kind) for row in report.rows]
[('xi1', True, True, None), ('xi2', True, False, 'wrong_variable')]
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from gdkit.checks import CheckFailure
from gdkit.symbolic import ParseError, check, parse
from gdkit.symbolic.names import symbol_key

__all__ = ["RowResult", "RowSlip", "Step", "TableReport", "check_table", "grade_table"]


@dataclass(frozen=True)
class RowSlip:
    """A known wrong entry of a row: the text it equals, its kind and what to say.

    ``column`` is ``"value"`` or ``"derivative"``; ``wrong`` is compared by value.

    >>> RowSlip("value", "(1 - y)*xi6", "slide_sign", "copies the slides' sign.").kind
    'slide_sign'
    """

    column: str
    wrong: str
    kind: str
    message: str


@dataclass(frozen=True)
class Step:
    """One row: ``name = value``, written in terms of ``of``, and d name / d ``of``.

    >>> Step("xi3", "1 + xi2", of="xi2").label
    'ξ3'
    """

    name: str
    value: str
    of: str
    slips: tuple[RowSlip, ...] = ()
    label: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", _pretty(self.name))


@dataclass(frozen=True)
class RowResult:
    """How one row was marked: a tick per column, and the first problem's kind and message.

    >>> RowResult("xi1", "ξ1", value_ok=True, derivative_ok=True).ok
    True
    """

    name: str
    label: str
    value_ok: bool
    derivative_ok: bool
    kind: str | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.value_ok and self.derivative_ok


@dataclass(frozen=True)
class TableReport:
    """All rows of a marked table; shows as a ✓/✗ table in a notebook.

    >>> report = TableReport([RowResult("xi1", "ξ1", True, False, "sign", "sign!")])
    >>> print(report)
    ξ1   value ✓  derivative ✗  sign!
    >>> report.first_failure.name, report.correct
    ('xi1', 0)
    """

    rows: list[RowResult] = field(default_factory=list)

    @property
    def first_failure(self) -> RowResult | None:
        return next((row for row in self.rows if not row.ok), None)

    @property
    def correct(self) -> int:
        """The number of rows with both columns right."""
        return sum(row.ok for row in self.rows)

    def __str__(self) -> str:
        width = max((len(row.label) for row in self.rows), default=0)
        return "\n".join(
            f"{row.label:<{width}}  value {_tick(row.value_ok)}  "
            f"derivative {_tick(row.derivative_ok)}  {row.message}".rstrip()
            for row in self.rows
        )

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><td>{html.escape(row.label)}</td><td>{_tick(row.value_ok)}</td>"
            f"<td>{_tick(row.derivative_ok)}</td>"
            f"<td style='text-align:left'>{html.escape(row.message)}</td></tr>"
            for row in self.rows
        )
        return (
            "<table><tr><th>row</th><th>value</th><th>local derivative</th>"
            f"<th style='text-align:left'>note</th></tr>{cells}</table>"
        )


#: What a wrong value is told (the symbolic verdicts speak of derivatives).
_VALUE_MESSAGES = {
    "sign": "it has the wrong sign.",
    "constant_factor": "it is off by a constant factor: check the numbers in it.",
    "missing_factor": "it is not the right expression of {prev}: a factor is missing.",
    "extra_factor": "it is not the right expression of {prev}: it has a factor too many.",
    "not_equivalent": "it is not the right expression of {prev}.",
}


def _tick(ok: bool) -> str:
    return "✓" if ok else "✗"


def _pretty(name: str) -> str:
    """``xi3`` -> ``ξ3``; other names stay as they are."""
    return "ξ" + name[2:] if name.startswith("xi") and name[2:].isdigit() else name


def _symbol(name: str) -> sympy.Symbol:
    return sympy.Symbol(symbol_key(name))


def _empty(text: Any) -> bool:
    return text is None or text is Ellipsis or (isinstance(text, str) and not text.strip())


def _read(text: Any) -> sympy.Expr:
    """A student's entry as an expression; ParseError says why not (and empty counts)."""
    if _empty(text):
        raise ParseError("this entry is still empty.", kind="empty")
    if isinstance(text, sympy.Expr):
        return text
    if not isinstance(text, str):
        raise ParseError(
            f'type it as text in quotes, such as "1", not as a Python {type(text).__name__}.'
        )
    return parse(text)


def _expanded(expr: sympy.Expr, chain: Mapping[sympy.Symbol, sympy.Expr]) -> sympy.Expr:
    """``expr`` with every intermediate variable replaced by its value in w, x, y."""
    return expr.subs(chain)


def _same(answer: sympy.Expr, expected: sympy.Expr) -> bool:
    return check(answer, expected).correct


class _Row:
    """The expected expressions of one row, in the table's variables and in w, x, y."""

    def __init__(
        self,
        step: Step,
        chain: dict[sympy.Symbol, sympy.Expr],
        table: dict[sympy.Symbol, sympy.Expr],
    ) -> None:
        self.step = step
        self.of = _symbol(step.of)
        self.value = parse(step.value)
        self.derivative = sympy.diff(self.value, self.of)
        self.full_value = _expanded(self.value, chain)
        self.full_derivative = _expanded(self.derivative, chain)
        self.whole_chain = sympy.diff(self.full_value, sympy.Symbol("w"))  # d row / d w: too far
        self.chain = dict(chain)
        # a derivative may be written in any of the table's variables (d xi2/d xi1 = 1/xi4 - 1)
        self.table = table

    def mark_value(self, text: Any) -> tuple[bool, str | None, str]:
        try:
            answer = _read(text)
        except ParseError as error:
            return False, error.kind, f"value: {error}"
        if _same(answer, self.value):
            return True, None, ""
        slip = self._slip("value", answer)
        if slip:
            return False, slip.kind, f"value: {slip.message}"
        full = _expanded(answer, self.chain)
        if _same(full, self.full_value):
            return (
                False,
                "skipped_step",
                f"value: right, but written in other variables: write {self.step.label} in "
                f"terms of {_pretty(self.step.of)}, one link of the chain at a time.",
            )
        verdict = check(answer, self.value)
        neutral = _VALUE_MESSAGES.get(verdict.mistake or "", verdict.message)
        return False, verdict.mistake, f"value: {neutral.format(prev=_pretty(self.step.of))}"

    def mark_derivative(self, text: Any, own_value: Any) -> tuple[bool, str | None, str]:
        try:
            answer = _read(text)
        except ParseError as error:
            return False, error.kind, f"local derivative: {error}"
        full = _expanded(answer, self.table)
        if _same(answer, self.derivative) or _same(full, self.full_derivative):
            return True, None, ""
        own = self._own_derivative(own_value)
        if own is not None and (_same(answer, own) or _same(full, _expanded(own, self.table))):
            return True, None, "local derivative: right for your value (error carried forward)."
        slip = self._slip("derivative", answer)
        if slip:
            return False, slip.kind, f"local derivative: {slip.message}"
        if self.step.of != "w" and _same(full, self.whole_chain):
            return (
                False,
                "wrong_variable",
                f"local derivative: this is the derivative with respect to w, the whole chain "
                f"at once. The table wants one link: the derivative of {self.step.label} with "
                f"respect to {_pretty(self.step.of)}, treating {_pretty(self.step.of)} as the "
                "variable.",
            )
        # judged in w, x and y, so that no variable of the table is called wrong to use
        verdict = check(full, self.full_derivative)
        return False, verdict.mistake, f"local derivative: {verdict.message}"

    def _own_derivative(self, own_value: Any) -> sympy.Expr | None:
        """d (the student's own value) / d of, if that value reads and is in the right variable."""
        try:
            own = _read(own_value)
        except ParseError:
            return None
        names = {symbol_key(s.name) for s in own.free_symbols}
        if symbol_key(self.step.of) not in names or _same(own, self.value):
            return None
        return sympy.diff(own, _symbol(self.step.of))

    def _slip(self, column: str, answer: sympy.Expr) -> RowSlip | None:
        return next(
            (s for s in self.step.slips if s.column == column and _same(answer, parse(s.wrong))),
            None,
        )


def grade_table(answers: Mapping[str, Sequence[Any]], steps: Sequence[Step]) -> TableReport:
    """Mark ``answers`` (row name -> (value, local derivative), as text) against ``steps``.

    Rows are marked independently; see the module docstring for the rules. A row that is
    missing from ``answers`` is marked empty.

    >>> steps = [Step("xi1", "-w*x", of="w"), Step("xi2", "exp(xi1)", of="xi1")]
    >>> print(grade_table({"xi1": ("w*x", "x"), "xi2": ("exp(xi1)", "exp(xi1)")}, steps))
    ξ1  value ✗  derivative ✓  value: it has the wrong sign. local derivative: right for your value (error carried forward).
    ξ2  value ✓  derivative ✓
    """
    table: dict[sympy.Symbol, sympy.Expr] = {}
    for step in steps:  # every variable of the table, in w, x and y
        table[_symbol(step.name)] = _expanded(parse(step.value), table)
    chain: dict[sympy.Symbol, sympy.Expr] = {}
    rows = []
    for step in steps:
        row = _Row(step, chain, table)
        entry = answers.get(step.name) if isinstance(answers, Mapping) else None
        value_text, derivative_text = _pair(entry) or (None, None)
        if _empty(value_text) and _empty(derivative_text):
            rows.append(RowResult(step.name, step.label, False, False, "empty", "still empty."))
        else:
            value_ok, value_kind, value_message = row.mark_value(value_text)
            derivative_ok, derivative_kind, derivative_message = row.mark_derivative(
                derivative_text, value_text
            )
            kind = value_kind if not value_ok else derivative_kind if not derivative_ok else None
            message = " ".join(m for m in (value_message, derivative_message) if m)
            rows.append(RowResult(step.name, step.label, value_ok, derivative_ok, kind, message))
        chain[_symbol(step.name)] = row.full_value
    return TableReport(rows)


def _pair(entry: Any) -> tuple[Any, Any] | None:
    """(value, derivative) from a row's entry, or None if it is not a pair."""
    if isinstance(entry, tuple | list) and len(entry) == 2:
        return entry[0], entry[1]
    return None


def check_table(answers: Any, steps: Sequence[Step], *, name: str) -> TableReport:
    """Grade a table, show the ✓/✗ table in a notebook, and fail naming the first wrong row.

    Raises :class:`~gdkit.checks.CheckFailure` (kind of the first wrong row's problem)
    unless every row is right; returns the report otherwise.

    >>> steps = [Step("xi1", "-w*x", of="w")]
    >>> check_table({"xi1": ("-w*x", "-x")}, steps, name="table_A").correct
    1
    >>> check_table({"xi1": ("-w*x", "x")}, steps, name="table_A")
    Traceback (most recent call last):
    ...
    gdkit.checks.CheckFailure: `table_A`, row ξ1: local derivative: Not yet: your answer has the wrong sign. ...
    """
    __tracebackhide__ = True
    if not isinstance(answers, Mapping):
        raise CheckFailure(
            "type",
            f"`{name}` must be a dictionary of rows, like {{'{steps[0].name}': (value, derivative)}}.",
        )
    unknown = sorted(set(map(str, answers)) - {step.name for step in steps})
    if unknown:
        raise CheckFailure(
            "keys",
            f"`{name}` has rows the table does not have: {', '.join(unknown)}. Its rows are "
            f"{', '.join(step.name for step in steps)}.",
        )
    malformed = [key for key, entry in answers.items() if _pair(entry) is None]
    if malformed:
        raise CheckFailure(
            "type",
            f"`{name}`, row {_pretty(malformed[0])}: give two entries in parentheses, "
            '(value, local derivative), e.g. ("exp(xi1)", "exp(xi1)").',
        )
    report = grade_table(answers, steps)
    _show(report)
    failure = report.first_failure
    if failure is not None:
        raise CheckFailure(
            failure.kind or "value", f"`{name}`, row {failure.label}: {failure.message}"
        )
    return report


def _show(report: TableReport) -> None:
    """Display the report in a notebook (no-op elsewhere, e.g. in doctests)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is not None:
        display(report)
