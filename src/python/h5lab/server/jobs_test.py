"""Load and download jobs in a real Jupyter server, running the real hsload/hsget against the real sidecar."""

import json
import time
from pathlib import Path

import h5py
import numpy as np
import pytest

from h5lab.server.app_test import REPO, start_lab
from h5lab.server.jobs import Job

HSGET_BUILT = (REPO / "lib" / "src" / "cli" / "get" / "hsget.js").exists()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    started = start_lab(tmp_path_factory.mktemp("jobs"))
    started.root = Path(started.home).parent
    started.user = started.status()["user"]
    yield started
    started.stop()


def start(lab, **body):
    return lab.json("POST", "/api/h5lab/jobs", body)


def wait(lab, job_id, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, job = lab.json("GET", f"/api/h5lab/jobs/{job_id}")
        assert status == 200, job
        if job["state"] != "running":
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still running after {timeout} s: {job}")


def sample_file(path: Path, size: int = 1000) -> np.ndarray:
    path.parent.mkdir(parents=True, exist_ok=True)
    values = np.arange(size, dtype="<f8") * 0.5
    with h5py.File(path, "w") as f:
        f["values"] = values
        f.create_group("group").attrs["title"] = "sample"
    return values


def proxied(lab, path):
    """GET on the sidecar through the lab's proxy; the body parsed as JSON when it is JSON."""
    status, headers, body = lab.request("GET", f"/h5lab{path}")
    return status, json.loads(body) if headers.get("Content-Type", "").startswith("application/json") else body


def test_a_load_job_puts_the_file_into_a_domain_and_removes_the_staged_copy(lab):
    values = sample_file(lab.root / "staging" / "sample.h5")
    domain = f"/home/{lab.user}/loaded.h5"
    status, job = start(lab, kind="load", src="staging/sample.h5", dst=domain, remove_source=True)
    assert status == 201, job
    assert (job["kind"], job["src"], job["dst"], job["state"]) == ("load", "staging/sample.h5", domain, "running")
    done = wait(lab, job["id"])
    assert done["state"] == "done", done
    assert done["error"] is None
    assert "uploaded to domain" in done["message"]
    assert done["ended"] >= done["started"]
    assert not (lab.root / "staging" / "sample.h5").exists()

    status, root = proxied(lab, f"/?domain={domain}&h5path=/values")
    assert status == 200, root
    status, value = proxied(lab, f"/datasets/{root['id']}/value?domain={domain}")
    assert status == 200
    assert value["value"] == values.tolist()
    status, listed = lab.json("GET", "/api/h5lab/jobs")
    assert done in listed["jobs"]


def test_loading_over_an_existing_domain_needs_overwrite(lab):
    sample_file(lab.root / "twice.h5", size=10)
    domain = f"/home/{lab.user}/twice.h5"
    assert wait(lab, start(lab, kind="load", src="twice.h5", dst=domain)[1]["id"])["state"] == "done"
    refused = wait(lab, start(lab, kind="load", src="twice.h5", dst=domain)[1]["id"])
    assert refused["state"] == "failed"
    assert "Already exists" in refused["error"], refused
    replaced = wait(lab, start(lab, kind="load", src="twice.h5", dst=domain, overwrite=True)[1]["id"])
    assert replaced["state"] == "done", replaced
    # The source is only removed when asked to.
    assert (lab.root / "twice.h5").exists()


def test_a_file_that_is_not_hdf5_fails_with_the_tools_explanation(lab):
    (lab.root / "notes.h5").write_text("just text\n")
    job = wait(lab, start(lab, kind="load", src="notes.h5", dst=f"/home/{lab.user}/notes.h5")[1]["id"])
    assert job["state"] == "failed"
    assert "not an HDF5 file" in job["error"], job
    status, _ = proxied(lab, f"/?domain=/home/{lab.user}/notes.h5")
    assert status == 404


def test_a_load_into_a_folder_the_user_may_not_write_is_refused_by_the_service(lab):
    sample_file(lab.root / "top.h5", size=10)
    job = wait(lab, start(lab, kind="load", src="top.h5", dst="/top.h5")[1]["id"])
    assert job["state"] == "failed"
    assert "403" in job["error"] or "ermission" in job["error"], job


def test_a_cancelled_job_ends_as_cancelled(lab):
    sample_file(lab.root / "cancel.h5", size=4_000_000)
    status, job = start(lab, kind="load", src="cancel.h5", dst=f"/home/{lab.user}/cancel.h5")
    assert status == 201
    status, cancelled = lab.json("DELETE", f"/api/h5lab/jobs/{job['id']}")
    assert status == 200
    assert cancelled["state"] == "cancelled"
    ended = wait(lab, job["id"])
    assert ended["state"] == "cancelled"
    deadline = time.monotonic() + 10
    while lab.json("GET", f"/api/h5lab/jobs/{job['id']}")[1]["ended"] is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert lab.json("GET", f"/api/h5lab/jobs/{job['id']}")[1]["ended"] is not None


@pytest.mark.parametrize(
    "body, status, message",
    [
        ({"kind": "copy", "src": "a.h5", "dst": "/home/x/a.h5"}, 400, "kind must be one of load, get"),
        ({"kind": "load", "src": "", "dst": "/home/x/a.h5"}, 400, "src and dst must be non-empty strings"),
        ({"kind": "load", "src": "../outside.h5", "dst": "/home/x/a.h5"}, 400, "outside the server's root directory"),
        ({"kind": "load", "src": "missing 100%.h5", "dst": "/home/x/a.h5"}, 404, "no such file: missing 100%.h5"),
        ({"kind": "load", "src": "twice.h5", "dst": "home/x/a.h5"}, 400, "dst must be a domain path"),
        ({"kind": "load", "src": "twice.h5", "dst": "/home/x/"}, 400, "dst must be a domain path"),
        ({"kind": "get", "src": "/home/x/a.h5", "dst": "."}, 400, "is a folder, not a file name"),
        ({"kind": "get", "src": "/home/x/a.h5", "dst": "/../../a.h5"}, 400, "outside the server's root directory"),
    ],
)
def test_invalid_requests_are_refused_with_a_reason(lab, body, status, message):
    sample_file(lab.root / "twice.h5", size=10)
    answer_status, answer = start(lab, **body)
    assert answer_status == status, answer
    assert message in answer["message"]


def test_unknown_jobs_and_bodies_that_are_not_objects(lab):
    assert lab.json("GET", "/api/h5lab/jobs/0123456789abcdef")[0] == 404
    assert lab.json("DELETE", "/api/h5lab/jobs/0123456789abcdef")[0] == 404
    status, _, body = lab.request("POST", "/api/h5lab/jobs", b"[1, 2]", {"Content-Type": "application/json"})
    assert status == 400
    assert "JSON object" in json.loads(body)["message"]
    status, _, _ = lab.request("POST", "/api/h5lab/jobs", b"{not json", {"Content-Type": "application/json"})
    assert status == 400


def test_jobs_need_the_lab_token(lab):
    for token in (None, "wrong"):
        assert lab.request("GET", "/api/h5lab/jobs", token=token)[0] == 403
        body = json.dumps({"kind": "load", "src": "twice.h5", "dst": "/home/x/a.h5"}).encode()
        assert lab.request("POST", "/api/h5lab/jobs", body, token=token)[0] == 403


@pytest.mark.skipif(not HSGET_BUILT, reason="hsget is not built yet (lib/src/cli/get/hsget.js)")
def test_a_get_job_writes_the_domain_to_a_new_file(lab):
    values = sample_file(lab.root / "roundtrip.h5", size=500)
    domain = f"/home/{lab.user}/roundtrip.h5"
    assert wait(lab, start(lab, kind="load", src="roundtrip.h5", dst=domain)[1]["id"])["state"] == "done"
    (lab.root / "Downloads").mkdir(exist_ok=True)
    (lab.root / "Downloads" / "roundtrip.h5").write_bytes(b"an earlier download")
    status, job = start(lab, kind="get", src=domain, dst="Downloads/roundtrip.h5")
    assert status == 201, job
    # An existing file is kept: the new one gets the next free name.
    assert job["dst"] == "Downloads/roundtrip-1.h5"
    done = wait(lab, job["id"])
    assert done["state"] == "done", done
    with h5py.File(lab.root / "Downloads" / "roundtrip-1.h5", "r") as f:
        assert f["values"][...].tolist() == values.tolist()
        assert f["group"].attrs["title"] == "sample"
    assert (lab.root / "Downloads" / "roundtrip.h5").read_bytes() == b"an earlier download"


def test_a_failed_get_leaves_no_file(lab):
    status, job = start(lab, kind="get", src=f"/home/{lab.user}/missing.h5", dst="Downloads/missing.h5")
    assert status == 201, job
    failed = wait(lab, job["id"])
    assert failed["state"] == "failed"
    assert failed["error"]
    assert not (lab.root / "Downloads" / "missing.h5").exists()


def test_progress_lines_of_the_tools_are_read_as_numbers():
    job = Job("load", "a.h5", "/home/u/a.h5", "hsload")
    job.read_line("hsload: objects 12/40  bytes 1.5 MB/61.0 MB  20.1 MB/s")
    assert (job.objects_done, job.objects_total) == (12, 40)
    assert (job.bytes_done, job.bytes_total) == (1572864, 63963136)
    job.read_line("INFO 2026-01-02 03:04:05,678 File a.h5 uploaded to domain: /home/u/a.h5")
    assert job.message == "File a.h5 uploaded to domain: /home/u/a.h5"
    job.read_line("hsload: a.h5 is not an HDF5 file")
    job.end(1)
    assert (job.state, job.error) == ("failed", "a.h5 is not an HDF5 file")
