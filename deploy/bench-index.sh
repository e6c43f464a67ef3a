#!/usr/bin/env bash
# Benchmark of the LTFS index reader (issue 4, acceptance 5; not a test, never run by `mvn verify`):
# writes an index of FILES files (default 1,000,000) in nested directories with the streaming writer,
# parses it with the streaming reader, and prints seconds and peak heap of both. The JVM gets
# -Xmx512m, so a run that finishes proves the 512 MB heap bound.
#
#   bash deploy/bench-index.sh [FILES] [INDEX_PATH]    (INDEX_PATH is kept when given)
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -pl tape-controller test-compile
./mvnw -B -q -pl tape-controller dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt
classpath="tape-controller/target/test-classes:tape-controller/target/classes:$(cat tape-controller/target/bench-classpath.txt)"
exec java -Xmx512m -XX:+UseG1GC -cp "$classpath" io.tapelib.controller.ltfs.bench.IndexParseBenchmark "$@"
