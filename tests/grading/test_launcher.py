"""nbgrader runs for one job: forked from a preloaded server, or anew where forking is barred."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from gdkit.grading.launcher import run_nbgrader


def _version_in_daemon(folder: str, answers: multiprocessing.Queue) -> None:
    answers.put(
        run_nbgrader(
            ["--version"], cwd=Path(folder), env=dict(os.environ), memory_bytes=2**32, seconds=120
        )
    )


def test_a_daemonic_process_still_runs_nbgrader(tmp_path):
    """A Dask worker under its nanny is daemonic: it may not fork, so nbgrader starts anew."""
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    process = context.Process(target=_version_in_daemon, args=(str(tmp_path), answers), daemon=True)
    process.start()
    status, log = answers.get(timeout=180)
    process.join(60)
    assert status == 0, log
    assert "nbgrader version" in log


def test_a_run_over_its_time_is_stopped(tmp_path):
    status, _ = run_nbgrader(
        ["--version"], cwd=tmp_path, env=dict(os.environ), memory_bytes=2**32, seconds=0.001
    )
    assert status is None
