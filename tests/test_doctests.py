"""Does every public function and class of gdkit show how it is used?

The examples themselves run as tests: pyproject.toml sets ``--doctest-modules`` over
gdkit/, and conftest.py runs them outside nbgrader.
"""

from __future__ import annotations

import importlib
import pkgutil

import gdkit

# gdkit.__main__ is left out: importing it runs the command line.
MODULES = ["gdkit"] + [
    info.name
    for info in pkgutil.walk_packages(gdkit.__path__, "gdkit.")
    if not info.name.endswith(".__main__")
]


def test_every_public_function_has_an_example():
    missing = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            own = callable(obj) and getattr(obj, "__module__", "") == name
            if own and ">>>" not in (obj.__doc__ or ""):
                missing.append(f"{name}.{attr}")
    assert missing == []
