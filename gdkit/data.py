"""The course's data sets and feature standardization."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from gdkit._inputs import real_array
from gdkit.losses import _sigmoid

__all__ = [
    "HEART_FACTS",
    "Dataset",
    "load_breast_cancer",
    "load_heart",
    "make_logistic",
    "standardize",
]


@dataclass(frozen=True, eq=False)
class Dataset:
    """A data set for the sigmoid neuron: ``X`` (n, p), labels ``y`` (n,) of 0/1 floats.

    >>> d = Dataset(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.0, 1.0]),
    ...             ("a", "b"), "two rows")
    >>> d.column("b")
    array([2., 4.])
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    description: str

    def __post_init__(self) -> None:
        X, y = np.asarray(self.X), np.asarray(self.y)
        if X.ndim != 2 or y.shape != (len(X),):
            raise ValueError(f"X must be (n, p) and y (n,), got {X.shape} and {y.shape}")
        if len(self.feature_names) != X.shape[1]:
            raise ValueError(f"{len(self.feature_names)} feature names for {X.shape[1]} columns")
        if not np.all((y == 0) | (y == 1)):
            raise ValueError("y must hold 0/1 labels")

    def column(self, name: str) -> np.ndarray:
        """The feature column called ``name`` (a copy), shape ``(n,)``.

        >>> load_heart().column("Age").shape
        (303,)
        """
        if name not in self.feature_names:
            raise KeyError(f"no feature {name!r}; the features are {', '.join(self.feature_names)}")
        return self.X[:, self.feature_names.index(name)].copy()


#: Per-class figures of the real Cleveland heart-disease data (303 patients), from which
#: :func:`load_heart` simulates: feature -> ((mean, sd) for AHD=Yes, (mean, sd) for AHD=No).
#: ``Sex`` holds the share of men. ``n`` holds the class sizes.
HEART_FACTS: dict[str, Any] = {
    "n": (139, 164),
    "MaxHR": ((139.26, 22.59), (158.38, 19.20)),
    "Age": ((56.63, 7.94), (52.59, 9.51)),
    "RestBP": ((134.57, 18.77), (129.25, 16.20)),
    "Chol": ((251.47, 49.49), (242.64, 53.46)),
    "Oldpeak": ((1.57, 1.30), (0.59, 0.78)),
    "Sex": (0.820, 0.561),
}

# plausible ranges (those of the real data) that the simulated values are clipped to
_HEART_RANGES = {
    "MaxHR": (71, 202),
    "Age": (29, 77),
    "RestBP": (94, 200),
    "Chol": (126, 564),
    "Oldpeak": (0.0, 6.2),
}

_HEART_DESCRIPTION = (
    "SIMULATED heart-disease cohort of 303 patients (139 with heart disease, AHD=Yes, "
    "y=1; 164 without, y=0). Each feature is drawn separately per class from a normal "
    "distribution with the mean and standard deviation published for the Cleveland "
    "heart-disease data (303 patients, UCI Machine Learning Repository); Oldpeak from a "
    "gamma distribution with that mean and sd (it is never negative), Sex (1 = male) as "
    "a coin flip with the share of men. Values are rounded like the original (whole "
    "numbers, Oldpeak to 0.1) and clipped to its ranges. These are NOT the real patient "
    "records, and features are independent within a class (the real ones are not). "
    "Features: MaxHR (maximum heart rate, beats per minute), Age (years), RestBP "
    "(resting blood pressure, mm Hg), Chol (serum cholesterol, mg/dl), Oldpeak (ST "
    "depression induced by exercise), Sex."
)


def _simulate_class(rng: np.random.Generator, which: int) -> np.ndarray:
    """Columns MaxHR, Age, RestBP, Chol, Oldpeak, Sex for class ``which`` (0 = Yes, 1 = No)."""
    n = HEART_FACTS["n"][which]
    columns = []
    for name in ("MaxHR", "Age", "RestBP", "Chol"):
        mean, sd = HEART_FACTS[name][which]
        columns.append(np.clip(np.round(rng.normal(mean, sd, n)), *_HEART_RANGES[name]))
    mean, sd = HEART_FACTS["Oldpeak"][which]
    shape, scale = (mean / sd) ** 2, sd**2 / mean  # gamma with this mean and sd
    columns.append(np.clip(np.round(rng.gamma(shape, scale, n), 1), *_HEART_RANGES["Oldpeak"]))
    columns.append((rng.random(n) < HEART_FACTS["Sex"][which]).astype(float))
    return np.column_stack(columns)


def load_heart(seed: int = 0) -> Dataset:
    """A SIMULATED cohort shaped like the Cleveland heart-disease data (see ``description``).

    303 patients in shuffled order; ``y = 1`` for heart disease (AHD = Yes). The same
    ``seed`` always gives the same data.

    >>> heart = load_heart()
    >>> heart.X.shape, int(heart.y.sum())
    ((303, 6), 139)
    >>> heart.feature_names
    ('MaxHR', 'Age', 'RestBP', 'Chol', 'Oldpeak', 'Sex')
    """
    rng = np.random.default_rng(seed)
    X = np.vstack([_simulate_class(rng, 0), _simulate_class(rng, 1)])
    y = np.repeat([1.0, 0.0], HEART_FACTS["n"])
    order = rng.permutation(len(y))
    names = ("MaxHR", "Age", "RestBP", "Chol", "Oldpeak", "Sex")
    return Dataset(X[order], y[order], names, f"{_HEART_DESCRIPTION} Seed {seed}.")


def load_breast_cancer() -> Dataset:
    """The Wisconsin diagnostic breast-cancer data bundled with scikit-learn.

    569 tumours, 30 features; ``y = 1`` for MALIGNANT (212) and 0 for benign (357).
    Note: scikit-learn's own ``target`` is the other way round (0 = malignant); it is
    flipped here so that the neuron predicts the probability of cancer.

    >>> cancer = load_breast_cancer()
    >>> cancer.X.shape, int(cancer.y.sum())
    ((569, 30), 212)
    """
    from sklearn.datasets import load_breast_cancer as sklearn_load

    raw = sklearn_load()
    return Dataset(
        X=np.asarray(raw.data, dtype=float),
        y=(raw.target == 0).astype(float),
        feature_names=tuple(str(name) for name in raw.feature_names),
        description=(
            "Wisconsin Diagnostic Breast Cancer data (569 tumours, 30 features computed "
            "from images of cell nuclei), as bundled with scikit-learn. y = 1 for malignant, "
            "0 for benign (scikit-learn's target uses 0 = malignant; flipped here)."
        ),
    )


def standardize(X: Any) -> tuple[np.ndarray, np.ndarray | float, np.ndarray | float]:
    """Return ``(Z, mean, sd)`` with ``Z = (X - mean) / sd`` column by column.

    ``sd`` is the population standard deviation (``ddof=0``). A constant column gets
    ``sd = 1``, so its ``Z`` is all zeros rather than NaN: standardize BEFORE
    :func:`~gdkit.losses.add_intercept`. A 1-D ``X`` gives a 1-D ``Z`` and float
    ``mean`` and ``sd``. New data ``X_new`` is scaled as ``(X_new - mean) / sd``.

    >>> Z, mean, sd = standardize(np.array([[1.0, 5.0], [3.0, 5.0]]))
    >>> Z
    array([[-1.,  0.],
           [ 1.,  0.]])
    >>> mean, sd
    (array([2., 5.]), array([1., 1.]))
    """
    X_arr = real_array(X, "X", ndims=(1, 2))
    mean = X_arr.mean(axis=0)
    sd = X_arr.std(axis=0)
    constant = sd <= 1e-12 * np.maximum(1.0, np.abs(mean))  # up to rounding
    sd = np.where(constant, 1.0, sd)
    Z = np.where(constant, 0.0, (X_arr - mean) / sd)
    if X_arr.ndim == 1:
        return Z, float(mean), float(sd)
    return Z, mean, sd


def make_logistic(n: int, p: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` examples drawn from a sigmoid neuron with ``p`` weights: ``(X, y, w_true)``.

    ``X`` (float64, shape ``(n, p)``) has the column of ones first, then ``p - 1``
    independent standard normal features; ``w_true`` holds ``p`` weights drawn from a
    normal distribution with sd ``2 / sqrt(p)`` (so that ``X @ w_true`` has an sd near 2:
    the classes overlap, and the best weights are finite); each label ``y`` is 1 with
    probability ``sigmoid(X @ w_true)``. The same ``seed`` always gives the same data, and
    10^6 examples of 20 weights take well under a second.

    >>> X, y, w_true = make_logistic(5, 3, seed=1)
    >>> X.shape, y.shape, w_true.shape, X.dtype
    ((5, 3), (5,), (3,), dtype('float64'))
    >>> bool(np.all(X[:, 0] == 1.0)) and set(y.tolist()) <= {0.0, 1.0}
    True
    """
    for name, value, least in (("n", n, 1), ("p", p, 1)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < least:
            raise ValueError(f"{name} must be a whole number >= {least}, got {value!r}")
    rng = np.random.default_rng(seed)
    w_true = rng.normal(0.0, 2.0 / np.sqrt(p), size=p)
    X = np.empty((n, p))
    X[:, 0] = 1.0
    X[:, 1:] = rng.standard_normal((n, p - 1))
    y = (rng.random(n) < _sigmoid(X @ w_true)).astype(float)
    return X, y, w_true
