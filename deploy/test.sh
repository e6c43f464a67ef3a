#!/usr/bin/env bash
# Runs every test: unit tests, @QuarkusTest API tests, and the system tests that start both real jars
# as separate processes against a virtual tape library and mount a real FUSE filesystem.
# Installs what is missing first (libfuse2, fuse3, ...). Needs root for FUSE.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh test
exec ./mvnw -B verify "$@"
