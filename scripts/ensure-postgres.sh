#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries (used by the PostgreSQL source tests, which
# start their own cluster in a temporary folder) when they are missing. The package's
# own cluster is not used; the tests never touch it.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "PostgreSQL is missing; install it with: sudo apt-get install -y postgresql" >&2
  echo "(the PostgreSQL source tests skip without it)" >&2
  exit 0
fi
echo "Installing Debian's postgresql for the PostgreSQL source tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql >/dev/null
