"""Run a function with a time limit, in a persistent worker process that is killed on overrun.

The limit works from any thread (no signals), bounds memory as well as time (the worker's
address space is limited), and keeps latency low: the worker is started once, with SymPy
imported, and reused; after an overrun it is killed and a fresh one starts in the background.
A generator function may yield better and better results: on overrun the last one is kept.
Where no worker process can be started, the function runs here, without a limit.

>>> import math
>>> run_bounded(math.factorial, 5)
120
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .worker import receive, replies, send

#: Seconds a job may take in the worker.
TIME_LIMIT = 1.0
#: Seconds a new worker may take to start (importing SymPy), not counted in the job's limit.
STARTUP_LIMIT = 60.0


class TimeLimitExceeded(TimeoutError):
    """The job did not finish in time; ``partial`` is the last result it yielded, if any."""

    def __init__(self, partial: Any = None):
        super().__init__("the computation did not finish in time")
        self.partial = partial


class _Worker:
    """One worker process, and a thread that queues its replies."""

    def __init__(self) -> None:
        if not sys.executable:
            raise OSError("no Python executable to run a worker")
        root = str(Path(__file__).resolve().parents[2])
        here = [os.path.abspath(entry) for entry in sys.path if os.path.isdir(entry or ".")]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(dict.fromkeys([root, *here])))
        self.owner = os.getpid()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gdkit.symbolic.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self.replies: queue.Queue = queue.Queue()
        self.ready = False
        threading.Thread(target=self._read, name="gdkit-symbolic-reader", daemon=True).start()

    def _read(self) -> None:
        with self.process.stdout as stream:
            while True:
                try:
                    self.replies.put(receive(stream))
                except Exception:  # end of stream, or a garbled message: the worker is gone
                    self.replies.put((None, "exit", None))
                    return

    def wait_ready(self) -> bool:
        """Wait until the worker has started; False if it cannot."""
        if not self.ready:
            try:
                _, kind, _ = self.replies.get(timeout=STARTUP_LIMIT)
            except queue.Empty:
                return False
            self.ready = kind == "ready"
        return self.ready

    def alive(self) -> bool:
        return self.owner == os.getpid() and self.process.poll() is None

    def stop(self) -> None:
        """Kill the process (if it is ours) and reap it."""
        if self.owner != os.getpid():
            return
        self.process.kill()
        self.process.wait()
        with contextlib.suppress(OSError):
            self.process.stdin.close()


_lock = threading.Lock()
_ids = itertools.count()
_worker: _Worker | None = None
_unavailable = False


def run_bounded(function: Callable, *args: Any, seconds: float | None = None) -> Any:
    """Return ``function(*args)``, computed in the worker within ``seconds`` (:data:`TIME_LIMIT`).

    Raises what the function raises, or :class:`TimeLimitExceeded` on overrun (or if the
    worker dies). ``function`` and ``args`` must be picklable; if they are not, or no worker
    can be started, the function runs in this process, without a limit.
    """
    with _lock:
        worker = _ready_worker()
        try:
            job = pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # not picklable: run it here
            worker = None
        if worker is not None:
            request_id = next(_ids)
            try:
                send(worker.process.stdin, (request_id, job))
            except OSError:
                _replace(worker)
            else:
                return _await(worker, request_id, TIME_LIMIT if seconds is None else seconds)
    return _run_here(function, args)


def _await(worker: _Worker, request_id: int, seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    partial = None
    while True:
        try:
            message_id, kind, payload = worker.replies.get(
                timeout=max(deadline - time.monotonic(), 0)
            )
        except queue.Empty:
            _replace(worker)
            raise TimeLimitExceeded(partial) from None
        except BaseException:  # interrupted (Ctrl-C): the worker is still busy with the job
            _replace(worker)
            raise
        if kind == "exit":
            _replace(worker)
            raise TimeLimitExceeded(partial)
        if message_id != request_id:
            continue
        if kind == "partial":
            partial = payload
        elif kind == "done":
            return payload
        else:
            raise payload


def _run_here(function: Callable, args: tuple) -> Any:
    *_, (kind, payload) = replies(function, args)
    if kind == "error":
        raise payload
    return payload


def _ready_worker() -> _Worker | None:
    """The running worker, started if needed; None where no worker process can run."""
    global _worker, _unavailable
    if _unavailable:
        return None
    if _worker is not None and not _worker.alive():
        _worker.stop()
        _worker = None
    try:
        _worker = _worker or _Worker()
    except OSError:
        _unavailable = True
        return None
    if not _worker.wait_ready():
        _worker.stop()
        _worker, _unavailable = None, True
    return _worker


def _replace(worker: _Worker) -> None:
    """Kill a worker that overran or died, and start its successor in the background."""
    global _worker
    worker.stop()
    try:
        _worker = _Worker()
    except OSError:
        _worker = None


@atexit.register
def _shutdown() -> None:
    if _worker is not None:
        _worker.stop()
