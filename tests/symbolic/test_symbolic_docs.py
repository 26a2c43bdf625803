"""Do the README and docs/symbolic.md say what gdkit.symbolic does, word for word?

The lecture's symbols are defined once (gdkit/symbolic/names.py); the documents quote the
message that lists them, and the README's table quotes whole verdicts: both are checked here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gdkit.symbolic import check
from gdkit.symbolic.names import LECTURE_SYMBOLS_TEXT

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
TABLE_HEADER = "| the student types | `mistake` | the student reads |"


def _words(path: Path) -> str:
    """The document's text with every run of white space (line breaks too) made one space."""
    return " ".join(path.read_text(encoding="utf-8").split())


def _readme_rows() -> list[tuple[str, str | None, str]]:
    """The README's verdict table: (answer, mistake, message) per row."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(TABLE_HEADER) + 2  # past the header and its separator
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        answer, mistake, message = (cell.strip() for cell in line.strip("|").split(" | "))
        rows.append(
            (answer.strip("`"), None if mistake == "`None`" else mistake.strip("`"), message)
        )
    return rows


@pytest.mark.parametrize("path", [README, ROOT / "docs" / "symbolic.md"], ids=lambda p: p.name)
def test_the_symbols_are_listed_as_the_code_lists_them(path):
    """Is every list of the lecture's symbols in the document the one of names.py?"""
    text = _words(path)
    copies = text.count("xi1 ... xi6")
    assert copies >= 1
    assert text.count(LECTURE_SYMBOLS_TEXT) == copies


@pytest.mark.parametrize("row", _readme_rows(), ids=lambda row: row[0])
def test_the_readme_shows_the_verdicts_check_gives(row):
    """Does each row of the README's table give the mistake and message it shows?"""
    answer, mistake, message = row
    expected = re.search(r'expected = "([^"]+)"', README.read_text(encoding="utf-8")).group(1)
    verdict = check(answer, expected)
    assert (verdict.mistake, verdict.message) == (mistake, message)
