"""One student's grading, as a job that can run anywhere: files in, files out.

A :class:`Bundle` holds everything nbgrader needs to autograde one submission (the
course's config, a copy of the gradebook, the assignment's source files and the student's
files) as bytes; :func:`grade_bundle` unpacks it in a fresh folder, repairs accidents,
runs ``nbgrader autograde`` for that student alone in its own process group under a
memory and time limit, and returns an :class:`Outcome` with the autograded files and the
gradebook as bytes. Because nothing is shared, a broken or hostile submission affects only
its own outcome, and the job can run on another machine (a Dask worker, say).
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from gdkit.grading import sandbox
from gdkit.grading.launcher import run_nbgrader
from gdkit.grading.repair import Ungradable, repair_file
from gdkit.grading.tamper import edited_locked_cells, suspicious_cells

__all__ = ["Bundle", "Files", "Limits", "Outcome", "grade_bundle", "pack", "unpack"]

Files = dict[str, bytes]


@dataclass(frozen=True)
class Limits:
    """Per-student limits: wall-clock seconds for the whole notebook, memory per process.

    >>> Limits(seconds=120).memory_bytes // 2**30
    4
    """

    seconds: float = 600.0
    memory_bytes: int = 4 * 2**30


@dataclass(frozen=True)
class Bundle:
    """What one student's grading needs, as relative paths and bytes.

    >>> Bundle("01", "ann", b"", b"", source={}, release={}, submitted={"a.ipynb": b"{}"}).student
    'ann'
    """

    assignment: str
    student: str
    config: bytes  # nbgrader_config.py
    gradebook: bytes  # a copy of the SQLite gradebook
    source: Files  # the assignment's source folder
    release: Files  # the released notebooks, to repair against
    submitted: Files  # the student's folder
    limits: Limits = field(default_factory=Limits)
    sandbox: bool = True  # run the kernel in bubblewrap (see gdkit.grading.sandbox)
    hide: tuple[str, ...] = ()  # what the sandboxed kernel must not see (the course's files)


@dataclass(frozen=True)
class Outcome:
    """How one student's grading went.

    ``status`` is ``"graded"``, ``"failed"`` (nbgrader could not finish: see ``reason`` and
    ``log``) or ``"ungradable"`` (nothing to grade: see ``reason``). ``repairs`` lists what
    was repaired first; ``flags`` the code that changes what the tests rely on
    (:mod:`~gdkit.grading.tamper`), for the instructor to look at.

    >>> Outcome("ann", "ungradable", "no notebook").status
    'ungradable'
    """

    student: str
    status: str
    reason: str = ""
    repairs: tuple[str, ...] = ()
    log: str = ""
    autograded: Files = field(default_factory=dict)
    gradebook: bytes = b""
    flags: tuple[str, ...] = ()


def pack(folder: Path) -> Files:
    """Every file under ``folder`` as relative path -> bytes (empty if there is none).

    >>> pack(Path("/nonexistent"))
    {}
    """
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".ipynb_checkpoints" not in p.parts
    }


def unpack(files: Files, folder: Path) -> None:
    """Write ``files`` (from :func:`pack`) under ``folder``, never outside it.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> unpack({"a/b.txt": b"hi"}, folder)
    >>> pack(folder)
    {'a/b.txt': b'hi'}
    >>> unpack({"../evil.txt": b"x"}, folder)
    Traceback (most recent call last):
    ...
    ValueError: refusing to write outside ...
    """
    for relative, content in files.items():
        target = folder / relative
        if folder.resolve() not in target.resolve().parents:
            raise ValueError(f"refusing to write outside {folder}: {relative}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _repair(bundle: Bundle, submitted: Path, release: Path) -> list[str]:
    notebooks = sorted(name for name in bundle.release if name.endswith(".ipynb"))
    present = [name for name in notebooks if (submitted / name).exists()]
    if not present:
        handed_in = ", ".join(sorted(bundle.submitted)) or "nothing"
        expected = ", ".join(notebooks)
        raise Ungradable(
            f"none of the assignment's notebooks was handed in (found: {handed_in}; expected: "
            f"{expected}). If one of them is the notebook under another name, rename it in "
            "submitted/ and grade this student again with --student"
        )
    notes = []
    for name in present:
        notes += [f"{name}: {note}" for note in repair_file(submitted / name, release / name)]
    return notes


def grade_bundle(bundle: Bundle) -> Outcome:
    """Autograde one student's bundle in a fresh folder; never raises for the student's sake.

    >>> release = {"hw.ipynb": b"{}"}
    >>> grade_bundle(Bundle("01", "ann", b"", b"", {}, release, {"notes.txt": b"hi"})).reason
    "none of the assignment's notebooks was handed in (found: notes.txt; expected: hw.ipynb). ..."
    """
    with tempfile.TemporaryDirectory(prefix=f"gdkit-{bundle.student}-") as tmp:
        root = Path(tmp)
        (root / "nbgrader_config.py").write_bytes(bundle.config)
        (root / "gradebook.db").write_bytes(bundle.gradebook)
        unpack(bundle.source, root / "source" / bundle.assignment)
        unpack(bundle.release, root / "release" / bundle.assignment)
        submitted = root / "submitted" / bundle.student / bundle.assignment
        submitted.mkdir(parents=True)
        unpack(bundle.submitted, submitted)
        try:
            repairs = _repair(bundle, submitted, root / "release" / bundle.assignment)
        except Ungradable as err:
            return Outcome(bundle.student, "ungradable", str(err))
        notebooks = [n for n in sorted(bundle.release) if n.endswith(".ipynb")]
        handed_in = [n for n in notebooks if (submitted / n).exists()]
        release = root / "release" / bundle.assignment
        flags = tuple(line for n in handed_in for line in suspicious_cells(submitted / n))
        flags += tuple(
            line for n in handed_in for line in edited_locked_cells(submitted / n, release / n)
        )
        status, reason, log = _autograde(bundle, root)
        autograded = pack(root / "autograded" / bundle.student / bundle.assignment)
        return Outcome(
            bundle.student,
            status,
            reason,
            tuple(repairs),
            log,
            autograded,
            (root / "gradebook.db").read_bytes() if status == "graded" else b"",
            flags,
        )


def _autograde(bundle: Bundle, root: Path) -> tuple[str, str, str]:
    args = [
        "autograde",
        bundle.assignment,
        "--student",
        bundle.student,
        "--force",
        f"--CourseDirectory.root={root}",
        "--CourseDirectory.source_directory=source",
        "--CourseDirectory.release_directory=release",
        "--CourseDirectory.submitted_directory=submitted",
        "--CourseDirectory.autograded_directory=autograded",
        f"--CourseDirectory.db_url=sqlite:///{root / 'gradebook.db'}",
    ]
    # nbgrader runs `alembic` from PATH: this interpreter's scripts come first
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    if bundle.sandbox:
        workdir = root / "autograded" / bundle.student / bundle.assignment
        extra_env, config = sandbox.prepare(root, workdir, [Path(p) for p in bundle.hide])
        env.update(extra_env)
        with (root / "nbgrader_config.py").open("a") as handle:
            handle.write(f"\n# gdkit: the kernel runs in a sandbox\n{config}")
    status, log = run_nbgrader(
        args,
        cwd=root,
        env=env,
        memory_bytes=bundle.limits.memory_bytes,
        seconds=bundle.limits.seconds,
    )
    if status is None:
        return (
            "failed",
            f"grading took longer than {bundle.limits.seconds:g} s and was stopped",
            log,
        )
    if status != 0 or "There was an error processing assignment" in log:
        return "failed", _last_error(log), log
    return "graded", "", log


def _last_error(log: str) -> str:
    """The reason a run failed, in a sentence where the cause is a known one."""
    if "Kernel died" in log or "DeadKernelError" in log:
        return (
            "the student's code ended the kernel (os._exit, a crash, or out of memory): "
            "nothing after that point could run"
        )
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "ERROR" in line]
    return (errors or lines or ["nbgrader failed without a message"])[-1][:300]
