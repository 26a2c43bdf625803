"""Autograder checks: each misconception gets its hint, and no hint gives the answer away."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from gdkit import checks, losses
from gdkit.checks import (
    CheckFailure,
    Slip,
    answer_digest,
    assert_close,
    check_choices,
    check_derivative,
    check_function,
    check_number,
)

EXPECTED = np.array([3.71828, -1.23457, 0.61803, 2.46914, -7.38906])  # n = 5 entries
SCALAR = 0.693147


def value_forms(expected) -> set[str]:
    """Ways an expected number could be printed; none may appear in a hint."""
    forms = {str(expected), repr(expected)}
    for v in np.ravel(expected):
        forms |= {repr(float(v)), f"{v:.2f}", f"{v:.3g}", f"{v:.4g}", f"{v:.6g}", f"{v:.3e}"}
    return forms


def hint(got, expected, **options) -> str:
    with pytest.raises(AssertionError) as failure:
        assert_close(got, expected, name="grad", **options)
    message = str(failure.value)
    leaked = [form for form in value_forms(expected) if form in message]
    assert not leaked, f"the hint shows the expected value: {message}"
    assert message.startswith("`grad`")
    return message


@pytest.mark.parametrize(
    ("got", "n", "words"),
    [
        (-EXPECTED, None, ["wrong sign"]),
        (2 * EXPECTED, None, ["2 times too large"]),
        (EXPECTED / 2, None, ["half as large", "factor 2 that is missing"]),
        (5 * EXPECTED, 5, ["n times too large", "SUM", "MEAN"]),
        (EXPECTED / 5, 5, ["n times too small", "division by the number of examples n"]),
        (-2 * EXPECTED, None, ["wrong sign and is 2 times too large"]),
        (10 * EXPECTED, 5, ["2 times too large and is n times too large"]),
        (2 * EXPECTED, 2, ["2 times too large"]),  # n = 2: reported as the factor 2 only
        (5 * EXPECTED, None, ["constant factor"]),  # without n, a sum is just a factor
        (3 * EXPECTED, 5, ["constant factor"]),
        (EXPECTED + np.array([0, 0, 1, 0, 1]), None, ["2 of 5 entries differ"]),
    ],
)
def test_value_misconceptions_are_named(got, n, words):
    message = hint(got, EXPECTED, n=n)
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    ("got", "n", "words"),
    [
        (-SCALAR, None, "wrong sign"),
        (2 * SCALAR, None, "2 times too large"),
        (303 * SCALAR, 303, "SUM over the examples"),
        (SCALAR + 0.1, None, "is not right"),
        (3 * SCALAR, None, "is not right"),  # one number: any factor fits
    ],
)
def test_value_misconceptions_of_a_single_number(got, n, words):
    assert words in hint(got, SCALAR, n=n)


@pytest.mark.parametrize(
    ("got", "expected", "words"),
    [
        (EXPECTED[:, None], EXPECTED, ["(5, 1)", "column", ".ravel()"]),
        (EXPECTED, EXPECTED[:, None], ["flat vector", "reshape(-1, 1)"]),
        (EXPECTED[:, None] - EXPECTED, EXPECTED, ["(5, 5)", "broadcasting"]),
        (np.ones((3, 5)), np.ones((5, 3)), ["transposed", "how it is built"]),  # no X given
        (EXPECTED, SCALAR, ["single number", "mean (or the sum)"]),
        (np.array([[SCALAR]]), SCALAR, ["single number", "float(...)"]),
        (SCALAR, EXPECTED, ["single number where an array"]),
        (EXPECTED[:3], EXPECTED, ["shape (3,)", "shape (5,)"]),
    ],
)
def test_shape_problems_get_specific_hints(got, expected, words):
    message = hint(got, expected)
    for word in words:
        assert word in message


def test_a_transposed_result_points_to_x_only_where_there_is_an_x():
    assert "X versus X.T" in hint(np.ones((3, 5)), np.ones((5, 3)), n=5)  # n examples: an X
    assert "X" not in hint(np.ones((3, 5)), np.ones((5, 3))).split("expected")[1]


@pytest.mark.parametrize(
    ("got", "words"),
    [
        (None, "replace None with your answer"),
        (lambda w: w, "forget to call it"),
        ("0.69", "text"),
        (True, "True/False"),
        (np.array([1j]), "complex"),
        ([1.0, "a"], "not a number"),
        ({"loss": 1.0}, "not a number"),
        ([[1.0], [1.0, 2.0]], "not a number"),
    ],
)
def test_type_problems_come_first(got, words):
    assert words in hint(got, SCALAR)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_and_infinity_point_to_overflow(bad):
    got = EXPECTED.copy()
    got[1] = bad
    message = hint(got, EXPECTED)
    assert "NaN or infinity (1 of 5 entries)" in message
    assert "overflow" in message and "np.logaddexp" in message


def test_right_answers_pass():
    assert_close(EXPECTED.tolist(), EXPECTED, name="grad")  # a list is fine
    assert_close(EXPECTED * (1 + 1e-8), EXPECTED, name="grad")
    assert_close(np.float32(SCALAR), SCALAR, name="loss", rtol=1e-6)
    assert_close(3, 3.0, name="count")
    with pytest.raises(AssertionError):
        assert_close(EXPECTED * (1 + 1e-4), EXPECTED, name="grad")
    assert_close(EXPECTED * (1 + 1e-4), EXPECTED, name="grad", rtol=1e-3)


W = np.array([0.5, -1.0, 2.0])
X = np.random.default_rng(1).normal(size=(6, 3))
Y = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0])
CASES = [(W, X, Y), (np.zeros(3), X, Y)]


def fails(
    student, name="log_loss_grad", reference=losses.log_loss_grad, cases=CASES, **options
) -> str:
    with pytest.raises(AssertionError) as failure:
        check_function(student, reference, cases, name=name, **options)
    return str(failure.value)


def test_a_right_function_passes_on_every_case():
    def student(w, X, y):
        return X.T @ (1 / (1 + np.exp(-(X @ w))) - y) / len(y)

    check_function(student, losses.log_loss_grad, CASES, name="log_loss_grad")


def test_not_implemented_yet():
    def student(w, X, y):
        raise NotImplementedError()

    assert fails(student) == (
        "`log_loss_grad` is not implemented yet: replace the `raise NotImplementedError()` "
        "line with your code."
    )


def test_an_exception_is_named_with_the_shapes_of_the_case():
    def student(w, X, y):
        return X @ y  # (6, 3) @ (6,)

    message = fails(student)
    assert message.startswith("`log_loss_grad` raised ValueError: matmul")
    assert (
        "(case 1 of 2, called with w: array of shape (3,), X: array of shape (6, 3), y: array of shape (6,))"
        in message
    )


def test_the_failing_case_is_named_and_n_is_read_from_X():
    def student(w, X, y):  # right for case 1, a sum over the examples for case 2 (w = 0)
        if w.any():
            return losses.log_loss_grad(w, X, y)
        return X.T @ (losses.sigmoid(X @ w) - y)

    message = fails(student)
    assert "SUM over the examples" in message and "(case 2 of 2," in message
    # n_of overrides the number of rows of X; with a wrong n the sum is not recognised
    assert "SUM" not in fails(student, n_of=lambda w, X, y: 1)


def test_mutated_inputs_are_reported_and_the_cases_stay_intact():
    def student(w, X, y):
        result = losses.mse(w, X, y)
        X -= X.mean(axis=0)  # in place!
        return result

    before = X.copy()
    message = fails(student, name="mse", reference=losses.mse)
    assert "changed its input `X` in place" in message
    np.testing.assert_array_equal(X, before)


def test_the_reference_cannot_change_what_the_student_gets():
    def reference(w, X, y):
        value = losses.mse(w, X, y)
        X[:] = 0.0
        return value

    def student(w, X, y):
        return losses.mse(w, X, y)  # would be wrong if it saw the reference's zeros

    check_function(student, reference, CASES, name="mse")


def test_an_overflow_warning_fails_with_a_hint_and_stays_off_stderr(capfd):
    """Is a naive sigmoid, right in value but warning about overflow, told why it fails?"""

    def naive_sigmoid(z):
        return 1 / (1 + np.exp(-z))  # overflows for z = -1000, but the result is right

    message = fails(
        naive_sigmoid,
        name="sigmoid",
        reference=losses.sigmoid,
        cases=[(np.array([-1000.0, 0.0, 1000.0]),)],
    )
    assert "overflow" in message and "stable form" in message
    assert capfd.readouterr() == ("", "")


def test_an_underflow_is_no_problem():
    """Does a stable sigmoid, whose exp(-|z|) underflows to 0, pass?"""
    check_function(losses.sigmoid, losses.sigmoid, [(np.array([-1e4, 1e4]),)], name="sigmoid")


def test_a_naive_log_loss_gets_the_overflow_hint(capfd):
    def naive_log_loss(w, X, y):
        p = 1 / (1 + np.exp(-(X @ w)))
        return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))

    message = fails(
        naive_log_loss,
        name="log_loss",
        reference=losses.log_loss,
        cases=[(np.array([0.0, 300.0, 0.0]), X, Y)],
    )
    assert "NaN or infinity" in message and "stable form" in message
    assert capfd.readouterr() == ("", "")


def test_a_function_that_returns_nothing():
    assert "did you forget to `return`" in fails(lambda w, X, y: None)


def test_a_student_function_overwritten_by_a_value():
    assert "not a function" in fails(0.5)


@pytest.mark.parametrize("cases", [[], [W], None])
def test_cases_must_be_argument_tuples(cases):
    with pytest.raises(TypeError):
        check_function(losses.mse, losses.mse, cases, name="mse")


def test_scalar_arguments_are_described_by_value():
    def step(w, eta):
        return w + eta  # sign of the step flipped

    message = fails(step, name="step", reference=lambda w, eta: w - eta, cases=[(1.5, 0.25)])
    assert "eta=0.25" in message and "w=1.5" in message


class TestCheckDerivative:
    """Does a typed derivative get a verdict that names the mistake, never the answer?"""

    w, x, y = sympy.symbols("w x y")
    EXPECTED = sympy.diff((w * x - y) ** 2, w)

    def test_right_answers_in_any_form_pass(self):
        for answer in ("2*x*(w*x - y)", "2*w*x^2 - 2*x*y", sympy.expand(self.EXPECTED)):
            check_derivative(answer, self.EXPECTED, name="dL_dw")

    @pytest.mark.parametrize(
        ("answer", "words"),
        [
            ("2*(w*x - y)", "missing a factor"),
            ("-2*x*(w*x - y)", "wrong sign"),
            ("x*(w*x - y)", "constant factor"),
            ("2*x*(w*x - y", "could not read"),
            ("2*x*(v*x - y)", "symbol 'v'"),
            (None, "still empty"),
        ],
    )
    def test_wrong_answers_are_named_without_the_answer(self, answer, words):
        with pytest.raises(AssertionError) as failure:
            check_derivative(answer, self.EXPECTED, name="dL_dw")
        message = str(failure.value)
        assert message.startswith("`dL_dw`") and words in message
        assert "2*x*(w*x - y)" not in message and str(self.EXPECTED) not in message


def test_a_slow_derivative_gets_more_time_when_graded(monkeypatch):
    """Is an answer that takes over a second to check given longer under nbgrader?"""
    import gdkit.symbolic

    seen = []

    def slow_check(answer, expected, *, seconds=None, symbols=()):
        seen.append(seconds)
        if seconds is None:
            return gdkit.symbolic.Verdict(correct=False, mistake="too_complex", message="slow")
        return gdkit.symbolic.Verdict(correct=True, mistake=None, message="right")

    monkeypatch.setattr(gdkit.symbolic, "check", slow_check)
    with pytest.raises(AssertionError, match="slow"):
        check_derivative("x", "x", name="d")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    check_derivative("x", "x", name="d")
    assert seen == [None, None, 10.0]


def test_a_ratio_with_two_readings_gets_the_simplest_one_only():
    """With n = 4, is "2 times too large" (also a sum with the 2 missing) named once, plainly?"""
    X4, y4, w4 = np.arange(8.0).reshape(4, 2), np.array([1.0, 0.0, 2.0, 1.0]), np.ones(2)
    with pytest.raises(CheckFailure) as failure:
        check_function(
            lambda w, X, y: X.T @ (X @ w - y),  # a sum, and the 2 of the square forgotten
            losses.mse_grad,
            [(w4, X4, y4)],
            name="mse_grad",
        )
    assert failure.value.kind == "factor_2"
    assert "2 times too large" in str(failure.value) and "SUM" not in str(failure.value)


def test_a_dict_of_arrays_changed_in_place_is_noticed():
    def student(params):
        params["w"] *= 2  # changes the caller's array
        return float(params["w"].sum())

    message = fails(
        student,
        name="total",
        reference=lambda params: float(params["w"].sum()) * 2,
        cases=[({"w": np.ones(3)},)],
    )
    assert "changed its input" in message


@pytest.mark.parametrize(
    ("got", "n", "kind"),
    [
        (-EXPECTED, None, "sign"),
        (2 * EXPECTED, None, "factor_2"),
        (EXPECTED / 2, None, "half"),
        (5 * EXPECTED, 5, "sum_for_mean"),
        (EXPECTED / 5, 5, "mean_for_sum"),
        (-2 * EXPECTED, None, "sign+factor_2"),
        (10 * EXPECTED, 5, "factor_2+sum_for_mean"),
        (3 * EXPECTED, 5, "scale"),
        (EXPECTED + 1, None, "value"),
        (EXPECTED[:, None], None, "shape"),
        (np.full(5, np.nan), None, "not_finite"),
        (None, None, "none"),
        ("text", None, "type"),
    ],
)
def test_each_failure_carries_its_kind(got, n, kind):
    with pytest.raises(CheckFailure) as failure:
        assert_close(got, EXPECTED, name="grad", n=n)
    assert failure.value.kind == kind


def test_a_declared_slip_is_named_instead_of_the_generic_hint():
    """Does a wrong value that a declared slip explains get the slip's message and kind?"""
    slip = Slip("abs_for_square", "takes |r| where the square r**2 belongs.", lambda x: abs(x))
    with pytest.raises(CheckFailure) as failure:
        check_function(
            lambda x: abs(x),
            lambda x: x**2,
            [(np.array([-2.0, 3.0, 0.5]),)],
            name="f",
            slips=[slip],
        )
    assert failure.value.kind == "abs_for_square"
    assert str(failure.value).startswith("`f` takes |r|")


def test_a_slip_that_does_not_match_leaves_the_generic_hint():
    slip = Slip("abs_for_square", "takes |r|.", lambda x: abs(x))
    with pytest.raises(CheckFailure) as failure:
        check_function(
            lambda x: -(x**2), lambda x: x**2, [(np.array([-2.0, 3.0]),)], name="f", slips=[slip]
        )
    assert failure.value.kind == "sign"


def test_a_slip_for_a_value():
    grid = np.linspace(0, 1, 5)
    slip = Slip("min_not_argmin", "is the smallest loss, not the weight where it is.", 0.1)
    with pytest.raises(CheckFailure) as failure:
        assert_close(0.1, grid[2], name="best_w1", slips=[slip])
    assert failure.value.kind == "min_not_argmin"


def test_calling_a_forbidden_reference_fails_and_says_which():
    """Does a student's function that calls gdkit's own version fail, however it got it?"""
    from gdkit.losses import sigmoid as imported_sigmoid

    def by_module(z):
        return losses.sigmoid(z)

    def by_name(z):
        return imported_sigmoid(z)

    def by_catching(z):  # a bare except must not hide it
        try:
            return losses.sigmoid(z)
        except Exception:
            return 1 / (1 + np.exp(-z))

    for student in (by_module, by_name, by_catching):
        with pytest.raises(CheckFailure) as failure:
            check_function(
                student,
                losses.sigmoid,
                [(np.array([0.0, 1.0]),)],
                name="sigmoid",
                forbid=[losses.sigmoid],
            )
        assert failure.value.kind == "reference_used"
        assert "losses.sigmoid" in str(failure.value)
    assert losses.sigmoid(0.0) == 0.5 and imported_sigmoid is losses.sigmoid  # put back


def test_own_code_passes_with_the_reference_forbidden():
    check_function(
        lambda z: 1 / (1 + np.exp(-z)),
        losses.sigmoid,
        [(np.array([0.0, 1.0]),)],
        name="sigmoid",
        forbid=[losses.sigmoid],
    )


def test_an_in_place_change_is_reported_before_a_wrong_value():
    def student(w):
        w *= 2
        return w

    with pytest.raises(CheckFailure) as failure:
        check_function(student, lambda w: w + 1, [(np.ones(3),)], name="f")
    assert failure.value.kind == "in_place"


@pytest.mark.parametrize("value", [0.005, np.float64(0.005), np.array(0.005), 5, np.int64(5)])
def test_any_form_of_one_number_is_a_number(value):
    assert check_number(value, name="eta", positive=True) == float(value)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (None, "none"),
        ("0.1", "type"),
        (True, "type"),
        (np.array([0.1]), "shape"),
        (np.inf, "not_finite"),
        (-0.1, "not_positive"),
        (0, "not_positive"),
    ],
)
def test_what_is_not_one_positive_number_is_named(value, kind):
    with pytest.raises(CheckFailure) as failure:
        check_number(value, name="eta", positive=True)
    assert failure.value.kind == kind


def test_choices_say_which_are_wrong_but_never_what_is_right():
    key = {label: answer_digest(label, right) for label, right in [("A", "up"), ("B", "down")]}
    check_choices({"A": "up", "B": "down"}, key, name="d", choices=["up", "down"])
    with pytest.raises(CheckFailure) as failure:
        check_choices(
            {"A": "up", "B": "up"},
            key,
            name="d",
            choices=["up", "down"],
            why_not={"up": "it would rise"},
        )
    assert failure.value.kind == "wrong_choice"
    assert 'B is not "up": it would rise' in str(failure.value)
    assert "down" not in str(failure.value) and "A is" not in str(failure.value)
    for given, kind in [
        (None, "none"),
        ([], "type"),
        ({"A": "up"}, "keys"),
        ({"A": "up", "B": "sideways"}, "choice"),
    ]:
        with pytest.raises(CheckFailure) as failure:
            check_choices(given, key, name="d", choices=["up", "down"])
        assert failure.value.kind == kind


def test_a_fraction_or_a_decimal_is_a_number():
    from decimal import Decimal
    from fractions import Fraction

    assert_close(Fraction(1, 2), 0.5, name="x")
    assert_close(Decimal("0.5"), 0.5, name="x")


def test_a_one_element_tuple_for_a_number_is_named():
    with pytest.raises(CheckFailure) as failure:
        check_function(lambda x: (x,), lambda x: x, [(2.0,)], name="f")
    assert failure.value.kind == "type" and "tuple of one element" in str(failure.value)


def test_text_that_reads_as_a_number_is_not_taken_for_a_slip():
    slip = Slip("halved", "halves it.", lambda x: x / 2)
    with pytest.raises(CheckFailure) as failure:
        check_function(lambda x: f"{x / 2}", lambda x: x, [(2.0,)], name="f", slips=[slip])
    assert failure.value.kind == "type"


def test_a_function_that_never_returns_is_stopped_with_a_message(monkeypatch):
    monkeypatch.setattr(checks, "CALL_SECONDS", 0.2)

    def forever(x):
        while True:
            try:  # noqa: SIM105 (what a student writes)
                x = x + 1
            except Exception:  # a student's broad except must not swallow the stop
                pass

    with pytest.raises(checks.CheckFailure) as failure:
        checks.check_function(forever, lambda x: x, [(1.0,)], name="f")
    assert failure.value.kind == "endless"
    assert "did not finish within 0.2 s" in str(failure.value)
    checks.check_function(lambda x: x, lambda x: x, [(1.0,)], name="f")  # the timer is off again


# ---------------------------------------------------------------------------- the generator


def kicks(w, rng, n=3):
    """Right: n draws from the rng it is given (the generator not last)."""
    return w + rng.normal(size=n)


def rng_args(seed=7):
    return (np.zeros(3), np.random.default_rng(seed), 3)


@pytest.mark.parametrize(
    "right",
    [
        kicks,
        lambda w, rng, n: w + rng.normal(0.0, 1.0, size=n),  # the same draws, called otherwise
        lambda w, rng, n: list(w + rng.normal(size=n)),  # a list of the numbers
    ],
)
def test_a_function_that_draws_from_its_rng_passes(right):
    checks.check_rng_use(right, rng_args(), name="kicks", reference=kicks)


def test_the_generator_given_is_left_as_it_was():
    args = rng_args()
    checks.check_rng_use(kicks, args, name="kicks", reference=kicks)
    assert args[1].bit_generator.state == np.random.default_rng(7).bit_generator.state


class Everywhere:
    """np.random's own functions, where the rng belongs."""

    def normal(self, size=None):
        return np.random.normal(size=size)


@pytest.mark.parametrize(
    ("wrong", "kind", "words"),
    [
        (lambda w, rng, n: kicks(w, Everywhere(), n), "not_reproducible", "same seed"),
        (lambda w, rng, n: kicks(w, np.random.default_rng(), n), "not_reproducible", "same seed"),
        (lambda w, rng, n: kicks(w, np.random.default_rng(0), n), "rng_ignored", "whatever"),
        (lambda w, rng, n: w + 1.0, "rng_ignored", "whatever"),
        (lambda w, rng, n: (rng.random(), kicks(w, rng, n))[1], "rng_calls", "one call"),
        (lambda w, rng, n: w + rng.normal(size=n + 1)[:n], "rng_calls", "one call"),
    ],
)
def test_each_wrong_use_of_the_generator_is_named(wrong, kind, words):
    np.random.seed(3)
    with pytest.raises(CheckFailure) as failure:
        checks.check_rng_use(
            wrong,
            rng_args(),
            name="kicks",
            reference=kicks,
            draws="make one call rng.normal(size=n)",
            where="case 2 of 3",
        )
    message = str(failure.value)
    assert failure.value.kind == kind, message
    assert message.startswith("`kicks` ") and message.endswith("(case 2 of 3)")
    assert words in message


def test_without_a_reference_other_draws_are_not_checked():
    checks.check_rng_use(
        lambda w, rng, n: (rng.random(), kicks(w, rng, n))[1], rng_args(), name="f"
    )
    with pytest.raises(CheckFailure) as failure:
        checks.check_rng_use(lambda w, rng, n: w, rng_args(), name="f")
    assert failure.value.kind == "rng_ignored"


def test_the_same_result_for_every_seed_is_right_when_the_reference_gives_it_too():
    def mean_index(n, rng):
        return float(np.mean(rng.permutation(n)))  # (n - 1) / 2, whatever the order

    def no_draw(n, rng):
        return (n - 1) / 2

    checks.check_rng_use(mean_index, (5, np.random.default_rng(1)), name="f", reference=mean_index)
    for reference, kind in [(None, "rng_ignored"), (mean_index, "rng_calls")]:
        with pytest.raises(CheckFailure) as failure:
            checks.check_rng_use(
                no_draw, (5, np.random.default_rng(1)), name="f", reference=reference
            )
        assert failure.value.kind == kind


def test_a_result_the_draws_do_not_change_is_not_called_ignoring_the_generator():
    """It draws from its rng (integer starts where uniform ones are asked, say) but ends
    with the same result for every seed: the value checks name that, not 'rng_ignored'."""

    def draws_but_rounds(w, rng, n):
        return w + np.round(0.01 * rng.random(n))  # always + 0

    checks.check_rng_use(draws_but_rounds, rng_args(), name="f")


def test_results_that_are_not_numbers_are_left_to_the_value_checks():
    for result in (None, "path", {"w": 1.0}, lambda: 0.0):
        checks.check_rng_use(lambda w, rng, n, r=result: r, rng_args(), name="f", reference=kicks)


def test_ragged_lists_and_a_picked_attribute_are_compared():
    def batches(n, rng):
        order = rng.permutation(n)
        return [order[:3], order[3:]]

    checks.check_rng_use(batches, (5, np.random.default_rng(2)), name="b", reference=batches)
    with pytest.raises(CheckFailure) as failure:
        checks.check_rng_use(
            lambda n, rng: batches(n, np.random.default_rng(0)),
            (5, np.random.default_rng(2)),
            name="b",
            reference=batches,
        )
    assert failure.value.kind == "rng_ignored"

    class Run:
        def __init__(self, weights):
            self.weights = weights

    with pytest.raises(CheckFailure) as failure:
        checks.check_rng_use(
            lambda w, rng, n: Run(kicks(w, Everywhere(), n)),
            rng_args(),
            name="run",
            what=lambda run: run.weights,
        )
    assert failure.value.kind == "not_reproducible"


def test_the_callers_way_of_calling_is_used():
    calls = []

    def call_with(fn, args):
        calls.append(args)
        return fn(*args)

    checks.check_rng_use(kicks, rng_args(), name="kicks", reference=kicks, call_with=call_with)
    assert len(calls) == 3
    assert [a[1].bit_generator.state == calls[0][1].bit_generator.state for a in calls] == [
        True,
        True,
        False,
    ]


def test_a_case_without_exactly_one_generator_is_a_mistake_of_the_test():
    with pytest.raises(TypeError):
        checks.check_rng_use(kicks, (np.zeros(3), 7), name="kicks")


def test_a_list_of_right_numbers_is_refused_where_an_array_is_asked_for():
    checks.require_array(np.zeros(2), name="f", what="weights", how="of shape (2,)")
    with pytest.raises(CheckFailure) as failure:
        checks.require_array([0.0, 0.0], name="f", what="weights", how="of shape (2,)")
    assert failure.value.kind == "not_an_array" and "as a list" in str(failure.value)


def test_no_verdict_but_tampered_while_a_tool_of_the_checks_is_replaced(monkeypatch):
    """Whichever path reaches a failure (here 01's loss_curve, which re-reads failures to
    name an ignored argument), replaced NumPy makes it say so, not name a wrong mistake."""
    from gdkit.exercises import neuron_and_loss

    X = np.array([[1.0, -1.0], [1.0, 0.5], [1.0, 2.0]])
    y = np.array([1.0, 0.0, 0.0])

    def log_loss(w, X, y):
        return np.mean(y * np.logaddexp(0, -(X @ w)) + (1 - y) * np.logaddexp(0, X @ w))

    def loss_curve(w1_grid, w0, X, y):
        return np.array([log_loss(np.array([w0, w1]), X, y) for w1 in w1_grid])

    cases = [(np.array([-1.0, 0.0, 2.0]), 0.3, X, y)]
    neuron_and_loss.check_loss_curve(loss_curve, cases, log_loss=log_loss)
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    with pytest.raises(CheckFailure) as caught:
        neuron_and_loss.check_loss_curve(loss_curve, cases, log_loss=log_loss)
    assert caught.value.kind == "tampered"
    assert "`loss_curve` cannot be checked" in str(caught.value)
    assert "numpy.allclose" in str(caught.value)
    assert CheckFailure("sign", "`mse` has the wrong sign.").kind == "tampered"
    monkeypatch.undo()
    assert CheckFailure("sign", "`mse` has the wrong sign.").kind == "sign"
