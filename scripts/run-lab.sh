#!/usr/bin/env bash
# Starts JupyterLab with the h5lab extension and its server extension, which runs the h5lab service for the lab
# user (store: ~/.h5lab/data) and proxies it at <base_url>/h5lab/. Extra arguments go to jupyter-lab.
#   H5LAB_LAB_IP (default 127.0.0.1), H5LAB_LAB_PORT (default 8888)
# Run `bash scripts/setup.sh` first (it installs and builds everything this needs).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

if [ ! -x .venv/bin/jupyter-lab ] || [ ! -f lib/labextensions/h5lab/package.json ]; then
  echo "JupyterLab or the built extension is missing: running scripts/setup.sh" >&2
  bash scripts/setup.sh
fi

# No pip install: the server extension is imported from src/python and enabled by jupyter-config/.
export PYTHONPATH="$repo/src/python${PYTHONPATH:+:$PYTHONPATH}"
export JUPYTER_CONFIG_PATH="$repo/jupyter-config${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}"

args=(
  "--ip=${H5LAB_LAB_IP:-127.0.0.1}"
  "--port=${H5LAB_LAB_PORT:-8888}"
  --no-browser
  "--LabApp.extra_labextensions_path=$repo/lib/labextensions"
)
if [ "$(id -u)" = 0 ]; then args+=(--allow-root); fi
exec .venv/bin/jupyter-lab "${args[@]}" "$@"
