#!/usr/bin/env bash
# Runs the Python wrappers' tests in a project-local virtualenv (.venv), installing the
# pinned requirements and the wrapper packages first.
set -euo pipefail
cd "$(dirname "$0")/.."

shopt -s nullglob
tests=(components/*/tests)
if [ ${#tests[@]} -eq 0 ]; then
  echo "test:py: no Python packages yet"
  exit 0
fi

python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-lock.txt
for pkg in components/client-python components/streamlit components/dash components/panel components/widget; do
  if [ -f "$pkg/pyproject.toml" ]; then .venv/bin/pip install --quiet --disable-pip-version-check --no-deps -e "$pkg"; fi
done
set +e
.venv/bin/python -m pytest "${tests[@]}" "$@"
code=$?
set -e
# pytest's 5 means "no tests collected": not a failure of the suite.
if [ $code -eq 5 ]; then exit 0; fi
exit $code
