"""The simulated heart cohort, the breast-cancer data and standardization."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer as sklearn_breast_cancer

from gdkit.data import (
    HEART_FACTS,
    Dataset,
    load_breast_cancer,
    load_heart,
    make_logistic,
    standardize,
)
from gdkit.descent import gradient_descent
from gdkit.losses import add_intercept, log_loss, log_loss_grad, sigmoid
from gdkit.newton import newton_logistic

NAMES = ("MaxHR", "Age", "RestBP", "Chol", "Oldpeak")


def kurtosis(name: str, which: int) -> float:
    """Kurtosis of the simulating distribution: 3 for a normal, 3 + 6/k for a gamma(k)."""
    if name != "Oldpeak":
        return 3.0
    mean, sd = HEART_FACTS[name][which]
    return 3.0 + 6.0 / (mean / sd) ** 2


def sample_stats(seeds: range, name: str, label: float) -> tuple[np.ndarray, int]:
    values = np.concatenate([(d := load_heart(seed)).column(name)[d.y == label] for seed in seeds])
    return values, len(values)


@pytest.mark.parametrize("seeds", [range(1), range(30)], ids=["one cohort", "30 cohorts"])
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("which", "label"), [(0, 1.0), (1, 0.0)], ids=["AHD=Yes", "AHD=No"])
def test_per_class_means_and_sds_match_the_facts_within_sampling_error(seeds, name, which, label):
    """Within 4 standard errors; pooling 30 cohorts shows any bias of rounding and clipping."""
    values, n = sample_stats(seeds, name, label)
    mean, sd = HEART_FACTS[name][which]
    assert abs(values.mean() - mean) < 4 * sd / np.sqrt(n)
    se_sd = sd * np.sqrt((kurtosis(name, which) - 1) / (4 * n))
    assert abs(values.std(ddof=1) - sd) < 4 * se_sd + 0.3 / np.sqrt(12)  # + rounding


@pytest.mark.parametrize(("which", "label"), [(0, 1.0), (1, 0.0)])
def test_share_of_men_matches(which, label):
    values, n = sample_stats(range(30), "Sex", label)
    share = HEART_FACTS["Sex"][which]
    assert set(np.unique(values)) == {0.0, 1.0}
    assert abs(values.mean() - share) < 4 * np.sqrt(share * (1 - share) / n)


def test_heart_shape_labels_ranges_and_rounding():
    heart = load_heart()
    assert heart.X.shape == (303, 6) and heart.y.shape == (303,)
    assert heart.feature_names == ("MaxHR", "Age", "RestBP", "Chol", "Oldpeak", "Sex")
    assert (int(heart.y.sum()), int((heart.y == 0).sum())) == (139, 164)
    assert 0 < heart.y[:139].sum() < 139  # shuffled, not sorted by class
    for name, (low, high) in {"MaxHR": (71, 202), "Age": (29, 77), "Oldpeak": (0, 6.2)}.items():
        column = heart.column(name)
        assert low <= column.min() and column.max() <= high
    np.testing.assert_array_equal(heart.column("Age"), np.round(heart.column("Age")))
    np.testing.assert_allclose(heart.column("Oldpeak") * 10, np.round(heart.column("Oldpeak") * 10))


def test_heart_is_deterministic_for_a_seed():
    np.testing.assert_array_equal(load_heart(3).X, load_heart(3).X)
    assert not np.array_equal(load_heart(3).X, load_heart(4).X)


def test_the_description_says_it_is_simulated():
    text = load_heart().description
    assert "SIMULATED" in text and "NOT the real patient records" in text
    assert "Cleveland" in text and "303 patients" in text and "UCI" in text


def fit_maxhr(heart: Dataset, X: np.ndarray, eta: float, n_steps: int):
    return gradient_descent(lambda w: log_loss(w, X, heart.y), lambda w: log_loss_grad(w, X, heart.y), np.zeros(2), eta, n_steps=n_steps, grad_tol=1e-10)  # fmt: skip


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_maxhr_alone_predicts_heart_disease_with_a_plausible_negative_slope(seed):
    """Real data: logit P(AHD) = 6.3249 - 0.04341 MaxHR, mean NLL 0.5956."""
    heart = load_heart(seed)
    z, mean, sd = standardize(heart.column("MaxHR"))
    h = fit_maxhr(heart, add_intercept(z), eta=2.0, n_steps=2000)
    slope = h.w[1] / sd  # back to beats per minute
    intercept = h.w[0] - slope * mean
    assert -0.07 < slope < -0.025
    assert 3.5 < intercept < 10.0
    assert 0.55 < h.loss[-1] < 0.65


def test_in_beats_per_minute_the_standardized_learning_rate_diverges():
    heart = load_heart()
    z, _, _ = standardize(heart.column("MaxHR"))
    fine = fit_maxhr(heart, add_intercept(z), eta=1.0, n_steps=50)
    raw = fit_maxhr(heart, add_intercept(heart.column("MaxHR")), eta=1.0, n_steps=50)
    assert fine.loss[-1] < 0.61 < np.log(2) == pytest.approx(fine.loss[0])
    assert raw.loss.max() > 1000 * raw.loss[0]  # steps of ~100 in the slope


def test_breast_cancer_has_malignant_as_1():
    cancer, raw = load_breast_cancer(), sklearn_breast_cancer()
    assert cancer.X.shape == (569, 30) and len(cancer.feature_names) == 30
    assert int(cancer.y.sum()) == 212  # malignant
    np.testing.assert_array_equal(cancer.y, raw.target == 0)  # sklearn: 0 = malignant
    radius = cancer.column("mean radius")
    assert (
        radius[cancer.y == 1].mean() > radius[cancer.y == 0].mean()
    )  # malignant tumours are larger
    assert "malignant" in cancer.description and "flipped" in cancer.description


def test_standardize_columns():
    X = np.array([[1.0, 10.0, 0.1], [3.0, 30.0, 0.1], [5.0, 20.0, 0.1]])
    Z, mean, sd = standardize(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(Z.std(axis=0)[:2], 1.0)
    np.testing.assert_array_equal(Z[:, 2], 0.0)  # constant column: zeros, not NaN
    np.testing.assert_allclose(Z * sd + mean, X)
    np.testing.assert_array_equal(sd, [np.std([1, 3, 5]), np.std([10, 30, 20]), 1.0])


def test_standardize_a_vector():
    Z, mean, sd = standardize([2.0, 4.0])
    np.testing.assert_array_equal(Z, [-1.0, 1.0])
    assert (mean, sd) == (3.0, 1.0) and isinstance(mean, float)


@pytest.mark.parametrize(
    ("X", "error"),
    [([[np.nan, 1.0]], ValueError), ("abc", TypeError), (np.ones((2, 2, 2)), ValueError)],
)
def test_standardize_refuses_bad_input(X, error):
    with pytest.raises(error):
        standardize(X)


def test_dataset_checks_and_columns():
    d = Dataset(np.ones((2, 2)), np.array([0.0, 1.0]), ("a", "b"), "tiny")
    column = d.column("a")
    column[0] = 5.0
    assert d.X[0, 0] == 1.0  # a copy
    with pytest.raises(KeyError, match="a, b"):
        d.column("c")
    with pytest.raises(ValueError):
        Dataset(np.ones((2, 2)), np.array([0.0, 2.0]), ("a", "b"), "labels")
    with pytest.raises(ValueError):
        Dataset(np.ones((2, 2)), np.array([0.0, 1.0]), ("a",), "names")
    with pytest.raises(ValueError):
        Dataset(np.ones((2, 2)), np.array([0.0, 1.0, 1.0]), ("a", "b"), "rows")


# ---------------------------------------------------------------------------- make_logistic


def test_make_logistic_shapes_types_and_the_column_of_ones():
    X, y, w_true = make_logistic(1001, 6, seed=3)
    assert (X.shape, y.shape, w_true.shape) == ((1001, 6), (1001,), (6,))
    assert X.dtype == y.dtype == w_true.dtype == np.float64
    assert np.all(X[:, 0] == 1.0) and set(np.unique(y)) == {0.0, 1.0}


def test_make_logistic_is_deterministic_for_a_seed_and_differs_between_seeds():
    first, again, other = (make_logistic(50, 3, seed=s) for s in (1, 1, 2))
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[0], other[0])


def test_make_logistic_features_are_standard_normal_and_labels_follow_the_neuron():
    X, y, w_true = make_logistic(200_000, 5, seed=0)
    np.testing.assert_allclose(X[:, 1:].mean(axis=0), 0.0, atol=0.01)
    np.testing.assert_allclose(X[:, 1:].std(axis=0), 1.0, atol=0.01)
    p = sigmoid(X @ w_true)
    assert abs(y.mean() - p.mean()) < 4 * np.sqrt(np.mean(p * (1 - p)) / len(y))


def test_make_logistic_best_weights_recover_the_true_ones():
    X, y, w_true = make_logistic(100_000, 4, seed=5)
    np.testing.assert_allclose(newton_logistic(X, y), w_true, atol=0.05)


@pytest.mark.parametrize(("n", "p"), [(0, 3), (5, 0), (2.5, 3), (True, 3)])
def test_make_logistic_refuses_sizes_that_are_not_whole_positive_numbers(n, p):
    with pytest.raises(ValueError):
        make_logistic(n, p)
