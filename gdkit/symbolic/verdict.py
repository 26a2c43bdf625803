"""The verdict on a student's answer, and the messages that explain it to the student.

No message shows the expected expression or a value of it.

>>> print(Verdict(correct=False, mistake="sign", message=MESSAGES["sign"]))
Not yet: your answer has the wrong sign. ...
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Mistake = Literal[
    "sign",
    "constant_factor",
    "missing_factor",
    "extra_factor",
    "unknown_symbol",
    "unparseable",
    "too_complex",
    "not_equivalent",
]

MESSAGES: dict[str, str] = {
    "correct": "Correct: your answer is equivalent to the expected one.",
    "sign": (
        "Not yet: your answer has the wrong sign. Check the sign of each inner derivative in the "
        "chain rule: a minus sign inside an exponential or a difference is easy to lose."
    ),
    "constant_factor": (
        "Not yet: your answer is off by a constant factor. Its form is right, but check the "
        "numbers in front, such as the exponent that the power rule brings down."
    ),
    "rounded": (
        "Almost: your answer is off by a constant factor close to 1. Did you round a number? "
        "Use exact numbers such as 1/3, e or pi instead of decimals."
    ),
    "missing_factor": (
        "Not yet: your answer is missing a factor that depends on {variables}. Did you apply the "
        "chain rule all the way to the inner function, and differentiate every step?"
    ),
    "extra_factor": (
        "Not yet: your answer has an extra factor that depends on {variables}, which the "
        "derivative does not have. Did you multiply by an inner derivative that is not there, "
        "or by one twice?"
    ),
    "domain": (
        "Not yet: your answer has no real value at most of the points where the derivative has "
        "one. Look for a division by zero, or a log or square root of a negative number."
    ),
    "zero": "Not yet: your answer is zero, but the derivative is not.",
    "not_equivalent": "Not yet: your answer is not equivalent to the expected one.",
    "too_complex": (
        "I could not finish checking your answer in time; this says nothing against it. "
        "Please write it in a simpler form and check again."
    ),
}


@dataclass(frozen=True)
class Verdict:
    """Whether an answer is right and, if not, what kind of wrong, with a message for the student.

    ``mistake`` is None when the answer is correct, else one of the kinds in :data:`Mistake`.

    >>> verdict = Verdict(correct=True, mistake=None, message=MESSAGES["correct"])
    >>> verdict.correct, str(verdict)
    (True, 'Correct: your answer is equivalent to the expected one.')
    """

    correct: bool
    mistake: Mistake | None
    message: str

    def __str__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        mark = "✅" if self.correct else "🤔" if self.mistake == "too_complex" else "❌"
        return f"{mark} {self.message}"


def describe(names: tuple[str, ...]) -> str:
    """Join variable names for a message: ``x``, ``w and x``, ``w, x and y``.

    >>> describe(("w", "x", "y"))
    'w, x and y'
    """
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
