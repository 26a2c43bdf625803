"""Plain functions the pipeline tests use to find, read, compare and grade notebooks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
COURSE = ROOT / "course"

# Built from pieces so that this file never holds nbgrader's markers itself.
MARKERS = tuple(
    f"{edge} {kind}" for edge in ("BEGIN", "END") for kind in ("SOLUTION", "HIDDEN TESTS")
)


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
        if meta.get("grade") and not meta.get("solution") and not meta.get("locked"):
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
            if cell.cell_type == "code" and not meta.get("solution") and not meta.get("locked"):
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


def is_test_cell(cell: nbformat.NotebookNode) -> bool:
    """An autograded test cell: graded, and not a student's answer."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def new_course(root: Path, assignment: str) -> Path:
    """A throwaway course (the config and one assignment's solutions) to run nbgrader in."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(SOLUTIONS / assignment, root / "solutions" / assignment)
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
