"""Is a student's kernel really shut in: no secrets to read, nowhere to write, no network?"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from gdkit.grading import sandbox

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not sandbox.available() and not os.environ.get("GDKIT_REQUIRE_SANDBOX"),
    reason="bubblewrap is not installed (apt-get install bubblewrap); CI requires it",
)

PROBE = """
import os, socket, sys
secret, workdir = sys.argv[1], sys.argv[2]
print("secret folder", os.listdir(secret))
try:
    print("secret file", open(os.path.join(secret, "..", "gradebook.db")).read() or "empty")
except OSError:
    print("secret file refused")
for target in (os.path.join(secret, "..", "escaped.txt"), "/etc/escaped.txt"):
    try:
        open(target, "w").write("x")
        print("wrote", target)
    except OSError as err:
        print("refused", type(err).__name__)
open(os.path.join(workdir, "mine.txt"), "w").write("ok")
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2)
    print("network yes")
except OSError:
    print("network no")
"""


def _outside_tmp() -> Path:
    """A place for the secrets outside /tmp, which the sandbox empties anyway."""
    for place in (Path("/var/tmp"), ROOT, Path.home()):
        if place.is_dir() and Path("/tmp") not in place.resolve().parents:
            return place
    pytest.skip("no writable folder outside /tmp to hide")


@pytest.fixture
def course():
    """A folder outside /tmp with secrets in it."""
    root = Path(tempfile.mkdtemp(dir=_outside_tmp(), prefix=".sandbox-test-"))
    (root / "solutions").mkdir()
    (root / "solutions" / "answers.txt").write_text("the answers")
    (root / "gradebook.db").write_text("everyone's grades")
    (root / "work").mkdir()
    yield root
    shutil.rmtree(root)


def test_the_kernel_sees_no_secret_writes_only_its_folder_and_has_no_network(course):
    command = sandbox.kernel_command(
        course / "work", [], [], [course / "solutions", course / "gradebook.db"]
    )
    python = command.index(sys.executable)
    run = subprocess.run(
        [
            *command[:python],
            sys.executable,
            "-c",
            PROBE,
            str(course / "solutions"),
            str(course / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "secret folder []",
        "secret file refused",
        "refused OSError",
        "refused OSError",
        "network no",
    ]
    assert (course / "work" / "mine.txt").read_text() == "ok"
    assert not (course / "escaped.txt").exists()
