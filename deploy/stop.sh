#!/usr/bin/env bash
# Stops what deploy/quickstart.sh started: the gateway first (it unmounts), then the controller
# (it writes each loaded tape's final LTFS index and unloads nothing it was not asked to).
set -uo pipefail
TAPELIB_HOME=${TAPELIB_HOME:-/var/lib/tapelib-quickstart}
FUSE_MOUNT_POINT=${FUSE_MOUNT_POINT:-/mnt/tape_library}
for name in fuse-gateway tape-controller; do
  pidfile=$TAPELIB_HOME/$name.pid
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { echo "$name did not stop in 60 s; killing it" >&2; kill -KILL "$pid"; }
    echo "stopped $name"
  fi
  rm -f "$pidfile"
done
if grep -q " $FUSE_MOUNT_POINT fuse" /proc/mounts 2>/dev/null; then
  fusermount -uz "$FUSE_MOUNT_POINT" 2>/dev/null || umount -l "$FUSE_MOUNT_POINT"
fi
