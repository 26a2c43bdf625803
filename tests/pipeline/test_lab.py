"""Are the JupyterLab extensions the course relies on installed and enabled?"""

from __future__ import annotations

import pytest

from .notebooks import lab_extensions


@pytest.fixture(scope="module")
def extensions() -> dict[str, str]:
    """`jupyter labextension list`, asked once (it takes seconds)."""
    return lab_extensions()


@pytest.mark.parametrize("name", ["@jupyter/nbgrader", "@jupyter-widgets/jupyterlab-manager"])
def test_lab_extension_enabled(extensions, name):
    assert name in extensions, f"{name} is not installed: {sorted(extensions)}"
    assert extensions[name] == "enabled OK", f"{name}: {extensions[name]}"
