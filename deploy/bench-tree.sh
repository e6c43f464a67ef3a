#!/usr/bin/env bash
# Memory benchmark of a mounted volume's directory tree (issue 4): puts 1,000,000 file entries into the
# on-disk tree at -Xmx256m (the controller's heap in the system tests), walks them in index order,
# and reports seconds per phase and peak heap. Not a test.
# Usage: deploy/bench-tree.sh [files (default 1000000)] [--in-heap]   (HEAP=-Xmx256m to change the heap)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl tape-controller test-compile
cp_file=tape-controller/target/bench-tree.classpath
./mvnw -B -q -pl tape-controller dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file"
exec java "${HEAP:--Xmx256m}" -cp "tape-controller/target/classes:tape-controller/target/test-classes:$(cat "$cp_file")" \
  io.tapelib.controller.ltfs.bench.TreeBench "$@"
