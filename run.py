#!/usr/bin/env python3
"""Set up the course in a local environment and run it.

    python3 run.py lab     # open the course in JupyterLab
    python3 run.py test    # run the whole test suite (lint, library, notebooks, grading)

The first call creates ``.venv/`` beside this file and installs gdkit with everything the
course needs from ``pyproject.toml``; later calls reinstall only when that file changes.
Anything after ``test`` is passed to pytest (``python3 run.py test -k symbolic``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".gdkit-installed"


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> dict[str, str]:
    """Create and fill .venv if needed; return an environment that runs inside it."""
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        print(f"Creating {VENV} ...", flush=True)
        venv.create(VENV, with_pip=True)
    if not STAMP.exists() or STAMP.read_text() != _fingerprint():
        print("Installing the course's packages (the first time takes a few minutes) ...")
        pip = [
            str(BIN / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "--editable", f"{ROOT}[test]"], check=True)
        STAMP.write_text(_fingerprint())
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    return env


def lab(env: dict[str, str]) -> int:
    """Open JupyterLab on the student notebooks in course/."""
    command = [str(BIN / "jupyter"), "lab"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and Binder-like setups
        command.append("--allow-root")
    return subprocess.call(command, cwd=ROOT / "course", env=env)


def test(env: dict[str, str], pytest_args: list[str]) -> int:
    """Lint and format-check the code, then run pytest."""
    python = str(BIN / "python")
    for cmd in (["ruff", "check", "."], ["ruff", "format", "--check", "."]):
        if subprocess.call([python, "-m", *cmd], cwd=ROOT, env=env) != 0:
            print(f"`{' '.join(cmd)}` failed; `ruff format .` fixes formatting.")
            return 1
    return subprocess.call([python, "-m", "pytest", *pytest_args], cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"lab", "test"}:
        print(__doc__)
        return 2
    env = ensure_environment()
    return lab(env) if argv[0] == "lab" else test(env, argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
