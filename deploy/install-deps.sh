#!/usr/bin/env bash
# Installs the Debian packages the Tape Library Service needs at run time (shared/DESIGN.md section 9).
#
#   libfuse2   the libfuse 2 library that jnr-fuse 0.5.8 loads (libfuse.so.2; FUSE_API=2, the default)
#   libfuse3-3 the libfuse 3 library of the gateway's own binding (libfuse3.so.3; FUSE_API=3)
#   fuse3      /dev/fuse user tools: fusermount3 and the `fusermount` link that jnr-fuse's unmount runs
#   mtx        medium changer control (tape-controller, changer/mtx adapter)
#   mt-st      tape drive control for the Linux st driver
#   sg3-utils  SCSI generic tools (sg_map, sg_logs, ...) to inspect real changers and drives
#   attr       getfattr/setfattr, to read user.tapelib.* extended attributes on the mount
#   rsync      the tests copy trees into the mount with `rsync -aXH` as users do (xattrs, hard links)
#   systemd    runs the units; systemd-analyze verify/security checks them (SystemdUnitsSystemTest)
#
# `install-deps.sh bench` also installs what deploy/bench.sh needs to build libfuse's C passthrough example, the
# reference of its fuse benchmark: libfuse3-dev (the fuse3 headers and /usr/share/doc/libfuse3-dev/examples), gcc,
# pkg-config.
# `install-deps.sh test` (deploy/test.sh) also installs what the web console's browser test needs (see its block).
#
# Never installs Debian's `fuse` package: it conflicts with `fuse3` and apt would remove fuse3 for it.
# Idempotent: installs only what is missing and runs `apt-get update` only when something must be
# installed. Needs no TTY. Exit status: 0 when everything is present afterwards, non-zero otherwise.
set -euo pipefail

readonly REQUIRED_PACKAGES=(libfuse2 libfuse3-3 fuse3 mtx mt-st sg3-utils attr rsync systemd)
BENCH_PACKAGES=()
if [[ ${1:-} == bench ]]; then
    BENCH_PACKAGES=(libfuse3-dev gcc pkg-config)
fi

is_installed() {
    # dpkg-query prints "install ok installed" only for a fully configured package.
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# The web console's browser test (issue 14: system-tests/console, ConsoleSystemTest), for `install-deps.sh test`
# (deploy/test.sh): Debian's chromium, which playwright-core drives (it never downloads a browser of its own);
# Node.js and npm only when the machine has no `node`/`npm` (a machine's own newer Node.js stays); then the test's npm
# packages exactly as system-tests/console/package-lock.json pins them, again only when the lock changed.
if [[ ${1:-} == test ]]; then
    console_missing=()
    is_installed chromium || console_missing+=(chromium)
    command -v node >/dev/null || console_missing+=(nodejs)
    command -v npm >/dev/null || console_missing+=(npm)
    if ((${#console_missing[@]} > 0)); then
        if ((EUID != 0)); then
            echo "install-deps: missing for the console test: ${console_missing[*]}; run this script as root" >&2
            exit 1
        fi
        echo "install-deps: installing ${console_missing[*]} for the console test"
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${console_missing[@]}" </dev/null
    fi
    console_dir="$(dirname "$0")/../system-tests/console"
    if [[ ! "$console_dir/node_modules/.package-lock.json" -nt "$console_dir/package-lock.json" ]]; then
        echo "install-deps: npm ci in system-tests/console"
        (cd "$console_dir" && npm ci --ignore-scripts --no-audit --no-fund </dev/null)
    fi
fi

missing=()
for package in "${REQUIRED_PACKAGES[@]}" "${BENCH_PACKAGES[@]}"; do
    if ! is_installed "$package"; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all packages present: ${REQUIRED_PACKAGES[*]}"
    exit 0
fi

if ((EUID != 0)); then
    echo "install-deps: missing packages: ${missing[*]}; run this script as root" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null

for package in "${missing[@]}"; do
    if ! is_installed "$package"; then
        echo "install-deps: $package is still not installed" >&2
        exit 1
    fi
done
echo "install-deps: done"
