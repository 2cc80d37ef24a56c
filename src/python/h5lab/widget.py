"""The h5lab dataset viewer as a notebook widget: `h5lab.view(domain, path)`.

Only the synced state lives here. The front end (src/widgets/notebook-widget/) reads the dataset through the
lab's own connection to its HDF REST service, so the kernel needs no endpoint or credentials.
"""

import ipywidgets
from traitlets import Unicode

MODULE = "h5lab"
# The front end registers the version of package.json; a compatible one is accepted.
MODULE_VERSION = "^0.1.0"


class Viewer(ipywidgets.DOMWidget):
    """Shows one dataset of a domain; set `domain` or `path` to show another."""

    _model_name = Unicode("ViewerModel").tag(sync=True)
    _model_module = Unicode(MODULE).tag(sync=True)
    _model_module_version = Unicode(MODULE_VERSION).tag(sync=True)
    _view_name = Unicode("ViewerView").tag(sync=True)
    _view_module = Unicode(MODULE).tag(sync=True)
    _view_module_version = Unicode(MODULE_VERSION).tag(sync=True)

    domain = Unicode("", help="Domain path, e.g. /home/ana/data.h5").tag(sync=True)
    path = Unicode("/", help="Path of the dataset in the domain, e.g. /images/frame").tag(sync=True)
