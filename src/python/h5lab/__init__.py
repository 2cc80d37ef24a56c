"""h5lab's Python side: the Jupyter server extension (h5lab.server) and helpers for kernels.

In a kernel: `h5lab.config()` gives the endpoint and credentials of the lab's HDF REST service, e.g.
`h5pyd.File("/home/<user>/data.h5", "r", **h5lab.config())`.
"""

from .kernel import config

__all__ = ["config"]


def _jupyter_server_extension_points():
    # Imported here so that kernels importing h5lab do not load the Jupyter server.
    from .server.app import H5Lab

    return [{"module": "h5lab.server", "app": H5Lab}]
