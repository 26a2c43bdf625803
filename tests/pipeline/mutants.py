"""Single-point mutants of a solution cell, for mutation testing of the hidden tests.

Each mutant changes one place of the solution (the lines between the solution markers, or
the whole cell when it has none) in one of these ways, found on the cell's syntax tree:

- ``sign``: ``+`` and ``-`` swapped (``+=`` and ``-=`` too), a unary minus dropped;
- ``comparison``: ``<`` to ``<=`` or ``>``, ``>=`` to ``>`` or ``<=``, ``==`` to ``!=`` ...;
- ``constant``: a number changed, 0 to 1, 1 to 2, 2 to 1, and every non-zero x to -x
  (not after a unary minus: dropping that is the sign mutant);
- ``off_by_one``: the end of a ``range`` or an index (or slice bound) one more or one less;
- ``drop_term``: a term of a sum or a factor of a product dropped (``a - b`` to ``a`` or
  ``-b``, ``a / b`` to ``a``, ``X @ w`` to ``X`` or ``w``);
- ``drop_call``: ``f(x, ...)`` to ``x``, and a method call ``obj.f(...)`` to ``obj``;
- ``mean_sum``: ``mean`` and ``sum`` swapped.

A formula typed as text (``dL_dw = "2*x*(w*x - y)"``) is mutated the same way inside the
text; such operators end in ``" in text"``. Only the changed span of the cell is
rewritten, so comments and layout stay as they were. Mutants come in the order of their
place in the cell, and two changes that give the same cell are one mutant.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from dataclasses import dataclass

from .notebooks import BEGIN_SOLUTION, END_SOLUTION


@dataclass(frozen=True)
class Mutant:
    """One change of a cell: how, where, the line before and after, and the new cell."""

    operator: str
    line: int  # the first line of the change, counted from 1
    original: str  # the changed line(s) as they were, stripped
    mutated: str  # the same line(s) after the change, stripped
    source: str  # the whole mutated cell


@dataclass(frozen=True)
class Edit:
    """Replace ``source[start:end]`` by ``text``."""

    start: int
    end: int
    text: str
    operator: str


SWAPPED_SIGN = {ast.Add: ("+", "-"), ast.Sub: ("-", "+")}
COMPARISONS = {
    ast.Lt: ("<", ("<=", ">")),
    ast.LtE: ("<=", ("<", ">=")),
    ast.Gt: (">", (">=", "<")),
    ast.GtE: (">=", (">", "<=")),
    ast.Eq: ("==", ("!=",)),
    ast.NotEq: ("!=", ("==",)),
}
# Nodes whose text can stand anywhere without parentheses (a written number is never
# negative: -1 is a unary minus applied to 1).
ATOMS = (
    ast.Name,
    ast.Constant,
    ast.Attribute,
    ast.Subscript,
    ast.Call,
    ast.List,
    ast.Dict,
    ast.Set,
)
MEAN_SUM = {"mean": "sum", "sum": "mean"}


# ---------------------------------------------------------------------------- the cell


def solution_lines(source: str) -> set[int]:
    """The lines (from 1) between the solution markers; every line when there are none.

    >>> sorted(solution_lines("a = 1\\n# BEGIN SOLUTION\\nb = 2\\n# END SOLUTION\\nc = 3"))
    [3]
    >>> sorted(solution_lines("a = 1\\nb = 2"))
    [1, 2]
    """
    lines = source.splitlines()
    if BEGIN_SOLUTION not in source:
        return set(range(1, len(lines) + 1))
    inside, region = False, set()
    for number, line in enumerate(lines, start=1):
        if line.strip().endswith(END_SOLUTION):
            inside = False
        if inside:
            region.add(number)
        if line.strip().endswith(BEGIN_SOLUTION):
            inside = True
    return region


def imported_names(sources: list[str]) -> frozenset[str]:
    """The names that import statements bind (``np``, ``losses`` ...): modules, not objects.

    >>> sorted(imported_names(["import numpy as np\\nfrom gdkit import losses, data"]))
    ['data', 'losses', 'np']
    """
    names = set()
    for source in sources:
        for node in ast.walk(_parse(source) or ast.Module(body=[], type_ignores=[])):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return frozenset(names)


def bound_names(source: str) -> set[str]:
    """The names a cell binds at its top level: assigned, defined, imported, loop variables.

    >>> sorted(bound_names("a, b = 1, 2\\ndef f(x):\\n    y = x\\nfor i in []:\\n    c = i"))
    ['a', 'b', 'c', 'f', 'i']
    """
    tree = _parse(source)
    return _bound(tree.body) if tree else set()


def _bound(body: list[ast.stmt]) -> set[str]:
    names: set[str] = set()
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(statement.name)
            continue
        if isinstance(statement, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in statement.names}
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
        for field in ("body", "orelse", "finalbody"):
            names |= _bound(getattr(statement, field, []) or [])
    return names


def _parse(source: str) -> ast.Module | None:
    """The cell's syntax tree, or None for what Python cannot parse (an IPython magic)."""
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


# ---------------------------------------------------------------------------- mutants


def mutants(source: str, modules: frozenset[str] = frozenset()) -> list[Mutant]:
    """Every single-point mutant of the solution part of a cell, in the order of the cell.

    ``modules`` are the names bound to modules (:func:`imported_names`): ``np.mean(x)`` is
    a function call, dropped to ``x``, while ``w.copy()`` is a method call, dropped to ``w``.

    >>> [m.mutated for m in mutants("def f(a, b):\\n    return a - b")]
    ['return -b', 'return a', 'return a + b']
    >>> [m.mutated for m in mutants('d = "2*x"')]
    ['d = "-2 * x"', 'd = "1 * x"', 'd = "2"', 'd = "x"']
    """
    tree = _parse(source)
    if tree is None:
        return []
    region, lines = solution_lines(source), source.splitlines(keepends=True)
    found: dict[str, Mutant] = {}
    for edit in sorted(_edits(tree, source, modules), key=_edit_order):
        line = _line_of(lines, edit.start)
        if line not in region:
            continue
        new = source[: edit.start] + edit.text + source[edit.end :]
        if new != source and new not in found:
            found[new] = _mutant(edit, line, source, new)
    return list(found.values())


def _edit_order(edit: Edit) -> tuple[int, int, str, str]:
    return (edit.start, -edit.end, edit.operator, edit.text)


def _mutant(edit: Edit, line: int, source: str, new: str) -> Mutant:
    """The mutant of one edit, with the line(s) it changed before and after."""
    old_lines, new_lines = source.splitlines(), new.splitlines()
    last_old = _line_of(source.splitlines(keepends=True), max(edit.end - 1, edit.start))
    last_new = last_old + edit.text.count("\n") - source[edit.start : edit.end].count("\n")
    ast.parse(new)  # a SyntaxError here is a bug of this module, not of the cell
    return Mutant(
        operator=edit.operator,
        line=line,
        original=" / ".join(s.strip() for s in old_lines[line - 1 : last_old]),
        mutated=" / ".join(s.strip() for s in new_lines[line - 1 : last_new]),
        source=new,
    )


def _line_of(lines: list[str], offset: int) -> int:
    """The line (from 1) that holds the character at ``offset``."""
    total = 0
    for number, line in enumerate(lines, start=1):
        total += len(line)
        if offset < total:
            return number
    return len(lines)


def _edits(tree: ast.AST, source: str, modules: frozenset[str]) -> Iterator[Edit]:
    """Every edit of every node of the tree (whatever its line)."""
    spans = _Spans(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        yield from _node_edits(node, spans, modules, parents.get(node))


def _node_edits(
    node: ast.AST, spans: _Spans, modules: frozenset[str], parent: ast.AST | None
) -> Iterator[Edit]:
    """The edits of one node, by the kind of node."""
    if isinstance(node, ast.BinOp):
        yield from _binop_edits(node, spans)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield Edit(*spans.span(node), spans.wrapped(node.operand), "sign")
    elif isinstance(node, ast.AugAssign) and type(node.op) in SWAPPED_SIGN:
        yield _operator_edit(spans, node.target, node.value, *SWAPPED_SIGN[type(node.op)], "sign")
    elif isinstance(node, ast.Compare):
        yield from _compare_edits(node, spans)
    elif _is_number(node):
        yield from _constant_edits(node, spans, parent)
    elif isinstance(node, ast.Subscript):
        yield from _index_edits(node, spans)
    elif isinstance(node, ast.Call):
        yield from _call_edits(node, spans, modules)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield from _text_edits(node, spans)


def _binop_edits(node: ast.BinOp, spans: _Spans) -> Iterator[Edit]:
    """``+`` and ``-`` swapped; a term of a sum or a factor of a product dropped."""
    start, end = spans.span(node)
    if type(node.op) in SWAPPED_SIGN:
        yield _operator_edit(spans, node.left, node.right, *SWAPPED_SIGN[type(node.op)], "sign")
    if isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.MatMult | ast.Div):
        yield Edit(start, end, spans.wrapped(node.left), "drop_term")
    if isinstance(node.op, ast.Add | ast.Mult | ast.MatMult):
        yield Edit(start, end, spans.wrapped(node.right), "drop_term")
    if isinstance(node.op, ast.Sub):
        yield Edit(start, end, f"-{spans.wrapped(node.right)}", "drop_term")


def _compare_edits(node: ast.Compare, spans: _Spans) -> Iterator[Edit]:
    lefts = [node.left, *node.comparators[:-1]]
    for left, op, right in zip(lefts, node.ops, node.comparators, strict=True):
        if type(op) in COMPARISONS:
            symbol, others = COMPARISONS[type(op)]
            for other in others:
                yield _operator_edit(spans, left, right, symbol, other, "comparison")


def _operator_edit(
    spans: _Spans, left: ast.AST, right: ast.AST, symbol: str, new: str, operator: str
) -> Edit:
    """Replace the operator ``symbol`` written between two nodes by ``new``."""
    gap_start, gap_end = spans.span(left)[1], spans.span(right)[0]
    at = gap_start + _code_part(spans.source[gap_start:gap_end]).index(symbol)
    return Edit(at, at + len(symbol), new, operator)


def _code_part(gap: str) -> str:
    """The text between two operands, comments blanked out (same length)."""
    return "\n".join(
        line.split("#")[0].ljust(len(line)) if "#" in line else line for line in gap.split("\n")
    )


def _is_number(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    )


def _constant_edits(node: ast.Constant, spans: _Spans, parent: ast.AST | None) -> Iterator[Edit]:
    """0 to 1, 1 to 2, 2 to 1, and x to -x (unless a unary minus already stands before)."""
    value, span = node.value, spans.span(node)
    if value == 0:
        yield Edit(*span, repr(type(value)(1)), "constant")
        return
    if value in (1, 2):
        yield Edit(*span, repr(type(value)(3 - value)), "constant")
    if not (isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.USub)):
        powered = isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Pow)
        negative = repr(-value)
        # -2 ** x is -(2 ** x): a negated base needs parentheses, an exponent does not.
        yield Edit(
            *span, f"({negative})" if powered and parent.left is node else negative, "constant"
        )


def _index_edits(node: ast.Subscript, spans: _Spans) -> Iterator[Edit]:
    """Each index and slice bound of a subscript one more and one less."""
    indices = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    for index in indices:
        bounds = [index.lower, index.upper] if isinstance(index, ast.Slice) else [index]
        for bound in bounds:
            if bound is not None and _is_index(bound):
                yield from _plus_minus_one(bound, spans)


def _is_index(node: ast.AST) -> bool:
    """An integer or an expression that computes one (not a key, None or a mask)."""
    if isinstance(node, ast.Constant):
        return _is_number(node) and isinstance(node.value, int)
    return not isinstance(node, ast.Compare | ast.BoolOp | ast.Slice | ast.Starred)


def _plus_minus_one(node: ast.AST, spans: _Spans) -> Iterator[Edit]:
    """``node`` one more and one less: a new literal for an integer, ``+ 1`` otherwise."""
    literal = _integer_literal(node)
    for step in (1, -1):
        if literal is not None:
            text = repr(literal + step)  # in brackets or a call: no parentheses needed
        else:
            text = f"{spans.wrapped(node)} {'+' if step > 0 else '-'} 1"
        yield Edit(*spans.span(node), text, "off_by_one")


def _integer_literal(node: ast.AST) -> int | None:
    """The value of ``3`` or ``-3``; None for anything else."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _integer_literal(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.Constant) and _is_number(node) and isinstance(node.value, int):
        return node.value
    return None


def _call_edits(node: ast.Call, spans: _Spans, modules: frozenset[str]) -> Iterator[Edit]:
    """The end of a range off by one, ``mean`` for ``sum`` and back, the call dropped."""
    func = node.func
    if isinstance(func, ast.Name) and func.id == "range":
        if node.args and not node.keywords:
            yield from _plus_minus_one(node.args[min(1, len(node.args) - 1)], spans)
        return
    if isinstance(func, ast.Attribute) and func.attr in MEAN_SUM:
        text = f"{spans.text(func.value)}.{MEAN_SUM[func.attr]}"
        yield Edit(*spans.span(func), text, "mean_sum")
    method = isinstance(func, ast.Attribute) and not (
        isinstance(func.value, ast.Name) and func.value.id in modules
    )
    if method:
        yield Edit(*spans.span(node), spans.wrapped(func.value), "drop_call")
    elif node.args and not isinstance(node.args[0], ast.Starred):
        yield Edit(*spans.span(node), spans.wrapped(node.args[0]), "drop_call")


def _text_edits(node: ast.Constant, spans: _Spans) -> Iterator[Edit]:
    """Mutants of a formula typed as text, inside the text: ``"2*x"`` to ``"1 * x"`` ..."""
    literal = spans.text(node)
    if "\n" in literal or _literal_value(literal) != node.value:
        return  # implicit concatenation, a docstring ...: not one formula
    formula = node.value.strip()
    tree = _formula_tree(formula)
    if tree is None:
        return
    for edit in _edits(tree, formula, frozenset()):
        new = formula[: edit.start] + edit.text + formula[edit.end :]
        new = ast.unparse(ast.parse(new, mode="eval"))  # the same spacing for every mutant
        yield Edit(*spans.span(node), json.dumps(new), f"{edit.operator} in text")


def _formula_tree(text: str) -> ast.Expression | None:
    """The formula's syntax tree; None if the text is no formula (a name, a sentence)."""
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return None
    return None if isinstance(tree.body, ast.Name) else tree


def _literal_value(literal: str) -> object:
    try:
        return ast.literal_eval(literal)
    except (ValueError, SyntaxError):
        return None


class _Spans:
    """Where nodes lie in the source, as character offsets (ast counts UTF-8 bytes)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = source.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, line: int, byte: int) -> int:
        return self.starts[line - 1] + len(self.lines[line - 1].encode()[:byte].decode())

    def span(self, node: ast.AST) -> tuple[int, int]:
        start = self.offset(node.lineno, node.col_offset)
        return start, self.offset(node.end_lineno, node.end_col_offset)

    def text(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.source[start:end]

    def wrapped(self, node: ast.AST) -> str:
        """The node's text, in parentheses unless it can stand anywhere without them."""
        text = self.text(node)
        return text if isinstance(node, ATOMS) else f"({text})"


def spread(items: list, cap: int) -> list:
    """At most ``cap`` of the items, evenly spread over the list (all when there are fewer).

    >>> spread(list(range(10)), 4)
    [0, 2, 5, 7]
    """
    if len(items) <= cap:
        return list(items)
    return [items[i * len(items) // cap] for i in range(cap)]
