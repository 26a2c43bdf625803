"""How close is gdkit's full-batch logistic gradient to the cost of reading ``X`` once?

Run: ``python benchmarks/bench_losses.py [--n 1000000] [--p 20] [--repeats 15]``

On ``n`` generated examples with ``p`` weights (float64, ``X`` C-ordered, a fixed seed)
this times, in the same process and interleaved (each repeat runs every method once, so a
burst of load on a shared machine hits them all alike):

- *read X once*: ``X.sum(axis=0)``, the baseline every ratio is taken to;
- *old log_loss_grad*: a copy, kept below, of :func:`gdkit.losses.log_loss_grad` as it was
  before issue 11 (validation copies ``X`` and checks it element by element; the sigmoid
  goes through boolean masks);
- :func:`gdkit.losses.log_loss_grad` now, at random weights and at ``w = 0`` (the start
  of a descent, where zero weights make it lean on the gradient to prove ``X`` finite);
- :func:`gdkit.losses.log_loss` now.

It prints the median wall-clock and CPU milliseconds, their ratios to the baseline, and the
largest absolute difference between the old and the new gradient. The target (issue 11,
Performance): the gradient within 2.5x of reading ``X`` once, the same results to 1e-12.
The wall clock counts other programs' time too (see the load average printed). The CPU
column counts all of this process's threads: OpenBLAS may run the products on two and
spin while waiting, so CPU can exceed wall; ``OPENBLAS_NUM_THREADS=1`` compares on one core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from gdkit._inputs import real_array
from gdkit.losses import log_loss, log_loss_grad

# ---- the old implementation (gdkit/losses.py before issue 11), the baseline of the speed-up
# real_array with its default copy=True, finite=True validates exactly as it did then.


def old_neuron_args(w: Any, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    w_arr = real_array(w, "w", ndims=(0, 1, 2))
    X_arr = real_array(X, "X", ndims=(1, 2))
    y_arr = real_array(y, "y", ndims=(1, 2))
    if X_arr.ndim == 1:
        X_arr = X_arr[:, None]
    n, p = X_arr.shape
    if w_arr.ndim == 2:
        raise ValueError(
            f"w must be a flat vector of shape ({p},), got {w_arr.shape}: use w.ravel()"
        )
    scalar = w_arr.ndim == 0
    w_arr = np.atleast_1d(w_arr)
    if w_arr.shape != (p,):
        raise ValueError(
            f"w has {w_arr.size} weight(s) but X has {p} column(s) (X shape {X_arr.shape}); "
            "they must match"
        )
    if y_arr.shape != (n,):
        hint = " (a column of shape (n, 1)? use y.ravel())" if y_arr.size == n else ""
        raise ValueError(f"y must have shape ({n},) to match X, got {y_arr.shape}{hint}")
    return w_arr, X_arr, y_arr, scalar


def old_sigmoid(z: np.ndarray) -> np.ndarray:
    out = np.empty_like(z)
    neg = z < 0
    with np.errstate(over="ignore", under="ignore"):
        out[~neg] = 1.0 / (1.0 + np.exp(-z[~neg]))
        ez = np.exp(z[neg])
        out[neg] = ez / (1.0 + ez)
    return out


def old_log_loss_grad(w: Any, X: Any, y: Any) -> float | np.ndarray:
    w_arr, X_arr, y_arr, scalar = old_neuron_args(w, X, y)
    if np.any((y_arr < 0) | (y_arr > 1)):
        raise ValueError("y must hold labels 0/1 (or probabilities in [0, 1]) for the log loss")
    with np.errstate(all="ignore"):
        grad = X_arr.T @ (old_sigmoid(X_arr @ w_arr) - y_arr) / len(y_arr)
    return float(grad[0]) if scalar else grad


# ---- the benchmark


def problem(n: int, p: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``X`` (a column of ones, then normal features), 0/1 labels ``y`` and weights ``w``."""
    rng = np.random.default_rng(11)
    X = np.empty((n, p))
    X[:, 0] = 1.0
    X[:, 1:] = rng.normal(size=(n, p - 1))
    w = rng.normal(scale=1 / np.sqrt(p), size=p)
    y = (rng.random(n) < 1 / (1 + np.exp(-X @ w))).astype(float)
    return X, y, rng.normal(scale=1 / np.sqrt(p), size=p)


def interleaved_timings(
    methods: dict[str, Callable[[], object]], repeats: int
) -> dict[str, tuple[float, float]]:
    """Median wall-clock and CPU milliseconds of each method, all run once per repeat."""
    wall: dict[str, list[float]] = {name: [] for name in methods}
    cpu: dict[str, list[float]] = {name: [] for name in methods}
    for action in methods.values():  # warm up: first-touch page faults, BLAS threads
        action()
    for _ in range(repeats):
        for name, action in methods.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            action()
            wall[name].append(1000 * (time.perf_counter() - start))
            cpu[name].append(1000 * (time.process_time() - start_cpu))
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in methods}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10**6, help="examples")
    parser.add_argument("--p", type=int, default=20, help="weights (columns of X)")
    parser.add_argument("--repeats", type=int, default=15, help="timed runs per method")
    args = parser.parse_args()

    X, y, w = problem(args.n, args.p)
    zeros = np.zeros(args.p)
    methods = {
        "read X once: X.sum(axis=0)": lambda: X.sum(axis=0),
        "old log_loss_grad (before)": lambda: old_log_loss_grad(w, X, y),
        "log_loss_grad (now)": lambda: log_loss_grad(w, X, y),
        "log_loss_grad (now), w = 0": lambda: log_loss_grad(zeros, X, y),
        "log_loss (now)": lambda: log_loss(w, X, y),
    }
    results = interleaved_timings(methods, args.repeats)
    base_wall, base_cpu = results["read X once: X.sum(axis=0)"]

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"n = {args.n}, p = {args.p}, float64; median of {args.repeats} runs; load {load}")
    print(f"{'method':<28} {'wall ms':>8} {'x read':>7} {'CPU ms':>8} {'x read':>7}")
    for name, (wall, cpu) in results.items():
        print(
            f"{name:<28} {wall:>8.1f} {wall / base_wall:>6.2f}x {cpu:>8.1f} {cpu / base_cpu:>6.2f}x"
        )
    worst = max(
        float(np.max(np.abs(log_loss_grad(v, X, y) - old_log_loss_grad(v, X, y))))
        for v in (w, zeros)
    )
    print(f"largest |new - old| over the gradients' entries: {worst:.1e}")


if __name__ == "__main__":
    main()
