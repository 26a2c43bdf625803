"""Start and stop an isolated JupyterLab for the browser tests."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psutil

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course"
WIDGET_MANAGER = "@jupyter-widgets/jupyterlab-manager"
# Settings that keep popups and lazy rendering from getting between the test and the page.
NO_NEWS = "@jupyterlab/apputils-extension:announcements"
NOTEBOOK_SETTINGS = Path("@jupyterlab", "notebook-extension", "tracker.jupyterlab-settings")


@dataclass
class Lab:
    """A running JupyterLab server and the folder it serves."""

    url: str
    token: str
    root: Path
    process: subprocess.Popen
    log: Path

    def url_of(self, notebook: Path | None = None) -> str:
        """The address of JupyterLab with only ``notebook`` open (``reset`` drops the
        workspace saved by an earlier page)."""
        tree = f"/tree/{quote(notebook.relative_to(self.root).as_posix())}" if notebook else ""
        return f"{self.url}/lab{tree}?reset&token={self.token}"

    def api(self, method: str, endpoint: str) -> Any:
        """Call the server's REST API (``GET sessions``) and return its JSON answer."""
        request = urllib.request.Request(
            f"{self.url}/api/{endpoint}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self, notebook: Path) -> None:
        """Shut down the kernel of ``notebook``, as File > Close and Shut Down Notebook does."""
        path = notebook.relative_to(self.root).as_posix()
        for session in self.api("GET", "sessions"):
            if session["path"] == path:
                self.api("DELETE", f"sessions/{session['id']}")

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's log, for error messages."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    """A port that no one listens on now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(home: Path) -> dict[str, str]:
    """This environment's programs, with a throwaway home for every Jupyter setting."""
    own = ("JUPYTER", "JPY_", "IPYTHON", "MPL", "PYTHON", "XDG_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(own)}
    dirs = {
        "HOME": home,
        "JUPYTER_CONFIG_DIR": home / "jupyter-config",
        "JUPYTER_DATA_DIR": home / "jupyter-data",
        "JUPYTER_RUNTIME_DIR": home / "jupyter-runtime",
        "IPYTHONDIR": home / "ipython",
        "MPLCONFIGDIR": home / "matplotlib",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    env.update({k: str(v) for k, v in dirs.items()})
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONNOUSERSITE"] = "1"
    return env


def configure(env: dict[str, str], break_widgets: bool) -> None:
    """Write the lab's settings: no news popup, every cell rendered and nothing after the
    last, and, to see the widget test fail, the widget manager switched off."""
    config = Path(env["JUPYTER_CONFIG_DIR"])
    disabled = {NO_NEWS: True} | ({WIDGET_MANAGER: True} if break_widgets else {})
    page_config = config / "labconfig" / "page_config.json"
    page_config.parent.mkdir(parents=True)
    page_config.write_text(json.dumps({"disabledExtensions": disabled}))
    settings = config / "lab" / "user-settings" / NOTEBOOK_SETTINGS
    settings.parent.mkdir(parents=True)
    # no blank space after the last cell either, so that a screenshot ends with the notebook
    settings.write_text(json.dumps({"windowingMode": "none", "scrollPastEnd": False}))
    # A fresh matplotlib builds its font cache and says so on stderr: do that here, once.
    subprocess.run([sys.executable, "-c", "import matplotlib.pyplot"], env=env, check=True)


def start_lab(workdir: Path, break_widgets: bool = False, timeout: float = 60) -> Lab:
    """JupyterLab on a free port, serving a copy of course/, with its own settings."""
    root = workdir / "course"
    if COURSE.is_dir():
        shutil.copytree(COURSE, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    else:
        root.mkdir()
    env = isolated_env(workdir / "home")
    configure(env, break_widgets)
    port, token = free_port(), secrets.token_hex(16)
    log = workdir / "jupyterlab.log"
    command = [
        *(sys.executable, "-m", "jupyter", "lab", "--no-browser"),
        *("--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0"),
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.allow_root=True",  # CI runs as root
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    lab = Lab(f"http://127.0.0.1:{port}", token, root, process, log)
    try:
        _wait_until_up(lab, timeout)
    except BaseException:
        stop_lab(lab)
        raise
    return lab


def _wait_until_up(lab: Lab, timeout: float) -> None:
    """Wait until the server answers /api/status; fail early if it exits."""
    request = urllib.request.Request(
        f"{lab.url}/api/status", headers={"Authorization": f"token {lab.token}"}
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with {lab.process.returncode}:\n{lab.log_tail()}"
            )
        with (
            suppress(OSError),  # not listening yet, or not answering
            urllib.request.urlopen(request, timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.25)
    raise TimeoutError(f"JupyterLab did not answer within {timeout} s:\n{lab.log_tail()}")


def stop_lab(lab: Lab, grace: float = 15) -> None:
    """Stop the server and everything it started (kernels run in sessions of their own)."""
    try:
        family = psutil.Process(lab.process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    with suppress(ProcessLookupError):
        os.killpg(lab.process.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        lab.process.wait(timeout=grace)
    with suppress(ProcessLookupError):
        os.killpg(lab.process.pid, signal.SIGKILL)
    lab.process.wait()
    for proc in family:
        with suppress(psutil.NoSuchProcess):
            proc.kill()
    psutil.wait_procs(family, timeout=grace)
