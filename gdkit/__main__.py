"""``python -m gdkit``: the same as the ``gdkit`` command."""

import sys

from gdkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
