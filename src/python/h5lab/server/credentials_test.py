import os
import stat

import pytest

from h5lab.server.credentials import (
    HSCFG_MARKER,
    KernelConfig,
    lab_username,
    password_file_text,
    sidecar_username,
    write_hscfg,
)

CONFIG = KernelConfig("http://127.0.0.1:5101", "ana", "s3cret", "hsdstest")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_writes_hscfg_only_the_owner_can_read(tmp_path):
    path = tmp_path / ".hscfg"
    outcome = write_hscfg(path, CONFIG)
    assert outcome.written
    assert mode(path) == 0o600
    text = path.read_text()
    assert text.startswith(HSCFG_MARKER)
    assert "hs_endpoint = http://127.0.0.1:5101\n" in text
    assert "hs_password = s3cret\n" in text


def test_rewrites_its_own_hscfg_and_tightens_its_mode(tmp_path):
    path = tmp_path / ".hscfg"
    write_hscfg(path, CONFIG)
    os.chmod(path, 0o644)
    outcome = write_hscfg(path, KernelConfig("http://127.0.0.1:6000", "ana", "new", "b"))
    assert outcome.written
    assert "hs_endpoint = http://127.0.0.1:6000\n" in path.read_text()
    assert mode(path) == 0o600


def test_keeps_a_users_own_hscfg(tmp_path):
    path = tmp_path / ".hscfg"
    own = "hs_endpoint = https://hsds.example.org\nhs_username = ana\n"
    path.write_text(own)
    outcome = write_hscfg(path, CONFIG)
    assert not outcome.written
    assert "not written by h5lab" in outcome.reason
    assert path.read_text() == own


def test_h5pyd_reads_what_is_written(tmp_path):
    # h5pyd's Config: `key = value` lines split on '=', '#' comments; the marker lines must be comments.
    path = tmp_path / ".hscfg"
    write_hscfg(path, CONFIG)
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = line.split("=")
            values[key.strip()] = value.strip()
    assert values == {"hs_endpoint": CONFIG.endpoint, "hs_username": "ana", "hs_password": "s3cret", "hs_bucket": "hsdstest"}


def test_environment_names_are_those_h5pyd_reads():
    assert CONFIG.environment() == {
        "HS_ENDPOINT": "http://127.0.0.1:5101",
        "HS_USERNAME": "ana",
        "HS_PASSWORD": "s3cret",
        "HS_BUCKET": "hsdstest",
    }


def test_user_names_fit_the_password_file(monkeypatch):
    assert sidecar_username("jovyan") == "jovyan"
    assert sidecar_username("ana maria:x/y") == "ana_maria_x_y"
    with pytest.raises(ValueError):
        sidecar_username("  ")
    monkeypatch.setenv("JUPYTERHUB_USER", "hub user")
    assert lab_username() == "hub_user"
    assert password_file_text({"hub_user": "p1", "h5lab-admin": "p2"}) == "hub_user:p1\nh5lab-admin:p2\n"
