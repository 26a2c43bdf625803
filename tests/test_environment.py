"""Do pyproject.toml and environment.yml ask for the same packages?"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def requirement(spec: str) -> tuple[str, str]:
    """('numpy', '>=1.26') from 'numpy>=1.26'; names normalised as pip does."""
    name, version = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", spec).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), version.replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return dict(requirement(s) for s in project["dependencies"])


def conda_requirements(text: str | None = None) -> dict[str, str]:
    """The conda packages of environment.yml (a flat list: read without a YAML library)."""
    text = text if text is not None else (ROOT / "environment.yml").read_text()
    dependencies = text.split("dependencies:", 1)[1]
    specs = re.findall(r"^  - ([^\s:]+)\s*$", dependencies, re.M)
    return dict(requirement(s) for s in specs if requirement(s)[0] not in {"python", "pip"})


def test_same_packages_and_versions():
    assert conda_requirements() == pyproject_requirements()


def test_conda_installs_gdkit_from_this_folder():
    assert re.search(r"^\s+- --editable \.\s*$", (ROOT / "environment.yml").read_text(), re.M)


def test_a_dropped_or_changed_package_is_noticed():
    """Would a package missing from environment.yml, or a changed version, be noticed?"""
    text = (ROOT / "environment.yml").read_text()
    assert conda_requirements(text.replace("  - sympy>=1.13\n", "")) != pyproject_requirements()
    assert conda_requirements(text.replace("numpy>=1.26", "numpy>=2")) != pyproject_requirements()
    assert requirement("scikit_learn >= 1.4") == ("scikit-learn", ">=1.4")
