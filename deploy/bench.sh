#!/usr/bin/env bash
# Benchmarks of issue 4 (not tests; `mvn verify` never runs them). They print seconds and peak heap.
#
#   bash deploy/bench.sh index [FILES] [INDEX_PATH]   writes an LTFS index of FILES files (default 1,000,000) in
#                                                    nested directories with the streaming writer and parses it
#                                                    with the streaming reader, at -Xmx512m (the goal's bound);
#                                                    INDEX_PATH is kept when given
#   bash deploy/bench.sh tree [FILES] [--in-heap]    puts FILES file entries (default 1,000,000) into a mounted
#                                                    volume's on-disk directory tree at -Xmx256m (the controller's
#                                                    heap in the system tests) and walks them in index order
#
# HEAP=-Xmx... overrides the heap limit.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  index) main=io.tapelib.controller.ltfs.bench.IndexParseBenchmark; heap=${HEAP:--Xmx512m} ;;
  tree)  main=io.tapelib.controller.ltfs.bench.TreeBench;           heap=${HEAP:--Xmx256m} ;;
  *) echo "usage: $0 index|tree [arguments]" >&2; exit 2 ;;
esac
shift

./mvnw -B -q -pl tape-controller test-compile
classpath_file="$PWD/tape-controller/target/bench-classpath.txt"
./mvnw -B -q -pl tape-controller dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
exec java "$heap" -XX:+UseG1GC \
  -cp "tape-controller/target/test-classes:tape-controller/target/classes:$(cat "$classpath_file")" "$main" "$@"
