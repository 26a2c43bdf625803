"""Fixtures for the browser tests: Debian's Chromium, an isolated JupyterLab, screenshots.

Without Chromium the tests skip, unless ``GDKIT_REQUIRE_BROWSER`` is set (CI sets it),
in which case they fail. ``GDKIT_BROWSER_BREAK_WIDGETS=1`` switches JupyterLab's widget
manager off, to see the widget test fail as it should. ``GDKIT_BROWSER_BENCHMARK=1`` runs
the benchmark of the explorers' redraw time in the browser (test_explorer_latency.py), which
skips otherwise.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, sync_playwright

from .lab import ROOT, Lab, start_lab, stop_lab
from .notebook_page import LabPage

ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these, Chromium's calls home are refused by a closed network and it stalls.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BREAK_WIDGETS = os.environ.get("GDKIT_BROWSER_BREAK_WIDGETS") == "1"
_SCREENSHOTS = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives JupyterLab in headless Chromium (Debian's chromium package)"
    )


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    if _SCREENSHOTS in config.stash:
        folder = config.stash[_SCREENSHOTS]
        terminalreporter.write_sep("-", f"browser screenshots in {folder}")
        for path in sorted(folder.glob("*.png")):
            terminalreporter.write_line(f"  {path.name}")
    if BREAK_WIDGETS:
        terminalreporter.write_line("GDKIT_BROWSER_BREAK_WIDGETS=1: widget manager was off")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium; skip without it, or fail if GDKIT_REQUIRE_BROWSER is set."""
    path = shutil.which("chromium")
    if path is None:
        reason = "the browser tests need Chromium: apt-get install chromium"
        if os.environ.get("GDKIT_REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail(f"{reason} (GDKIT_REQUIRE_BROWSER is set)", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def artifacts(request: pytest.FixtureRequest) -> Path:
    """artifacts/browser/, emptied of the last run's screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    request.config.stash[_SCREENSHOTS] = ARTIFACTS
    print(f"\nbrowser screenshots go to {ARTIFACTS}")
    return ARTIFACTS


@pytest.fixture(scope="session")
def lab(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab on a copy of course/, stopped with its kernels whatever happens."""
    server = start_lab(tmp_path_factory.mktemp("lab"), break_widgets=BREAK_WIDGETS)
    try:
        yield server
    finally:
        stop_lab(server)


@pytest.fixture(scope="session")
def browser(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Headless Chromium with a fresh, empty profile; closed whatever happens."""
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"),
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def lab_page(browser: BrowserContext, artifacts: Path) -> Iterator[LabPage]:
    """A new tab, closed after the test."""
    page = browser.new_page()
    try:
        yield LabPage(page, artifacts)
    finally:
        page.close()
