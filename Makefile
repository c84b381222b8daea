# cleave top-level Makefile.
#   make          kernel Image, user programs, fs.img
#   make qemu     interactive shell on QEMU virt (-smp 4)
#   make test     whole test suite on -smp 1 and -smp 4
# Every user-facing target runs scripts/deps.sh first, which installs missing tools.

# Plain `make` builds everything (the first rule below would otherwise be
# build/ksyms0.S).
.DEFAULT_GOAL := all

B        := build
SHELL    := /bin/bash
CROSS    ?= riscv64-unknown-elf-
CC       := $(CROSS)gcc
LD       := $(CROSS)ld
OBJCOPY  := $(CROSS)objcopy
OBJDUMP  := $(CROSS)objdump
GLIBC_CC ?= riscv64-linux-gnu-gcc
HOSTCC   ?= cc
QEMU     ?= qemu-system-riscv64
SMP      ?= 4
MEM      ?= 256M

# ---- kernel -------------------------------------------------------------
KCFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	-ffreestanding -fno-common -fno-builtin -nostdlib -fno-pie -fno-stack-protector \
	-fno-omit-frame-pointer -fno-optimize-sibling-calls -O2 -g -Wall -Werror \
	-Ikernel/include -Iarch/riscv/include -Iinclude -MMD -MP
KSRCS := $(wildcard arch/riscv/*.S arch/riscv/*.c kernel/*.c kernel/mm/*.c kernel/ipc/*.c kernel/fs/*.c kernel/fs/*/*.c drivers/*.c)
KOBJS := $(patsubst %,$(B)/k/%.o,$(KSRCS))

$(B)/k/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c $< -o $@
$(B)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -march=rv64imafdc_zicsr_zifencei -D__ASSEMBLY__ -c $< -o $@

# Two links: the first gives the addresses for the symbol table (for
# symbolized panic backtraces), the second links that table in after .data.
LIBGCC = $$($(CC) -march=rv64imac -mabi=lp64 -print-libgcc-file-name)
KLINK = $(LD) -T arch/riscv/kernel.ld -z noexecstack
$(B)/ksyms0.S:
	@mkdir -p $(B) && printf '\t.section .ksyms,"a"\n\t.balign 8\n\t.globl ksym_count, ksym_addrs, ksym_offs, ksym_names\nksym_count: .dword 0\nksym_addrs:\nksym_offs:\nksym_names:\n' > $@
$(B)/%.S.o: $(B)/%.S
	$(CC) $(KCFLAGS) -c $< -o $@
$(B)/cleave.pass1.elf: $(KOBJS) $(B)/ksyms0.S.o arch/riscv/kernel.ld
	$(KLINK) -o $@ $(KOBJS) $(B)/ksyms0.S.o $(LIBGCC)
$(B)/ksyms.S: $(B)/cleave.pass1.elf scripts/mksyms
	$(CROSS)nm -n $< | scripts/mksyms > $@
$(B)/cleave.elf: $(B)/cleave.pass1.elf $(B)/ksyms.S.o
	$(KLINK) -o $@ $(KOBJS) $(B)/ksyms.S.o $(LIBGCC)
	@cmp -s <($(CROSS)nm -n $< | grep ' [tT] ') <($(CROSS)nm -n $@ | grep ' [tT] ') || \
		{ echo "ksyms: text moved between links"; exit 1; }
$(B)/Image: $(B)/cleave.elf
	$(OBJCOPY) -O binary $< $@
	@echo "  Image: $$(stat -c %s $@) bytes"

# ---- user programs (cleave libc) -----------------------------------------
UCFLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany -static -nostdlib -ffreestanding \
	-fno-builtin -fno-stack-protector -fno-pie -no-pie -O2 -g -Wall -Werror \
	-Iuser/libc/include -Iinclude -MMD -MP
ULIBSRCS := $(filter-out user/libc/crt0.S,$(wildcard user/libc/*.c user/libc/*.S))
ULIBOBJS := $(patsubst %,$(B)/u/%.o,$(ULIBSRCS))
UPROGS   := $(patsubst user/%.c,$(B)/fsroot/bin/%,$(wildcard user/*.c)) \
	    $(patsubst user/tests/%.c,$(B)/fsroot/bin/%,$(wildcard user/tests/*.c))

$(B)/u/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c $< -o $@
$(B)/u/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c $< -o $@
$(B)/u/libc.a: $(ULIBOBJS)
	rm -f $@ && $(CROSS)ar rcs $@ $^
$(B)/fsroot/bin/%: $(B)/u/user/%.c.o $(B)/u/libc.a $(B)/u/user/libc/crt0.S.o user/user.ld
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -T user/user.ld -o $@ $(B)/u/user/libc/crt0.S.o $< $(B)/u/libc.a -lgcc
$(B)/fsroot/bin/%: $(B)/u/user/tests/%.c.o $(B)/u/libc.a $(B)/u/user/libc/crt0.S.o user/user.ld
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -T user/user.ld -o $@ $(B)/u/user/libc/crt0.S.o $< $(B)/u/libc.a -lgcc

# The shell: every user/sh/*.c linked into one /bin/sh.
SH_OBJS := $(patsubst %.c,$(B)/u/%.c.o,$(wildcard user/sh/*.c))
UPROGS += $(B)/fsroot/bin/sh
$(B)/fsroot/bin/sh: $(SH_OBJS) $(B)/u/libc.a $(B)/u/user/libc/crt0.S.o user/user.ld
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -T user/user.ld -o $@ $(B)/u/user/libc/crt0.S.o $(SH_OBJS) $(B)/u/libc.a -lgcc

# The torture program: every user/torture/*.c linked into one /bin/torture.
TORTURE_OBJS := $(patsubst %.c,$(B)/u/%.c.o,$(wildcard user/torture/*.c))
ifneq ($(TORTURE_OBJS),)
UPROGS += $(B)/fsroot/bin/torture
endif
$(B)/fsroot/bin/torture: $(TORTURE_OBJS) $(B)/u/libc.a $(B)/u/user/libc/crt0.S.o user/user.ld
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -T user/user.ld -o $@ $(B)/u/user/libc/crt0.S.o $(TORTURE_OBJS) $(B)/u/libc.a -lgcc

# static glibc programs used by the tests (tests/glibc/*.c)
GLIBC_PROGS := $(patsubst tests/glibc/%.c,$(B)/glibc/%,$(wildcard tests/glibc/*.c))
$(B)/glibc/%: tests/glibc/%.c
	@mkdir -p $(dir $@)
	$(GLIBC_CC) -static -O2 -Wall -o $@ $< -lpthread

# dynamically linked glibc programs (tests/glibc-dyn/: plain gcc, no
# -static) and the plug-in one of them dlopen()s
GLIBC_DYN := $(B)/glibc-dyn/dynhello $(B)/glibc-dyn/libplug.so
$(B)/glibc-dyn/dynhello: tests/glibc-dyn/dynhello.c
	@mkdir -p $(dir $@)
	$(GLIBC_CC) -O2 -Wall -o $@ $< -ldl
$(B)/glibc-dyn/libplug.so: tests/glibc-dyn/plug.c
	@mkdir -p $(dir $@)
	$(GLIBC_CC) -O2 -Wall -shared -fPIC -o $@ $<

# Debian's riscv64 glibc (libc6-riscv64-cross) in the image's /lib, so
# dynamically linked programs run: ld.so and the usual libraries.
GLIBC_LIBDIR ?= /usr/riscv64-linux-gnu/lib
GLIBC_SOS := ld-linux-riscv64-lp64d.so.1 libc.so.6 libm.so.6 libpthread.so.0 libdl.so.2 \
	     librt.so.1 libresolv.so.2 libutil.so.1 libgcc_s.so.1
FSLIBS := $(patsubst %,$(B)/fsroot/lib/%,$(GLIBC_SOS))
$(B)/fsroot/lib/%: $(GLIBC_LIBDIR)/%
	@mkdir -p $(dir $@)
	cp -L $< $@

# Unmodified third-party programs for /opt/bin (busybox from Debian's
# source package, esbuild from the npm registry), fetched and built once
# into build/thirdparty/ (scripts/thirdparty says what it could not get).
$(B)/thirdparty.stamp: scripts/thirdparty
	@mkdir -p $(B)
	@scripts/thirdparty $(B) || echo "thirdparty: incomplete (see $(B)/thirdparty/*.log)"
	@touch $@

# ---- file system image ---------------------------------------------------
$(B)/mkfs/mkfs: mkfs/mkfs.c kernel/include/fs_format.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -Wall -Werror -Ikernel/include -o $@ mkfs/mkfs.c
$(B)/mkfs/fsck: mkfs/fsck.c kernel/include/fs_format.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -Wall -Werror -Ikernel/include -o $@ mkfs/fsck.c

FSFILES := $(shell find user/rootfs -type f 2>/dev/null)
# EXTRA=dir: what it names (its path, and its files' names, sizes and
# times) goes into a stamp that is rewritten only when that changes, so the
# image is rebuilt whenever EXTRA is added, dropped or edited, and only then.
$(B)/extra.stamp: FORCE
	@mkdir -p $(B)
	@{ echo "EXTRA=$(EXTRA)"; [ -z "$(EXTRA)" ] || find "$(EXTRA)" -printf '%P %s %T@\n' | sort; } \
		> $@.tmp && { cmp -s $@.tmp $@ && rm -f $@.tmp || mv -f $@.tmp $@; }
# The image is made from build/fsroot, or with EXTRA from a copy of it with
# EXTRA laid over (build/fsroot itself stays as the tests expect it).
$(B)/fs.img: $(UPROGS) $(FSLIBS) $(B)/mkfs/mkfs $(B)/mkfs/fsck $(FSFILES) $(B)/extra.stamp \
		$(B)/thirdparty.stamp
	@mkdir -p $(B)/fsroot
	@[ -d user/rootfs ] && cp -r user/rootfs/. $(B)/fsroot/ || true
	@[ -d $(B)/thirdparty/root ] && cp -a $(B)/thirdparty/root/. $(B)/fsroot/ || true
	@rm -rf $(B)/fsroot-extra
	@if [ -n "$(EXTRA)" ]; then cp -r $(B)/fsroot $(B)/fsroot-extra && cp -r "$(EXTRA)"/. $(B)/fsroot-extra/; fi
	$(B)/mkfs/mkfs $@ 128 $(if $(EXTRA),$(B)/fsroot-extra,$(B)/fsroot)
	$(B)/mkfs/fsck $@
fs.img: $(B)/fs.img

.PHONY: all deps qemu qemu-gdb test bench clean kernel user fs.img torture difftest board fuzz FORCE
FORCE:
all: deps $(B)/Image $(B)/fs.img $(GLIBC_PROGS) $(GLIBC_DYN)
kernel: $(B)/Image
user: $(UPROGS)

deps:
	@scripts/deps.sh

# ROOT=initramfs boots with no disk: the image's tree as a cpio initramfs.
ROOT ?= disk
QEMUOPTS = -M virt -bios default -m $(MEM) -smp $(SMP) -nographic -kernel $(B)/Image
ifeq ($(ROOT),initramfs)
QEMUOPTS += -initrd $(B)/initramfs.cpio
else
QEMUOPTS += -drive file=$(B)/fs.img,if=none,format=raw,id=x0 \
	-device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 \
	-global virtio-mmio.force-legacy=false
endif

# The same tree as fs.img, as a newc cpio (built after fs.img staged it).
$(B)/initramfs.cpio: $(B)/fs.img scripts/mkcpio
	scripts/mkcpio $(B)/fsroot $@

# make board: the VisionFive 2 SD-card image and TFTP files (build/board/).
board: all
	@scripts/mkboard $(B)

qemu: all $(if $(filter initramfs,$(ROOT)),$(B)/initramfs.cpio)
	$(QEMU) $(QEMUOPTS)

qemu-gdb: all
	@echo "*** now run 'gdb-multiarch -x .gdbinit' in this directory (in another terminal)"
	$(QEMU) $(QEMUOPTS) -S -gdb tcp::26000

test: all
	@tests/run-all

# torture: every scenario for a bounded time on -smp 4 (TORTURE_SECONDS).
TORTURE_SECONDS ?= 120
torture: all
	@scripts/run-guest --smp 4 --timeout $$(( $(TORTURE_SECONDS) + 120 )) -- /bin/torture -t $(TORTURE_SECONDS) all

# fuzz: the syscall fuzzer for FUZZ_SECONDS on -smp 4, then on -smp 1.
FUZZ_SECONDS ?= 600
FUZZ_SEED ?= $(shell date +%s)
fuzz: all
	@for smp in 4 1; do \
		echo "fuzz: -smp $$smp, seed $(FUZZ_SEED), $(FUZZ_SECONDS) s"; \
		scripts/run-guest --smp $$smp --timeout $$(( $(FUZZ_SECONDS) * 3 + 300 )) -- \
			/bin/fuzz -s $(FUZZ_SEED) -t $(FUZZ_SECONDS) | grep -v ' killed: ' || exit 1; \
	done

# difftest: the portable tests natively on the host's Linux and inside cleave.
difftest: all
	@tests/difftest/run

# ---- benchmark (make bench) ----------------------------------------------
# forkbench.c and its exec targets live in ../shared/bench (beside the repo),
# built with static glibc; tests/bench/forkbench_rows.c re-runs chosen rows
# when a full run did not finish. tests/run-bench runs them under -icount.
BENCH_SRC  := $(CURDIR)/../shared/bench
BENCH_BINS := $(B)/bench/forkbench $(B)/bench/forkbench_rows \
	      $(B)/bench/exit0_glibc $(B)/bench/exit0_nolibc
$(B)/bench/forkbench: $(BENCH_SRC)/forkbench.c
	@mkdir -p $(dir $@)
	$(GLIBC_CC) -static -O2 -o $@ $< -lpthread
$(B)/bench/forkbench_rows: tests/bench/forkbench_rows.c $(BENCH_SRC)/forkbench.c
	@mkdir -p $(dir $@)
	$(GLIBC_CC) -static -O2 -I$(BENCH_SRC) -o $@ $< -lpthread
$(B)/bench/exit0_glibc: $(BENCH_SRC)/exit0_glibc.c
	@mkdir -p $(dir $@)
	$(GLIBC_CC) -static -O2 -o $@ $<
$(B)/bench/exit0_nolibc: $(BENCH_SRC)/exit0_nolibc.S
	@mkdir -p $(dir $@)
	$(GLIBC_CC) -static -nostdlib -o $@ $<

bench: all
	@for f in forkbench.c exit0_glibc.c exit0_nolibc.S; do \
		[ -f "$(BENCH_SRC)/$$f" ] || { echo "bench: $(BENCH_SRC)/$$f missing:" \
			"the benchmark sources must be in shared/bench beside this repository" >&2; exit 1; }; \
	done
	@$(MAKE) --no-print-directory $(BENCH_BINS)
	@tests/run-bench

clean:
	rm -rf $(B)

# Keep objects that pattern chains build: no rebuilds, no 'rm' noise after
# the test summary.
.SECONDARY:

-include $(shell find $(B)/k $(B)/u -name '*.d' -type f 2>/dev/null)
