import os
import subprocess
from pathlib import Path

from h5lab.server.tools import link_tools, prepend_to_path

REPO = Path(__file__).resolve().parents[4]


def test_tools_run_by_their_names_from_the_path(tmp_path):
    tools = link_tools(REPO / "bin", tmp_path / "bin")
    names = {p.name for p in tools.iterdir()}
    assert {"hsls", "hsload", "hsget", "hsinfo", "hsacl", "h5lab"} <= names
    environ = {"PATH": f"/usr/bin{os.pathsep}{tools}{os.pathsep}/bin"}
    prepend_to_path(environ, tools)
    assert environ["PATH"].split(os.pathsep) == [str(tools), "/usr/bin", "/bin"]
    done = subprocess.run(["hsls", "--help"], env={**os.environ, "PATH": environ["PATH"] + os.pathsep + os.environ["PATH"]},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "usage" in done.stdout.lower()


def test_linking_twice_keeps_the_links(tmp_path):
    first = sorted(p.name for p in link_tools(REPO / "bin", tmp_path / "bin").iterdir())
    second = sorted(p.name for p in link_tools(REPO / "bin", tmp_path / "bin").iterdir())
    assert first == second
