#!/usr/bin/env bash
# Sets up everything h5lab needs on a fresh machine (idempotent): Node packages from the committed lockfile,
# the TypeScript build, and a Python venv (.venv) with h5py/numpy/numcodecs from the local wheel mirror.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "npm install"
npm install --no-audit --no-fund --loglevel=error

step "python venv (.venv)"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv --system-site-packages .venv
fi
# The mirror is the only index reachable: never wait on the default one.
export PIP_RETRIES=0 PIP_DISABLE_PIP_VERSION_CHECK=1
.venv/bin/pip install --quiet --retries 0 -r requirements-dev.txt

step "build"
npx tsc -b
echo "setup complete"
