"""Reading a trace plot (loss per iteration) and advising on the learning rate.

:func:`diagnose_trace` applies these rules, in this order, to the losses
``L_0 .. L_k`` of ``k`` steps. The "late part" is the last half of the run, the "last
part" its last quarter; changes below ``max(1e-12 * max(1, max|L|), 1e-3 * (max L -
min L))`` are "negligible" (rounding noise, or a wobble far smaller than the whole
trace). The late part "climbs on" when the highest loss of its second half lies more
than a quarter of the late part's range above the highest loss of its first half.

1. **diverged**: a loss is NaN or infinite, or the :class:`~gdkit.descent.History`
   says ``"diverged"`` (a blow-up, at any length);
2. **diverged**: the late part shoots up more than 10 × ``|L_0|`` above the start
   (at any length);
3. **too_short**: fewer than :data:`MIN_STEPS` steps: too few to tell a loss that
   levels off from one that turns back up, or a bounce from a descent (a single step
   that lands on the mirror point of the start leaves the loss unchanged);
4. **noisy** (or **diverged**), for a stochastic run only (``stochastic=True``: its
   gradients came from samples, such as mini-batches): the late part turns at 20 % or more of its
   non-negligible changes, at least 3 times, in no pattern that repeats with a period of
   2, 3 or 4 changes (8 changes at least): the noise of mini-batch gradients, not a
   cycle. Such a trace is read by its trend, the mean of its last quarter against the
   quarter before and the start: above the start it diverged; a fall of more than 2
   standard errors (of that difference under the noise alone) is "still going down",
   otherwise it "levelled off" (a noise floor);
5. **oscillating**: in the late part the loss turns (from up to down or back) at
   40 % or more of its non-negligible changes, and at least twice. That covers a
   2-cycle (up, down, up ...) as well as longer bounded cycles, such as the period-4
   cycle of the explorer's heart loss at eta = 100 (up, up, down, down ...), even
   where it ends above its start;
6. **oscillating**, given a History only: the weights keep moving while the loss stays
   flat (they jump between points of equal loss: with a learning rate that suits a
   smooth loss, every step that moves the weights lowers the loss), or at least 60 %
   of the late steps point against the step before (the weights zig-zag across the
   valley), those steps do not shrink (the last is at least half the largest) and the
   loss does not climb on;
7. **diverged**: the loss ends above where it started, or clearly above its lowest
   value (it went down, then climbed: with a fitting learning rate gradient descent
   never climbs back);
8. **too_slow**: the last part still brings more than 5 % of the total drop
   ``L_0 - min L``;
9. **converged** otherwise: the loss fell and levelled off, or stayed flat (with a
   History: while the weights stayed put too).

The verdict reads the trace only: a loss that creeps along a long flat valley (features
on very different scales, e.g. heart rate in beats per minute next to an intercept)
can look levelled off long before the minimum is reached; and without the weights a
flat loss cannot tell weights that stand still from weights that bounce.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gdkit._inputs import trace_losses
from gdkit.descent import History
from gdkit.stochastic import SGDHistory

__all__ = ["MIN_STEPS", "VERDICTS", "TraceDiagnosis", "diagnose_trace"]

VERDICTS = ("diverged", "oscillating", "too_slow", "converged", "too_short", "noisy")

#: Fewer steps than this get the verdict "too_short" (unless the loss blew up).
MIN_STEPS = 6

_FAR_ABOVE = 10.0  # rule 2: late climb above the start, in units of |L_0|
_TURNING = 0.4  # rule 5: share of the late changes at which the loss turns
_ZIGZAG = 0.6  # rule 6: share of late steps that point against the step before
_SHRUNK = 0.5  # rule 6: zig-zag steps have not shrunk if the last is this share of the largest
_SETTLED = 1e-3  # changes below this share of the trace's range are negligible
_NOISE = 1e-12  # ... and so are changes below this relative size (rounding)
_SLOW_SHARE = 0.05  # rule 8: share of the total drop still made in the last quarter
_CLIMB_SHARE = 0.25  # the late part climbs on if its peak rises by this share of its range
_MOVED = 1e-9  # rule 6: a step longer than this share of the weights' size moved them
_PERIODS = (2, 3, 4)  # rule 4: ups and downs that repeat with these periods are a cycle
_MIN_IRREGULAR = 8  # rule 4: late changes needed to call their pattern irregular (noise)
_NOISY_TURNING = 0.2  # rule 4: share of late changes at which a noisy loss turns, at least
_CLEARLY = 2.0  # rule 4: a fall of this many standard errors is a trend, not noise


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


@dataclass(frozen=True)
class _Trace:
    """The losses of a run and what the rules measure on them."""

    losses: np.ndarray
    negligible: float  # changes up to this size are rounding or a settled wobble

    @classmethod
    def of(cls, losses: np.ndarray) -> _Trace:
        spread = float(losses.max() - losses.min())
        scale = max(1.0, float(np.abs(losses).max()))
        return cls(losses, max(_NOISE * scale, _SETTLED * spread))

    @property
    def start(self) -> float:
        return float(self.losses[0])

    @property
    def end(self) -> float:
        return float(self.losses[-1])

    @property
    def lowest(self) -> float:
        return float(self.losses.min())

    @property
    def late(self) -> np.ndarray:
        return self.losses[len(self.losses) // 2 :]

    @property
    def last(self) -> np.ndarray:
        """The last quarter of the run (at least one step), with the loss before it."""
        n = len(self.losses)
        return self.losses[n - max(1, n // 4) - 1 :]

    @property
    def flat(self) -> bool:
        drop = self.start - self.lowest
        return drop <= self.negligible and abs(self.end - self.start) <= self.negligible

    @property
    def climbs_on(self) -> bool:
        """Whether the peaks of the late part still rise (a growing, not a bounded, swing)."""
        late = self.late
        first, second = late[: len(late) // 2], late[len(late) // 2 :]
        rise = float(second.max() - first.max())
        return rise > max(self.negligible, _CLIMB_SHARE * float(late.max() - late.min()))

    @property
    def late_signs(self) -> np.ndarray:
        """The directions (+1 up, -1 down) of the late non-negligible changes."""
        diffs = np.diff(self.late)
        return np.sign(diffs[np.abs(diffs) > self.negligible])

    @property
    def turning_share(self) -> tuple[float, int]:
        """Share of the late non-negligible changes at which the loss turns, and how often."""
        signs = self.late_signs
        if len(signs) < 3:
            return 0.0, 0
        turns = int(np.sum(signs[1:] != signs[:-1]))
        return turns / (len(signs) - 1), turns

    @property
    def irregular(self) -> bool:
        """Whether the late ups and downs follow no short pattern (they are noise, not a cycle).

        Too-large steps of gradient descent repeat a pattern: up, down, up, down, or up,
        up, down, down ...; the noise of mini-batch gradients does not.
        """
        signs = self.late_signs
        return len(signs) >= _MIN_IRREGULAR and not any(
            np.array_equal(signs[k:], signs[:-k]) for k in _PERIODS
        )

    @property
    def noisy(self) -> bool:
        """Whether the late part turns often enough, and irregularly, to be noise."""
        share, turns = self.turning_share
        return share >= _NOISY_TURNING and turns >= 3 and self.irregular

    @property
    def trend(self) -> tuple[float, float, float]:
        """The mean loss of the last quarter of the run, how far it lies below the mean of
        the quarter before, and the typical size of that fall for noise alone (its
        standard error)."""
        quarter = len(self.losses) // 4
        third, last = self.losses[-2 * quarter : -quarter], self.losses[-quarter:]
        noise = float(np.std(np.diff(self.late))) / np.sqrt(2.0)  # one loss's noise
        level = float(last.mean())
        return level, float(third.mean()) - level, noise * np.sqrt(2.0 / quarter)

    @property
    def still_dropping_share(self) -> float:
        """Share of the total drop ``L_0 - min L`` that the last part brings (0 if none)."""
        drop = self.start - self.lowest
        if drop <= self.negligible:
            return 0.0
        return float(self.last[0] - self.end) / drop


def _late_steps(weights: np.ndarray) -> np.ndarray:
    """The late steps of the weights that are not rounding noise, one row each."""
    steps = np.diff(weights.reshape(len(weights), -1), axis=0)
    steps = steps[len(steps) // 2 :]
    lengths = np.linalg.norm(steps, axis=1)
    return steps[lengths > _NOISE * max(1.0, float(lengths.max(initial=0.0)))]


def _moved(weights: np.ndarray) -> bool:
    """Whether any step moved the weights by more than rounding."""
    w = weights.reshape(len(weights), -1)
    steps = np.linalg.norm(np.diff(w, axis=0), axis=1)
    return bool(steps.max(initial=0.0) > _MOVED * max(1.0, float(np.abs(w).max())))


def _bouncing(weights: np.ndarray) -> bool:
    """Late steps that mostly reverse the step before and do not shrink."""
    steps = _late_steps(weights)
    if len(steps) < 3:
        return False
    reversed_share = float(np.mean(np.sum(steps[1:] * steps[:-1], axis=1) < 0))
    lengths = np.linalg.norm(steps, axis=1)
    return reversed_share >= _ZIGZAG and lengths[-1] >= _SHRUNK * lengths.max()


def _far_above(t: _Trace) -> TraceDiagnosis | None:
    peak = float(t.late.max())
    if peak - t.start > max(_FAR_ABOVE * abs(t.start), t.negligible):
        return TraceDiagnosis(
            "diverged",
            f"The loss shoots up from {t.start:.3g} to values like {peak:.3g} instead of going "
            "down: the learning rate is far too large; make it 10 times smaller (and "
            "standardize features on very different scales).",
        )
    return None


def _too_short(steps: int) -> TraceDiagnosis:
    return TraceDiagnosis(
        "too_short",
        f"Only {steps} step{'' if steps == 1 else 's'}: too few to tell whether the loss levels "
        f"off, goes on falling or turns back up. Take at least {MIN_STEPS} steps (20 or more "
        "show it best).",
    )


def _noisy(t: _Trace) -> TraceDiagnosis | None:
    """The verdict on a loss whose ups and downs are noise: read its trend, not its steps."""
    if not t.noisy:
        return None
    level, fall, noise = t.trend
    if level - t.start > t.negligible:
        return TraceDiagnosis(
            "diverged",
            f"Under the noise the loss goes up (from {t.start:.3g} to about {level:.3g}): "
            "the learning rate is too large; make it smaller (try a third of it).",
        )
    if fall > _CLEARLY * noise:
        return TraceDiagnosis(
            "noisy",
            "The loss jumps up and down without a pattern, but under the noise it is still "
            "going down: that noise comes from gradients of a few examples at a time "
            "(mini-batches), not from overshooting. Run more epochs; average over several "
            "steps (or read the loss once per epoch) to see the trend.",
        )
    return TraceDiagnosis(
        "noisy",
        f"The loss has levelled off at about {level:.3g} and jumps up and down there without "
        "a pattern: the noise of mini-batch gradients, which keep moving the weights near "
        "the minimum. A learning rate that decays from epoch to epoch (or larger batches) "
        "calms it.",
    )


def _up_and_down(t: _Trace) -> TraceDiagnosis | None:
    share, turns = t.turning_share
    if share >= _TURNING and turns >= 2:
        return TraceDiagnosis(
            "oscillating",
            "The loss jumps up and down instead of settling: the steps overshoot the minimum "
            "back and forth; the learning rate is too large; try half of it.",
        )
    return None


def _weights_bounce(t: _Trace, weights: np.ndarray) -> TraceDiagnosis | None:
    if t.flat and _moved(weights):
        seen = "stays flat while they move"
    elif _bouncing(weights) and not t.climbs_on:
        if t.end > t.lowest + t.negligible:
            seen = "does not settle"
        elif t.still_dropping_share > _SLOW_SHARE:
            seen = "only creeps down"
        else:
            seen = "looks level, though they never settle"
    else:
        return None
    return TraceDiagnosis(
        "oscillating",
        f"The weights jump back and forth across the minimum, so the loss {seen}: the "
        "learning rate is too large (close to where it diverges); try half of it.",
    )


def _climbs(t: _Trace) -> TraceDiagnosis | None:
    if t.end - t.start > t.negligible:
        return TraceDiagnosis(
            "diverged",
            f"The loss goes up (from {t.start:.3g} to {t.end:.3g}) instead of down: the "
            "learning rate is too large; make it smaller (try a third of it).",
        )
    if t.end - t.lowest > t.negligible:
        return TraceDiagnosis(
            "diverged",
            f"The loss went down to {t.lowest:.3g} but climbs again (to {t.end:.3g}): the "
            "steps overshoot more and more; the learning rate is too large; try half of it.",
        )
    return None


def _levels_off(t: _Trace) -> TraceDiagnosis:
    share = t.still_dropping_share
    if share > _SLOW_SHARE:
        return TraceDiagnosis(
            "too_slow",
            f"The loss is still going down at the end ({share:.0%} of the whole drop came in "
            "the last quarter of the run): the learning rate is too small; increase it "
            "(try 2 to 10 times larger) or take more steps.",
        )
    if t.flat:
        return TraceDiagnosis(
            "converged",
            "The loss stays flat: the start is already at a minimum, or the learning rate is so "
            "small that the weights do not move (check the gradient there). A trace alone "
            "cannot tell these from weights that jump between two points of equal loss.",
        )
    return TraceDiagnosis(
        "converged",
        f"The loss drops from {t.start:.3g} and levels off at {t.end:.3g}: the learning rate "
        "works; a somewhat larger one may get there in fewer steps if it does not start "
        "to oscillate.",
    )


def _is_stochastic(trace: object, stochastic: bool | None) -> bool:
    return isinstance(trace, SGDHistory) if stochastic is None else bool(stochastic)


def diagnose_trace(
    trace: History | Sequence[float] | np.ndarray, *, stochastic: bool | None = None
) -> TraceDiagnosis:
    """Classify a trace: diverged, oscillating, too_slow, converged, too_short or noisy.

    ``trace`` is a :class:`~gdkit.descent.History` (then its weights are used too) or a
    1-D sequence of at least 2 losses. The rules are listed in the module docstring.
    ``stochastic`` says whether the gradients were estimated from samples (mini-batches):
    only then can ups and downs be noise; a full-batch run that goes up and down
    oscillates (momentum rolling past the minimum, say). ``None`` (the default) means
    True for a :class:`~gdkit.stochastic.SGDHistory`, else False.

    >>> diagnose_trace([1.0, 4.0, 16.0, 64.0]).verdict  # shoots up: clear at any length
    'diverged'
    >>> diagnose_trace([1.0, 0.5]).verdict  # one step shows nothing else
    'too_short'
    >>> diagnose_trace([1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]).verdict
    'too_slow'
    >>> diagnose_trace([1.0, 0.5, 0.7, 0.45, 0.7, 0.45, 0.7, 0.45, 0.7]).verdict
    'oscillating'
    >>> diagnose_trace([1.0, 3.0, 5.0, 4.0, 2.0, 3.0, 5.0, 4.0, 2.0, 3.0, 5.0]).verdict
    'oscillating'
    >>> diagnose_trace([1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6]).verdict
    'diverged'

    The period-4 cycle (up, up, down, down) above is bounded, so it oscillates, although
    it ends above its start. A bounce between two points of equal loss is flat in the
    losses; only the weights of a History show it:

    Ups and downs in no repeating pattern are noise (mini-batch gradients), read by the
    trend under them:

    >>> steps = np.arange(100)
    >>> falling = 1 + np.exp(-steps / 50) + 0.05 * np.random.default_rng(0).normal(size=100)
    >>> print(diagnose_trace(falling, stochastic=True).verdict)
    noisy

    >>> from gdkit.descent import gradient_descent
    >>> bounce = gradient_descent(lambda w: w**2, lambda w: 2 * w, 1.0, 1.0, n_steps=8)
    >>> diagnose_trace(bounce.loss).verdict, diagnose_trace(bounce).verdict
    ('converged', 'oscillating')
    """
    if isinstance(trace, History) and trace.stopped == "diverged":
        return _BLEW_UP  # checked first: a blow-up at step 1 leaves a History of one loss
    losses = trace_losses(trace, at_least=2)
    if not np.all(np.isfinite(losses)):
        return _BLEW_UP
    t = _Trace.of(losses)
    steps = len(losses) - 1
    weights = trace.weights if isinstance(trace, History) else None
    return (
        _far_above(t)
        or (_too_short(steps) if steps < MIN_STEPS else None)
        or (_noisy(t) if _is_stochastic(trace, stochastic) else None)
        or _up_and_down(t)
        or (_weights_bounce(t, weights) if weights is not None else None)
        or _climbs(t)
        or _levels_off(t)
    )
