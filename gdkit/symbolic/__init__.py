"""Check a student's derivative and name the mistake.

>>> from gdkit.symbolic import check
>>> verdict = check("-y*exp(-w*x)/(1 + exp(-w*x))", "-y*x*exp(-w*x)/(1 + exp(-w*x))")
>>> verdict.correct, verdict.mistake
(False, 'missing_factor')

- :func:`parse` reads a formula safely (an AST whitelist, never ``eval``).
- :func:`equivalent` tells whether two formulas are equal at every real point where both are
  defined, by high-precision evaluation at seeded random points.
- :func:`check` returns a :class:`Verdict`: correct or not, the kind of mistake, and a message
  for the student. Every check is bounded in time (about a second) by a worker process.
"""

from .api import TooComplexError, check, equivalent
from .parsing import ParseError, parse
from .verdict import Mistake, Verdict

__all__ = [
    "Mistake",
    "ParseError",
    "TooComplexError",
    "Verdict",
    "check",
    "equivalent",
    "parse",
]
