#!/usr/bin/env bash
# Install the host tools cleave needs (Debian 12). Idempotent and quiet:
# when everything is already present it only runs a handful of
# `command -v` / dpkg-query checks and exits 0 without touching apt.
set -euo pipefail

# package:probe   probe = "cmd:NAME" (a command on PATH) or "pkg" (dpkg status)
NEEDED=(
    "gcc-riscv64-unknown-elf:cmd:riscv64-unknown-elf-gcc"
    "gcc-riscv64-linux-gnu:cmd:riscv64-linux-gnu-gcc"
    "libc6-dev-riscv64-cross:pkg"
    "qemu-system-misc:cmd:qemu-system-riscv64"
    "qemu-user:cmd:qemu-riscv64"
    "opensbi:pkg"
    "u-boot-qemu:pkg"
    "device-tree-compiler:cmd:dtc"
    "gdb-multiarch:cmd:gdb-multiarch"
    "python3:cmd:python3"
    "make:cmd:make"
    "gcc:cmd:gcc"
    "libc6-dev:pkg"
    "mtools:cmd:mcopy"
    "fdisk:cmd:sfdisk"
    "dpkg-dev:cmd:dpkg-source"
    "npm:cmd:npm"
    "busybox:cmd:busybox"
)

have_pkg() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for entry in "${NEEDED[@]}"; do
    pkg=${entry%%:*}
    probe=${entry#*:}
    case $probe in
        cmd:*) command -v "${probe#cmd:}" >/dev/null 2>&1 && continue ;;
        pkg)   have_pkg "$pkg" && continue ;;
    esac
    missing+=("$pkg")
done

# `cc` is what the Makefile uses as HOSTCC; gcc provides it via alternatives.
if ! command -v cc >/dev/null 2>&1 && [[ ! " ${missing[*]} " == *" gcc "* ]]; then
    missing+=(gcc)
fi

[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "deps.sh: need root (or sudo) to install: ${missing[*]}" >&2
        exit 1
    fi
fi

echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$log" 2>&1 ||
   ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends "${missing[@]}" >>"$log" 2>&1 </dev/null; then
    cat "$log" >&2
    echo "deps.sh: apt-get failed" >&2
    exit 1
fi
echo "deps.sh: done" >&2
