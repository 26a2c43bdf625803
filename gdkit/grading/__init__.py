"""Grading a class with nbgrader: every submission, each in its own job, in parallel.

- :mod:`~gdkit.grading.repair` repairs accidents in submitted notebooks and names what
  cannot be graded.
"""
