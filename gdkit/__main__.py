"""``python -m gdkit``: the same as the ``gdkit`` command."""

import sys

from gdkit.cli import main

sys.exit(main())
