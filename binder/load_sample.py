#!/usr/bin/env python3
"""Loads a generated sample file into the h5lab store as /shared/sample.h5, readable by every user.

Runs at Binder build time (binder/postBuild): writes sample.h5 with h5py, starts `h5lab serve` on a loopback
port with a one-off administrator account, loads the file with hsload (bin/hsload.js) and stops the server.
The store is the one the lab's service uses later.

Usage: load_sample.py [--root-dir DIR] [--bucket NAME]   (defaults: ~/.h5lab/data, hsdstest)
"""

import argparse
import base64
import json
import os
import secrets
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import h5py
import numpy as np

REPO = Path(__file__).resolve().parent.parent
DOMAIN = "/shared/sample.h5"
ADMIN = "h5lab-admin"


def write_sample(path: Path) -> None:
    rng = np.random.default_rng(7)
    with h5py.File(path, "w") as f:
        f.attrs["title"] = "h5lab sample data"
        f.attrs["created_by"] = "binder/load_sample.py"
        y, x = np.mgrid[-2:2:256j, -2:2:256j]
        image = f.create_dataset("images/interference", data=np.cos(8 * np.hypot(x, y)) * np.exp(-(x**2 + y**2) / 2),
                                 dtype="f4", chunks=(64, 64), compression="gzip")
        image.attrs["CLASS"] = "IMAGE"
        t = np.arange(10_000) * 0.01
        series = f.create_dataset("timeseries/temperature", data=20 + 5 * np.sin(t / 10) + rng.normal(0, 0.3, t.size))
        series.attrs["units"] = "degC"
        f.create_dataset("timeseries/time", data=t).attrs["units"] = "s"
        table = np.zeros(100, dtype=[("id", "i4"), ("x", "f8"), ("y", "f8"), ("label", "S8")])
        table["id"] = np.arange(100)
        table["x"], table["y"] = rng.normal(size=(2, 100))
        table["label"] = [f"pt{i:03d}".encode() for i in range(100)]
        f.create_dataset("tables/points", data=table)


class Service:
    """`h5lab serve` on a free loopback port, with only the administrator account."""

    def __init__(self, root_dir: Path, bucket: str, workdir: Path):
        self.password = secrets.token_urlsafe(24)
        self.bucket = bucket
        password_file = workdir / "passwd"
        password_file.write_text(f"{ADMIN}:{self.password}\n")
        password_file.chmod(0o600)
        self.process = subprocess.Popen(
            ["node", str(REPO / "bin" / "h5lab.js"), "serve", "--host", "127.0.0.1", "--port", "0",
             "--root-dir", str(root_dir), "--bucket", bucket, "--password-file", str(password_file),
             "--admin-user", ADMIN],
            stdout=subprocess.PIPE, text=True,
        )
        line = self.process.stdout.readline()
        if not line.startswith("h5lab listening on "):
            raise SystemExit(f"h5lab serve did not start: {line!r}")
        self.endpoint = line.split()[3]

    def request(self, method: str, domain: str, path: str = "/", body: dict | None = None) -> int:
        credentials = base64.b64encode(f"{ADMIN}:{self.password}".encode()).decode()
        request = urllib.request.Request(
            f"{self.endpoint}{path}?domain={domain}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Basic {credentials}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def hs_environment(self) -> dict[str, str]:
        """HS_* variables that point the hs* tools at this server as the administrator."""
        return {"HS_ENDPOINT": self.endpoint, "HS_USERNAME": ADMIN, "HS_PASSWORD": self.password,
                "HS_BUCKET": self.bucket}

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root-dir", type=Path, default=Path.home() / ".h5lab" / "data")
    parser.add_argument("--bucket", default="hsdstest")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        service = Service(options.root_dir, options.bucket, work)
        try:
            if service.request("GET", DOMAIN) == 200:
                print(f"{DOMAIN} is already loaded")
                return
            if service.request("PUT", "/shared", body={"folder": True}) not in (201, 409):
                raise SystemExit("cannot create the /shared folder")
            sample = work / "sample.h5"
            write_sample(sample)
            subprocess.run(["node", str(REPO / "bin" / "hsload.js"), str(sample), DOMAIN], check=True,
                           env={**os.environ, **service.hs_environment()})
            # Domains do not inherit the folder's public read access: grant it explicitly.
            if service.request("PUT", DOMAIN, "/acls/default", {"read": True}) not in (200, 201):
                raise SystemExit(f"cannot make {DOMAIN} readable")
            print(f"loaded {DOMAIN} into {options.root_dir}")
        finally:
            service.stop()


if __name__ == "__main__":
    main()
