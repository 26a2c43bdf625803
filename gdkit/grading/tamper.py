"""Find code in a submission that changes the tools its tests rely on.

A student's cell that replaces ``np.isclose``, a builtin, gdkit's checks or the test
helpers (``exercises.check_mse = ...``) could make a wrong answer pass. gdkit's checks
refuse to run once NumPy or the builtins they use were replaced (a test then fails with
kind ``"tampered"``); this scan finds the attempts in the source, so that the submission is
flagged for the instructor whatever its score. It reads code, never runs it.

>>> suspicious("np.isclose = lambda *a, **k: True")
['line 1: changes np.isclose']
>>> suspicious("w = np.zeros(3)\\nw[0] = 1")
[]
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat

__all__ = ["edited_locked_cells", "is_tampering", "suspicious", "suspicious_cells"]

#: Names whose attributes a student's code has no business changing.
GUARDED = {"np", "numpy", "gdkit", "checks", "exercises", "losses", "builtins", "sys", "math"}
#: Calls that change or reach behind Python's namespaces.
CALLS = {"setattr", "delattr", "__import__", "exec", "eval", "compile", "globals"}


def _root(node: ast.AST) -> str | None:
    """The leftmost name of ``a.b.c`` (``a``), if it is a plain name."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # very unusual syntax trees
        return "an attribute"


def _aliases(tree: ast.AST) -> set[str]:
    """Names the code gives to guarded modules: ``import gdkit.checks as gc`` guards gc."""
    roots = {"numpy", "gdkit", "builtins", "sys", "math"}
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {
                a.asname or a.name.split(".")[0]
                for a in node.names
                if a.name.split(".")[0] in roots
            }
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in roots:
            names |= {a.asname or a.name for a in node.names}
    return names


def suspicious(source: str) -> list[str]:
    """What in ``source`` changes guarded modules or builtins, one line each.

    >>> suspicious("import builtins\\nbuiltins.len = lambda x: 0")
    ['line 1: imports builtins', 'line 2: changes builtins.len']
    >>> suspicious("import gdkit.checks as gc\\ngc.assert_close = print")
    ['line 2: changes gc.assert_close']
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []  # IPython magics and the like: nothing Python to read here
    guarded = GUARDED | _aliases(tree)
    found = []
    for node in ast.walk(tree):
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        for target in targets:
            if isinstance(target, ast.Attribute | ast.Subscript) and _root(target) in guarded:
                found.append(f"line {node.lineno}: changes {_dotted(target)}")
            if isinstance(target, ast.Name) and target.id in {"np", "numpy", "checks", "exercises"}:
                found.append(f"line {node.lineno}: rebinds {target.id}")
        if isinstance(node, ast.Name) and node.id == "__builtins__":
            found.append(f"line {node.lineno}: uses __builtins__")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CALLS:
            found.append(f"line {node.lineno}: calls {node.func.id}()")
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names]
            module = getattr(node, "module", None) or ""
            mocking = module == "unittest.mock" or (module == "unittest" and "mock" in names)
            if "builtins" in names or module == "builtins" or mocking or "unittest.mock" in names:
                found.append(f"line {node.lineno}: imports {module or ', '.join(names)}")
    return sorted(set(found), key=lambda line: int(line.split(":")[0].split()[1]))


def suspicious_cells(path: Path) -> list[str]:
    """The suspicious lines of a submitted notebook's cells, with the cell they are in.

    Locked cells (the course's own code and tests) are skipped: nbgrader restores them.

    >>> suspicious_cells(Path("submitted/ann/01/hw.ipynb"))  # doctest: +SKIP
    ['hw.ipynb, sigmoid, line 3: changes np.isclose']
    """
    nb = nbformat.read(path, as_version=4)
    found = []
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("locked"):
            continue
        label = meta.get("grade_id") or f"cell {index + 1}"
        found += [f"{path.name}, {label}, {line}" for line in suspicious(cell.source)]
    return found


def edited_locked_cells(path: Path, release_path: Path) -> list[str]:
    """Locked cells of the release (tests, the course's code) that the submission changed.

    nbgrader puts them back before grading, so this costs no points; but a test cell
    edited or deleted on purpose is worth the instructor's look.

    >>> edited_locked_cells(Path("submitted/ann/01/hw.ipynb"), Path("release/01/hw.ipynb"))  # doctest: +SKIP
    ["hw.ipynb: the locked cell 'test_mse' was edited (nbgrader put it back)"]
    """
    released = nbformat.read(release_path, as_version=4)
    submitted = {
        (c.metadata.get("nbgrader") or {}).get("grade_id"): c
        for c in nbformat.read(path, as_version=4).cells
    }
    found = []
    for cell in released.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("locked") and meta.get("grade")):
            continue  # only graded locked cells (tests): read-only prose is not worth a flag
        grade_id = meta["grade_id"]
        mine = submitted.get(grade_id)
        if mine is None:
            found.append(
                f"{path.name}: the test cell {grade_id!r} was deleted (nbgrader put it back)"
            )
        elif mine.source != cell.source or mine.cell_type != cell.cell_type:
            found.append(
                f"{path.name}: the test cell {grade_id!r} was edited (nbgrader put it back)"
            )
    return found


def is_tampering(flag: str) -> bool:
    """Whether a flag is code that changes what the tests rely on (not an edited test).

    Such a submission earns no automatic points; the instructor grades it by hand.

    >>> is_tampering("hw.ipynb, mse, line 3: rebinds exercises")
    True
    >>> is_tampering("hw.ipynb: the test cell 'test_mse' was edited (nbgrader put it back)")
    False
    """
    return any(word in flag for word in (": changes ", ": rebinds ", "__builtins__", ": imports "))
