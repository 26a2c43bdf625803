"""Plain functions the pipeline tests use to find, read, compare and grade notebooks."""

from __future__ import annotations

import ast
import io
import os
import re
import shutil
import subprocess
import sys
import tokenize
from itertools import pairwise
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
COURSE = ROOT / "course"

# Built from pieces so that this file never holds nbgrader's markers itself.
MARKERS = tuple(
    f"{edge} {kind}" for edge in ("BEGIN", "END") for kind in ("SOLUTION", "HIDDEN TESTS")
)
BEGIN_SOLUTION, _, END_SOLUTION, _ = MARKERS
# What `python3 run.py release` runs: every assignment of solutions/ into course/.
RELEASE = ("generate_assignment", "*", "--force")


def assignments() -> list[str]:
    """Every assignment: each folder of solutions/ that holds a notebook."""
    return sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def notebooks(folder: Path) -> list[Path]:
    """The notebooks of one assignment folder, checkpoints excluded."""
    return sorted(p for p in folder.glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def nbgrader_meta(cell: nbformat.NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_test_cell(cell: nbformat.NotebookNode) -> bool:
    """An autograded test cell: graded, and not a student's answer."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def output_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Cells that carry outputs or execution counts (notebooks are stored clean)."""
    return [
        f"cell {i} has stored outputs"
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]


def release_problems(nb: nbformat.NotebookNode) -> list[str]:
    """What must never reach a student: markers, hidden tests, outputs, unlocked tests."""
    problems = output_problems(nb)
    for i, cell in enumerate(nb.cells):
        found = [m for m in MARKERS if m in cell.source]
        if found:
            problems.append(f"cell {i} holds {', '.join(found)}")
        meta = nbgrader_meta(cell)
        if is_test_cell(cell) and not meta.get("locked"):
            problems.append(f"test cell {meta.get('grade_id')} is not locked")
    return problems


def source_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Mistakes in an instructor notebook that nbgrader would not catch by itself."""
    problems = output_problems(nb)
    grade_ids = []
    for i, cell in enumerate(nb.cells):
        meta = nbgrader_meta(cell)
        if any(m in cell.source for m in MARKERS) and not (
            meta.get("solution") or meta.get("grade")
        ):
            problems.append(f"cell {i} names an nbgrader marker outside a solution or test cell")
        if not meta:
            continue
        grade_ids.append(meta.get("grade_id"))
        if meta.get("grade"):
            if not meta.get("points"):
                problems.append(f"graded cell {meta.get('grade_id')} has no points")
            if is_test_cell(cell) and not meta.get("locked"):
                problems.append(f"test cell {meta.get('grade_id')} is not locked")
    duplicates = {g for g in grade_ids if grade_ids.count(g) > 1}
    if duplicates:
        problems.append(f"duplicate grade ids: {sorted(duplicates)}")
    return problems


def cell_differences(expected: nbformat.NotebookNode, got: nbformat.NotebookNode) -> list[str]:
    """Where two notebooks differ, cell by cell (type, source, metadata, outputs)."""
    if len(expected.cells) != len(got.cells):
        return [f"{len(got.cells)} cells instead of {len(expected.cells)}"]
    fields = ("cell_type", "source", "metadata", "outputs")
    return [
        f"cell {i} ({nbgrader_meta(a).get('grade_id', a.cell_type)}) differs in {field}"
        for i, (a, b) in enumerate(zip(expected.cells, got.cells, strict=True))
        for field in fields
        if a.get(field) != b.get(field)
    ]


Token = tuple[int, str]  # (tokenize type, text)

# What comes before the part of a statement that computes something.
LEADING_KEYWORDS = {"return", "yield", "if", "elif", "while", "assert"}
ASSIGNMENT_OPERATORS = {"=", "+=", "-=", "*=", "/=", "//=", "%=", "@=", "**=", "|=", "&=", ":="}
# Punctuation that only arranges what is there; every other operator computes.
ARRANGEMENT = {"(", ")", "[", "]", "{", "}", ",", ".", ";", "->", "..."}
OPENING, CLOSING = set("([{"), set(")]}")
OPERATOR_WORDS = {"and", "or", "not", "in", "is", "if", "else", "lambda", "for", "await"}
FORMULA = re.compile(r"[-+*/^=<>()]")


def statements(source: str) -> list[tuple[int, tuple[Token, ...]]]:
    """The statements of a cell as (first line, tokens), without comments or layout.

    A function is named without its module, so that ``losses.log_loss(w)`` and
    ``log_loss(w)`` read the same.

    >>> [(line, [text for _, text in tokens]) for line, tokens in statements("a = np.f(x)  # f\\nb")]
    [(1, ['a', '=', 'f', '(', 'x', ')']), (2, ['b'])]
    """
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT}
    found: list[tuple[int, tuple[Token, ...]]] = []
    current: list[Token] = []
    start = 0
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                if current:
                    found.append((start, tuple(current)))
                current = []
            elif tok.type not in skipped:
                if tok.string in CLOSING and current and current[-1][1] == ",":
                    current.pop()  # the formatter's trailing comma: [a, b,] is [a, b]
                while tok.string == "(" and _qualified(current):
                    del current[-3:-1]
                start = start if current else tok.start[0]
                current.append((tok.type, tok.string))
    except (tokenize.TokenError, SyntaxError):  # an IPython magic, say: keep what came before
        pass
    return found


def _qualified(tokens: list[Token]) -> bool:
    """Do the tokens end in ``module.name``?"""
    kinds = [kind for kind, _ in tokens[-3:]]
    return kinds == [tokenize.NAME, tokenize.OP, tokenize.NAME] and tokens[-2][1] == "."


def _computed_part(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """What a statement computes: no leading return, if ..., assignment target, final : or ,."""
    depth, start = 0, 0
    for i, (_, text) in enumerate(tokens):
        depth += (text in OPENING) - (text in CLOSING)
        if depth == 0 and text in ASSIGNMENT_OPERATORS:
            start = i + 1
    part = tokens[start:]
    if start == 0 and part and part[0][1] in LEADING_KEYWORDS:
        part = part[1:]
    while part and part[-1][1] in (":", ","):
        part = part[:-1]
    return part


def _computes(part: tuple[Token, ...]) -> bool:
    """Does it hold an operator, a call, an index or a formula typed as text?"""
    for (before_type, before), (kind, text) in pairwise(((0, ""), *part)):
        called = text in ("(", "[") and (before_type == tokenize.NAME or before in (")", "]"))
        if called and before not in OPERATOR_WORDS | LEADING_KEYWORDS:
            return True
        if kind == tokenize.OP and text not in ARRANGEMENT:
            return True
        if kind == tokenize.NAME and text in OPERATOR_WORDS and before:
            return True
        if kind == tokenize.STRING and FORMULA.search(_string_value(text)):
            return True
    return False


def _string_value(literal: str) -> str:
    try:
        return str(ast.literal_eval(literal))
    except (ValueError, SyntaxError):  # an f-string: its text is not an answer
        return ""


def _solution_statements(cell: nbformat.NotebookNode) -> list[tuple[str, tuple[str, ...]]]:
    """The solution's statements that compute something, as (line, what it computes).

    The solution is what lies between the solution markers of a solution cell, or the whole
    cell when it has none (nbgrader then replaces all of it).
    """
    if cell.cell_type != "code" or not nbgrader_meta(cell).get("solution"):
        return []
    lines = cell.source.splitlines()
    inside, region = BEGIN_SOLUTION not in cell.source, set()
    for number, line in enumerate(lines, start=1):
        if line.strip().endswith(END_SOLUTION):
            inside = False
        if inside:
            region.add(number)
        if line.strip().endswith(BEGIN_SOLUTION):
            inside = True
    found = []
    for line, tokens in statements(cell.source):
        part = _computed_part(tokens)
        if line in region and _computes(part):
            found.append((lines[line - 1].strip(), tuple(text for _, text in part)))
    return found


def solutions_in_tests(nb: nbformat.NotebookNode) -> list[str]:
    """Test cells that hold a statement of a solution (hidden parts too: feedback shows them).

    Of each statement of a solution, only the part that computes something is looked for:
    without a leading ``return``, ``if``, ``elif``, ``while``, ``yield`` or ``assert``, without
    its assignment target, comment and final ``:``. It counts if it holds an operator, a
    call, an index or a formula typed as text: ``return X @ w`` is looked for as ``X @ w``,
    ``dL_dw = "2*x*(w*x - y)"`` as its string. Generic ones do not count: ``return weights,
    reason``, ``w = w0``, ``eta = 0.01`` (a number is also a test's input), ``else:``,
    ``break``, imports. It is found when its tokens appear in that order within one statement
    of a test cell, whatever the spacing, line breaks or module names of functions:
    ``np.mean(losses.sigmoid(X @ w))`` holds ``mean(sigmoid(X @ w))``, while ``X_demo @ w``
    does not hold ``X @ w``.
    """
    solutions = [found for cell in nb.cells for found in _solution_statements(cell)]
    problems = []
    for cell in filter(is_test_cell, nb.cells):
        lines = cell.source.splitlines()
        for line, tokens in statements(cell.source):
            texts = tuple(text for _, text in tokens)
            for solution, part in solutions:
                if _holds(texts, part):
                    problems.append(
                        f"{nbgrader_meta(cell).get('grade_id')}, line {line}: "
                        f"{lines[line - 1].strip()!r} holds the solution's {solution!r}"
                    )
    return problems


def _holds(tokens: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(tokens[i : i + len(part)] == part for i in range(len(tokens) - len(part) + 1))


def new_course(root: Path) -> Path:
    """A throwaway course (the config and solutions/) to run nbgrader in."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(SOLUTIONS, root / "solutions", ignore=shutil.ignore_patterns(".*"))
    return root


def nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the nbgrader command line in a course folder; raise with its log if it fails."""
    # nbgrader runs `alembic` from PATH: put this environment's scripts first.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=root, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def lab_extensions() -> dict[str, str]:
    """`jupyter labextension list`, as {extension name: "enabled OK", "disabled", ...}."""
    proc = subprocess.run(
        [sys.executable, "-m", "jupyter", "labextension", "list"], capture_output=True, text=True
    )
    listed, _, disabled = ANSI.sub("", proc.stdout + proc.stderr).partition("Disabled extensions:")
    status = {}
    for line in listed.splitlines():
        name, *rest = line.split() or [""]
        if name.startswith("@") and len(rest) >= 3:  # name version enabled|disabled OK|X
            status[name] = " ".join(rest[1:3])
    for line in disabled.splitlines():
        if line.split() and line.split()[0] in status:
            status[line.split()[0]] = "disabled"
    return status
