#!/usr/bin/env bash
# Sets up everything h5lab needs on a fresh machine (idempotent): Node packages from the committed lockfile,
# a Python venv (.venv) with h5py/numpy/numcodecs and JupyterLab from the local wheel mirror, the TypeScript
# build and the JupyterLab extension build (lib/labextensions/h5lab).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "npm install"
npm install --no-audit --no-fund --loglevel=error

step "python venv (.venv)"
if [ ! -x .venv/bin/python ]; then
  # System site-packages stay visible: the image's h5py/numpy/pytest serve the venv too.
  python3 -m venv --system-site-packages .venv
fi
# The mirror is the only index reachable: never wait on the default one.
export PIP_RETRIES=0 PIP_DISABLE_PIP_VERSION_CHECK=1
.venv/bin/pip install --quiet --retries 0 -r requirements-dev.txt -r requirements-lab.txt
# The venv sits inside this "type": "module" package, so node would load the CommonJS scripts that Python
# packages ship (JupyterLab's bundled yarn) as ES modules and fail; this restores node's default there.
echo '{"type": "commonjs"}' > .venv/package.json

step "build"
npx tsc -b

step "JupyterLab extension"
npm run --silent build:labextension >/dev/null
echo "setup complete"
