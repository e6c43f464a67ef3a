#!/usr/bin/env bash
# Runs every test: unit tests, @QuarkusTest API tests, and the system tests that start both real jars
# as separate processes against a virtual tape library and mount a real FUSE filesystem.
# Installs what is missing first (libfuse2, fuse3, ...). Needs root for FUSE.
# -T 2: the controller's and the gateway's module tests run side by side (each test app takes a free port); the
# system tests start after both, their classes two at a time (system-tests/src/test/resources/junit-platform.properties).
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh test
exec ./mvnw -B -T 2 verify "$@"
