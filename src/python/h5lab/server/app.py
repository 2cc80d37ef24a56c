"""The `h5lab` Jupyter server extension: runs the h5lab engine next to the Jupyter server and connects it.

At start it makes fresh credentials for the lab user, hands them to kernels and terminals (HS_* environment
variables, ~/.hscfg), starts `h5lab serve` on loopback, creates the user's home folder on it and proxies
`<base_url>/h5lab/` to it for the browser.
"""

import base64
import json
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

from jupyter_server.extension.application import ExtensionApp
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from traitlets import Bool, Float, Int, List, Unicode, default

from .credentials import (
    ADMIN_USER,
    HscfgOutcome,
    KernelConfig,
    lab_username,
    new_password,
    password_file_text,
    sidecar_username,
    write_hscfg,
    write_private,
)
from .jobs import JobHandler, Jobs, JobsHandler
from .proxy import SidecarProxyHandler
from .sidecar import Sidecar, free_loopback_port
from .status import SidecarStatusHandler
from .tools import link_tools, prepend_to_path

# src/python/h5lab/server/app.py → the repository (or npm package) root holding bin/h5lab.js.
PACKAGE_ROOT = Path(__file__).resolve().parents[4]


def basic_authorization(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class H5Lab(ExtensionApp):
    name = "h5lab"
    description = "Runs the h5lab HDF REST service for this Jupyter server and proxies it at <base_url>/h5lab/"

    root_dir = Unicode("~/.h5lab/data", config=True, help="Directory of the service's POSIX store.")
    bucket = Unicode("hsdstest", config=True, help="Bucket that kernels and the lab use.")
    username = Unicode(config=True, help="Service account of the lab user (default: $JUPYTERHUB_USER or the OS user).")
    port = Int(0, config=True, help="Loopback port of the service (0: a free port chosen at start).")
    serve_command = List(
        Unicode(),
        config=True,
        help="Command that runs `h5lab serve` (default: node <package>/bin/h5lab.js serve). Listening address, "
        "store, bucket and accounts are appended as flags.",
    )
    service_log_level = Unicode("warn", config=True, help="Log level of the service: error, warn, info or debug.")
    restart_delay = Float(1.0, config=True, help="Seconds before restarting the service after it exits.")
    ready_wait = Float(
        10.0, config=True, help="Seconds a proxied request waits for a (re)starting service before a 503."
    )
    write_hscfg = Bool(True, config=True, help="Write ~/.hscfg for h5pyd (never over a file h5lab did not write).")
    set_environment = Bool(
        True,
        config=True,
        help="Set HS_ENDPOINT, HS_USERNAME, HS_PASSWORD, HS_BUCKET for kernels and terminals, and put the hs* "
        "tools on their PATH.",
    )
    node = Unicode(
        "node", config=True, help="Node.js executable that runs the service and the hsload and hsget jobs."
    )

    @default("username")
    def _default_username(self) -> str:
        return lab_username()

    @default("serve_command")
    def _default_serve_command(self) -> list[str]:
        return [self.node, str(PACKAGE_ROOT / "bin" / "h5lab.js"), "serve"]

    def initialize_settings(self) -> None:
        user = sidecar_username(self.username)
        self._admin = ADMIN_USER if user != ADMIN_USER else f"{ADMIN_USER}-0"
        self._admin_password = new_password()
        port = self.port or free_loopback_port()
        self.kernel_config = KernelConfig(f"http://127.0.0.1:{port}", user, new_password(), self.bucket)
        # Next to the server's other secrets (runtime dir, 0700), so that a server killed before it could clean
        # up leaves its password file in the user's own space.
        self._private_dir = Path(tempfile.mkdtemp(prefix="h5lab-", dir=self.serverapp.runtime_dir))
        password_file = self._private_dir / "passwd"
        write_private(
            password_file,
            password_file_text({user: self.kernel_config.password, self._admin: self._admin_password}),
        )
        if self.set_environment:
            # Kernels and terminals copy the server's environment when they start.
            os.environ.update(self.kernel_config.environment())
            # This package's hs* tools (hsls, hsload, ...) for terminals and `!hsls` in notebooks.
            prepend_to_path(os.environ, link_tools(PACKAGE_ROOT / "bin", self._private_dir / "bin"))
        hscfg = Path.home() / ".hscfg"
        self.hscfg = (
            write_hscfg(hscfg, self.kernel_config)
            if self.write_hscfg
            else HscfgOutcome(str(hscfg), False, "writing it is turned off (H5Lab.write_hscfg)")
        )
        if not self.hscfg.written:
            self.log.info("h5lab: %s not written: %s", self.hscfg.path, self.hscfg.reason)
        self.home_error: str | None = None
        self.home_ready = False
        store = Path(self.root_dir).expanduser()
        argv = [
            *self.serve_command,
            "--host", "127.0.0.1",
            "--port", str(port),
            "--root-dir", str(store),
            "--bucket", self.bucket,
            "--password-file", str(password_file),
            "--admin-user", self._admin,
            "--log-level", self.service_log_level,
        ]
        self.store = store
        self.sidecar = Sidecar(argv, port, self.log, on_ready=self._create_home, restart_delay=self.restart_delay)
        contents_root = getattr(self.serverapp.contents_manager, "root_dir", self.serverapp.root_dir)
        self.jobs = Jobs(
            contents_root,
            lambda tool: [self.node, str(PACKAGE_ROOT / "bin" / f"{tool}.js")],
            self.kernel_config.environment,
        )

    def initialize_handlers(self) -> None:
        authorization = basic_authorization(self.kernel_config.username, self.kernel_config.password)
        self.handlers.extend([
            (
                r"/h5lab(/.*)?",
                SidecarProxyHandler,
                {"sidecar": self.sidecar, "authorization": authorization, "ready_wait": self.ready_wait},
            ),
            (r"/api/h5lab/status", SidecarStatusHandler, {"status": self.status}),
            (r"/api/h5lab/jobs", JobsHandler, {"jobs": self.jobs}),
            (r"/api/h5lab/jobs/([0-9a-f]+)", JobHandler, {"jobs": self.jobs}),
        ])

    async def _start_jupyter_server_extension(self, serverapp) -> None:
        self.sidecar.start()

    async def stop_extension(self) -> None:
        await self.jobs.stop()
        await self.sidecar.stop()
        shutil.rmtree(self._private_dir, ignore_errors=True)

    @property
    def home_folder(self) -> str:
        return f"/home/{self.kernel_config.username}"

    async def _create_home(self) -> None:
        """Creates /home and /home/<user> (owned by the user) as the service's administrator; both may exist."""
        client = AsyncHTTPClient()
        authorization = basic_authorization(self._admin, self._admin_password)
        folders = [("/home", {"folder": True}), (self.home_folder, {"folder": True, "owner": self.kernel_config.username})]
        for path, body in folders:
            url = f"{self.kernel_config.endpoint}/?domain={quote(path)}&bucket={quote(self.bucket)}"
            try:
                reply = await client.fetch(
                    url,
                    method="PUT",
                    body=json.dumps(body),
                    headers={"Authorization": authorization, "Content-Type": "application/json"},
                    raise_error=False,
                )
            except (OSError, HTTPClientError) as error:
                self.home_error = f"cannot create {path}: {error}"
                break
            if reply.code not in (201, 409):
                self.home_error = f"cannot create {path}: {reply.code} {reply.reason}"
                break
        else:
            self.home_error = None
            self.home_ready = True
        if self.home_error:
            self.log.warning("h5lab: %s", self.home_error)

    def status(self) -> dict:
        sidecar = self.sidecar
        return {
            "user": self.kernel_config.username,
            "endpoint": self.kernel_config.endpoint,
            "bucket": self.bucket,
            "store": str(self.store),
            "home": {"path": self.home_folder, "ready": self.home_ready, "error": self.home_error},
            "sidecar": {
                "state": sidecar.state,
                "pid": sidecar.pid,
                "port": sidecar.port,
                "restarts": sidecar.restarts,
                "last_exit": sidecar.last_exit,
                "output": list(sidecar.output),
            },
            "hscfg": {"path": self.hscfg.path, "written": self.hscfg.written, "reason": self.hscfg.reason},
            "environment": list(self.kernel_config.environment()) if self.set_environment else [],
        }
