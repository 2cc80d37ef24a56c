"""Credentials of the lab's sidecar: who the lab user is, its random password, and the files that carry them.

The sidecar checks HTTP Basic credentials against a password file that only this server process can read.
Kernels and terminals learn the credentials from HS_* environment variables and ~/.hscfg (h5pyd's formats).
"""

import getpass
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

# First line of every ~/.hscfg that h5lab writes: a file without it belongs to the user and is left alone.
HSCFG_MARKER = "# Written by the h5lab JupyterLab server extension"

# The sidecar's administrator: used by this extension only, to create home folders. Its password never
# leaves the server process and the password file.
ADMIN_USER = "h5lab-admin"


def lab_username() -> str:
    """The Jupyter user: JupyterHub's user name when spawned by a hub, else the OS account."""
    name = os.environ.get("JUPYTERHUB_USER") or getpass.getuser()
    return sidecar_username(name)


def sidecar_username(name: str) -> str:
    """A name the sidecar's password file accepts (no whitespace, ':' or '/')."""
    cleaned = re.sub(r"[\s:/]", "_", name.strip())
    if not cleaned:
        raise ValueError("empty user name")
    return cleaned


def new_password() -> str:
    return secrets.token_urlsafe(24)


def write_private(path: Path, text: str) -> None:
    """Writes a file only its owner can read, whatever mode an earlier version of it had."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, text.encode())
    finally:
        os.close(fd)


@dataclass(frozen=True)
class KernelConfig:
    """What h5pyd in a kernel needs to reach the sidecar."""

    endpoint: str
    username: str
    password: str
    bucket: str

    def environment(self) -> dict[str, str]:
        return {
            "HS_ENDPOINT": self.endpoint,
            "HS_USERNAME": self.username,
            "HS_PASSWORD": self.password,
            "HS_BUCKET": self.bucket,
        }

    def hscfg_text(self) -> str:
        return (
            f"{HSCFG_MARKER}; it is rewritten at every start of the server.\n"
            "# Remove this file (or this first line) to keep your own settings instead.\n"
            f"hs_endpoint = {self.endpoint}\n"
            f"hs_username = {self.username}\n"
            f"hs_password = {self.password}\n"
            f"hs_bucket = {self.bucket}\n"
        )


@dataclass(frozen=True)
class HscfgOutcome:
    path: str
    written: bool
    reason: str


def is_h5lab_hscfg(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            return f.readline().startswith(HSCFG_MARKER)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def write_hscfg(path: Path, config: KernelConfig) -> HscfgOutcome:
    """Writes ~/.hscfg for the sidecar unless the user keeps their own there."""
    if not is_h5lab_hscfg(path):
        return HscfgOutcome(str(path), False, "the file exists and was not written by h5lab, so it was kept")
    try:
        write_private(path, config.hscfg_text())
    except OSError as error:
        return HscfgOutcome(str(path), False, f"cannot write it: {error.strerror or error}")
    return HscfgOutcome(str(path), True, "written by h5lab for this server's service")


def password_file_text(accounts: dict[str, str]) -> str:
    return "".join(f"{user}:{password}\n" for user, password in accounts.items())
