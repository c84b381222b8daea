/* Trap entry and exit.
 * Invariant: sscratch holds the current task pointer while the hart runs
 * user code and 0 while it runs kernel code; tp always holds the current
 * task in kernel mode. So the first instruction tells the two cases apart. */
#include <asm/csr.h>
#include <asm/ptrace.h>
#include <asm/processor.h>
#include <syscalls.h>

#define SAVE(r, off) sd r, off(sp)
#define LOAD(r, off) ld r, off(sp)

	.text
	.align 2
	.globl handle_exception
handle_exception:
	csrrw	tp, sscratch, tp
	bnez	tp, .Lfrom_user
	/* From the kernel: sscratch was 0; put our tp back. */
	csrr	tp, sscratch
	sd	sp, THREAD_SCRATCH_SP(tp)
	j	.Lsave
.Lfrom_user:
	sd	sp, THREAD_SCRATCH_SP(tp)
	ld	sp, THREAD_KERNEL_SP(tp)
.Lsave:
	addi	sp, sp, -PT_SIZE
	SAVE(x1, 8)
	SAVE(x3, 24)
	SAVE(x5, 40)
	SAVE(x6, 48)
	SAVE(x7, 56)
	SAVE(x8, 64)
	SAVE(x9, 72)
	SAVE(x10, 80)
	SAVE(x11, 88)
	SAVE(x12, 96)
	SAVE(x13, 104)
	SAVE(x14, 112)
	SAVE(x15, 120)
	SAVE(x16, 128)
	SAVE(x17, 136)
	SAVE(x18, 144)
	SAVE(x19, 152)
	SAVE(x20, 160)
	SAVE(x21, 168)
	SAVE(x22, 176)
	SAVE(x23, 184)
	SAVE(x24, 192)
	SAVE(x25, 200)
	SAVE(x26, 208)
	SAVE(x27, 216)
	SAVE(x28, 224)
	SAVE(x29, 232)
	SAVE(x30, 240)
	SAVE(x31, 248)
	ld	t0, THREAD_SCRATCH_SP(tp)
	SAVE(t0, PT_SP)
	/* Clear SUM so the kernel never touches user memory by accident;
	 * uaccess sets it around each access. */
	li	t0, SSTATUS_SUM
	csrrc	t1, sstatus, t0
	csrrw	t2, sscratch, zero	/* the interrupted tp; now in kernel */
	csrr	t3, sepc
	csrr	t5, scause
	SAVE(t1, PT_STATUS)
	SAVE(t2, PT_TP)
	SAVE(t5, PT_CAUSE)
	SAVE(a0, PT_ORIG_A0)
	/* A system call from user mode, the common trap, goes straight to
	 * its handler: a0-a5 still hold the arguments, a7 the number.
	 * (PT_BADADDR is left alone: stval means nothing for an ecall.) */
	li	t6, EXC_ECALL_U
	bne	t5, t6, 1f
	addi	t3, t3, 4		/* return past the ecall */
	SAVE(t3, PT_EPC)
	csrs	sstatus, SSTATUS_SIE
	li	t0, NR_SYSCALLS
	bgeu	a7, t0, 2f
	la	t0, syscall_table
	slli	t1, a7, 3
	add	t0, t0, t1
	ld	t0, 0(t0)
	beqz	t0, 2f
	jalr	t0
3:	SAVE(a0, PT_A0)
	/* -ERESTARTSYS .. -ERESTART_RESTARTBLOCK (-512 .. -516) */
	addi	t0, a0, 516
	li	t1, 4
	bleu	t0, t1, 4f
	csrc	sstatus, SSTATUS_SIE
	/* A system call returns to user mode: straight on. Back to user:
	 * work first (signals, resched), then arm sscratch.
	 * prepare_return_to_user returns with interrupts off. The next trap
	 * from user mode builds its frame below thread.kernel_sp again: the
	 * top of this task's stack, set at its creation, the frame we are
	 * leaving through. */
.Lto_user:
	mv	a0, sp
	call	prepare_return_to_user
	LOAD(t0, PT_STATUS)
	csrw	sscratch, tp
.Lrestore:
	csrw	sstatus, t0
	LOAD(t1, PT_EPC)
	csrw	sepc, t1
	LOAD(x1, 8)
	LOAD(x3, 24)
	LOAD(x4, 32)
	LOAD(x5, 40)
	LOAD(x6, 48)
	LOAD(x7, 56)
	LOAD(x8, 64)
	LOAD(x9, 72)
	LOAD(x10, 80)
	LOAD(x11, 88)
	LOAD(x12, 96)
	LOAD(x13, 104)
	LOAD(x14, 112)
	LOAD(x15, 120)
	LOAD(x16, 128)
	LOAD(x17, 136)
	LOAD(x18, 144)
	LOAD(x19, 152)
	LOAD(x20, 160)
	LOAD(x21, 168)
	LOAD(x22, 176)
	LOAD(x23, 184)
	LOAD(x24, 192)
	LOAD(x25, 200)
	LOAD(x26, 208)
	LOAD(x27, 216)
	LOAD(x28, 224)
	LOAD(x29, 232)
	LOAD(x30, 240)
	LOAD(x31, 248)
	LOAD(x2, PT_SP)
	sret

4:	call	syscall_restart_mark
	j	ret_to_user_or_kernel
2:	mv	a0, a7
	call	unknown_syscall
	j	3b
1:	/* Not a system call. */
	csrr	t4, stval
	SAVE(t3, PT_EPC)
	SAVE(t4, PT_BADADDR)
	mv	a0, sp
	call	do_trap

	.globl ret_to_user_or_kernel
ret_to_user_or_kernel:
	/* sp points at the pt_regs to return through; interrupts off. */
	csrc	sstatus, SSTATUS_SIE
	LOAD(t0, PT_STATUS)
	andi	t1, t0, SSTATUS_SPP
	bnez	t1, .Lrestore
	j	.Lto_user

/* A new task's first schedule lands here (thread.ra). s0 = fn for a kernel
 * thread (0 for a user task), s1 = its argument. a0 = the previous task:
 * finish_task_switch drops the run-queue lock it inherited. */
	.globl ret_from_fork
ret_from_fork:
	call	schedule_tail
	beqz	s0, 1f
	mv	a0, s1
	jalr	s0
	/* kernel_thread's fn returned: it has become a user task (init
	 * after execve) and its pt_regs are at the top of the stack. */
1:	ld	sp, THREAD_KERNEL_SP(tp)
	addi	sp, sp, -PT_SIZE
	j	ret_to_user_or_kernel

/* Used until trap_init installs handle_exception. */
	.globl trap_bad_early
	.align 2
trap_bad_early:
	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	call	early_trap_panic
1:	wfi
	j	1b
