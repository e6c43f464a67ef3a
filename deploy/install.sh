#!/usr/bin/env bash
# Installs the Tape Library Service on a real host (shared/DESIGN.md section 8), from a built tree
# (./mvnw -B package -DskipTests): the user tapelib (in the group tape, which owns the tape devices), the directories,
# /etc/tapelib/tapelib.env from deploy/tapelib.env.example (an existing one is kept), the two applications and the
# `tapelib` command line under /opt/tapelib, the systemd units, and a daemon-reload.
#
#   bash deploy/install.sh [--root DIR]
#
# --root DIR installs into DIR instead of / (a test, an image being built): users and groups go into DIR/etc/passwd
# and DIR/etc/group (useradd --prefix) when DIR/etc/passwd exists, and are skipped otherwise; no daemon-reload.
# Idempotent: a second run changes nothing but the installed jars and units (replaced by the tree's).
# Afterwards: edit /etc/tapelib/tapelib.env (TAPE_CHANGER, TAPE_DRIVES) and the DeviceAllow= lines of
# tape-controller.service to match, then `systemctl enable --now tape-controller fuse-gateway`.
set -euo pipefail
cd "$(dirname "$0")/.."
PROJECT=$PWD

root=/
while (($#)); do
    case $1 in
        --root) root=${2:?--root needs a directory}; shift 2 ;;
        --root=*) root=${1#--root=}; shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "install: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
root=$(cd "$root" && pwd)
R=${root%/}

CONTROLLER_APP=$PROJECT/tape-controller/target/quarkus-app
GATEWAY_APP=$PROJECT/fuse-gateway/target/quarkus-app
CLI_JAR=$PROJECT/tapelib-cli/target/tapelib.jar
for built in "$CONTROLLER_APP/quarkus-run.jar" "$GATEWAY_APP/quarkus-run.jar" "$CLI_JAR"; do
    [ -f "$built" ] || { echo "install: $built is missing; build first: ./mvnw -B package -DskipTests" >&2; exit 1; }
done
if [ "$root" = / ] && ((EUID != 0)); then
    echo "install: run as root" >&2
    exit 1
fi

# The user and group. Debian has the group tape (gid 26), owner of /dev/st* and /dev/nst*; the changer's /dev/sg*
# needs a udev rule or its mode set to it on some hosts (see README).
account_args=()
if [ "$root" != / ]; then
    account_args=(--prefix "$root")
fi
if [ "$root" = / ] || [ -f "$R/etc/passwd" ]; then
    if ! grep -q '^tape:' "$R/etc/group"; then
        groupadd "${account_args[@]}" --system tape
        echo "install: group tape created"
    fi
    if ! grep -q '^tapelib:' "$R/etc/passwd"; then
        useradd "${account_args[@]}" --system --gid tape --home-dir /var/lib/tapelib --no-create-home \
            --shell /usr/sbin/nologin --comment "Tape Library Service" tapelib
        echo "install: user tapelib created (group tape)"
    fi
    tapelib_uid=$(awk -F: '$1 == "tapelib" { print $3 }' "$R/etc/passwd")
    tape_gid=$(awk -F: '$1 == "tape" { print $3 }' "$R/etc/group")
else
    echo "install: $R/etc/passwd does not exist: no user created, directories owned by the caller"
    tapelib_uid=$(id -u)
    tape_gid=$(id -g)
fi

# Directories. The controller's (spool, virtual library) belong to tapelib:tape; the gateway runs as root without
# CAP_DAC_OVERRIDE (fuse-gateway.service), so its cache and catalog belong to root and /var/lib/tapelib stays
# traversable.
install -d -m 0755 "$R/opt/tapelib" "$R/var/lib/tapelib" "$R/etc/systemd/system"
install -d -m 0750 -o 0 -g "$tape_gid" "$R/etc/tapelib"
install -d -m 0750 -o "$tapelib_uid" -g "$tape_gid" "$R/var/lib/tapelib/spool" "$R/var/lib/tapelib/library"
install -d -m 0700 -o 0 -g 0 "$R/var/lib/tapelib/cache" "$R/var/lib/tapelib/catalog"

# The environment file: never overwritten (it holds the site's settings and maybe OPERATOR_TOKEN); the example is
# installed beside it for comparison after an upgrade.
install -m 0640 -o 0 -g "$tape_gid" deploy/tapelib.env.example "$R/etc/tapelib/tapelib.env.example"
if [ ! -e "$R/etc/tapelib/tapelib.env" ]; then
    install -m 0640 -o 0 -g "$tape_gid" deploy/tapelib.env.example "$R/etc/tapelib/tapelib.env"
    echo "install: $R/etc/tapelib/tapelib.env created from deploy/tapelib.env.example: edit TAPE_CHANGER and TAPE_DRIVES"
else
    echo "install: $R/etc/tapelib/tapelib.env kept"
fi
mount_point=$(sed -n 's/^FUSE_MOUNT_POINT=//p' "$R/etc/tapelib/tapelib.env" | tail -1)
install -d -m 0755 "$R${mount_point:-/mnt/tape_library}"

# The applications: each Quarkus application directory replaced whole (a stale lib/ jar must not stay).
for app in tape-controller fuse-gateway; do
    staged="$R/opt/tapelib/.$app.new"
    rm -rf --one-file-system "$staged"
    cp -R "$PROJECT/$app/target/quarkus-app" "$staged"
    install -m 0644 "$PROJECT/deploy/$app.jvm" "$staged/jvm.options"   # the unit's JVM options (memory budget)
    chmod -R u=rwX,go=rX "$staged"
    rm -rf --one-file-system "$R/opt/tapelib/$app"
    mv "$staged" "$R/opt/tapelib/$app"
done
install -m 0644 README.md "$R/opt/tapelib/README.md"
bash deploy/install-cli.sh "$CLI_JAR" "$root"

install -m 0644 systemd/tape-controller.service systemd/fuse-gateway.service "$R/etc/systemd/system/"
if [ "$root" = / ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    echo "install: units installed; systemd reloaded"
else
    echo "install: units installed into $R/etc/systemd/system (no daemon-reload: not the running system)"
fi
echo "install: done. Next: edit /etc/tapelib/tapelib.env and the DeviceAllow= lines of tape-controller.service,"
echo "         then: systemctl enable --now tape-controller fuse-gateway"
