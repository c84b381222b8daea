/* Minimal S-mode "kernel" for the harness self-test: prints the guest
 * contract's markers through the SBI console and powers off via SBI SRST.
 * Build: riscv64-unknown-elf-gcc -nostdlib -Ttext=0x80200000 -o stub.elf stub-kernel.S
 *        riscv64-unknown-elf-objcopy -O binary stub.elf stub.bin            */
    .section .text
    .globl _start
_start:
    la      s0, msg
1:  lbu     a0, 0(s0)
    beqz    a0, 2f
    li      a7, 1              /* legacy sbi_console_putchar */
    ecall
    addi    s0, s0, 1
    j       1b
2:  li      a7, 0x53525354     /* SRST extension */
    li      a6, 0              /* system_reset */
    li      a0, 0              /* shutdown */
    li      a1, 0
    ecall
3:  wfi
    j       3b
    .section .rodata
msg:
    .asciz  "stub: boot\r\ncleave-run: start\r\nok stub-kernel\r\ncleave-run: exit 0\r\n"
