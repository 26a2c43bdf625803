"""Start nbgrader for one job without paying for its start-up every time.

Importing nbgrader costs about 2 CPU seconds, more than autograding a student's notebook.
A plain ``python -m nbgrader`` per student would pay that for every student, and grading
in parallel would be slower than grading one after the other. So each run is forked from
a server process that has imported nbgrader once (multiprocessing's "forkserver"); the
fork gets its own session (so a time-out kills it and its kernel together), a memory
limit, the job's environment and working folder, and writes its log to a file.

A daemonic process (a Dask worker under its nanny) may not fork children: there a new
``python -m nbgrader`` is started instead.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

__all__ = ["run_nbgrader"]

_FORKSERVER = multiprocessing.get_context("forkserver")
# what every autograde imports: nbgrader, and what it imports only once running (the kernel
# spec helpers, IPython and SQLite's dialect: 0.2 CPU s a student otherwise); and the main
# module, multiprocessing's default, which each fork would otherwise run again
_FORKSERVER.set_forkserver_preload(
    [
        "__main__",
        "nbgrader.apps.nbgraderapp",
        "ipykernel.kernelspec",
        "ipykernel.connect",
        "sqlalchemy.dialects.sqlite",
    ]
)


def _limit(memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _forked(args: Sequence[str], cwd: str, env: dict[str, str], memory: int, log: str) -> None:
    """In the fork: become the job's nbgrader run (never returns but by exiting)."""
    gc.freeze()  # what the server imported stays put: no copying its pages to collect it
    os.setsid()
    _limit(memory)
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = None  # take TMPDIR from the job's environment, not the server's
    os.chdir(cwd)
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    sys.argv = ["nbgrader", *args]
    from nbgrader.apps.nbgraderapp import main

    try:
        main()
    finally:  # the fork ends with os._exit, which would drop what is still buffered
        sys.stdout.flush()
        sys.stderr.flush()


def _kill_group(pid: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def run_nbgrader(
    args: Sequence[str], *, cwd: Path, env: dict[str, str], memory_bytes: int, seconds: float
) -> tuple[int | None, str]:
    """Run ``nbgrader ARGS`` in ``cwd``; its exit status (None if it timed out) and log.

    >>> import tempfile
    >>> status, log = run_nbgrader(["--version"], cwd=Path(tempfile.mkdtemp()),
    ...                            env=dict(os.environ), memory_bytes=2**32, seconds=120)
    >>> status, "nbgrader version" in log
    (0, True)
    """
    log = cwd / "nbgrader.log"
    if multiprocessing.current_process().daemon:
        return _run_anew(args, cwd=cwd, env=env, memory_bytes=memory_bytes, seconds=seconds)
    process = _FORKSERVER.Process(
        target=_forked, args=(list(args), str(cwd), env, memory_bytes, str(log))
    )
    process.start()
    process.join(seconds)
    timed_out = process.is_alive()
    _kill_group(process.pid)  # a time-out, or whatever the run left behind
    process.join()
    text = log.read_text(errors="replace") if log.exists() else ""
    return (None if timed_out else process.exitcode), text


def _run_anew(
    args: Sequence[str], *, cwd: Path, env: dict[str, str], memory_bytes: int, seconds: float
) -> tuple[int | None, str]:
    """The same, in a new interpreter (for daemonic processes, which may not fork)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: _limit(memory_bytes),
    )
    try:
        log, _ = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        log, _ = proc.communicate()
        return None, log
    finally:
        _kill_group(proc.pid)
    return proc.returncode, log
