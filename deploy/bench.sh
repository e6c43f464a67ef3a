#!/usr/bin/env bash
# Benchmarks (not tests; `mvn verify` never runs them). Each mode builds what it needs first, prints a table and
# ends with one line of ratios. Runs from a fresh clone, as root (FUSE mounts, drop_caches).
#
#   bash deploy/bench.sh fuse       the mount (real jars) against direct disk and libfuse's C passthrough examples
#                                   (passthrough; passthrough_fh, whose fsync is durable, for the write's ratio):
#                                   1 GiB dd write and cold read, create of 100,000 files of 1 KiB, find+stat cold and
#                                   warm; medians of 3. FUSE_BENCH_BIG_MIB, FUSE_BENCH_FILES, FUSE_BENCH_REPEAT,
#                                   FUSE_BENCH_BUDGET_SECONDS (600: no more runs of a target after that),
#                                   FUSE_BENCH_TARGETS (direct,passthrough,passthrough_fh,floor,
#                                   mount,audit), FUSE_BENCH_GATEWAY_JAVA_OPTIONS
#                                   (added to the options of deploy/fuse-gateway.jvm the gateway runs with, e.g.
#                                   -XX:StartFlightRecording=filename=/tmp/g.jfr);
#                                   target floor: the creates and finds at the gateway's own FUSE
#                                   binding over an in-memory tree (the binding's cost alone);
#                                   target audit: the create of FUSE_BENCH_FILES files with the gateway's AUDIT=off and
#                                   AUDIT=on in turn, medians and the ratio on/off (issue 14)
#   bash deploy/bench.sh recall     1,000 recalls of random files over 20 cartridges, 1 drive then 2 drives, timing
#                                   model in account-only mode (time scale 0): loads, simulated tape seconds, the lower
#                                   bound and FIFO order. RECALL_BENCH_RECALLS, RECALL_BENCH_CARTRIDGES,
#                                   RECALL_BENCH_FILES_PER_CARTRIDGE, RECALL_BENCH_FILE_KIB
#   bash deploy/bench.sh pipeline   migrate and recall throughput over gRPC at time scale 0 against LTO-5's 140 MB/s
#                                   (recall in bulk, tape to cache; beside it recall by reads through the mount),
#                                   in steady state: an unmeasured warm-up round of PIPELINE_BENCH_WARMUP_MIB (1024;
#                                   0: none, the fresh JVMs' JIT work is then measured) first, its MB/s on a line of
#                                   its own. PIPELINE_BENCH_MIB (total), PIPELINE_BENCH_FILE_MIB,
#                                   PIPELINE_BENCH_WRITE_DELAY_S (30: a round's writes must end within it); both
#                                   processes with the JVM options of deploy/*.jvm plus
#                                   PIPELINE_BENCH_CONTROLLER_JAVA_OPTIONS and PIPELINE_BENCH_GATEWAY_JAVA_OPTIONS; CPU
#                                   seconds per GiB of each process and their busiest threads
#   bash deploy/bench.sh catalog    a cartridge of 1,000,000 files indexed by the running pair: seconds, peak RSS of
#                                   both processes, then find+stat over the mount; both with the JVM options of
#                                   deploy/*.jvm. CATALOG_BENCH_FILES, CATALOG_BENCH_CONTROLLER_JAVA_OPTIONS and
#                                   CATALOG_BENCH_GATEWAY_JAVA_OPTIONS (added to those, e.g. JFR or NMT)
#   bash deploy/bench.sh all        all four in sequence, then one summary of their ratio lines
#   bash deploy/bench.sh index [FILES] [INDEX_PATH]   (issue 4) an LTFS index of FILES files (default 1,000,000)
#                                   written and parsed with the streaming writer and reader at -Xmx512m
#   bash deploy/bench.sh tree [FILES] [--in-heap]     (issue 4) FILES entries put into a mounted volume's on-disk
#                                   directory tree at -Xmx256m and walked in index order
#
# BENCH_DIR (default /var/tmp/tapelib-bench) holds the benchmarks' files; it must be on the disk to compare with.
# HEAP=-Xmx... overrides the heap limit of index and tree. Output of the build and of the services: under
# system-tests/target/ (bench-build.log, system-test-logs/bench-*).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bench_dir=${BENCH_DIR:-/var/tmp/tapelib-bench}

usage() {
  echo "usage: $0 fuse|recall|pipeline|catalog|all|index|tree [arguments]" >&2
  exit 2
}
mode=${1:-}
case "$mode" in fuse|recall|pipeline|catalog|all|index|tree) ;; *) usage ;; esac
shift

# Builds and installs every module (jars for the pair, test classes for the benchmark code) and writes the benchmark
# classpath of a module; quiet unless the build fails.
build() {
  local log="$root/system-tests/target/bench-build.log" stamp="$root/system-tests/target/bench-build.stamp"
  mkdir -p "$root/system-tests/target"
  # Nothing changed since the last build of this script: no source, pom or mvnw file is newer than its stamp.
  if [[ -f $stamp ]] && [[ -z $(find "$root" -path "$root/.git" -prune -o -path '*/target' -prune -o -type f \
      \( -path '*/src/*' -o -name pom.xml -o -name 'mvnw*' \) -newer "$stamp" -print -quit) ]]; then
    return
  fi
  touch "$stamp.next"   # before the build: a file changed during it is newer than the stamp
  echo "bench: building (log: $log)" >&2
  if ! { ./mvnw -B -q -o install -DskipTests >"$log" 2>&1 || ./mvnw -B -q install -DskipTests >"$log" 2>&1; }; then
    tail -50 "$log" >&2
    echo "bench: the build failed; log: $log" >&2
    exit 1
  fi
  for module in tape-controller system-tests; do
    ./mvnw -B -q -o -pl "$module" dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$root/$module/target/bench-classpath.txt" >>"$log" 2>&1 \
      || ./mvnw -B -q -pl "$module" dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$root/$module/target/bench-classpath.txt" >>"$log" 2>&1
  done
  mv "$stamp.next" "$stamp"
}

# Runs a benchmark main of the system tests' test classes, in system-tests/ (its logs go to target/ there); this
# worktree's controller classes come first (TimingModel), before the installed jar any other build may replace.
system_bench() {
  local main=$1
  shift
  (cd "$root/system-tests" && java -Xmx1g -XX:+UseG1GC \
    -Dtapelib.controller.jar="$root/tape-controller/target/quarkus-app/quarkus-run.jar" \
    -Dtapelib.gateway.jar="$root/fuse-gateway/target/quarkus-app/quarkus-run.jar" \
    -cp "target/test-classes:$root/tape-controller/target/classes:$(cat target/bench-classpath.txt)" \
    "io.tapelib.system.bench.$main" "$@")
}

# One of libfuse's C passthrough examples (Debian's libfuse3-dev ships them), built once; prints its path, or nothing.
# passthrough.c's fsync is a stub (its comment: "Just a stub. This method is optional"), so a dd conv=fsync on it ends
# with its data still in the page cache; passthrough_fh.c's fsync calls fsync(2): the durable write to compare with.
passthrough() {
  local example=$1 examples=/usr/share/doc/libfuse3-dev/examples binary="$root/system-tests/target/fuse-$1"
  if [[ ! -x $binary ]] && [[ -f $examples/$example.c ]] && command -v gcc >/dev/null; then
    gcc -Wall -O2 -I"$examples" "$examples/$example.c" $(pkg-config fuse3 --cflags --libs) -o "$binary" >&2 \
      || echo "bench: the libfuse example $example does not build; it is left out" >&2
  fi
  [[ -x $binary ]] && echo "$binary" || true
}

run_mode() {
  case "$1" in
    fuse)     system_bench FuseBench "$bench_dir/fuse" "$(passthrough passthrough)" "$(passthrough passthrough_fh)" ;;
    recall)   system_bench RecallBench "$bench_dir/recall" ;;
    pipeline) system_bench PipelineBench "$bench_dir/pipeline" ;;
    catalog)  system_bench CatalogBench "$bench_dir/catalog" ;;
  esac
}

# The whole run is one function, parsed before it starts: editing this file meanwhile does not change a run.
main() {
  case "$mode" in
    index|tree)
      if [[ $mode == index ]]; then
        class=io.tapelib.controller.ltfs.bench.IndexParseBenchmark; heap=${HEAP:--Xmx512m}
      else
        class=io.tapelib.controller.ltfs.bench.TreeBench; heap=${HEAP:--Xmx256m}
      fi
      build
      exec java "$heap" -XX:+UseG1GC \
        -cp "tape-controller/target/test-classes:tape-controller/target/classes:$(cat tape-controller/target/bench-classpath.txt)" \
        "$class" "$@"
      ;;
  esac

  bash deploy/install-deps.sh bench >&2
  build
  if [[ $mode != all ]]; then
    run_mode "$mode"
    exit 0
  fi

  summary=$(mktemp) output=$(mktemp)
  trap 'rm -f "$summary" "$output"' EXIT
  started=$SECONDS
  for each in fuse recall pipeline catalog; do
    echo "=== bench $each ($(date -u +%H:%M:%S) UTC)"
    : >"$output"
    # one mode failing does not stop the others; the summary says which failed
    if run_mode "$each" 2>&1 | tee "$output" && grep -q -E "^$each ratios:" "$output"; then
      grep -E "^$each ratios:" "$output" | tail -1 >>"$summary"
      grep -E "^$each audit ratio:" "$output" | tail -1 >>"$summary" || true
    else
      echo "$each ratios: FAILED (see its output above)" >>"$summary"
    fi
  done
  echo
  echo "=== summary ($(( (SECONDS - started) / 60 )) min; $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB)"
  cat "$summary"
}

main "$@"
exit
