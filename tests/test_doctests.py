"""Do the examples in gdkit's docstrings give the output they show?"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import matplotlib.pyplot as plt
import pytest

import gdkit

MODULES = ["gdkit"] + [info.name for info in pkgutil.walk_packages(gdkit.__path__, "gdkit.")]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.fixture(autouse=True)
def outside_nbgrader(monkeypatch):
    """The examples show interactive use (nbgrader's variable changes what the explorer does)."""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, verbose=False)
    plt.close("all")
    assert result.failed == 0


def test_every_public_function_has_an_example():
    """Does each public function and class of gdkit show how it is used?"""
    missing = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            own = callable(obj) and getattr(obj, "__module__", "") == name
            if own and ">>>" not in (obj.__doc__ or ""):
                missing.append(f"{name}.{attr}")
    assert missing == []
