"""Beyond one machine: do the same jobs, sent to a Dask cluster, give the same grades?

The test starts a scheduler and a worker as separate processes, as an instructor would on
other machines (`dask scheduler`, `dask worker`), here all on this one.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from gdkit.grading import sandbox
from gdkit.grading.grade import grade_class

from .conftest import ASSIGNMENT, CLASS, fresh_copy, hand_in

pytest.importorskip("distributed")
STUDENTS = ["right", "wrong", "duplicated", "truncated"]


def _start(*args: str) -> subprocess.Popen:
    dask = Path(sys.executable).parent / "dask"
    return subprocess.Popen(
        [str(dask), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask")
    address_file = folder / "scheduler.json"
    processes = [
        _start(
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(address_file),
        )
    ]
    try:
        deadline = time.monotonic() + 120
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert address_file.exists(), "the Dask scheduler did not start"
        processes.append(
            _start(
                "worker",
                "--scheduler-file",
                str(address_file),
                "--nworkers",
                "1",
                "--nthreads",
                "2",
                "--no-nanny",  # as the README says: jobs then fork from a preloaded nbgrader
                "--no-dashboard",
                "--local-directory",
                str(folder),
            )
        )
        yield json.loads(address_file.read_text())["address"]
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_cluster_grades_as_this_machine_does(released, tmp_path_factory, scheduler):
    root = fresh_copy(released, tmp_path_factory.mktemp("cluster"))
    for student in STUDENTS:
        hand_in(root, student, CLASS[student][0])
    outcomes = grade_class(
        root,
        ASSIGNMENT,
        scheduler=scheduler,
        show_progress=False,
        sandboxed=sandbox.available() or bool(os.environ.get("GDKIT_REQUIRE_SANDBOX")),
    )
    assert {o.student: o.status for o in outcomes} == {s: CLASS[s][1] for s in STUDENTS}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="tiny-course") as gb:
        for student in STUDENTS:
            if CLASS[student][1] == "graded":
                assert gb.find_submission(ASSIGNMENT, student).code_score == CLASS[student][2]
