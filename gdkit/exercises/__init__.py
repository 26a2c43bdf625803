"""The checks of each assignment's exercises, one module per assignment.

A notebook's test cell states its inputs and calls one function here, which knows the
reference, the likely slips and what the exercise forbids (gdkit's own version of what
the student writes). So a test cell, visible or hidden, never holds a solution line:

>>> from gdkit.exercises import neuron_and_loss as exercises  # doctest: +SKIP
>>> exercises.check_sigmoid(sigmoid, [np.array([-2.0, 0.0, 2.0]), 0.5])  # doctest: +SKIP

Every check raises :class:`gdkit.checks.CheckFailure` with a ``kind``; the likely-mistake
lists in ``tests/pipeline/mistakes/`` assert those kinds.
"""
