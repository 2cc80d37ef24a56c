"""jupyter-lab configuration for the UI tests: galata's test setup, with token authentication kept on."""

import os
from pathlib import Path

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is injected by traitlets)

repo = Path(__file__).resolve().parent.parent
c.ServerApp.port = int(os.environ["H5LAB_UI_PORT"])
c.ServerApp.ip = "127.0.0.1"
c.ServerApp.allow_root = True
# The proxy must refuse anonymous requests, so the token galata switches off is restored.
c.IdentityProvider.token = os.environ["H5LAB_UI_TOKEN"]
c.LabServerApp.extra_labextensions_path = [
    c.LabServerApp.extra_labextensions_path,
    str(repo / "lib" / "labextensions"),
]
# The server extension itself is enabled by jupyter-config/ (JUPYTER_CONFIG_PATH), as in scripts/run-lab.sh.
c.H5Lab.root_dir = os.environ["H5LAB_UI_STORE"]
# Long enough for the tests to see the service down after killing it, short enough to see it come back.
c.H5Lab.restart_delay = 4.0
c.H5Lab.ready_wait = 0.5
