"""Shared test setup: matplotlib draws with the Agg backend (no display needed)."""

import matplotlib

matplotlib.use("Agg")
