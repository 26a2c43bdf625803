"""What the exercise checks' tests share: the failure a check raises, and answers kept hidden."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from gdkit.checks import CheckFailure


def failure(check: Callable[..., None], *args: Any, **kwargs: Any) -> CheckFailure:
    """The CheckFailure that ``check(*args, **kwargs)`` raises (the test fails if none)."""
    with pytest.raises(CheckFailure) as caught:
        check(*args, **kwargs)
    return caught.value


def numbers_in(message: str) -> set[float]:
    """The decimal numbers written in a message."""
    return {float(m) for m in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", message)}


def assert_hides(message: str, answers: Any) -> None:
    """No entry of the expected answers (to 3 digits) appears in the message."""
    shown = {round(x, 3) for x in numbers_in(message)}
    hidden = {round(float(a), 3) for a in np.concatenate([np.ravel(a) for a in answers])}
    assert not (shown & hidden - {0.0}), message
