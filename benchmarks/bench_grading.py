"""How much faster does ``gdkit grade`` grade a class than plain ``nbgrader autograde``?

Run: ``python benchmarks/bench_grading.py [--students 60] [--dask] [--sandbox/--no-sandbox]``

A throwaway course is made in a temporary folder (this project's nbgrader_config.py and
solutions/01_neuron_and_loss/, then ``nbgrader generate_assignment``), and ``--students``
submissions of assignment 01 are simulated with a fixed seed: the solutions typed into the
release, the untouched release, the solutions with one answer replaced by a likely mistake
(from tests/pipeline/mistakes/), and a few solutions with an answer cell copied and pasted.
Each method then grades a fresh copy of that class:

- (a) *baseline*: plain ``nbgrader autograde 01_neuron_and_loss``, one student after the
  other in one process (no sandbox: nbgrader has none);
- (b) ``gdkit grade`` (:func:`gdkit.grading.grade.grade_class`) with its default workers,
  one more than the cores;
- (c) with ``--dask``: the same on a local Dask cluster, a scheduler and one worker with as
  many threads as (b) has workers, started as processes (``dask scheduler``, ``dask worker
  --no-nanny`` as the README says); their start-up is not timed.

It prints whether every well-formed submission (all but the duplicated cells, which plain
nbgrader cannot grade) got the same scores in every method, then the seconds, the seconds per
submission, the CPU seconds and the speed-up over (a), and what starting nbgrader costs: (a)
pays it once; (b) and (c) once per grading process too, since each student's run is forked
from a server that imported nbgrader (a new ``python -m nbgrader`` per student would pay it
every time: see gdkit/grading/launcher.py). The target (issue 10, part 6): at least 1.8x on 2 cores. The wall clock counts other
programs' time too: on a busy machine (see the load average printed) compare the CPU column,
which counts this benchmark's processes only; it misses the kernels that ran in the sandbox
(bubblewrap's process namespace keeps their CPU time from their parents), so compare CPU with
``--no-sandbox``.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import json
import os
import random
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import nbformat
import psutil
from nbgrader.api import Gradebook, MissingEntry

from gdkit.grading import sandbox
from gdkit.grading.grade import default_workers, grade_class
from gdkit.grading.job import Outcome

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "01_neuron_and_loss"
NOTEBOOK = "neuron_and_loss.ipynb"
SEED = 10
BIN = Path(sys.executable).parent
# nbgrader's solution markers, built from pieces so that this file never holds them itself
MARKERS = tuple(f"### {edge} {'SOLUTION'}" for edge in ("BEGIN", "END"))
# the share of each kind of submission; "mistake" takes the rest
SHARES = {"solved": 0.35, "blank": 0.15, "duplicated": 0.07}

Scores = dict[str, dict[str, float | None] | None]  # student -> grade id -> automatic score


def nbgrader(root: Path, *args: str, log: Path | None = None) -> int:
    """Run nbgrader in the course folder ``root``; its exit status (output to ``log``)."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}  # it runs alembic
    with open(log or os.devnull, "w") as out:
        command = [sys.executable, "-m", "nbgrader", *args]
        return subprocess.run(command, cwd=root, env=env, stdout=out, stderr=out).returncode


def make_course(root: Path) -> None:
    """The project's config and assignment 01 in ``root``, generated: gradebook and release."""
    root.mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT)
    if nbgrader(root, "generate_assignment", ASSIGNMENT, log=root / "generate.log"):
        sys.exit(f"nbgrader generate_assignment failed: see {root / 'generate.log'}")


def likely_mistakes() -> list:
    """The likely wrong answers of assignment 01 that the pipeline tests use."""
    sys.path.insert(0, str(ROOT / "tests"))
    return importlib.import_module(f"pipeline.mistakes.{ASSIGNMENT}").MISTAKES


def _grade_id(cell: nbformat.NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _answers(solutions: nbformat.NotebookNode) -> dict[str, str]:
    """Each answer cell of the instructor's notebook as a student would type it."""
    answers = {}
    for cell in solutions.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            lines = cell.source.splitlines()
            answers[_grade_id(cell)] = "\n".join(
                line for line in lines if line.strip() not in MARKERS
            )
    return answers


def simulate(root: Path, students: int, seed: int) -> dict[str, str]:
    """Hand in ``students`` submissions in ``root``; each student's kind of submission."""
    release = nbformat.read(root / "course" / ASSIGNMENT / NOTEBOOK, as_version=4)
    answers = _answers(nbformat.read(root / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4))
    mistakes = likely_mistakes()
    counts = {kind: max(1, round(share * students)) for kind, share in SHARES.items()}
    counts["mistake"] = students - sum(counts.values())
    kinds = [kind for kind, count in counts.items() for _ in range(count)][:students]
    rng = random.Random(seed)
    rng.shuffle(kinds)
    mix = {}
    for number, kind in enumerate(kinds, start=1):
        student = f"student{number:03d}"
        nb = copy.deepcopy(release)
        if kind != "blank":
            for cell in nb.cells:
                if _grade_id(cell) in answers:
                    cell.source = answers[_grade_id(cell)]
        if kind == "mistake":
            mistake = rng.choice(mistakes)
            next(c for c in nb.cells if _grade_id(c) == mistake.cell).source = mistake.source
            kind = f"mistake in {mistake.cell} ({mistake.kind})"
        if kind == "duplicated":  # pasted right below, cell id and all
            code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and _grade_id(c)]
            index = rng.choice([i for i in code if _grade_id(nb.cells[i]) in answers])
            nb.cells.insert(index + 1, copy.deepcopy(nb.cells[index]))
            kind = f"duplicated {_grade_id(nb.cells[index])}"
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        # as JSON, not nbformat.write, which would quietly renew the repeated cell id
        (folder / NOTEBOOK).write_text(json.dumps(nb, indent=1))
        mix[student] = kind
    return mix


def scores(root: Path, students: list[str]) -> Scores:
    """Each student's automatic score per graded cell in the gradebook; None if absent."""
    found: Scores = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="gdkit") as gb:
        for student in students:
            try:
                submission = gb.find_submission(ASSIGNMENT, student)
            except MissingEntry:
                found[student] = None
                continue
            found[student] = {
                grade.name: grade.auto_score
                for notebook in submission.notebooks
                for grade in notebook.grades
            }
    return found


def _tree_cpu(pids: Sequence[int]) -> float:
    """CPU seconds of processes ``pids`` and all their descendants, reaped ones included."""
    total = 0.0
    for pid in pids:
        try:
            top = psutil.Process(pid)
            family = [top, *top.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for process in family:
            try:
                t = process.cpu_times()
                total += t.user + t.system + t.children_user + t.children_system
            except psutil.NoSuchProcess:
                pass
    return total


def _own_cpu() -> float:
    """CPU seconds of this process and its reaped children (nbgrader, kernels)."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
    )


def timed(action: Callable[[], object], others: Sequence[int] = ()) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds of ``action()`` (CPU of ``others``' trees too); its value."""
    start, start_cpu = time.perf_counter(), _own_cpu() + _tree_cpu(others)
    value = action()
    wall = time.perf_counter() - start
    return wall, _own_cpu() + _tree_cpu(others) - start_cpu, value


def nbgrader_start(repeats: int = 3) -> float:
    """Median CPU seconds of ``python -m nbgrader --version``: Python, nbgrader's imports."""
    seconds = []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-m", "nbgrader", "--version"], capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(seconds)


def _dask(*args: str, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        return subprocess.Popen(
            [str(BIN / "dask"), *args], stdout=out, stderr=out, start_new_session=True
        )


def start_cluster(folder: Path) -> tuple[str, list[subprocess.Popen]]:
    """A Dask scheduler and one worker (default_workers() threads) as processes; its address."""
    from dask.distributed import Client

    folder.mkdir()
    address_file = folder / "scheduler.json"
    processes = [
        _dask(
            "scheduler",
            *("--host", "127.0.0.1", "--port", "0", "--no-dashboard"),
            *("--scheduler-file", str(address_file)),
            log=folder / "scheduler.log",
        )
    ]
    deadline = time.monotonic() + 120
    while not address_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    if not address_file.exists():
        stop_cluster(processes)
        sys.exit(f"the Dask scheduler did not start: see {folder / 'scheduler.log'}")
    processes.append(
        _dask(
            "worker",
            *("--scheduler-file", str(address_file), "--nworkers", "1"),
            *("--nthreads", str(default_workers())),
            *("--no-nanny", "--no-dashboard", "--local-directory", str(folder)),
            log=folder / "worker.log",
        )
    )
    with Client(scheduler_file=str(address_file)) as client:
        client.wait_for_workers(1, timeout=120)
        return client.scheduler.address, processes


def stop_cluster(processes: list[subprocess.Popen]) -> None:
    for process in reversed(processes):
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def differences(runs: dict[str, Scores], students: list[str]) -> list[str]:
    """Where the methods' scores of ``students`` differ from the first method's."""
    (first, expected), *others = runs.items()
    found = []
    for student in students:
        for method, got in others:
            if got[student] != expected[student]:
                found.append(
                    f"  {student}: {first} {expected[student]}\n  {' ' * len(student)}  "
                    f"{method} {got[student]}"
                )
    return found


def _total(grades: dict[str, float | None] | None) -> str:
    if grades is None:
        return "not in the gradebook"
    return f"{sum(score or 0 for score in grades.values()):g} points"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60, help="submissions to grade (60)")
    parser.add_argument(
        "--dask", action="store_true", help="also grade on a local Dask scheduler and worker"
    )
    parser.add_argument(
        "--sandbox",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run gdkit grade's kernels in bubblewrap (default: when it is available)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary course folders")
    args = parser.parse_args()
    sandboxed = sandbox.available() if args.sandbox is None else args.sandbox
    if sandboxed and not sandbox.available():
        sys.exit("--sandbox: bubblewrap is not available on this machine")

    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        run(tmp, args.students, args.dask, sandboxed)
    finally:
        if args.keep:
            print(f"\ncourse folders kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def run(tmp: Path, count: int, dask: bool, sandboxed: bool) -> None:
    pristine = tmp / "class"
    make_course(pristine)
    mix = simulate(pristine, count, SEED)
    students = sorted(mix)
    duplicated = [s for s in students if mix[s].startswith("duplicated")]
    kinds = [kind.split(" ")[0] for kind in mix.values()]
    print(
        f"{count} submissions of {ASSIGNMENT} (seed {SEED}): {kinds.count('solved')} solved, "
        f"{kinds.count('blank')} untouched release, {kinds.count('mistake')} with one likely "
        f"mistake, {len(duplicated)} with a duplicated answer cell"
    )
    workers = default_workers()
    print(
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start; gdkit grade "
        f"{'in a bubblewrap sandbox' if sandboxed else 'WITHOUT a sandbox (--no-sandbox)'}; "
        "nbgrader autograde without one\n"
    )

    rows, runs, outcomes = [], {}, {}
    folder = tmp / "a"
    shutil.copytree(pristine, folder)
    wall, cpu, status = timed(
        lambda: nbgrader(folder, "autograde", ASSIGNMENT, log=folder / "autograde.log")
    )
    rows.append(("(a) nbgrader autograde, serial", wall, cpu))
    runs["(a)"] = scores(folder, students)
    failed_a = sorted(
        set(re.findall(r"for student '([^']+)'", (folder / "autograde.log").read_text()))
    )

    folder = tmp / "b"
    shutil.copytree(pristine, folder)
    wall, cpu, graded = timed(
        lambda: grade_class(folder, ASSIGNMENT, show_progress=False, sandboxed=sandboxed)
    )
    rows.append((f"(b) gdkit grade, {workers} workers", wall, cpu))
    runs["(b)"], outcomes["(b)"] = scores(folder, students), graded

    if dask:
        folder = tmp / "c"
        shutil.copytree(pristine, folder)
        address, processes = start_cluster(tmp / "dask")
        try:
            wall, cpu, graded = timed(
                lambda: grade_class(
                    folder,
                    ASSIGNMENT,
                    scheduler=address,
                    show_progress=False,
                    sandboxed=sandboxed,
                ),
                [p.pid for p in processes],
            )
        finally:
            stop_cluster(processes)
        rows.append((f"(c) gdkit grade, Dask 1 worker x {workers}", wall, cpu))
        runs["(c)"], outcomes["(c)"] = scores(folder, students), graded

    well_formed = [s for s in students if s not in duplicated]
    found = differences(runs, well_formed)
    methods = ", ".join(runs)
    if found:
        print(f"DIFFERENT scores in {methods} for {len(found)} well-formed submissions:")
        print("\n".join(found))
    else:
        print(f"same scores in {methods} for all {len(well_formed)} well-formed submissions")
    print(
        f"duplicated cell ({len(duplicated)}): (a) exit status {status}, failed for "
        f"{', '.join(failed_a) or 'nobody'}"
    )
    for student in duplicated:
        line = f"  {student} {mix[student]:<28} (a) {_total(runs['(a)'][student])}"
        for method, graded in outcomes.items():
            outcome: Outcome = next(o for o in graded if o.student == student)
            line += f"; {method} {outcome.status}, {_total(runs[method][student])}"
        print(line)
    for method, graded in outcomes.items():
        failed = [f"{o.student} ({o.reason})" for o in graded if o.status != "graded"]
        if failed:
            print(f"{method} not graded: {', '.join(failed)}")

    baseline = rows[0][1]
    header = f"{'method':<36}{'seconds':>9}{'s/student':>11}{'CPU s':>9}{'speed-up':>10}"
    print(f"\n{header}\n{'-' * len(header)}")
    for label, wall, cpu in rows:
        print(f"{label:<36}{wall:>9.1f}{wall / count:>11.2f}{cpu:>9.1f}{baseline / wall:>9.2f}x")
    if sandboxed:
        print("(CPU s of (b) and (c) leaves out their kernels, which ran in the sandbox)")
    start = nbgrader_start()
    print(
        f"\nstarting nbgrader (python -m nbgrader --version): {start:.2f} CPU s, paid once per "
        f"grading process; were it paid once per student: {start * count:.1f} CPU s for "
        f"{count} students"
    )
    print(f"load average {os.getloadavg()[0]:.1f} at the end (target: at least 1.8x on 2 cores)")


if __name__ == "__main__":
    main()
