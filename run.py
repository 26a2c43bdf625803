#!/usr/bin/env python3
"""Set up the course in a local environment and run it.

    python3 run.py lab       # open the course in JupyterLab
    python3 run.py test      # run the whole test suite (lint, library, notebooks, grading)
    python3 run.py release   # regenerate all of course/ from solutions/ with nbgrader

The first call creates ``.venv/`` beside this file and installs gdkit with everything the
course needs from ``pyproject.toml``; later calls reinstall only when what it installs changes.
Anything after ``test`` is passed to pytest (``python3 run.py test -k symbolic``); after
``release``, one assignment to regenerate alone (``python3 run.py release 01_neuron_and_loss``).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".gdkit-installed"


def _fingerprint() -> str:
    """pyproject.toml without pytest's and ruff's settings (changing those needs no reinstall)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for tool in ("pytest", "ruff"):
        config.get("tool", {}).pop(tool, None)
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()


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
    """Lint and format-check the code and the notebooks in solutions/, then run pytest."""
    python = str(BIN / "python")
    for cmd in (["ruff", "check", "."], ["ruff", "format", "--check", "."]):
        if subprocess.call([python, "-m", *cmd], cwd=ROOT, env=env) != 0:
            print(
                f"`{' '.join(cmd)}` failed; `ruff format .` fixes formatting (then run"
                " `python3 run.py release` if it changed a notebook in solutions/)."
            )
            return 1
    return subprocess.call([python, "-m", "pytest", *pytest_args], cwd=ROOT, env=env)


def release(env: dict[str, str], assignment: list[str]) -> int:
    """Regenerate course/ from solutions/: every assignment ("*"), or the one named."""
    command = [str(BIN / "nbgrader"), "generate_assignment", *(assignment or ["*"]), "--force"]
    return subprocess.call(command, cwd=ROOT, env=env)


COMMANDS = {
    "lab": lambda env, args: lab(env),
    "test": test,
    "release": release,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[argv[0]](ensure_environment(), argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
