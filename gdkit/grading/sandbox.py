"""Run a student's kernel in a sandbox: no network, nothing to read it should not, nowhere to write.

nbgrader runs student code with the grader's rights. Here the kernel nbgrader starts is
wrapped in bubblewrap (Debian's ``bwrap``: no daemon, works as root or as a user):

- the file system is read-only, with an empty ``/tmp``;
- the notebook's own folder is the only place it can write;
- the course's solutions, gradebook, the other students' work and the grading job's
  own files are hidden (empty folders, an empty file);
- it has its own network (none at all), process and IPC namespaces, and dies with its
  grader.

The kernel talks to nbgrader through Unix sockets in a folder shared with the sandbox,
since the sandbox has no network, not even the loopback nbgrader would use.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["available", "kernel_command", "prepare", "works"]


@functools.cache
def available() -> bool:
    """Whether bubblewrap is installed and can make a sandbox on this machine.

    >>> isinstance(available(), bool)
    True
    """
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return False
    probe = subprocess.run(
        [bwrap, "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "true"],
        capture_output=True,
    )
    return probe.returncode == 0


def _software() -> list[Path]:
    """Python, its environment and gdkit, where ``/tmp`` (emptied in the sandbox) holds them."""
    import gdkit

    places = {Path(sys.prefix), Path(sys.base_prefix), Path(gdkit.__file__).parent}
    return sorted(p.resolve() for p in places if Path("/tmp") in p.resolve().parents)


def works() -> str | None:
    """Why a kernel cannot start in the sandbox here, or None if it can.

    >>> works() is None or isinstance(works(), str)
    True
    """
    if not available():
        return "bubblewrap is not installed (apt-get install bubblewrap)"
    workdir = Path(tempfile.mkdtemp())
    try:
        command = kernel_command(workdir, [], [], [])[:-5]  # bwrap and its options
        probe = [*command, sys.executable, "-c", "import gdkit, ipykernel"]
        run = subprocess.run(probe, capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if run.returncode != 0:
        return (
            f"Python cannot start in the sandbox: {(run.stderr.strip().splitlines() or ['?'])[-1]}"
        )
    return None


def kernel_command(
    workdir: Path,
    writable: Sequence[Path],
    readable: Sequence[Path],
    hide: Sequence[Path],
    *,
    matplotlib: Path = Path("/tmp/matplotlib"),
) -> list[str]:
    """The kernel's command line: ipykernel inside bubblewrap.

    ``workdir`` is the notebook's folder (writable, the kernel's working directory),
    ``writable`` and ``readable`` the folders the kernel and nbgrader share (the sockets,
    the connection file), ``hide`` what must look empty, ``matplotlib`` matplotlib's
    (writable) configuration folder. ``{connection_file}`` is left for Jupyter to fill in.

    >>> command = kernel_command(Path("/tmp/job/nb"), [], [], [Path("/srv/solutions")])
    >>> command[0].endswith("bwrap"), "--unshare-all" in command, command[-2:]
    (True, True, ['-f', '{connection_file}'])
    """
    command = [shutil.which("bwrap") or "bwrap", "--ro-bind", "/", "/", "--dev", "/dev"]
    command += ["--proc", "/proc", "--tmpfs", "/tmp"]
    for path in hide:
        if path.is_dir():
            command += ["--tmpfs", str(path)]
        elif path.exists():
            command += ["--ro-bind", "/dev/null", str(path)]
    for path in [*_software(), *readable]:
        command += ["--ro-bind", str(path), str(path)]
    for path in [workdir, *writable]:
        command += ["--bind", str(path), str(path)]
    command += ["--unshare-all", "--die-with-parent", "--new-session", "--chdir", str(workdir)]
    command += ["--setenv", "TMPDIR", "/tmp", "--setenv", "IPYTHONDIR", "/tmp/ipython"]
    command += ["--setenv", "MPLCONFIGDIR", str(matplotlib)]  # the home folder is read-only
    # in its own process namespace the kernel's parent is bwrap's init, pid 1, which
    # ipykernel takes for "my parent has exited": it dies with its parent anyway
    command += ["--unsetenv", "JPY_PARENT_PID"]
    return [*command, sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]


def _font_lists() -> list[Path]:
    """Matplotlib's font lists on this machine (where it keeps them, without importing it).

    A sandboxed kernel gets a copy: otherwise each one spends a noticeable share of its
    grading time building the list again (matplotlib writes it on first use).
    """
    cache = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "matplotlib"
    )
    return sorted(Path(cache).glob("fontlist-*.json"))


def prepare(root: Path, workdir: Path, hide: Sequence[Path]) -> tuple[dict[str, str], str]:
    """Set up a sandboxed kernel for an nbgrader run in ``root``.

    Writes a ``python3`` kernelspec whose command is :func:`kernel_command`; returns the
    environment variables for nbgrader and the lines to add to its config, which make it
    use that kernel over Unix sockets.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> env, config = prepare(root, root / "autograded" / "ann" / "01", [])
    >>> sorted(env), config.splitlines()[0]
    (['JUPYTER_PATH', 'TMPDIR'], 'c.KernelManager.transport = "ipc"')
    """
    ipc, scratch, fonts = root / "ipc", root / "tmp", root / "matplotlib"
    for folder in (ipc, scratch, fonts, workdir):
        folder.mkdir(parents=True, exist_ok=True)
    for font_list in _font_lists():
        shutil.copy(font_list, fonts)
    spec = root / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    argv = kernel_command(workdir, [ipc, fonts], [scratch], hide, matplotlib=fonts)
    kernel = {
        "argv": argv,
        "display_name": "Python 3 (sandboxed)",
        "language": "python",
        # a signal would reach bubblewrap, not the kernel: interrupt an endless loop by message
        "interrupt_mode": "message",
    }
    (spec / "kernel.json").write_text(json.dumps(kernel, indent=1))
    # nbgrader writes the kernel's connection file to its temporary folder: a shared one
    env = {"JUPYTER_PATH": str(root / "jupyter"), "TMPDIR": str(scratch)}
    config = f'c.KernelManager.transport = "ipc"\nc.KernelManager.ip = "{ipc / "kernel"}"\n'
    return env, config
