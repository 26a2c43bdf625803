"""How long is one epoch of mini-batch SGD next to one full-batch gradient?

Run: ``python benchmarks/bench_sgd.py [--n 1000000] [--p 20] [--batch 256] [--repeat 5]``

On ``n`` generated examples of ``p`` weights (:func:`gdkit.data.make_logistic`, float64)
we time, in the same run and best of ``--repeat``:

- ``X.sum(axis=0)``: reading X once, the least any full pass can cost;
- :func:`gdkit.losses.log_loss_grad` on all the data: one full-batch gradient;
- one epoch of :func:`gdkit.stochastic.minibatch_sgd` (batch ``--batch``): the steps
  alone (its ``seconds`` record), and the whole call with its two recorded losses.

Targets (issue 11): the full gradient within 2.5 times reading X; one SGD epoch (batch 256,
n = 10^6, p = 20) within 3 times one full gradient. Wall-clock times: on a busy machine
they count other programs' time too, so compare ratios from the same run.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from gdkit.data import make_logistic
from gdkit.losses import log_loss, log_loss_grad
from gdkit.stochastic import minibatch_sgd


def best_ms(action: Callable[[], object], repeat: int) -> float:
    """The shortest of ``repeat`` wall-clock times of ``action()``, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1e3 * min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10**6)
    parser.add_argument("--p", type=int, default=20)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    X, y, _ = make_logistic(args.n, args.p, seed=0)
    w = np.zeros(args.p)

    def epoch() -> float:
        rng = np.random.default_rng(1)
        run = minibatch_sgd(log_loss, log_loss_grad, w, 0.5, X, y, batch_size=args.batch, n_epochs=1, rng=rng)  # fmt: skip
        return float(run.seconds[-1])

    read = best_ms(lambda: X.sum(axis=0), args.repeat)
    full = best_ms(lambda: log_loss_grad(w, X, y), args.repeat)
    steps = 1e3 * min(epoch() for _ in range(args.repeat))
    call = best_ms(epoch, args.repeat)
    print(f"n = {args.n}, p = {args.p}, batch {args.batch}, best of {args.repeat}")
    print(f"read X once (X.sum(axis=0))      {read:8.1f} ms")
    print(f"full gradient (log_loss_grad)    {full:8.1f} ms  {full / read:5.2f} x reading X")
    print(f"SGD epoch, steps only            {steps:8.1f} ms  {steps / full:5.2f} x full gradient")
    print(f"SGD epoch, with 2 recorded losses{call:8.1f} ms  {call / full:5.2f} x full gradient")


if __name__ == "__main__":
    main()
