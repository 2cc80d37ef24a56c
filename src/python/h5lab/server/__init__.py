"""Jupyter server extension: supervises the h5lab service and proxies it (see app.py)."""
