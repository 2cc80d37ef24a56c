import pytest

import h5lab


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("HS_ENDPOINT", "HS_USERNAME", "HS_PASSWORD", "HS_BUCKET"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_config_reads_the_environment_first(home, monkeypatch):
    (home / ".hscfg").write_text("hs_endpoint = http://file:1\nhs_username = from_file\nhs_bucket = filebucket\n")
    monkeypatch.setenv("HS_ENDPOINT", "http://127.0.0.1:5101")
    monkeypatch.setenv("HS_USERNAME", "ana")
    monkeypatch.setenv("HS_PASSWORD", "pw")
    assert h5lab.config() == {
        "endpoint": "http://127.0.0.1:5101",
        "username": "ana",
        "password": "pw",
        "bucket": "filebucket",
    }


def test_config_falls_back_to_hscfg(home):
    (home / ".hscfg").write_text("# comment\nhs_endpoint = http://127.0.0.1:7000\nhs_username = ana\nhs_password = a=b\n")
    assert h5lab.config() == {"endpoint": "http://127.0.0.1:7000", "username": "ana", "password": "a=b"}


def test_config_says_what_is_missing(home):
    with pytest.raises(RuntimeError, match="HS_ENDPOINT is not set"):
        h5lab.config()


def test_importing_h5lab_does_not_load_the_jupyter_server():
    import subprocess
    import sys

    code = "import sys, h5lab; h5lab.config; print('jupyter_server' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
