"""gdkit's shared input validation: when it copies, and who checks for NaN/inf."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gdkit._inputs import real_array, require_finite


def test_a_copy_by_default_so_callers_may_write_to_it():
    x = np.array([1.0, 2.0])
    out = real_array(x, "w0", ndims=(1,))
    out += 1
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_copy_false_hands_back_a_float64_array_itself_and_converts_the_rest():
    x = np.array([[1.0, 2.0]])
    assert real_array(x, "X", ndims=(2,), copy=False) is x
    for other in ([[1, 2]], np.array([[1, 2]]), np.array([[1, 2]], dtype=np.float32)):
        out = real_array(other, "X", ndims=(2,), copy=False)
        assert out.dtype == np.float64
        np.testing.assert_array_equal(out, [[1.0, 2.0]])


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_finite_false_leaves_the_nan_check_to_require_finite(bad):
    x = np.array([1.0, bad])
    with pytest.raises(ValueError, match="X contains NaN or infinite values"):
        real_array(x, "X", ndims=(1,))
    assert real_array(x, "X", ndims=(1,), copy=False, finite=False) is x
    with pytest.raises(ValueError, match="X contains NaN or infinite values"):
        require_finite(x, "X")
    require_finite(np.array([1.0, 1e308]), "X")  # huge is fine


@pytest.mark.parametrize(
    ("value", "error", "words"),
    [
        ("1", TypeError, "number"),
        (None, TypeError, "number"),
        ([[1.0], [1.0, 2.0]], TypeError, "numbers"),
        (np.array(["a"]), TypeError, "real numbers"),
        (np.ones((1, 1, 1)), ValueError, "1 or 2 dimension(s)"),
        (np.ones((0, 2)), ValueError, "empty"),
    ],
)
def test_the_other_checks_do_not_depend_on_copy_or_finite(value, error, words):
    for flags in ({}, {"copy": False, "finite": False}):
        with pytest.raises(error, match=re.escape(words)):
            real_array(value, "X", ndims=(1, 2), **flags)
