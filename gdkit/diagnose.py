"""Reading a trace plot (loss per iteration) and advising on the learning rate.

:func:`diagnose_trace` applies these rules, in this order, to the losses
``L_0 .. L_k`` (the "late part" is the last half of the run, the "last part" its last
quarter; changes below ``max(1e-12 * max(1, max|L|), 1e-3 * (max L - min L))`` are
"negligible": rounding noise, or a wobble far smaller than the whole trace):

1. **diverged**: a loss is NaN or infinite, the :class:`~gdkit.descent.History` says
   ``"diverged"``, or the late part climbs more than 10 × ``|L_0|`` above the start;
2. **oscillating**: in the late part, at least 60 % of consecutive non-negligible
   differences ``L_{i+1} - L_i`` flip sign (up, down, up...; negligible ones are
   skipped, so a wobble that has died out does not count);
3. **oscillating**, given a History only: at least 60 % of the late steps point
   against the step before (the weights zig-zag across the valley) while the loss stays
   flat, stays clearly above its lowest value after going down (no longer climbing:
   the last part brings at most a quarter of the climb), or still drops as in rule 6
   (and is below the start);
4. **diverged**: the loss ends above where it started;
5. **diverged**: the loss ends clearly above its lowest value (it went down, then
   climbed: with a fitting learning rate gradient descent never climbs back);
6. **too_slow**: the last part still brings more than 5 % of the total drop
   ``L_0 - min L``;
7. **converged** otherwise (also when the loss stays flat).

The verdict reads the trace only: a loss that creeps along a long flat valley (features
on very different scales, e.g. heart rate in beats per minute next to an intercept)
can look levelled off long before the minimum is reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gdkit._inputs import trace_losses
from gdkit.descent import History

__all__ = ["VERDICTS", "TraceDiagnosis", "diagnose_trace"]

VERDICTS = ("diverged", "oscillating", "too_slow", "converged")

_FAR_ABOVE = 10.0  # rule 1: late climb above the start, in units of |L_0|
_ALTERNATING = 0.6  # rule 2: share of sign flips (or reversed steps) that means oscillation
_SETTLED = 1e-3  # changes below this share of the trace's range are negligible
_NOISE = 1e-12  # ... and so are changes below this relative size (rounding)
_SLOW_SHARE = 0.05  # rule 6: share of the total drop still made in the last quarter
_CLIMB_SHARE = 0.25  # rule 3: a climb back up has stopped if its last part brings less


@dataclass(frozen=True)
class TraceDiagnosis:
    """A verdict on a trace (one of :data:`VERDICTS`) and a sentence of advice.

    >>> d = diagnose_trace([4.0, 1.0, 0.25, 0.0625, 0.0156, 0.0039, 0.001, 0.0002])
    >>> d.verdict
    'converged'
    """

    verdict: str
    message: str

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")

    def __str__(self) -> str:
        return f"{self.verdict}: {self.message}"


_BLEW_UP = TraceDiagnosis(
    "diverged",
    "The loss blew up (to a huge, infinite or NaN value): the learning rate is far too large; "
    "make it 10 times smaller (and standardize features on very different scales).",
)


def _flip_share(signs: np.ndarray) -> float:
    """Share of consecutive nonzero signs that differ (0 when fewer than 3 remain)."""
    signs = signs[signs != 0]
    if len(signs) < 3:
        return 0.0
    return float(np.mean(signs[1:] != signs[:-1]))


def _zigzag_share(weights: np.ndarray) -> float:
    """Share of late steps pointing against the previous step (dot product < 0)."""
    steps = np.diff(weights.reshape(len(weights), -1), axis=0)
    steps = steps[len(steps) // 2 :]
    lengths = np.linalg.norm(steps, axis=1)
    steps = steps[lengths > _NOISE * max(1.0, float(lengths.max(initial=0.0)))]
    if len(steps) < 3:
        return 0.0
    return float(np.mean(np.sum(steps[1:] * steps[:-1], axis=1) < 0))


def diagnose_trace(trace: History | Sequence[float] | np.ndarray) -> TraceDiagnosis:
    """Classify a trace of losses as diverged, oscillating, too_slow or converged.

    ``trace`` is a :class:`~gdkit.descent.History` (then its steps are used too) or a
    1-D sequence of at least 2 losses. The rules are listed in the module docstring.

    >>> diagnose_trace([1.0, 4.0, 16.0, 64.0]).verdict
    'diverged'
    >>> diagnose_trace([1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]).verdict
    'too_slow'
    >>> diagnose_trace([1.0, 0.5, 0.7, 0.45, 0.7, 0.45, 0.7, 0.45, 0.7]).verdict
    'oscillating'
    """
    if isinstance(trace, History) and trace.stopped == "diverged":
        return _BLEW_UP  # checked first: a blow-up at step 1 leaves a History of one loss
    L = trace_losses(trace, at_least=2)
    if not np.all(np.isfinite(L)):
        return _BLEW_UP
    n = len(L)
    start, lowest, end = L[0], float(L.min()), L[-1]
    negligible = max(_NOISE * max(1.0, float(np.abs(L).max())), _SETTLED * (L.max() - lowest))
    late = L[n // 2 :]
    if late.max() - start > _FAR_ABOVE * abs(start) and late.max() - start > negligible:
        return TraceDiagnosis(
            "diverged",
            f"The loss shoots up from {start:.3g} to values like {late.max():.3g} instead of "
            "going down: the learning rate is far too large; make it 10 times smaller "
            "(and standardize features on very different scales).",
        )
    last = L[n - max(1, n // 4) - 1 :]
    total_drop = start - lowest
    still_dropping = total_drop > negligible and last[0] - end > _SLOW_SHARE * total_drop
    diffs = np.diff(late)
    signs = np.where(np.abs(diffs) > negligible, np.sign(diffs), 0.0)
    flipping = _flip_share(signs) >= _ALTERNATING
    if flipping:
        return TraceDiagnosis(
            "oscillating",
            "The loss jumps up and down instead of settling: the steps overshoot the minimum "
            "back and forth; the learning rate is too large; try half of it.",
        )
    zigzag = isinstance(trace, History) and _zigzag_share(trace.weights) >= _ALTERNATING
    flat = total_drop <= negligible and abs(end - start) <= negligible
    back_up = end - lowest > negligible  # GD with a fitting eta never climbs back
    recent_climb = max(0.0, end - last[0])
    stays_higher = (
        back_up and lowest < start - negligible and recent_climb <= _CLIMB_SHARE * (end - lowest)
    )
    if zigzag and (flat or stays_higher or (still_dropping and end < start)):
        if flat:
            seen = "stays flat"
        elif stays_higher:
            seen = f"went down to {lowest:.3g} but then stays higher (it ends at {end:.3g})"
        else:
            seen = "only creeps down"
        return TraceDiagnosis(
            "oscillating",
            f"The weights jump back and forth across the minimum, so the loss {seen}: the "
            "learning rate is too large (close to where it diverges); try half of it.",
        )
    if end - start > negligible:
        return TraceDiagnosis(
            "diverged",
            f"The loss goes up (from {start:.3g} to {end:.3g}) instead of down: the learning "
            "rate is too large; make it smaller (try a third of it).",
        )
    if back_up:
        return TraceDiagnosis(
            "diverged",
            f"The loss went down to {lowest:.3g} but climbs again (to {end:.3g}): the steps "
            "overshoot more and more; the learning rate is too large; try half of it.",
        )
    if still_dropping:
        share = (last[0] - end) / total_drop
        return TraceDiagnosis(
            "too_slow",
            f"The loss is still going down at the end ({share:.0%} of the whole drop came in "
            "the last quarter of the run): the learning rate is too small; increase it "
            "(try 2 to 10 times larger) or take more steps.",
        )
    if flat:
        return TraceDiagnosis(
            "converged",
            "The loss stays flat: the start is already at a minimum (or the learning rate is "
            "so small that the weights do not move; check the gradient there).",
        )
    return TraceDiagnosis(
        "converged",
        f"The loss drops from {start:.3g} and levels off at {end:.3g}: the learning rate "
        "works; a somewhat larger one may get there in fewer steps if it does not start "
        "to oscillate.",
    )
