"""`GET <base_url>/api/h5lab/status`: what the connection panel shows about this server's sidecar."""

from collections.abc import Callable

from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from tornado import web


class SidecarStatusHandler(APIHandler):
    auth_resource = "h5lab"

    def initialize(self, status: Callable[[], dict]) -> None:
        self._status = status

    @web.authenticated
    @authorized
    def get(self) -> None:
        self.finish(self._status())
