"""The vocabulary of the likely-mistake lists in ``mistakes/<assignment>.py``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    """Wrong code for solution cell ``cell``: test cell ``test`` must fail with ``kind``.

    ``kind`` is the :class:`gdkit.checks.CheckFailure` kind the failure must carry. The
    visible test (all that a learner without a grader has) must catch the mistake, unless
    ``hidden`` is set: then only the whole test cell, hidden tests included, must.
    """

    cell: str
    test: str
    source: str
    kind: str
    hidden: bool = False


def variant(source: str, old: str, new: str) -> str:
    """``source`` with ``old`` replaced by ``new`` (everywhere); ``old`` must be there.

    >>> variant("return a - b", "a - b", "b - a")
    'return b - a'
    """
    assert old in source, f"{old!r} is not in the right answer it should change"
    return source.replace(old, new)
