"""Stochastic and mini-batch gradient descent: the reference of assignment 09.

One epoch is one pass over the data: ``rng.permutation(n)`` once (the only draw from
``rng``), then batches of ``batch_size`` examples in that order, the last one smaller
when ``batch_size`` does not divide ``n``; each batch takes one step with the gradient of
the MEAN loss over its examples. The learning rate decays per epoch,
``eta_e = eta / (1 + decay * e)`` in epoch ``e = 0, 1, ...``.

Inputs are validated once, on the whole data. gdkit's own logistic gradient then runs
unchecked on each batch (one gather of the batch's rows, two small matrix products), so
that an epoch of a million examples costs about as much as a few full gradients.

>>> from gdkit.data import make_logistic
>>> X, y, _ = make_logistic(1000, 3, seed=0)
>>> h = minibatch_sgd(losses.log_loss, losses.log_loss_grad, np.zeros(3), 0.5, X, y,
...                   batch_size=32, n_epochs=3, rng=np.random.default_rng(0))
>>> h.weights.shape, bool(h.loss[-1] < h.loss[0])
((4, 3), True)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import numpy as np

from gdkit import losses
from gdkit._inputs import gradient_shaped, one_number, positive_number, real_array
from gdkit.descent import _frozen

__all__ = ["SGDHistory", "epoch_batches", "learning_rate", "minibatch_sgd"]


@dataclass(frozen=True, eq=False, repr=False)
class SGDHistory:
    """What a mini-batch run did, one record per epoch, the start included.

    ``weights[e]`` and ``loss[e]`` (the loss on ALL the data) are taken after ``e``
    epochs; ``eta[e]`` is the learning rate of epoch ``e`` (one fewer than records);
    ``seconds[e]`` is the time spent stepping until then (computing the recorded losses
    excluded). The arrays are read-only. ``loss`` makes it a trace for
    :func:`gdkit.diagnose.diagnose_trace`.

    >>> h = SGDHistory(weights=[[0.0], [1.0]], loss=[2.0, 1.0], eta=[0.5], seconds=[0.0, 0.1])
    >>> h.n_epochs, h.w
    (1, array([1.]))
    >>> h
    SGDHistory(1 epoch, loss 2 -> 1)
    """

    weights: np.ndarray
    loss: np.ndarray
    eta: np.ndarray
    seconds: np.ndarray

    def __post_init__(self) -> None:
        for field in ("weights", "loss", "eta", "seconds"):
            object.__setattr__(self, field, _frozen(getattr(self, field)))
        k1 = len(self.loss)
        if self.weights.ndim != 2 or len(self.weights) != k1 or self.seconds.shape != (k1,):
            raise ValueError("weights (k + 1, p), loss (k + 1,) and seconds (k + 1,) must match")
        if self.eta.shape != (k1 - 1,):
            raise ValueError(f"eta must hold one learning rate per epoch, shape ({k1 - 1},)")

    @property
    def n_epochs(self) -> int:
        """Number of epochs run (records minus the start)."""
        return len(self.loss) - 1

    @property
    def w(self) -> np.ndarray:
        """The final weights (a copy)."""
        return self.weights[-1].copy()

    def __repr__(self) -> str:
        epochs = f"{self.n_epochs} epoch{'' if self.n_epochs == 1 else 's'}"
        return f"SGDHistory({epochs}, loss {self.loss[0]:.4g} -> {self.loss[-1]:.4g})"


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    return int(value)


def _generator(rng: Any) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a NumPy Generator (np.random.default_rng(seed)), not {type(rng).__name__}"
        )
    return rng


def epoch_batches(n: int, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """The example indices of each batch of one epoch: ``rng.permutation(n)`` cut in order.

    Every batch holds ``batch_size`` indices except the last, which holds the rest
    (``ceil(n / batch_size)`` batches); each index appears exactly once.

    >>> [b.tolist() for b in epoch_batches(5, 2, np.random.default_rng(0))]
    [[2, 4], [3, 0], [1]]
    """
    n, batch_size = _whole(n, "n"), _whole(batch_size, "batch_size")
    order = _generator(rng).permutation(n)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]


def learning_rate(eta: float, decay: float, epoch: int) -> float:
    """The learning rate of epoch ``epoch`` (from 0): ``eta / (1 + decay * epoch)``.

    >>> learning_rate(0.5, 0.1, 0), learning_rate(0.5, 0.1, 10)
    (0.5, 0.25)
    """
    return eta / (1.0 + decay * epoch)


Epoch = Callable[[np.ndarray, float, list[np.ndarray]], np.ndarray]


def _logistic_epoch(X: np.ndarray, y: np.ndarray) -> Epoch:
    """One epoch on the mean log-loss, unchecked (the inputs were validated once before).

    With sigmoid(z) - y = (tanh(z / 2) + s) / 2 and s = 1 - 2 y, a step is
    ``h = h - eta / (4 m) * Xb.T @ (tanh(Xb @ h) + s_b)`` on the halved weights h = w / 2:
    no overflow, and five NumPy calls on the batch besides its two gathers. A batch of
    256 costs little more than those calls, so their number is the epoch's time.
    Halving and doubling are exact.
    """
    s = 1.0 - 2.0 * y

    def epoch(w: np.ndarray, eta: float, batches: list[np.ndarray]) -> np.ndarray:
        h = 0.5 * w
        for batch in batches:
            Xb = X.take(batch, axis=0)
            r = Xb @ h
            np.tanh(r, out=r)
            r += s.take(batch)
            r *= -eta / (4 * len(batch))
            h += r @ Xb
        return 2.0 * h

    return epoch


def _epoch_runner(
    grad: Callable[..., Any], X: np.ndarray, y: np.ndarray, shape: tuple[int, ...]
) -> Epoch:
    """``(w, eta, batches) -> w`` after one step per batch of (X, y).

    Unchecked for gdkit's logistic gradient. A batch of all the examples needs no gather:
    the mean over all examples does not depend on their order.
    """
    logistic = _logistic_epoch(X, y) if grad is losses.log_loss_grad else None

    def epoch(w: np.ndarray, eta: float, batches: list[np.ndarray]) -> np.ndarray:
        if len(batches) == 1:
            return w - eta * gradient_shaped(grad(w.copy(), X, y), shape)
        if logistic is not None:
            return logistic(w, eta, batches)
        for batch in batches:
            Xb, yb = X.take(batch, axis=0), y.take(batch)
            w = w - eta * gradient_shaped(grad(w.copy(), Xb, yb), shape)
        return w

    return epoch


def minibatch_sgd(
    loss: Callable[..., Any],
    grad: Callable[..., Any],
    w0: Any,
    eta: float,
    X: Any,
    y: Any,
    *,
    batch_size: int,
    n_epochs: int,
    rng: np.random.Generator,
    decay: float = 0.0,
) -> SGDHistory:
    """Mini-batch gradient descent on ``loss(w, X, y)`` (a mean) with ``grad(w, X, y)``.

    Each epoch ``e`` calls :func:`epoch_batches` (one ``rng.permutation(n)``) and steps
    ``w = w - eta_e * grad(w, X[b], y[b])`` for each batch ``b`` in order, with
    ``eta_e = eta / (1 + decay * e)``. ``batch_size=1`` is stochastic gradient descent,
    ``batch_size >= n`` full-batch gradient descent (one step per epoch). The loss on all
    the data is recorded at the start and after every epoch (:class:`SGDHistory`).
    With ``grad=losses.log_loss_grad``, the batches skip its input checks (made once on
    the whole data).

    >>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    >>> y = np.array([0.0, 2.0, 4.0])
    >>> h = minibatch_sgd(losses.mse, losses.mse_grad, np.zeros(2), 0.1, X, y, batch_size=3,
    ...                   n_epochs=200, rng=np.random.default_rng(1))
    >>> np.round(h.w, 4)  # batches of all the data: gradient descent to y = 2 x
    array([0., 2.])
    """
    if not callable(loss) or not callable(grad):
        raise TypeError("loss and grad must be functions of (w, X, y)")
    w = real_array(w0, "w0", ndims=(1,))
    eta = positive_number(eta, "eta")
    decay = 0.0 if decay == 0 else positive_number(decay, "decay")
    X_arr = real_array(X, "X", ndims=(2,), copy=False)
    y_arr = real_array(y, "y", ndims=(1,), copy=False)
    if X_arr.shape != (len(y_arr), len(w)):
        raise ValueError(
            f"X must have shape (n, p) = ({len(y_arr)}, {len(w)}) for y of shape {y_arr.shape} "
            f"and w0 of shape {w.shape}, got {X_arr.shape}"
        )
    batch_size, n_epochs = _whole(batch_size, "batch_size"), _whole(n_epochs, "n_epochs")
    _generator(rng)
    if grad is losses.log_loss_grad:  # the checks the unchecked batches skip
        losses.log_loss_grad(w, X_arr[:1], y_arr[:1])
        if y_arr.min() < 0 or y_arr.max() > 1:
            raise ValueError("y must hold labels 0/1 (or probabilities in [0, 1]) for the log loss")
    run_epoch = _epoch_runner(grad, X_arr, y_arr, w.shape)
    weights, recorded, etas, seconds = (
        [w],
        [one_number(loss(w.copy(), X_arr, y_arr), "loss")],
        [],
        [0.0],
    )
    for e in range(n_epochs):
        etas.append(learning_rate(eta, decay, e))
        start = time.perf_counter()
        w = run_epoch(w, etas[-1], epoch_batches(len(y_arr), batch_size, rng))
        seconds.append(seconds[-1] + time.perf_counter() - start)
        weights.append(w)
        recorded.append(one_number(loss(w.copy(), X_arr, y_arr), "loss"))
    return SGDHistory(weights=weights, loss=recorded, eta=etas, seconds=seconds)
