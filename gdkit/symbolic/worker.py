"""The worker process that runs checks for :mod:`gdkit.symbolic.timeout`, and its wire format.

Run as ``python -m gdkit.symbolic.worker``. It reads requests ``(id, job)`` as length-prefixed
pickles from stdin, ``job`` being ``(function, args)`` pickled on its own, and answers on stdout
with ``(id, kind, payload)``, where
``kind`` is ``"partial"`` (each value a generator yields but the last), ``"done"`` or
``"error"``. Its stderr and any stray output are discarded, so nothing reaches a notebook.
Only the parent process writes to its stdin: the pickles are as trusted as the parent.
"""

from __future__ import annotations

import inspect
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterator
from typing import BinaryIO

#: Address space allowed to the worker, so that a runaway expression cannot eat the machine.
MEMORY_LIMIT = 3 * 2**30
#: Seconds after which a job ends the worker even if no parent is left to kill it.
ORPHAN_LIMIT = 60
_HEADER = 8


def send(stream: BinaryIO, message: object) -> None:
    """Write one message."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(_HEADER, "big") + data)
    stream.flush()


def receive(stream: BinaryIO) -> object:
    """Read one message; raise EOFError when the other side has closed the stream."""
    header = stream.read(_HEADER)
    if len(header) < _HEADER:
        raise EOFError
    size = int.from_bytes(header, "big")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def replies(function: Callable, args: tuple) -> Iterator[tuple[str, object]]:
    """Run ``function(*args)`` and yield the replies that report it."""
    try:
        result = function(*args)
        if inspect.isgenerator(result):
            last = None
            for last in result:
                yield "partial", last
            result = last
        yield "done", result
    except Exception as error:  # MemoryError included: the parent decides what it means
        yield "error", error


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Answer requests until the parent closes the request stream."""
    while True:
        try:
            request_id, job = receive(requests)
        except EOFError:
            return
        try:
            function, args = pickle.loads(job)
        except Exception as error:  # the job cannot be unpickled here: report, keep serving
            send(answers, (request_id, "error", error))
            continue
        _alarm(ORPHAN_LIMIT)
        for kind, payload in replies(function, args):
            try:
                send(answers, (request_id, kind, payload))
            except Exception as error:  # pickling the payload failed
                send(answers, (request_id, "error", RuntimeError(repr(error))))
        _alarm(0)


def _alarm(seconds: int) -> None:
    """Arrange for SIGALRM (which ends the process) in ``seconds``; 0 cancels. POSIX only."""
    if hasattr(signal, "alarm"):
        signal.alarm(seconds)


def main() -> None:
    """Set the process up (quiet, memory-bounded, deaf to Ctrl-C), warm up, and serve."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, sys.stdout.fileno())
    os.dup2(quiet, sys.stderr.fileno())
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import gdkit.symbolic.api  # noqa: F401  (warm up: import SymPy before the first request)

    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the time limit still holds
    send(answers, (None, "ready", None))
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
