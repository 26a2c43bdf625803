"""Benchmark gdkit.symbolic on the test corpus, side by side with ``simplify(a - b) == 0``.

Run from the repository root: ``python benchmarks/bench_symbolic.py``. For each method it
prints how many verdicts are right, and the median and worst latency per pair; then how many
mistakes ``check`` names right, and the pairs the plain simplification gets wrong.
Both methods read the pair with gdkit's parser and run in a worker process with SymPy imported
(the simplification with a 10 s limit, a timeout counting as a wrong verdict).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import sympy

from gdkit._timelimit import Runner, TimeLimitExceeded
from gdkit.symbolic import TooComplexError, check, equivalent, parse

CORPUS_DIR = Path(__file__).resolve().parents[1] / "tests" / "symbolic"
SIMPLIFY_LIMIT = 10.0
RUNNER = Runner(preload=["sympy"])


def load_corpus() -> tuple:
    sys.path.insert(0, str(CORPUS_DIR))
    from symbolic_corpus import CORPUS

    return CORPUS


def by_sampling(answer: str, expected: str) -> bool | None:
    try:
        return equivalent(answer, expected)
    except TooComplexError:
        return None


def by_simplify(answer: str, expected: str) -> bool | None:
    expected_expr = parse(expected, new_symbols=True)  # as check reads it: any name a symbol
    difference = parse(answer, expected_expr.free_symbols) - expected_expr
    try:
        return RUNNER.run(sympy.simplify, difference, seconds=SIMPLIFY_LIMIT) == 0
    except TimeLimitExceeded:
        return None


def measure(method: Callable[[str, str], bool | None], corpus) -> tuple[list, list[float]]:
    verdicts, latencies = [], []
    for pair in corpus:
        start = time.perf_counter()
        verdicts.append(method(pair.answer, pair.expected))
        latencies.append(time.perf_counter() - start)
    return verdicts, latencies


def main() -> None:
    corpus = load_corpus()
    right_count = sum(pair.equivalent for pair in corpus)
    print(
        f"gdkit.symbolic benchmark: {len(corpus)} pairs "
        f"({right_count} equivalent, {len(corpus) - right_count} not)\n"
    )
    check("x", "x")  # start the worker processes before timing
    RUNNER.run(int, "1", seconds=SIMPLIFY_LIMIT)
    header = f"{'method':<28}{'right':>10}{'median ms':>12}{'worst ms':>11}{'undecided':>11}"
    print(header)
    print("-" * len(header))
    wrong_by_simplify = []
    for name, method in [
        ("equivalent (sampling)", by_sampling),
        ("simplify(a-b) == 0", by_simplify),
    ]:
        verdicts, latencies = measure(method, corpus)
        right = sum(v is pair.equivalent for v, pair in zip(verdicts, corpus, strict=True))
        undecided = sum(v is None for v in verdicts)
        print(
            f"{name:<28}{f'{right}/{len(corpus)}':>10}"
            f"{1000 * statistics.median(latencies):>12.1f}{1000 * max(latencies):>11.1f}"
            f"{undecided:>11}"
        )
        if method is by_simplify:
            wrong_by_simplify = [
                pair for v, pair in zip(verdicts, corpus, strict=True) if v is not pair.equivalent
            ]

    start = time.perf_counter()
    verdicts = [check(pair.answer, pair.expected) for pair in corpus]
    elapsed = time.perf_counter() - start
    named = sum(v.mistake == pair.mistake for v, pair in zip(verdicts, corpus, strict=True))
    print(
        f"\ncheck: verdict and kind of mistake right for {named}/{len(corpus)} pairs "
        f"(mean {1000 * elapsed / len(corpus):.1f} ms per check)"
    )
    start = time.perf_counter()
    bomb = check("9**9**9**9", "x")
    print(
        f"check('9**9**9**9', 'x'): {bomb.mistake} in {1000 * (time.perf_counter() - start):.1f} ms"
    )

    print(f"\nsimplify(a-b) == 0 gets {len(wrong_by_simplify)} pairs wrong:")
    for pair in wrong_by_simplify:
        print(f"  {'equivalent' if pair.equivalent else 'different':<11} {pair}")


if __name__ == "__main__":
    main()
