"""Repair what is an accident in a submitted notebook, before nbgrader grades it.

Students' notebooks arrive with the marks of ordinary editing: a cell copied and pasted
(two cells with one grade id crash nbgrader's autograde), cell ids lost or repeated by
another editor, nbgrader's metadata stripped from a cell. These are repaired, and each
repair is described in a sentence for the instructor. What cannot be graded at all (not
JSON, not a notebook) raises :class:`Ungradable` with the reason, never a silent zero.

Nothing here makes a wrong answer right: test cells are restored from the gradebook by
nbgrader anyway; a repair only lets that happen.
"""

from __future__ import annotations

import json
import uuid
import warnings
from pathlib import Path

import nbformat
from nbformat import NotebookNode

__all__ = ["Ungradable", "read_submission", "repair", "repair_file"]


class Ungradable(Exception):
    """A submission that cannot be graded; the message says why, for the instructor.

    >>> str(Ungradable("hw.ipynb: not JSON"))
    'hw.ipynb: not JSON'
    """


def _grade_id(cell: NotebookNode) -> str | None:
    return (cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id")


def read_submission(path: Path) -> NotebookNode:
    """Read a submitted notebook, or raise :class:`Ungradable` saying what is wrong with it.

    >>> read_submission(Path("/nonexistent/x.ipynb"))
    Traceback (most recent call last):
    ...
    gdkit.grading.repair.Ungradable: x.ipynb: no such file
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise Ungradable(f"{path.name}: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise Ungradable(f"{path.name}: cannot be read ({err})") from None
    try:
        content = json.loads(text)
    except json.JSONDecodeError as err:
        raise Ungradable(
            f"{path.name}: not a notebook, its text is not valid JSON (truncated or edited "
            f"as text?): {err}"
        ) from None
    if not isinstance(content, dict) or "cells" not in content:
        raise Ungradable(f"{path.name}: valid JSON, but not a Jupyter notebook (no cells)")
    try:
        with warnings.catch_warnings():  # repeated cell ids: repaired below, no need to warn
            warnings.simplefilter("ignore")
            return nbformat.reads(text, as_version=4)
    except Exception as err:  # nbformat raises several kinds for malformed notebooks
        raise Ungradable(f"{path.name}: not a readable Jupyter notebook ({err})") from None


def _duplicate_note(grade_id: str, sources: list[str], kept: int, released: str | None) -> str:
    """Say which copy of a repeated cell was kept, and whether the others differed.

    >>> _duplicate_note("f", ["x = 1", "x = 2"], 1, "# YOUR CODE HERE")
    "cell 'f' appeared 2 times (copied and pasted?): the copies differed; kept copy 2 of 2 (the last one changed from the release), dropped copy 1"
    >>> _duplicate_note("f", ["x = 1", "x = 2", "# YOUR CODE HERE"], 1, "# YOUR CODE HERE")
    "cell 'f' appeared 3 times (copied and pasted?): the copies differed; kept copy 2 of 3 (the last one changed from the release), dropped copies 1, 3"
    >>> _duplicate_note("f", ["x = 1", "x = 1"], 1, "# YOUR CODE HERE")
    "cell 'f' appeared 2 times (copied and pasted?): the copies were identical; kept one"
    """
    head = f"cell {grade_id!r} appeared {len(sources)} times (copied and pasted?): "
    if len(set(sources)) == 1:
        return head + "the copies were identical; kept one"
    which = "changed from the release" if sources[kept] != released else "as released"
    dropped = [str(i + 1) for i in range(len(sources)) if i != kept]
    return (
        f"{head}the copies differed; kept copy {kept + 1} of {len(sources)} (the last one "
        f"{which}), dropped {'copy' if len(dropped) == 1 else 'copies'} {', '.join(dropped)}"
    )


def _drop_duplicates(nb: NotebookNode, release: NotebookNode) -> list[str]:
    """Keep one cell per grade id: the last copy that differs from the release, else the last."""
    released = {_grade_id(c): c.source for c in release.cells if _grade_id(c)}
    copies: dict[str, list[int]] = {}
    for index, cell in enumerate(nb.cells):
        if _grade_id(cell):
            copies.setdefault(_grade_id(cell), []).append(index)
    drop: set[int] = set()
    notes = []
    for grade_id, indices in copies.items():
        if len(indices) < 2:
            continue
        edited = [i for i in indices if nb.cells[i].source != released.get(grade_id)]
        keep = (edited or indices)[-1]
        drop |= set(indices) - {keep}
        sources = [nb.cells[i].source for i in indices]
        notes.append(
            _duplicate_note(grade_id, sources, indices.index(keep), released.get(grade_id))
        )
    nb.cells = [cell for index, cell in enumerate(nb.cells) if index not in drop]
    return notes


def _restore_metadata(nb: NotebookNode, release: NotebookNode) -> list[str]:
    """Give back nbgrader's metadata to cells that lost it but are found by their source.

    A locked cell (a test, read-only text) is found by its exact released source; a
    student's answer cell, which changed, only by its place: the one cell without
    metadata between the released neighbours that were found.
    """
    present = {_grade_id(c) for c in nb.cells if _grade_id(c)}
    notes = []
    for position, released in enumerate(release.cells):
        grade_id = _grade_id(released)
        if not grade_id or grade_id in present:
            continue
        match = next(
            (
                c
                for c in nb.cells
                if not _grade_id(c)
                and c.cell_type == released.cell_type
                and c.source == released.source
            ),
            None,
        )
        if match is None and released.metadata["nbgrader"].get("solution"):
            match = _answer_between(nb, release, position)
        if match is not None:
            match.metadata["nbgrader"] = dict(released.metadata["nbgrader"])
            present.add(grade_id)
            notes.append(f"cell {grade_id!r} had lost its nbgrader metadata: restored")
    return notes


def _answer_between(nb: NotebookNode, release: NotebookNode, position: int) -> NotebookNode | None:
    """The only metadata-less cell of the right type between the found neighbours, if one."""
    before = {_grade_id(c) for c in release.cells[:position] if _grade_id(c)}
    after = {_grade_id(c) for c in release.cells[position + 1 :] if _grade_id(c)}
    start = max((i for i, c in enumerate(nb.cells) if _grade_id(c) in before), default=-1)
    stop = min((i for i, c in enumerate(nb.cells) if _grade_id(c) in after), default=len(nb.cells))
    kind = release.cells[position].cell_type
    candidates = [c for c in nb.cells[start + 1 : stop] if not _grade_id(c) and c.cell_type == kind]
    return candidates[0] if len(candidates) == 1 else None


def _unique_cell_ids(nb: NotebookNode) -> list[str]:
    seen: set[str] = set()
    fixed = 0
    for cell in nb.cells:
        if not cell.get("id") or cell["id"] in seen:
            cell["id"] = uuid.uuid4().hex[:8]
            fixed += 1
        seen.add(cell["id"])
    return [f"{fixed} cell id(s) missing or repeated: renewed"] if fixed else []


def repair(nb: NotebookNode, release: NotebookNode) -> list[str]:
    """Repair ``nb`` in place against the released notebook; say what was repaired.

    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> def cell(grade_id, source):
    ...     return new_code_cell(source, metadata={"nbgrader": {"grade_id": grade_id,
    ...         "solution": True, "grade": False, "locked": False}})
    >>> release = new_notebook(cells=[cell("f", "# YOUR CODE HERE")])
    >>> submitted = new_notebook(cells=[cell("f", "x = 1"), cell("f", "x = 2")])
    >>> repair(submitted, release)
    ["cell 'f' appeared 2 times (copied and pasted?): the copies differed; kept copy 2 of 2 (the last one changed from the release), dropped copy 1"]
    >>> [c.source for c in submitted.cells]
    ['x = 2']
    """
    notes = _drop_duplicates(nb, release)
    notes += _restore_metadata(nb, release)
    if nb.nbformat == 4 and nb.nbformat_minor >= 5:
        notes += _unique_cell_ids(nb)
    return notes


def repair_file(path: Path, release_path: Path) -> list[str]:
    """Repair the submitted notebook at ``path`` in place (written back only if changed).

    >>> repair_file(Path("submitted/ann/01/hw.ipynb"), Path("release/01/hw.ipynb"))  # doctest: +SKIP
    ["hw.ipynb: cell 'mse' appeared 2 times (copied and pasted?): the copies were identical; kept one"]
    """
    nb = read_submission(path)
    notes = repair(nb, nbformat.read(release_path, as_version=4))
    if notes:
        nbformat.write(nb, path)
    return notes
