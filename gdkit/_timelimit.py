"""Run a function in a worker process with a time limit, from any thread, printing nothing.

A :class:`Runner` keeps one worker process, started on first use and then reused, so that only
the first job pays for starting Python and importing the modules named in ``preload``. It sends
the worker a picklable function and its arguments and waits at most ``seconds`` for the result;
on overrun it kills the worker, starts a fresh one in the background and raises
:class:`TimeLimitExceeded`. The caller only waits on a queue (no signals), so this works from any
thread; the worker's address space is bounded, so a runaway job cannot eat the machine; the
worker's stdout and stderr go nowhere, which matters to nbgrader. A generator function may yield
better and better results: if it is stopped, the last one is kept. Where no process can be
started at all, the function runs in the caller, without a limit.

>>> import math
>>> runner = Runner()
>>> runner.run(math.factorial, 5, seconds=10)
120
>>> runner.close()

The worker is ``python -m gdkit._timelimit <memory> <module>...``. It reads requests
``(seconds, job)`` as length-prefixed pickles on stdin, ``job`` being ``(function, args)`` pickled
on its own (so that one it cannot read is reported, not fatal), and answers ``(kind, payload)``
on stdout, ``payload`` pickled on its own too (one that cannot be read here is an error of its
job, not the end of the worker). ``kind`` is ``"ready"``, ``"partial"`` (each value a generator
yields but the last), ``"done"`` or ``"error"``. Only the parent writes to the
worker's stdin: the pickles are as trusted as the parent.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import inspect
import math
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

#: Address space a worker may use by default (bytes), so that a runaway job cannot eat the machine.
MEMORY_LIMIT = 3 * 2**30
#: Seconds a new worker may take to start (importing ``preload``), not counted in a job's limit.
STARTUP_LIMIT = 60.0
#: Seconds past its limit after which a job ends its worker, should no parent be left to kill it.
ORPHAN_GRACE = 60
_HEADER = 8


class LimitExceeded(Exception):
    """A limit stopped the job: its worker process ended (out of memory, most likely), or time.

    ``partial`` is the last result the job yielded, if any.
    """

    def __init__(self, message: str, partial: Any = None):
        super().__init__(message)
        self.partial = partial


class TimeLimitExceeded(LimitExceeded, TimeoutError):
    """The job did not finish in time."""


class Runner:
    """Run functions in a worker process of its own, each within a time limit.

    ``preload`` names modules the worker imports as it starts, so that their import time is not
    counted in any job's limit; ``memory`` bounds its address space in bytes (None: no bound).

    >>> runner = Runner()
    >>> runner.run(divmod, 7, 2, seconds=10)
    (3, 1)
    >>> runner.close()
    """

    def __init__(self, *, preload: Sequence[str] = (), memory: int | None = MEMORY_LIMIT):
        self.preload = tuple(preload)
        self.memory = memory
        self._lock = threading.Lock()
        self._worker: _Worker | None = None
        self._unavailable = False
        atexit.register(self.close)

    def run(self, function: Callable, *args: Any, seconds: float) -> Any:
        """Return ``function(*args)``, computed in the worker within ``seconds``.

        Raises what the function raises; :class:`TimeLimitExceeded` on overrun and
        :class:`LimitExceeded` if the worker ends during the job, each with the last result a
        generator function yielded as ``partial``; and what :func:`pickle.dumps` raises if the
        function or its arguments cannot be pickled. Jobs from several threads run one at a time.
        Where no worker process can be started, the function runs here, without a limit.
        """
        job = pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            worker = self._ready_worker()
            if worker is None:
                return _run_here(function, args)
            with contextlib.suppress(OSError):  # a worker that has ended says so in its replies
                _send(worker.process.stdin, (seconds, job))
            try:
                kind, payload = _outcome(worker, seconds)
            except BaseException:  # overrun, ended, Ctrl-C, unreadable reply: the job may still run
                self._replace(worker)
                raise
            return _result(kind, payload)

    def close(self) -> None:
        """Stop the worker process; a later :meth:`run` starts a new one."""
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    def _ready_worker(self) -> _Worker | None:
        """The running worker, started if needed; None where no worker process can run."""
        if self._unavailable:
            return None
        worker, self._worker = self._worker, None
        if worker is not None and not worker.alive():
            worker.stop()
            worker = None
        try:
            worker = worker or _Worker(self.preload, self.memory)
        except OSError:
            self._unavailable = True
            return None
        if not worker.wait_ready():  # raises what a preloaded module raised
            worker.stop()
            self._unavailable = True
            return None
        self._worker = worker
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker that overran or ended, and start its successor in the background."""
        worker.stop()
        try:
            self._worker = _Worker(self.preload, self.memory)
        except OSError:
            self._worker = None


class _Worker:
    """One worker process, and a thread that queues its replies."""

    def __init__(self, preload: tuple[str, ...], memory: int | None) -> None:
        if not sys.executable:
            raise OSError("no Python executable to run a worker")
        root = str(Path(__file__).resolve().parents[1])
        here = [os.path.abspath(entry) for entry in sys.path if os.path.isdir(entry or ".")]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(dict.fromkeys([root, *here])))
        self.owner = os.getpid()
        self.process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(memory or 0), *preload],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self.replies: queue.Queue = queue.Queue()
        self.ready = False
        threading.Thread(target=self._read, name="gdkit-timelimit-reader", daemon=True).start()

    def _read(self) -> None:
        with self.process.stdout as stream:
            while True:
                try:
                    self.replies.put(_receive(stream))
                except Exception:  # end of stream, or a message cut short: the worker is gone
                    self.replies.put(("exit", None))
                    # reap it now: ipykernel's shutdown waits (seconds) for zombie children
                    self.process.wait()
                    return

    def wait_ready(self) -> bool:
        """Wait until the worker has started; False if it cannot, the error if a preload failed."""
        if not self.ready:
            try:
                kind, payload = self.replies.get(timeout=STARTUP_LIMIT)
            except queue.Empty:
                return False
            if kind == "error":
                self.stop()
                raise pickle.loads(payload)
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


def _outcome(worker: _Worker, seconds: float) -> tuple[str, Any]:
    """Wait for the job's last reply, ``("done", result)`` or ``("error", exception)``.

    The worker is replaced whenever a job is abandoned, so every reply is this job's.
    """
    deadline = time.monotonic() + seconds
    partial = None
    while True:
        try:
            kind, data = worker.replies.get(timeout=max(deadline - time.monotonic(), 0))
        except queue.Empty:
            raise TimeLimitExceeded(f"the job did not finish in {seconds:g} s", partial) from None
        if kind == "exit":
            raise LimitExceeded("the worker ended during the job (out of memory?)", partial)
        payload = pickle.loads(data)
        if kind != "partial":
            return kind, payload
        partial = payload


def _result(kind: str, payload: Any) -> Any:
    if kind == "error":
        raise payload
    return payload


def _run_here(function: Callable, args: tuple) -> Any:
    """Run the job in this process, without a limit (where no worker can be started)."""
    *_, (kind, payload) = _outcomes(function, args)
    return _result(kind, payload)


def _outcomes(function: Callable, args: tuple) -> Iterator[tuple[str, Any]]:
    """Run ``function(*args)`` and yield how it went, as ``(kind, payload)`` pairs.

    ``("partial", value)`` for each value a generator function yields but the last, then
    ``("done", result)`` or ``("error", exception)``.
    """
    try:
        result = function(*args)
        if inspect.isgenerator(result):
            last = None
            for last in result:
                yield "partial", last
            result = last
        yield "done", result
    except Exception as error:  # the caller decides what it means
        yield "error", error


def _send(stream: BinaryIO, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(_HEADER, "big") + data)
    stream.flush()


def _receive(stream: BinaryIO) -> Any:
    """Read one message; raise EOFError when the other side has closed the stream."""
    header = stream.read(_HEADER)
    if len(header) < _HEADER:
        raise EOFError
    size = int.from_bytes(header, "big")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


# What follows runs in the worker process.


def _reply(stream: BinaryIO, kind: str, payload: object) -> None:
    if kind == "error" and isinstance(payload, BaseException):
        # the traceback stays here: send it along as text, so that a bug can be found
        lines = traceback.format_exception(payload)
        payload.add_note("In the worker process:\n" + "".join(lines).rstrip())
    try:
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # the result cannot travel: say so instead
        kind, data = (
            "error",
            pickle.dumps(TypeError(f"the job's reply cannot be pickled: {error!r}")),
        )
    _send(stream, (kind, data))


def _serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Answer requests until the parent closes the request stream."""
    while True:
        try:
            seconds, job = _receive(requests)
        except EOFError:
            return
        _alarm(math.ceil(seconds) + ORPHAN_GRACE)
        try:
            function, args = pickle.loads(job)
        except Exception as error:  # the job cannot be read here: report it, keep serving
            _reply(answers, "error", error)
            continue
        for kind, payload in _outcomes(function, args):
            _reply(answers, kind, payload)
        _alarm(0)


def _alarm(seconds: int) -> None:
    """Arrange for SIGALRM (which ends the process) in ``seconds``; 0 cancels. POSIX only."""
    if hasattr(signal, "alarm"):
        signal.alarm(seconds)


def _limit_memory(memory: int) -> None:
    if memory:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        except (ImportError, ValueError, OSError):
            pass  # not on this platform: the time limit still holds


def _main(arguments: list[str]) -> None:
    """Set the worker up (quiet, deaf to Ctrl-C), import the preloads, bound memory, serve."""
    memory, *preload = arguments
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, sys.stdout.fileno())
    os.dup2(quiet, sys.stderr.fileno())
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for module in preload:
            importlib.import_module(module)
    except Exception as error:  # a bug in a preloaded module: the parent raises it
        _reply(answers, "error", error)
        return
    _limit_memory(int(memory))
    _reply(answers, "ready", None)
    _serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    _main(sys.argv[1:])
