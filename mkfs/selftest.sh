#!/bin/sh
# Self-test of the host file system tools: mkfs/selftest.sh [BUILD_DIR]
# Builds an image holding a 70 MiB file (double-indirect blocks), checks
# that fsck finds it clean, then corrupts copies in several ways and checks
# that fsck reports each. Exits non-zero on the first failure.
set -e
B=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MKFS=$B/mkfs/mkfs
FSCK=$B/mkfs/fsck
mkdir -p "$B/mkfs"
[ -x "$MKFS" ] || ${HOSTCC:-cc} -O2 -Wall -Werror -I"$ROOT/kernel/include" -o "$MKFS" "$ROOT/mkfs/mkfs.c"
[ -x "$FSCK" ] || ${HOSTCC:-cc} -O2 -Wall -Werror -I"$ROOT/kernel/include" -o "$FSCK" "$ROOT/mkfs/fsck.c"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "mkfs-selftest: FAIL: $*"; exit 1; }

mkdir -p "$T/root/bin" "$T/root/a/b/c" "$T/root/dev"
head -c 73400320 /dev/urandom > "$T/root/big"
echo hello > "$T/root/a/b/c/file"
printf '#!/bin/sh\n' > "$T/root/bin/prog" && chmod 755 "$T/root/bin/prog"
touch "$T/root/$(printf 'x%.0s' $(seq 1 70))"

"$MKFS" "$T/fs.img" 128 "$T/root" > "$T/mkfs.out" 2>&1 || fail "mkfs failed: $(cat "$T/mkfs.out")"
grep -q warning "$T/mkfs.out" || fail "mkfs did not warn about a long name"
"$FSCK" "$T/fs.img" > "$T/out" || fail "fresh image not clean: $(cat "$T/out")"
grep -q '^fsck: clean:' "$T/out" || fail "no clean summary"
echo "ok mkfs-fsck-clean"

if "$MKFS" "$T/small.img" 16 "$T/root" > /dev/null 2>&1; then fail "mkfs fit 70 MiB in 16 MiB"; fi
[ ! -e "$T/small.img" ] || fail "mkfs left a partial image"
echo "ok mkfs-too-small"

# Verify the big file's contents through a tiny extractor written in python.
python3 - "$T/fs.img" "$T/root/big" <<'PY' || fail "big file contents differ"
import struct, sys
img = open(sys.argv[1], 'rb').read()
B = 4096
sb = struct.unpack_from('<8I', img, B)
inodestart = sb[6]
def dinode(i):
    off = (inodestart + i // 16) * B + (i % 16) * 256
    t, nl, mode, uid, gid, ma, mi, size = struct.unpack_from('<2H5IQ', img, off)
    addrs = struct.unpack_from('<26I', img, off + 68)
    return t, size, addrs
def u32s(b): return struct.unpack_from('<1024I', img, b * B)
def bmap(addrs, bn):
    if bn < 24: return addrs[bn]
    bn -= 24
    if bn < 1024: return u32s(addrs[24])[bn]
    bn -= 1024
    return u32s(u32s(addrs[25])[bn // 1024])[bn % 1024]
def read(i):
    t, size, addrs = dinode(i)
    return b''.join(img[bmap(addrs, k)*B:(bmap(addrs, k)+1)*B] for k in range((size + B - 1)//B))[:size]
def lookup(d, name):
    data = read(d)
    for o in range(0, len(data), 64):
        inum, = struct.unpack_from('<I', data, o)
        if inum and data[o+4:o+64].rstrip(b'\0') == name: return inum
root = 1
big = lookup(root, b'big')
sys.exit(0 if read(big) == open(sys.argv[2], 'rb').read() else 1)
PY
echo "ok mkfs-big-file"

# corrupt NAME PYTHON-SNIPPET EXPECTED-REGEX: apply the snippet to a copy
# (variables: img (bytearray), sb, dino(i) -> offset of inode i) and check fsck.
corrupt() {
	cp "$T/fs.img" "$T/bad.img"
	python3 - "$T/bad.img" "$2" <<'PY'
import struct, sys
img = bytearray(open(sys.argv[1], 'rb').read())
B = 4096
sb = struct.unpack_from('<8I', img, B)
def dino(i): return (sb[6] + i // 16) * B + (i % 16) * 256
exec(sys.argv[2])
open(sys.argv[1], 'wb').write(img)
PY
	if "$FSCK" "$T/bad.img" > "$T/out"; then fail "$1: fsck said clean"; fi
	grep -Eq "$3" "$T/out" || fail "$1: expected /$3/, got: $(cat "$T/out")"
	echo "ok fsck-detects-$1"
}
# last data block in use is marked; flip the bit of a free one (end of disk)
corrupt bitmap-extra 'b = sb[0+1] - 1; img[sb[7]*B + (b % 32768)//8] ^= 1 << (b % 8)' 'marked in use .* not referenced'
corrupt bitmap-missing 'b = sb[1] - sb[2]; img[sb[7]*B + (b % 32768)//8] ^= 1 << (b % 8)' 'in use but marked free'
corrupt nlink 'o = dino(2); struct.pack_into("<H", img, o + 2, struct.unpack_from("<H", img, o + 2)[0] + 1)' 'nlink .* directory entries'
corrupt dup-block 'a = struct.unpack_from("<I", img, dino(2) + 68)[0]; struct.pack_into("<I", img, dino(3) + 68 + 4*23, a)' 'referenced more than once'
corrupt bad-type 'struct.pack_into("<H", img, dino(3), 9)' 'invalid type'
corrupt log-dirty 'struct.pack_into("<I", img, sb[5]*B, 1)' 'log header not clean'
corrupt orphan 'o = dino(sb[3] - 1); struct.pack_into("<2HI", img, o, 2, 1, 0o644)' 'orphan'
# the fields added with symlinks, owners and times (fs_format.h)
corrupt symlink-length 'o = dino(sb[3] - 1); struct.pack_into("<2HI", img, o, 4, 1, 0o777); struct.pack_into("<Q", img, o + 24, 5000)' 'bad symlink length'
corrupt future-mtime 'struct.pack_into("<q", img, dino(2) + 40, 4102444800)' 'mtime .* future'
corrupt mode-bits 'o = dino(2); struct.pack_into("<I", img, o + 4, struct.unpack_from("<I", img, o + 4)[0] | 0o100000)' 'bits beyond the permissions'
corrupt special-size 'o = dino(sb[3] - 1); struct.pack_into("<2HI", img, o, 5, 1, 0o644); struct.pack_into("<Q", img, o + 24, 10)' 'special file .* with size'
corrupt bad-magic 'struct.pack_into("<I", img, B, 0)' 'magic'
corrupt dotdot 'd = struct.unpack_from("<I", img, dino(2) + 68)[0]; struct.pack_into("<I", img, d*B + 64, 5)' 'not "\.\." naming its parent'

# The kernel's own file layer (the VFS and cleavefs, kernel/fs) run on the
# host against an image: the syscall checks, then fsck of the result, then
# crash recovery (a "crash" after the N-th disk write, mount to replay the
# log, fsck), then the crash-consistency workload cut at random points.
HCF="-O1 -g -Wall -Werror -fno-builtin -fno-stack-protector -I$ROOT/kernel/include -I$ROOT/include -I$ROOT/mkfs/hostfs"
${HOSTCC:-cc} $HCF -o "$T/fstest" "$ROOT"/kernel/fs/*.c "$ROOT"/kernel/fs/cleavefs/*.c \
	"$ROOT"/kernel/fs/ramfs/*.c "$ROOT/drivers/mem.c" "$ROOT/mkfs/hostfs/stubs.c" \
	"$ROOT/mkfs/hostfs/main.c" > "$T/cc.out" 2>&1 ||
	fail "the file layer does not build on the host: $(grep -m3 -E 'error|undefined' "$T/cc.out")"
mkdir -p "$T/r2/etc"
"$MKFS" "$T/h0.img" 128 "$T/r2" > /dev/null || fail "mkfs for hostfs"
cp "$T/h0.img" "$T/h.img"
"$T/fstest" "$T/h.img" > "$T/out" 2>&1 || fail "hostfs checks: $(grep -E 'FAIL|PANIC' "$T/out" | head -5)"
echo "ok hostfs-syscalls ($(tail -1 "$T/out"))"
"$FSCK" "$T/h.img" > "$T/out" || fail "fsck after hostfs: $(cat "$T/out")"
echo "ok hostfs-fsck"
for n in 1 3 7 20 100 1000 5000 20000 45000 50000 51000 52000 52500; do
	cp "$T/h0.img" "$T/c.img"
	CRASH_AFTER=$n "$T/fstest" "$T/c.img" > /dev/null 2>&1 || true
	"$T/fstest" "$T/c.img" mount > /dev/null 2>&1 || fail "mount after crash at write $n"
	# open-but-unlinked files become orphans after a crash (no
	# orphan list in this design); anything else is a failure
	if ! "$FSCK" "$T/c.img" > "$T/out" &&
	   grep -v -e orphan -e 'problem(s)' "$T/out" | grep -q .; then
		fail "crash at write $n: $(grep -v orphan "$T/out" | head -3)"
	fi
done
echo "ok hostfs-crash-recovery"

# Crash consistency: the workload (create, write, fsync, rename, unlink)
# cut after a random disk write; after replaying the log fsck must be
# clean and every step that had returned before the cut intact.
cp "$T/h0.img" "$T/w.img"
W=$(JOURNAL=/dev/null "$T/fstest" "$T/w.img" workload | sed -n 's/^workload: \([0-9]*\) disk writes/\1/p')
[ -n "$W" ] && [ "$W" -gt 100 ] || fail "workload did not run (writes: '$W')"
SEED=${CRASH_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
CUTS=$(awk -v s="$SEED" -v w="$W" 'BEGIN { srand(s); for (i = 0; i < 24; i++) print 1 + int(rand() * w) }')
for n in $CUTS; do
	cp "$T/h0.img" "$T/c.img"
	rm -f "$T/journal"
	JOURNAL="$T/journal" CRASH_AFTER=$n "$T/fstest" "$T/c.img" workload > /dev/null 2>&1 || true
	last=$(sed -n 's/^step //p' "$T/journal" 2>/dev/null | tail -1)
	last=${last:--1}
	"$T/fstest" "$T/c.img" mount > /dev/null 2>&1 || fail "workload cut at write $n: mount failed"
	"$FSCK" "$T/c.img" > "$T/out" || fail "workload cut at write $n (seed $SEED): $(head -3 "$T/out")"
	"$T/fstest" "$T/c.img" verify "$last" > "$T/out" 2>&1 ||
		fail "workload cut at write $n (seed $SEED): $(grep FAIL "$T/out" | head -3)"
done
echo "ok hostfs-crash-consistency (24 cuts of $W writes, seed $SEED)"
echo "mkfs-selftest: all passed"
