#!/usr/bin/env bash
# Quick start on a fresh machine: installs what is missing, builds, creates a virtual tape library of
# 8 LTO-5 cartridges, imports a real directory onto two of them as LTFS, starts tape-controller and
# fuse-gateway in the background and mounts the library; installs the `tapelib` command line as /usr/local/bin/tapelib.
#
#   bash deploy/quickstart.sh [SOURCE_DIR]     (default SOURCE_DIR: the running JDK's installation)
#
# Environment (all optional): TAPELIB_HOME (state: library, cache, catalog, logs; default /var/lib/tapelib-quickstart),
# FUSE_MOUNT_POINT (default /mnt/tape_library), WRITE_DELAY (default 10m), TAPELIB_VIRTUAL_TIME_SCALE (default 0).
set -euo pipefail
cd "$(dirname "$0")/.."
PROJECT=$PWD

if [ "$(id -u)" != 0 ]; then
  echo "quickstart: run as root (mounting FUSE with allow_other and installing packages need it)" >&2
  exit 1
fi

bash deploy/install-deps.sh

java_home=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
SOURCE=${1:-$java_home}
[ -d "$SOURCE" ] || { echo "quickstart: $SOURCE is not a directory" >&2; exit 1; }

export TAPELIB_HOME=${TAPELIB_HOME:-/var/lib/tapelib-quickstart}
export FUSE_MOUNT_POINT=${FUSE_MOUNT_POINT:-/mnt/tape_library}
export TAPE_CHANGER="virtual:$TAPELIB_HOME/library"
export TAPE_MOUNT_DIR="$TAPELIB_HOME/spool"
export CACHE_DIR="$TAPELIB_HOME/cache"
export CATALOG_DB="$TAPELIB_HOME/catalog/catalog.db"
export WRITE_DELAY=${WRITE_DELAY:-10m}
# The virtual library's LTO-5 timings (robot moves, loads, locates, streaming) as real waits: 1.0 is
# what a real MSL4048 takes (minutes to catalog 8 cartridges), 0 (the quick start's default) takes none.
export TAPELIB_VIRTUAL_TIME_SCALE=${TAPELIB_VIRTUAL_TIME_SCALE:-0}
mkdir -p "$TAPELIB_HOME/logs" "$TAPE_MOUNT_DIR" "$CACHE_DIR" "$(dirname "$CATALOG_DB")"

echo "== build"
./mvnw -B -q package -DskipTests
bash deploy/install-cli.sh "$PROJECT/tapelib-cli/target/tapelib.jar"

bash deploy/stop.sh >/dev/null 2>&1 || true

CONTROLLER_JAR=$PROJECT/tape-controller/target/quarkus-app/quarkus-run.jar
GATEWAY_JAR=$PROJECT/fuse-gateway/target/quarkus-app/quarkus-run.jar

if [ ! -e "$TAPELIB_HOME/library/.imported" ]; then
  echo "== import $SOURCE onto TL0001L5 and TL0002L5"
  java -jar "$CONTROLLER_JAR" import --source "$SOURCE" --volume-tags TL0001L5,TL0002L5
  touch "$TAPELIB_HOME/library/.imported"
fi

wait_ready() { # name url pid
  for _ in $(seq 1 240); do
    if curl -fsS "$2" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then echo "quickstart: $1 exited; see $TAPELIB_HOME/logs/$1.log" >&2; return 1; fi
    sleep 0.5
  done
  echo "quickstart: $1 not ready after 120 s; see $TAPELIB_HOME/logs/$1.log" >&2
  return 1
}

echo "== start tape-controller"
MALLOC_ARENA_MAX=2 nohup java @"$PROJECT/deploy/tape-controller.jvm" -jar "$CONTROLLER_JAR" > "$TAPELIB_HOME/logs/tape-controller.log" 2>&1 &
echo $! > "$TAPELIB_HOME/tape-controller.pid"
wait_ready tape-controller http://127.0.0.1:9080/q/health/ready "$(cat "$TAPELIB_HOME/tape-controller.pid")"

echo "== start fuse-gateway"
MALLOC_ARENA_MAX=2 nohup java @"$PROJECT/deploy/fuse-gateway.jvm" -jar "$GATEWAY_JAR" > "$TAPELIB_HOME/logs/fuse-gateway.log" 2>&1 &
echo $! > "$TAPELIB_HOME/fuse-gateway.pid"
wait_ready fuse-gateway http://127.0.0.1:9081/q/health/ready "$(cat "$TAPELIB_HOME/fuse-gateway.pid")"

echo
echo "The tape library is mounted at $FUSE_MOUNT_POINT:"
ls "$FUSE_MOUNT_POINT"
echo
echo "Logs:      $TAPELIB_HOME/logs/"
echo "Library:   tapelib library    (also: tapelib status, tapelib tapes, tapelib ls /, tapelib jobs --follow; tapelib --help)"
echo "Stop with: TAPELIB_HOME=$TAPELIB_HOME bash deploy/stop.sh"
