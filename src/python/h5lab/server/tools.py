"""The hs* command-line tools on the PATH of kernels and terminals started from the lab.

The package's executables are `bin/<tool>.js`; people type `hsls`, so each gets a link without the suffix in
a directory of this server's own (removed with it).
"""
from __future__ import annotations

import os
from pathlib import Path


def link_tools(bin_dir: Path, into: Path) -> Path:
    """Links every `bin_dir/<name>.js` as `into/<name>`; returns `into`."""
    into.mkdir(parents=True, exist_ok=True)
    for script in sorted(bin_dir.glob("*.js")):
        link = into / script.stem
        if not link.exists():
            link.symlink_to(script)
    return into


def prepend_to_path(environ: dict[str, str] | os._Environ, directory: Path) -> None:
    """Puts `directory` first on environ's PATH (once)."""
    entries = [p for p in environ.get("PATH", "").split(os.pathsep) if p and p != str(directory)]
    environ["PATH"] = os.pathsep.join([str(directory), *entries])
