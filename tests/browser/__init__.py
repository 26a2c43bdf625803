"""Tests that drive the course in JupyterLab in a real (headless) browser."""
