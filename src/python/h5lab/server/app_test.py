"""The server extension in a real Jupyter server, with the real `h5lab serve` as its sidecar."""

import base64
import http.client
import json
import os
import secrets
import signal
import socket
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]
TOKEN = "test-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0): it has exited but its parent has not reaped it yet.
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split(") ")[1][0] != "Z"


@dataclass
class Lab:
    process: subprocess.Popen
    port: int
    home: Path

    def request(self, method, path, body=None, headers=None, token=TOKEN, chunked=False):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        all_headers = {"Authorization": f"token {token}"} if token else {}
        all_headers.update(headers or {})
        if chunked:
            connection.request(method, path, body=iter([body[i:i + 65536] for i in range(0, len(body), 65536)]),
                               headers=all_headers, encode_chunked=True)
        else:
            connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), data

    def json(self, method, path, body=None):
        payload = None if body is None else json.dumps(body).encode()
        status, _, data = self.request(method, path, payload, {"Content-Type": "application/json"} if payload else None)
        return status, json.loads(data) if data else None

    def status(self):
        return self.json("GET", "/api/h5lab/status")[1]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(15)


def start_lab(tmp_path: Path, *options: str, wait_for_home: bool = True) -> Lab:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    port = free_port()
    env = {
        **os.environ,
        "HOME": str(home),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src" / "python"), os.environ.get("PYTHONPATH")])),
        "JUPYTER_CONFIG_PATH": str(REPO / "jupyter-config"),
    }
    env.pop("JUPYTERHUB_USER", None)
    command = [
        sys.executable, "-m", "jupyter_server", "--allow-root", "--ServerApp.open_browser=False",
        f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={tmp_path}", f"--H5Lab.root_dir={tmp_path / 'store'}", *options,
    ]
    log = open(tmp_path / "server.log", "wb")
    lab = Lab(subprocess.Popen(command, env=env, stdout=log, stderr=log), port, home)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status = lab.status()
            if not wait_for_home or status["home"]["ready"]:
                return lab
        except (OSError, http.client.HTTPException, TypeError, json.JSONDecodeError):
            pass
        time.sleep(0.2)
    lab.stop()
    raise AssertionError(f"lab did not start: {(tmp_path / 'server.log').read_text()[-3000:]}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    started = start_lab(tmp_path_factory.mktemp("lab"))
    yield started
    started.stop()


def test_status_describes_the_running_sidecar(lab):
    status = lab.status()
    user = status["user"]
    assert status["sidecar"]["state"] == "running"
    assert status["endpoint"] == f"http://127.0.0.1:{status['sidecar']['port']}"
    assert status["home"] == {"path": f"/home/{user}", "ready": True, "error": None}
    assert status["hscfg"] == {"path": str(lab.home / ".hscfg"), "written": True,
                               "reason": "written by h5lab for this server's service"}
    assert status["environment"] == ["HS_ENDPOINT", "HS_USERNAME", "HS_PASSWORD", "HS_BUCKET"]


def test_values_stream_through_the_proxy_both_ways(lab):
    user = lab.status()["user"]
    domain = f"/home/{user}/stream-{secrets.token_hex(4)}.h5"
    status, created = lab.json("PUT", f"/h5lab/?domain={domain}")
    assert status == 201, created
    size = 24 * 1024 * 1024
    status, dataset = lab.json("POST", f"/h5lab/datasets?domain={domain}",
                               {"type": "H5T_STD_U8LE", "shape": [size]})
    assert status == 201, dataset
    url = f"/h5lab/datasets/{dataset['id']}/value?domain={domain}"
    binary = {"Content-Type": "application/octet-stream"}
    for chunked in (False, True):
        payload = os.urandom(size)
        status, _, body = lab.request("PUT", url, payload, binary, chunked=chunked)
        assert status == 200, body[:300]
        status, headers, data = lab.request("GET", url, headers={"Accept": "application/octet-stream"})
        assert status == 200
        assert headers["Content-Type"] == "application/octet-stream"
        assert data == payload, f"chunked={chunked}"


def direct(lab: Lab, method: str, path: str):
    """The same request sent to the sidecar itself, with the lab user's credentials from ~/.hscfg."""
    settings = dict(
        line.split(" = ", 1) for line in (lab.home / ".hscfg").read_text().splitlines() if not line.startswith("#")
    )
    credentials = base64.b64encode(f"{settings['hs_username']}:{settings['hs_password']}".encode()).decode()
    connection = http.client.HTTPConnection(settings["hs_endpoint"].removeprefix("http://"), timeout=10)
    connection.request(method, path, headers={"Authorization": f"Basic {credentials}"})
    response = connection.getresponse()
    answer = (response.status, response.reason, response.getheader("Content-Type"), response.read())
    connection.close()
    return answer


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))


def test_a_slow_download_is_not_buffered_in_the_server(lab):
    user = lab.status()["user"]
    domain = f"/home/{user}/slow-{secrets.token_hex(4)}.h5"
    assert lab.json("PUT", f"/h5lab/?domain={domain}")[0] == 201
    size = 64 * 1024 * 1024
    status, dataset = lab.json("POST", f"/h5lab/datasets?domain={domain}", {"type": "H5T_STD_U8LE", "shape": [size]})
    assert status == 201, dataset
    # Never written: the sidecar answers with fill values (zeros), without touching the disk.
    url = f"/h5lab/datasets/{dataset['id']}/value?domain={domain}"
    before = rss_bytes(lab.process.pid)
    connection = http.client.HTTPConnection("127.0.0.1", lab.port, timeout=60)
    connection.request("GET", url, headers={"Authorization": f"token {TOKEN}", "Accept": "application/octet-stream"})
    response = connection.getresponse()
    first = response.read(1024 * 1024)
    # The browser stalls: a proxy without backpressure would now pull the whole answer into its memory.
    time.sleep(1.5)
    grown = rss_bytes(lab.process.pid) - before
    data = first + response.read()
    connection.close()
    assert data == bytes(size)
    assert grown < 24 * 1024 * 1024, f"server grew by {grown / 2**20:.0f} MiB during a stalled download"


def test_answers_and_errors_of_the_sidecar_pass_through(lab):
    status, headers, body = lab.request("HEAD", "/h5lab/about")
    assert (status, body) == (200, b"")
    assert headers.get("Access-Control-Allow-Origin") != "*"
    for path, expected_status in (("/groups/g-not-an-id", 400), ("/?domain=/home/nobody/missing.h5", 404), ("/about", 200)):
        connection = http.client.HTTPConnection("127.0.0.1", lab.port, timeout=10)
        connection.request("GET", f"/h5lab{path}", headers={"Authorization": f"token {TOKEN}"})
        response = connection.getresponse()
        proxied = (response.status, response.reason, response.getheader("Content-Type"), response.read())
        connection.close()
        assert proxied[0] == expected_status
        # Status, reason phrase (h5pyd shows it), content type and body, as the sidecar gives them.
        assert proxied == direct(lab, "GET", path)


def test_an_early_answer_to_a_large_upload_does_not_hang(lab):
    user = lab.status()["user"]
    domain = f"/home/{user}/missing-{secrets.token_hex(4)}.h5"
    started = time.monotonic()
    status, _, _ = lab.request("PUT", f"/h5lab/datasets/d-00000000-0000-0000-0000-000000000000/value?domain={domain}",
                               os.urandom(20 * 1024 * 1024), {"Content-Type": "application/octet-stream"})
    assert 400 <= status < 500
    assert time.monotonic() - started < 10


def test_requests_without_the_lab_token_are_refused(lab):
    for token in (None, "wrong"):
        status, _, body = lab.request("GET", "/h5lab/about", token=token)
        assert status == 403
        assert json.loads(body)["message"] == "the h5lab service requires a logged-in Jupyter user"
        assert lab.request("GET", "/api/h5lab/status", token=token)[0] == 403


def test_stopping_the_server_stops_the_sidecar_and_removes_its_password_file(tmp_path):
    lab = start_lab(tmp_path)
    pid = lab.status()["sidecar"]["pid"]
    [password_file] = (lab.home / ".local" / "share" / "jupyter" / "runtime").glob("h5lab-*/passwd")
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert password_file.read_text().startswith(f"{lab.status()['user']}:")
    lab.stop()
    assert not pid_alive(pid)
    assert not password_file.parent.exists()


def test_a_killed_server_takes_the_sidecar_with_it(tmp_path):
    lab = start_lab(tmp_path)
    pid = lab.status()["sidecar"]["pid"]
    lab.process.send_signal(signal.SIGKILL)
    lab.process.wait()
    deadline = time.monotonic() + 10
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not pid_alive(pid)


def test_a_sidecar_that_cannot_start_is_explained_and_a_users_hscfg_is_kept(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    own = "hs_endpoint = https://hsds.example.org\nhs_username = me\n"
    (home / ".hscfg").write_text(own)
    failing = tmp_path / "failing-serve.js"
    failing.write_text("console.error('cannot open the store'); process.exit(3);\n")
    # A List trait takes one command-line flag per item.
    lab = start_lab(tmp_path, "--H5Lab.serve_command=node", f"--H5Lab.serve_command={failing}",
                    "--H5Lab.ready_wait=0.2", wait_for_home=False)
    try:
        deadline = time.monotonic() + 10
        while lab.status()["sidecar"]["restarts"] == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        status = lab.status()
        assert status["sidecar"]["last_exit"] == "exited with code 3"
        assert "cannot open the store" in status["sidecar"]["output"]
        assert status["hscfg"]["written"] is False
        assert (home / ".hscfg").read_text() == own
        code, _, body = lab.request("GET", "/h5lab/about")
        assert code == 503
        assert "exited with code 3" in json.loads(body)["message"]
    finally:
        lab.stop()
