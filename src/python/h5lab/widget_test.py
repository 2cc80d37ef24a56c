import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import h5lab
from h5lab.widget import MODULE, MODULE_VERSION, Viewer

PACKAGE_JSON = Path(__file__).resolve().parents[3] / "package.json"


@pytest.fixture
def sent(monkeypatch):
    """The state updates a widget sends to the front end (no kernel here: the comm is a stand-in)."""
    messages = []

    def record(widget):
        monkeypatch.setattr(widget.comm, "send", lambda data=None, metadata=None, buffers=None: messages.append(data))
        return messages

    return record


def test_view_makes_a_viewer_of_the_dataset():
    viewer = h5lab.view("/home/ana/data.h5", "/images/frame")
    assert isinstance(viewer, Viewer)
    state = viewer.get_state()
    assert state["domain"] == "/home/ana/data.h5"
    assert state["path"] == "/images/frame"
    assert state["_model_name"] == "ViewerModel"
    assert state["_view_name"] == "ViewerView"
    assert state["_model_module"] == state["_view_module"] == "h5lab"


def test_the_path_defaults_to_the_root():
    assert h5lab.view("/home/ana/data.h5").path == "/"


def test_changing_a_trait_sends_it_to_the_front_end(sent):
    viewer = h5lab.view("/home/ana/data.h5", "/a")
    messages = sent(viewer)
    viewer.path = "/b"
    viewer.domain = "/home/ana/other.h5"
    updates = [m["state"] for m in messages if m["method"] == "update"]
    assert updates == [{"path": "/b"}, {"domain": "/home/ana/other.h5"}]


def test_state_from_the_front_end_sets_the_traits():
    viewer = h5lab.view("/home/ana/data.h5", "/a")
    viewer.set_state({"path": "/c"})
    assert viewer.path == "/c"


def test_the_module_is_the_package_and_its_version_is_accepted():
    package = json.loads(PACKAGE_JSON.read_text())
    assert MODULE == package["name"]
    # The front end registers package.json's version; "^X.Y.Z" is what the kernel asks for.
    assert re.fullmatch(r"\^\d+\.\d+\.\d+", MODULE_VERSION)
    assert MODULE_VERSION[1:] == package["version"]


def test_importing_h5lab_does_not_load_ipywidgets():
    code = "import sys, h5lab; h5lab.view; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
