#!/usr/bin/env bash
# `npm run build:wheels`: the five Python wheels, ready to install anywhere with pip alone,
# into dist/python/ (or the folder given as $1):
#   vegafusion_ts_client-*-<platform>.whl   the client, the compiled runtime, DuckDB's binding
#   vegafusion_{streamlit,dash,panel,widget}-*-py3-none-any.whl   the wrappers (they depend on the client)
# Install: pip install --find-links dist/python vegafusion-streamlit   (or -dash, -panel, -widget)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-dist/python}"
mkdir -p "$out"
python="${PYTHON:-python3}"
if [ -x .venv/bin/python ]; then python=.venv/bin/python; fi
npm run --silent build:web
npm run --silent build:widget
start=$(date +%s)
"$python" -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$out" \
  components/client-python components/streamlit components/dash components/panel components/widget
echo "built in $(( $(date +%s) - start )) s:"
for wheel in "$out"/vegafusion_*.whl; do
  awk -v name="$(basename "$wheel")" -v bytes="$(stat -c %s "$wheel")" 'BEGIN { printf "  %-66s %6.1f MB\n", name, bytes / 1e6 }'
done
