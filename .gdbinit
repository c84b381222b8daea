# For `make qemu-gdb`; run `gdb-multiarch -x .gdbinit` in the repo root
# (gdb won't auto-load a local .gdbinit unless its safe-path allows it).
set architecture riscv:rv64
file build/cleave.elf
target remote localhost:26000
