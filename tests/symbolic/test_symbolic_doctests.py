"""Do the examples in the docstrings of gdkit.symbolic run as shown?"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import gdkit.symbolic

MODULES = [gdkit.symbolic.__name__] + [
    f"{gdkit.symbolic.__name__}.{info.name}"
    for info in pkgutil.iter_modules(gdkit.symbolic.__path__)
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    """Does every example in the module's docstrings give the output it shows?"""
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(importlib.import_module(name), optionflags=flags, verbose=False)
    assert result.failed == 0
