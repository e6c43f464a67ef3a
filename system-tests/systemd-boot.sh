#!/usr/bin/env bash
# Boots a real systemd as PID 1 of private namespaces (mount, PID, UTS, IPC, cgroup; the host's network) with ROOT as
# its root directory, for SystemdBootSystemTest: the installed units run under the systemd they are written for, on a
# machine whose own PID 1 is something else (a container, CI), and nothing of the host is changed.
#
#   systemd-boot.sh check                  exit 0 when a namespace systemd can boot here, else 3 and the reason
#   systemd-boot.sh prepare ROOT           makes ROOT a root to boot: a copy of the host's /etc without its units, the
#                                          units that would touch the host's kernel masked (then: install.sh --root ROOT)
#   systemd-boot.sh boot ROOT PIDFILE ...  runs until that systemd ends; PIDFILE gets its PID (as the host sees it);
#                                          the remaining arguments go to systemd (e.g. --unit=multi-user.target)
#
# ROOT holds etc/, var/, opt/ ... (deploy/install.sh --root ROOT, and a copy of the host's /etc): the host's /usr is
# bound read-only beside them; /proc, /sys, /dev, /run and /tmp are new. The host stays as it was:
#   - every mount is made in the private mount namespace (propagation private from the host), and ends with it;
#   - /proc/sys and /sys are read-only (as systemd-nspawn makes them): the kernel's settings are the host's, and a
#     systemd-sysctl.service would otherwise write Debian's sysctl.d defaults into the host's kernel; ROOT should mask
#     that unit and the others that touch the kernel (`prepare` does);
#   - systemd gets a cgroup of its own (tapelib-systemd-boot-<this script's PID> in the cgroup2 hierarchy) as its
#     cgroup namespace's root, removed after the end;
#   - SIGTERM to this script, or the death of its caller, kills the namespace's PID 1 and so everything inside.
# Inside, root's / is made shared, as systemd does on a real host: a unit with a mount namespace of its own (the
# controller's ProtectSystem=strict) is a slave of it and sees the gateway's mount come and go.
# Commands run inside with: nsenter -t PID -m -p -u -i -C -r -w systemctl ...; it ends on SIGRTMIN+4 (poweroff).
set -euo pipefail

cgroup2_root() {
    local dir
    for dir in /sys/fs/cgroup /sys/fs/cgroup/unified; do
        if [[ "$(stat -f -c %T "$dir" 2>/dev/null)" == cgroup2fs ]]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

check() {
    local tool
    ((EUID == 0)) || { echo "not root"; return 3; }
    [[ -x /usr/lib/systemd/systemd ]] || { echo "no /usr/lib/systemd/systemd (Debian package systemd)"; return 3; }
    for tool in unshare nsenter; do
        command -v "$tool" >/dev/null || { echo "no $tool (Debian package util-linux)"; return 3; }
    done
    [[ -c /dev/fuse ]] || { echo "no /dev/fuse"; return 3; }
    cgroup2_root >/dev/null || { echo "no cgroup2 hierarchy at /sys/fs/cgroup or /sys/fs/cgroup/unified"; return 3; }
    local out
    if ! out=$(unshare --mount --pid --uts --ipc --cgroup --fork --propagation private \
            sh -c 'mount -t tmpfs tmpfs /mnt && echo ok' 2>&1) || [[ $out != ok ]]; then
        echo "cannot make private namespaces and mount in them: $out"
        return 3
    fi
    echo "a namespace systemd can boot: $(/usr/lib/systemd/systemd --version | head -1), cgroup2 at $(cgroup2_root)"
}

# Units that would change the host's kernel or need a terminal or a login: masked in ROOT. Read-only /proc/sys and /sys
# would stop most of them anyway; masked, they do not even try (systemd-sysctl would write Debian's sysctl.d defaults
# into the host's kernel, e.g. fs.protected_regular, which no namespace holds).
readonly MASKED_UNITS=(systemd-sysctl.service systemd-modules-load.service systemd-binfmt.service
    proc-sys-fs-binfmt_misc.automount proc-sys-fs-binfmt_misc.mount sys-kernel-debug.mount sys-kernel-tracing.mount
    sys-kernel-config.mount sys-fs-fuse-connections.mount dev-hugepages.mount systemd-remount-fs.service
    systemd-random-seed.service systemd-journald-audit.socket ldconfig.service systemd-firstboot.service
    systemd-hwdb-update.service systemd-update-utmp.service console-getty.service getty.target systemd-logind.service)

prepare() {
    local root=${1:?prepare needs ROOT} unit
    mkdir -p "$root"/{etc,var,opt,mnt,root}
    # It becomes /: a mktemp -d directory (0700) would keep the controller's user tapelib from exec'ing java at all
    # ("control process exited with error code").
    chmod 0755 "$root"
    cp -a /etc/. "$root/etc/"
    rm -rf --one-file-system "$root/etc/systemd/system"
    mkdir -p "$root/etc/systemd/system"
    : >"$root/etc/machine-id"
    echo tapelib-systemd-boot >"$root/etc/hostname"
    for unit in "${MASKED_UNITS[@]}"; do
        ln -sf /dev/null "$root/etc/systemd/system/$unit"
    done
}

# Runs as PID 1 of the new PID namespace, in the new mount namespace: builds the root and becomes systemd.
inside() {
    local root=$1 pidfile=$2 node link
    shift 2
    # This shell's PID as the host sees it: the parent of cut, read through the host's /proc (still mounted here).
    cut -d' ' -f4 /proc/self/stat >"$pidfile"
    mount --make-rprivate /
    mount --bind "$root" "$root"
    mkdir -p "$root"/{usr,proc,sys,dev,run,tmp,.old-root}
    mount --bind /usr "$root/usr"
    mount -o remount,bind,ro "$root/usr"
    for link in bin lib lib64 sbin; do
        [[ -e "$root/$link" ]] || ln -s "usr/$link" "$root/$link"
    done
    mount -t proc proc "$root/proc"
    for node in sys sysrq-trigger; do
        [[ -e "$root/proc/$node" ]] || continue
        mount --bind "$root/proc/$node" "$root/proc/$node"
        mount -o remount,bind,ro "$root/proc/$node"
    done
    mount -t sysfs -o ro sysfs "$root/sys"
    # The new cgroup namespace's root is the cgroup made for this boot.
    mount -t cgroup2 cgroup2 "$root/sys/fs/cgroup"
    mount -t tmpfs -o mode=755,size=16m tmpfs "$root/dev"
    for node in null zero full random urandom tty fuse; do
        touch "$root/dev/$node"
        mount --bind "/dev/$node" "$root/dev/$node"
    done
    mkdir "$root/dev/pts" "$root/dev/shm"
    mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$root/dev/pts"
    ln -s pts/ptmx "$root/dev/ptmx"
    # systemd writes its boot status to /dev/console: /dev/null here, its journal has it all.
    touch "$root/dev/console"
    mount --bind /dev/null "$root/dev/console"
    mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
    mount -t tmpfs -o mode=755 tmpfs "$root/run"
    mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
    cd "$root"
    pivot_root . .old-root
    umount -l /.old-root
    rmdir /.old-root
    mount --make-rshared /
    exec env -i container=tapelib-systemd-boot /usr/lib/systemd/systemd --system "$@"
}

boot() {
    local root=${1:?boot needs ROOT} pidfile=${2:?boot needs PIDFILE} parent cgroup child status=0 try
    shift 2
    root=$(cd "$root" && pwd)
    parent=$(cgroup2_root) || { echo "systemd-boot: no cgroup2 hierarchy" >&2; exit 3; }
    cgroup="$parent/tapelib-systemd-boot-$$"
    mkdir "$cgroup"
    rm -f "$pidfile"
    (
        echo "$BASHPID" >"$cgroup/cgroup.procs"
        exec unshare --mount --pid --uts --ipc --cgroup --fork --kill-child=SIGKILL --propagation private \
            bash "$0" inside "$root" "$pidfile" "$@"
    ) &
    child=$!
    # unshare --kill-child: when unshare dies, so does the namespace's PID 1, and with it everything inside.
    trap 'kill -KILL $child 2>/dev/null' TERM INT HUP
    # A caller that dies (a killed test JVM) must leave nothing running.
    while kill -0 "$child" 2>/dev/null; do
        kill -0 "$PPID" 2>/dev/null || kill -KILL "$child" 2>/dev/null
        sleep 0.5 & wait $! || true
    done
    wait "$child" || status=$?
    for try in 1 2 3 4 5 6 7 8 9 10; do
        find "$cgroup" -depth -type d -exec rmdir {} + 2>/dev/null || true
        [[ -d "$cgroup" ]] || break
        sleep 0.2
    done
    [[ ! -d "$cgroup" ]] || echo "systemd-boot: could not remove $cgroup" >&2
    exit "$status"
}

case ${1:-} in
    check) check ;;
    prepare) shift; prepare "$@" ;;
    boot) shift; boot "$@" ;;
    inside) shift; inside "$@" ;;
    *) sed -n '2,27p' "$0"; exit 2 ;;
esac
