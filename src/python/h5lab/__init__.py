"""h5lab's Python side: the Jupyter server extension (h5lab.server) and helpers for kernels.

In a kernel: `h5lab.config()` gives the endpoint and credentials of the lab's HDF REST service, e.g.
`h5pyd.File("/home/<user>/data.h5", "r", **h5lab.config())`; `h5lab.view("/home/<user>/data.h5", "/dataset")`
shows a dataset in the notebook.
"""

from typing import TYPE_CHECKING

from .kernel import config

if TYPE_CHECKING:
    from .widget import Viewer

__all__ = ["config", "view"]


def view(domain: str, path: str = "/") -> "Viewer":
    """Returns a notebook widget (h5lab.widget.Viewer) showing the dataset at `path` in `domain`."""
    # Imported here: the Jupyter server imports h5lab too, and has no use for ipywidgets.
    from .widget import Viewer

    return Viewer(domain=domain, path=path)


def _jupyter_server_extension_points():
    # Imported here so that kernels importing h5lab do not load the Jupyter server.
    from .server.app import H5Lab

    return [{"module": "h5lab.server", "app": H5Lab}]
