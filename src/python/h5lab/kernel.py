"""Connection settings of the lab's HDF REST service, as seen from a kernel or a terminal.

The Jupyter server extension puts them in the environment of every kernel it starts (HS_* variables, as
h5pyd reads them) and in ~/.hscfg. The variables win over the file, as they do in h5pyd.
"""

import os
from pathlib import Path

_KEYS = ("endpoint", "username", "password", "bucket")


def _read_hscfg(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return values
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#") or "=" not in text:
            continue
        key, _, value = text.partition("=")
        values[key.strip()] = value.strip()
    return values


def config() -> dict[str, str]:
    """Returns {endpoint, username, password, bucket} for h5pyd: `h5pyd.File(path, mode, **h5lab.config())`.

    Keys with no value anywhere are left out, so that h5pyd applies its own defaults for them.

    Raises RuntimeError when no endpoint is configured (the kernel was not started from a JupyterLab running
    the h5lab server extension, and ~/.hscfg names no endpoint).
    """
    from_file = _read_hscfg(Path.home() / ".hscfg")
    settings = {}
    for key in _KEYS:
        value = os.environ.get(f"HS_{key.upper()}") or from_file.get(f"hs_{key}")
        if value:
            settings[key] = value
    if "endpoint" not in settings:
        raise RuntimeError(
            "no HDF REST endpoint configured: HS_ENDPOINT is not set and ~/.hscfg has no hs_endpoint. "
            "Start this kernel from a JupyterLab that runs the h5lab server extension."
        )
    return settings
