#!/usr/bin/env bash
# The Dash end-to-end test of a scatter drawn by the runtime (components/dash/tests/
# test_dash_images_e2e.py) at 10 million rows instead of the suite's one million: writes
# the Parquet file (about 160 MB, in a temporary folder), uploads it through the wrapper,
# and prints the figures (first image, zoom, brush, hover; frames and bytes the page
# received), also kept in test-results/dash/images-10000000.json.
# Needs the browser files (`npm run build:web`), Chromium and the Python venv
# (`bash scripts/test-python.sh`).
set -euo pipefail
cd "$(dirname "$0")/.."
VF_DASH_IMAGE_ROWS="${VF_DASH_IMAGE_ROWS:-10000000}" exec .venv/bin/python -m pytest \
  components/dash/tests/test_dash_images_e2e.py -x -s -p no:cacheprovider "$@"
