"""gdkit: the helper library of the gradient-descent course.

One module per job, imported on first use so that ``import gdkit`` stays fast (the
symbolic checker's worker process imports this package too):

>>> import gdkit
>>> gdkit.losses.sigmoid(0.0)
0.5
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = [
    "checks",
    "data",
    "descent",
    "diagnose",
    "exercises",
    "explorer",
    "gradcheck",
    "graph",
    "losses",
    "minima",
    "momentum",
    "newton",
    "plots",
    "stochastic",
    "symbolic",
    "tables",
]


def __getattr__(name: str) -> ModuleType:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'gdkit' has no attribute {name!r}")
